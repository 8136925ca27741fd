// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MEAN against a naive sum over every input element.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

struct MeanCase {
  std::vector<int32_t> input;
  std::vector<int32_t> axes;
};

void PrintTo(const MeanCase& c, std::ostream* os) {
  *os << ::testing::PrintToString(c.input) << " over axes "
      << ::testing::PrintToString(c.axes);
}

// Accumulates in double, then divides: the textbook mean, with the output
// shape numpy gives (keep_dims leaves reduced axes as 1).
std::vector<float> NaiveMean(const MeanCase& c, bool keep_dims,
                             const std::vector<float>& input,
                             std::vector<int32_t>* output_shape) {
  const int rank = static_cast<int>(c.input.size());
  std::vector<bool> reduced(rank, false);
  for (int32_t axis : c.axes) reduced[axis < 0 ? axis + rank : axis] = true;
  output_shape->clear();
  std::vector<int32_t> kept(rank);
  int64_t count = 1, out_size = 1;
  for (int d = 0; d < rank; ++d) {
    kept[d] = reduced[d] ? 1 : c.input[d];
    count *= reduced[d] ? c.input[d] : 1;
    out_size *= kept[d];
    if (!reduced[d] || keep_dims) output_shape->push_back(kept[d]);
  }
  std::vector<double> sums(out_size, 0.0);
  std::vector<int32_t> coord(rank, 0);
  for (float value : input) {
    int64_t out_index = 0;
    for (int d = 0; d < rank; ++d) {
      out_index = out_index * kept[d] + (reduced[d] ? 0 : coord[d]);
    }
    sums[out_index] += value;
    for (int d = rank - 1; d >= 0 && ++coord[d] == c.input[d]; --d) {
      coord[d] = 0;
    }
  }
  std::vector<float> out;
  for (double sum : sums) out.push_back(static_cast<float>(sum / count));
  return out;
}

// Builds x -> MEAN(x, axes) with the axes as a constant of `axis_shape`.
std::vector<uint8_t> MeanModel(const std::vector<int32_t>& input_shape,
                               const std::vector<int32_t>& axes,
                               const std::vector<int32_t>& axis_shape,
                               bool keep_dims) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, input_shape);
  const int axis = builder.AddConstant(DataType::kInt32, axis_shape, axes);
  const int out = builder.AddTensor(DataType::kFloat32, {});
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_MEAN, {in, axis}, {out}, {in},
      schema::BuiltinOptions_ReducerOptions,
      schema::CreateReducerOptions(builder.fbb(), keep_dims).Union());
}

using MeanParam = std::tuple<MeanCase, bool>;

class MeanTest : public ::testing::TestWithParam<MeanParam> {};

TEST_P(MeanTest, MatchesNaiveMean) {
  const auto& [c, keep_dims] = GetParam();
  std::mt19937 rng(4242);
  const std::vector<float> x = RandomVector(rng, ElementCount(c.input), 1.0f);

  std::vector<int32_t> expected_shape;
  const std::vector<float> expected =
      NaiveMean(c, keep_dims, x, &expected_shape);
  std::vector<float> actual;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(MeanModel(c.input, c.axes,
                         {static_cast<int32_t>(c.axes.size())}, keep_dims),
               {x}, expected_shape, &actual));
  ExpectAllNear(actual, expected);
}

INSTANTIATE_TEST_SUITE_P(
    Axes, MeanTest,
    ::testing::Combine(
        ::testing::Values(
            MeanCase{{2, 3, 4}, {1}}, MeanCase{{2, 3, 4}, {0, 2}},
            MeanCase{{2, 3, 4}, {-1}}, MeanCase{{2, 3, 4}, {0, 1, 2}},
            MeanCase{{2, 3, 4}, {2, 0}}, MeanCase{{2, 3, 4}, {1, 1}},
            MeanCase{{2, 3, 4}, {-3, 0, 2}}, MeanCase{{1, 13, 13, 3}, {1, 2}},
            MeanCase{{1, 13, 13, 3}, {2, 1}}, MeanCase{{3, 13, 1, 5}, {-1, -3}},
            MeanCase{{3}, {0}}, MeanCase{{13}, {-1}}, MeanCase{{1}, {0}},
            MeanCase{{2, 1, 3, 1, 2}, {1, 3, 4}},
            MeanCase{{2, 1, 2, 1, 2, 1, 2, 3}, {0, 3, 7}}),
        ::testing::Bool()));

TEST(MeanAxisShapeTest, ScalarAxis) {
  std::mt19937 rng(5);
  const std::vector<float> x = RandomVector(rng, 2 * 13, 1.0f);

  std::vector<int32_t> expected_shape;
  const std::vector<float> expected =
      NaiveMean(MeanCase{{2, 13}, {1}}, false, x, &expected_shape);
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(MeanModel({2, 13}, {1}, {}, false), {x},
                                   expected_shape, &output));
  EXPECT_THAT(output,
              ::testing::Pointwise(::testing::FloatNear(1e-5f), expected));
}

TEST(MeanOptionsTest, MissingOptionsDropReducedAxes) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {2, 2});
  const int axis =
      builder.AddConstant(DataType::kInt32, {1}, std::vector<int32_t>{0});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(FinishSingleOpModel(builder, schema::BuiltinOperator_MEAN,
                                   {in, axis}, {out}, {in}),
               {{1, 2, 4, 8}}, {2}, &output));
  EXPECT_THAT(output, ::testing::ElementsAre(2.5f, 5.0f));
}

TEST(MeanErrorTest, AxisOutOfRange) {
  for (int32_t axis : {3, -4, 1000}) {
    ExpectBuildFails(MeanModel({2, 3, 4}, {0, axis}, {2}, true),
                     "node 0 (MEAN): axis " + std::to_string(axis) +
                         " is out of range for rank 3");
  }
}

TEST(MeanErrorTest, NonConstantAxis) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {2, 3});
  const int axis = builder.AddTensor(DataType::kInt32, {1});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  ExpectBuildFails(FinishSingleOpModel(builder, schema::BuiltinOperator_MEAN,
                                       {in, axis}, {out}, {in, axis}),
                   "input 1 (tensor 1) must be a constant tensor");
}

// A node from `input_type` data and an axis constant of `axis_type`, with
// `output_type` out, that Prepare must reject with `message`.
struct MeanTypeCase {
  std::string name;
  DataType input_type;
  DataType axis_type;
  DataType output_type;
  std::string message;
};

class MeanTypeErrorTest : public ::testing::TestWithParam<MeanTypeCase> {};

TEST_P(MeanTypeErrorTest, PrepareFails) {
  const MeanTypeCase& c = GetParam();
  ModelBuilder builder;
  const int in = builder.AddTensor(c.input_type, {2, 3});
  const int axis = builder.AddConstantBytes(
      c.axis_type, {1}, std::vector<uint8_t>(DataTypeSize(c.axis_type), 0));
  const int out = builder.AddTensor(c.output_type, {});
  ExpectBuildFails(FinishSingleOpModel(builder, schema::BuiltinOperator_MEAN,
                                       {in, axis}, {out}, {in}),
                   c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MeanTypeErrorTest,
    ::testing::Values(
        MeanTypeCase{"Int64Axis", DataType::kFloat32, DataType::kInt64,
                     DataType::kFloat32,
                     "input 1 (tensor 1) has type INT64; expected INT32"},
        MeanTypeCase{"Int32Input", DataType::kInt32, DataType::kInt32,
                     DataType::kInt32,
                     "input 0 (tensor 0) has type INT32; expected FLOAT32"},
        MeanTypeCase{"OutputType", DataType::kFloat32, DataType::kInt32,
                     DataType::kInt32,
                     "output 0 (tensor 2) has type INT32; expected FLOAT32"}),
    CaseName());

}  // namespace
}  // namespace testing
}  // namespace liten
