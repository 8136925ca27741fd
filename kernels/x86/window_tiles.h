// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// How liten's direct (not GEMM-based) convolution kernels walk an output:
// row by row, in tiles of kWindowTilePixels neighbouring pixels whose
// windows lie inside the input, and one pixel at a time near the left and
// right edges, there over just the taps that fall inside. Rows always skip
// the filter rows that fall outside.
#ifndef LITEN_KERNELS_X86_WINDOW_TILES_H_
#define LITEN_KERNELS_X86_WINDOW_TILES_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_util.h"

namespace liten {

constexpr int32_t kWindowTilePixels = 4;

// The taps [first, end) of one filter axis that land inside the input.
struct TapRange {
  int32_t first = 0;
  int32_t end = 0;
  int32_t count() const { return end - first; }
};

// The taps of a `taps`-long filter axis, `dilation` apart, that land inside
// [0, size) when the window starts at `start`.
inline TapRange TapsInside(int64_t start, int32_t taps, int32_t dilation,
                           int64_t size) {
  TapRange range;
  if (start < 0) {
    range.first = static_cast<int32_t>(
        std::min<int64_t>(taps, (-start + dilation - 1) / dilation));
  }
  const int64_t last_inside = size - 1 - start;  // Largest tap * dilation.
  range.end = last_inside < 0 ? 0
                              : static_cast<int32_t>(std::min<int64_t>(
                                    taps, last_inside / dilation + 1));
  range.end = std::max(range.end, range.first);
  return range;
}

// One tile of output pixels as a direct kernel reads it. Strides are in
// floats.
struct DirectConvTile {
  const float* input;    // The first pixel's first tap inside the input.
  const float* weights;  // That tap's weights.
  float* output;         // The first pixel.
  int32_t pixels;        // kWindowTilePixels or 1.
  int32_t rows;          // Filter rows inside the input.
  int32_t cols;          // Filter columns inside the input, for every pixel.
  size_t pixel_stride;   // Input, between neighbouring pixels' windows.
  size_t tap_stride;     // Input, between taps of a filter row.
  size_t row_stride;     // Input, between filter rows.
  size_t weight_tap_stride;
  size_t weight_row_stride;
  size_t output_stride;  // Between neighbouring output pixels.
};

// The layout of one direct convolution: an NHWC input of `channels`, a
// filter whose taps (row-major) start `weight_tap_stride` floats apart, and
// an output of `output_channels`.
struct DirectConvLayout {
  int32_t input_height = 0;
  int32_t input_width = 0;
  size_t channels = 0;
  int32_t filter_height = 0;
  int32_t filter_width = 0;
  size_t weight_tap_stride = 0;
  size_t output_channels = 0;
};

// Calls tile(const DirectConvTile&) over output rows [row_begin, row_end),
// counted over batch and output height, of `window` laid over `input` with
// the filter at `weights` (its first tap), writing `output`.
template <typename TileFn>
void ForEachWindowTile(const Conv2DWindow& window,
                       const DirectConvLayout& layout, const float* input,
                       const float* weights, float* output, size_t row_begin,
                       size_t row_end, TileFn tile) {
  const int32_t out_height = window.rows.output_size;
  const int32_t out_width = window.cols.output_size;
  const int32_t in_height = layout.input_height;
  const int32_t in_width = layout.input_width;
  const size_t channels = layout.channels;
  // Output columns [inside_begin, inside_end) see every filter column.
  const int64_t span =
      static_cast<int64_t>(layout.filter_width - 1) * window.dilation_w;
  int32_t inside_begin = 0;
  while (inside_begin < out_width &&
         static_cast<int64_t>(inside_begin) * window.stride_w <
             window.cols.padding_before) {
    ++inside_begin;
  }
  int32_t inside_end = out_width;
  while (inside_end > inside_begin &&
         static_cast<int64_t>(inside_end - 1) * window.stride_w -
                 window.cols.padding_before + span >=
             in_width) {
    --inside_end;
  }

  DirectConvTile t;
  t.pixel_stride = static_cast<size_t>(window.stride_w) * channels;
  t.tap_stride = static_cast<size_t>(window.dilation_w) * channels;
  t.row_stride = static_cast<size_t>(window.dilation_h) * in_width * channels;
  t.weight_tap_stride = layout.weight_tap_stride;
  t.weight_row_stride = layout.filter_width * layout.weight_tap_stride;
  t.output_stride = layout.output_channels;
  for (size_t row = row_begin; row < row_end; ++row) {
    const size_t image = row / out_height;
    const int64_t out_y = static_cast<int64_t>(row % out_height);
    const int64_t in_y0 = out_y * window.stride_h - window.rows.padding_before;
    const TapRange rows =
        TapsInside(in_y0, layout.filter_height, window.dilation_h, in_height);
    t.rows = rows.count();
    const int64_t first_y =
        in_y0 + static_cast<int64_t>(rows.first) * window.dilation_h;
    const float* image_data =
        input + image * static_cast<size_t>(in_height) * in_width * channels;
    int32_t out_x = 0;
    while (out_x < out_width) {
      const int64_t in_x0 = static_cast<int64_t>(out_x) * window.stride_w -
                            window.cols.padding_before;
      const bool inside = out_x >= inside_begin && out_x < inside_end;
      const TapRange cols = inside ? TapRange{0, layout.filter_width}
                                   : TapsInside(in_x0, layout.filter_width,
                                                window.dilation_w, in_width);
      t.cols = cols.count();
      t.pixels = inside && out_x + kWindowTilePixels <= inside_end
                     ? kWindowTilePixels
                     : 1;
      const int64_t first_x =
          in_x0 + static_cast<int64_t>(cols.first) * window.dilation_w;
      // A tile with no tap inside reads nothing; its pointer stays put.
      t.input =
          image_data +
          (t.rows > 0 && t.cols > 0
               ? static_cast<size_t>(first_y * in_width + first_x) * channels
               : 0);
      t.weights =
          weights +
          (static_cast<size_t>(rows.first) * layout.filter_width + cols.first) *
              layout.weight_tap_stride;
      t.output = output + (row * out_width + out_x) * layout.output_channels;
      tile(t);
      out_x += t.pixels;
    }
  }
}

}  // namespace liten

#endif  // LITEN_KERNELS_X86_WINDOW_TILES_H_
