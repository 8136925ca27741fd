// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/conv2d_f32.h"

#include <algorithm>
#include <cstring>

#include "kernels/x86/avx2_util.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"

namespace liten {
std::unique_ptr<Conv2DF32Avx2> Conv2DF32Avx2::Create(
    const Conv2DWindow& window, const Conv2DF32Shape& shape,
    const float* filter, const float* bias, int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<Conv2DF32Avx2> conv(new Conv2DF32Avx2());
  conv->window_ = window;
  conv->shape_ = shape;
  conv->num_threads_ = std::max(num_threads, 1);
  if (ChannelDotConv2DF32::Takes(shape.input_channels, shape.output_channels)) {
    conv->channel_dot_ = ChannelDotConv2DF32::Create(
        window, shape.input_height, shape.input_width, shape.input_channels,
        shape.filter_height, shape.filter_width, shape.output_channels, filter,
        bias);
    if (conv->channel_dot_ == nullptr) return nullptr;
    return conv;
  }
  conv->patch_size_ = static_cast<size_t>(shape.filter_height) *
                      shape.filter_width * shape.input_channels;
  conv->reads_in_place_ = shape.filter_height == 1 && shape.filter_width == 1 &&
                          window.stride_h == 1 && window.stride_w == 1 &&
                          window.rows.padding_before == 0 &&
                          window.cols.padding_before == 0 &&
                          window.rows.output_size == shape.input_height &&
                          window.cols.output_size == shape.input_width;
  if (!conv->reads_in_place_) {
    conv->scratch_bytes_ =
        MaxSlices(conv->num_threads_) * conv->slice_scratch_bytes();
  }
  conv->weights_ = PackedGemmWeights::Pack(
      shape.output_channels, static_cast<int32_t>(conv->patch_size_), filter,
      bias);
  if (conv->weights_ == nullptr) return nullptr;
  return conv;
}

__attribute__((target("avx2"))) void Conv2DF32Avx2::GatherTile(
    const float* input, size_t row, size_t count, float* tile) const {
  const int64_t out_width = window_.cols.output_size;
  const int64_t out_height = window_.rows.output_size;
  const int64_t in_height = shape_.input_height;
  const int64_t in_width = shape_.input_width;
  const size_t channels = static_cast<size_t>(shape_.input_channels);
  const size_t row_floats = static_cast<size_t>(shape_.filter_width) * channels;
  const size_t image_floats =
      static_cast<size_t>(in_height * in_width) * channels;
  // Where the first pixel is; the others follow it along the rows.
  const size_t image_pixels = static_cast<size_t>(out_height * out_width);
  size_t image = row / image_pixels;
  int64_t out_y = static_cast<int64_t>(row % image_pixels) / out_width;
  int64_t out_x = static_cast<int64_t>(row % image_pixels) % out_width;
  for (size_t i = 0; i < count; ++i, tile += patch_size_) {
    const float* image_data = input + image * image_floats;
    const int64_t in_y0 =
        out_y * window_.stride_h - window_.rows.padding_before;
    const int64_t in_x0 =
        out_x * window_.stride_w - window_.cols.padding_before;
    // Inside the image, an undilated row of taps is one contiguous run.
    const bool row_inside = window_.dilation_w == 1 && in_x0 >= 0 &&
                            in_x0 + shape_.filter_width <= in_width;
    float* dest = tile;
    for (int32_t fy = 0; fy < shape_.filter_height; ++fy, dest += row_floats) {
      const int64_t in_y =
          in_y0 + static_cast<int64_t>(fy) * window_.dilation_h;
      if (in_y < 0 || in_y >= in_height) {
        ZeroFloats(dest, row_floats);
        continue;
      }
      const float* input_row =
          image_data + static_cast<size_t>(in_y * in_width) * channels;
      if (row_inside) {
        CopyFloats(dest, input_row + static_cast<size_t>(in_x0) * channels,
                   row_floats);
        continue;
      }
      for (int32_t fx = 0; fx < shape_.filter_width; ++fx) {
        const int64_t in_x =
            in_x0 + static_cast<int64_t>(fx) * window_.dilation_w;
        float* taps = dest + static_cast<size_t>(fx) * channels;
        if (in_x < 0 || in_x >= in_width) {
          ZeroFloats(taps, channels);
        } else {
          CopyFloats(taps, input_row + static_cast<size_t>(in_x) * channels,
                     channels);
        }
      }
    }
    if (++out_x == out_width) {
      out_x = 0;
      if (++out_y == out_height) {
        out_y = 0;
        ++image;
      }
    }
  }
}

bool Conv2DF32Avx2::WindowStarts(const float* input, size_t row, size_t count,
                                 const float** starts) const {
  if (window_.dilation_w != 1) return false;
  const int64_t out_width = window_.cols.output_size;
  const int64_t out_height = window_.rows.output_size;
  const int64_t in_height = shape_.input_height;
  const int64_t in_width = shape_.input_width;
  const size_t channels = static_cast<size_t>(shape_.input_channels);
  const size_t image_pixels = static_cast<size_t>(out_height * out_width);
  const int64_t last_row =
      static_cast<int64_t>(shape_.filter_height - 1) * window_.dilation_h;
  for (size_t i = 0; i < count; ++i) {
    const size_t pixel = row + i;
    const size_t image = pixel / image_pixels;
    const int64_t out_y =
        static_cast<int64_t>(pixel % image_pixels) / out_width;
    const int64_t out_x =
        static_cast<int64_t>(pixel % image_pixels) % out_width;
    const int64_t in_y0 =
        out_y * window_.stride_h - window_.rows.padding_before;
    const int64_t in_x0 =
        out_x * window_.stride_w - window_.cols.padding_before;
    if (in_y0 < 0 || in_y0 + last_row >= in_height || in_x0 < 0 ||
        in_x0 + shape_.filter_width > in_width) {
      return false;
    }
    const float* first =
        input + ((image * in_height + in_y0) * in_width + in_x0) * channels;
    const size_t row_stride =
        static_cast<size_t>(window_.dilation_h * in_width) * channels;
    for (int32_t fy = 0; fy < shape_.filter_height; ++fy) {
      starts[fy * kGemmTileRows + i] = first + fy * row_stride;
    }
  }
  return true;
}

void Conv2DF32Avx2::RunRows(const float* input, float* output, size_t row_begin,
                            size_t row_end, size_t panel_begin,
                            size_t panel_end, float* tile) const {
  const size_t n = static_cast<size_t>(shape_.output_channels);
  if (reads_in_place_) {
    const size_t k = patch_size_;
    weights_->Compute(row_end - row_begin, input + row_begin * k, k,
                      output + row_begin * n, n, panel_begin, panel_end,
                      window_.activation);
    return;
  }
  // The rows of a tile: one run per filter row read in place when every
  // window lies inside the input, else the gathered tile.
  const float** window_starts =
      reinterpret_cast<const float**>(tile + kGemmTileRows * patch_size_);
  const float* tile_starts[kGemmTileRows];
  for (size_t row = row_begin; row < row_end; row += kGemmTileRows) {
    const size_t count = std::min(kGemmTileRows, row_end - row);
    GemmTileRows rows;
    if (WindowStarts(input, row, count, window_starts)) {
      rows = {window_starts, static_cast<size_t>(shape_.filter_height),
              static_cast<size_t>(shape_.filter_width) * shape_.input_channels};
    } else {
      GatherTile(input, row, count, tile);
      for (size_t r = 0; r < count; ++r)
        tile_starts[r] = tile + r * patch_size_;
      rows = {tile_starts, 1, patch_size_};
    }
    weights_->ComputeTile(count, rows, output + row * n, n, panel_begin,
                          panel_end, window_.activation);
  }
}

void Conv2DF32Avx2::Run(int32_t batch, const float* input, float* output,
                        void* scratch, pthreadpool_t threadpool) const {
  const size_t slices = SliceCount(threadpool, num_threads_);
  if (channel_dot_ != nullptr) {
    const size_t rows = static_cast<size_t>(batch) * window_.rows.output_size;
    RunSlices(threadpool, slices, [&](size_t slice) {
      channel_dot_->RunRows(input, output, SliceBegin(rows, slices, slice),
                            SliceBegin(rows, slices, slice + 1));
    });
    return;
  }
  // Slices of output pixels (all channels), in whole tiles; or, when there
  // are too few tiles to go round, slices of the weight panels (all pixels).
  const size_t rows = static_cast<size_t>(batch) * window_.rows.output_size *
                      window_.cols.output_size;
  const size_t panels = weights_->num_panels();
  const size_t tiles = (rows + kGemmTileRows - 1) / kGemmTileRows;
  const bool split_rows = tiles >= 2 * slices || panels < slices;
  RunSlices(threadpool, slices, [&](size_t slice) {
    float* tile =
        scratch != nullptr
            ? reinterpret_cast<float*>(static_cast<uint8_t*>(scratch) +
                                       slice * slice_scratch_bytes())
            : nullptr;
    if (split_rows) {
      const size_t begin = SliceBegin(tiles, slices, slice) * kGemmTileRows;
      const size_t end =
          std::min(rows, SliceBegin(tiles, slices, slice + 1) * kGemmTileRows);
      if (begin < end) RunRows(input, output, begin, end, 0, panels, tile);
    } else {
      RunRows(input, output, 0, rows, SliceBegin(panels, slices, slice),
              SliceBegin(panels, slices, slice + 1), tile);
    }
  });
}

}  // namespace liten
