// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Quantized ADD and SUB of two 8-bit tensors of one shape for AVX2, with
// TFLite's integer arithmetic, so the outputs are TFLite's bit for bit:
//
//   a' = rescale1((a - a_zero) << 20), b' = rescale2((b - b_zero) << 20)
//   out = clamp(rescale_out(a' +/- b') + out_zero)
//
// each rescale being TFLite's MultiplyByQuantizedMultiplier. Sliced over
// the interpreter's threads like the convolutions around them.
#ifndef LITEN_KERNELS_X86_QADD_H_
#define LITEN_KERNELS_X86_QADD_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/quantization_util.h"
#include "kernels/x86/avx2_quantized.h"
#include "pthreadpool.h"

namespace liten {

struct QuantizedAddParameters {
  bool is_signed = false;  // INT8 rather than UINT8.
  bool subtract = false;
  int32_t input1_zero_point = 0;
  int32_t input2_zero_point = 0;
  int32_t output_zero_point = 0;
  int32_t left_shift = 0;  // Applied to both offset inputs.
  QuantizedMultiplier input1;
  QuantizedMultiplier input2;
  QuantizedMultiplier output;
  int32_t min = 0;  // The fused activation's clamp, in output steps.
  int32_t max = 0;
};

class QuantizedAddAvx2 {
 public:
  // Null when the CPU lacks AVX2.
  static std::unique_ptr<QuantizedAddAvx2> Create(
      const QuantizedAddParameters& parameters, int num_threads);

  size_t packed_bytes() const { return 0; }

  // out[i] = a[i] + b[i] (or -) as above, for i in [0, count).
  void Run(const void* a, const void* b, void* out, size_t count,
           pthreadpool_t threadpool) const;

 private:
  QuantizedAddAvx2() = default;

  QuantizedAddParameters parameters_;
  // Input 1, input 2 and the output's rescaling.
  Requantization8 rescale_[3];
  int num_threads_ = 1;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_QADD_H_
