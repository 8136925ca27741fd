// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/resize_bilinear.h"

#include <immintrin.h>

#include <algorithm>
#include <limits>

#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"

namespace liten {
namespace {

constexpr int32_t kOne = 1 << 10;  // INT8 weights are in units of 2^-10.

__attribute__((target("avx2"))) inline __m256i LoadEight(const uint8_t* p,
                                                         bool is_signed) {
  const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  return is_signed ? _mm256_cvtepi8_epi32(bytes) : _mm256_cvtepu8_epi32(bytes);
}

// The low byte of each of eight int32 lanes at out[0, 8), as a C++
// conversion to an 8-bit type keeps it.
__attribute__((target("avx2"))) inline void StoreLowBytes(__m256i lanes,
                                                          uint8_t* out) {
  const __m256i low_bytes = _mm256_setr_epi8(
      0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,  //
      0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m256i bytes = _mm256_shuffle_epi8(lanes, low_bytes);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(out),
                   _mm_unpacklo_epi32(_mm256_castsi256_si128(bytes),
                                      _mm256_extracti128_si256(bytes, 1)));
}

// The four input pixels one output pixel blends.
struct Corners {
  const uint8_t* top_left;
  const uint8_t* top_right;
  const uint8_t* bottom_left;
  const uint8_t* bottom_right;
};

// Their weights, broadcast: float for UINT8, fixed point for INT8.
struct FloatWeights {
  __m256 top_left, top_right, bottom_left, bottom_right;
};
struct FixedPointWeights {
  __m256i top_left, top_right, bottom_left, bottom_right;
};

// TFLite's UINT8 sum of eight channels from `at`: each product rounded
// before it is added (this file is compiled without FMA), in TFLite's
// order, plus 0.5, truncated.
__attribute__((target("avx2"))) inline __m256i BlendEight(const Corners& p,
                                                          const FloatWeights& w,
                                                          size_t at) {
  const auto corner = [at](const uint8_t* q) __attribute__((target("avx2"))) {
    return _mm256_cvtepi32_ps(LoadEight(q + at, /*is_signed=*/false));
  };
  __m256 sum = _mm256_mul_ps(corner(p.top_left), w.top_left);
  sum = _mm256_add_ps(sum, _mm256_mul_ps(corner(p.top_right), w.top_right));
  sum = _mm256_add_ps(sum, _mm256_mul_ps(corner(p.bottom_left), w.bottom_left));
  sum =
      _mm256_add_ps(sum, _mm256_mul_ps(corner(p.bottom_right), w.bottom_right));
  return _mm256_cvttps_epi32(_mm256_add_ps(sum, _mm256_set1_ps(0.5f)));
}

// TFLite's INT8 sum (ResizeBilinearInteger) of eight channels from `at`,
// divided by 2^20 rounding half away from zero: the magnitude rounded half
// up, then given the sum's sign.
__attribute__((target("avx2"))) inline __m256i BlendEight(
    const Corners& p, const FixedPointWeights& w, size_t at) {
  const auto corner = [at](const uint8_t* q) __attribute__((target("avx2"))) {
    return LoadEight(q + at, /*is_signed=*/true);
  };
  __m256i sum = _mm256_mullo_epi32(corner(p.top_left), w.top_left);
  sum = _mm256_add_epi32(sum,
                         _mm256_mullo_epi32(corner(p.top_right), w.top_right));
  sum = _mm256_add_epi32(
      sum, _mm256_mullo_epi32(corner(p.bottom_left), w.bottom_left));
  sum = _mm256_add_epi32(
      sum, _mm256_mullo_epi32(corner(p.bottom_right), w.bottom_right));
  const __m256i magnitude = _mm256_srli_epi32(
      _mm256_add_epi32(_mm256_abs_epi32(sum), _mm256_set1_epi32(1 << 19)), 20);
  return _mm256_sign_epi32(magnitude, sum);
}

// The corner weights of an output pixel: for UINT8 the float weights as
// TFLite multiplies them out before any sum, for INT8 the fixed-point ones.
template <bool kSigned>
__attribute__((target("avx2"))) inline auto WeightsOf(
    const BilinearSample& row, const BilinearSample& column) {
  if constexpr (kSigned) {
    const int32_t dy = row.weight;
    const int32_t dx = column.weight;
    return FixedPointWeights{_mm256_set1_epi32((kOne - dy) * (kOne - dx)),
                             _mm256_set1_epi32((kOne - dy) * dx),
                             _mm256_set1_epi32(dy * (kOne - dx)),
                             _mm256_set1_epi32(dy * dx)};
  } else {
    const float dy = row.fraction;
    const float dx = column.fraction;
    return FloatWeights{_mm256_set1_ps((1 - dy) * (1 - dx)),
                        _mm256_set1_ps((1 - dy) * dx),
                        _mm256_set1_ps(dy * (1 - dx)), _mm256_set1_ps(dy * dx)};
  }
}

// Output rows [first, last) of `height` rows an image: every pixel's
// channels eight at a time, the last eight overlapping the ones before
// when the channels are not a multiple of 8.
template <bool kSigned>
__attribute__((target("avx2"))) void ResizeRows(
    const uint8_t* input, size_t input_image_bytes, size_t input_row_bytes,
    const std::vector<BilinearSample>& rows,
    const std::vector<BilinearSample>& columns, size_t channels, size_t first,
    size_t last, uint8_t* output) {
  const size_t height = rows.size();
  uint8_t* out = output + first * columns.size() * channels;
  for (size_t r = first; r < last; ++r) {
    const BilinearSample& row = rows[r % height];
    const uint8_t* image = input + r / height * input_image_bytes;
    const uint8_t* top = image + row.lower * input_row_bytes;
    const uint8_t* bottom = image + row.upper * input_row_bytes;
    for (const BilinearSample& column : columns) {
      const Corners corners = {top + column.lower, top + column.upper,
                               bottom + column.lower, bottom + column.upper};
      const auto weights = WeightsOf<kSigned>(row, column);
      for (size_t c = 0; c < channels; c += 8) {
        const size_t at = std::min(c, channels - 8);
        StoreLowBytes(BlendEight(corners, weights, at), out + at);
      }
      out += channels;
    }
  }
}

}  // namespace

std::unique_ptr<ResizeBilinear8BitAvx2> ResizeBilinear8BitAvx2::Create(
    bool input_signed, int32_t batches, int32_t input_height,
    int32_t input_width, int32_t channels,
    const std::vector<BilinearSample>& rows,
    const std::vector<BilinearSample>& columns, int num_threads) {
  if (!CpuHasAvx2Fma3() || channels < 8) return nullptr;
  // Column offsets are int32 bytes into a row.
  if (int64_t{input_width} * channels > std::numeric_limits<int32_t>::max()) {
    return nullptr;
  }
  if (input_signed) {
    // |sum| <= 128 * (|1 - dy| + |dy|) * (|1 - dx| + |dx|) * 2^20, at most
    // 2^29 with weights in [-1/2, 3/2].
    for (const std::vector<BilinearSample>* axis : {&rows, &columns}) {
      for (const BilinearSample& sample : *axis) {
        if (sample.weight < -kOne / 2 || sample.weight > kOne * 3 / 2) {
          return nullptr;
        }
      }
    }
  }
  std::unique_ptr<ResizeBilinear8BitAvx2> op(new ResizeBilinear8BitAvx2());
  op->input_signed_ = input_signed;
  op->batches_ = batches;
  op->input_height_ = input_height;
  op->channels_ = static_cast<size_t>(channels);
  op->input_row_bytes_ = static_cast<size_t>(input_width) * op->channels_;
  op->rows_ = rows;
  op->columns_ = columns;
  for (BilinearSample& column : op->columns_) {
    column.lower *= channels;
    column.upper *= channels;
  }
  op->num_threads_ = std::max(num_threads, 1);
  return op;
}

size_t ResizeBilinear8BitAvx2::MultiplyAdds() const {
  return static_cast<size_t>(batches_) * rows_.size() * columns_.size() *
         channels_ * 4;
}

bool ResizeBilinear8BitAvx2::SharesWork() const {
  return liten::SharesWork(MultiplyAdds());
}

void ResizeBilinear8BitAvx2::Run(const void* input, void* output,
                                 pthreadpool_t threadpool) const {
  const size_t output_rows = static_cast<size_t>(batches_) * rows_.size();
  const size_t slices = std::min(
      output_rows, SliceCountForWork(threadpool, num_threads_, MultiplyAdds()));
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  const size_t image_bytes = input_height_ * input_row_bytes_;
  RunSlices(threadpool, slices, [&](size_t slice) {
    const size_t first = SliceBegin(output_rows, slices, slice);
    const size_t last = SliceBegin(output_rows, slices, slice + 1);
    if (input_signed_) {
      ResizeRows<true>(in, image_bytes, input_row_bytes_, rows_, columns_,
                       channels_, first, last, out);
    } else {
      ResizeRows<false>(in, image_bytes, input_row_bytes_, rows_, columns_,
                        channels_, first, last, out);
    }
  });
}

}  // namespace liten
