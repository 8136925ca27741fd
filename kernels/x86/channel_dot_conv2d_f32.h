// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CONV_2D with one or two output channels (a segmentation head's last
// layer) for AVX2 + FMA3. A GEMM would fill at most 2 of its 8 or 16 output
// lanes here, so this kernel vectorizes over the input channels instead:
// each output is a dot product of its window with the filter, summed in 8
// lanes tap by tap, then across the lanes, plus the bias. Windows are
// walked as in kernels/x86/window_tiles.h, four pixels at a time inside the
// input. Results do not depend on the number of threads.
#ifndef LITEN_KERNELS_X86_CHANNEL_DOT_CONV2D_F32_H_
#define LITEN_KERNELS_X86_CHANNEL_DOT_CONV2D_F32_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/kernel_util.h"
#include "kernels/x86/gemm_f32.h"

namespace liten {

class ChannelDotConv2DF32 {
 public:
  // Whether this kernel takes a convolution with these channel counts.
  static bool Takes(int32_t input_channels, int32_t output_channels) {
    return output_channels <= 2 && input_channels % 8 == 0;
  }

  // Copies `filter` [output_channels, filter_height, filter_width,
  // input_channels] and `bias` (may be null). Null when the copy cannot be
  // allocated. The caller has checked CpuHasAvx2Fma3() and Takes().
  static std::unique_ptr<ChannelDotConv2DF32> Create(
      const Conv2DWindow& window, int32_t input_height, int32_t input_width,
      int32_t input_channels, int32_t filter_height, int32_t filter_width,
      int32_t output_channels, const float* filter, const float* bias);

  size_t packed_bytes() const { return weight_floats_ * sizeof(float); }

  // Output rows [row_begin, row_end), counted over batch and height, of
  // `output` (NHWC) from `input`.
  void RunRows(const float* input, float* output, size_t row_begin,
               size_t row_end) const;

 private:
  ChannelDotConv2DF32() = default;

  Conv2DWindow window_;
  int32_t input_height_ = 0;
  int32_t input_width_ = 0;
  int32_t input_channels_ = 0;
  int32_t filter_height_ = 0;
  int32_t filter_width_ = 0;
  int32_t output_channels_ = 0;
  float bias_[2] = {0.0f, 0.0f};
  size_t weight_floats_ = 0;
  std::unique_ptr<float, FreeDeleter> weights_;  // 32-byte aligned.
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_CHANNEL_DOT_CONV2D_F32_H_
