// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The integer arithmetic every quantized kernel shares, numerically identical
// to TFLite 2.9.0's (tensorflow/lite/kernels/internal/quantization_util.cc,
// common.h and gemmlowp's fixedpoint.h), because liten must return TFLite's
// bytes. Where TFLite's C++ relies on behaviour the language leaves undefined
// (signed overflow, out-of-range float to int conversion), these functions
// compute what TFLite's x86-64 build does, without the undefined behaviour.
#ifndef LITEN_KERNELS_QUANTIZATION_UTIL_H_
#define LITEN_KERNELS_QUANTIZATION_UTIL_H_

#include <cstdint>
#include <limits>

#include "schema/schema_generated.h"
#include "src/op_kernel.h"
#include "src/tensor.h"

namespace liten {

// A real multiplier as a Q0.31 fixed-point value and a power of two:
// real ~= multiplier * 2^(shift - 31). `multiplier` is in [2^30, 2^31) for a
// positive real, or 0 when the real is 0 or below about 2^-31 (flushed, as
// TFLite does). A positive shift is a left shift.
struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int shift = 0;
};

// TFLite's QuantizeMultiplier: frexp, then the mantissa rounded half away
// from zero to 31 bits; a mantissa that rounds up to 2^31 is halved and the
// shift raised. `real` must be finite.
QuantizedMultiplier QuantizeMultiplier(double real);

// The largest shift MultiplyByQuantizedMultiplier takes: TFLite computes
// x * (1 << shift), which is undefined past 31. Kernels reject multipliers
// with larger shifts (real multipliers of 2^31 or more) at Prepare.
constexpr int kMaxMultiplierShift = 31;

// gemmlowp's SaturatingRoundingDoublingHighMul: the high 32 bits of 2*a*b,
// rounded to nearest with ties upward (a negative tie rounds toward zero);
// the one overflowing case, INT32_MIN * INT32_MIN, saturates to INT32_MAX.
int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b);

// gemmlowp's RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties
// away from zero. `exponent` is in [0, 31].
int32_t RoundingDivideByPOT(int32_t x, int exponent);

// TFLite 2.9's MultiplyByQuantizedMultiplier (the double-rounding form that
// its default build uses): x shifted left by a positive shift (wrapping
// around on overflow, as TFLite's int32 multiply does on x86-64), then
// SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT by a negative
// shift. `shift` is in [-31, kMaxMultiplierShift].
int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier,
                                      int shift);
inline int32_t MultiplyByQuantizedMultiplier(int32_t x,
                                             const QuantizedMultiplier& m) {
  return MultiplyByQuantizedMultiplier(x, m.multiplier, m.shift);
}

// static_cast<int32_t>(x) as TFLite's x86-64 build executes it
// (cvttsd2si): truncation toward zero, and INT32_MIN for NaN and for values
// outside the int32 range, where C++ leaves the conversion undefined.
int32_t TruncateToInt32(double x);

// a + b wrapping around on overflow, as TFLite's int32 additions do.
inline int32_t WrappingAdd(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) +
                              static_cast<uint32_t>(b));
}
inline int32_t WrappingSub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) -
                              static_cast<uint32_t>(b));
}

// The values a quantized type holds: [0, 255] for UINT8, [-128, 127] for
// INT8, and so on for INT16 and INT32. False for other types.
bool QuantizedTypeRange(DataType type, int32_t* min, int32_t* max);

template <typename T>
inline T SaturateCast(int32_t x) {
  if (x < std::numeric_limits<T>::min()) return std::numeric_limits<T>::min();
  if (x > std::numeric_limits<T>::max()) return std::numeric_limits<T>::max();
  return static_cast<T>(x);
}

// The per-tensor scale and zero point of input or output `i` of a node (as
// TFLite's params.scale / params.zero_point): fails, naming the tensor, when
// the tensor has no quantization parameters or has per-axis ones.
struct TensorQuantization {
  float scale = 0.0f;
  int32_t zero_point = 0;
};
Status GetInputQuantization(const NodeContext& context, int i,
                            TensorQuantization* quantization);
Status GetOutputQuantization(const NodeContext& context, int i,
                             TensorQuantization* quantization);

// TFLite's CalculateActivationRangeQuantized: the clamp a fused activation
// applies, in the output's quantized domain, intersected with the range of
// `type`. RELU, RELU6 and RELU_N1_TO_1 quantize their bounds with
// round(bound / scale) in float; any other activation gives the whole range.
// Fails when a bound does not fit int32, as TFLite does.
Status CalculateActivationRangeQuantized(
    const NodeContext& context, schema::ActivationFunctionType activation,
    DataType type, const TensorQuantization& output, int32_t* act_min,
    int32_t* act_max);

// TFLite's PopulateSoftmaxLookupTable for 8-bit softmax:
// table[255 - d] = expf(-input_scale * beta * d) for d = 0..255, the
// exponential of an input d steps below the row maximum.
void PopulateSoftmaxLookupTable(float input_scale, float beta,
                                float table[256]);

}  // namespace liten

#endif  // LITEN_KERNELS_QUANTIZATION_UTIL_H_
