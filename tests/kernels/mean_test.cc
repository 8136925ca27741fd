// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MEAN against a naive sum over every input element.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "tests/model_builder.h"

namespace liten {
namespace {

using ::testing::HasSubstr;
using testing::ModelBuilder;
using testing::TestInterpreter;

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
  builder.AddOperator(
      schema::BuiltinOperator_MEAN, {in, axis}, {out},
      schema::BuiltinOptions_ReducerOptions,
      schema::CreateReducerOptions(builder.fbb(), keep_dims).Union());
  builder.SetInputs({in});
  builder.SetOutputs({out});
  return builder.Finish();
}

int64_t ElementCount(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

using MeanParam = std::tuple<MeanCase, bool>;

class MeanTest : public ::testing::TestWithParam<MeanParam> {};

TEST_P(MeanTest, MatchesNaiveMean) {
  const auto& [c, keep_dims] = GetParam();
  std::mt19937 rng(4242);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(ElementCount(c.input));
  for (float& v : x) v = dist(rng);

  TestInterpreter interpreter;
  const Status built = interpreter.Build(MeanModel(
      c.input, c.axes, {static_cast<int32_t>(c.axes.size())}, keep_dims));
  ASSERT_TRUE(built.ok()) << built.message();
  ASSERT_TRUE(interpreter.SetInput(0, x).ok());
  const Status invoked = interpreter.Invoke();
  ASSERT_TRUE(invoked.ok()) << invoked.message();

  std::vector<int32_t> expected_shape;
  const std::vector<float> expected =
      NaiveMean(c, keep_dims, x, &expected_shape);
  EXPECT_EQ(interpreter.OutputShape(0), expected_shape);
  const std::vector<float> actual = interpreter.Output<float>(0);
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i],
                1e-5f * std::max(1.0f, std::fabs(expected[i])))
        << "at " << i;
  }
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
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(2 * 13);
  for (float& v : x) v = dist(rng);

  TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(MeanModel({2, 13}, {1}, {}, false)).ok());
  ASSERT_TRUE(interpreter.SetInput(0, x).ok());
  ASSERT_TRUE(interpreter.Invoke().ok());

  std::vector<int32_t> expected_shape;
  const std::vector<float> expected =
      NaiveMean(MeanCase{{2, 13}, {1}}, false, x, &expected_shape);
  EXPECT_EQ(interpreter.OutputShape(0), expected_shape);
  EXPECT_THAT(interpreter.Output<float>(0),
              ::testing::Pointwise(::testing::FloatNear(1e-5f), expected));
}

TEST(MeanOptionsTest, MissingOptionsDropReducedAxes) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {2, 2});
  const int axis =
      builder.AddConstant(DataType::kInt32, {1}, std::vector<int32_t>{0});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  builder.AddOperator(schema::BuiltinOperator_MEAN, {in, axis}, {out});
  builder.SetInputs({in});
  builder.SetOutputs({out});

  TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(builder.Finish()).ok());
  ASSERT_TRUE(interpreter.SetInput(0, std::vector<float>{1, 2, 4, 8}).ok());
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(interpreter.OutputShape(0), std::vector<int32_t>{2});
  EXPECT_THAT(interpreter.Output<float>(0), ::testing::ElementsAre(2.5f, 5.0f));
}

TEST(MeanErrorTest, AxisOutOfRange) {
  for (int32_t axis : {3, -4, 1000}) {
    TestInterpreter interpreter;
    const Status status =
        interpreter.Build(MeanModel({2, 3, 4}, {0, axis}, {2}, true));
    ASSERT_FALSE(status.ok());
    EXPECT_THAT(status.message(),
                HasSubstr("node 0 (MEAN): axis " + std::to_string(axis) +
                          " is out of range for rank 3"));
  }
}

TEST(MeanErrorTest, NonConstantAxis) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {2, 3});
  const int axis = builder.AddTensor(DataType::kInt32, {1});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  builder.AddOperator(schema::BuiltinOperator_MEAN, {in, axis}, {out});
  builder.SetInputs({in, axis});
  builder.SetOutputs({out});

  TestInterpreter interpreter;
  const Status status = interpreter.Build(builder.Finish());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              HasSubstr("input 1 (tensor 1) must be a constant tensor"));
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
  builder.AddOperator(schema::BuiltinOperator_MEAN, {in, axis}, {out});
  builder.SetInputs({in});
  builder.SetOutputs({out});

  TestInterpreter interpreter;
  const Status status = interpreter.Build(builder.Finish());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(c.message));
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
    [](const ::testing::TestParamInfo<MeanTypeCase>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace liten
