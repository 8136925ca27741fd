// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/qdepthwise_conv2d.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/avx2_quantized.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"

namespace liten {
namespace {

constexpr size_t kBlock = 16;      // Channels per block.
constexpr size_t kVectorBytes = 32;
// Filters with more taps (past 8x8) stay on the reference kernel, so that
// the tap pointers fit on the stack.
constexpr size_t kMaxTaps = 64;

// unpacklo/unpackhi_epi16 work within 128-bit halves, so the low and high
// accumulators of a block hold channels {0-3, 8-11} and {4-7, 12-15}: lane
// i of each maps to this channel of the block.
size_t LowLaneChannel(size_t lane) { return lane < 4 ? lane : lane + 4; }
size_t HighLaneChannel(size_t lane) { return lane < 4 ? lane + 4 : lane + 8; }

// Sixteen channels of one tap as int16 minus the zero point. A partial
// block (count < 16) reads through a copy, so that no load passes the
// pixel's last channel.
__attribute__((target("avx2"))) inline __m256i LoadTap(const uint8_t* pixel,
                                                       size_t count,
                                                       bool is_signed,
                                                       __m256i zero_point) {
  __m128i bytes;
  if (count == kBlock) {
    bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(pixel));
  } else {
    alignas(16) uint8_t copy[kBlock] = {};
    std::memcpy(copy, pixel, count);
    bytes = _mm_load_si128(reinterpret_cast<const __m128i*>(copy));
  }
  const __m256i wide =
      is_signed ? _mm256_cvtepi8_epi16(bytes) : _mm256_cvtepu8_epi16(bytes);
  return _mm256_sub_epi16(wide, zero_point);
}

struct BlockArgs {
  const uint8_t* const* pixels;  // Each tap's pixel, at channel 0.
  size_t num_taps;
  size_t first;  // This block's first channel.
  size_t count;  // Channels in this block (16, or fewer for the last).
  const uint8_t* packed;
  uint8_t* output;
  bool is_signed;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t min;
  int32_t max;
  bool ties_up;
};

__attribute__((target("avx2"))) void DepthwiseBlock(const BlockArgs& b) {
  const __m256i* w = reinterpret_cast<const __m256i*>(b.packed);
  __m256i low = _mm256_load_si256(w);
  __m256i high = _mm256_load_si256(w + 1);
  w += 2;
  const __m256i zero_point =
      _mm256_set1_epi16(static_cast<int16_t>(b.input_zero_point));
  for (size_t t = 0; t < b.num_taps; t += 2, w += 2) {
    const __m256i x0 =
        LoadTap(b.pixels[t] + b.first, b.count, b.is_signed, zero_point);
    // An odd last tap pairs with zeros, whose packed weights are zero too.
    const __m256i x1 =
        t + 1 < b.num_taps
            ? LoadTap(b.pixels[t + 1] + b.first, b.count, b.is_signed,
                      zero_point)
            : _mm256_setzero_si256();
    low = _mm256_add_epi32(
        low, _mm256_madd_epi16(_mm256_unpacklo_epi16(x0, x1),
                               _mm256_load_si256(w)));
    high = _mm256_add_epi32(
        high, _mm256_madd_epi16(_mm256_unpackhi_epi16(x0, x1),
                                _mm256_load_si256(w + 1)));
  }
  const Requantization8* stage = reinterpret_cast<const Requantization8*>(w);
  low = RequantizeToRange(low, stage[0], b.ties_up, b.output_zero_point, b.min,
                          b.max);
  high = RequantizeToRange(high, stage[1], b.ties_up, b.output_zero_point,
                           b.min, b.max);
  // Packing the low and high lanes together puts the channels back in
  // order: {0-3, 4-7} in the low half, {8-11, 12-15} in the high half.
  StoreBytes(b.output,
             PackToBytes(_mm256_packs_epi32(low, high), b.is_signed),
             b.count);
}

}  // namespace

std::unique_ptr<QuantizedDepthwiseConv2DAvx2>
QuantizedDepthwiseConv2DAvx2::Create(const Conv2DWindow& window,
                                     const QuantizedDepthwiseShape& shape,
                                     const void* filter,
                                     int32_t filter_zero_point,
                                     const int32_t* bias,
                                     const QuantizedGemmOutput& output,
                                     int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<QuantizedDepthwiseConv2DAvx2> conv(
      new QuantizedDepthwiseConv2DAvx2());
  conv->window_ = window;
  conv->shape_ = shape;
  conv->num_threads_ = std::max(num_threads, 1);
  conv->output_zero_point_ = output.zero_point;
  conv->output_min_ = output.min;
  conv->output_max_ = output.max;
  conv->output_signed_ = output.output_signed;
  conv->ties_up_ = output.ties_up;
  const size_t channels = static_cast<size_t>(shape.channels);
  const size_t taps =
      static_cast<size_t>(shape.filter_height) * shape.filter_width;
  if (taps > kMaxTaps) return nullptr;
  conv->blocks_ = (channels + kBlock - 1) / kBlock;
  conv->tap_pairs_ = (taps + 1) / 2;
  // Bias and the weight pairs, each a low and a high vector, then the
  // requantization of both halves.
  conv->block_bytes_ = 2 * kVectorBytes * (1 + conv->tap_pairs_) +
                       2 * sizeof(Requantization8);
  conv->packed_bytes_ = conv->blocks_ * conv->block_bytes_;
  void* memory = nullptr;
  if (posix_memalign(&memory, 32, conv->packed_bytes_) != 0) return nullptr;
  conv->packed_.reset(static_cast<uint8_t*>(memory));
  std::memset(memory, 0, conv->packed_bytes_);

  const bool per_channel = output.multipliers.size() > 1;
  const auto weight = [&](size_t tap, size_t c) -> int32_t {
    const size_t index = tap * channels + c;
    return shape.input_signed ? static_cast<const int8_t*>(filter)[index]
                              : static_cast<const uint8_t*>(filter)[index];
  };
  for (size_t block = 0; block < conv->blocks_; ++block) {
    uint8_t* packed = conv->packed_.get() + block * conv->block_bytes_;
    int32_t* bias_lanes = reinterpret_cast<int32_t*>(packed);
    int16_t* weight_lanes = reinterpret_cast<int16_t*>(packed + 64);
    Requantization8* stage = reinterpret_cast<Requantization8*>(
        packed + 64 * (1 + conv->tap_pairs_));
    for (size_t half = 0; half < 2; ++half) {
      for (size_t lane = 0; lane < 8; ++lane) {
        const size_t c = block * kBlock +
                         (half == 0 ? LowLaneChannel(lane)
                                    : HighLaneChannel(lane));
        if (c >= channels) continue;
        const size_t at = half * 8 + lane;
        bias_lanes[at] = bias != nullptr ? bias[c] : 0;
        for (size_t t = 0; t < taps; ++t) {
          // Pair p of the low half, then of the high half; each lane holds
          // the channel's weights of taps 2p and 2p + 1.
          const size_t pair = t / 2;
          weight_lanes[pair * 32 + half * 16 + lane * 2 + t % 2] =
              static_cast<int16_t>(weight(t, c) - filter_zero_point);
        }
        const size_t q = per_channel ? c : 0;
        SetRequantizationLane(&stage[half], lane, output.multipliers[q],
                              output.shifts[q], output.ties_up);
      }
    }
  }
  conv->zero_pixel_.assign(conv->blocks_ * kBlock,
                           static_cast<uint8_t>(shape.input_zero_point));
  return conv;
}

void QuantizedDepthwiseConv2DAvx2::RunRows(const uint8_t* input,
                                           uint8_t* output, size_t row_begin,
                                           size_t row_end) const {
  const int64_t in_height = shape_.input_height;
  const int64_t in_width = shape_.input_width;
  const size_t channels = static_cast<size_t>(shape_.channels);
  const int32_t out_height = window_.rows.output_size;
  const int32_t out_width = window_.cols.output_size;
  const size_t num_taps =
      static_cast<size_t>(shape_.filter_height) * shape_.filter_width;
  const uint8_t* pixels[kMaxTaps];
  BlockArgs args;
  args.pixels = pixels;
  args.num_taps = num_taps;
  args.is_signed = shape_.input_signed;
  args.input_zero_point = shape_.input_zero_point;
  args.output_zero_point = output_zero_point_;
  args.min = output_min_;
  args.max = output_max_;
  args.ties_up = ties_up_;
  for (size_t row = row_begin; row < row_end; ++row) {
    const size_t image = row / out_height;
    const int64_t out_y = static_cast<int64_t>(row % out_height);
    const int64_t in_y0 = out_y * window_.stride_h - window_.rows.padding_before;
    const uint8_t* image_data =
        input + image * static_cast<size_t>(in_height * in_width) * channels;
    for (int32_t out_x = 0; out_x < out_width; ++out_x) {
      const int64_t in_x0 = static_cast<int64_t>(out_x) * window_.stride_w -
                            window_.cols.padding_before;
      for (int32_t fy = 0; fy < shape_.filter_height; ++fy) {
        const int64_t in_y = in_y0 + int64_t{fy} * window_.dilation_h;
        for (int32_t fx = 0; fx < shape_.filter_width; ++fx) {
          const int64_t in_x = in_x0 + int64_t{fx} * window_.dilation_w;
          const bool inside =
              in_y >= 0 && in_y < in_height && in_x >= 0 && in_x < in_width;
          pixels[static_cast<size_t>(fy) * shape_.filter_width + fx] =
              inside ? image_data +
                           static_cast<size_t>(in_y * in_width + in_x) *
                               channels
                     : zero_pixel_.data();
        }
      }
      uint8_t* out_pixel =
          output + (row * out_width + static_cast<size_t>(out_x)) * channels;
      for (size_t block = 0; block < blocks_; ++block) {
        const size_t first = block * kBlock;
        args.first = first;
        args.count = std::min(kBlock, channels - first);
        args.packed = packed_.get() + block * block_bytes_;
        args.output = out_pixel + first;
        DepthwiseBlock(args);
      }
    }
  }
}

void QuantizedDepthwiseConv2DAvx2::Run(int32_t batch, const void* input,
                                       void* output,
                                       pthreadpool_t threadpool) const {
  const uint8_t* in = static_cast<const uint8_t*>(input);
  uint8_t* out = static_cast<uint8_t*>(output);
  const size_t rows = static_cast<size_t>(batch) * window_.rows.output_size;
  const size_t slices = SliceCount(threadpool, num_threads_);
  RunSlices(threadpool, slices, [&](size_t slice) {
    RunRows(in, out, SliceBegin(rows, slices, slice),
            SliceBegin(rows, slices, slice + 1));
  });
}

}  // namespace liten
