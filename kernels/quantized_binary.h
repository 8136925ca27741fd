// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The parameters of TFLite's 8-bit ADD, SUB and MUL, prepared once by
// kernels/elementwise.cc and read by its reference loops and by liten's
// AVX2 kernel of the three (kernels/x86/qbinary.h).
#ifndef LITEN_KERNELS_QUANTIZED_BINARY_H_
#define LITEN_KERNELS_QUANTIZED_BINARY_H_

#include <algorithm>
#include <cstdint>

#include "kernels/quantization_util.h"

namespace liten {

// What ADD, SUB and MUL of 8-bit tensors share: the offsets that take away
// the inputs' zero points and add the output's, and the fused activation's
// clamp in output steps.
struct QuantizedOffsets {
  int32_t input1 = 0;
  int32_t input2 = 0;
  int32_t output = 0;
  int32_t min = 0;
  int32_t max = 0;

  // A rescaled result moved to the output's zero point (wrapping around, as
  // TFLite's int32 addition does on x86-64) and clamped.
  int32_t Finish(int32_t x) const {
    return std::min(std::max(WrappingAdd(x, output), min), max);
  }
};

// 8-bit ADD and SUB as TFLite computes them: each input, offset by its zero
// point and shifted left by kQuantizedAddLeftShift bits of headroom, is
// rescaled by its scale over twice the larger input scale; the sum or
// difference is rescaled by that over the output scale. TFLite 2.9
// subtracts the rescaled inputs (measured: later versions negate input 2's
// multiplier and add instead, which rounds a tie of the rescaling the other
// way).
constexpr int kQuantizedAddLeftShift = 20;

struct QuantizedAddParams {
  QuantizedOffsets offsets;
  QuantizedMultiplier input1;
  QuantizedMultiplier input2;
  QuantizedMultiplier output;
};

// 8-bit MUL: the product of the offset inputs, rescaled by the product of
// the input scales over the output scale.
struct QuantizedMulParams {
  QuantizedOffsets offsets;
  QuantizedMultiplier output;
};

}  // namespace liten

#endif  // LITEN_KERNELS_QUANTIZED_BINARY_H_
