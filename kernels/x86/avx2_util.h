// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Small helpers the AVX2 microkernels share. Include only from files whose
// callers check CpuHasAvx2Fma3() first.
#ifndef LITEN_KERNELS_X86_AVX2_UTIL_H_
#define LITEN_KERNELS_X86_AVX2_UTIL_H_

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace liten {

// Eight lanes on, then eight off: 8 - count lanes into it starts a mask of
// `count` leading lanes.
alignas(32) inline constexpr int32_t kAvx2LaneMask[16] = {
    -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

// A mask of the first `count` (0 to 8) lanes, for maskload and maskstore.
__attribute__((target("avx2"))) inline __m256i LeadingLanes(size_t count) {
  return _mm256_loadu_si256(
      reinterpret_cast<const __m256i*>(kAvx2LaneMask + 8 - count));
}

// Stores the first `count` lanes of `value` at `out`: all 8 when count >= 8.
// Partial stores go 4, 2 and 1 lanes at a time: AMD's Zen cores run a
// masked store (vmaskmovps) as a slow microcoded sequence.
__attribute__((target("avx2"))) inline void StoreLanes(float* out, __m256 value,
                                                       size_t count) {
  if (count >= 8) {
    _mm256_storeu_ps(out, value);
    return;
  }
  __m128 part = _mm256_castps256_ps128(value);
  if (count & 4) {
    _mm_storeu_ps(out, part);
    part = _mm256_extractf128_ps(value, 1);
    out += 4;
  }
  if (count & 2) {
    _mm_storel_pi(reinterpret_cast<__m64*>(out), part);
    part = _mm_movehl_ps(part, part);
    out += 2;
  }
  if (count & 1) _mm_store_ss(out, part);
}

// Copies `count` floats from `source` to `dest`, 8 at a time: for the short
// runs of a gathered convolution window, where a call to memcpy costs more
// than the copy.
__attribute__((target("avx2"))) inline void CopyFloats(float* dest,
                                                       const float* source,
                                                       size_t count) {
  for (; count >= 8; count -= 8, source += 8, dest += 8) {
    _mm256_storeu_ps(dest, _mm256_loadu_ps(source));
  }
  if (count & 4) {
    _mm_storeu_ps(dest, _mm_loadu_ps(source));
    source += 4;
    dest += 4;
  }
  if (count & 2) {
    _mm_storel_pi(
        reinterpret_cast<__m64*>(dest),
        _mm_loadl_pi(_mm_setzero_ps(), reinterpret_cast<const __m64*>(source)));
    source += 2;
    dest += 2;
  }
  if (count & 1) *dest = *source;
}

// Sets `count` floats at `dest` to 0.
__attribute__((target("avx2"))) inline void ZeroFloats(float* dest,
                                                       size_t count) {
  for (; count >= 8; count -= 8, dest += 8) {
    _mm256_storeu_ps(dest, _mm256_setzero_ps());
  }
  if (count > 0) StoreLanes(dest, _mm256_setzero_ps(), count);
}

}  // namespace liten

#endif  // LITEN_KERNELS_X86_AVX2_UTIL_H_
