// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/depthwise_conv2d_f32.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/avx2_util.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"
#include "kernels/x86/window_tiles.h"

namespace liten {
namespace {

// What every tile of one run shares besides its geometry.
struct DepthwiseParams {
  const float* bias;
  float min;
  float max;
};

// kVectors blocks of 8 channels for kPixels pixels. With kMasked, one block
// of `lanes` (< 8) channels, loaded and stored under a mask so that no
// access passes the last channel.
template <int kPixels, int kVectors, bool kMasked>
__attribute__((target("avx2,fma"))) void DepthwiseTileKernel(
    const DirectConvTile& t, const DepthwiseParams& params, size_t lanes) {
  static_assert(!kMasked || kVectors == 1, "a masked tile has one block");
  const __m256i mask = LeadingLanes(kMasked ? lanes : 8);
  __m256 acc[kPixels][kVectors];
  for (int v = 0; v < kVectors; ++v) {
    const __m256 bias = _mm256_load_ps(params.bias + 8 * v);
    for (int p = 0; p < kPixels; ++p) acc[p][v] = bias;
  }
  const float* input_row = t.input;
  const float* weight_row = t.weights;
  for (int32_t r = 0; r < t.rows; ++r) {
    const float* input = input_row;
    const float* weights = weight_row;
    for (int32_t c = 0; c < t.cols; ++c) {
      __m256 w[kVectors];
      for (int v = 0; v < kVectors; ++v) w[v] = _mm256_load_ps(weights + 8 * v);
      for (int p = 0; p < kPixels; ++p) {
        const float* pixel = input + p * t.pixel_stride;
        for (int v = 0; v < kVectors; ++v) {
          const __m256 x = kMasked ? _mm256_maskload_ps(pixel, mask)
                                   : _mm256_loadu_ps(pixel + 8 * v);
          acc[p][v] = _mm256_fmadd_ps(x, w[v], acc[p][v]);
        }
      }
      input += t.tap_stride;
      weights += t.weight_tap_stride;
    }
    input_row += t.row_stride;
    weight_row += t.weight_row_stride;
  }
  const __m256 lo = _mm256_set1_ps(params.min);
  const __m256 hi = _mm256_set1_ps(params.max);
  for (int p = 0; p < kPixels; ++p) {
    float* out = t.output + p * t.output_stride;
    for (int v = 0; v < kVectors; ++v) {
      const __m256 y = _mm256_min_ps(_mm256_max_ps(acc[p][v], lo), hi);
      if (kMasked) {
        StoreLanes(out, y, lanes);
      } else {
        _mm256_storeu_ps(out + 8 * v, y);
      }
    }
  }
}

// Every channel block of a tile of kPixels pixels.
template <int kPixels>
void DepthwiseTileChannels(DirectConvTile tile, DepthwiseParams params,
                           size_t channels) {
  size_t c = 0;
  const auto advance = [&](size_t count) {
    tile.input += count;
    tile.weights += count;
    tile.output += count;
    params.bias += count;
  };
  for (; c + 16 <= channels; c += 16, advance(16)) {
    DepthwiseTileKernel<kPixels, 2, false>(tile, params, 8);
  }
  if (c + 8 <= channels) {
    DepthwiseTileKernel<kPixels, 1, false>(tile, params, 8);
    c += 8;
    advance(8);
  }
  if (c < channels) {
    DepthwiseTileKernel<kPixels, 1, true>(tile, params, channels - c);
  }
}

}  // namespace

std::unique_ptr<DepthwiseConv2DF32Avx2> DepthwiseConv2DF32Avx2::Create(
    const Conv2DWindow& window, const DepthwiseConv2DF32Shape& shape,
    const float* filter, const float* bias, int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<DepthwiseConv2DF32Avx2> conv(new DepthwiseConv2DF32Avx2());
  conv->window_ = window;
  conv->shape_ = shape;
  conv->num_threads_ = std::max(num_threads, 1);
  const size_t channels = static_cast<size_t>(shape.channels);
  conv->padded_channels_ = (channels + 7) / 8 * 8;
  const size_t taps =
      static_cast<size_t>(shape.filter_height) * shape.filter_width;
  conv->packed_floats_ = (taps + 1) * conv->padded_channels_;
  void* memory = nullptr;
  if (posix_memalign(&memory, 32, conv->packed_bytes()) != 0) return nullptr;
  conv->packed_.reset(static_cast<float*>(memory));
  float* packed = conv->packed_.get();
  std::memset(packed, 0, conv->packed_bytes());
  if (bias != nullptr) std::memcpy(packed, bias, channels * sizeof(float));
  for (size_t tap = 0; tap < taps; ++tap) {
    std::memcpy(packed + (tap + 1) * conv->padded_channels_,
                filter + tap * channels, channels * sizeof(float));
  }
  return conv;
}

void DepthwiseConv2DF32Avx2::RunRows(const float* input, float* output,
                                     size_t row_begin, size_t row_end) const {
  const size_t channels = static_cast<size_t>(shape_.channels);
  DirectConvLayout layout;
  layout.input_height = shape_.input_height;
  layout.input_width = shape_.input_width;
  layout.channels = channels;
  layout.filter_height = shape_.filter_height;
  layout.filter_width = shape_.filter_width;
  layout.weight_tap_stride = padded_channels_;
  layout.output_channels = channels;
  const DepthwiseParams params{packed_.get(), window_.activation.min,
                               window_.activation.max};
  ForEachWindowTile(
      window_, layout, input, packed_.get() + padded_channels_, output,
      row_begin, row_end, [&](const DirectConvTile& tile) {
        if (tile.pixels == kWindowTilePixels) {
          DepthwiseTileChannels<kWindowTilePixels>(tile, params, channels);
        } else {
          DepthwiseTileChannels<1>(tile, params, channels);
        }
      });
}

void DepthwiseConv2DF32Avx2::Run(int32_t batch, const float* input,
                                 float* output,
                                 pthreadpool_t threadpool) const {
  const size_t rows = static_cast<size_t>(batch) * window_.rows.output_size;
  const size_t slices = SliceCount(threadpool, num_threads_);
  RunSlices(threadpool, slices, [&](size_t slice) {
    RunRows(input, output, SliceBegin(rows, slices, slice),
            SliceBegin(rows, slices, slice + 1));
  });
}

}  // namespace liten
