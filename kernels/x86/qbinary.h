// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Quantized ADD, SUB and MUL of two 8-bit tensors of one shape for AVX2,
// with TFLite's integer arithmetic, so the outputs are TFLite's bit for
// bit. ADD and SUB:
//
//   a' = rescale1((a - a_zero) << 20), b' = rescale2((b - b_zero) << 20)
//   (kQuantizedAddLeftShift)
//   out = clamp(rescale_out(a' +/- b') + out_zero)
//
// MUL: out = clamp(rescale_out((a - a_zero) * (b - b_zero)) + out_zero),
// each rescale being TFLite's MultiplyByQuantizedMultiplier. Sliced over
// the interpreter's threads like the convolutions around them.
#ifndef LITEN_KERNELS_X86_QBINARY_H_
#define LITEN_KERNELS_X86_QBINARY_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/quantized_binary.h"
#include "kernels/x86/avx2_quantized.h"
#include "kernels/x86/slices.h"
#include "pthreadpool.h"

namespace liten {

enum class QuantizedBinaryOperation { kAdd, kSubtract, kMultiply };

class QuantizedBinaryAvx2 {
 public:
  // ADD, or SUB when `subtract`, of UINT8 tensors, or INT8 when
  // `is_signed`. Null when the CPU lacks AVX2.
  static std::unique_ptr<QuantizedBinaryAvx2> Create(
      const QuantizedAddParams& params, bool is_signed, bool subtract,
      int num_threads);
  // MUL, likewise.
  static std::unique_ptr<QuantizedBinaryAvx2> Create(
      const QuantizedMulParams& params, bool is_signed, int num_threads);

  size_t packed_bytes() const { return 0; }

  // Whether Run of `count` elements would use a thread pool: pass Run one
  // only then.
  bool SharesWork(size_t count) const {
    return liten::SharesWork(MultiplyAdds(count));
  }

  // out[i] = a[i] op b[i] as above, for i in [0, count).
  void Run(const void* a, const void* b, void* out, size_t count,
           pthreadpool_t threadpool) const;

 private:
  QuantizedBinaryAvx2() = default;

  // What `count` elements cost in multiply-adds: three requantizations
  // (ADD, SUB) about what 16 take, one (MUL) about 6.
  size_t MultiplyAdds(size_t count) const {
    return count * (operation_ == QuantizedBinaryOperation::kMultiply ? 6 : 16);
  }

  QuantizedBinaryOperation operation_ = QuantizedBinaryOperation::kAdd;
  QuantizedOffsets offsets_;
  bool is_signed_ = false;
  // Input 1, input 2 (ADD and SUB only) and the output's rescaling.
  Requantization8 rescale_[3] = {};
  RequantizeShifts shifts_[3] = {};
  int num_threads_ = 1;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_QBINARY_H_
