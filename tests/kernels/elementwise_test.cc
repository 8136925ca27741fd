// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// ADD and MUL, run through the loader and interpreter, against numpy's
// broadcasting rule written out as plain index arithmetic.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

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

// Adds the op with its options table, reading tensors `inputs` and writing
// `output`, and serializes the model with `graph_inputs` as its inputs.
std::vector<uint8_t> FinishBinaryOpModel(
    ModelBuilder& builder, schema::BuiltinOperator op,
    schema::ActivationFunctionType activation, const std::vector<int>& inputs,
    int output, const std::vector<int>& graph_inputs) {
  const bool add = op == schema::BuiltinOperator_ADD;
  const flatbuffers::Offset<void> options =
      add ? schema::CreateAddOptions(builder.fbb(), activation).Union()
          : schema::CreateMulOptions(builder.fbb(), activation).Union();
  return FinishSingleOpModel(builder, op, inputs, {output}, graph_inputs,
                             add ? schema::BuiltinOptions_AddOptions
                                 : schema::BuiltinOptions_MulOptions,
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
  ASSERT_NO_FATAL_FAILURE(RunModel(
      FinishBinaryOpModel(builder, op, activation, {in_a, in_b}, out,
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
  ASSERT_NO_FATAL_FAILURE(RunModel(
      FinishBinaryOpModel(builder, schema::BuiltinOperator_MUL,
                          schema::ActivationFunctionType_RELU, {in_a, in_b},
                          out,
                          both_constant ? std::vector<int>{}
                                        : std::vector<int>{in_a}),
      both_constant ? std::vector<std::vector<float>>{}
                    : std::vector<std::vector<float>>{a},
      {2, 13, 3}, &output));
  ExpectAllNear(output, NaiveBinary(schema::BuiltinOperator_MUL,
                                    schema::ActivationFunctionType_RELU,
                                    shapes, a, b));
}

INSTANTIATE_TEST_SUITE_P(Folding, ElementwiseConstantTest, ::testing::Bool());

TEST(ElementwiseOptionsTest, MissingOptionsMeanNoActivation) {
  ModelBuilder builder;
  const int in_a = builder.AddTensor(DataType::kFloat32, {3});
  const int in_b = builder.AddTensor(DataType::kFloat32, {3});
  const int out = builder.AddTensor(DataType::kFloat32, {3});
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(
      FinishSingleOpModel(builder, schema::BuiltinOperator_ADD, {in_a, in_b},
                          {out}, {in_a, in_b}),
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
        ElementwiseErrorCase{"IntegerInputs",
                             schema::BuiltinOperator_MUL,
                             kI32,
                             {3},
                             kI32,
                             {3},
                             kI32,
                             kNoActivation,
                             "input 0 (tensor 0) has type INT32; expected "
                             "FLOAT32"},
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

}  // namespace
}  // namespace testing
}  // namespace liten
