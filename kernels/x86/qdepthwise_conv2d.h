// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Quantized DEPTHWISE_CONV_2D (UINT8 per tensor or INT8 per channel, NHWC,
// depth multiplier 1) for AVX2, with TFLite's integer arithmetic, so its
// outputs are TFLite's bit for bit:
//
//   acc[c] = bias[c] + sum over taps of (x[c] - x_zero) * (w[c] - w_zero)
//
// then TFLite's requantization (or ruy's, as QuantizedGemmOutput says).
// Sixteen channels at a time, two taps at a time: the inputs of both taps,
// widened to int16, are interleaved so that one vpmaddwd multiplies and
// adds both. The input zero point leaves the sum as a constant,
// x_zero * sum over taps of (w[c] - w_zero), taken from the bias once at
// Create. Taps that fall outside the input read a pixel of zero points,
// which adds exactly what the constant takes away: nothing, as TFLite's
// padding does.
#ifndef LITEN_KERNELS_X86_QDEPTHWISE_CONV2D_H_
#define LITEN_KERNELS_X86_QDEPTHWISE_CONV2D_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/kernel_util.h"
#include "kernels/x86/qgemm.h"
#include "kernels/x86/slices.h"
#include "pthreadpool.h"

namespace liten {

struct QuantizedDepthwiseShape {
  int32_t input_height = 0;
  int32_t input_width = 0;
  int32_t channels = 0;
  int32_t filter_height = 0;
  int32_t filter_width = 0;
  bool input_signed = false;  // INT8 input and filter rather than UINT8.
  int32_t input_zero_point = 0;
};

// What the kernel of one output pixel reads, besides its taps.
struct QuantizedDepthwiseLayout {
  // Per block of 16 channels (the last one maybe partial), block_bytes
  // apart: the bias (input zero point folded in), the interleaved weight
  // pairs and the requantization (Requantization8) of each half, in the
  // lane order the kernel accumulates in.
  const uint8_t* packed = nullptr;
  size_t block_bytes = 0;
  size_t channels = 0;
  int32_t output_min = 0;
  int32_t output_max = 0;
};
// Writes every channel of one output pixel, or of two side by side (the
// second's taps `step` bytes after the first's); tap t of the first reads
// the pixel at taps[t].
using QuantizedDepthwisePixelKernel =
    void (*)(const uint8_t* const* taps, size_t num_taps, size_t step,
             const QuantizedDepthwiseLayout& layout, uint8_t* output);

class QuantizedDepthwiseConv2DAvx2 {
 public:
  // Packs `filter` [1, filter_height, filter_width, channels] of 8-bit
  // values minus `filter_zero_point`, the int32 `bias` (may be null) and
  // `output` (one multiplier per channel, or one for all). Null when the CPU
  // lacks AVX2, the filter has more than 64 taps or memory runs out.
  static std::unique_ptr<QuantizedDepthwiseConv2DAvx2> Create(
      const Conv2DWindow& window, const QuantizedDepthwiseShape& shape,
      const void* filter, int32_t filter_zero_point, const int32_t* bias,
      const QuantizedGemmOutput& output, int num_threads);

  size_t packed_bytes() const { return packed_bytes_; }

  // Whether Run of `batch` images would use a thread pool: pass Run one only
  // then.
  bool SharesWork(int32_t batch) const {
    return liten::SharesWork(MultiplyAdds(batch));
  }

  // Runs `batch` images from `input` to `output` (NHWC, shapes as at
  // Create) on `threadpool` when it is not null.
  void Run(int32_t batch, const void* input, void* output,
           pthreadpool_t threadpool) const;

 private:
  QuantizedDepthwiseConv2DAvx2() = default;

  size_t MultiplyAdds(int32_t batch) const;
  // Output rows [row_begin, row_end), counted over batch and height.
  void RunRows(const uint8_t* input, uint8_t* output, size_t row_begin,
               size_t row_end) const;

  Conv2DWindow window_;
  QuantizedDepthwiseShape shape_;
  int num_threads_ = 1;
  size_t packed_bytes_ = 0;
  std::unique_ptr<uint8_t, FreeDeleter> packed_;
  QuantizedDepthwiseLayout layout_;
  QuantizedDepthwisePixelKernel pixel_kernel_ = nullptr;
  QuantizedDepthwisePixelKernel pixel_pair_kernel_ = nullptr;
  // Offsets of the taps from the window's first pixel, in bytes, for
  // windows inside the input.
  std::vector<size_t> tap_offsets_;
  // A pixel of input zero points, where taps outside the input read.
  std::vector<uint8_t> zero_pixel_;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_QDEPTHWISE_CONV2D_H_
