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

int32_t RuyMultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier,
                                         int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  const int32_t shifted =
      static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift);
  // The multiplier is never negative, so the product cannot saturate.
  const int32_t high = SaturatingRoundingDoublingHighMul(shifted, multiplier);
  // In 64 bits, adding half cannot overflow; ruy's vector code gets the same
  // value by special-casing the sums past INT32_MAX.
  const int64_t half = (int64_t{1} << right_shift) >> 1;
  return static_cast<int32_t>((high + half) >> right_shift);
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

TensorQuantization LegacyQuantization(const Tensor& tensor) {
  TensorQuantization legacy;
  const QuantizationInfo& info = tensor.quantization;
  if (info.scales.size() == 1 && info.zero_points.size() == 1) {
    legacy.scale = info.scales[0];
    legacy.zero_point = static_cast<int32_t>(info.zero_points[0]);
  }
  return legacy;
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

namespace {

constexpr int kConvInput = 0, kConvFilter = 1, kConvBias = 2;
constexpr int kConvOutput = 0;

// What the op's input 1 is called in messages.
const char* FilterName(ConvolutionKind kind) {
  return kind == ConvolutionKind::kFullyConnected ? "weights" : "filter";
}

const char* ConvolutionOpName(ConvolutionKind kind) {
  switch (kind) {
    case ConvolutionKind::kConv2D:
      return "CONV_2D";
    case ConvolutionKind::kDepthwiseConv2D:
      return "DEPTHWISE_CONV_2D";
    default:
      return "FULLY_CONNECTED";
  }
}

}  // namespace

Status ExpectConvolutionTypes(const NodeContext& context) {
  const DataType type = context.input(kConvInput)->type;
  if (type != DataType::kUInt8 && type != DataType::kInt8) {
    return context.Unsupported(
        "input %d (tensor %d) has type %s; expected FLOAT32, UINT8 or INT8",
        kConvInput, context.input_index(kConvInput), DataTypeName(type));
  }
  LITEN_RETURN_IF_ERROR(context.ExpectInputType(kConvFilter, type));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kConvOutput, type));
  if (context.input(kConvBias) != nullptr) {
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kConvBias, DataType::kInt32));
  }
  return Status::Ok();
}

Status ExpectQuantizedConv2DOperands(const NodeContext& context) {
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 3));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
  LITEN_RETURN_IF_ERROR(ExpectConvolutionTypes(context));
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kConvInput, 4));
  return context.ExpectInputRank(kConvFilter, 4);
}

namespace {

// TFLite's GetQuantizedConvolutionMultipler: the bias check in double, then
// the scale product in float.
Status PerTensorMultiplier(const NodeContext& context, float input_scale,
                           float filter_scale, float output_scale,
                           QuantizedMultiplier* multiplier) {
  if (const Tensor* bias = context.input(kConvBias)) {
    const double product =
        static_cast<double>(input_scale) * static_cast<double>(filter_scale);
    const double bias_scale = LegacyQuantization(*bias).scale;
    const double difference = std::abs(product - bias_scale) / output_scale;
    if (!(difference <= 0.02)) {
      return context.Error(
          "input %d (tensor %d), the bias, has scale %g, but input scale %g "
          "times filter scale %g is %g; TFLite requires them to differ by at "
          "most 2%% of the output scale %g",
          kConvBias, context.input_index(kConvBias), bias_scale, input_scale,
          filter_scale, product, output_scale);
    }
  }
  const float product = input_scale * filter_scale;
  if (!std::isfinite(product)) {
    return context.Error(
        "input scale %g times filter scale %g overflows float, in which "
        "TFLite multiplies them",
        input_scale, filter_scale);
  }
  *multiplier =
      QuantizeMultiplier(static_cast<double>(product) / output_scale);
  return Status::Ok();
}

// Per-channel INT8 filters: scales broadcast from one, or one per channel;
// every multiplier in double.
Status PerChannelMultipliers(const NodeContext& context, float input_scale,
                             const Tensor& filter, float output_scale,
                             int32_t channels,
                             std::vector<QuantizedMultiplier>* multipliers) {
  const std::vector<float>& scales = filter.quantization.scales;
  if (scales.size() != 1 && scales.size() != static_cast<size_t>(channels)) {
    return context.Error(
        "input %d (tensor %d), the filter, has %zu scales; expected 1 or one "
        "per output channel (%d)",
        kConvFilter, context.input_index(kConvFilter), scales.size(),
        channels);
  }
  for (int32_t c = 0; c < channels; ++c) {
    const double filter_scale = scales[scales.size() == 1 ? 0 : c];
    (*multipliers)[c] = QuantizeMultiplier(static_cast<double>(input_scale) *
                                           filter_scale / output_scale);
  }
  return Status::Ok();
}

}  // namespace

Status PrepareConvolutionQuantization(const NodeContext& context,
                                      ConvolutionKind kind,
                                      schema::ActivationFunctionType activation,
                                      int32_t channels,
                                      ConvolutionQuantization* quantization) {
  TensorQuantization input, output;
  LITEN_RETURN_IF_ERROR(GetInputQuantization(context, kConvInput, &input));
  LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kConvOutput, &output));
  const Tensor& filter = *context.input(kConvFilter);
  const QuantizationInfo& filter_info = filter.quantization;
  if (filter_info.scales.empty()) {
    return context.Error(
        "input %d (tensor %d), the %s, has type %s but no quantization "
        "parameters",
        kConvFilter, context.input_index(kConvFilter), FilterName(kind),
        DataTypeName(filter.type));
  }
  const bool per_tensor_only = filter.type == DataType::kUInt8 ||
                               kind == ConvolutionKind::kFullyConnected;
  if (per_tensor_only && filter_info.scales.size() != 1) {
    return context.Unsupported(
        "input %d (tensor %d), the %s, has %zu per-axis scales; TFLite 2.9 "
        "takes them only for INT8 CONV_2D and DEPTHWISE_CONV_2D, not for %s "
        "%s",
        kConvFilter, context.input_index(kConvFilter), FilterName(kind),
        filter_info.scales.size(), DataTypeName(filter.type),
        ConvolutionOpName(kind));
  }
  if (kind == ConvolutionKind::kConv2D && filter.type == DataType::kInt8) {
    for (size_t c = 0; c < filter_info.zero_points.size(); ++c) {
      if (filter_info.zero_points[c] != 0) {
        return context.Error(
            "input %d (tensor %d), the INT8 filter, has zero point %lld at "
            "index %zu; TFLite requires symmetric INT8 filters (zero point 0)",
            kConvFilter, context.input_index(kConvFilter),
            static_cast<long long>(filter_info.zero_points[c]), c);
      }
    }
  }
  if (const Tensor* bias = context.input(kConvBias)) {
    const int32_t bias_zero_point = LegacyQuantization(*bias).zero_point;
    if (kind != ConvolutionKind::kFullyConnected && bias_zero_point != 0) {
      return context.Error(
          "input %d (tensor %d), the bias, has zero point %d; expected 0",
          kConvBias, context.input_index(kConvBias), bias_zero_point);
    }
  }

  quantization->input_zero_point = input.zero_point;
  quantization->output_zero_point = output.zero_point;
  quantization->multipliers.assign(channels, QuantizedMultiplier());
  if (per_tensor_only) {
    // Only UINT8 filters and FULLY_CONNECTED's INT8 ones are asymmetric.
    quantization->filter_zero_point =
        static_cast<int32_t>(filter_info.zero_points[0]);
    QuantizedMultiplier multiplier;
    LITEN_RETURN_IF_ERROR(PerTensorMultiplier(context, input.scale,
                                              filter_info.scales[0],
                                              output.scale, &multiplier));
    quantization->multipliers.assign(channels, multiplier);
  } else {
    quantization->filter_zero_point = 0;
    LITEN_RETURN_IF_ERROR(PerChannelMultipliers(context, input.scale, filter,
                                                output.scale, channels,
                                                &quantization->multipliers));
  }
  for (int32_t c = 0; c < channels; ++c) {
    const int shift = quantization->multipliers[c].shift;
    if (shift > kMaxMultiplierShift) {
      return context.Error(
          "input scale %g times the filter scale of output channel %d over "
          "output scale %g is 2^%d or more; TFLite's fixed-point multipliers "
          "stay below 2^31",
          input.scale, c, output.scale, shift - 1);
    }
  }
  quantization->rounding = kind == ConvolutionKind::kDepthwiseConv2D
                               ? RequantizeRounding::kTfLite
                               : RequantizeRounding::kRuy;
  return CalculateActivationRangeQuantized(
      context, activation, context.input(kConvInput)->type, output,
      &quantization->activation_min, &quantization->activation_max);
}

void PopulateSoftmaxLookupTable(float input_scale, float beta,
                                float table[256]) {
  const float scale = -input_scale * beta;
  for (int32_t steps = 0; steps <= 255; ++steps) {
    table[255 - steps] = std::exp(scale * static_cast<float>(steps));
  }
}

}  // namespace liten
