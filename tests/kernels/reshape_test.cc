// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESHAPE, run through the loader and interpreter: the output holds the
// input's elements in order, under the requested shape with its -1 filled in.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

// The requested shape with its -1 replaced by what the other dims leave.
std::vector<int32_t> NaiveResolve(const std::vector<int32_t>& requested,
                                  int64_t elements) {
  std::vector<int32_t> shape = requested;
  int64_t known = 1;
  for (int32_t d : requested) {
    if (d != -1) known *= d;
  }
  for (int32_t& d : shape) {
    if (d == -1) d = static_cast<int32_t>(elements / known);
  }
  return shape;
}

// Where the new shape comes from. With both, the shape input wins.
struct ReshapeSpec {
  DataType type = DataType::kFloat32;
  std::vector<int32_t> input_shape;
  std::optional<std::vector<int32_t>> shape_input;
  std::optional<std::vector<int32_t>> new_shape_option;
  DataType output_type = DataType::kFloat32;
  DataType shape_input_type = DataType::kInt32;
};

std::vector<uint8_t> BuildReshape(const ReshapeSpec& spec) {
  ModelBuilder builder;
  const int in = builder.AddTensor(spec.type, spec.input_shape);
  std::vector<int> inputs = {in};
  if (spec.shape_input.has_value()) {
    const std::vector<int32_t>& values = *spec.shape_input;
    const std::vector<int32_t> dims = {static_cast<int32_t>(values.size())};
    inputs.push_back(
        spec.shape_input_type == DataType::kInt64
            ? builder.AddConstant(
                  DataType::kInt64, dims,
                  std::vector<int64_t>(values.begin(), values.end()))
            : builder.AddConstant(spec.shape_input_type, dims, values));
  }
  const int out = builder.AddTensor(spec.output_type, {});
  if (!spec.new_shape_option.has_value()) {
    return FinishSingleOpModel(builder, schema::BuiltinOperator_RESHAPE,
                               inputs, {out}, {in});
  }
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_RESHAPE, inputs, {out}, {in},
      schema::BuiltinOptions_ReshapeOptions,
      schema::CreateReshapeOptions(
          builder.fbb(), builder.fbb().CreateVector(*spec.new_shape_option))
          .Union());
}

// Runs the model on small random integers and checks that the output has
// `expected_shape` and the elements come out unchanged.
template <typename T>
void ExpectReshape(const ReshapeSpec& spec,
                   const std::vector<int32_t>& expected_shape) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> dist(-100, 100);
  std::vector<T> input(ElementCount(spec.input_shape));
  for (T& v : input) v = static_cast<T>(dist(rng));
  std::vector<T> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildReshape(spec), {input}, expected_shape, &output));
  EXPECT_EQ(output, input);
}

struct ShapeCase {
  std::vector<int32_t> input;
  std::vector<int32_t> requested;
};

void PrintTo(const ShapeCase& c, std::ostream* os) {
  *os << ::testing::PrintToString(c.input) << " to "
      << ::testing::PrintToString(c.requested);
}

class ReshapeTest : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(ReshapeTest, ShapeInput) {
  const ShapeCase& c = GetParam();
  ExpectReshape<float>({DataType::kFloat32, c.input, c.requested, {}},
                       NaiveResolve(c.requested, ElementCount(c.input)));
}

TEST_P(ReshapeTest, NewShapeOption) {
  const ShapeCase& c = GetParam();
  ExpectReshape<float>({DataType::kFloat32, c.input, {}, c.requested},
                       NaiveResolve(c.requested, ElementCount(c.input)));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ReshapeTest,
    ::testing::Values(
        ShapeCase{{13}, {1, 13}}, ShapeCase{{3, 13}, {-1}},
        ShapeCase{{3, 13}, {13, -1}}, ShapeCase{{1, 3, 13, 1}, {3, -1, 13}},
        ShapeCase{{2, 3, 4}, {4, -1, 2}}, ShapeCase{{2, 3, 4, 5}, {-1}},
        ShapeCase{{1, 28, 28, 24}, {1, -1, 12}}, ShapeCase{{}, {1, 1, 1}},
        ShapeCase{{1}, {1, -1}}, ShapeCase{{0, 3}, {3, 0}},
        ShapeCase{{1, 1, 1, 1, 1, 1, 1, 3}, {3, 1, 1, 1, 1, 1, 1, -1}}));

// Every other element type is moved unchanged (BOOL held in uint8_t).
class ReshapeTypesTest : public ::testing::TestWithParam<DataType> {};

TEST_P(ReshapeTypesTest, MovesElements) {
  const DataType type = GetParam();
  const ReshapeSpec spec{type, {3, 4, 2}, {{-1, 3}}, {}, type};
  const std::vector<int32_t> expected = {8, 3};
  switch (type) {
    case DataType::kInt8:
      return ExpectReshape<int8_t>(spec, expected);
    case DataType::kInt16:
      return ExpectReshape<int16_t>(spec, expected);
    case DataType::kInt32:
      return ExpectReshape<int32_t>(spec, expected);
    case DataType::kInt64:
      return ExpectReshape<int64_t>(spec, expected);
    default:
      return ExpectReshape<uint8_t>(spec, expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Types, ReshapeTypesTest,
                         ::testing::Values(DataType::kUInt8, DataType::kInt8,
                                           DataType::kInt16, DataType::kInt32,
                                           DataType::kInt64, DataType::kBool));

TEST(ReshapeSourcesTest, ShapeInputWinsOverOption) {
  ExpectReshape<float>({DataType::kFloat32, {2, 6}, {{3, 4}}, {{12}}}, {3, 4});
}

// Like TFLite, a shape input that is not a 1-D INT32 tensor is ignored.
TEST(ReshapeSourcesTest, Int64ShapeInputFallsBackToOption) {
  ReshapeSpec spec{DataType::kFloat32, {2, 6}, {{12}}, {{4, 3}}};
  spec.shape_input_type = DataType::kInt64;
  ExpectReshape<float>(spec, {4, 3});
}

// Old converters wrote new_shape [0] for a scalar.
TEST(ReshapeSourcesTest, LegacyZeroOptionMeansScalar) {
  ExpectReshape<float>({DataType::kFloat32, {1, 1}, {}, {{0}}}, {});
}

// RESHAPE of graph input 0 (tensor 0) by graph input 1 (tensor 1), a shape
// tensor known only at run time.
std::vector<uint8_t> BuildRuntimeShapeReshape(
    const std::vector<int32_t>& input_shape, int32_t shape_length) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, input_shape);
  const int shape = builder.AddTensor(DataType::kInt32, {shape_length});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  return FinishSingleOpModel(builder, schema::BuiltinOperator_RESHAPE,
                             {in, shape}, {out}, {in, shape});
}

// An empty shape input (a scalar result) carries no data and need not be a
// constant.
TEST(ReshapeSourcesTest, EmptyShapeInputMeansScalar) {
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(BuildRuntimeShapeReshape({1}, 0), {{2.5f}},
                                   {}, &output));
  EXPECT_EQ(output, std::vector<float>{2.5f});
}

TEST(ReshapeSourcesTest, RejectsNonConstantShapeInput) {
  ExpectBuildFails(
      BuildRuntimeShapeReshape({6}, 2),
      "node 0 (RESHAPE): input 1 (tensor 1) must be a constant tensor");
}

struct ReshapeErrorCase {
  std::string name;
  ReshapeSpec spec;
  std::string message;
};

class ReshapeErrorTest : public ::testing::TestWithParam<ReshapeErrorCase> {};

TEST_P(ReshapeErrorTest, PrepareFails) {
  ExpectBuildFails(BuildReshape(GetParam().spec), GetParam().message);
}

constexpr DataType kF32 = DataType::kFloat32;

INSTANTIATE_TEST_SUITE_P(
    Cases, ReshapeErrorTest,
    ::testing::Values(
        ReshapeErrorCase{"ElementCountMismatch",
                         {kF32, {2, 3}, {{4, 2}}, {}},
                         "node 0 (RESHAPE): input 0 (tensor 0) has 6 elements, "
                         "but new shape [4,2] does not hold that many"},
        ReshapeErrorCase{"OptionElementCountMismatch",
                         {kF32, {2, 3}, {}, {{7}}},
                         "has 6 elements, but new shape [7]"},
        ReshapeErrorCase{"InferredDimDoesNotDivide",
                         {kF32, {2, 3}, {{4, -1}}, {}},
                         "has 6 elements, but new shape [4,-1]"},
        ReshapeErrorCase{"HugeDims",
                         {kF32, {2, 3}, {{65536, 65536, 65536, 65536}}, {}},
                         "but new shape [65536,65536,65536,65536] does not"},
        ReshapeErrorCase{"TwoInferredDims",
                         {kF32, {2, 3}, {{-1, -1}}, {}},
                         "new shape [-1,-1] has more than one -1 dim"},
        ReshapeErrorCase{"NegativeDim",
                         {kF32, {2, 3}, {}, {{-2, -3}}},
                         "new shape [-2,-3] has negative dim -2"},
        ReshapeErrorCase{"InferredDimBesideZero",
                         {kF32, {0, 3}, {{0, -1}}, {}},
                         "new shape [0,-1]: the -1 dim cannot be inferred"},
        ReshapeErrorCase{"RankNine",
                         {kF32, {1}, {{1, 1, 1, 1, 1, 1, 1, 1, 1}}, {}},
                         "has rank 9; liten supports up to 8"},
        ReshapeErrorCase{
            "OutputTypeMismatch",
            {kF32, {2, 3}, {{6}}, {}, DataType::kInt32},
            "output 0 (tensor 2) has type INT32; expected FLOAT32"}),
    CaseName());

TEST(ReshapeInputCountTest, RejectsThreeInputs) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {6});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  ExpectBuildFails(FinishSingleOpModel(builder, schema::BuiltinOperator_RESHAPE,
                                       {in, in, in}, {out}, {in}),
                   "has 3 inputs; expected 1 to 2");
}

}  // namespace
}  // namespace testing
}  // namespace liten
