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

// One block of sixteen channels of kPixels output pixels, requantized to
// bytes in channel order and clamped to [min, max] (broadcast int16) into
// out[p]: tap t of pixel p reads taps[t] + p * step + first. Pixels side by
// side share the loads of weights and requantization constants. Compiled
// for the input's signedness, the tap count (0: num_taps decides; 3x3
// filters, all of MobileNet's, fix it) and the requantization's rounding
// and RequantizeShifts, so that none of them is a branch in the inner
// loop.
template <size_t kPixels, bool kSigned, size_t kTaps, bool kTiesUp,
          RequantizeShifts kShifts>
__attribute__((target("avx2"), always_inline)) inline void DepthwiseBlock(
    const uint8_t* const* taps, size_t num_taps, size_t step, size_t first,
    const uint8_t* packed, __m256i min, __m256i max, __m128i* out) {
  const size_t n = kTaps != 0 ? kTaps : num_taps;
  const __m256i* w = reinterpret_cast<const __m256i*>(packed);
  __m256i low[kPixels], high[kPixels];
  for (size_t p = 0; p < kPixels; ++p) {
    low[p] = _mm256_load_si256(w);
    high[p] = _mm256_load_si256(w + 1);
  }
  w += 2;
  size_t t = 0;
  for (; t + 2 <= n; t += 2, w += 2) {
    const __m256i w_low = _mm256_load_si256(w);
    const __m256i w_high = _mm256_load_si256(w + 1);
    for (size_t p = 0; p < kPixels; ++p) {
      const __m256i x0 = WidenTap<kSigned>(taps[t] + p * step + first);
      const __m256i x1 = WidenTap<kSigned>(taps[t + 1] + p * step + first);
      low[p] = _mm256_add_epi32(
          low[p], _mm256_madd_epi16(_mm256_unpacklo_epi16(x0, x1), w_low));
      high[p] = _mm256_add_epi32(
          high[p], _mm256_madd_epi16(_mm256_unpackhi_epi16(x0, x1), w_high));
    }
  }
  if (t < n) {
    // An odd last tap pairs with zeros, whose packed weights are zero too.
    const __m256i w_low = _mm256_load_si256(w);
    const __m256i w_high = _mm256_load_si256(w + 1);
    const __m256i zero = _mm256_setzero_si256();
    for (size_t p = 0; p < kPixels; ++p) {
      const __m256i x0 = WidenTap<kSigned>(taps[t] + p * step + first);
      low[p] = _mm256_add_epi32(
          low[p], _mm256_madd_epi16(_mm256_unpacklo_epi16(x0, zero), w_low));
      high[p] = _mm256_add_epi32(
          high[p], _mm256_madd_epi16(_mm256_unpackhi_epi16(x0, zero), w_high));
    }
    w += 2;
  }
  const Requantization8* stage = reinterpret_cast<const Requantization8*>(w);
  for (size_t p = 0; p < kPixels; ++p) {
    low[p] = Requantize8(low[p], stage[0], kTiesUp, kShifts);
    high[p] = Requantize8(high[p], stage[1], kTiesUp, kShifts);
    // Packing the low and high lanes together puts the channels back in
    // order: {0-3, 4-7} in the low half, {8-11, 12-15} in the high half.
    out[p] = PackToBytes(PackClamped(low[p], high[p], min, max), kSigned);
  }
}

// Every channel of kPixels output pixels, `channels` bytes apart at
// `output`, from the pixels their taps read: pixel p's tap t at
// taps[t] + p * step.
template <size_t kPixels, bool kSigned, size_t kTaps, bool kTiesUp,
          RequantizeShifts kShifts>
__attribute__((target("avx2"))) void DepthwisePixels(
    const uint8_t* const* taps, size_t num_taps, size_t step,
    const QuantizedDepthwiseLayout& layout, uint8_t* output) {
  // Copies: the byte stores below could alias `layout` and `taps` for all
  // the compiler knows, which would make it reload these after every
  // block.
  const uint8_t* packed = layout.packed;
  const size_t block_bytes = layout.block_bytes;
  const size_t channels = layout.channels;
  const __m256i min =
      _mm256_set1_epi16(static_cast<int16_t>(layout.output_min));
  const __m256i max =
      _mm256_set1_epi16(static_cast<int16_t>(layout.output_max));
  const size_t n = kTaps != 0 ? kTaps : num_taps;
  const uint8_t* tap_copies[kMaxTaps];
  std::copy(taps, taps + n, tap_copies);
  __m128i out[kPixels];
  size_t first = 0;
  for (; first + kBlock <= channels; first += kBlock, packed += block_bytes) {
    DepthwiseBlock<kPixels, kSigned, kTaps, kTiesUp, kShifts>(
        tap_copies, n, step, first, packed, min, max, out);
    for (size_t p = 0; p < kPixels; ++p) {
      _mm_storeu_si128(
          reinterpret_cast<__m128i*>(output + p * channels + first), out[p]);
    }
  }
  const size_t count = channels - first;
  if (count == 0) return;
  // The last, partial block reads copies, so that no load passes a pixel's
  // last channel.
  for (size_t p = 0; p < kPixels; ++p) {
    uint8_t copies[kMaxTaps][kBlock] = {};
    const uint8_t* copy_taps[kMaxTaps];
    for (size_t t = 0; t < n; ++t) {
      std::memcpy(copies[t], tap_copies[t] + p * step + first, count);
      copy_taps[t] = copies[t];
    }
    DepthwiseBlock<1, kSigned, kTaps, kTiesUp, kShifts>(copy_taps, n, 0, 0,
                                                        packed, min, max, out);
    StoreBytes(output + p * channels + first, out[0], count);
  }
}

template <size_t kPixels, bool kSigned, size_t kTaps>
QuantizedDepthwisePixelKernel PixelKernelFor(bool ties_up,
                                             RequantizeShifts shifts) {
  return WithRequantization(ties_up, shifts, [](auto ties, auto kind) {
    return &DepthwisePixels<kPixels, kSigned, kTaps, decltype(ties)::value,
                            decltype(kind)::value>;
  });
}

template <size_t kPixels>
QuantizedDepthwisePixelKernel PixelKernelFor(bool input_signed, size_t taps,
                                             bool ties_up,
                                             RequantizeShifts shifts) {
  if (input_signed) {
    return taps == 9 ? PixelKernelFor<kPixels, true, 9>(ties_up, shifts)
                     : PixelKernelFor<kPixels, true, 0>(ties_up, shifts);
  }
  return taps == 9 ? PixelKernelFor<kPixels, false, 9>(ties_up, shifts)
                   : PixelKernelFor<kPixels, false, 0>(ties_up, shifts);
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
      }
    }
  }
  const RequantizeShifts shifts =
      ShiftsOf(output.shifts.data(), output.shifts.size());
  conv->pixel_kernel_ =
      PixelKernelFor<1>(shape.input_signed, taps, output.ties_up, shifts);
  conv->pixel_pair_kernel_ =
      PixelKernelFor<2>(shape.input_signed, taps, output.ties_up, shifts);
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
    // Windows wholly inside the input go two pixels at a time.
    const auto inside = [&](int64_t in_x0) {
      return rows_inside && in_x0 >= 0 && in_x0 + window_width <= in_width;
    };
    const size_t step = static_cast<size_t>(window_.stride_w) * channels;
    for (int32_t out_x = 0; out_x < out_width;) {
      const int64_t in_x0 = static_cast<int64_t>(out_x) * window_.stride_w -
                            window_.cols.padding_before;
      if (inside(in_x0)) {
        const uint8_t* origin =
            image_data +
            static_cast<size_t>(in_y0 * in_width + in_x0) * channels;
        for (size_t t = 0; t < num_taps; ++t) {
          taps[t] = origin + tap_offsets_[t];
        }
        const bool pair =
            out_x + 1 < out_width && inside(in_x0 + window_.stride_w);
        (pair ? pixel_pair_kernel_ : pixel_kernel_)(taps, num_taps, step,
                                                    layout_, out_pixel);
        const int32_t pixels = pair ? 2 : 1;
        out_x += pixels;
        out_pixel += pixels * channels;
        continue;
      }
      for (int32_t fy = 0; fy < shape_.filter_height; ++fy) {
        const int64_t in_y = in_y0 + int64_t{fy} * window_.dilation_h;
        for (int32_t fx = 0; fx < shape_.filter_width; ++fx) {
          const int64_t in_x = in_x0 + int64_t{fx} * window_.dilation_w;
          const bool tap_inside =
              in_y >= 0 && in_y < in_height && in_x >= 0 && in_x < in_width;
          taps[static_cast<size_t>(fy) * shape_.filter_width + fx] =
              tap_inside
                  ? image_data +
                        static_cast<size_t>(in_y * in_width + in_x) * channels
                  : zero_pixel_.data();
        }
      }
      pixel_kernel_(taps, num_taps, step, layout_, out_pixel);
      ++out_x;
      out_pixel += channels;
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
