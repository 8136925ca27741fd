// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/gemm_f32.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/avx2_util.h"

namespace liten {
namespace {

constexpr size_t kPanelWidth = 16;

// One row of a microkernel's block, clamped to [lo, hi]: the first `nc` of
// its kWidth channels.
template <size_t kWidth>
__attribute__((target("avx2,fma"))) inline void StoreRow(float* row, __m256 v0,
                                                         __m256 v1, __m256 lo,
                                                         __m256 hi, size_t nc) {
  StoreLanes(row, _mm256_min_ps(_mm256_max_ps(v0, lo), hi), nc);
  if (kWidth == 16 && nc > 8) {
    StoreLanes(row + 8, _mm256_min_ps(_mm256_max_ps(v1, lo), hi), nc - 8);
  }
}

// C[mr x nc] = clamp(bias + A[mr x k] * panel): kWidth (16 or 8) output
// channels of which the first nc are stored. Rows past mr repeat the last
// valid row of A, so every load stays inside A, and are not stored.
template <size_t kWidth>
__attribute__((target("avx2,fma"))) void GemmMicrokernel(
    size_t mr, size_t nc, const GemmTileRows& a, const float* w, float* c,
    size_t c_stride, float min, float max) {
  __m256 c00 = _mm256_load_ps(w);
  __m256 c01 = kWidth == 16 ? _mm256_load_ps(w + 8) : _mm256_setzero_ps();
  __m256 c10 = c00, c11 = c01, c20 = c00, c21 = c01;
  __m256 c30 = c00, c31 = c01, c40 = c00, c41 = c01, c50 = c00, c51 = c01;
  w += kWidth;
  for (size_t segment = 0; segment < a.segments; ++segment) {
    const float* const* starts = a.starts + segment * kGemmTileRows;
    const float* a0 = starts[0];
    const float* a1 = mr > 1 ? starts[1] : a0;
    const float* a2 = mr > 2 ? starts[2] : a1;
    const float* a3 = mr > 3 ? starts[3] : a2;
    const float* a4 = mr > 4 ? starts[4] : a3;
    const float* a5 = mr > 5 ? starts[5] : a4;
    for (size_t i = 0; i < a.segment_length; ++i) {
      const __m256 b0 = _mm256_load_ps(w);
      if constexpr (kWidth == 16) {
        const __m256 b1 = _mm256_load_ps(w + 8);
        __m256 x = _mm256_broadcast_ss(a0 + i);
        c00 = _mm256_fmadd_ps(x, b0, c00);
        c01 = _mm256_fmadd_ps(x, b1, c01);
        x = _mm256_broadcast_ss(a1 + i);
        c10 = _mm256_fmadd_ps(x, b0, c10);
        c11 = _mm256_fmadd_ps(x, b1, c11);
        x = _mm256_broadcast_ss(a2 + i);
        c20 = _mm256_fmadd_ps(x, b0, c20);
        c21 = _mm256_fmadd_ps(x, b1, c21);
        x = _mm256_broadcast_ss(a3 + i);
        c30 = _mm256_fmadd_ps(x, b0, c30);
        c31 = _mm256_fmadd_ps(x, b1, c31);
        x = _mm256_broadcast_ss(a4 + i);
        c40 = _mm256_fmadd_ps(x, b0, c40);
        c41 = _mm256_fmadd_ps(x, b1, c41);
        x = _mm256_broadcast_ss(a5 + i);
        c50 = _mm256_fmadd_ps(x, b0, c50);
        c51 = _mm256_fmadd_ps(x, b1, c51);
      } else {
        c00 = _mm256_fmadd_ps(_mm256_broadcast_ss(a0 + i), b0, c00);
        c10 = _mm256_fmadd_ps(_mm256_broadcast_ss(a1 + i), b0, c10);
        c20 = _mm256_fmadd_ps(_mm256_broadcast_ss(a2 + i), b0, c20);
        c30 = _mm256_fmadd_ps(_mm256_broadcast_ss(a3 + i), b0, c30);
        c40 = _mm256_fmadd_ps(_mm256_broadcast_ss(a4 + i), b0, c40);
        c50 = _mm256_fmadd_ps(_mm256_broadcast_ss(a5 + i), b0, c50);
      }
      w += kWidth;
    }
  }

  const __m256 lo = _mm256_set1_ps(min);
  const __m256 hi = _mm256_set1_ps(max);
  StoreRow<kWidth>(c, c00, c01, lo, hi, nc);
  if (mr > 1) StoreRow<kWidth>(c + c_stride, c10, c11, lo, hi, nc);
  if (mr > 2) StoreRow<kWidth>(c + 2 * c_stride, c20, c21, lo, hi, nc);
  if (mr > 3) StoreRow<kWidth>(c + 3 * c_stride, c30, c31, lo, hi, nc);
  if (mr > 4) StoreRow<kWidth>(c + 4 * c_stride, c40, c41, lo, hi, nc);
  if (mr > 5) StoreRow<kWidth>(c + 5 * c_stride, c50, c51, lo, hi, nc);
}

}  // namespace

std::unique_ptr<PackedGemmWeights> PackedGemmWeights::Pack(int32_t n, int32_t k,
                                                           const float* weights,
                                                           const float* bias) {
  std::unique_ptr<PackedGemmWeights> packed(new PackedGemmWeights());
  packed->n_ = n;
  packed->k_ = k;
  packed->num_panels_ =
      (static_cast<size_t>(n) + kPanelWidth - 1) / kPanelWidth;
  packed->panel_floats_ = kPanelWidth * (static_cast<size_t>(k) + 1);
  packed->floats_ = packed->num_panels_ * packed->panel_floats_;
  packed->panels_per_block_ = std::max<size_t>(
      1, kGemmBlockBytes / (packed->panel_floats_ * sizeof(float)));
  void* memory = nullptr;
  if (posix_memalign(&memory, 32, packed->bytes()) != 0) return nullptr;
  packed->data_.reset(static_cast<float*>(memory));
  std::memset(memory, 0, packed->bytes());

  for (size_t p = 0; p < packed->num_panels_; ++p) {
    float* out = packed->data_.get() + p * packed->panel_floats_;
    const size_t width = packed->panel_width(p);
    const size_t first = p * kPanelWidth;
    const size_t count = std::min(width, static_cast<size_t>(n) - first);
    for (size_t j = 0; j < count; ++j) {
      out[j] = bias != nullptr ? bias[first + j] : 0.0f;
    }
    out += width;
    for (size_t i = 0; i < static_cast<size_t>(k); ++i, out += width) {
      for (size_t j = 0; j < count; ++j) {
        out[j] = weights[(first + j) * k + i];
      }
    }
  }
  return packed;
}

size_t PackedGemmWeights::panel_width(size_t p) const {
  const size_t remaining = static_cast<size_t>(n_) - p * kPanelWidth;
  return remaining <= 8 ? 8 : kPanelWidth;
}

void PackedGemmWeights::ComputeTile(size_t mr, const GemmTileRows& a, float* c,
                                    size_t c_stride, size_t panel_begin,
                                    size_t panel_end,
                                    const ActivationRange& clamp) const {
  for (size_t p = panel_begin; p < panel_end; ++p) {
    const size_t first = p * kPanelWidth;
    const size_t nc = std::min(kPanelWidth, static_cast<size_t>(n_) - first);
    if (panel_width(p) == kPanelWidth) {
      GemmMicrokernel<16>(mr, nc, a, panel(p), c + first, c_stride, clamp.min,
                          clamp.max);
    } else {
      GemmMicrokernel<8>(mr, nc, a, panel(p), c + first, c_stride, clamp.min,
                         clamp.max);
    }
  }
}

void PackedGemmWeights::Compute(size_t rows, const float* a, size_t a_stride,
                                float* c, size_t c_stride, size_t panel_begin,
                                size_t panel_end,
                                const ActivationRange& clamp) const {
  const float* starts[kGemmTileRows];
  GemmTileRows tile{starts, 1, static_cast<size_t>(k_)};
  for (size_t block = panel_begin; block < panel_end;
       block += panels_per_block_) {
    const size_t block_end = std::min(panel_end, block + panels_per_block_);
    for (size_t row = 0; row < rows; row += kGemmTileRows) {
      const size_t mr = std::min(kGemmTileRows, rows - row);
      for (size_t r = 0; r < mr; ++r) starts[r] = a + (row + r) * a_stride;
      ComputeTile(mr, tile, c + row * c_stride, c_stride, block, block_end,
                  clamp);
    }
  }
}

}  // namespace liten
