// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CONCATENATION, run through the loader and interpreter, against a
// per-element definition: an output element comes from the input whose range
// along the axis holds its coordinate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
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

std::vector<float> NaiveConcatenation(
    const std::vector<std::vector<int32_t>>& shapes,
    const std::vector<std::vector<float>>& inputs, int axis,
    schema::ActivationFunctionType activation,
    std::vector<int32_t>* out_shape) {
  *out_shape = shapes[0];
  (*out_shape)[axis] = 0;
  for (const auto& shape : shapes) (*out_shape)[axis] += shape[axis];
  const int rank = static_cast<int>(out_shape->size());
  std::vector<float> output(ElementCount(*out_shape));
  std::vector<int64_t> coordinate(rank);
  for (int64_t i = 0; i < static_cast<int64_t>(output.size()); ++i) {
    int64_t rest = i;
    for (int d = rank - 1; d >= 0; --d) {
      coordinate[d] = rest % (*out_shape)[d];
      rest /= (*out_shape)[d];
    }
    // Find the input and the coordinate within it along the axis.
    size_t source = 0;
    int64_t along = coordinate[axis];
    while (along >= shapes[source][axis]) along -= shapes[source++][axis];
    int64_t offset = 0;
    for (int d = 0; d < rank; ++d) {
      offset = offset * shapes[source][d] + (d == axis ? along : coordinate[d]);
    }
    output[i] = static_cast<float>(
        NaiveActivation(activation, inputs[source][offset]));
  }
  return output;
}

// CONCATENATION of graph inputs 0..n-1 (tensors 0..n-1) into tensor n.
std::vector<uint8_t> BuildConcatenation(
    const std::vector<std::vector<int32_t>>& shapes, int axis,
    schema::ActivationFunctionType activation,
    const std::vector<DataType>& types = {},
    DataType output_type = DataType::kFloat32) {
  ModelBuilder builder;
  std::vector<int> inputs;
  for (size_t i = 0; i < shapes.size(); ++i) {
    inputs.push_back(builder.AddTensor(
        i < types.size() ? types[i] : DataType::kFloat32, shapes[i]));
  }
  const int out = builder.AddTensor(output_type, {});
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_CONCATENATION, inputs, {out}, inputs,
      schema::BuiltinOptions_ConcatenationOptions,
      schema::CreateConcatenationOptions(builder.fbb(), axis, activation)
          .Union());
}

struct ConcatCase {
  std::vector<std::vector<int32_t>> shapes;
  int axis;  // As the model states it: possibly negative.
};

void PrintTo(const ConcatCase& c, std::ostream* os) {
  *os << ::testing::PrintToString(c.shapes) << " along " << c.axis;
}

// For each base shape, each axis (every other case as a negative axis) and
// 1 to 4 inputs whose sizes along the axis differ.
std::vector<ConcatCase> ConcatCases() {
  const std::vector<std::vector<int32_t>> bases = {
      {13}, {3, 13}, {2, 3, 5}, {1, 3, 13, 2}, {2, 1, 3, 1, 2}};
  std::vector<ConcatCase> cases;
  for (const std::vector<int32_t>& base : bases) {
    const int rank = static_cast<int>(base.size());
    for (int axis = 0; axis < rank; ++axis) {
      for (int count = 1; count <= 4; ++count) {
        ConcatCase c{{}, count % 2 == 0 ? axis - rank : axis};
        for (int i = 0; i < count; ++i) {
          std::vector<int32_t> shape = base;
          shape[axis] = (i == 2) ? 13 : 1 + i;
          c.shapes.push_back(shape);
        }
        cases.push_back(c);
      }
    }
  }
  return cases;
}

std::vector<std::vector<float>> RandomInputs(
    const std::vector<std::vector<int32_t>>& shapes) {
  std::mt19937 rng(8);
  std::vector<std::vector<float>> inputs;
  for (const auto& shape : shapes) {
    inputs.push_back(RandomVector(rng, ElementCount(shape), 8.0f));
  }
  return inputs;
}

// Runs the model and checks it against NaiveConcatenation.
void ExpectConcatenation(const std::vector<std::vector<int32_t>>& shapes,
                         const std::vector<std::vector<float>>& inputs,
                         int axis, schema::ActivationFunctionType activation) {
  const int rank = static_cast<int>(shapes[0].size());
  std::vector<int32_t> expected_shape;
  const std::vector<float> expected =
      NaiveConcatenation(shapes, inputs, axis < 0 ? axis + rank : axis,
                         activation, &expected_shape);
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(BuildConcatenation(shapes, axis, activation),
                                   inputs, expected_shape, &output));
  EXPECT_EQ(output, expected);
}

class ConcatenationTest
    : public ::testing::TestWithParam<
          std::tuple<ConcatCase, schema::ActivationFunctionType>> {};

TEST_P(ConcatenationTest, MatchesNaiveConcatenation) {
  const auto& [c, activation] = GetParam();
  ExpectConcatenation(c.shapes, RandomInputs(c.shapes), c.axis, activation);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ConcatenationTest,
    ::testing::Combine(
        ::testing::ValuesIn(ConcatCases()),
        ::testing::Values(schema::ActivationFunctionType_NONE,
                          schema::ActivationFunctionType_RELU,
                          schema::ActivationFunctionType_RELU6,
                          schema::ActivationFunctionType_RELU_N1_TO_1)));

TEST(ConcatenationValuesTest, EmptyInputAlongAxis) {
  const std::vector<std::vector<int32_t>> shapes = {{2, 3}, {2, 0}, {2, 1}};
  ExpectConcatenation(shapes, RandomInputs(shapes), 1,
                      schema::ActivationFunctionType_NONE);
}

// Without an activation, values are copied: infinities are not clamped.
TEST(ConcatenationValuesTest, InfinitiesPassWithoutActivation) {
  const float inf = std::numeric_limits<float>::infinity();
  ExpectConcatenation({{2}, {1}}, {{inf, -inf}, {1.5f}}, 0,
                      schema::ActivationFunctionType_NONE);
}

// Absent options mean axis 0 and no activation.
TEST(ConcatenationValuesTest, MissingOptions) {
  ModelBuilder builder;
  const int a = builder.AddTensor(DataType::kFloat32, {1, 2});
  const int b = builder.AddTensor(DataType::kFloat32, {2, 2});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(
      FinishSingleOpModel(builder, schema::BuiltinOperator_CONCATENATION,
                          {a, b}, {out}, {a, b}),
      {{-1, 2}, {3, -4, 5, 6}}, {3, 2}, &output));
  EXPECT_THAT(output, ::testing::ElementsAre(-1, 2, 3, -4, 5, 6));
}

struct ConcatErrorCase {
  std::string name;
  std::vector<std::vector<int32_t>> shapes;
  int axis;
  std::string message;
  std::vector<DataType> types = {};
  DataType output_type = DataType::kFloat32;
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_NONE;
};

class ConcatenationErrorTest
    : public ::testing::TestWithParam<ConcatErrorCase> {};

TEST_P(ConcatenationErrorTest, PrepareFails) {
  const ConcatErrorCase& c = GetParam();
  ExpectBuildFails(BuildConcatenation(c.shapes, c.axis, c.activation, c.types,
                                      c.output_type),
                   c.message);
}

constexpr DataType kF32 = DataType::kFloat32;
constexpr DataType kI32 = DataType::kInt32;

INSTANTIATE_TEST_SUITE_P(
    Cases, ConcatenationErrorTest,
    ::testing::Values(
        ConcatErrorCase{
            "DimMismatch",
            {{2, 3}, {3, 3}},
            1,
            "node 0 (CONCATENATION): input 1 (tensor 1) has shape [3,3], which "
            "differs from input 0's [2,3] outside axis 1"},
        ConcatErrorCase{"RankMismatch",
                        {{2, 3}, {2, 1}, {2, 1, 1}},
                        -1,
                        "input 2 (tensor 2) has rank 3"},
        ConcatErrorCase{"AxisPastRank",
                        {{2, 3}, {2, 3}},
                        2,
                        "axis 2 is out of range for rank 2"},
        ConcatErrorCase{"NegativeAxisPastRank",
                        {{2, 3}, {2, 3}},
                        -3,
                        "axis -3 is out of range for rank 2"},
        ConcatErrorCase{
            "ScalarInputs", {{}, {}}, 0, "axis 0 is out of range for rank 0"},
        ConcatErrorCase{"MixedTypes",
                        {{2, 3}, {2, 3}},
                        0,
                        "input 1 (tensor 1) has type INT32; expected FLOAT32",
                        {kF32, kI32}},
        ConcatErrorCase{"Int32Output",
                        {{2, 3}, {2, 3}},
                        0,
                        "output 0 (tensor 2) has type INT32; expected FLOAT32",
                        {},
                        kI32},
        ConcatErrorCase{"TanhActivation",
                        {{2, 3}, {2, 3}},
                        0,
                        "fused activation",
                        {},
                        kF32,
                        schema::ActivationFunctionType_TANH}),
    CaseName());

TEST(ConcatenationInputTest, RejectsNoInputs) {
  ExpectBuildFails(
      BuildConcatenation({}, 0, schema::ActivationFunctionType_NONE),
      "has no inputs; expected at least 1");
}

}  // namespace
}  // namespace testing
}  // namespace liten
