// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/qbinary.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/avx2_quantized.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"

namespace liten {
namespace {

// `m` then `zero_point` on all eight lanes, rounding as TFLite's ADD and
// MUL do.
Requantization8 Broadcast(const QuantizedMultiplier& m, int32_t zero_point) {
  Requantization8 r;
  for (size_t lane = 0; lane < 8; ++lane) {
    SetRequantizationLane(&r, lane, m.multiplier, m.shift, /*ties_up=*/false,
                          zero_point);
  }
  return r;
}

// Eight values at `bytes`, widened to int32, plus `offset` (minus the zero
// point), shifted left by `left_shift`.
__attribute__((target("avx2"))) __m256i LoadOffset(const uint8_t* bytes,
                                                   bool is_signed,
                                                   __m256i offset,
                                                   int left_shift) {
  const __m128i raw = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(bytes));
  const __m256i wide =
      is_signed ? _mm256_cvtepi8_epi32(raw) : _mm256_cvtepu8_epi32(raw);
  return _mm256_slli_epi32(_mm256_add_epi32(wide, offset), left_shift);
}

// The int32 results of eight elements at x and y, zero point added.
template <QuantizedBinaryOperation kOperation>
__attribute__((target("avx2"), always_inline)) inline __m256i Combine8(
    const uint8_t* x, const uint8_t* y, bool is_signed, __m256i offset1,
    __m256i offset2, const Requantization8* rescale,
    const RequantizeShifts* shifts) {
  if (kOperation == QuantizedBinaryOperation::kMultiply) {
    // Both factors lie in [-255, 255]: the product is exact in int32.
    const __m256i product =
        _mm256_mullo_epi32(LoadOffset(x, is_signed, offset1, 0),
                           LoadOffset(y, is_signed, offset2, 0));
    return Requantize8(product, rescale[2], /*ties_up=*/false, shifts[2]);
  }
  const __m256i scaled1 = Requantize8(
      LoadOffset(x, is_signed, offset1, kQuantizedAddLeftShift), rescale[0],
      /*ties_up=*/false, shifts[0]);
  const __m256i scaled2 = Requantize8(
      LoadOffset(y, is_signed, offset2, kQuantizedAddLeftShift), rescale[1],
      /*ties_up=*/false, shifts[1]);
  const __m256i raw = kOperation == QuantizedBinaryOperation::kSubtract
                          ? _mm256_sub_epi32(scaled1, scaled2)
                          : _mm256_add_epi32(scaled1, scaled2);
  return Requantize8(raw, rescale[2], /*ties_up=*/false, shifts[2]);
}

template <QuantizedBinaryOperation kOperation>
__attribute__((target("avx2"))) void BinaryRange(
    const QuantizedOffsets& offsets, bool is_signed,
    const Requantization8* rescale, const RequantizeShifts* shifts,
    const uint8_t* a, const uint8_t* b, uint8_t* out, size_t count) {
  const __m256i offset1 = _mm256_set1_epi32(offsets.input1);
  const __m256i offset2 = _mm256_set1_epi32(offsets.input2);
  const __m256i min = _mm256_set1_epi16(static_cast<int16_t>(offsets.min));
  const __m256i max = _mm256_set1_epi16(static_cast<int16_t>(offsets.max));
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
    const __m256i low = Combine8<kOperation>(x, y, is_signed, offset1, offset2,
                                             rescale, shifts);
    const __m256i high = Combine8<kOperation>(x + 8, y + 8, is_signed, offset1,
                                              offset2, rescale, shifts);
    // int32 -> int16 interleaves the 128-bit halves; put them back in order.
    StoreBytes(out + i,
               PackToBytes(_mm256_permute4x64_epi64(
                               PackClamped(low, high, min, max), 0xD8),
                           is_signed),
               n);
  }
}

}  // namespace

std::unique_ptr<QuantizedBinaryAvx2> QuantizedBinaryAvx2::Create(
    const QuantizedAddParams& params, bool is_signed, bool subtract,
    int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<QuantizedBinaryAvx2> op(new QuantizedBinaryAvx2());
  op->operation_ = subtract ? QuantizedBinaryOperation::kSubtract
                            : QuantizedBinaryOperation::kAdd;
  op->offsets_ = params.offsets;
  op->is_signed_ = is_signed;
  op->rescale_[0] = Broadcast(params.input1, 0);
  op->rescale_[1] = Broadcast(params.input2, 0);
  op->rescale_[2] = Broadcast(params.output, params.offsets.output);
  op->shifts_[0] = ShiftsOf(&params.input1.shift, 1);
  op->shifts_[1] = ShiftsOf(&params.input2.shift, 1);
  op->shifts_[2] = ShiftsOf(&params.output.shift, 1);
  op->num_threads_ = std::max(num_threads, 1);
  return op;
}

std::unique_ptr<QuantizedBinaryAvx2> QuantizedBinaryAvx2::Create(
    const QuantizedMulParams& params, bool is_signed, int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<QuantizedBinaryAvx2> op(new QuantizedBinaryAvx2());
  op->operation_ = QuantizedBinaryOperation::kMultiply;
  op->offsets_ = params.offsets;
  op->is_signed_ = is_signed;
  op->rescale_[2] = Broadcast(params.output, params.offsets.output);
  op->shifts_[2] = ShiftsOf(&params.output.shift, 1);
  op->num_threads_ = std::max(num_threads, 1);
  return op;
}

void QuantizedBinaryAvx2::Run(const void* a, const void* b, void* out,
                              size_t count, pthreadpool_t threadpool) const {
  const uint8_t* x = static_cast<const uint8_t*>(a);
  const uint8_t* y = static_cast<const uint8_t*>(b);
  uint8_t* z = static_cast<uint8_t*>(out);
  const auto range = operation_ == QuantizedBinaryOperation::kMultiply
                         ? BinaryRange<QuantizedBinaryOperation::kMultiply>
                     : operation_ == QuantizedBinaryOperation::kSubtract
                         ? BinaryRange<QuantizedBinaryOperation::kSubtract>
                         : BinaryRange<QuantizedBinaryOperation::kAdd>;
  const size_t slices =
      SliceCountForWork(threadpool, num_threads_, MultiplyAdds(count));
  RunSlices(threadpool, slices, [&](size_t slice) {
    const size_t begin = SliceBegin(count, slices, slice);
    const size_t end = SliceBegin(count, slices, slice + 1);
    range(offsets_, is_signed_, rescale_, shifts_, x + begin, y + begin,
          z + begin, end - begin);
  });
}

}  // namespace liten
