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

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/kernel_util.h"
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
int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier, int shift);
inline int32_t MultiplyByQuantizedMultiplier(int32_t x,
                                             const QuantizedMultiplier& m) {
  return MultiplyByQuantizedMultiplier(x, m.multiplier, m.shift);
}

// static_cast<int32_t>(x) as TFLite's x86-64 build executes it
// (cvttsd2si): truncation toward zero, and INT32_MIN for NaN and for values
// outside the int32 range, where C++ leaves the conversion undefined.
int32_t TruncateToInt32(double x);

// The requantization of ruy's x86 kernels, which TFLite 2.9's x86-64 build
// runs the GEMMs of CONV_2D and FULLY_CONNECTED on (on CPUs with AVX): x
// shifted left by a positive shift (wrapping around), the high 32 bits of
// 2 * x * multiplier rounded half up, then a right shift by a negative shift
// rounded half up too. MultiplyByQuantizedMultiplier rounds that last shift
// half away from zero instead, so the two differ on negative ties: -2.5
// becomes -2 here and -3 there. `shift` is in [-31, kMaxMultiplierShift].
int32_t RuyMultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier,
                                         int shift);

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

// TFLite's legacy per-tensor view of a tensor's quantization
// (TfLiteTensor::params): its scale and zero point when it has exactly one
// of each, else 0 and 0. TFLite's check of a bias scale reads this view, so
// there a bias with per-axis quantization or none has scale 0.
TensorQuantization LegacyQuantization(const Tensor& tensor);

// TFLite's CalculateActivationRangeQuantized: the clamp a fused activation
// applies, in the output's quantized domain, intersected with the range of
// `type`. RELU, RELU6 and RELU_N1_TO_1 quantize their bounds with
// round(bound / scale) in float; any other activation gives the whole range.
// Fails when a bound does not fit int32, as TFLite does.
Status CalculateActivationRangeQuantized(
    const NodeContext& context, schema::ActivationFunctionType activation,
    DataType type, const TensorQuantization& output, int32_t* act_min,
    int32_t* act_max);

// What the shifts (positive: left) of the multipliers that one vector of
// accumulators is requantized with have in common, most general first.
// Vector kernels take shorter ways when every shift is right, and shorter
// still when it is one shift for all lanes (as with a per-tensor
// multiplier).
enum class RequantizeShifts { kAny, kRight, kEqualRight };

// The RequantizeShifts of `count` shifts.
inline RequantizeShifts ShiftsOf(const int32_t* shifts, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (shifts[i] >= 0) return RequantizeShifts::kAny;
  }
  for (size_t i = 1; i < count; ++i) {
    if (shifts[i] != shifts[0]) return RequantizeShifts::kRight;
  }
  return RequantizeShifts::kEqualRight;
}

// The ops whose quantized kernels sum products of input and filter values
// into int32 accumulators: CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED.
enum class ConvolutionKind { kConv2D, kDepthwiseConv2D, kFullyConnected };

// How TFLite 2.9's x86-64 build turns those accumulators into outputs.
enum class RequantizeRounding {
  // MultiplyByQuantizedMultiplier: its DEPTHWISE_CONV_2D kernels.
  kTfLite,
  // RuyMultiplyByQuantizedMultiplier: the ruy GEMMs of CONV_2D and
  // FULLY_CONNECTED.
  kRuy,
};

// The quantization of a node of a ConvolutionKind, as Prepare computes it:
// the zero points Eval subtracts from input and filter values, and the step
// that turns the int32 accumulator of output channel c, bias included, into
// an output value.
struct ConvolutionQuantization {
  int32_t input_zero_point = 0;
  int32_t filter_zero_point = 0;
  int32_t output_zero_point = 0;
  int32_t activation_min = 0;
  int32_t activation_max = 0;
  RequantizeRounding rounding = RequantizeRounding::kTfLite;
  // One per output channel; a per-tensor multiplier is repeated.
  std::vector<QuantizedMultiplier> multipliers;

  int32_t Requantize(int32_t accumulator, int32_t channel) const {
    const QuantizedMultiplier& m = multipliers[channel];
    const int32_t scaled = rounding == RequantizeRounding::kRuy
                               ? RuyMultiplyByQuantizedMultiplier(
                                     accumulator, m.multiplier, m.shift)
                               : MultiplyByQuantizedMultiplier(accumulator, m);
    return std::min(
        std::max(WrappingAdd(scaled, output_zero_point), activation_min),
        activation_max);
  }
};

// Validates the quantization of a node of `kind` whose types
// ExpectConvolutionTypes checked (filter input 1, optional bias input 2,
// output 0) and fills `quantization` as TFLite 2.9 does (kernel_util.cc,
// PopulateConvolutionQuantizationParams and GetQuantizedConvolutionMultipler):
// - UINT8 filters, and every FULLY_CONNECTED filter, have one scale and zero
//   point; the multiplier is input_scale * filter_scale rounded to float,
//   divided by output_scale in double. With a bias, TFLite first requires
//   |input_scale * filter_scale - bias_scale| / output_scale <= 0.02 in
//   double, reading the bias scale as LegacyQuantization does.
// - INT8 CONV_2D and DEPTHWISE_CONV_2D filters have one scale or one per
//   output channel (`channels`), and symmetric values: one multiplier per
//   channel, input_scale * filter_scale / output_scale all in double, no
//   bias check. CONV_2D rejects nonzero filter zero points; DEPTHWISE_CONV_2D
//   ignores them (its INT8 kernel assumes 0), as TFLite does.
// - A multiplier of 2^31 or more is rejected, the fused activation's range
//   computed by CalculateActivationRangeQuantized.
Status PrepareConvolutionQuantization(const NodeContext& context,
                                      ConvolutionKind kind,
                                      schema::ActivationFunctionType activation,
                                      int32_t channels,
                                      ConvolutionQuantization* quantization);

// Checks input 0 of a node of a ConvolutionKind, and then the types that go
// with it: UINT8 or INT8 (FLOAT32 inputs go to the float kernels, so the
// message names that type too), filter (input 1) and output 0 of the same
// type, an INT32 bias (input 2) when there is one.
Status ExpectConvolutionTypes(const NodeContext& context);

// The quantized counterpart of ExpectConv2DOperands, for CONV_2D and
// DEPTHWISE_CONV_2D: two or three inputs, one output, ExpectConvolutionTypes,
// input and filter of rank 4.
Status ExpectQuantizedConv2DOperands(const NodeContext& context);

// The arithmetic of the reference loops of CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED, each written once for both kinds of values: Accumulate
// adds one input * filter product to an output's sum, Finish turns the sum
// of output channel c into the output value.
class FloatConvolutionMath {
 public:
  using Value = float;
  using Sum = float;

  // `bias` is null when the node has none.
  FloatConvolutionMath(const Tensor* bias, const ActivationRange& activation)
      : bias_(bias != nullptr ? bias->data_as<float>() : nullptr),
        activation_(activation) {}

  static void Accumulate(float& sum, float input, float filter) {
    sum += input * filter;
  }
  float Finish(float sum, int32_t channel) const {
    const float bias_value = bias_ != nullptr ? bias_[channel] : 0.0f;
    return Clamp(sum + bias_value, activation_);
  }

 private:
  const float* bias_;
  ActivationRange activation_;
};

// UINT8 or INT8 values T, TFLite's way: sums of (input - input zero point) *
// (filter - filter zero point), plus the bias, requantized.
template <typename T>
class QuantizedConvolutionMath {
 public:
  using Value = T;
  // TFLite's accumulators are int32 and wrap around (a sum needs a depth of
  // tens of thousands of extreme products to get there); unsigned sums wrap
  // the same way without undefined behaviour.
  using Sum = uint32_t;

  QuantizedConvolutionMath(const ConvolutionQuantization& quantization,
                           const int32_t* bias)
      : quantization_(quantization),
        bias_(bias),
        input_zero_point_(quantization.input_zero_point),
        filter_zero_point_(quantization.filter_zero_point) {}

  void Accumulate(uint32_t& sum, T input, T filter) const {
    sum += static_cast<uint32_t>((input - input_zero_point_) *
                                 (filter - filter_zero_point_));
  }
  T Finish(uint32_t sum, int32_t channel) const {
    const int32_t bias_value = bias_ != nullptr ? bias_[channel] : 0;
    return static_cast<T>(quantization_.Requantize(
        WrappingAdd(static_cast<int32_t>(sum), bias_value), channel));
  }

 private:
  const ConvolutionQuantization& quantization_;
  const int32_t* bias_;
  int32_t input_zero_point_;
  int32_t filter_zero_point_;
};

// Calls run(math) with the QuantizedConvolutionMath of the node's type, for
// the Eval of a node that PrepareConvolutionQuantization prepared.
template <typename Run>
void RunWithQuantizedMath(const NodeContext& context,
                          const ConvolutionQuantization& quantization,
                          Run run) {
  const Tensor* bias = context.input(2);
  const int32_t* bias_data =
      bias != nullptr ? bias->data_as<int32_t>() : nullptr;
  if (context.input(0)->type == DataType::kUInt8) {
    run(QuantizedConvolutionMath<uint8_t>(quantization, bias_data));
  } else {
    run(QuantizedConvolutionMath<int8_t>(quantization, bias_data));
  }
}

// A kernel whose float and quantized implementations are separate classes:
// each Prepare picks `Float` for a FLOAT32 input 0 (or none, for its count
// check to report) and `Quantized` for any other type, then forwards to it.
template <typename Float, typename Quantized>
class FloatOrQuantizedKernel : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    const Tensor* input = context.input(0);
    if (input == nullptr || input->type == DataType::kFloat32) {
      active_ = &float_;
    } else {
      active_ = &quantized_;
    }
    return active_->Prepare(context);
  }
  Status Eval(NodeContext& context) override { return active_->Eval(context); }
  const char* path() const override { return active_->path(); }
  bool ReadsInputInEval(int input) const override {
    return active_->ReadsInputInEval(input);
  }
  size_t packed_weight_bytes() const override {
    return active_->packed_weight_bytes();
  }

 private:
  Float float_;
  Quantized quantized_;
  OpKernel* active_ = &float_;
};

// TFLite's PopulateSoftmaxLookupTable for 8-bit softmax:
// table[255 - d] = expf(-input_scale * beta * d) for d = 0..255, the
// exponential of an input d steps below the row maximum.
void PopulateSoftmaxLookupTable(float input_scale, float beta,
                                float table[256]);

}  // namespace liten

#endif  // LITEN_KERNELS_QUANTIZATION_UTIL_H_
