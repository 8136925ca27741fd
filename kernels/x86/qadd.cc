// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/qadd.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/avx2_quantized.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"

namespace liten {
namespace {

// `m` then `zero_point` on all eight lanes, rounding as TFLite's ADD does.
Requantization8 Broadcast(const QuantizedMultiplier& m, int32_t zero_point) {
  Requantization8 r;
  for (size_t lane = 0; lane < 8; ++lane) {
    SetRequantizationLane(&r, lane, m.multiplier, m.shift, /*ties_up=*/false,
                          zero_point);
  }
  return r;
}

// Eight values at `bytes`, widened to int32, plus `offset` (minus the zero
// point), shifted left by kQuantizedAddLeftShift.
__attribute__((target("avx2"))) __m256i LoadOffset(const uint8_t* bytes,
                                                   bool is_signed,
                                                   __m256i offset) {
  const __m128i raw = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(bytes));
  const __m256i wide =
      is_signed ? _mm256_cvtepi8_epi32(raw) : _mm256_cvtepu8_epi32(raw);
  return _mm256_slli_epi32(_mm256_add_epi32(wide, offset),
                           kQuantizedAddLeftShift);
}

__attribute__((target("avx2"))) void AddRange(const QuantizedAddParams& p,
                                              bool is_signed, bool subtract,
                                              const Requantization8* rescale,
                                              const uint8_t* a,
                                              const uint8_t* b, uint8_t* out,
                                              size_t count) {
  const __m256i offset1 = _mm256_set1_epi32(p.offsets.input1);
  const __m256i offset2 = _mm256_set1_epi32(p.offsets.input2);
  const __m256i min = _mm256_set1_epi16(static_cast<int16_t>(p.offsets.min));
  const __m256i max = _mm256_set1_epi16(static_cast<int16_t>(p.offsets.max));
  const RequantizeShifts shifts1 = ShiftsOf(&p.input1.shift, 1);
  const RequantizeShifts shifts2 = ShiftsOf(&p.input2.shift, 1);
  const RequantizeShifts output_shifts = ShiftsOf(&p.output.shift, 1);
  // Sixteen values per step; the last, partial step reads copies.
  alignas(16) uint8_t tail_a[16] = {};
  alignas(16) uint8_t tail_b[16] = {};
  for (size_t i = 0; i < count; i += 16) {
    const size_t n = std::min<size_t>(16, count - i);
    const uint8_t* x = a + i;
    const uint8_t* y = b + i;
    if (n < 16) {
      std::memcpy(tail_a, x, n);
      std::memcpy(tail_b, y, n);
      x = tail_a;
      y = tail_b;
    }
    __m256i results[2];
    for (int half = 0; half < 2; ++half) {
      const __m256i scaled1 =
          Requantize8(LoadOffset(x + 8 * half, is_signed, offset1), rescale[0],
                      /*ties_up=*/false, shifts1);
      const __m256i scaled2 =
          Requantize8(LoadOffset(y + 8 * half, is_signed, offset2), rescale[1],
                      /*ties_up=*/false, shifts2);
      const __m256i raw = subtract ? _mm256_sub_epi32(scaled1, scaled2)
                                   : _mm256_add_epi32(scaled1, scaled2);
      results[half] =
          Requantize8(raw, rescale[2], /*ties_up=*/false, output_shifts);
    }
    // int32 -> int16 interleaves the 128-bit halves; put them back in order.
    StoreBytes(
        out + i,
        PackToBytes(_mm256_permute4x64_epi64(
                        PackClamped(results[0], results[1], min, max), 0xD8),
                    is_signed),
        n);
  }
}

}  // namespace

std::unique_ptr<QuantizedAddAvx2> QuantizedAddAvx2::Create(
    const QuantizedAddParams& params, bool is_signed, bool subtract,
    int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<QuantizedAddAvx2> op(new QuantizedAddAvx2());
  op->params_ = params;
  op->is_signed_ = is_signed;
  op->subtract_ = subtract;
  op->rescale_[0] = Broadcast(params.input1, 0);
  op->rescale_[1] = Broadcast(params.input2, 0);
  op->rescale_[2] = Broadcast(params.output, params.offsets.output);
  op->num_threads_ = std::max(num_threads, 1);
  return op;
}

void QuantizedAddAvx2::Run(const void* a, const void* b, void* out,
                           size_t count, pthreadpool_t threadpool) const {
  const uint8_t* x = static_cast<const uint8_t*>(a);
  const uint8_t* y = static_cast<const uint8_t*>(b);
  uint8_t* z = static_cast<uint8_t*>(out);
  const size_t slices =
      SliceCountForWork(threadpool, num_threads_, MultiplyAdds(count));
  RunSlices(threadpool, slices, [&](size_t slice) {
    const size_t begin = SliceBegin(count, slices, slice);
    const size_t end = SliceBegin(count, slices, slice + 1);
    AddRange(params_, is_signed_, subtract_, rescale_, x + begin, y + begin,
             z + begin, end - begin);
  });
}

}  // namespace liten
