// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The proof that liten's ADD, SUB, MUL, DIV, FLOOR_DIV, MAX_POOL_2D,
// AVERAGE_POOL_2D, MEAN, CONCATENATION, PAD, PADV2 and RESHAPE kernels are
// TFLite 2.9.0's builtin kernels, bit for bit: each case is a one-op model
// run through both on the same inputs, and every output byte must agree.
// Inputs hold every 8-bit value (every pair of them for the binary ops), the
// extremes of wider types, and quantization parameters picked where the
// candidate formulas part: a tie that SUB rounds differently when it negates
// a multiplier, MUL's multiplier taken in float rather than double, MEAN's
// three formulas, CONCATENATION's float requantization.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "tests/model_builder.h"
#include "tests/models/tflite_op_test.h"

namespace liten {
namespace {

using testing::Bytes;
using testing::IntegerInputs;
using testing::ModelBuilder;
using testing::RandomIntegerBytes;

using D = DataType;
using Activation = schema::ActivationFunctionType;
constexpr Activation kNone = schema::ActivationFunctionType_NONE;
constexpr Activation kRelu = schema::ActivationFunctionType_RELU;
constexpr Activation kRelu6 = schema::ActivationFunctionType_RELU6;
constexpr Activation kReluN1To1 = schema::ActivationFunctionType_RELU_N1_TO_1;

// One tensor of a one-op model: a graph input unless `constant` holds its
// bytes; not quantized when `scale` is 0.
struct TensorSpec {
  TensorSpec(DataType type, std::vector<int32_t> shape, float scale = 0.0f,
             int64_t zero_point = 0, std::vector<uint8_t> constant = {})
      : type(type),
        shape(std::move(shape)),
        scale(scale),
        zero_point(zero_point),
        constant(std::move(constant)) {}

  DataType type;
  std::vector<int32_t> shape;
  float scale;
  int64_t zero_point;
  std::vector<uint8_t> constant;
};

// An op's options table, built in the model's builder.
using OptionsTable =
    std::pair<schema::BuiltinOptions, flatbuffers::Offset<void>>;
using OptionsFn = std::function<OptionsTable(flatbuffers::FlatBufferBuilder&)>;

// The options of ADD, SUB, MUL and DIV with `activation`; none for other ops.
OptionsFn BinaryOptions(schema::BuiltinOperator op,
                        schema::ActivationFunctionType activation) {
  return [op, activation](flatbuffers::FlatBufferBuilder& fbb) -> OptionsTable {
    switch (op) {
      case schema::BuiltinOperator_ADD:
        return {schema::BuiltinOptions_AddOptions,
                schema::CreateAddOptions(fbb, activation).Union()};
      case schema::BuiltinOperator_SUB:
        return {schema::BuiltinOptions_SubOptions,
                schema::CreateSubOptions(fbb, activation).Union()};
      case schema::BuiltinOperator_MUL:
        return {schema::BuiltinOptions_MulOptions,
                schema::CreateMulOptions(fbb, activation).Union()};
      case schema::BuiltinOperator_DIV:
        return {schema::BuiltinOptions_DivOptions,
                schema::CreateDivOptions(fbb, activation).Union()};
      default:
        return {schema::BuiltinOptions_NONE, 0};
    }
  };
}

std::vector<uint8_t> OneOpModel(schema::BuiltinOperator op, int version,
                                const std::vector<TensorSpec>& inputs,
                                const TensorSpec& output,
                                const OptionsFn& options = nullptr) {
  ModelBuilder builder;
  std::vector<int> node_inputs, graph_inputs;
  const auto add = [&](const TensorSpec& spec) {
    const int t =
        spec.constant.empty()
            ? builder.AddTensor(spec.type, spec.shape)
            : builder.AddConstantBytes(spec.type, spec.shape, spec.constant);
    if (spec.scale != 0.0f) {
      builder.SetQuantization(t, {spec.scale}, {spec.zero_point});
    }
    return t;
  };
  for (const TensorSpec& spec : inputs) {
    node_inputs.push_back(add(spec));
    if (spec.constant.empty()) graph_inputs.push_back(node_inputs.back());
  }
  const int out = add(output);
  OptionsTable table = {schema::BuiltinOptions_NONE, 0};
  if (options) table = options(builder.fbb());
  builder.AddOperator(op, node_inputs, {out}, table.first, table.second,
                      version);
  builder.SetInputs(graph_inputs);
  builder.SetOutputs({out});
  return builder.Finish();
}

int64_t Count(const std::vector<int32_t>& shape) {
  int64_t count = 1;
  for (int32_t d : shape) count *= d;
  return count;
}

bool IsQuantized8(DataType type) {
  return type == D::kUInt8 || type == D::kInt8;
}

// A zero point of `type` `offset` steps from the middle of its range.
int64_t ZeroPoint(DataType type, int64_t offset) {
  return (type == D::kUInt8 ? 128 : 0) + offset;
}

std::string Name(DataType type) { return DataTypeName(type); }

std::string ActivationName(Activation activation) {
  return schema::EnumNameActivationFunctionType(activation);
}

// ---------------------------------------------------------------------------
// ADD, SUB and MUL of 8-bit tensors.

struct Quantization {
  float scale;
  int64_t zero_point_offset;  // From the middle of the type's range.
};

struct ScaleSet {
  const char* name;
  Quantization input1, input2, output;
};

// SUB's tie: input 1's scale is the larger and 1, input 2's is
// (2k + 1) / 2^21, so input 2's multiplier ends in a 1 and ten 0 bits and an
// input 2 one step from its zero point lands exactly halfway; TFLite 2.9
// rounds the rescaled value, then subtracts.
float TieScale(int k) { return (2.0f * k + 1.0f) / 2097152.0f; }

const ScaleSet kAddScales[] = {
    {"Equal", {0.5f, 0}, {0.5f, 0}, {0.5f, 0}},
    {"PowersOfTwo", {0.25f, -3}, {0.5f, 7}, {1.0f, 0}},
    {"Small", {0.0123f, 5}, {0.037f, -20}, {0.05f, 11}},
    {"Mixed", {0.37f, -60}, {0.011f, 90}, {0.2f, -1}},
    {"OutputFine", {0.02f, 1}, {0.03f, -2}, {0.001f, 3}},
    {"Tie1", {1.0f, 0}, {TieScale(526454), 0}, {0.5f, 0}},
    {"Tie2", {1.0f, 0}, {TieScale(525886), 0}, {0.125f, 0}},
    {"Tie3", {TieScale(526990), 0}, {1.0f, 0}, {0.5f, 0}},
};

const ScaleSet kMulScales[] = {
    {"Equal", {0.5f, 0}, {0.5f, 0}, {0.5f, 0}},
    {"PowersOfTwo", {0.25f, -3}, {0.5f, 7}, {1.0f, 0}},
    {"Small", {0.0123f, 5}, {0.037f, -20}, {0.05f, 11}},
    {"Mixed", {0.37f, -60}, {0.011f, 90}, {0.2f, -1}},
    {"LargeOutput", {0.0431f, 13}, {0.2779f, -7}, {7.913f, 4}},
    {"Random1", {0.1931f, -1}, {0.0577f, 3}, {2.7073f, 0}},
    {"Random2", {0.0071f, 44}, {0.4123f, -44}, {0.3301f, -9}},
    {"Random3", {0.3333f, 0}, {0.1717f, 100}, {0.9173f, 60}},
    {"Above1", {0.5f, 0}, {0.7f, 0}, {0.01f, 0}},
    // Scales whose product over the output scale rounds to another Q31
    // multiplier in float than in double, and some products with it to
    // another output: TFLite takes the ratio in float.
    {"FloatRatio1",
     {0x1.54ed16p-3f, 0},
     {0x1.791a6cp-5f, 0},
     {0x1.c5e6aap+1f, 0}},
    {"FloatRatio2",
     {0x1.0038c2p-2f, 0},
     {0x1.260beap-2f, 0},
     {0x1.9db624p+1f, 0}},
    {"FloatRatio3",
     {0x1.8257ep-2f, 0},
     {0x1.299282p-8f, 0},
     {0x1.3a458ep-3f, 0}},
};

using BinaryParam =
    std::tuple<schema::BuiltinOperator, DataType, Activation, ScaleSet>;

class QuantizedBinaryTfLiteTest
    : public testing::TfLiteOpTest,
      public ::testing::WithParamInterface<BinaryParam> {
 protected:
  std::vector<uint8_t> Model(const std::vector<int32_t>& shape1,
                             const std::vector<int32_t>& shape2,
                             const std::vector<int32_t>& output_shape) const {
    const auto& [op, type, activation, scales] = GetParam();
    const auto spec = [&, type = type](const std::vector<int32_t>& shape,
                                       const Quantization& q) {
      return TensorSpec(type, shape, q.scale,
                        ZeroPoint(type, q.zero_point_offset));
    };
    return OneOpModel(
        op, 2, {spec(shape1, scales.input1), spec(shape2, scales.input2)},
        spec(output_shape, scales.output), BinaryOptions(op, activation));
  }
};

// Every pair of 8-bit values, through TFLite's broadcast path ([256,1] and
// [1,256]) and its elementwise path ([256,256] twice), then a 4-D broadcast
// and a scalar operand on random values.
TEST_P(QuantizedBinaryTfLiteTest, MatchesTfLite) {
  std::vector<uint8_t> column(256), row(256), firsts, seconds;
  for (int v = 0; v < 256; ++v) column[v] = row[v] = static_cast<uint8_t>(v);
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      firsts.push_back(static_cast<uint8_t>(a));
      seconds.push_back(static_cast<uint8_t>(b));
    }
  }
  EXPECT_EQ(
      ExpectSameOutputs(Model({256, 1}, {1, 256}, {256, 256}), {column, row}),
      65536u);
  EXPECT_EQ(ExpectSameOutputs(Model({256, 256}, {256, 256}, {256, 256}),
                              {firsts, seconds}),
            65536u);
  std::mt19937 rng(7);
  const DataType type = std::get<1>(GetParam());
  EXPECT_EQ(ExpectSameOutputs(Model({2, 3, 4, 5}, {1, 3, 1, 5}, {2, 3, 4, 5}),
                              {RandomIntegerBytes(type, rng, 120),
                               RandomIntegerBytes(type, rng, 15)}),
            120u);
  EXPECT_EQ(ExpectSameOutputs(Model({1}, {7, 9}, {7, 9}),
                              {RandomIntegerBytes(type, rng, 1),
                               RandomIntegerBytes(type, rng, 63)}),
            63u);
}

std::string BinaryName(const ::testing::TestParamInfo<BinaryParam>& info) {
  const auto& [op, type, activation, scales] = info.param;
  return std::string(schema::EnumNameBuiltinOperator(op)) + "_" + Name(type) +
         "_" + ActivationName(activation) + "_" + scales.name;
}

INSTANTIATE_TEST_SUITE_P(
    AddSub, QuantizedBinaryTfLiteTest,
    ::testing::Combine(::testing::Values(schema::BuiltinOperator_ADD,
                                         schema::BuiltinOperator_SUB),
                       ::testing::Values(D::kUInt8, D::kInt8),
                       ::testing::Values(kNone, kRelu, kRelu6, kReluN1To1),
                       ::testing::ValuesIn(kAddScales)),
    BinaryName);

INSTANTIATE_TEST_SUITE_P(
    Mul, QuantizedBinaryTfLiteTest,
    ::testing::Combine(::testing::Values(schema::BuiltinOperator_MUL),
                       ::testing::Values(D::kUInt8, D::kInt8),
                       ::testing::Values(kNone, kRelu, kRelu6, kReluN1To1),
                       ::testing::ValuesIn(kMulScales)),
    BinaryName);

// ---------------------------------------------------------------------------
// ADD, SUB, MUL, DIV and FLOOR_DIV of plain numbers.

// `count` values of T: for floats the special values first, for integers
// IntegerInputs; nonzero: zeros replaced by 3. TFLite's float kernels run
// with denormals flushed to zero (measured: 1e-39f * 1e10f gives 0), which
// liten's do not: no float here is denormal, or has a denormal result.
template <typename T>
std::vector<T> Numbers(std::mt19937& rng, int64_t count, bool nonzero) {
  std::vector<T> values;
  if constexpr (std::is_floating_point_v<T>) {
    const T inf = std::numeric_limits<T>::infinity();
    values = {inf,    -inf,   std::numeric_limits<T>::quiet_NaN(),
              -0.0f,  0.0f,   1e30f,
              -1e30f, 1e-30f, -3.0f,
              2.5f,   -2.5f,  7.0f};
    std::uniform_real_distribution<T> uniform(-100, 100);
    while (static_cast<int64_t>(values.size()) < count) {
      values.push_back(uniform(rng));
    }
  } else {
    values = IntegerInputs<T>(rng, count);
  }
  values.resize(count);
  if (nonzero) {
    for (T& v : values) {
      if (v == 0) v = 3;
    }
  }
  return values;
}

struct PlainBinaryCase {
  const char* name;
  schema::BuiltinOperator op;
  DataType type;
};

const PlainBinaryCase kPlainBinaryCases[] = {
    {"AddInt32", schema::BuiltinOperator_ADD, D::kInt32},
    {"AddInt64", schema::BuiltinOperator_ADD, D::kInt64},
    {"SubFloat32", schema::BuiltinOperator_SUB, D::kFloat32},
    {"SubInt32", schema::BuiltinOperator_SUB, D::kInt32},
    {"SubInt64", schema::BuiltinOperator_SUB, D::kInt64},
    {"MulInt32", schema::BuiltinOperator_MUL, D::kInt32},
    {"MulInt64", schema::BuiltinOperator_MUL, D::kInt64},
    {"DivFloat32", schema::BuiltinOperator_DIV, D::kFloat32},
    {"DivInt32", schema::BuiltinOperator_DIV, D::kInt32},
};

// FLOOR_DIV has no fused activation.
const PlainBinaryCase kFloorDivCases[] = {
    {"FloorDivFloat32", schema::BuiltinOperator_FLOOR_DIV, D::kFloat32},
    {"FloorDivInt32", schema::BuiltinOperator_FLOOR_DIV, D::kInt32},
};

using PlainBinaryParam = std::tuple<PlainBinaryCase, Activation>;

class PlainBinaryTfLiteTest
    : public testing::TfLiteOpTest,
      public ::testing::WithParamInterface<PlainBinaryParam> {
 protected:
  template <typename T>
  void Check() {
    const auto& [c, activation] = GetParam();
    const bool division = c.op == schema::BuiltinOperator_DIV ||
                          c.op == schema::BuiltinOperator_FLOOR_DIV;
    // TFLite's integer DIV traps on a zero divisor and on INT32_MIN / -1,
    // and its FLOOR_DIV fails on any zero divisor: those are left to the
    // kernel tests. Float DIV divides by zero as IEEE does.
    const bool nonzero =
        division &&
        (c.type != D::kFloat32 || c.op == schema::BuiltinOperator_FLOOR_DIV);
    std::mt19937 rng(11);
    const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>>
        shapes = {{{4, 250}, {4, 250}},
                  {{2, 3, 4, 5}, {3, 1, 5}},
                  {{1}, {6, 7}},
                  {{6, 7}, {}}};
    for (const auto& [shape1, shape2] : shapes) {
      std::vector<int32_t> output_shape =
          shape1.size() >= shape2.size() ? shape1 : shape2;
      const size_t rank = output_shape.size();
      for (size_t d = 0; d < rank; ++d) {
        const auto dim = [&](const std::vector<int32_t>& s) {
          return d + s.size() >= rank ? s[d + s.size() - rank] : 1;
        };
        output_shape[d] = std::max(dim(shape1), dim(shape2));
      }
      std::vector<T> a = Numbers<T>(rng, Count(shape1), false);
      const std::vector<T> b = Numbers<T>(rng, Count(shape2), nonzero);
      if (c.op == schema::BuiltinOperator_DIV && c.type == D::kInt32) {
        for (T& v : a) {
          if (v == std::numeric_limits<T>::min()) v = 5;
        }
      }
      SCOPED_TRACE(::testing::PrintToString(shape1) + " and " +
                   ::testing::PrintToString(shape2));
      EXPECT_EQ(ExpectSameOutputs(
                    OneOpModel(c.op, 1, {{c.type, shape1}, {c.type, shape2}},
                               {c.type, output_shape},
                               BinaryOptions(c.op, activation)),
                    {Bytes(a), Bytes(b)}),
                Count(output_shape) * DataTypeSize(c.type));
    }
  }
};

TEST_P(PlainBinaryTfLiteTest, MatchesTfLite) {
  switch (std::get<0>(GetParam()).type) {
    case D::kFloat32:
      return Check<float>();
    case D::kInt32:
      return Check<int32_t>();
    default:
      return Check<int64_t>();
  }
}

std::string PlainBinaryName(
    const ::testing::TestParamInfo<PlainBinaryParam>& info) {
  return std::string(std::get<0>(info.param).name) + "_" +
         ActivationName(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PlainBinaryTfLiteTest,
    ::testing::Combine(::testing::ValuesIn(kPlainBinaryCases),
                       ::testing::Values(kNone, kRelu, kRelu6, kReluN1To1)),
    PlainBinaryName);

INSTANTIATE_TEST_SUITE_P(FloorDiv, PlainBinaryTfLiteTest,
                         ::testing::Combine(::testing::ValuesIn(kFloorDivCases),
                                            ::testing::Values(kNone)),
                         PlainBinaryName);

// ---------------------------------------------------------------------------
// MAX_POOL_2D and AVERAGE_POOL_2D of 8-bit tensors.

struct PoolGeometry {
  const char* name;
  std::vector<int32_t> input;  // NHWC.
  int32_t filter_h, filter_w, stride_h, stride_w;
  schema::Padding padding;
};

const PoolGeometry kPoolGeometries[] = {
    {"Same3x3", {2, 13, 13, 5}, 3, 3, 2, 2, schema::Padding_SAME},
    {"Valid3x3", {1, 13, 13, 3}, 3, 3, 2, 2, schema::Padding_VALID},
    {"Same2x4Stride1", {1, 7, 9, 17}, 2, 4, 1, 1, schema::Padding_SAME},
    {"Global7x7", {1, 7, 7, 300}, 7, 7, 1, 1, schema::Padding_VALID},
    {"Wide17x17", {1, 20, 18, 4}, 17, 17, 2, 3, schema::Padding_SAME},
    {"OneByOne", {1, 5, 5, 3}, 1, 1, 1, 1, schema::Padding_VALID},
    {"FilterBeyondInput", {1, 3, 2, 6}, 5, 5, 1, 1, schema::Padding_SAME},
};

using PoolParam =
    std::tuple<schema::BuiltinOperator, DataType, Activation, PoolGeometry>;

class QuantizedPoolTfLiteTest
    : public testing::TfLiteOpTest,
      public ::testing::WithParamInterface<PoolParam> {};

// Output quantized as the input is, then (TFLite reads the output's only for
// the activation's clamp) differently.
TEST_P(QuantizedPoolTfLiteTest, MatchesTfLite) {
  const auto& [op, type, activation, g] = GetParam();
  const int64_t count = Count(g.input);
  std::mt19937 rng(13);
  for (const Quantization& output : {Quantization{0.1f, 5}, {0.07f, -9}}) {
    const TensorSpec input(type, g.input, 0.1f, ZeroPoint(type, 5));
    const TensorSpec out(type, {}, output.scale,
                         ZeroPoint(type, output.zero_point_offset));
    const auto options =
        [&, activation = activation,
         &g = g](flatbuffers::FlatBufferBuilder& fbb) -> OptionsTable {
      return {
          schema::BuiltinOptions_Pool2DOptions,
          schema::CreatePool2DOptions(fbb, g.padding, g.stride_w, g.stride_h,
                                      g.filter_w, g.filter_h, activation)
              .Union()};
    };
    EXPECT_GT(ExpectSameOutput(OneOpModel(op, 2, {input}, out, options),
                               RandomIntegerBytes(type, rng, count)),
              0u);
  }
}

std::string PoolName(const ::testing::TestParamInfo<PoolParam>& info) {
  const auto& [op, type, activation, g] = info.param;
  return std::string(schema::EnumNameBuiltinOperator(op)) + "_" + Name(type) +
         "_" + ActivationName(activation) + "_" + g.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, QuantizedPoolTfLiteTest,
    ::testing::Combine(
        ::testing::Values(schema::BuiltinOperator_MAX_POOL_2D,
                          schema::BuiltinOperator_AVERAGE_POOL_2D),
        ::testing::Values(D::kUInt8, D::kInt8),
        ::testing::Values(kNone, kRelu, kRelu6, kReluN1To1),
        ::testing::ValuesIn(kPoolGeometries)),
    PoolName);

// ---------------------------------------------------------------------------
// MEAN of 8-bit tensors.

struct MeanAxes {
  const char* name;
  std::vector<int32_t> input;
  std::vector<int32_t> axes;
};

const MeanAxes kMeanAxes[] = {
    // TFLite's spatial formula (with keep_dims) takes exactly these two.
    {"HeightWidth", {2, 7, 5, 19}, {1, 2}},
    {"WidthHeight", {1, 16, 16, 40}, {2, 1}},
    {"NegativeHeightWidth", {2, 7, 5, 19}, {-3, -2}},
    {"Height", {2, 7, 5, 19}, {1}},
    {"BatchWidth", {2, 7, 5, 19}, {0, 2}},
    {"Channels", {2, 7, 5, 19}, {3}},
    {"All4D", {2, 7, 5, 19}, {0, 1, 2, 3}},
    {"Repeated", {2, 7, 5, 19}, {1, 2, 1}},
    {"Rank3", {3, 11, 17}, {1, 2}},
    {"Rank2Last", {5, 300}, {-1}},
    {"Rank1", {255}, {0}},
};

struct MeanQuantization {
  const char* name;
  Quantization input, output;
};

const MeanQuantization kMeanQuantizations[] = {
    {"Same", {0.1f, 5}, {0.1f, 5}},
    {"OtherScale", {0.1f, 5}, {0.0631f, 5}},
    {"OtherZeroPoint", {0.1f, 5}, {0.1f, -11}},
    {"Coarser", {0.0235f, -100}, {0.1177f, 60}},
    {"Finer", {0.2f, 0}, {0.0313f, -3}},
    // A ratio of exactly 1/2 puts many means on a rounding tie.
    {"HalfScale", {0.0625f, 3}, {0.125f, -4}},
};

using MeanParam = std::tuple<DataType, bool, MeanAxes, MeanQuantization>;

class QuantizedMeanTfLiteTest
    : public testing::TfLiteOpTest,
      public ::testing::WithParamInterface<MeanParam> {};

TEST_P(QuantizedMeanTfLiteTest, MatchesTfLite) {
  const auto& [type, keep_dims, axes, q] = GetParam();
  std::mt19937 rng(17);
  const std::vector<int32_t> axis_shape = {
      static_cast<int32_t>(axes.axes.size())};
  const std::vector<uint8_t> model = OneOpModel(
      schema::BuiltinOperator_MEAN, 2,
      {{type, axes.input, q.input.scale,
        ZeroPoint(type, q.input.zero_point_offset)},
       {D::kInt32, axis_shape, 0.0f, 0, Bytes(axes.axes)}},
      {type, {}, q.output.scale, ZeroPoint(type, q.output.zero_point_offset)},
      [keep_dims =
           keep_dims](flatbuffers::FlatBufferBuilder& fbb) -> OptionsTable {
        return {schema::BuiltinOptions_ReducerOptions,
                schema::CreateReducerOptions(fbb, keep_dims).Union()};
      });
  const int64_t count = Count(axes.input);
  // Random values, then all at the extremes, where sums are largest.
  std::vector<uint8_t> extremes(count);
  for (int64_t i = 0; i < count; ++i) {
    extremes[i] = type == D::kUInt8 ? (i % 3 ? 255 : 0) : (i % 3 ? 128 : 127);
  }
  for (const std::vector<uint8_t>& input :
       {RandomIntegerBytes(type, rng, count), extremes}) {
    EXPECT_GT(ExpectSameOutput(model, input), 0u);
  }
}

std::string MeanName(const ::testing::TestParamInfo<MeanParam>& info) {
  const auto& [type, keep_dims, axes, q] = info.param;
  return Name(type) + (keep_dims ? "_KeepDims_" : "_") + axes.name + "_" +
         q.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, QuantizedMeanTfLiteTest,
    ::testing::Combine(::testing::Values(D::kUInt8, D::kInt8),
                       ::testing::Bool(), ::testing::ValuesIn(kMeanAxes),
                       ::testing::ValuesIn(kMeanQuantizations)),
    MeanName);

// Means whose sum lands where the candidate formulas part, each found by
// search: an INT8 spatial mean rescales by input_scale / output_scale in
// double; a UINT8 one by input_scale / (count * output_scale) in float; a
// rescaled one (here without keep_dims) works in float.
struct MeanRoundingCase {
  DataType type;
  int32_t height, width;
  bool keep_dims;
  float input_scale;
  int64_t input_zero_point;
  float output_scale;
  int64_t output_zero_point;
  int32_t sum;
};

const MeanRoundingCase kMeanRoundingCases[] = {
    {D::kInt8, 7, 4, true, 0x1.e2c6c8p-2f, 23, 0x1.107f28p-2f, 36, -786},
    {D::kInt8, 6, 4, true, 0x1.27fdcep-3f, -37, 0x1.48ccbcp-4f, 23, -2494},
    {D::kInt8, 7, 3, true, 0x1.0bb8bep-2f, -8, 0x1.648aep-3f, -35, 1531},
    {D::kUInt8, 7, 2, true, 0x1.1cb88ap-4f, 158, 0x1.f8014ap-6f, 135, 2431},
    {D::kUInt8, 7, 4, true, 0x1.78522ep-2f, 132, 0x1.48459cp-3f, 189, 1825},
    {D::kUInt8, 6, 2, true, 0x1.31fd4ep-2f, 178, 0x1.2d410ap-4f, 114, 1829},
    {D::kInt8, 7, 2, false, 0x1.ab7a04p-2f, 38, 0x1.60902ap-2f, 33, -894},
    {D::kInt8, 4, 4, false, 0x1.69eaa4p-3f, 44, 0x1.b111fp-2f, -16, -1268},
    {D::kInt8, 7, 3, false, 0x1.83833cp-2f, 46, 0x1.faeb8ap-4f, 5, 317},
};

using QuantizedArithmeticTfLiteTest = testing::TfLiteOpTest;

TEST_F(QuantizedArithmeticTfLiteTest, MeanRoundingCases) {
  for (const MeanRoundingCase& c : kMeanRoundingCases) {
    SCOPED_TRACE(Name(c.type) + " sum " + std::to_string(c.sum));
    // height * width values of the type that add up to `sum`.
    const int32_t count = c.height * c.width;
    const int32_t low = c.type == D::kUInt8 ? 0 : -128;
    std::vector<uint8_t> input;
    int32_t rest = c.sum;
    for (int32_t i = 0; i < count; ++i) {
      const int32_t v = std::min(low + 255, std::max(low, rest / (count - i)));
      input.push_back(static_cast<uint8_t>(v));
      rest -= v;
    }
    ASSERT_EQ(rest, 0);
    const std::vector<int32_t> axes = {1, 2};
    EXPECT_EQ(
        ExpectSameOutput(
            OneOpModel(
                schema::BuiltinOperator_MEAN, 2,
                {{c.type,
                  {1, c.height, c.width, 1},
                  c.input_scale,
                  c.input_zero_point},
                 {D::kInt32, {2}, 0.0f, 0, Bytes(axes)}},
                {c.type, {}, c.output_scale, c.output_zero_point},
                [&](flatbuffers::FlatBufferBuilder& fbb) -> OptionsTable {
                  return {
                      schema::BuiltinOptions_ReducerOptions,
                      schema::CreateReducerOptions(fbb, c.keep_dims).Union()};
                }),
            input),
        1u);
  }
}

// ---------------------------------------------------------------------------
// CONCATENATION.

// Every UINT8 value requantized where float and double arithmetic part (found
// by search): TFLite works in float.
TEST_F(QuantizedArithmeticTfLiteTest, ConcatenationRequantizesInFloat) {
  struct Requantization {
    float input_scale;
    int64_t input_zero_point;
    float output_scale;
    int64_t output_zero_point;
  };
  std::vector<uint8_t> every(256);
  for (int v = 0; v < 256; ++v) every[v] = static_cast<uint8_t>(v);
  for (const Requantization& r :
       {Requantization{0x1.777d2ep-3f, 200, 0x1.e37654p-3f, 213},
        Requantization{0x1.3ca44ap-3f, 226, 0x1.e7ccacp-2f, 103},
        Requantization{0x1.ee894ep-3f, 69, 0x1.32b07p-2f, 164},
        Requantization{0x1.360ed2p-2f, 205, 0x1.bcaeep-10f, 215}}) {
    EXPECT_EQ(ExpectSameOutputs(
                  OneOpModel(
                      schema::BuiltinOperator_CONCATENATION, 1,
                      {{D::kUInt8, {256}, r.input_scale, r.input_zero_point},
                       {D::kUInt8, {256}, r.output_scale, r.output_zero_point}},
                      {D::kUInt8, {512}, r.output_scale, r.output_zero_point}),
                  {every, every}),
              512u);
  }
}

struct ConcatCase {
  const char* name;
  DataType type;
  // Per input; UINT8 inputs quantized unlike the output are requantized.
  std::vector<Quantization> inputs;
  Quantization output;
};

const ConcatCase kConcatCases[] = {
    {"Uint8SameQuantization", D::kUInt8, {{0.1f, 3}, {0.1f, 3}}, {0.1f, 3}},
    {"Uint8Requantized",
     D::kUInt8,
     {{0.1f, 3}, {0.05f, 3}, {0.1f, -40}, {0.3731f, 77}},
     {0.1f, 3}},
    {"Uint8AllRequantized",
     D::kUInt8,
     {{0.0039f, -128}, {0.0123f, 0}, {1.7f, 100}},
     {0.0471f, -13}},
    {"Int8SameQuantization",
     D::kInt8,
     {{0.1f, 3}, {0.1f, 3}, {0.1f, 3}},
     {0.1f, 3}},
    {"Int16", D::kInt16, {{0.0f, 0}, {0.0f, 0}}, {0.0f, 0}},
    {"Int32", D::kInt32, {{0.0f, 0}, {0.0f, 0}, {0.0f, 0}}, {0.0f, 0}},
    {"Int64", D::kInt64, {{0.0f, 0}, {0.0f, 0}}, {0.0f, 0}},
    {"Float32", D::kFloat32, {{0.0f, 0}, {0.0f, 0}}, {0.0f, 0}},
};

using ConcatParam = std::tuple<ConcatCase, int>;

class ConcatenationTfLiteTest
    : public testing::TfLiteOpTest,
      public ::testing::WithParamInterface<ConcatParam> {};

TEST_P(ConcatenationTfLiteTest, MatchesTfLite) {
  const auto& [c, axis] = GetParam();
  const std::vector<int32_t> base = {2, 3, 5, 7};
  std::mt19937 rng(19);
  std::vector<TensorSpec> inputs;
  std::vector<std::vector<uint8_t>> data;
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    std::vector<int32_t> shape = base;
    shape[(axis + 4) % 4] = static_cast<int32_t>(1 + i * 2);
    const Quantization& q = c.inputs[i];
    inputs.push_back(
        {c.type, shape, q.scale,
         q.scale != 0.0f ? ZeroPoint(c.type, q.zero_point_offset) : 0});
    const int64_t count = Count(shape);
    data.push_back(
        c.type == D::kFloat32 ? Bytes(Numbers<float>(rng, count, false))
        : c.type == D::kInt64 ? Bytes(Numbers<int64_t>(rng, count, false))
                              : RandomIntegerBytes(c.type, rng, count));
  }
  const TensorSpec output{c.type,
                          {},
                          c.output.scale,
                          c.output.scale != 0.0f
                              ? ZeroPoint(c.type, c.output.zero_point_offset)
                              : 0};
  EXPECT_GT(
      ExpectSameOutputs(
          OneOpModel(
              schema::BuiltinOperator_CONCATENATION, 2, inputs, output,
              [axis =
                   axis](flatbuffers::FlatBufferBuilder& fbb) -> OptionsTable {
                return {schema::BuiltinOptions_ConcatenationOptions,
                        schema::CreateConcatenationOptions(fbb, axis).Union()};
              }),
          data),
      0u);
}

INSTANTIATE_TEST_SUITE_P(Cases, ConcatenationTfLiteTest,
                         ::testing::Combine(::testing::ValuesIn(kConcatCases),
                                            ::testing::Values(0, 1, 2, 3, -1)),
                         [](const ::testing::TestParamInfo<ConcatParam>& info) {
                           const int axis = std::get<1>(info.param);
                           return std::string(std::get<0>(info.param).name) +
                                  "_Axis" +
                                  (axis < 0 ? "Minus" + std::to_string(-axis)
                                            : std::to_string(axis));
                         });

// ---------------------------------------------------------------------------
// PAD and PADV2.

struct PadCase {
  const char* name;
  std::vector<int32_t> shape;
  std::vector<int32_t> paddings;  // Before and after, per dim.
};

const PadCase kPadCases[] = {
    {"Rank1", {5}, {2, 3}},
    {"Rank2", {3, 4}, {0, 1, 2, 0}},
    {"Image", {1, 5, 6, 3}, {0, 0, 1, 2, 2, 1, 0, 0}},
    {"Channels", {2, 3, 4, 5}, {1, 0, 0, 2, 1, 1, 3, 2}},
};

using PadParam = std::tuple<PadCase, DataType, bool>;

class PadTfLiteTest : public testing::TfLiteOpTest,
                      public ::testing::WithParamInterface<PadParam> {};

// Integer tensors quantized, input unlike output: TFLite pads UINT8, INT8
// and INT16 with the output's zero point, INT32 and INT64 with 0, and takes
// PADV2's value of INT32 and INT64 whatever its quantization.
TEST_P(PadTfLiteTest, MatchesTfLite) {
  const auto& [c, type, v2] = GetParam();
  std::mt19937 rng(23);
  const bool quantized = type != D::kFloat32;
  const float scale = quantized ? 0.25f : 0.0f;
  const int64_t input_zero_point = quantized ? ZeroPoint(type, 3) : 0;
  const int64_t zero_point = quantized ? ZeroPoint(type, 7) : 0;
  const bool value_like_output = IsQuantized8(type) || type == D::kInt16;
  const std::vector<int32_t> paddings_shape = {
      static_cast<int32_t>(c.shape.size()), 2};
  std::vector<TensorSpec> inputs = {
      {type, c.shape, scale, input_zero_point},
      {D::kInt32, paddings_shape, 0.0f, 0, Bytes(c.paddings)}};
  if (v2) {
    const std::vector<uint8_t> value =
        type == D::kFloat32 ? Bytes(std::vector<float>{-1.5f})
        : type == D::kInt64 ? Bytes(std::vector<int64_t>{-1234567890123})
                            : RandomIntegerBytes(type, rng, 1);
    inputs.push_back({type,
                      {},
                      value_like_output ? scale : 2 * scale,
                      value_like_output ? zero_point : 1,
                      value});
  }
  const int64_t count = Count(c.shape);
  EXPECT_GT(ExpectSameOutput(
                OneOpModel(v2 ? schema::BuiltinOperator_PADV2
                              : schema::BuiltinOperator_PAD,
                           2, inputs, {type, {}, scale, zero_point}),
                type == D::kFloat32 ? Bytes(Numbers<float>(rng, count, false))
                : type == D::kInt64 ? Bytes(Numbers<int64_t>(rng, count, false))
                                    : RandomIntegerBytes(type, rng, count)),
            0u);
}

std::string PadName(const ::testing::TestParamInfo<PadParam>& info) {
  const auto& [c, type, v2] = info.param;
  return std::string(v2 ? "PadV2_" : "Pad_") + c.name + "_" + Name(type);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PadTfLiteTest,
    ::testing::Combine(::testing::ValuesIn(kPadCases),
                       ::testing::Values(D::kFloat32, D::kUInt8, D::kInt8,
                                         D::kInt16, D::kInt32, D::kInt64),
                       ::testing::Bool()),
    PadName);

// ---------------------------------------------------------------------------
// RESHAPE of every element type.

class ReshapeTfLiteTest : public testing::TfLiteOpTest,
                          public ::testing::WithParamInterface<DataType> {};

TEST_P(ReshapeTfLiteTest, MatchesTfLite) {
  const DataType type = GetParam();
  std::mt19937 rng(29);
  const std::vector<int32_t> new_shape = {5, -1, 2};
  std::vector<uint8_t> data(60 * DataTypeSize(type));
  std::uniform_int_distribution<int> byte(0, 255);
  for (uint8_t& b : data)
    b = static_cast<uint8_t>(type == D::kBool ? byte(rng) & 1 : byte(rng));
  const float scale = IsQuantized8(type) ? 0.5f : 0.0f;
  EXPECT_EQ(
      ExpectSameOutput(OneOpModel(schema::BuiltinOperator_RESHAPE, 1,
                                  {{type, {3, 4, 5}, scale, 0},
                                   {D::kInt32, {3}, 0.0f, 0, Bytes(new_shape)}},
                                  {type, {5, 6, 2}, scale, 0}),
                       data),
      data.size());
}

INSTANTIATE_TEST_SUITE_P(Types, ReshapeTfLiteTest,
                         ::testing::Values(D::kFloat32, D::kUInt8, D::kInt8,
                                           D::kInt16, D::kInt32, D::kInt64,
                                           D::kBool),
                         [](const ::testing::TestParamInfo<DataType>& info) {
                           return Name(info.param);
                         });

}  // namespace
}  // namespace liten
