// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// liten's 8-bit GEMM for AVX2, the core of quantized CONV_2D: exactly
// TFLite's integer arithmetic, so its outputs are TFLite's bit for bit.
//
//   acc[m][n] = bias[n] + sum over k of (a[m][k] - a_zero) * (w[n][k] - w_zero)
//   out[m][n] = clamp(MultiplyByQuantizedMultiplier(acc, multiplier[n],
//                                                   shift[n]) + out_zero)
//
// A enters as int16 with its zero point already subtracted (values in
// [-255, 255]), pairs of k side by side, so that one vpmaddwd multiplies
// and adds two steps of k for eight output channels. W is packed as bytes,
// half the memory of int16 (and of its traffic through the caches), and
// widened as it is loaded: INT8 weights as they are, UINT8 ones minus 128;
// what that and the weights' zero point leave out, (128 - w_zero) (or
// -w_zero) times the sum of a row of A, enters each row's accumulators
// first (ScaledRowSums). The sums are exact in int32 for any k up to
// kMaxQuantizedGemmDepth, and int32 wraps, so neither their order nor that
// split changes them; the requantization is TFLite's fixed-point
// arithmetic done eight lanes at a time.
//
// Debian 12's XNNPACK has 8-bit convolutions too, but they requantize in
// float (so they are not TFLite's numbers) and ran at 5-8 GMAC/s on the
// machine of docs/PERFORMANCE.md.
#ifndef LITEN_KERNELS_X86_QGEMM_H_
#define LITEN_KERNELS_X86_QGEMM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/quantization_util.h"
#include "kernels/x86/gemm_f32.h"

namespace liten {

// Rows of A one microkernel call computes.
constexpr size_t kQuantizedGemmTileRows = 4;
// The deepest sum that cannot overflow int32: 255 * 255 * depth < 2^31.
constexpr size_t kMaxQuantizedGemmDepth = 32768;

// How accumulators become 8-bit outputs.
struct QuantizedGemmOutput {
  // Per output channel (one entry for all when per tensor): TFLite's
  // quantized multiplier and shift (positive: left).
  std::vector<int32_t> multipliers;
  std::vector<int32_t> shifts;
  int32_t zero_point = 0;
  int32_t min = 0;  // The fused activation's clamp, in the output's type.
  int32_t max = 0;
  bool output_signed = false;  // INT8 rather than UINT8.
  // Ties of the final shift round up, as in ruy's x86 kernels, which TFLite
  // runs CONV_2D and FULLY_CONNECTED on, rather than away from zero.
  bool ties_up = false;
};

// The clamp of a GEMM's outputs, in the output's type, and that type.
struct QuantizedGemmClamp {
  int32_t min = 0;
  int32_t max = 0;
  bool output_signed = false;  // INT8 rather than UINT8.
};

// The output stage of a node whose Prepare filled `quantization`, writing
// outputs of `output_type` (UINT8 or INT8).
QuantizedGemmOutput GemmOutputFor(const ConvolutionQuantization& quantization,
                                  DataType output_type);

// W, the bias and the output stage packed for the microkernel: panels of 16
// output channels, each its bias (16 int32), then ceil(k / 2) pairs of
// rows of 8-bit weights, then the requantization of its two halves of
// eight channels (Requantization8). Immutable once packed; ComputeTile may
// run on several threads at once.
class PackedQuantizedGemmWeights {
 public:
  // `weights` holds row n of W (k 8-bit values, signed when
  // `weights_signed`) at weights + n * k; `weight_zero_point` is subtracted
  // from each. `bias` (may be null) holds n int32. Null when k exceeds
  // kMaxQuantizedGemmDepth or the memory cannot be allocated.
  static std::unique_ptr<PackedQuantizedGemmWeights> Pack(
      int32_t n, int32_t k, const void* weights, bool weights_signed,
      int32_t weight_zero_point, const int32_t* bias,
      const QuantizedGemmOutput& output);

  // A kernel for tiles of one row count: C rows from A rows (int16 pairs),
  // over a range of panels (see ComputeTile).
  using Microkernel = void (*)(size_t n, size_t pairs, const int16_t* a,
                               size_t a_stride, const int32_t* row_corrections,
                               const uint8_t* panels, size_t panel_bytes,
                               size_t panel_begin, size_t panel_end, uint8_t* c,
                               size_t c_stride,
                               const QuantizedGemmClamp& clamp);

  int32_t n() const { return n_; }
  // The row length of A tiles: k rounded up to even.
  size_t padded_k() const { return padded_k_; }
  size_t num_panels() const { return num_panels_; }
  // Panels per cache block: callers run their tiles of A over one block at
  // a time, so that the block stays in L2 while the tiles go by.
  size_t panels_per_block() const { return panels_per_block_; }
  size_t bytes() const { return panel_bytes_ * num_panels_; }
  // What the sum of a row of A is multiplied by to complete its
  // accumulators (see above); 0 for INT8 weights with a zero point of 0,
  // when no row needs it.
  int32_t row_sum_factor() const { return row_sum_factor_; }

  // Rows [0, mr) (mr <= kQuantizedGemmTileRows) of C from a tile of A:
  // row r at a + r * padded_k() (int16, zero point subtracted, zero past
  // k), output channels of panels [panel_begin, panel_end), row r of C at
  // c + r * c_stride bytes. `row_corrections` holds ScaledRowSums of the
  // tile with row_sum_factor(), or is null when that is 0. Must only be
  // called when CpuHasAvx2Fma3().
  void ComputeTile(size_t mr, const int16_t* a, const int32_t* row_corrections,
                   void* c, size_t c_stride, size_t panel_begin,
                   size_t panel_end) const;

 private:
  PackedQuantizedGemmWeights() = default;

  int32_t n_ = 0;
  size_t padded_k_ = 0;
  size_t num_panels_ = 0;
  size_t panel_bytes_ = 0;
  size_t panels_per_block_ = 1;
  QuantizedGemmClamp clamp_;
  int32_t row_sum_factor_ = 0;
  // Indexed by the number of rows; compiled for the output's rounding and
  // shifts.
  const Microkernel* microkernels_ = nullptr;
  std::unique_ptr<uint8_t, FreeDeleter> data_;
};

// sums[r] = factor * (the sum of the `length` values of row r of A), for
// `rows` rows `length` apart. At most 128 * 255 * kMaxQuantizedGemmDepth
// in magnitude: no overflow. Must only be called when CpuHasAvx2Fma3().
void ScaledRowSums(const int16_t* a, size_t length, size_t rows, int32_t factor,
                   int32_t* sums);

// Converts `count` 8-bit values (signed when `is_signed`) to int16 minus
// `zero_point`: how rows of A enter the GEMM.
void WidenMinusZeroPoint(const void* values, bool is_signed, int32_t zero_point,
                         size_t count, int16_t* out);

}  // namespace liten

#endif  // LITEN_KERNELS_X86_QGEMM_H_
