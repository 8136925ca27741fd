// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/quantize.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/cpu.h"

namespace liten {
namespace {

// Four floats divided by `scale` in double and rounded half away from zero,
// as std::round does, then truncated to int32 (INT32_MIN where that does
// not fit or is NaN, as cvttsd2si gives). The rounding is exact: the
// quotient minus its truncation is exact in double, and compared with 0.5.
__attribute__((target("avx2"))) inline __m128i QuantizeFour(__m128 values,
                                                            __m256d scale) {
  const __m256d quotient = _mm256_div_pd(_mm256_cvtps_pd(values), scale);
  const __m256d truncated =
      _mm256_round_pd(quotient, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m256d sign_bit = _mm256_set1_pd(-0.0);
  const __m256d away = _mm256_cmp_pd(
      _mm256_andnot_pd(sign_bit, _mm256_sub_pd(quotient, truncated)),
      _mm256_set1_pd(0.5), _CMP_GE_OQ);
  // Plus or minus one, with the quotient's sign, where it rounds away.
  const __m256d step = _mm256_and_pd(
      away,
      _mm256_or_pd(_mm256_and_pd(quotient, sign_bit), _mm256_set1_pd(1.0)));
  return _mm256_cvttpd_epi32(_mm256_add_pd(truncated, step));
}

// Sixteen int32 lanes (in two vectors) saturated to bytes, in order:
// saturating to int16 first changes nothing the bytes keep.
__attribute__((target("avx2"))) inline __m128i SaturateToBytes(
    __m256i low, __m256i high, bool output_signed) {
  const __m256i words =
      _mm256_permute4x64_epi64(_mm256_packs_epi32(low, high), 0xD8);
  const __m128i first = _mm256_castsi256_si128(words);
  const __m128i second = _mm256_extracti128_si256(words, 1);
  return output_signed ? _mm_packs_epi16(first, second)
                       : _mm_packus_epi16(first, second);
}

// Calls step(values, first, n) for each sixteen values of `in` from
// `first` on, n of them real: the last, partial step reads a copy padded
// with zeros.
template <typename T, typename Step>
__attribute__((always_inline)) inline void BySixteen(const T* in, size_t count,
                                                     const Step& step) {
  alignas(32) T tail[16] = {};
  for (size_t i = 0; i < count; i += 16) {
    const size_t n = std::min<size_t>(16, count - i);
    const T* x = in + i;
    if (n < 16) {
      std::memcpy(tail, x, n * sizeof(T));
      x = tail;
    }
    step(x, i, n);
  }
}

__attribute__((target("avx2"))) void QuantizeFloatRange(
    const float* in, uint8_t* out, size_t count, double scale,
    int32_t zero_point, bool output_signed) {
  const __m256d scales = _mm256_set1_pd(scale);
  const __m256i zero = _mm256_set1_epi32(zero_point);
  BySixteen(
      in, count,
      [&](const float* x, size_t i, size_t n) __attribute__((target("avx2"))) {
        __m256i halves[2];
        for (size_t h = 0; h < 2; ++h) {
          const __m128i first = QuantizeFour(_mm_loadu_ps(x + 8 * h), scales);
          const __m128i second =
              QuantizeFour(_mm_loadu_ps(x + 8 * h + 4), scales);
          // The zero point wraps as TFLite's int32 addition does.
          halves[h] = _mm256_add_epi32(
              _mm256_inserti128_si256(_mm256_castsi128_si256(first), second, 1),
              zero);
        }
        StoreBytes(out + i,
                   SaturateToBytes(halves[0], halves[1], output_signed), n);
      });
}

template <RequantizeShifts kShifts>
__attribute__((target("avx2"))) void RequantizeRange(
    const uint8_t* in, uint8_t* out, size_t count, bool input_signed,
    int32_t input_zero_point, const Requantization8& requantization,
    bool output_signed) {
  const __m256i zero = _mm256_set1_epi32(input_zero_point);
  BySixteen(
      in, count,
      [&](const uint8_t* x, size_t i,
          size_t n) __attribute__((target("avx2"))) {
        __m256i halves[2];
        for (size_t h = 0; h < 2; ++h) {
          const __m128i raw =
              _mm_loadl_epi64(reinterpret_cast<const __m128i*>(x + 8 * h));
          const __m256i wide = input_signed ? _mm256_cvtepi8_epi32(raw)
                                            : _mm256_cvtepu8_epi32(raw);
          halves[h] = Requantize8(_mm256_sub_epi32(wide, zero), requantization,
                                  /*ties_up=*/false, kShifts);
        }
        StoreBytes(out + i,
                   SaturateToBytes(halves[0], halves[1], output_signed), n);
      });
}

}  // namespace

std::unique_ptr<QuantizeAvx2> QuantizeAvx2::FromFloat(double scale,
                                                      int32_t zero_point,
                                                      bool output_signed,
                                                      int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<QuantizeAvx2> op(new QuantizeAvx2());
  op->from_float_ = true;
  op->scale_ = scale;
  op->zero_point_ = zero_point;
  op->output_signed_ = output_signed;
  op->num_threads_ = std::max(num_threads, 1);
  return op;
}

std::unique_ptr<QuantizeAvx2> QuantizeAvx2::Requantize(
    bool input_signed, int32_t input_zero_point,
    const QuantizedMultiplier& multiplier, int32_t output_zero_point,
    bool output_signed, int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<QuantizeAvx2> op(new QuantizeAvx2());
  op->input_signed_ = input_signed;
  op->input_zero_point_ = input_zero_point;
  for (size_t lane = 0; lane < 8; ++lane) {
    SetRequantizationLane(&op->requantization_, lane, multiplier.multiplier,
                          multiplier.shift, /*ties_up=*/false,
                          output_zero_point);
  }
  op->shifts_ = ShiftsOf(&multiplier.shift, 1);
  op->output_signed_ = output_signed;
  op->num_threads_ = std::max(num_threads, 1);
  return op;
}

void QuantizeAvx2::Run(const void* input, void* output, size_t count,
                       pthreadpool_t threadpool) const {
  uint8_t* out = static_cast<uint8_t*>(output);
  const size_t slices =
      SliceCountForWork(threadpool, num_threads_, MultiplyAdds(count));
  RunSlices(threadpool, slices, [&](size_t slice) {
    const size_t begin = SliceBegin(count, slices, slice);
    const size_t n = SliceBegin(count, slices, slice + 1) - begin;
    if (from_float_) {
      QuantizeFloatRange(static_cast<const float*>(input) + begin, out + begin,
                         n, scale_, zero_point_, output_signed_);
      return;
    }
    const uint8_t* in = static_cast<const uint8_t*>(input) + begin;
    const auto requantize_range = WithRequantization(
        /*ties_up=*/false, shifts_, [](auto, auto shifts) {
          return &RequantizeRange<decltype(shifts)::value>;
        });
    requantize_range(in, out + begin, n, input_signed_, input_zero_point_,
                     requantization_, output_signed_);
  });
}

}  // namespace liten
