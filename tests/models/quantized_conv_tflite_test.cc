// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The proof that liten's UINT8 and INT8 CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED are TFLite 2.9.0's, bit for bit: one-op models with random
// weights and biases, run through TFLite's builtin kernels and through liten
// on inputs that hold every 8-bit value and both extremes. TFLite's x86-64
// build requantizes CONV_2D and FULLY_CONNECTED with ruy's rounding and
// DEPTHWISE_CONV_2D with its own, and computes the multiplier from the scale
// product in float (UINT8, FULLY_CONNECTED) or in double (INT8 per-channel):
// power-of-two scales make rounding ties common, and the RoundingSplits test
// picks biases at which each of those choices changes an output.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/quantization_util.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"
#include "tests/models/tflite_op_test.h"

namespace liten {
namespace testing {
namespace {

// How a case's scales are drawn: arbitrary; powers of two with filter values
// within 1 of their zero point, so that sums stay small and a quarter of the
// outputs round a tie; or multipliers of 1 to 8, which shift left and clamp.
enum class Scales { kArbitrary, kTies, kAboveOne };

struct QuantizedConvCase {
  std::string name;
  schema::BuiltinOperator op;
  DataType type;
  bool per_channel;  // INT8 convolutions: one filter scale per channel.
  // NHWC for the convolutions; FULLY_CONNECTED's input, whose elements
  // split into rows of `depth`.
  std::vector<int32_t> input_shape;
  int filter_h = 1, filter_w = 1;
  int out_channels = 1;  // Filters, depthwise channels or units.
  int depth = 0;         // FULLY_CONNECTED only.
  schema::Padding padding = schema::Padding_SAME;
  int stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_NONE;
  bool bias = true;
  bool keep_num_dims = false;
  Scales scales = Scales::kArbitrary;
  // Nonzero zero points on INT8 weights: FULLY_CONNECTED honours them,
  // DEPTHWISE_CONV_2D ignores them (TFLite rejects them in CONV_2D).
  bool int8_filter_zero_point = false;
};

void PrintTo(const QuantizedConvCase& c, std::ostream* os) { *os << c.name; }

bool IsFullyConnected(const QuantizedConvCase& c) {
  return c.op == schema::BuiltinOperator_FULLY_CONNECTED;
}
bool IsDepthwise(const QuantizedConvCase& c) {
  return c.op == schema::BuiltinOperator_DEPTHWISE_CONV_2D;
}

std::vector<int32_t> FilterShape(const QuantizedConvCase& c) {
  if (IsFullyConnected(c)) return {c.out_channels, c.depth};
  if (IsDepthwise(c)) return {1, c.filter_h, c.filter_w, c.out_channels};
  return {c.out_channels, c.filter_h, c.filter_w, c.input_shape[3]};
}

std::vector<int32_t> OutputShape(const QuantizedConvCase& c) {
  if (IsFullyConnected(c)) {
    if (!c.keep_num_dims) {
      return {static_cast<int32_t>(ElementCount(c.input_shape) / c.depth),
              c.out_channels};
    }
    std::vector<int32_t> shape = c.input_shape;
    shape.back() = c.out_channels;
    return shape;
  }
  return {c.input_shape[0],
          NaiveWindowAxis(c.padding, c.input_shape[1], c.filter_h, c.stride_h,
                          c.dilation_h)
              .size,
          NaiveWindowAxis(c.padding, c.input_shape[2], c.filter_w, c.stride_w,
                          c.dilation_w)
              .size,
          c.out_channels};
}

// Products summed into one output.
int SumLength(const QuantizedConvCase& c) {
  if (IsFullyConnected(c)) return c.depth;
  return c.filter_h * c.filter_w * (IsDepthwise(c) ? 1 : c.input_shape[3]);
}

int32_t ValueOf(DataType type, uint8_t byte) {
  return type == DataType::kUInt8 ? byte : static_cast<int8_t>(byte);
}

uint8_t ByteOf(DataType type, int64_t value) {
  const int64_t low = type == DataType::kUInt8 ? 0 : -128;
  return static_cast<uint8_t>(std::min(std::max(value, low), low + 255));
}

// A case's constants and quantization, drawn from a seeded generator.
struct QuantizedConvModel {
  QuantizationInfo input, filter, bias, output;
  std::vector<uint8_t> filter_bytes;
  std::vector<int32_t> bias_values;
};

QuantizedConvModel DrawModel(const QuantizedConvCase& c, std::mt19937& rng) {
  const bool uint8 = c.type == DataType::kUInt8;
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> arbitrary(0.005f, 0.05f);
  std::uniform_int_distribution<int> exponent(-8, -5);
  const auto zero_point = [&] { return int64_t{ValueOf(c.type, byte(rng))}; };
  QuantizedConvModel model;
  const float input_scale =
      c.scales == Scales::kArbitrary ? arbitrary(rng) * 10 : 0.5f;
  model.input = {{input_scale}, {zero_point()}, 0};
  const bool per_channel = c.type == DataType::kInt8 && c.per_channel;
  const bool asymmetric_filter =
      uint8 || (c.int8_filter_zero_point && !per_channel);
  model.filter.axis = IsDepthwise(c) ? 3 : 0;
  for (int o = 0; o < (per_channel ? c.out_channels : 1); ++o) {
    const float scale = c.scales == Scales::kArbitrary
                            ? arbitrary(rng)
                            : std::ldexp(1.0f, exponent(rng));
    model.filter.scales.push_back(scale);
    model.filter.zero_points.push_back(
        asymmetric_filter || c.int8_filter_zero_point ? zero_point() : 0);
    model.bias.scales.push_back(input_scale * scale);
    model.bias.zero_points.push_back(0);
  }
  // The zero point the kernels subtract, which filter values for ties stay
  // close to: INT8 DEPTHWISE_CONV_2D ignores its filters'.
  const int64_t filter_zero_point =
      uint8 || IsFullyConnected(c) ? model.filter.zero_points[0] : 0;
  std::uniform_int_distribution<int> near_zero_point(-1, 1);
  for (int64_t i = 0; i < ElementCount(FilterShape(c)); ++i) {
    model.filter_bytes.push_back(
        c.scales == Scales::kArbitrary
            ? static_cast<uint8_t>(byte(rng))
            : ByteOf(c.type, filter_zero_point + near_zero_point(rng)));
  }
  // Sums of products of values about 100 (ties: 1) from their zero points;
  // the output scale maps the typical sum to about 30 steps, so that most
  // outputs stay off the clamps.
  const double typical_sum = (c.scales == Scales::kArbitrary ? 1e4 : 80) *
                             std::sqrt(SumLength(c));
  const double typical_filter_scale =
      c.scales == Scales::kArbitrary ? 0.02 : 1.0 / 64;
  double output_scale = input_scale * typical_filter_scale * typical_sum / 30;
  if (c.scales == Scales::kTies) {
    output_scale = std::exp2(std::round(std::log2(output_scale)));
  } else if (c.scales == Scales::kAboveOne) {
    output_scale = std::ldexp(1.0, -9);
  }
  model.output = {{static_cast<float>(output_scale)}, {zero_point()}, 0};
  std::uniform_int_distribution<int32_t> bias(
      -static_cast<int32_t>(typical_sum), static_cast<int32_t>(typical_sum));
  for (int o = 0; o < c.out_channels; ++o) {
    model.bias_values.push_back(bias(rng));
  }
  return model;
}

std::vector<uint8_t> BuildModel(const QuantizedConvCase& c,
                                const QuantizedConvModel& model) {
  ModelBuilder builder;
  const auto quantize = [&builder](int tensor, const QuantizationInfo& q) {
    builder.SetQuantization(tensor, q.scales, q.zero_points, q.axis);
  };
  const int input = builder.AddTensor(c.type, c.input_shape);
  quantize(input, model.input);
  const int filter =
      builder.AddConstantBytes(c.type, FilterShape(c), model.filter_bytes);
  quantize(filter, model.filter);
  int bias = -1;
  if (c.bias) {
    bias = builder.AddConstant(DataType::kInt32, {c.out_channels},
                               model.bias_values);
    quantize(bias, model.bias);
  }
  const int output = builder.AddTensor(c.type, OutputShape(c));
  quantize(output, model.output);
  const bool uint8 = c.type == DataType::kUInt8;
  schema::BuiltinOptions options_type;
  flatbuffers::Offset<void> options;
  int version = 0;
  if (IsFullyConnected(c)) {
    options_type = schema::BuiltinOptions_FullyConnectedOptions;
    options = schema::CreateFullyConnectedOptions(
                  builder.fbb(), c.activation,
                  schema::FullyConnectedOptionsWeightsFormat_DEFAULT,
                  c.keep_num_dims)
                  .Union();
    version = uint8 ? (c.keep_num_dims ? 5 : 1) : (c.keep_num_dims ? 5 : 4);
  } else if (IsDepthwise(c)) {
    options_type = schema::BuiltinOptions_DepthwiseConv2DOptions;
    options = schema::CreateDepthwiseConv2DOptions(
                  builder.fbb(), c.padding, c.stride_w, c.stride_h,
                  c.out_channels / c.input_shape[3], c.activation,
                  c.dilation_w, c.dilation_h)
                  .Union();
    version = uint8 ? 2 : 3;
  } else {
    options_type = schema::BuiltinOptions_Conv2DOptions;
    options = schema::CreateConv2DOptions(builder.fbb(), c.padding,
                                          c.stride_w, c.stride_h, c.activation,
                                          c.dilation_w, c.dilation_h)
                  .Union();
    version = uint8 ? 1 : 3;
  }
  builder.AddOperator(c.op, {input, filter, bias}, {output}, options_type,
                      options, version);
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

std::vector<QuantizedConvCase> AllCases() {
  using schema::ActivationFunctionType_RELU;
  using schema::ActivationFunctionType_RELU6;
  using schema::ActivationFunctionType_RELU_N1_TO_1;
  using schema::BuiltinOperator_CONV_2D;
  using schema::BuiltinOperator_DEPTHWISE_CONV_2D;
  using schema::BuiltinOperator_FULLY_CONNECTED;
  using schema::Padding_VALID;
  std::vector<QuantizedConvCase> shapes;
  const auto add = [&shapes](QuantizedConvCase c) { shapes.push_back(c); };
  QuantizedConvCase c;

  // CONV_2D: SAME and VALID, strides, dilations, pointwise, activations.
  c = {"Conv3x3Same", BuiltinOperator_CONV_2D, {}, false, {1, 9, 11, 8}, 3, 3,
       16};
  add(c);
  c.name = "Conv3x3ValidStride2Relu6Batch2";
  c.input_shape = {2, 10, 9, 6};
  c.padding = Padding_VALID;
  c.stride_h = c.stride_w = 2;
  c.activation = ActivationFunctionType_RELU6;
  add(c);
  c = {"Conv5x5Stride2Dilation2Relu", BuiltinOperator_CONV_2D, {}, false,
       {1, 13, 12, 4}, 5, 5, 12};
  c.stride_h = c.stride_w = 2;
  c.dilation_h = c.dilation_w = 2;
  c.activation = ActivationFunctionType_RELU;
  add(c);
  // TFLite 2.9 rejects a CONV_2D without a bias and crashes on a quantized
  // DEPTHWISE_CONV_2D without one, so every convolution here has one (liten
  // takes their absence as a zero bias; the kernel tests check that).
  c = {"ConvStride1x3Dilation2x1", BuiltinOperator_CONV_2D, {}, false,
       {1, 8, 16, 5}, 3, 2, 7};
  c.stride_w = 3;
  c.dilation_h = 2;
  add(c);
  c = {"ConvPointwiseReluN1To1", BuiltinOperator_CONV_2D, {}, false,
       {1, 6, 7, 32}, 1, 1, 24};
  c.padding = Padding_VALID;
  c.activation = ActivationFunctionType_RELU_N1_TO_1;
  add(c);
  c = {"ConvFilterWiderThanInput", BuiltinOperator_CONV_2D, {}, false,
       {1, 3, 2, 64}, 5, 5, 3};
  add(c);
  c = {"ConvTies", BuiltinOperator_CONV_2D, {}, false, {1, 8, 9, 8}, 3, 3, 8};
  c.scales = Scales::kTies;
  add(c);
  c.name = "ConvMultipliersAboveOne";
  c.scales = Scales::kAboveOne;
  add(c);

  // DEPTHWISE_CONV_2D: multipliers 1 to 3.
  c = {"Depthwise3x3Same", BuiltinOperator_DEPTHWISE_CONV_2D, {}, false,
       {1, 9, 11, 16}, 3, 3, 16};
  add(c);
  c = {"Depthwise3x3ValidStride2Multiplier2Relu6",
       BuiltinOperator_DEPTHWISE_CONV_2D, {}, false, {2, 10, 9, 6}, 3, 3, 12};
  c.padding = Padding_VALID;
  c.stride_h = c.stride_w = 2;
  c.activation = ActivationFunctionType_RELU6;
  add(c);
  c = {"Depthwise5x5Dilation2Multiplier3Relu",
       BuiltinOperator_DEPTHWISE_CONV_2D, {}, false, {1, 12, 13, 5}, 5, 5, 15};
  c.dilation_h = c.dilation_w = 2;
  c.activation = ActivationFunctionType_RELU;
  add(c);
  c = {"DepthwiseStride2x1ReluN1To1", BuiltinOperator_DEPTHWISE_CONV_2D, {},
       false, {1, 11, 8, 8}, 3, 3, 8};
  c.stride_h = 2;
  c.activation = ActivationFunctionType_RELU_N1_TO_1;
  add(c);
  c = {"DepthwiseTies", BuiltinOperator_DEPTHWISE_CONV_2D, {}, false,
       {1, 9, 9, 16}, 3, 3, 16};
  c.scales = Scales::kTies;
  add(c);
  c.name = "DepthwiseMultipliersAboveOne";
  c.scales = Scales::kAboveOne;
  add(c);
  c = {"DepthwiseInt8FilterZeroPoints", BuiltinOperator_DEPTHWISE_CONV_2D,
       {}, false, {1, 8, 8, 16}, 3, 3, 16};
  c.int8_filter_zero_point = true;
  add(c);

  // FULLY_CONNECTED: flattened and kept dims, activations.
  c = {"FullyConnected", BuiltinOperator_FULLY_CONNECTED, {}, false,
       {8, 64}, 1, 1, 10, 64};
  add(c);
  c = {"FullyConnectedLstmHead", BuiltinOperator_FULLY_CONNECTED, {}, false,
       {1, 560}, 1, 1, 10, 560};
  add(c);
  c = {"FullyConnectedFlattensRelu6", BuiltinOperator_FULLY_CONNECTED, {},
       false, {4, 2, 2, 16}, 1, 1, 9, 32};
  c.activation = ActivationFunctionType_RELU6;
  add(c);
  c = {"FullyConnectedKeepNumDimsRelu", BuiltinOperator_FULLY_CONNECTED, {},
       false, {3, 5, 40}, 1, 1, 7, 40};
  c.keep_num_dims = true;
  c.activation = ActivationFunctionType_RELU;
  add(c);
  c = {"FullyConnectedNoBias", BuiltinOperator_FULLY_CONNECTED, {}, false,
       {6, 100}, 1, 1, 5, 100};
  c.bias = false;
  add(c);
  c = {"FullyConnectedInt8WeightsZeroPoint", BuiltinOperator_FULLY_CONNECTED,
       {}, false, {8, 64}, 1, 1, 12, 64};
  c.int8_filter_zero_point = true;
  add(c);
  c = {"FullyConnectedTies", BuiltinOperator_FULLY_CONNECTED, {}, false,
       {16, 32}, 1, 1, 16, 32};
  c.scales = Scales::kTies;
  add(c);
  c.name = "FullyConnectedMultipliersAboveOne";
  c.scales = Scales::kAboveOne;
  add(c);

  // Each shape as UINT8, INT8 with per-channel filter scales where the op
  // takes them, and INT8 per-tensor.
  std::vector<QuantizedConvCase> cases;
  for (QuantizedConvCase shape : shapes) {
    const std::string name = shape.name;
    if (!shape.int8_filter_zero_point) {
      shape.name = name + "Uint8";
      shape.type = DataType::kUInt8;
      cases.push_back(shape);
    }
    shape.type = DataType::kInt8;
    if (!IsFullyConnected(shape)) {
      shape.name = name + "Int8PerChannel";
      shape.per_channel = true;
      cases.push_back(shape);
    }
    shape.name = name + "Int8PerTensor";
    shape.per_channel = false;
    cases.push_back(shape);
  }
  return cases;
}

class QuantizedConvTfLiteTest
    : public TfLiteOpTest,
      public ::testing::WithParamInterface<QuantizedConvCase> {};

TEST_P(QuantizedConvTfLiteTest, SameBytesAsTfLite) {
  const QuantizedConvCase& c = GetParam();
  std::mt19937 rng(20260210);
  const QuantizedConvModel model = DrawModel(c, rng);
  EXPECT_EQ(ExpectSameOutput(BuildModel(c, model),
                             RandomIntegerBytes(c.type, rng,
                                                ElementCount(c.input_shape))),
            static_cast<size_t>(ElementCount(OutputShape(c))));
}

INSTANTIATE_TEST_SUITE_P(Cases, QuantizedConvTfLiteTest,
                         ::testing::ValuesIn(AllCases()), CaseName());

// One output per channel, whose bias is picked so that two of the four
// candidate computations disagree on it: ruy's rounding or TFLite's, with a
// multiplier from the scale product in float or in double. Each channel
// tells one pair apart, so that together they tell every choice. The float
// and double multipliers differ by a few parts in 2^31, which changes an
// output only for accumulators near 2^31: the multipliers here are tiny.
class RoundingSplitsTest
    : public TfLiteOpTest,
      public ::testing::WithParamInterface<QuantizedConvCase> {};

// The candidates' outputs for an accumulator, before the zero point: ruy's
// rounding with the float and the double multiplier, then TFLite's.
std::vector<int32_t> Candidates(int32_t accumulator,
                                const QuantizedMultiplier& in_float,
                                const QuantizedMultiplier& in_double) {
  return {RuyMultiplyByQuantizedMultiplier(accumulator, in_float.multiplier,
                                           in_float.shift),
          RuyMultiplyByQuantizedMultiplier(accumulator, in_double.multiplier,
                                           in_double.shift),
          MultiplyByQuantizedMultiplier(accumulator, in_float),
          MultiplyByQuantizedMultiplier(accumulator, in_double)};
}

// An accumulator at which candidates `a` and `b` give different outputs in
// the type's range, searched next to every boundary between two outputs;
// false when there is none.
bool FindSplit(DataType type, int32_t zero_point, double real,
               const QuantizedMultiplier& in_float,
               const QuantizedMultiplier& in_double, int a, int b,
               int64_t* accumulator) {
  const int32_t low = type == DataType::kUInt8 ? 0 : -128;
  for (int32_t value = low; value < low + 255; ++value) {
    const int64_t boundary = std::llround((value - zero_point + 0.5) / real);
    for (int64_t x = boundary - 4; x <= boundary + 4; ++x) {
      const std::vector<int32_t> r =
          Candidates(static_cast<int32_t>(x), in_float, in_double);
      const int64_t first = int64_t{r[a]} + zero_point;
      const int64_t second = int64_t{r[b]} + zero_point;
      if (first != second && first >= low && first <= low + 255 &&
          second >= low && second <= low + 255) {
        *accumulator = x;
        return true;
      }
    }
  }
  return false;
}

TEST_P(RoundingSplitsTest, SameBytesAsTfLite) {
  const QuantizedConvCase& c = GetParam();
  std::mt19937 rng(20260211);
  QuantizedConvModel model = DrawModel(c, rng);
  const float input_scale = model.input.scales[0];
  // Multipliers of 2^-23 to 2^-20: outputs in range take accumulators up to
  // 2^30, at which a multiplier one part in 2^31 off shows.
  const float output_scale = input_scale * 0.02f * 2097152;
  model.output.scales = {output_scale};
  const int32_t output_zero_point = c.type == DataType::kUInt8 ? 128 : 0;
  model.output.zero_points = {output_zero_point};
  const std::vector<uint8_t> input =
      RandomIntegerBytes(c.type, rng, ElementCount(c.input_shape));

  const int64_t per_channel = IsDepthwise(c)
                                  ? c.filter_h * c.filter_w
                                  : ElementCount(FilterShape(c)) /
                                        c.out_channels;
  const int64_t input_zero_point = model.input.zero_points[0];
  // INT8 convolutions' filter zero points are 0 (or ignored).
  const bool filter_zero_point_counts =
      c.type == DataType::kUInt8 || IsFullyConnected(c);
  const int pairs[4][2] = {{0, 2}, {1, 3}, {0, 1}, {2, 3}};
  int splits = 0;
  for (int o = 0; o < c.out_channels; ++o) {
    const size_t q = model.filter.scales.size() == 1 ? 0 : o;
    const int64_t filter_zero_point =
        filter_zero_point_counts ? model.filter.zero_points[q] : 0;
    // The output's sum: the whole input against the channel's filter, or
    // against its input channel's column for DEPTHWISE_CONV_2D.
    int64_t sum = 0;
    for (int64_t i = 0; i < per_channel; ++i) {
      const int multiplier = c.out_channels / c.input_shape.back();
      const int64_t in =
          IsDepthwise(c) ? i * c.input_shape[3] + o / multiplier : i;
      const int64_t f =
          IsDepthwise(c) ? i * c.out_channels + o : o * per_channel + i;
      sum += (ValueOf(c.type, input[in]) - input_zero_point) *
             (ValueOf(c.type, model.filter_bytes[f]) - filter_zero_point);
    }
    const float filter_scale = model.filter.scales[q];
    const double real =
        static_cast<double>(input_scale) * filter_scale / output_scale;
    const QuantizedMultiplier in_float = QuantizeMultiplier(
        static_cast<double>(input_scale * filter_scale) / output_scale);
    const QuantizedMultiplier in_double = QuantizeMultiplier(real);
    int64_t accumulator = 0;
    if (FindSplit(c.type, output_zero_point, real, in_float, in_double,
                  pairs[o % 4][0], pairs[o % 4][1], &accumulator)) {
      model.bias_values[o] = static_cast<int32_t>(accumulator - sum);
      ++splits;
    }
  }
  EXPECT_EQ(splits, c.out_channels);
  EXPECT_EQ(ExpectSameOutput(BuildModel(c, model), input),
            static_cast<size_t>(c.out_channels));
}

std::vector<QuantizedConvCase> SplitCases() {
  std::vector<QuantizedConvCase> cases;
  for (schema::BuiltinOperator op :
       {schema::BuiltinOperator_CONV_2D,
        schema::BuiltinOperator_DEPTHWISE_CONV_2D,
        schema::BuiltinOperator_FULLY_CONNECTED}) {
    for (DataType type : {DataType::kUInt8, DataType::kInt8}) {
      QuantizedConvCase c;
      c.op = op;
      c.type = type;
      c.per_channel = type == DataType::kInt8 &&
                      op != schema::BuiltinOperator_FULLY_CONNECTED;
      c.out_channels = 64;
      c.padding = schema::Padding_VALID;
      if (op == schema::BuiltinOperator_FULLY_CONNECTED) {
        c.depth = 48;
        c.input_shape = {1, 48};
      } else {
        c.filter_h = c.filter_w = 3;
        c.input_shape = {
            1, 3, 3,
            op == schema::BuiltinOperator_CONV_2D ? 6 : c.out_channels / 2};
      }
      c.name = std::string(schema::EnumNameBuiltinOperator(op)) + "_" +
               DataTypeName(type);
      cases.push_back(c);
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Ops, RoundingSplitsTest,
                         ::testing::ValuesIn(SplitCases()), CaseName());

}  // namespace
}  // namespace testing
}  // namespace liten
