// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// ADD, SUB, MUL, DIV and FLOOR_DIV, run through the loader and interpreter,
// against numpy's broadcasting rule written out as plain index arithmetic:
// FLOAT32 and 8-bit ADD, SUB and MUL against the arithmetic on real numbers
// (with TFLite's rounding of ties written out where its fixed-point
// arithmetic decides them), and INT32 and INT64 against two's complement
// arithmetic. The byte-exact comparison with TFLite itself is
// tests/models/quantized_arithmetic_tflite_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernels/kernel_util.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

struct ShapePair {
  std::vector<int32_t> a;
  std::vector<int32_t> b;
};

void PrintTo(const ShapePair& shapes, std::ostream* os) {
  *os << ::testing::PrintToString(shapes.a) << " and "
      << ::testing::PrintToString(shapes.b);
}

std::vector<int32_t> NaiveBroadcastShape(const std::vector<int32_t>& a,
                                         const std::vector<int32_t>& b) {
  const size_t rank = std::max(a.size(), b.size());
  std::vector<int32_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Dims are aligned on the right; a missing dim acts as 1.
    const int32_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int32_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    out[i] = std::max(da, db);
  }
  return out;
}

// Offset into `shape` of the element that output coordinate `coord` reads:
// coordinates along size-1 dims collapse to 0.
int64_t BroadcastSource(const std::vector<int32_t>& shape,
                        const std::vector<int64_t>& coord) {
  const size_t skip = coord.size() - shape.size();
  int64_t offset = 0;
  for (size_t d = 0; d < shape.size(); ++d) {
    offset = offset * shape[d] + (shape[d] == 1 ? 0 : coord[skip + d]);
  }
  return offset;
}

std::vector<float> NaiveBinary(schema::BuiltinOperator op,
                               schema::ActivationFunctionType activation,
                               const ShapePair& shapes,
                               const std::vector<float>& a,
                               const std::vector<float>& b) {
  const std::vector<int32_t> out_shape =
      NaiveBroadcastShape(shapes.a, shapes.b);
  std::vector<float> out(ElementCount(out_shape));
  std::vector<int64_t> coord(out_shape.size());
  for (int64_t i = 0; i < static_cast<int64_t>(out.size()); ++i) {
    int64_t rest = i;
    for (int d = static_cast<int>(out_shape.size()) - 1; d >= 0; --d) {
      coord[d] = rest % out_shape[d];
      rest /= out_shape[d];
    }
    const float x = a[BroadcastSource(shapes.a, coord)];
    const float y = b[BroadcastSource(shapes.b, coord)];
    out[i] = static_cast<float>(NaiveActivation(
        activation, op == schema::BuiltinOperator_ADD ? x + y : x * y));
  }
  return out;
}

// Adds the op with its options table (FLOOR_DIV has none), reading tensors
// `inputs` and writing `output`, and serializes the model with
// `graph_inputs` as its inputs.
std::vector<uint8_t> FinishBinaryOpModel(
    ModelBuilder& builder, schema::BuiltinOperator op,
    schema::ActivationFunctionType activation, const std::vector<int>& inputs,
    int output, const std::vector<int>& graph_inputs) {
  flatbuffers::FlatBufferBuilder& fbb = builder.fbb();
  schema::BuiltinOptions type = schema::BuiltinOptions_NONE;
  flatbuffers::Offset<void> options = 0;
  switch (op) {
    case schema::BuiltinOperator_ADD:
      type = schema::BuiltinOptions_AddOptions;
      options = schema::CreateAddOptions(fbb, activation).Union();
      break;
    case schema::BuiltinOperator_SUB:
      type = schema::BuiltinOptions_SubOptions;
      options = schema::CreateSubOptions(fbb, activation).Union();
      break;
    case schema::BuiltinOperator_MUL:
      type = schema::BuiltinOptions_MulOptions;
      options = schema::CreateMulOptions(fbb, activation).Union();
      break;
    case schema::BuiltinOperator_DIV:
      type = schema::BuiltinOptions_DivOptions;
      options = schema::CreateDivOptions(fbb, activation).Union();
      break;
    default:
      break;
  }
  return FinishSingleOpModel(builder, op, inputs, {output}, graph_inputs, type,
                             options);
}

using ElementwiseParam = std::tuple<schema::BuiltinOperator,
                                    schema::ActivationFunctionType, ShapePair>;

class ElementwiseTest : public ::testing::TestWithParam<ElementwiseParam> {};

TEST_P(ElementwiseTest, MatchesNaiveBroadcast) {
  const auto& [op, activation, shapes] = GetParam();
  std::mt19937 rng(1234);
  const std::vector<float> a = RandomVector(rng, ElementCount(shapes.a), 5.0f);
  const std::vector<float> b = RandomVector(rng, ElementCount(shapes.b), 5.0f);

  ModelBuilder builder;
  const int in_a = builder.AddTensor(DataType::kFloat32, shapes.a);
  const int in_b = builder.AddTensor(DataType::kFloat32, shapes.b);
  const int out = builder.AddTensor(DataType::kFloat32, {});
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(FinishBinaryOpModel(builder, op, activation, {in_a, in_b}, out,
                                   {in_a, in_b}),
               {a, b}, NaiveBroadcastShape(shapes.a, shapes.b), &output));
  ExpectAllNear(output, NaiveBinary(op, activation, shapes, a, b));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ElementwiseTest,
    ::testing::Combine(
        ::testing::Values(schema::BuiltinOperator_ADD,
                          schema::BuiltinOperator_MUL),
        ::testing::Values(schema::ActivationFunctionType_NONE,
                          schema::ActivationFunctionType_RELU,
                          schema::ActivationFunctionType_RELU6,
                          schema::ActivationFunctionType_RELU_N1_TO_1),
        ::testing::Values(
            ShapePair{{2, 3}, {2, 3}}, ShapePair{{1}, {1}},
            ShapePair{{13}, {13}}, ShapePair{{}, {}}, ShapePair{{}, {2, 3}},
            ShapePair{{3, 13}, {}}, ShapePair{{1}, {3, 1, 13}},
            ShapePair{{1, 3, 13}, {13}}, ShapePair{{13, 1}, {1, 13}},
            ShapePair{{4, 1, 3}, {1, 5, 1}},
            ShapePair{{2, 1, 3, 1, 5}, {4, 1, 1, 5}},
            ShapePair{{1, 13, 13, 3}, {3}}, ShapePair{{3}, {2, 13, 1, 3}},
            ShapePair{{2, 1, 2, 1, 2, 1, 2, 1}, {1, 2, 1, 2, 1, 2, 1, 2}},
            ShapePair{{3, 1, 1, 1, 1, 1, 1, 2}, {1, 1, 1}})));

// A constant operand (a folded bias, a scale) goes through the same kernel;
// with both operands constant the interpreter folds the node at prepare.
class ElementwiseConstantTest : public ::testing::TestWithParam<bool> {};

TEST_P(ElementwiseConstantTest, ConstantOperands) {
  const bool both_constant = GetParam();
  const ShapePair shapes{{2, 13, 3}, {3}};
  std::mt19937 rng(77);
  const std::vector<float> a = RandomVector(rng, ElementCount(shapes.a), 5.0f);
  const std::vector<float> b = RandomVector(rng, ElementCount(shapes.b), 5.0f);

  ModelBuilder builder;
  const int in_a = both_constant
                       ? builder.AddConstant(DataType::kFloat32, shapes.a, a)
                       : builder.AddTensor(DataType::kFloat32, shapes.a);
  const int in_b = builder.AddConstant(DataType::kFloat32, shapes.b, b);
  const int out = builder.AddTensor(DataType::kFloat32, {});
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(FinishBinaryOpModel(
                   builder, schema::BuiltinOperator_MUL,
                   schema::ActivationFunctionType_RELU, {in_a, in_b}, out,
                   both_constant ? std::vector<int>{} : std::vector<int>{in_a}),
               both_constant ? std::vector<std::vector<float>>{}
                             : std::vector<std::vector<float>>{a},
               {2, 13, 3}, &output));
  ExpectAllNear(output,
                NaiveBinary(schema::BuiltinOperator_MUL,
                            schema::ActivationFunctionType_RELU, shapes, a, b));
}

INSTANTIATE_TEST_SUITE_P(Folding, ElementwiseConstantTest, ::testing::Bool());

TEST(ElementwiseOptionsTest, MissingOptionsMeanNoActivation) {
  ModelBuilder builder;
  const int in_a = builder.AddTensor(DataType::kFloat32, {3});
  const int in_b = builder.AddTensor(DataType::kFloat32, {3});
  const int out = builder.AddTensor(DataType::kFloat32, {3});
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(FinishSingleOpModel(builder, schema::BuiltinOperator_ADD,
                                   {in_a, in_b}, {out}, {in_a, in_b}),
               {{-4, 0.5f, 9}, {1, 2, 3}}, {3}, &output));
  EXPECT_THAT(output, ::testing::ElementsAre(-3.0f, 2.5f, 12.0f));
}

// Each case builds a node that Prepare must reject with `message`.
struct ElementwiseErrorCase {
  std::string name;
  schema::BuiltinOperator op;
  DataType a_type;
  std::vector<int32_t> a_shape;
  DataType b_type;
  std::vector<int32_t> b_shape;
  DataType out_type;
  schema::ActivationFunctionType activation;
  std::string message;
};

class ElementwiseErrorTest
    : public ::testing::TestWithParam<ElementwiseErrorCase> {};

TEST_P(ElementwiseErrorTest, PrepareFails) {
  const ElementwiseErrorCase& c = GetParam();
  ModelBuilder builder;
  const int in_a = builder.AddTensor(c.a_type, c.a_shape);
  const int in_b = builder.AddTensor(c.b_type, c.b_shape);
  const int out = builder.AddTensor(c.out_type, {});
  ExpectBuildFails(FinishBinaryOpModel(builder, c.op, c.activation,
                                       {in_a, in_b}, out, {in_a, in_b}),
                   c.message);
}

constexpr DataType kF32 = DataType::kFloat32;
constexpr DataType kI32 = DataType::kInt32;
constexpr schema::ActivationFunctionType kNoActivation =
    schema::ActivationFunctionType_NONE;

INSTANTIATE_TEST_SUITE_P(
    Cases, ElementwiseErrorTest,
    ::testing::Values(
        ElementwiseErrorCase{"IncompatibleShapes",
                             schema::BuiltinOperator_ADD,
                             kF32,
                             {2, 3},
                             kF32,
                             {4},
                             kF32,
                             kNoActivation,
                             "node 0 (ADD): shapes [2,3] and [4] cannot be "
                             "broadcast together"},
        ElementwiseErrorCase{"IncompatibleInnerDims",
                             schema::BuiltinOperator_MUL,
                             kF32,
                             {5, 2, 3},
                             kF32,
                             {5, 3, 3},
                             kF32,
                             kNoActivation,
                             "cannot be broadcast together"},
        ElementwiseErrorCase{"MismatchedInputTypes",
                             schema::BuiltinOperator_ADD,
                             kF32,
                             {3},
                             kI32,
                             {3},
                             kF32,
                             kNoActivation,
                             "input 1 (tensor 1) has type INT32; expected "
                             "FLOAT32"},
        ElementwiseErrorCase{"Int16Inputs",
                             schema::BuiltinOperator_MUL,
                             DataType::kInt16,
                             {3},
                             DataType::kInt16,
                             {3},
                             DataType::kInt16,
                             kNoActivation,
                             "input 0 (tensor 0) has type INT16; expected "
                             "FLOAT32, INT32, INT64, UINT8 or INT8"},
        ElementwiseErrorCase{"Uint8Division",
                             schema::BuiltinOperator_DIV,
                             DataType::kUInt8,
                             {3},
                             DataType::kUInt8,
                             {3},
                             DataType::kUInt8,
                             kNoActivation,
                             "input 0 (tensor 0) has type UINT8; expected "
                             "FLOAT32 or INT32"},
        ElementwiseErrorCase{"Int64FloorDivision",
                             schema::BuiltinOperator_FLOOR_DIV,
                             DataType::kInt64,
                             {3},
                             DataType::kInt64,
                             {3},
                             DataType::kInt64,
                             kNoActivation,
                             "input 0 (tensor 0) has type INT64; expected "
                             "FLOAT32 or INT32"},
        ElementwiseErrorCase{"Int32TanhActivation",
                             schema::BuiltinOperator_SUB,
                             kI32,
                             {3},
                             kI32,
                             {3},
                             kI32,
                             schema::ActivationFunctionType_TANH,
                             "fused activation"},
        ElementwiseErrorCase{"Int32OutputOfFloats",
                             schema::BuiltinOperator_DIV,
                             kF32,
                             {3},
                             kF32,
                             {3},
                             kI32,
                             kNoActivation,
                             "output 0 (tensor 2) has type INT32; expected "
                             "FLOAT32"},
        ElementwiseErrorCase{"Uint8WithoutQuantization",
                             schema::BuiltinOperator_ADD,
                             DataType::kUInt8,
                             {3},
                             DataType::kUInt8,
                             {3},
                             DataType::kUInt8,
                             kNoActivation,
                             "input 0 (tensor 0) has type UINT8 but no "
                             "quantization parameters"},
        ElementwiseErrorCase{"MismatchedOutputType",
                             schema::BuiltinOperator_MUL,
                             kF32,
                             {3},
                             kF32,
                             {3},
                             kI32,
                             kNoActivation,
                             "output 0 (tensor 2) has type INT32; expected "
                             "FLOAT32"},
        ElementwiseErrorCase{"TanhActivation",
                             schema::BuiltinOperator_ADD,
                             kF32,
                             {3},
                             kF32,
                             {3},
                             kF32,
                             schema::ActivationFunctionType_TANH,
                             "fused activation"}),
    CaseName());

TEST(ElementwiseInputCountTest, RejectsThirdInput) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {3});
  const int out = builder.AddTensor(DataType::kFloat32, {3});
  ExpectBuildFails(FinishBinaryOpModel(builder, schema::BuiltinOperator_ADD,
                                       kNoActivation, {in, in, in}, out, {in}),
                   "has 3 inputs; expected 2");
}

// ---------------------------------------------------------------------------
// 8-bit ADD, SUB and MUL.

// Scales and zero points of both inputs and the output of an 8-bit node;
// UINT8 zero points are 128 above these.
struct BinaryQuantization {
  float scale1;
  int64_t zero_point1;
  float scale2;
  int64_t zero_point2;
  float output_scale;
  int64_t output_zero_point;
};

// An 8-bit `op` of graph inputs 0 (`shape1`) and 1 (`shape2`) into tensor 2.
std::vector<uint8_t> BuildQuantizedBinary(
    schema::BuiltinOperator op, DataType type, const BinaryQuantization& q,
    const std::vector<int32_t>& shape1, const std::vector<int32_t>& shape2,
    schema::ActivationFunctionType activation = kNoActivation) {
  ModelBuilder builder;
  const int in1 = builder.AddTensor(type, shape1);
  const int in2 = builder.AddTensor(type, shape2);
  const int out = builder.AddTensor(type, {});
  const int64_t middle = type == DataType::kUInt8 ? 128 : 0;
  builder.SetQuantization(in1, {q.scale1}, {q.zero_point1 + middle});
  builder.SetQuantization(in2, {q.scale2}, {q.zero_point2 + middle});
  builder.SetQuantization(out, {q.output_scale},
                          {q.output_zero_point + middle});
  return FinishBinaryOpModel(builder, op, activation, {in1, in2}, out,
                             {in1, in2});
}

// The clamp TFLite's quantized activations apply, from their definition:
// each bound moved into the output's steps and rounded.
void NaiveQuantizedClamp(schema::ActivationFunctionType activation,
                         double scale, int64_t zero_point, int64_t* low,
                         int64_t* high) {
  const auto step = [&](double bound) {
    return zero_point + static_cast<int64_t>(std::round(bound / scale));
  };
  switch (activation) {
    case schema::ActivationFunctionType_RELU:
      *low = std::max(*low, step(0));
      break;
    case schema::ActivationFunctionType_RELU6:
      *low = std::max(*low, step(0));
      *high = std::min(*high, step(6));
      break;
    case schema::ActivationFunctionType_RELU_N1_TO_1:
      *low = std::max(*low, step(-1));
      *high = std::min(*high, step(1));
      break;
    default:
      break;
  }
}

// Expects `actual` to be `exact` (a result in output steps, before
// rounding) rounded to nearest and clamped to [low, high]. TFLite's
// fixed-point arithmetic only approximates `exact`, so within `window` of a
// tie either neighbour passes; the tie tests below pin those down.
void ExpectRoundedResult(int64_t actual, double exact, int64_t low,
                         int64_t high, double window,
                         const std::string& where) {
  const auto clamp = [&](double v) {
    return std::min<int64_t>(std::max<int64_t>(static_cast<int64_t>(v), low),
                             high);
  };
  const double floor = std::floor(exact);
  if (std::fabs(exact - floor - 0.5) < window) {
    EXPECT_TRUE(actual == clamp(floor) || actual == clamp(floor + 1))
        << where << ": " << actual << " for " << exact;
  } else {
    EXPECT_EQ(actual, clamp(std::round(exact))) << where << " for " << exact;
  }
}

using QuantizedBinaryParam =
    std::tuple<schema::BuiltinOperator, DataType,
               schema::ActivationFunctionType, BinaryQuantization>;

class QuantizedBinaryTest
    : public ::testing::TestWithParam<QuantizedBinaryParam> {
 protected:
  // Every pair of values, by broadcasting a column against a row or, with
  // `one_shape`, as two [256, 256] tensors (liten's AVX2 kernel takes
  // either, broadcast operands copied out first).
  template <typename T>
  void Check(bool one_shape) {
    const auto& [op, type, activation, q] = GetParam();
    std::vector<T> values(256);
    for (int v = 0; v < 256; ++v) {
      values[v] = static_cast<T>(std::numeric_limits<T>::min() + v);
    }
    std::vector<T> output;
    if (one_shape) {
      std::vector<T> rows, columns;
      for (int i = 0; i < 256; ++i) {
        for (int j = 0; j < 256; ++j) {
          rows.push_back(values[i]);
          columns.push_back(values[j]);
        }
      }
      ASSERT_NO_FATAL_FAILURE((RunModel<T, T>(
          BuildQuantizedBinary(op, type, q, {256, 256}, {256, 256}, activation),
          {rows, columns}, {256, 256}, &output)));
    } else {
      ASSERT_NO_FATAL_FAILURE((RunModel<T, T>(
          BuildQuantizedBinary(op, type, q, {256, 1}, {1, 256}, activation),
          {values, values}, {256, 256}, &output)));
    }
    const int64_t middle = type == DataType::kUInt8 ? 128 : 0;
    const int64_t output_zero_point = q.output_zero_point + middle;
    int64_t low = std::numeric_limits<T>::min();
    int64_t high = std::numeric_limits<T>::max();
    NaiveQuantizedClamp(activation, q.output_scale, output_zero_point, &low,
                        &high);
    // ADD and SUB keep 20 bits of headroom. MUL rounds the product times
    // its multiplier's mantissa m (real = m * 2^e, m in [0.5, 1)) to an
    // integer, then shifts it right by -e, so it may stray 2^(e-1) steps.
    double window = 1e-3;
    if (op == schema::BuiltinOperator_MUL) {
      int exponent = 0;
      std::frexp(static_cast<double>(q.scale1) * q.scale2 / q.output_scale,
                 &exponent);
      window += std::ldexp(0.5, std::min(exponent, 0));
    }
    for (int i = 0; i < 256; ++i) {
      for (int j = 0; j < 256; ++j) {
        const double x = q.scale1 * (values[i] - q.zero_point1 - middle);
        const double y = q.scale2 * (values[j] - q.zero_point2 - middle);
        const double real = op == schema::BuiltinOperator_ADD   ? x + y
                            : op == schema::BuiltinOperator_SUB ? x - y
                                                                : x * y;
        ExpectRoundedResult(output[i * 256 + j],
                            real / q.output_scale + output_zero_point, low,
                            high, window,
                            "a " + std::to_string(values[i]) + " b " +
                                std::to_string(values[j]));
      }
    }
  }
};

TEST_P(QuantizedBinaryTest, MatchesDefinition) {
  if (std::get<1>(GetParam()) == DataType::kUInt8) return Check<uint8_t>(false);
  Check<int8_t>(false);
}

TEST_P(QuantizedBinaryTest, MatchesDefinitionOfOneShape) {
  if (std::get<1>(GetParam()) == DataType::kUInt8) return Check<uint8_t>(true);
  Check<int8_t>(true);
}

TEST(QuantizedBinaryPathTest, AddSubAndMulTakeTheFastPath) {
  const BinaryQuantization q{0.1f, 4, 0.07f, -3, 0.2f, 2};
  for (schema::BuiltinOperator op :
       {schema::BuiltinOperator_ADD, schema::BuiltinOperator_SUB,
        schema::BuiltinOperator_MUL}) {
    ExpectNodePath(
        BuildQuantizedBinary(op, DataType::kInt8, q, {2, 40}, {2, 40}),
        QuantizedFastPath());
    ExpectNodePath(
        BuildQuantizedBinary(op, DataType::kInt8, q, {2, 40}, {1, 40}),
        QuantizedFastPath());
  }
  ExpectNodePath(BuildQuantizedBinary(schema::BuiltinOperator_MUL,
                                      DataType::kUInt8, q, {2, 40}, {2, 40}),
                 QuantizedFastPath());
}

INSTANTIATE_TEST_SUITE_P(
    Scales, QuantizedBinaryTest,
    ::testing::Combine(
        ::testing::Values(schema::BuiltinOperator_ADD,
                          schema::BuiltinOperator_SUB,
                          schema::BuiltinOperator_MUL),
        ::testing::Values(DataType::kUInt8, DataType::kInt8),
        ::testing::Values(schema::ActivationFunctionType_NONE,
                          schema::ActivationFunctionType_RELU,
                          schema::ActivationFunctionType_RELU6,
                          schema::ActivationFunctionType_RELU_N1_TO_1),
        ::testing::Values(BinaryQuantization{0.5f, 0, 0.5f, 0, 0.5f, 0},
                          BinaryQuantization{0.037f, 3, 0.0123f, -7, 0.05f, 1},
                          BinaryQuantization{0.2f, -2, 0.3f, 5, 1.9f, -4})));

// Broadcasting of 8-bit operands over 4-D and scalar shapes, against the
// same definition at the elements each output reads.
TEST(QuantizedBinaryBroadcastTest, ReadsBroadcastOperands) {
  const BinaryQuantization q{0.1f, 4, 0.07f, -3, 0.2f, 2};
  const ShapePair shapes{{2, 1, 3, 1}, {1, 4, 1, 5}};
  std::mt19937 rng(12);
  std::uniform_int_distribution<int> values(-128, 127);
  std::vector<int8_t> a(ElementCount(shapes.a)), b(ElementCount(shapes.b));
  for (int8_t& v : a) v = static_cast<int8_t>(values(rng));
  for (int8_t& v : b) v = static_cast<int8_t>(values(rng));
  std::vector<float> real_a, real_b;
  for (int8_t v : a) real_a.push_back(q.scale1 * (v - q.zero_point1));
  for (int8_t v : b) real_b.push_back(q.scale2 * (v - q.zero_point2));
  const std::vector<float> real = NaiveBinary(
      schema::BuiltinOperator_ADD, kNoActivation, shapes, real_a, real_b);
  std::vector<int8_t> output;
  ASSERT_NO_FATAL_FAILURE((RunModel<int8_t, int8_t>(
      BuildQuantizedBinary(schema::BuiltinOperator_ADD, DataType::kInt8, q,
                           shapes.a, shapes.b),
      {a, b}, NaiveBroadcastShape(shapes.a, shapes.b), &output)));
  ASSERT_EQ(output.size(), real.size());
  for (size_t i = 0; i < real.size(); ++i) {
    ExpectRoundedResult(output[i],
                        real[i] / q.output_scale + q.output_zero_point, -128,
                        127, 1e-3, "element " + std::to_string(i));
  }
}

// BroadcastBytes against numpy's rule at every output element: each
// input dimension of 1 (or missing, on the left) reads index 0. Shapes that
// repeat whole (scalar, [3], [1,1,1,3]) and ones that do not.
TEST(BroadcastBytesTest, WritesEachOutputElementsInput) {
  const std::vector<std::pair<Shape, Shape>> cases = {
      {Shape{}, Shape{2, 3}},
      {Shape{3}, Shape{4, 5, 3}},
      {Shape{1, 1, 1, 3}, Shape{1, 6, 5, 3}},
      {Shape{2, 1}, Shape{2, 3}},
      {Shape{1, 4, 1, 5}, Shape{2, 4, 3, 5}},
      {Shape{48, 48, 1}, Shape{48, 48, 17}},
      {Shape{1, 17}, Shape{48, 48, 17}},
      {Shape{2, 3}, Shape{2, 3}}};
  for (const auto& [input, output] : cases) {
    std::vector<uint8_t> data(static_cast<size_t>(input.NumElements()));
    for (size_t i = 0; i < data.size(); ++i) {
      data[i] = static_cast<uint8_t>(i * 7 + 1);
    }
    std::vector<uint8_t> actual(static_cast<size_t>(output.NumElements()));
    BroadcastBytes(input, data.data(), output, actual.data());
    const int offset = output.rank() - input.rank();
    for (int64_t k = 0; k < output.NumElements(); ++k) {
      int64_t rest = k, index = 0, stride = 1;
      for (int d = output.rank() - 1; d >= 0; --d) {
        const int64_t position = rest % output.dim(d);
        rest /= output.dim(d);
        if (d >= offset && input.dim(d - offset) != 1) {
          index += position * stride;
        }
        if (d >= offset) stride *= input.dim(d - offset);
      }
      ASSERT_EQ(actual[static_cast<size_t>(k)],
                data[static_cast<size_t>(index)])
          << "element " << k << " of input rank " << input.rank()
          << " broadcast to rank " << output.rank();
    }
  }
}

// Exact cases with TFLite's rounding written out. With equal input scales
// ADD and SUB are exact up to their final rescaling, which rounds half away
// from zero; MUL by a multiplier of exactly 1/2 rounds a tie toward +inf
// (SaturatingRoundingDoublingHighMul); by 1/4 it rounds twice, x / 2 toward
// +inf and then half away from zero, so 1/4 becomes 1 and 5/4 becomes 2.
struct TieCase {
  std::string name;
  schema::BuiltinOperator op;
  float output_scale;
  std::vector<int8_t> a;
  std::vector<int8_t> b;
  std::vector<int8_t> expected;
};

class QuantizedTieTest : public ::testing::TestWithParam<TieCase> {};

TEST_P(QuantizedTieTest, RoundsAsTfLite) {
  const TieCase& c = GetParam();
  const BinaryQuantization q{1.0f, 0, 1.0f, 0, c.output_scale, 0};
  const int32_t n = static_cast<int32_t>(c.a.size());
  std::vector<int8_t> output;
  ASSERT_NO_FATAL_FAILURE((RunModel<int8_t, int8_t>(
      BuildQuantizedBinary(c.op, DataType::kInt8, q, {n}, {n}), {c.a, c.b}, {n},
      &output)));
  EXPECT_EQ(output, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, QuantizedTieTest,
                         ::testing::Values(TieCase{"AddHalvesAwayFromZero",
                                                   schema::BuiltinOperator_ADD,
                                                   2.0f,
                                                   {1, -1, 3, -3, 2, 127, -128},
                                                   {0, 0, 0, 0, 0, 127, -128},
                                                   {1, -1, 2, -2, 1, 127,
                                                    -128}},
                                           TieCase{"SubHalvesAwayFromZero",
                                                   schema::BuiltinOperator_SUB,
                                                   2.0f,
                                                   {0, 0, 3, -3, 100},
                                                   {1, -1, 0, 0, -100},
                                                   {-1, 1, 2, -2, 100}},
                                           TieCase{"AddSaturates",
                                                   schema::BuiltinOperator_ADD,
                                                   1.0f,
                                                   {100, -100, 127},
                                                   {100, -100, -127},
                                                   {127, -128, 0}},
                                           TieCase{"MulHalvesUp",
                                                   schema::BuiltinOperator_MUL,
                                                   2.0f,
                                                   {1, -1, 3, -3, 1},
                                                   {1, 1, 1, 1, 4},
                                                   {1, 0, 2, -1, 2}},
                                           TieCase{"MulQuartersRoundTwice",
                                                   schema::BuiltinOperator_MUL,
                                                   4.0f,
                                                   {1, -1, 2, -2, 3, -3, 5, -5},
                                                   {1, 1, 1, 1, 1, 1, 1, 1},
                                                   {1, 0, 1, -1, 1, -1, 2, -1}},
                                           TieCase{"MulSaturates",
                                                   schema::BuiltinOperator_MUL,
                                                   1.0f,
                                                   {100, -100, 12},
                                                   {100, 100, 10},
                                                   {127, -128, 120}}),
                         CaseName());

// TFLite aborts on these multipliers; liten rejects the node.
TEST(QuantizedBinaryErrorTest, AddOutputScaleTooSmall) {
  ExpectBuildFails(
      BuildQuantizedBinary(schema::BuiltinOperator_ADD, DataType::kUInt8,
                           {1.0f, 0, 1.0f, 0, 1e-7f, 0}, {3}, {3}),
      "node 0 (ADD): output 0 (tensor 2) has scale 1e-07; with input scales "
      "1 and 1 the output multiplier is 19.0735, but it must lie in (0, 1)");
}

TEST(QuantizedBinaryErrorTest, MulMultiplierTooLarge) {
  ExpectBuildFails(
      BuildQuantizedBinary(schema::BuiltinOperator_MUL, DataType::kInt8,
                           {1e5f, 0, 1e5f, 0, 1e-5f, 0}, {3}, {3}),
      "node 0 (MUL): output 0 (tensor 2) has scale 1e-05; with input scales "
      "100000 and 100000 the output multiplier 1e+15 is too large");
}

TEST(QuantizedBinaryErrorTest, PerAxisQuantization) {
  ModelBuilder builder;
  const int in1 = builder.AddTensor(DataType::kInt8, {2, 3});
  const int in2 = builder.AddTensor(DataType::kInt8, {2, 3});
  const int out = builder.AddTensor(DataType::kInt8, {2, 3});
  builder.SetQuantization(in1, {0.5f, 0.25f}, {0, 0});
  builder.SetQuantization(in2, {0.5f}, {0});
  builder.SetQuantization(out, {0.5f}, {0});
  ExpectBuildFails(
      FinishBinaryOpModel(builder, schema::BuiltinOperator_SUB, kNoActivation,
                          {in1, in2}, out, {in1, in2}),
      StatusCode::kUnsupported, "input 0 (tensor 0) has 2 per-axis scales");
}

// ---------------------------------------------------------------------------
// Plain INT32, INT64 and FLOAT32 arithmetic beyond ADD and MUL of floats.

// A one-node model of two graph inputs of `type`.
std::vector<uint8_t> BuildPlainBinary(
    schema::BuiltinOperator op, DataType type, const ShapePair& shapes,
    schema::ActivationFunctionType activation = kNoActivation) {
  ModelBuilder builder;
  const int in1 = builder.AddTensor(type, shapes.a);
  const int in2 = builder.AddTensor(type, shapes.b);
  const int out = builder.AddTensor(type, {});
  return FinishBinaryOpModel(builder, op, activation, {in1, in2}, out,
                             {in1, in2});
}

// Integer arithmetic from its definition: two's complement wrap-around, and
// division rounding toward zero (DIV) or toward -inf (FLOOR_DIV), where the
// one overflowing quotient, INT32_MIN / -1, wraps to INT32_MIN.
template <typename T>
int64_t NaiveInteger(schema::BuiltinOperator op, T a, T b) {
  using U = std::make_unsigned_t<T>;
  switch (op) {
    case schema::BuiltinOperator_ADD:
      return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
    case schema::BuiltinOperator_SUB:
      return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
    case schema::BuiltinOperator_MUL:
      return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
    default:
      break;
  }
  if (a == std::numeric_limits<T>::min() && b == -1) return a;
  T q = a / b;
  if (op == schema::BuiltinOperator_FLOOR_DIV && a % b != 0 &&
      ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

template <typename T>
std::vector<T> IntegerOperands(std::mt19937& rng, int64_t count, bool nonzero) {
  std::vector<T> values = {std::numeric_limits<T>::min(),
                           std::numeric_limits<T>::max(),
                           -1,
                           1,
                           0,
                           7,
                           -7};
  std::uniform_int_distribution<int64_t> any(std::numeric_limits<T>::min(),
                                             std::numeric_limits<T>::max());
  std::uniform_int_distribution<int64_t> small(-20, 20);
  while (static_cast<int64_t>(values.size()) < count) {
    values.push_back(static_cast<T>(values.size() % 2 ? any(rng) : small(rng)));
  }
  values.resize(count);
  if (nonzero) {
    for (T& v : values) {
      if (v == 0) v = 3;
    }
  }
  return values;
}

using IntegerBinaryParam =
    std::tuple<schema::BuiltinOperator, DataType,
               schema::ActivationFunctionType, ShapePair>;

class IntegerBinaryTest : public ::testing::TestWithParam<IntegerBinaryParam> {
 protected:
  template <typename T>
  void Check() {
    const auto& [op, type, activation, shapes] = GetParam();
    const bool division = op == schema::BuiltinOperator_DIV ||
                          op == schema::BuiltinOperator_FLOOR_DIV;
    std::mt19937 rng(21);
    const std::vector<T> a =
        IntegerOperands<T>(rng, ElementCount(shapes.a), false);
    const std::vector<T> b =
        IntegerOperands<T>(rng, ElementCount(shapes.b), division);
    // The float naive broadcast gives the operands' positions.
    std::vector<float> index_a(a.size()), index_b(b.size());
    for (size_t i = 0; i < a.size(); ++i) index_a[i] = static_cast<float>(i);
    for (size_t i = 0; i < b.size(); ++i) index_b[i] = static_cast<float>(i);
    const std::vector<float> from_a =
        NaiveBinary(schema::BuiltinOperator_ADD, kNoActivation, shapes, index_a,
                    std::vector<float>(b.size(), 0.0f));
    const std::vector<float> from_b =
        NaiveBinary(schema::BuiltinOperator_ADD, kNoActivation, shapes,
                    std::vector<float>(a.size(), 0.0f), index_b);
    int64_t low = std::numeric_limits<T>::min();
    int64_t high = std::numeric_limits<T>::max();
    if (activation == schema::ActivationFunctionType_RELU) low = 0;
    if (activation == schema::ActivationFunctionType_RELU6) low = 0, high = 6;
    if (activation == schema::ActivationFunctionType_RELU_N1_TO_1) {
      low = -1;
      high = 1;
    }
    std::vector<T> output;
    ASSERT_NO_FATAL_FAILURE(
        (RunModel<T, T>(BuildPlainBinary(op, type, shapes, activation), {a, b},
                        NaiveBroadcastShape(shapes.a, shapes.b), &output)));
    ASSERT_EQ(output.size(), from_a.size());
    for (size_t k = 0; k < output.size(); ++k) {
      const T x = a[static_cast<size_t>(from_a[k])];
      const T y = b[static_cast<size_t>(from_b[k])];
      const int64_t expected =
          std::min(std::max(NaiveInteger(op, x, y), low), high);
      EXPECT_EQ(output[k], expected) << x << " and " << y;
    }
  }
};

TEST_P(IntegerBinaryTest, MatchesDefinition) {
  if (std::get<1>(GetParam()) == DataType::kInt32) return Check<int32_t>();
  Check<int64_t>();
}

INSTANTIATE_TEST_SUITE_P(
    Int32AndInt64, IntegerBinaryTest,
    ::testing::Combine(
        ::testing::Values(schema::BuiltinOperator_ADD,
                          schema::BuiltinOperator_SUB,
                          schema::BuiltinOperator_MUL),
        ::testing::Values(DataType::kInt32, DataType::kInt64),
        ::testing::Values(schema::ActivationFunctionType_NONE,
                          schema::ActivationFunctionType_RELU6),
        ::testing::Values(ShapePair{{13}, {13}}, ShapePair{{}, {2, 3}},
                          ShapePair{{4, 1, 3}, {1, 5, 1}},
                          ShapePair{{2, 1, 3, 1, 5}, {4, 1, 1, 5}})));

INSTANTIATE_TEST_SUITE_P(
    Division, IntegerBinaryTest,
    ::testing::Combine(::testing::Values(schema::BuiltinOperator_DIV,
                                         schema::BuiltinOperator_FLOOR_DIV),
                       ::testing::Values(DataType::kInt32),
                       ::testing::Values(schema::ActivationFunctionType_NONE),
                       ::testing::Values(ShapePair{{13}, {13}},
                                         ShapePair{{2, 7}, {}},
                                         ShapePair{{4, 1, 3}, {1, 5, 1}})));

INSTANTIATE_TEST_SUITE_P(
    DivisionActivations, IntegerBinaryTest,
    ::testing::Combine(
        ::testing::Values(schema::BuiltinOperator_DIV),
        ::testing::Values(DataType::kInt32),
        ::testing::Values(schema::ActivationFunctionType_RELU,
                          schema::ActivationFunctionType_RELU_N1_TO_1),
        ::testing::Values(ShapePair{{40}, {40}})));

// FLOAT32 SUB, DIV and FLOOR_DIV: IEEE arithmetic, clamped by the fused
// activation as TFLite does (its NONE clamp turns infinities into the
// largest finite floats), except FLOOR_DIV, which floors the quotient in
// double and has no activation.
TEST(FloatBinaryTest, SubDivFloorDiv) {
  const float inf = std::numeric_limits<float>::infinity();
  const float max = std::numeric_limits<float>::max();
  const std::vector<float> a = {7.5f, -7.5f, 1.0f, -1.0f, inf, 0.0f, 3.0f};
  const std::vector<float> b = {2.0f, 2.0f, 0.0f, 0.0f, 3.0f, 5.0f, -0.5f};
  const ShapePair shapes{{7}, {7}};
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(
      BuildPlainBinary(schema::BuiltinOperator_SUB, DataType::kFloat32, shapes),
      {a, b}, {7}, &output));
  EXPECT_THAT(output, ::testing::ElementsAre(5.5f, -9.5f, 1.0f, -1.0f, max,
                                             -5.0f, 3.5f));
  ASSERT_NO_FATAL_FAILURE(RunModel(
      BuildPlainBinary(schema::BuiltinOperator_DIV, DataType::kFloat32, shapes),
      {a, b}, {7}, &output));
  EXPECT_THAT(output, ::testing::ElementsAre(3.75f, -3.75f, max, -max, max,
                                             0.0f, -6.0f));
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildPlainBinary(schema::BuiltinOperator_DIV, DataType::kFloat32,
                                shapes, schema::ActivationFunctionType_RELU6),
               {a, b}, {7}, &output));
  EXPECT_THAT(output, ::testing::ElementsAre(3.75f, 0.0f, 6.0f, 0.0f, 6.0f,
                                             0.0f, 0.0f));
  const std::vector<float> divisors = {2.0f, 2.0f, 3.0f, -3.0f,
                                       3.0f, 5.0f, -0.5f};
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildPlainBinary(schema::BuiltinOperator_FLOOR_DIV,
                                DataType::kFloat32, shapes),
               {a, divisors}, {7}, &output));
  EXPECT_THAT(output, ::testing::ElementsAre(3.0f, -4.0f, 0.0f, 0.0f, inf, 0.0f,
                                             -6.0f));
}

// A zero divisor fails Invoke naming the element: TFLite's FLOOR_DIV fails
// there too, and its integer DIV would trap. Float DIV gives infinities.
TEST(DivisionByZeroTest, FailsInvoke) {
  for (const auto& [op, type] :
       {std::pair{schema::BuiltinOperator_FLOOR_DIV, DataType::kInt32},
        std::pair{schema::BuiltinOperator_FLOOR_DIV, DataType::kFloat32},
        std::pair{schema::BuiltinOperator_DIV, DataType::kInt32}}) {
    SCOPED_TRACE(schema::EnumNameBuiltinOperator(op));
    TestInterpreter interpreter;
    ASSERT_TRUE(
        interpreter.Build(BuildPlainBinary(op, type, ShapePair{{4}, {4}}))
            .ok());
    if (type == DataType::kInt32) {
      ASSERT_TRUE(
          interpreter.SetInput(0, std::vector<int32_t>{1, 2, 3, 4}).ok());
      ASSERT_TRUE(
          interpreter.SetInput(1, std::vector<int32_t>{1, 2, 0, 4}).ok());
    } else {
      ASSERT_TRUE(interpreter.SetInput(0, std::vector<float>{1, 2, 3, 4}).ok());
      ASSERT_TRUE(
          interpreter.SetInput(1, std::vector<float>{1, 2, -0.0f, 4}).ok());
    }
    const Status status = interpreter.Invoke();
    EXPECT_FALSE(status.ok());
    EXPECT_THAT(status.message(),
                ::testing::HasSubstr("input 1 (tensor 1) holds a zero divisor "
                                     "at element 2"));
  }
}

}  // namespace
}  // namespace testing
}  // namespace liten
