// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/channel_dot_conv2d_f32.h"

#include <immintrin.h>

#include <cstring>

#include "kernels/x86/window_tiles.h"

namespace liten {
namespace {

// What every tile of one run shares besides its geometry.
struct ChannelDotParams {
  size_t channels;     // A multiple of 8.
  size_t filter_size;  // Between the output channels' weights.
  const float* bias;
  float min;
  float max;
};

__attribute__((target("avx2,fma"))) inline float SumLanes(__m256 v) {
  const __m128 halves =
      _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 pairs = _mm_add_ps(halves, _mm_movehl_ps(halves, halves));
  return _mm_cvtss_f32(_mm_add_ss(pairs, _mm_movehdup_ps(pairs)));
}

template <int kPixels, int kOutputs>
__attribute__((target("avx2,fma"))) void ChannelDotTileKernel(
    const DirectConvTile& t, const ChannelDotParams& params) {
  __m256 acc[kPixels][kOutputs];
  for (int p = 0; p < kPixels; ++p) {
    for (int o = 0; o < kOutputs; ++o) acc[p][o] = _mm256_setzero_ps();
  }
  const float* input_row = t.input;
  const float* weight_row = t.weights;
  for (int32_t r = 0; r < t.rows; ++r) {
    const float* input = input_row;
    const float* weights = weight_row;
    for (int32_t c = 0; c < t.cols; ++c) {
      for (size_t k = 0; k < params.channels; k += 8) {
        __m256 w[kOutputs];
        for (int o = 0; o < kOutputs; ++o) {
          w[o] = _mm256_load_ps(weights + o * params.filter_size + k);
        }
        for (int p = 0; p < kPixels; ++p) {
          const __m256 x = _mm256_loadu_ps(input + p * t.pixel_stride + k);
          for (int o = 0; o < kOutputs; ++o) {
            acc[p][o] = _mm256_fmadd_ps(x, w[o], acc[p][o]);
          }
        }
      }
      input += t.tap_stride;
      weights += t.weight_tap_stride;
    }
    input_row += t.row_stride;
    weight_row += t.weight_row_stride;
  }
  for (int p = 0; p < kPixels; ++p) {
    for (int o = 0; o < kOutputs; ++o) {
      const float y = SumLanes(acc[p][o]) + params.bias[o];
      t.output[p * t.output_stride + o] =
          y < params.min ? params.min : (y > params.max ? params.max : y);
    }
  }
}

template <int kPixels>
void RunChannelDotTile(const DirectConvTile& tile,
                       const ChannelDotParams& params, int32_t outputs) {
  if (outputs == 1) {
    ChannelDotTileKernel<kPixels, 1>(tile, params);
  } else {
    ChannelDotTileKernel<kPixels, 2>(tile, params);
  }
}

}  // namespace

std::unique_ptr<ChannelDotConv2DF32> ChannelDotConv2DF32::Create(
    const Conv2DWindow& window, int32_t input_height, int32_t input_width,
    int32_t input_channels, int32_t filter_height, int32_t filter_width,
    int32_t output_channels, const float* filter, const float* bias) {
  std::unique_ptr<ChannelDotConv2DF32> conv(new ChannelDotConv2DF32());
  conv->window_ = window;
  conv->input_height_ = input_height;
  conv->input_width_ = input_width;
  conv->input_channels_ = input_channels;
  conv->filter_height_ = filter_height;
  conv->filter_width_ = filter_width;
  conv->output_channels_ = output_channels;
  for (int32_t o = 0; o < output_channels; ++o) {
    conv->bias_[o] = bias != nullptr ? bias[o] : 0.0f;
  }
  conv->weight_floats_ = static_cast<size_t>(output_channels) * filter_height *
                         filter_width * input_channels;
  void* memory = nullptr;
  if (posix_memalign(&memory, 32, conv->packed_bytes()) != 0) return nullptr;
  conv->weights_.reset(static_cast<float*>(memory));
  std::memcpy(memory, filter, conv->packed_bytes());
  return conv;
}

void ChannelDotConv2DF32::RunRows(const float* input, float* output,
                                  size_t row_begin, size_t row_end) const {
  const size_t channels = static_cast<size_t>(input_channels_);
  DirectConvLayout layout;
  layout.input_height = input_height_;
  layout.input_width = input_width_;
  layout.channels = channels;
  layout.filter_height = filter_height_;
  layout.filter_width = filter_width_;
  layout.weight_tap_stride = channels;
  layout.output_channels = static_cast<size_t>(output_channels_);
  const ChannelDotParams params{
      channels, static_cast<size_t>(filter_height_) * filter_width_ * channels,
      bias_, window_.activation.min, window_.activation.max};
  ForEachWindowTile(window_, layout, input, weights_.get(), output, row_begin,
                    row_end, [&](const DirectConvTile& tile) {
                      if (tile.pixels == kWindowTilePixels) {
                        RunChannelDotTile<kWindowTilePixels>(tile, params,
                                                             output_channels_);
                      } else {
                        RunChannelDotTile<1>(tile, params, output_channels_);
                      }
                    });
}

}  // namespace liten
