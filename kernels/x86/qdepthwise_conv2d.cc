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

constexpr size_t kBlock = 16;  // Channels per block.
constexpr size_t kVectorBytes = 32;
// Filters with more taps (past 8x8) stay on the reference kernel, so that
// the tap pointers fit on the stack.
constexpr size_t kMaxTaps = 64;

// unpacklo/unpackhi_epi16 work within 128-bit halves, so the low and high
// accumulators of a block hold channels {0-3, 8-11} and {4-7, 12-15}: lane
// i of each maps to this channel of the block.
size_t LowLaneChannel(size_t lane) { return lane < 4 ? lane : lane + 4; }
size_t HighLaneChannel(size_t lane) { return lane < 4 ? lane + 4 : lane + 8; }

// Sixteen channels of one tap widened to int16. The input zero point is
// not subtracted here: Create folds it into the bias.
template <bool kSigned>
__attribute__((target("avx2"))) inline __m256i WidenTap(const uint8_t* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return kSigned ? _mm256_cvtepi8_epi16(bytes) : _mm256_cvtepu8_epi16(bytes);
}

// One block of sixteen channels of one output pixel, requantized to bytes
// in channel order and clamped to [min, max] (broadcast int16): tap t reads
// taps[t] + first. Compiled for the input's signedness, the tap count (0:
// num_taps decides; 3x3 filters, all of MobileNet's, fix it) and the
// requantization's rounding and whether every shift is right, so that none
// of them is a
// branch in the inner loop.
template <bool kSigned, size_t kTaps, bool kTiesUp, bool kRightShiftsOnly>
__attribute__((target("avx2"), always_inline)) inline __m128i DepthwiseBlock(
    const uint8_t* const* taps, size_t num_taps, size_t first,
    const uint8_t* packed, __m256i min, __m256i max) {
  const size_t n = kTaps != 0 ? kTaps : num_taps;
  const __m256i* w = reinterpret_cast<const __m256i*>(packed);
  __m256i low = _mm256_load_si256(w);
  __m256i high = _mm256_load_si256(w + 1);
  w += 2;
  size_t t = 0;
  for (; t + 2 <= n; t += 2, w += 2) {
    const __m256i x0 = WidenTap<kSigned>(taps[t] + first);
    const __m256i x1 = WidenTap<kSigned>(taps[t + 1] + first);
    low = _mm256_add_epi32(low, _mm256_madd_epi16(_mm256_unpacklo_epi16(x0, x1),
                                                  _mm256_load_si256(w)));
    high =
        _mm256_add_epi32(high, _mm256_madd_epi16(_mm256_unpackhi_epi16(x0, x1),
                                                 _mm256_load_si256(w + 1)));
  }
  if (t < n) {
    // An odd last tap pairs with zeros, whose packed weights are zero too.
    const __m256i x0 = WidenTap<kSigned>(taps[t] + first);
    const __m256i zero = _mm256_setzero_si256();
    low =
        _mm256_add_epi32(low, _mm256_madd_epi16(_mm256_unpacklo_epi16(x0, zero),
                                                _mm256_load_si256(w)));
    high = _mm256_add_epi32(high,
                            _mm256_madd_epi16(_mm256_unpackhi_epi16(x0, zero),
                                              _mm256_load_si256(w + 1)));
    w += 2;
  }
  const Requantization8* stage = reinterpret_cast<const Requantization8*>(w);
  low = Requantize8(low, stage[0], kTiesUp, kRightShiftsOnly);
  high = Requantize8(high, stage[1], kTiesUp, kRightShiftsOnly);
  // Packing the low and high lanes together puts the channels back in
  // order: {0-3, 4-7} in the low half, {8-11, 12-15} in the high half.
  return PackToBytes(PackClamped(low, high, min, max), kSigned);
}

// Every channel of one output pixel from the pixels its taps read.
template <bool kSigned, size_t kTaps, bool kTiesUp, bool kRightShiftsOnly>
__attribute__((target("avx2"))) void DepthwisePixel(
    const uint8_t* const* taps, size_t num_taps,
    const QuantizedDepthwiseLayout& layout, uint8_t* output) {
  // Copies: the byte stores below could alias `layout` for all the compiler
  // knows, which would make it reload these after every block.
  const uint8_t* packed = layout.packed;
  const size_t block_bytes = layout.block_bytes;
  const size_t channels = layout.channels;
  const __m256i min =
      _mm256_set1_epi16(static_cast<int16_t>(layout.output_min));
  const __m256i max =
      _mm256_set1_epi16(static_cast<int16_t>(layout.output_max));
  size_t first = 0;
  for (; first + kBlock <= channels; first += kBlock, packed += block_bytes) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(output + first),
                     DepthwiseBlock<kSigned, kTaps, kTiesUp, kRightShiftsOnly>(
                         taps, num_taps, first, packed, min, max));
  }
  const size_t count = channels - first;
  if (count == 0) return;
  // The last, partial block reads copies, so that no load passes a pixel's
  // last channel.
  uint8_t copies[kMaxTaps][kBlock] = {};
  const uint8_t* copy_taps[kMaxTaps];
  for (size_t t = 0; t < num_taps; ++t) {
    std::memcpy(copies[t], taps[t] + first, count);
    copy_taps[t] = copies[t];
  }
  StoreBytes(output + first,
             DepthwiseBlock<kSigned, kTaps, kTiesUp, kRightShiftsOnly>(
                 copy_taps, num_taps, 0, packed, min, max),
             count);
}

template <bool kSigned, size_t kTaps, bool kTiesUp>
QuantizedDepthwisePixelKernel PixelKernelFor(bool right_shifts_only) {
  return right_shifts_only ? DepthwisePixel<kSigned, kTaps, kTiesUp, true>
                           : DepthwisePixel<kSigned, kTaps, kTiesUp, false>;
}

template <bool kSigned, size_t kTaps>
QuantizedDepthwisePixelKernel PixelKernelFor(bool ties_up,
                                             bool right_shifts_only) {
  return ties_up ? PixelKernelFor<kSigned, kTaps, true>(right_shifts_only)
                 : PixelKernelFor<kSigned, kTaps, false>(right_shifts_only);
}

template <bool kSigned>
QuantizedDepthwisePixelKernel PixelKernelFor(size_t taps, bool ties_up,
                                             bool right_shifts_only) {
  return taps == 9 ? PixelKernelFor<kSigned, 9>(ties_up, right_shifts_only)
                   : PixelKernelFor<kSigned, 0>(ties_up, right_shifts_only);
}

}  // namespace

std::unique_ptr<QuantizedDepthwiseConv2DAvx2>
QuantizedDepthwiseConv2DAvx2::Create(
    const Conv2DWindow& window, const QuantizedDepthwiseShape& shape,
    const void* filter, int32_t filter_zero_point, const int32_t* bias,
    const QuantizedGemmOutput& output, int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  const size_t channels = static_cast<size_t>(shape.channels);
  const size_t taps =
      static_cast<size_t>(shape.filter_height) * shape.filter_width;
  if (taps > kMaxTaps) return nullptr;
  std::unique_ptr<QuantizedDepthwiseConv2DAvx2> conv(
      new QuantizedDepthwiseConv2DAvx2());
  conv->window_ = window;
  conv->shape_ = shape;
  conv->num_threads_ = std::max(num_threads, 1);
  const size_t blocks = (channels + kBlock - 1) / kBlock;
  const size_t tap_pairs = (taps + 1) / 2;
  QuantizedDepthwiseLayout& layout = conv->layout_;
  // Bias and the weight pairs, each a low and a high vector, then the
  // requantization of both halves.
  layout.block_bytes =
      2 * kVectorBytes * (1 + tap_pairs) + 2 * sizeof(Requantization8);
  layout.channels = channels;
  layout.output_min = output.min;
  layout.output_max = output.max;
  conv->packed_bytes_ = blocks * layout.block_bytes;
  void* memory = nullptr;
  if (posix_memalign(&memory, 32, conv->packed_bytes_) != 0) return nullptr;
  conv->packed_.reset(static_cast<uint8_t*>(memory));
  layout.packed = conv->packed_.get();
  std::memset(memory, 0, conv->packed_bytes_);

  const bool per_channel = output.multipliers.size() > 1;
  bool right_shifts_only = true;  // Every channel's shift is right.
  const auto weight = [&](size_t tap, size_t c) -> int32_t {
    const size_t index = tap * channels + c;
    return (shape.input_signed ? static_cast<const int8_t*>(filter)[index]
                               : static_cast<const uint8_t*>(filter)[index]) -
           filter_zero_point;
  };
  for (size_t block = 0; block < blocks; ++block) {
    uint8_t* packed = conv->packed_.get() + block * layout.block_bytes;
    int32_t* bias_lanes = reinterpret_cast<int32_t*>(packed);
    int16_t* weight_lanes = reinterpret_cast<int16_t*>(packed + 64);
    Requantization8* stage =
        reinterpret_cast<Requantization8*>(packed + 64 * (1 + tap_pairs));
    for (size_t half = 0; half < 2; ++half) {
      for (size_t lane = 0; lane < 8; ++lane) {
        const size_t c = block * kBlock + (half == 0 ? LowLaneChannel(lane)
                                                     : HighLaneChannel(lane));
        if (c >= channels) continue;
        const size_t at = half * 8 + lane;
        int32_t weight_sum = 0;
        for (size_t t = 0; t < taps; ++t) {
          // Pair p of the low half, then of the high half; each lane holds
          // the channel's weights of taps 2p and 2p + 1.
          const size_t pair = t / 2;
          weight_lanes[pair * 32 + half * 16 + lane * 2 + t % 2] =
              static_cast<int16_t>(weight(t, c));
          weight_sum += weight(t, c);
        }
        // Wrapping, as the kernel's int32 sums do: the outputs are TFLite's
        // whenever TFLite's own sums do not overflow.
        bias_lanes[at] = static_cast<int32_t>(
            static_cast<uint32_t>(bias != nullptr ? bias[c] : 0) -
            static_cast<uint32_t>(shape.input_zero_point * weight_sum));
        const size_t q = per_channel ? c : 0;
        SetRequantizationLane(&stage[half], lane, output.multipliers[q],
                              output.shifts[q], output.ties_up,
                              output.zero_point);
        if (output.shifts[q] >= 0) right_shifts_only = false;
      }
    }
  }
  conv->pixel_kernel_ =
      shape.input_signed
          ? PixelKernelFor<true>(taps, output.ties_up, right_shifts_only)
          : PixelKernelFor<false>(taps, output.ties_up, right_shifts_only);
  for (int32_t fy = 0; fy < shape.filter_height; ++fy) {
    for (int32_t fx = 0; fx < shape.filter_width; ++fx) {
      conv->tap_offsets_.push_back(
          (static_cast<size_t>(fy) * window.dilation_h * shape.input_width +
           static_cast<size_t>(fx) * window.dilation_w) *
          channels);
    }
  }
  conv->zero_pixel_.assign(channels,
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
  const size_t num_taps = tap_offsets_.size();
  // How far the window reaches past its first pixel.
  const int64_t window_height =
      int64_t{shape_.filter_height - 1} * window_.dilation_h + 1;
  const int64_t window_width =
      int64_t{shape_.filter_width - 1} * window_.dilation_w + 1;
  const uint8_t* taps[kMaxTaps];
  for (size_t row = row_begin; row < row_end; ++row) {
    const size_t image = row / out_height;
    const int64_t out_y = static_cast<int64_t>(row % out_height);
    const int64_t in_y0 =
        out_y * window_.stride_h - window_.rows.padding_before;
    const bool rows_inside = in_y0 >= 0 && in_y0 + window_height <= in_height;
    const uint8_t* image_data =
        input + image * static_cast<size_t>(in_height * in_width) * channels;
    uint8_t* out_pixel = output + row * out_width * channels;
    for (int32_t out_x = 0; out_x < out_width; ++out_x, out_pixel += channels) {
      const int64_t in_x0 = static_cast<int64_t>(out_x) * window_.stride_w -
                            window_.cols.padding_before;
      if (rows_inside && in_x0 >= 0 && in_x0 + window_width <= in_width) {
        const uint8_t* origin =
            image_data +
            static_cast<size_t>(in_y0 * in_width + in_x0) * channels;
        for (size_t t = 0; t < num_taps; ++t) {
          taps[t] = origin + tap_offsets_[t];
        }
      } else {
        for (int32_t fy = 0; fy < shape_.filter_height; ++fy) {
          const int64_t in_y = in_y0 + int64_t{fy} * window_.dilation_h;
          for (int32_t fx = 0; fx < shape_.filter_width; ++fx) {
            const int64_t in_x = in_x0 + int64_t{fx} * window_.dilation_w;
            const bool inside =
                in_y >= 0 && in_y < in_height && in_x >= 0 && in_x < in_width;
            taps[static_cast<size_t>(fy) * shape_.filter_width + fx] =
                inside
                    ? image_data +
                          static_cast<size_t>(in_y * in_width + in_x) * channels
                    : zero_pixel_.data();
          }
        }
      }
      pixel_kernel_(taps, num_taps, layout_, out_pixel);
    }
  }
}

size_t QuantizedDepthwiseConv2DAvx2::MultiplyAdds(int32_t batch) const {
  return static_cast<size_t>(batch) * window_.rows.output_size *
         window_.cols.output_size * layout_.channels * tap_offsets_.size();
}

void QuantizedDepthwiseConv2DAvx2::Run(int32_t batch, const void* input,
                                       void* output,
                                       pthreadpool_t threadpool) const {
  const uint8_t* in = static_cast<const uint8_t*>(input);
  uint8_t* out = static_cast<uint8_t*>(output);
  const size_t rows = static_cast<size_t>(batch) * window_.rows.output_size;
  const size_t slices =
      SliceCountForWork(threadpool, num_threads_, MultiplyAdds(batch));
  RunSlices(threadpool, slices, [&](size_t slice) {
    RunRows(in, out, SliceBegin(rows, slices, slice),
            SliceBegin(rows, slices, slice + 1));
  });
}

}  // namespace liten
