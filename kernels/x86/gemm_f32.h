// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// liten's float GEMM for AVX2 + FMA3: C = clamp(A * W^T + bias), the core
// of CONV_2D. A is M x K (row-major, any row stride), W is N x K (TFLite's
// filter [out_channels, ..., in_channels] flattened), C is M x N.
//
// The microkernels compute a 6 x 16 (or 6 x 8) block of C in 12 (or 6)
// accumulator registers, reading one packed weight row and broadcasting one
// element of each A row per step of K: 15 of the 16 ymm registers, so
// nothing spills. Each element of C is bias + sum over k in order, with
// FMA, whatever the tiling or thread count: results do not depend on the
// number of threads.
#ifndef LITEN_KERNELS_X86_GEMM_F32_H_
#define LITEN_KERNELS_X86_GEMM_F32_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "kernels/kernel_util.h"

namespace liten {

// Rows of C one microkernel call computes.
constexpr size_t kGemmTileRows = 6;

// Where the rows of one tile of A come from: each row is `segments` runs
// of `segment_length` values, run s of row r starting at
// starts[s * kGemmTileRows + r]. One run per row for a matrix in memory; one
// per filter row for a convolution window read in place.
struct GemmTileRows {
  const float* const* starts;
  size_t segments;
  size_t segment_length;
};

struct FreeDeleter {
  void operator()(void* pointer) const { std::free(pointer); }
};

// The packed weights of one cache block (of this GEMM and the 8-bit one)
// stay within this many bytes, half of a typical L2 (512 KiB to 2 MiB per
// core), leaving room for A and C.
constexpr size_t kGemmBlockBytes = 256 * 1024;

// W and the bias packed for the microkernels: panels of 16 output channels
// (the last one 8 wide when at most 8 channels remain), each the panel's
// bias and then K rows of its weights, zero-padded to the panel's width and
// 32-byte aligned. Immutable once packed; Compute may run on several
// threads at once.
class PackedGemmWeights {
 public:
  // Null when the packed copy cannot be allocated. `weights` holds row n of
  // W at weights + n * k; `bias` may be null (zeros). Both are read only
  // here: the packed copy is all Compute reads.
  static std::unique_ptr<PackedGemmWeights> Pack(int32_t n, int32_t k,
                                                 const float* weights,
                                                 const float* bias);

  int32_t n() const { return n_; }
  int32_t k() const { return k_; }
  size_t num_panels() const { return num_panels_; }
  size_t bytes() const { return floats_ * sizeof(float); }

  // Rows [0, rows) of C, output channels of panels [panel_begin,
  // panel_end). Row r of A starts at a + r * a_stride, row r of C at
  // c + r * c_stride. Must only be called when CpuHasAvx2Fma3().
  void Compute(size_t rows, const float* a, size_t a_stride, float* c,
               size_t c_stride, size_t panel_begin, size_t panel_end,
               const ActivationRange& clamp) const;

  // Rows [0, mr) (mr <= kGemmTileRows) of C from one tile of A, whose
  // segments cover k values per row.
  void ComputeTile(size_t mr, const GemmTileRows& a, float* c, size_t c_stride,
                   size_t panel_begin, size_t panel_end,
                   const ActivationRange& clamp) const;

 private:
  PackedGemmWeights() = default;

  // Where panel p starts and how wide it is.
  const float* panel(size_t p) const { return data_.get() + p * panel_floats_; }
  size_t panel_width(size_t p) const;

  int32_t n_ = 0;
  int32_t k_ = 0;
  size_t num_panels_ = 0;
  size_t panel_floats_ = 0;  // 16 * (k + 1): the stride between panels.
  // Panels per cache block: Compute runs a tile of A over one block at a
  // time so that the block stays in L2 while the tiles go by.
  size_t panels_per_block_ = 1;
  size_t floats_ = 0;
  std::unique_ptr<float, FreeDeleter> data_;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_GEMM_F32_H_
