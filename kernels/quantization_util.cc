// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/quantization_util.h"

#include <algorithm>
#include <cmath>

#include "src/status_util.h"

namespace liten {

QuantizedMultiplier QuantizeMultiplier(double real) {
  QuantizedMultiplier result;
  if (real == 0.0) return result;
  const double mantissa = std::frexp(real, &result.shift);  // [0.5, 1).
  int64_t fixed = static_cast<int64_t>(std::round(mantissa * (1LL << 31)));
  if (fixed == (1LL << 31)) {
    fixed /= 2;
    ++result.shift;
  }
  // Below 2^-31 every product would shift out to zero; TFLite flushes the
  // multiplier instead of shifting right by more than 31.
  if (result.shift < -31) {
    result.shift = 0;
    fixed = 0;
  }
  result.multiplier = static_cast<int32_t>(fixed);
  return result;
}

int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == std::numeric_limits<int32_t>::min()) {
    return std::numeric_limits<int32_t>::max();
  }
  const int64_t product = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int64_t nudge = product >= 0 ? (1LL << 30) : 1 - (1LL << 30);
  // gemmlowp's form: a nudge of 2^30 or 1 - 2^30, then a division that
  // truncates toward zero. Together they round ties upward, so -0.5 gives 0.
  return static_cast<int32_t>((product + nudge) / (1LL << 31));
}

int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier,
                                      int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  const int32_t shifted =
      static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift);
  return RoundingDivideByPOT(
      SaturatingRoundingDoublingHighMul(shifted, multiplier), right_shift);
}

int32_t TruncateToInt32(double x) {
  // 2^31 is exactly representable; everything in (-2^31 - 1, 2^31) truncates
  // into range.
  constexpr double kLimit = 2147483648.0;
  if (!(x > -kLimit - 1.0 && x < kLimit)) {
    return std::numeric_limits<int32_t>::min();
  }
  return static_cast<int32_t>(x);
}

bool QuantizedTypeRange(DataType type, int32_t* min, int32_t* max) {
  switch (type) {
    case DataType::kUInt8:
      *min = std::numeric_limits<uint8_t>::min();
      *max = std::numeric_limits<uint8_t>::max();
      return true;
    case DataType::kInt8:
      *min = std::numeric_limits<int8_t>::min();
      *max = std::numeric_limits<int8_t>::max();
      return true;
    case DataType::kInt16:
      *min = std::numeric_limits<int16_t>::min();
      *max = std::numeric_limits<int16_t>::max();
      return true;
    case DataType::kInt32:
      *min = std::numeric_limits<int32_t>::min();
      *max = std::numeric_limits<int32_t>::max();
      return true;
    default:
      return false;
  }
}

namespace {

Status GetQuantization(const NodeContext& context, const char* role, int i,
                       int tensor_index, const Tensor& tensor,
                       TensorQuantization* quantization) {
  const QuantizationInfo& info = tensor.quantization;
  if (info.scales.empty()) {
    return context.Error(
        "%s %d (tensor %d) has type %s but no quantization parameters", role,
        i, tensor_index, DataTypeName(tensor.type));
  }
  if (info.scales.size() != 1) {
    return context.Unsupported(
        "%s %d (tensor %d) has %zu per-axis scales; this op takes one scale "
        "per tensor",
        role, i, tensor_index, info.scales.size());
  }
  // The loader checked that the scale is positive and finite and that the
  // zero point lies in the tensor type's range.
  quantization->scale = info.scales[0];
  quantization->zero_point = static_cast<int32_t>(info.zero_points[0]);
  return Status::Ok();
}

}  // namespace

Status GetInputQuantization(const NodeContext& context, int i,
                            TensorQuantization* quantization) {
  return GetQuantization(context, "input", i, context.input_index(i),
                         *context.input(i), quantization);
}

Status GetOutputQuantization(const NodeContext& context, int i,
                             TensorQuantization* quantization) {
  return GetQuantization(context, "output", i, context.output_index(i),
                         *context.output(i), quantization);
}

namespace {

// TFLite's Quantize helper in kernel_util.cc: round(f / scale) in float,
// rejected when it does not fit int32.
Status QuantizeBound(const NodeContext& context,
                     const TensorQuantization& output, float bound,
                     int32_t* q) {
  const float rounded = std::round(bound / output.scale);
  if (!(rounded >= -2147483648.0f && rounded < 2147483648.0f)) {
    return context.Error(
        "the fused activation bound %g does not fit int32 at output scale %g",
        bound, output.scale);
  }
  *q = WrappingAdd(output.zero_point, static_cast<int32_t>(rounded));
  return Status::Ok();
}

}  // namespace

Status CalculateActivationRangeQuantized(
    const NodeContext& context, schema::ActivationFunctionType activation,
    DataType type, const TensorQuantization& output, int32_t* act_min,
    int32_t* act_max) {
  int32_t qmin = 0, qmax = 0;
  if (!QuantizedTypeRange(type, &qmin, &qmax)) {
    return context.Unsupported("no quantized activation range for type %s",
                               DataTypeName(type));
  }
  *act_min = qmin;
  *act_max = qmax;
  float low = 0.0f, high = 0.0f;
  bool bounded_above = true;
  switch (activation) {
    case schema::ActivationFunctionType_RELU:
      bounded_above = false;
      break;
    case schema::ActivationFunctionType_RELU6:
      high = 6.0f;
      break;
    case schema::ActivationFunctionType_RELU_N1_TO_1:
      low = -1.0f;
      high = 1.0f;
      break;
    default:
      return Status::Ok();
  }
  int32_t q = 0;
  LITEN_RETURN_IF_ERROR(QuantizeBound(context, output, low, &q));
  *act_min = std::max(qmin, q);
  if (bounded_above) {
    LITEN_RETURN_IF_ERROR(QuantizeBound(context, output, high, &q));
    *act_max = std::min(qmax, q);
  }
  return Status::Ok();
}

void PopulateSoftmaxLookupTable(float input_scale, float beta,
                                float table[256]) {
  const float scale = -input_scale * beta;
  for (int32_t steps = 0; steps <= 255; ++steps) {
    table[255 - steps] = std::exp(scale * static_cast<float>(steps));
  }
}

}  // namespace liten
