// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// QUANTIZE to 8 bits for AVX2, as TFLite 2.9's builtin kernel computes it:
// FLOAT32 with one scale (divided in double, rounded half away from zero,
// out of int32's range or NaN becoming INT32_MIN as x86-64 converts them),
// and UINT8/INT8 requantized with a fixed-point multiplier. Sliced over the
// interpreter's threads like the other elementwise kernels.
#ifndef LITEN_KERNELS_X86_QUANTIZE_H_
#define LITEN_KERNELS_X86_QUANTIZE_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/quantization_util.h"
#include "kernels/x86/avx2_quantized.h"
#include "kernels/x86/slices.h"
#include "pthreadpool.h"

namespace liten {

class QuantizeAvx2 {
 public:
  // FLOAT32 to UINT8, or INT8 when `output_signed`: round(x / scale) plus
  // `zero_point`, saturated. Null when the CPU lacks AVX2.
  static std::unique_ptr<QuantizeAvx2> FromFloat(double scale,
                                                 int32_t zero_point,
                                                 bool output_signed,
                                                 int num_threads);
  // UINT8 or INT8 (`input_signed`) to UINT8 or INT8: x minus
  // `input_zero_point`, times `multiplier` (TFLite's
  // MultiplyByQuantizedMultiplier), plus `output_zero_point`, saturated.
  static std::unique_ptr<QuantizeAvx2> Requantize(
      bool input_signed, int32_t input_zero_point,
      const QuantizedMultiplier& multiplier, int32_t output_zero_point,
      bool output_signed, int num_threads);

  // Whether Run of `count` elements would use a thread pool: pass Run one
  // only then.
  static bool SharesWork(size_t count) {
    return liten::SharesWork(MultiplyAdds(count));
  }

  // Quantizes `count` elements of `input` to `output`.
  void Run(const void* input, void* output, size_t count,
           pthreadpool_t threadpool) const;

 private:
  QuantizeAvx2() = default;

  // A division or a requantization an element costs about what 4
  // multiply-adds do.
  static size_t MultiplyAdds(size_t count) { return count * 4; }

  bool from_float_ = false;
  double scale_ = 1.0;
  int32_t zero_point_ = 0;  // The output's, for FLOAT32 input.
  bool input_signed_ = false;
  int32_t input_zero_point_ = 0;
  Requantization8 requantization_ = {};  // Output zero point included.
  RequantizeShifts shifts_ = RequantizeShifts::kAny;
  bool output_signed_ = false;
  int num_threads_ = 1;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_QUANTIZE_H_
