// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// TFLite's requantization of int32 accumulators to 8-bit outputs, eight
// lanes at a time, for liten's quantized AVX2 kernels: bit for bit what
// TFLite's scalar MultiplyByQuantizedMultiplier computes, or, with ties_up,
// ruy's x86 kernels (RuyMultiplyByQuantizedMultiplier in
// kernels/quantization_util.h). Include only from
// files whose callers check CpuHasAvx2Fma3() first.
#ifndef LITEN_KERNELS_X86_AVX2_QUANTIZED_H_
#define LITEN_KERNELS_X86_AVX2_QUANTIZED_H_

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace liten {

// (product + nudge) / 2^31 truncated toward zero, on four 64-bit lanes,
// with nudge 2^30 for a non-negative product and 1 - 2^30 for a negative
// one: gemmlowp's rounding of the high half of a doubled product. The
// quotient fits in 32 bits, so a logical shift gives its low dword right.
__attribute__((target("avx2"))) inline __m256i RoundedHighHalf(
    __m256i product) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i negative = _mm256_cmpgt_epi64(zero, product);
  __m256i sum = _mm256_add_epi64(
      product,
      _mm256_blendv_epi8(_mm256_set1_epi64x(int64_t{1} << 30),
                         _mm256_set1_epi64x(1 - (int64_t{1} << 30)), negative));
  sum = _mm256_add_epi64(
      sum, _mm256_and_si256(_mm256_cmpgt_epi64(zero, sum),
                            _mm256_set1_epi64x((int64_t{1} << 31) - 1)));
  return _mm256_srli_epi64(sum, 31);
}

// TFLite's MultiplyByQuantizedMultiplier on eight lanes: x shifted left,
// gemmlowp's SaturatingRoundingDoublingHighMul by the multiplier, then
// RoundingDivideByPOT. The multiplier is in [2^30, 2^31) (or 0), never
// INT32_MIN, so the high multiply's one saturating case cannot occur.
__attribute__((target("avx2"))) inline __m256i MultiplyByQuantizedMultiplier8(
    __m256i x, __m256i multiplier, __m256i left_shift, __m256i right_shift,
    bool ties_up) {
  const __m256i zero = _mm256_setzero_si256();
  x = _mm256_sllv_epi32(x, left_shift);
  const __m256i even = RoundedHighHalf(_mm256_mul_epi32(x, multiplier));
  const __m256i odd = RoundedHighHalf(_mm256_mul_epi32(
      _mm256_srli_epi64(x, 32), _mm256_srli_epi64(multiplier, 32)));
  x = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  // Division by 2^right_shift rounding half away from zero (ties of
  // negative values need a remainder one larger to round down), or half up.
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i mask =
      _mm256_sub_epi32(_mm256_sllv_epi32(one, right_shift), one);
  const __m256i remainder = _mm256_and_si256(x, mask);
  __m256i threshold = _mm256_srli_epi32(mask, 1);
  if (!ties_up) {
    threshold = _mm256_add_epi32(
        threshold, _mm256_and_si256(_mm256_cmpgt_epi32(zero, x), one));
  }
  return _mm256_sub_epi32(_mm256_srav_epi32(x, right_shift),
                          _mm256_cmpgt_epi32(remainder, threshold));
}

// MultiplyByQuantizedMultiplier8, plus the output zero point, clamped to
// [min, max].
__attribute__((target("avx2"))) inline __m256i RequantizeToRange(
    __m256i acc, __m256i multiplier, __m256i left_shift, __m256i right_shift,
    bool ties_up, int32_t zero_point, int32_t min, int32_t max) {
  const __m256i y = _mm256_add_epi32(
      MultiplyByQuantizedMultiplier8(acc, multiplier, left_shift, right_shift,
                                     ties_up),
      _mm256_set1_epi32(zero_point));
  return _mm256_min_epi32(_mm256_max_epi32(y, _mm256_set1_epi32(min)),
                          _mm256_set1_epi32(max));
}

// Sixteen int16 values, in order, to bytes. They are clamped into the
// output type already, so saturation never acts.
__attribute__((target("avx2"))) inline __m128i PackToBytes(__m256i words,
                                                            bool is_signed) {
  const __m128i low = _mm256_castsi256_si128(words);
  const __m128i high = _mm256_extracti128_si256(words, 1);
  return is_signed ? _mm_packs_epi16(low, high) : _mm_packus_epi16(low, high);
}

// Stores the first `count` (at most 16) of `bytes` at `out`.
__attribute__((target("avx2"))) inline void StoreBytes(uint8_t* out,
                                                       __m128i bytes,
                                                       size_t count) {
  if (count >= 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), bytes);
    return;
  }
  alignas(16) uint8_t all[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(all), bytes);
  std::memcpy(out, all, count);
}

}  // namespace liten

#endif  // LITEN_KERNELS_X86_AVX2_QUANTIZED_H_
