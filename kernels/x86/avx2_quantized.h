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
#include <type_traits>

#include "kernels/quantization_util.h"

namespace liten {

// TFLite's MultiplyByQuantizedMultiplier(x, m, shift) is
//
//   y = SaturatingRoundingDoublingHighMul(x << left, m)
//     = floor((x * m + 2^30) / 2^31)
//
// (gemmlowp's nudge of 1 - 2^30 for negative products, with truncation
// toward zero, comes to the same floor), then RoundingDivideByPOT(y, right):
// floor((y + 2^(right-1) - [y < 0]) / 2^right) for right > 0. Nested
// floors of integers fold into one, so the whole is
//
//   floor((x * m + 2^30 + 2^(30+right) - [x * m < -2^30] * 2^31)
//         / 2^(31+right))
//
// one 64-bit add and shift per lane (ruy's rounding, ties up, drops the
// [x * m < -2^30] term). AVX2 has no 64-bit arithmetic shift: adding 2^62
// first keeps the sum non-negative (|x * m| < 2^62), so a logical shift
// gives the same quotient plus 2^(31-right), which is subtracted after.
//
// When every lane shifts right (right >= 1), the shift splits in two, as
// nested floors again allow: the high 32 bits of each 64-bit sum are its
// floor over 2^32, taken with a shuffle, and a 32-bit shift by right - 1
// finishes. That matters on CPUs like Zen 2, which issue a shift by counts
// per lane only every other cycle: this way takes one such shift per eight
// lanes instead of two and two fixed ones, and none when all lanes share
// one count (RequantizeShifts::kEqualRight). With right >= 1 the
// condition [x * m < -2^30] may also be read as [x < 0] (m >= 0): where
// the two differ, x < 0 and -2^30 <= x * m <= 0, the quotient is 0 with
// the 2^31 subtracted or without. The sign of x takes a 32-bit shift,
// where a 64-bit compare would queue with the multiplies (and vpmaddwd)
// on Zen 2's one vector multiply pipe.
//
// Requantization8 holds these constants for eight lanes (output channels),
// set once at prepare time, with the output zero point folded into the
// final subtraction; lanes left zero give zero.
struct alignas(32) Requantization8 {
  int32_t multiplier[8];      // _mm256_mul_epi32 reads the even lanes.
  int64_t odd_multiplier[4];  // Those of the odd lanes.
  int32_t left_shift[8];
  // Per 64-bit lane: [0] for the even int32 lanes, [1] for the odd ones.
  int64_t offset[2][4];
  int64_t shift[2][4];
  int64_t negative_adjust[2][4];
  int32_t high_shift[8];  // right - 1, for lanes that all shift right.
  int32_t correction[8];  // 2^(31-right) minus the zero point, wrapping.
};

// Sets lane `lane` of `r` for TFLite's quantized multiplier and shift
// (positive: left), rounding ties of the final shift up when `ties_up`
// (ruy), else away from zero, then adding `zero_point`. `shift` is in
// [-31, 31].
inline void SetRequantizationLane(Requantization8* r, size_t lane,
                                  int32_t multiplier, int32_t shift,
                                  bool ties_up, int32_t zero_point) {
  const int right = shift > 0 ? 0 : -shift;
  const size_t parity = lane % 2;
  const size_t slot = lane / 2;
  if (parity == 0) {
    r->multiplier[lane] = multiplier;
  } else {
    r->odd_multiplier[slot] = multiplier;
  }
  r->left_shift[lane] = shift > 0 ? shift : 0;
  r->offset[parity][slot] = (int64_t{1} << 62) + (int64_t{1} << 30) +
                            (right > 0 ? int64_t{1} << (30 + right) : 0);
  r->shift[parity][slot] = 31 + right;
  r->high_shift[lane] = right > 0 ? right - 1 : 0;
  r->negative_adjust[parity][slot] =
      !ties_up && right > 0 ? int64_t{1} << 31 : 0;
  r->correction[lane] = static_cast<int32_t>((uint32_t{1} << (31 - right)) -
                                             static_cast<uint32_t>(zero_point));
}

__attribute__((target("avx2"))) inline __m256i LoadLanes(const void* p) {
  return _mm256_load_si256(static_cast<const __m256i*>(p));
}

// The requantized value of eight int32 lanes, zero point added, taking the
// shortest way that `shifts` (true of `r`) allows.
__attribute__((target("avx2"))) inline __m256i Requantize8(
    __m256i x, const Requantization8& r, bool ties_up,
    RequantizeShifts shifts) {
  const bool right_shifts_only = shifts != RequantizeShifts::kAny;
  if (!right_shifts_only) x = _mm256_sllv_epi32(x, LoadLanes(r.left_shift));
  // _mm256_mul_epi32 reads the low half of each 64-bit lane.
  __m256i even = _mm256_mul_epi32(x, LoadLanes(r.multiplier));
  __m256i odd = _mm256_mul_epi32(_mm256_shuffle_epi32(x, 0xF5),
                                 LoadLanes(r.odd_multiplier));
  if (!ties_up) {
    __m256i even_negative, odd_negative;  // All ones where adjusted.
    if (right_shifts_only) {
      const __m256i negative = _mm256_srai_epi32(x, 31);
      even_negative = _mm256_shuffle_epi32(negative, 0xA0);
      odd_negative = _mm256_shuffle_epi32(negative, 0xF5);
    } else {
      const __m256i limit = _mm256_set1_epi64x(-(int64_t{1} << 30));
      even_negative = _mm256_cmpgt_epi64(limit, even);
      odd_negative = _mm256_cmpgt_epi64(limit, odd);
    }
    even = _mm256_sub_epi64(
        even, _mm256_and_si256(even_negative, LoadLanes(r.negative_adjust[0])));
    odd = _mm256_sub_epi64(
        odd, _mm256_and_si256(odd_negative, LoadLanes(r.negative_adjust[1])));
  }
  even = _mm256_add_epi64(even, LoadLanes(r.offset[0]));
  odd = _mm256_add_epi64(odd, LoadLanes(r.offset[1]));
  __m256i y;
  if (right_shifts_only) {
    const __m256i high =
        _mm256_blend_epi32(_mm256_shuffle_epi32(even, 0xF5), odd, 0xAA);
    y = shifts == RequantizeShifts::kEqualRight
            ? _mm256_srl_epi32(high, _mm_cvtsi32_si128(r.high_shift[0]))
            : _mm256_srlv_epi32(high, LoadLanes(r.high_shift));
  } else {
    even = _mm256_srlv_epi64(even, LoadLanes(r.shift[0]));
    odd = _mm256_srlv_epi64(odd, LoadLanes(r.shift[1]));
    y = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  }
  return _mm256_sub_epi32(y, LoadLanes(r.correction));
}

// Returns pick(ties_up, shifts) with both passed as compile-time constants
// (std::integral_constant): how a kernel takes the instantiation of itself
// whose Requantize8 calls are specialized for the rounding and the shifts
// of its output, once, when it is prepared.
template <typename Pick>
auto WithRequantization(bool ties_up, RequantizeShifts shifts,
                        const Pick& pick) {
  using Shifts = RequantizeShifts;
  const auto with_shifts = [shifts, &pick](auto ties) {
    switch (shifts) {
      case Shifts::kAny:
        return pick(ties, std::integral_constant<Shifts, Shifts::kAny>());
      case Shifts::kRight:
        return pick(ties, std::integral_constant<Shifts, Shifts::kRight>());
      case Shifts::kEqualRight:
        break;
    }
    return pick(ties, std::integral_constant<Shifts, Shifts::kEqualRight>());
  };
  return ties_up ? with_shifts(std::true_type())
                 : with_shifts(std::false_type());
}

// Two vectors of Requantize8 results as sixteen int16 lanes clamped to
// [min, max] (broadcast int16), in _mm256_packs_epi32's order: a's lanes
// 0-3, b's 0-3, a's 4-7, b's 4-7. Saturating to int16 first changes
// nothing, since [min, max] lies within 8 bits.
__attribute__((target("avx2"))) inline __m256i PackClamped(__m256i a, __m256i b,
                                                           __m256i min,
                                                           __m256i max) {
  return _mm256_min_epi16(_mm256_max_epi16(_mm256_packs_epi32(a, b), min), max);
}

// Sixteen 8-bit values at `src` (signed when `is_signed`), widened to
// int16, minus `zero_point` (on every lane), stored at `dest`.
__attribute__((target("avx2"))) inline void WidenSixteen(const uint8_t* src,
                                                         bool is_signed,
                                                         __m256i zero_point,
                                                         int16_t* dest) {
  const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
  const __m256i wide =
      is_signed ? _mm256_cvtepi8_epi16(raw) : _mm256_cvtepu8_epi16(raw);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(dest),
                      _mm256_sub_epi16(wide, zero_point));
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
