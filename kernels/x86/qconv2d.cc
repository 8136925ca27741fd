// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/qconv2d.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/avx2_quantized.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"

namespace liten {
namespace {

// int16 values past its end that a tile's gather may overwrite.
constexpr size_t kTileSlack = 16;

// Widens `count` 8-bit values at `src` to int16 at `dest`, minus
// `zero_point`, sixteen at a time wherever sixteen bytes can be read before
// `src_end`: short runs (the three channels of a few pixels of an image)
// then cost one vector each, but up to kTileSlack - 1 values past
// dest + count are overwritten. A tile's gather writes forward, so what
// follows is written after; the tile ends in kTileSlack spare values.
__attribute__((target("avx2"), always_inline)) inline void WidenRun(
    const uint8_t* src, size_t count, const uint8_t* src_end, bool is_signed,
    int32_t zero_point, int16_t* dest) {
  const __m256i zero = _mm256_set1_epi16(static_cast<int16_t>(zero_point));
  for (size_t i = 0; i < count; i += 16) {
    if (src_end - (src + i) < 16) {
      WidenMinusZeroPoint(src + i, is_signed, zero_point, count - i, dest + i);
      return;
    }
    WidenSixteen(src + i, is_signed, zero, dest + i);
  }
}

}  // namespace

std::unique_ptr<QuantizedConv2DAvx2> QuantizedConv2DAvx2::Create(
    const Conv2DWindow& window, const QuantizedConv2DShape& shape,
    const void* filter, bool filter_signed, int32_t filter_zero_point,
    const int32_t* bias, const QuantizedGemmOutput& output, int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<QuantizedConv2DAvx2> conv(new QuantizedConv2DAvx2());
  conv->window_ = window;
  conv->shape_ = shape;
  conv->num_threads_ = std::max(num_threads, 1);
  const int64_t depth = static_cast<int64_t>(shape.filter_height) *
                        shape.filter_width * shape.input_channels;
  if (depth > static_cast<int64_t>(kMaxQuantizedGemmDepth)) return nullptr;
  conv->weights_ = PackedQuantizedGemmWeights::Pack(
      shape.output_channels, static_cast<int32_t>(depth), filter, filter_signed,
      filter_zero_point, bias, output);
  if (conv->weights_ == nullptr) return nullptr;
  conv->pointwise_ = shape.filter_height == 1 && shape.filter_width == 1 &&
                     window.stride_h == 1 && window.stride_w == 1 &&
                     window.rows.padding_before == 0 &&
                     window.cols.padding_before == 0 &&
                     window.rows.output_size == shape.input_height &&
                     window.cols.output_size == shape.input_width;
  conv->tile_values_ =
      kQuantizedGemmTileRows * conv->weights_->padded_k() + kTileSlack;
  conv->scratch_bytes_ =
      MaxSlices(conv->num_threads_) * conv->tile_values_ * sizeof(int16_t);
  return conv;
}

// Compiled for AVX2 so that WidenRun inlines into it.
__attribute__((target("avx2"))) void QuantizedConv2DAvx2::GatherTile(
    const uint8_t* input, const uint8_t* input_end, size_t row, size_t count,
    int16_t* tile) const {
  const size_t channels = static_cast<size_t>(shape_.input_channels);
  const size_t padded = weights_->padded_k();
  if (pointwise_) {
    // Output pixel i reads input pixel i alone: the tile is a run of the
    // input, padded per row when the channels are odd.
    const uint8_t* pixels = input + row * channels;
    if (padded == channels) {
      WidenMinusZeroPoint(pixels, shape_.input_signed, shape_.input_zero_point,
                          count * channels, tile);
      return;
    }
    for (size_t i = 0; i < count; ++i, tile += padded) {
      WidenMinusZeroPoint(pixels + i * channels, shape_.input_signed,
                          shape_.input_zero_point, channels, tile);
      tile[channels] = 0;
    }
    return;
  }
  const int64_t out_width = window_.cols.output_size;
  const int64_t out_height = window_.rows.output_size;
  const int64_t in_height = shape_.input_height;
  const int64_t in_width = shape_.input_width;
  const size_t row_values = static_cast<size_t>(shape_.filter_width) * channels;
  const size_t depth = static_cast<size_t>(shape_.filter_height) * row_values;
  const size_t image_pixels = static_cast<size_t>(out_height * out_width);
  const int64_t window_height =
      int64_t{shape_.filter_height - 1} * window_.dilation_h + 1;
  const size_t filter_row_stride =
      static_cast<size_t>(window_.dilation_h) * in_width * channels;
  // The first pixel's coordinates; the rest step along from it.
  size_t image = row / image_pixels;
  int64_t out_y = static_cast<int64_t>(row % image_pixels) / out_width;
  int64_t out_x = static_cast<int64_t>(row % image_pixels) % out_width;
  const auto next_pixel = [&] {
    if (++out_x == out_width) {
      out_x = 0;
      if (++out_y == out_height) {
        out_y = 0;
        ++image;
      }
    }
  };
  for (size_t i = 0; i < count; ++i, tile += padded) {
    const int64_t in_y0 =
        out_y * window_.stride_h - window_.rows.padding_before;
    const int64_t in_x0 =
        out_x * window_.stride_w - window_.cols.padding_before;
    const uint8_t* image_data =
        input + image * static_cast<size_t>(in_height * in_width) * channels;
    const bool row_inside = window_.dilation_w == 1 && in_x0 >= 0 &&
                            in_x0 + shape_.filter_width <= in_width;
    if (row_inside && in_y0 >= 0 && in_y0 + window_height <= in_height) {
      // The whole window is inside: one run per filter row, no checks.
      const uint8_t* source =
          image_data + static_cast<size_t>(in_y0 * in_width + in_x0) * channels;
      int16_t* dest = tile;
      for (int32_t fy = 0; fy < shape_.filter_height;
           ++fy, source += filter_row_stride, dest += row_values) {
        WidenRun(source, row_values, input_end, shape_.input_signed,
                 shape_.input_zero_point, dest);
      }
      if (depth < padded) tile[depth] = 0;
      next_pixel();
      continue;
    }
    int16_t* dest = tile;
    for (int32_t fy = 0; fy < shape_.filter_height; ++fy, dest += row_values) {
      const int64_t in_y =
          in_y0 + static_cast<int64_t>(fy) * window_.dilation_h;
      if (in_y < 0 || in_y >= in_height) {
        std::fill(dest, dest + row_values, int16_t{0});
        continue;
      }
      const uint8_t* input_row =
          image_data + static_cast<size_t>(in_y * in_width) * channels;
      if (row_inside) {
        WidenRun(input_row + static_cast<size_t>(in_x0) * channels, row_values,
                 input_end, shape_.input_signed, shape_.input_zero_point, dest);
        continue;
      }
      for (int32_t fx = 0; fx < shape_.filter_width; ++fx) {
        const int64_t in_x =
            in_x0 + static_cast<int64_t>(fx) * window_.dilation_w;
        int16_t* taps = dest + static_cast<size_t>(fx) * channels;
        if (in_x < 0 || in_x >= in_width) {
          std::fill(taps, taps + channels, int16_t{0});
        } else {
          WidenRun(input_row + static_cast<size_t>(in_x) * channels, channels,
                   input_end, shape_.input_signed, shape_.input_zero_point,
                   taps);
        }
      }
    }
    // At most one value: depth is odd.
    if (depth < padded) tile[depth] = 0;
    next_pixel();
  }
}

void QuantizedConv2DAvx2::RunRows(const uint8_t* input,
                                  const uint8_t* input_end, uint8_t* output,
                                  size_t row_begin, size_t row_end,
                                  size_t panel_begin, size_t panel_end,
                                  int16_t* tile) const {
  const size_t n = static_cast<size_t>(shape_.output_channels);
  const size_t block = weights_->panels_per_block();
  const int32_t row_sum_factor = weights_->row_sum_factor();
  int32_t corrections[kQuantizedGemmTileRows];
  // Weights past one block go by block, the tiles gathered again for each:
  // cheaper than streaming every panel from beyond L2 for every tile.
  for (size_t first = panel_begin; first < panel_end; first += block) {
    const size_t last = std::min(panel_end, first + block);
    for (size_t row = row_begin; row < row_end; row += kQuantizedGemmTileRows) {
      const size_t count = std::min(kQuantizedGemmTileRows, row_end - row);
      GatherTile(input, input_end, row, count, tile);
      if (row_sum_factor != 0) {
        ScaledRowSums(tile, weights_->padded_k(), count, row_sum_factor,
                      corrections);
      }
      weights_->ComputeTile(count, tile,
                            row_sum_factor != 0 ? corrections : nullptr,
                            output + row * n, n, first, last);
    }
  }
}

size_t QuantizedConv2DAvx2::MultiplyAdds(int32_t batch) const {
  return static_cast<size_t>(batch) * window_.rows.output_size *
         window_.cols.output_size * weights_->padded_k() *
         static_cast<size_t>(weights_->n());
}

void QuantizedConv2DAvx2::Run(int32_t batch, const void* input, void* output,
                              void* scratch, pthreadpool_t threadpool) const {
  const uint8_t* in = static_cast<const uint8_t*>(input);
  uint8_t* out = static_cast<uint8_t*>(output);
  const size_t rows = static_cast<size_t>(batch) * window_.rows.output_size *
                      window_.cols.output_size;
  const size_t slices =
      SliceCountForWork(threadpool, num_threads_, MultiplyAdds(batch));
  const size_t panels = weights_->num_panels();
  const size_t tiles =
      (rows + kQuantizedGemmTileRows - 1) / kQuantizedGemmTileRows;
  // As in the float convolution: slices of whole tiles of pixels, or of
  // weight panels when the tiles are too few to go round.
  const bool split_rows = tiles >= 2 * slices || panels < slices;
  const uint8_t* in_end = in + static_cast<size_t>(batch) *
                                   shape_.input_height * shape_.input_width *
                                   shape_.input_channels;
  RunSlices(threadpool, slices, [&](size_t slice) {
    int16_t* tile = static_cast<int16_t*>(scratch) + slice * tile_values_;
    if (split_rows) {
      const size_t begin =
          SliceBegin(tiles, slices, slice) * kQuantizedGemmTileRows;
      const size_t end = std::min(
          rows, SliceBegin(tiles, slices, slice + 1) * kQuantizedGemmTileRows);
      if (begin < end) RunRows(in, in_end, out, begin, end, 0, panels, tile);
    } else {
      RunRows(in, in_end, out, 0, rows, SliceBegin(panels, slices, slice),
              SliceBegin(panels, slices, slice + 1), tile);
    }
  });
}

std::unique_ptr<QuantizedConv2DAvx2> CreateQuantizedConv2DAvx2ForNode(
    NodeContext& context, const Conv2DWindow& window,
    QuantizedConv2DShape shape, DataType input_type, const Tensor& filter,
    const Tensor* bias, const ConvolutionQuantization& quantization,
    DataType output_type) {
  shape.input_signed = input_type == DataType::kInt8;
  shape.input_zero_point = quantization.input_zero_point;
  std::unique_ptr<QuantizedConv2DAvx2> conv = QuantizedConv2DAvx2::Create(
      window, shape, filter.data, filter.type == DataType::kInt8,
      quantization.filter_zero_point,
      bias != nullptr ? bias->data_as<int32_t>() : nullptr,
      GemmOutputFor(quantization, output_type), context.num_threads());
  if (conv != nullptr) context.RequestScratch(conv->scratch_bytes());
  return conv;
}

}  // namespace liten
