// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MEAN against a naive sum over every input element: FLOAT32, and UINT8 and
// INT8 by each of the formulas TFLite 2.9 picks between. The byte-exact
// comparison with TFLite itself is
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

// The sum of each output's inputs, with the output shape numpy gives
// (keep_dims leaves reduced axes as 1) and the number of inputs per output.
template <typename Sum, typename T>
std::vector<Sum> NaiveSums(const MeanCase& c, bool keep_dims,
                           const std::vector<T>& input,
                           std::vector<int32_t>* output_shape, int64_t* count) {
  const int rank = static_cast<int>(c.input.size());
  std::vector<bool> reduced(rank, false);
  for (int32_t axis : c.axes) reduced[axis < 0 ? axis + rank : axis] = true;
  output_shape->clear();
  std::vector<int32_t> kept(rank);
  int64_t out_size = 1;
  *count = 1;
  for (int d = 0; d < rank; ++d) {
    kept[d] = reduced[d] ? 1 : c.input[d];
    *count *= reduced[d] ? c.input[d] : 1;
    out_size *= kept[d];
    if (!reduced[d] || keep_dims) output_shape->push_back(kept[d]);
  }
  std::vector<Sum> sums(out_size, 0);
  std::vector<int32_t> coord(rank, 0);
  for (T value : input) {
    int64_t out_index = 0;
    for (int d = 0; d < rank; ++d) {
      out_index = out_index * kept[d] + (reduced[d] ? 0 : coord[d]);
    }
    sums[out_index] += value;
    for (int d = rank - 1; d >= 0 && ++coord[d] == c.input[d]; --d) {
      coord[d] = 0;
    }
  }
  return sums;
}

// Accumulates in double, then divides: the textbook mean.
std::vector<float> NaiveMean(const MeanCase& c, bool keep_dims,
                             const std::vector<float>& input,
                             std::vector<int32_t>* output_shape) {
  int64_t count = 0;
  std::vector<float> out;
  for (double sum :
       NaiveSums<double>(c, keep_dims, input, output_shape, &count)) {
    out.push_back(static_cast<float>(sum / count));
  }
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
        MeanTypeCase{"Int16Input", DataType::kInt16, DataType::kInt32,
                     DataType::kInt16,
                     "input 0 (tensor 0) has type INT16; expected FLOAT32, "
                     "UINT8 or INT8"},
        MeanTypeCase{"MixedQuantizedTypes", DataType::kUInt8, DataType::kInt32,
                     DataType::kInt8,
                     "output 0 (tensor 2) has type INT8; expected UINT8"},
        MeanTypeCase{"OutputType", DataType::kFloat32, DataType::kInt32,
                     DataType::kInt32,
                     "output 0 (tensor 2) has type INT32; expected FLOAT32"}),
    CaseName());

// ---------------------------------------------------------------------------
// UINT8 and INT8. TFLite 2.9 picks the formula by the node: with keep_dims
// and a 4-D input reduced over exactly axes 1 and 2 (as written), a UINT8
// mean is round(sum * s / count) + output_zero_point - round(input_zero_point
// * s), s = input_scale / output_scale, and an INT8 one round((sum - count *
// input_zero_point) * s / count) + output_zero_point, both rounded half away
// from zero and saturated; otherwise input and output quantized alike give
// sum / count truncated toward zero, and others round(mean * s -
// input_zero_point * s) + output_zero_point. TFLite computes the first two in
// fixed point and the last in float, so near a tie either neighbour passes:
// the UINT8 formula rounds sum times the multiplier's mantissa m (s / count
// = m * 2^e) to an integer before it shifts by e, and the INT8 one rounds
// (sum - count * input_zero_point) * s to an integer before it divides.

struct QuantizedMeanCase {
  DataType type;
  float input_scale;
  int64_t input_zero_point;
  float output_scale;
  int64_t output_zero_point;
};

void PrintTo(const QuantizedMeanCase& c, std::ostream* os) {
  *os << DataTypeName(c.type) << " " << c.input_scale << "/"
      << c.input_zero_point << " to " << c.output_scale << "/"
      << c.output_zero_point;
}

std::vector<uint8_t> QuantizedMeanModel(const QuantizedMeanCase& q,
                                        const std::vector<int32_t>& shape,
                                        const std::vector<int32_t>& axes,
                                        bool keep_dims) {
  ModelBuilder builder;
  const int in = builder.AddTensor(q.type, shape);
  builder.SetQuantization(in, {q.input_scale}, {q.input_zero_point});
  const int axis = builder.AddConstant(
      DataType::kInt32, {static_cast<int32_t>(axes.size())}, axes);
  const int out = builder.AddTensor(q.type, {});
  builder.SetQuantization(out, {q.output_scale}, {q.output_zero_point});
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_MEAN, {in, axis}, {out}, {in},
      schema::BuiltinOptions_ReducerOptions,
      schema::CreateReducerOptions(builder.fbb(), keep_dims).Union());
}

// x rounded half away from zero.
double RoundHalfAway(double x) {
  return x < 0 ? -std::floor(-x + 0.5) : std::floor(x + 0.5);
}

using QuantizedMeanParam = std::tuple<MeanCase, bool, QuantizedMeanCase>;

class QuantizedMeanTest : public ::testing::TestWithParam<QuantizedMeanParam> {
 protected:
  template <typename T>
  void Check() {
    const auto& [c, keep_dims, q] = GetParam();
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> values(std::numeric_limits<T>::min(),
                                              std::numeric_limits<T>::max());
    std::vector<T> x(ElementCount(c.input));
    for (T& v : x) v = static_cast<T>(values(rng));
    std::vector<int32_t> expected_shape;
    int64_t count = 0;
    const std::vector<int64_t> sums =
        NaiveSums<int64_t>(c, keep_dims, x, &expected_shape, &count);
    std::vector<T> output;
    ASSERT_NO_FATAL_FAILURE(
        (RunModel<T, T>(QuantizedMeanModel(q, c.input, c.axes, keep_dims), {x},
                        expected_shape, &output)));
    ASSERT_EQ(output.size(), sums.size());
    const bool spatial = keep_dims && c.input.size() == 4 &&
                         c.axes.size() == 2 &&
                         std::min(c.axes[0], c.axes[1]) == 1 &&
                         std::max(c.axes[0], c.axes[1]) == 2;
    const bool alike = q.input_scale == q.output_scale &&
                       q.input_zero_point == q.output_zero_point;
    const double s = static_cast<double>(q.input_scale) / q.output_scale;
    for (size_t i = 0; i < sums.size(); ++i) {
      const double sum = static_cast<double>(sums[i]);
      if (!spatial && alike) {
        EXPECT_EQ(output[i], sums[i] / count) << "sum " << sums[i];
        continue;
      }
      double exact = 0.0, offset = 0.0, window = 1e-3;
      if (spatial && q.type == DataType::kUInt8) {
        exact = sum * s / count;
        offset = q.output_zero_point - RoundHalfAway(q.input_zero_point * s);
        int exponent = 0;
        std::frexp(s / count, &exponent);
        window += std::ldexp(0.5, std::min(exponent, 0));
      } else if (spatial) {
        exact = (sum - count * q.input_zero_point) * s / count;
        offset = static_cast<double>(q.output_zero_point);
        window += 1.0 / count;
      } else {
        exact = sum / count * s - q.input_zero_point * s;
        offset = static_cast<double>(q.output_zero_point);
      }
      const double rounded =
          std::fabs(exact - std::floor(exact) - 0.5) < window
              ? output[i] - offset  // A tie: either neighbour.
              : RoundHalfAway(exact);
      EXPECT_NEAR(rounded, exact, 0.5 + window) << "sum " << sums[i];
      EXPECT_EQ(output[i], std::min<double>(
                               std::max<double>(rounded + offset,
                                                std::numeric_limits<T>::min()),
                               std::numeric_limits<T>::max()))
          << "sum " << sums[i] << " exact " << exact;
    }
  }
};

TEST_P(QuantizedMeanTest, MatchesDefinition) {
  if (std::get<2>(GetParam()).type == DataType::kUInt8) {
    return Check<uint8_t>();
  }
  Check<int8_t>();
}

INSTANTIATE_TEST_SUITE_P(
    Axes, QuantizedMeanTest,
    ::testing::Combine(
        ::testing::Values(
            MeanCase{{2, 7, 5, 13}, {1, 2}}, MeanCase{{1, 13, 13, 3}, {2, 1}},
            MeanCase{{2, 7, 5, 13}, {-3, -2}}, MeanCase{{2, 3, 4}, {0, 2}},
            MeanCase{{3, 13, 1, 5}, {-1, -3}}, MeanCase{{2, 3, 4}, {1, 1}},
            MeanCase{{13}, {-1}}, MeanCase{{2, 1, 3, 1, 2}, {1, 3, 4}}),
        ::testing::Bool(),
        ::testing::Values(
            QuantizedMeanCase{DataType::kUInt8, 0.1f, 131, 0.1f, 131},
            QuantizedMeanCase{DataType::kUInt8, 0.1f, 131, 0.0631f, 100},
            QuantizedMeanCase{DataType::kUInt8, 0.0235f, 28, 0.1177f, 188},
            QuantizedMeanCase{DataType::kInt8, 0.1f, 5, 0.1f, 5},
            QuantizedMeanCase{DataType::kInt8, 0.1f, 5, 0.0631f, -20},
            QuantizedMeanCase{DataType::kInt8, 0.2f, 0, 0.0313f, -3})));

// Without a reduction to average, an empty input gives raw zeros, as TFLite
// writes them.
TEST(QuantizedMeanTest, EmptyInputGivesZeros) {
  std::vector<int8_t> output;
  ASSERT_NO_FATAL_FAILURE((RunModel<int8_t, int8_t>(
      QuantizedMeanModel({DataType::kInt8, 0.5f, 3, 0.25f, -7}, {0, 3}, {0},
                         false),
      {std::vector<int8_t>{}}, {3}, &output)));
  EXPECT_THAT(output, ::testing::ElementsAre(0, 0, 0));
}

// Truncation, not rounding, where input and output are quantized alike.
TEST(QuantizedMeanTest, AlikeQuantizationTruncates) {
  std::vector<int8_t> output;
  ASSERT_NO_FATAL_FAILURE((RunModel<int8_t, int8_t>(
      QuantizedMeanModel({DataType::kInt8, 0.5f, 3, 0.5f, 3}, {2, 4}, {1},
                         false),
      {std::vector<int8_t>{1, 1, 1, 0, -1, -1, -1, 0}}, {2}, &output)));
  EXPECT_THAT(output, ::testing::ElementsAre(0, 0));
}

TEST(QuantizedMeanErrorTest, UnrepresentableRescaling) {
  ExpectBuildFails(
      QuantizedMeanModel({DataType::kUInt8, 1e30f, 0, 1e-30f, 0}, {1, 2, 2, 1},
                         {1, 2}, true),
      "node 0 (MEAN): input 0 (tensor 0) has scale 1e+30 and output 0 "
      "(tensor 2) scale 1e-30; the mean of 4 values cannot be rescaled "
      "between them");
  ExpectBuildFails(QuantizedMeanModel({DataType::kInt8, 1e30f, 0, 1e-30f, 0},
                                      {1, 2, 2, 1}, {1}, true),
                   "the mean of 2 values cannot be rescaled between them");
}

TEST(QuantizedMeanErrorTest, OutputWithoutQuantization) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kUInt8, {2, 3});
  builder.SetQuantization(in, {0.5f}, {3});
  const int axis =
      builder.AddConstant(DataType::kInt32, {1}, std::vector<int32_t>{1});
  const int out = builder.AddTensor(DataType::kUInt8, {});
  ExpectBuildFails(FinishSingleOpModel(builder, schema::BuiltinOperator_MEAN,
                                       {in, axis}, {out}, {in}),
                   "output 0 (tensor 2) has type UINT8 but no quantization "
                   "parameters");
}

}  // namespace
}  // namespace testing
}  // namespace liten
