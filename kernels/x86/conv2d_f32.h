// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CONV_2D (float32, NHWC, one group) on liten's AVX2 kernels. Mostly on
// the GEMM: a 1x1 window with stride 1 and no padding reads the input's
// pixels in place as the rows of A; any other window gathers the pixels
// each output pixel sees, row by row of the filter, into a tile of
// kGemmTileRows rows of filter_height * filter_width * in_channels (im2col,
// one tile at a time), zeros where the window leaves the input. One or two
// output channels take ChannelDotConv2DF32 instead.
#ifndef LITEN_KERNELS_X86_CONV2D_F32_H_
#define LITEN_KERNELS_X86_CONV2D_F32_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/kernel_util.h"
#include "kernels/x86/channel_dot_conv2d_f32.h"
#include "kernels/x86/gemm_f32.h"
#include "pthreadpool.h"

namespace liten {

struct Conv2DF32Shape {
  int32_t input_height = 0;
  int32_t input_width = 0;
  int32_t input_channels = 0;
  int32_t filter_height = 0;
  int32_t filter_width = 0;
  int32_t output_channels = 0;
};

class Conv2DF32Avx2 {
 public:
  // Packs `filter` [output_channels, filter_height, filter_width,
  // input_channels] and `bias` (may be null). Null when the CPU lacks AVX2
  // or FMA3 or the packed copy cannot be allocated; the caller then takes
  // another path. `num_threads` sizes the scratch.
  static std::unique_ptr<Conv2DF32Avx2> Create(const Conv2DWindow& window,
                                               const Conv2DF32Shape& shape,
                                               const float* filter,
                                               const float* bias,
                                               int num_threads);

  // Scratch Run needs, for the gathered tiles; 0 when it reads in place.
  size_t scratch_bytes() const { return scratch_bytes_; }
  size_t packed_bytes() const {
    return channel_dot_ != nullptr ? channel_dot_->packed_bytes()
                                   : weights_->bytes();
  }

  // Runs `batch` images from `input` to `output` (NHWC, shapes as at
  // Create), on `threadpool` when it is not null. `scratch` holds
  // scratch_bytes(). Results do not depend on the number of threads.
  void Run(int32_t batch, const float* input, float* output, void* scratch,
           pthreadpool_t threadpool) const;

 private:
  Conv2DF32Avx2() = default;

  // Rows [row_begin, row_end) of the output (pixels in NHWC order), output
  // channels of panels [panel_begin, panel_end). `tile` is scratch for
  // kGemmTileRows gathered rows when the window needs them.
  void RunRows(const float* input, float* output, size_t row_begin,
               size_t row_end, size_t panel_begin, size_t panel_end,
               float* tile) const;
  // Gathers output rows [row, row + count) of A into `tile`.
  void GatherTile(const float* input, size_t row, size_t count,
                  float* tile) const;
  // Points starts[fy * kGemmTileRows + i] at filter row fy of the window of
  // output pixel row + i, for i < count. False when a window leaves the
  // input or its columns are dilated: the tile is gathered then.
  bool WindowStarts(const float* input, size_t row, size_t count,
                    const float** starts) const;
  // Scratch per slice: a gathered tile, then the window row pointers.
  size_t slice_scratch_bytes() const {
    return kGemmTileRows * patch_size_ * sizeof(float) +
           kGemmTileRows * shape_.filter_height * sizeof(const float*);
  }

  Conv2DWindow window_;
  Conv2DF32Shape shape_;
  bool reads_in_place_ = false;
  size_t patch_size_ = 0;  // K: filter_height * filter_width * channels.
  int num_threads_ = 1;
  size_t scratch_bytes_ = 0;
  // One of the two is set.
  std::unique_ptr<PackedGemmWeights> weights_;
  std::unique_ptr<ChannelDotConv2DF32> channel_dot_;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_CONV2D_F32_H_
