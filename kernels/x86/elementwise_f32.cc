// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/elementwise_f32.h"

#include <immintrin.h>

#include <cstring>

#include "kernels/x86/avx2_util.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"

namespace liten {
namespace {

template <BinaryOperation kOperation>
__attribute__((target("avx2"))) inline __m256 Apply(__m256 a, __m256 b) {
  return kOperation == BinaryOperation::kAdd ? _mm256_add_ps(a, b)
                                             : _mm256_mul_ps(a, b);
}

template <BinaryOperation kOperation>
__attribute__((target("avx2"))) void BinaryRange(const float* a, const float* b,
                                                 float* out, size_t count,
                                                 float min, float max) {
  const __m256 lo = _mm256_set1_ps(min);
  const __m256 hi = _mm256_set1_ps(max);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m256 y =
        Apply<kOperation>(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    _mm256_storeu_ps(out + i, _mm256_min_ps(_mm256_max_ps(y, lo), hi));
  }
  if (i < count) {
    const __m256i mask = LeadingLanes(count - i);
    const __m256 y = Apply<kOperation>(_mm256_maskload_ps(a + i, mask),
                                       _mm256_maskload_ps(b + i, mask));
    StoreLanes(out + i, _mm256_min_ps(_mm256_max_ps(y, lo), hi), count - i);
  }
}

// `pixels` pixels of `channels`; slopes padded with zeros to a multiple of 8.
__attribute__((target("avx2"))) void PReluRange(const float* input,
                                                const float* slopes,
                                                size_t channels, float* out,
                                                size_t pixels) {
  const __m256 zero = _mm256_setzero_ps();
  for (size_t p = 0; p < pixels; ++p, input += channels, out += channels) {
    size_t c = 0;
    for (; c + 8 <= channels; c += 8) {
      const __m256 x = _mm256_loadu_ps(input + c);
      const __m256 negative = _mm256_mul_ps(x, _mm256_load_ps(slopes + c));
      // TFLite keeps x where x >= 0.
      _mm256_storeu_ps(
          out + c,
          _mm256_blendv_ps(x, negative, _mm256_cmp_ps(x, zero, _CMP_LT_OQ)));
    }
    if (c < channels) {
      const __m256 x =
          _mm256_maskload_ps(input + c, LeadingLanes(channels - c));
      const __m256 negative = _mm256_mul_ps(x, _mm256_load_ps(slopes + c));
      StoreLanes(
          out + c,
          _mm256_blendv_ps(x, negative, _mm256_cmp_ps(x, zero, _CMP_LT_OQ)),
          channels - c);
    }
  }
}

}  // namespace

std::unique_ptr<BinaryF32Avx2> BinaryF32Avx2::Create(
    BinaryOperation operation, const ActivationRange& clamp, int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<BinaryF32Avx2> op(new BinaryF32Avx2());
  op->operation_ = operation;
  op->clamp_ = clamp;
  op->num_threads_ = num_threads;
  return op;
}

void BinaryF32Avx2::Run(const float* a, const float* b, float* out,
                        size_t count, pthreadpool_t threadpool) const {
  const size_t slices = SliceCount(threadpool, num_threads_);
  RunSlices(threadpool, slices, [&](size_t slice) {
    const size_t begin = SliceBegin(count, slices, slice);
    const size_t end = SliceBegin(count, slices, slice + 1);
    if (operation_ == BinaryOperation::kAdd) {
      BinaryRange<BinaryOperation::kAdd>(a + begin, b + begin, out + begin,
                                         end - begin, clamp_.min, clamp_.max);
    } else {
      BinaryRange<BinaryOperation::kMultiply>(a + begin, b + begin, out + begin,
                                              end - begin, clamp_.min,
                                              clamp_.max);
    }
  });
}

std::unique_ptr<PReluF32Avx2> PReluF32Avx2::Create(int32_t channels,
                                                   const float* slopes,
                                                   int num_threads) {
  if (!CpuHasAvx2Fma3()) return nullptr;
  std::unique_ptr<PReluF32Avx2> op(new PReluF32Avx2());
  op->channels_ = static_cast<size_t>(channels);
  op->padded_channels_ = (op->channels_ + 7) / 8 * 8;
  op->num_threads_ = num_threads;
  void* memory = nullptr;
  if (posix_memalign(&memory, 32, op->packed_bytes()) != 0) return nullptr;
  op->slopes_.reset(static_cast<float*>(memory));
  std::memset(memory, 0, op->packed_bytes());
  std::memcpy(memory, slopes, op->channels_ * sizeof(float));
  return op;
}

void PReluF32Avx2::Run(const float* input, float* out, size_t pixels,
                       pthreadpool_t threadpool) const {
  const size_t slices = SliceCount(threadpool, num_threads_);
  RunSlices(threadpool, slices, [&](size_t slice) {
    const size_t begin = SliceBegin(pixels, slices, slice) * channels_;
    const size_t end = SliceBegin(pixels, slices, slice + 1) * channels_;
    PReluRange(input + begin, slopes_.get(), channels_, out + begin,
               (end - begin) / channels_);
  });
}

}  // namespace liten
