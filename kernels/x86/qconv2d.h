// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Quantized CONV_2D (UINT8 per tensor or INT8 per channel, NHWC, one group)
// on liten's 8-bit AVX2 GEMM (kernels/x86/qgemm.h). Each tile of output
// pixels gathers the pixels its windows see, widened to int16 minus the
// input zero point, with zeros where a window leaves the input (TFLite
// pads with the zero point, which contributes nothing). Outputs are
// TFLite's bit for bit.
#ifndef LITEN_KERNELS_X86_QCONV2D_H_
#define LITEN_KERNELS_X86_QCONV2D_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/kernel_util.h"
#include "kernels/x86/qgemm.h"
#include "kernels/x86/slices.h"
#include "pthreadpool.h"

namespace liten {

struct QuantizedConv2DShape {
  int32_t input_height = 0;
  int32_t input_width = 0;
  int32_t input_channels = 0;
  int32_t filter_height = 0;
  int32_t filter_width = 0;
  int32_t output_channels = 0;
  bool input_signed = false;  // INT8 input rather than UINT8.
  int32_t input_zero_point = 0;
};

class QuantizedConv2DAvx2 {
 public:
  // Packs `filter` [output_channels, filter_height, filter_width,
  // input_channels] of 8-bit values (signed when `filter_signed`) minus
  // `filter_zero_point`, the int32 `bias` (may be null) and `output`. Null
  // when the CPU lacks AVX2, the window is too deep for the GEMM or memory
  // runs out; the caller then takes another path.
  static std::unique_ptr<QuantizedConv2DAvx2> Create(
      const Conv2DWindow& window, const QuantizedConv2DShape& shape,
      const void* filter, bool filter_signed, int32_t filter_zero_point,
      const int32_t* bias, const QuantizedGemmOutput& output, int num_threads);

  size_t scratch_bytes() const { return scratch_bytes_; }
  size_t packed_bytes() const { return weights_->bytes(); }

  // Whether Run of `batch` images would use a thread pool: pass Run one only
  // then.
  bool SharesWork(int32_t batch) const {
    return liten::SharesWork(MultiplyAdds(batch));
  }

  // Runs `batch` images from `input` to `output` (NHWC, shapes as at
  // Create) on `threadpool` when it is not null, with `scratch` holding
  // scratch_bytes().
  void Run(int32_t batch, const void* input, void* output, void* scratch,
           pthreadpool_t threadpool) const;

 private:
  QuantizedConv2DAvx2() = default;

  size_t MultiplyAdds(int32_t batch) const;
  // Widens the windows of output pixels [row, row + count) of `input`
  // (which ends at `input_end`) into `tile`.
  void GatherTile(const uint8_t* input, const uint8_t* input_end, size_t row,
                  size_t count, int16_t* tile) const;
  // Output pixels [row_begin, row_end), channels of panels [panel_begin,
  // panel_end).
  void RunRows(const uint8_t* input, const uint8_t* input_end, uint8_t* output,
               size_t row_begin, size_t row_end, size_t panel_begin,
               size_t panel_end, int16_t* tile) const;

  Conv2DWindow window_;
  QuantizedConv2DShape shape_;
  int num_threads_ = 1;
  // A 1x1 filter, stride 1, no padding: each output pixel reads its own
  // input pixel.
  bool pointwise_ = false;
  size_t tile_values_ = 0;  // One thread's tile, slack included.
  size_t scratch_bytes_ = 0;
  std::unique_ptr<PackedQuantizedGemmWeights> weights_;
};

// QuantizedConv2DAvx2::Create for a node: `filter` (INT8 or UINT8) and
// `bias` (may be null) are its constant tensors, `quantization` what its
// Prepare computed, `shape` its geometry (the input's signedness and zero
// point are filled in from `quantization` and `input_type`). Requests the
// scratch the operator needs from `context`. Null as Create is.
std::unique_ptr<QuantizedConv2DAvx2> CreateQuantizedConv2DAvx2ForNode(
    NodeContext& context, const Conv2DWindow& window,
    QuantizedConv2DShape shape, DataType input_type, const Tensor& filter,
    const Tensor* bias, const ConvolutionQuantization& quantization,
    DataType output_type);

}  // namespace liten

#endif  // LITEN_KERNELS_X86_QCONV2D_H_
