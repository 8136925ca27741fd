// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DEPTHWISE_CONV_2D (float32, NHWC, depth multiplier 1) for AVX2 + FMA3.
// Four neighbouring output pixels are computed together, 16 channels at a
// time, so that each filter tap is loaded once for four independent
// accumulator chains; pixels whose window leaves the input take the same
// code one at a time over the taps that fall inside. Each output is the
// bias plus its taps in filter order (row, then column), whatever the
// tiling or thread count.
#ifndef LITEN_KERNELS_X86_DEPTHWISE_CONV2D_F32_H_
#define LITEN_KERNELS_X86_DEPTHWISE_CONV2D_F32_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/kernel_util.h"
#include "kernels/x86/gemm_f32.h"
#include "pthreadpool.h"

namespace liten {

struct DepthwiseConv2DF32Shape {
  int32_t input_height = 0;
  int32_t input_width = 0;
  int32_t channels = 0;
  int32_t filter_height = 0;
  int32_t filter_width = 0;
};

class DepthwiseConv2DF32Avx2 {
 public:
  // Packs `filter` [1, filter_height, filter_width, channels] and `bias`
  // (may be null). Null when the CPU lacks AVX2 or FMA3 or the packed copy
  // cannot be allocated.
  static std::unique_ptr<DepthwiseConv2DF32Avx2> Create(
      const Conv2DWindow& window, const DepthwiseConv2DF32Shape& shape,
      const float* filter, const float* bias, int num_threads);

  size_t packed_bytes() const { return packed_floats_ * sizeof(float); }

  // Runs `batch` images from `input` to `output` (NHWC, shapes as at
  // Create), on `threadpool` when it is not null.
  void Run(int32_t batch, const float* input, float* output,
           pthreadpool_t threadpool) const;

 private:
  DepthwiseConv2DF32Avx2() = default;

  // Output rows [row_begin, row_end), counted over batch and height.
  void RunRows(const float* input, float* output, size_t row_begin,
               size_t row_end) const;

  Conv2DWindow window_;
  DepthwiseConv2DF32Shape shape_;
  int num_threads_ = 1;
  // Channels rounded up to a multiple of 8: the stride between taps in the
  // packed weights, which hold the bias, then each tap's channels.
  size_t padded_channels_ = 0;
  size_t packed_floats_ = 0;
  std::unique_ptr<float, FreeDeleter> packed_;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_DEPTHWISE_CONV2D_F32_H_
