// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MAX_POOL_2D and AVERAGE_POOL_2D against a naive window loop: FLOAT32, and
// UINT8 and INT8 in exact integers. The byte-exact comparison with TFLite
// itself is tests/models/quantized_arithmetic_tflite_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

struct PoolGeometry {
  std::vector<int32_t> input;  // NHWC.
  int32_t filter_h, filter_w;
  int32_t stride_h, stride_w;
  schema::Padding padding;
};

void PrintTo(const PoolGeometry& g, std::ostream* os) {
  *os << ::testing::PrintToString(g.input) << " filter " << g.filter_h << "x"
      << g.filter_w << " stride " << g.stride_h << "x" << g.stride_w
      << (g.padding == schema::Padding_SAME ? " SAME" : " VALID");
}

// The sum, maximum and number of the input elements each output element's
// window covers, in output order; `output_shape` gets the output's shape.
struct WindowStats {
  double sum = 0.0;
  double max = -std::numeric_limits<double>::infinity();
  int64_t count = 0;
};

template <typename T>
std::vector<WindowStats> NaiveWindows(const PoolGeometry& g,
                                      const std::vector<T>& input,
                                      std::vector<int32_t>* output_shape) {
  const int32_t batches = g.input[0], in_h = g.input[1], in_w = g.input[2],
                channels = g.input[3];
  const NaiveAxis rows =
      NaiveWindowAxis(g.padding, in_h, g.filter_h, g.stride_h);
  const NaiveAxis cols =
      NaiveWindowAxis(g.padding, in_w, g.filter_w, g.stride_w);
  const int32_t out_h = rows.size, out_w = cols.size;
  const int32_t pad_h = rows.padding_before, pad_w = cols.padding_before;
  *output_shape = {batches, out_h, out_w, channels};
  std::vector<WindowStats> out;
  for (int b = 0; b < batches; ++b) {
    for (int oy = 0; oy < out_h; ++oy) {
      for (int ox = 0; ox < out_w; ++ox) {
        for (int c = 0; c < channels; ++c) {
          WindowStats stats;
          for (int fy = 0; fy < g.filter_h; ++fy) {
            for (int fx = 0; fx < g.filter_w; ++fx) {
              const int y = oy * g.stride_h - pad_h + fy;
              const int x = ox * g.stride_w - pad_w + fx;
              if (y < 0 || y >= in_h || x < 0 || x >= in_w) continue;
              const double v =
                  input[((b * in_h + y) * in_w + x) * channels + c];
              stats.sum += v;
              stats.max = std::max(stats.max, v);
              ++stats.count;
            }
          }
          out.push_back(stats);
        }
      }
    }
  }
  return out;
}

std::vector<float> NaivePool(schema::BuiltinOperator op,
                             schema::ActivationFunctionType activation,
                             const PoolGeometry& g,
                             const std::vector<float>& input,
                             std::vector<int32_t>* output_shape) {
  std::vector<float> out;
  for (const WindowStats& w : NaiveWindows(g, input, output_shape)) {
    const float pooled = op == schema::BuiltinOperator_MAX_POOL_2D
                             ? static_cast<float>(w.max)
                             : static_cast<float>(w.sum / w.count);
    out.push_back(static_cast<float>(NaiveActivation(activation, pooled)));
  }
  return out;
}

// A pooling model of an `input_type` graph input (tensor 0) of
// `input_shape`; `stride_w` and `filter_w` come first, in the schema's order.
std::vector<uint8_t> BuildPool(schema::BuiltinOperator op, DataType type,
                               const std::vector<int32_t>& input_shape,
                               schema::Padding padding, int32_t stride_w,
                               int32_t stride_h, int32_t filter_w,
                               int32_t filter_h,
                               schema::ActivationFunctionType activation) {
  ModelBuilder builder;
  const int in = builder.AddTensor(type, input_shape);
  const int out = builder.AddTensor(type, {});
  return FinishSingleOpModel(
      builder, op, {in}, {out}, {in}, schema::BuiltinOptions_Pool2DOptions,
      schema::CreatePool2DOptions(builder.fbb(), padding, stride_w, stride_h,
                                  filter_w, filter_h, activation)
          .Union());
}

using PoolingParam = std::tuple<schema::BuiltinOperator,
                                schema::ActivationFunctionType, PoolGeometry>;

class PoolingTest : public ::testing::TestWithParam<PoolingParam> {};

TEST_P(PoolingTest, MatchesNaiveWindows) {
  const auto& [op, activation, g] = GetParam();
  std::mt19937 rng(31337);
  const std::vector<float> x =
      RandomVector(rng, ElementCount(g.input), -4.0f, 8.0f);

  std::vector<int32_t> expected_shape;
  const std::vector<float> expected =
      NaivePool(op, activation, g, x, &expected_shape);
  std::vector<float> actual;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildPool(op, DataType::kFloat32, g.input, g.padding,
                         g.stride_w, g.stride_h, g.filter_w, g.filter_h,
                         activation),
               {x}, expected_shape, &actual));
  ExpectAllNear(actual, expected);
}

constexpr schema::Padding kSame = schema::Padding_SAME;
constexpr schema::Padding kValid = schema::Padding_VALID;

const PoolGeometry kGeometries[] = {
    {{1, 1, 1, 1}, 1, 1, 1, 1, kSame},     {{1, 1, 1, 1}, 1, 1, 1, 1, kValid},
    {{1, 3, 3, 1}, 2, 2, 1, 1, kSame},     {{1, 3, 3, 1}, 2, 2, 1, 1, kValid},
    {{2, 13, 13, 3}, 3, 3, 2, 2, kSame},   {{2, 13, 13, 3}, 3, 3, 2, 2, kValid},
    {{1, 13, 7, 5}, 4, 2, 3, 1, kSame},    {{1, 13, 7, 5}, 4, 2, 3, 1, kValid},
    {{1, 13, 13, 1}, 2, 2, 3, 3, kSame},   {{1, 13, 13, 1}, 2, 2, 3, 3, kValid},
    {{3, 5, 5, 2}, 5, 5, 5, 5, kValid},    {{1, 3, 3, 2}, 7, 7, 1, 1, kSame},
    {{1, 4, 6, 3}, 2, 3, 2, 3, kSame},     {{1, 1, 13, 3}, 1, 3, 1, 2, kSame},
    // Over 16x16: TFLite's 8-bit averages leave their 16-bit accumulators.
    {{1, 20, 18, 2}, 17, 17, 2, 3, kSame},
};

INSTANTIATE_TEST_SUITE_P(
    Geometries, PoolingTest,
    ::testing::Combine(
        ::testing::Values(schema::BuiltinOperator_MAX_POOL_2D,
                          schema::BuiltinOperator_AVERAGE_POOL_2D),
        ::testing::Values(schema::ActivationFunctionType_NONE,
                          schema::ActivationFunctionType_RELU6),
        ::testing::ValuesIn(kGeometries)));

// Which windows run on XNNPACK: the common ones; a 1x1 window, which
// XNNPACK rejects, stays on the reference loop.
TEST(PoolingPathTest, XnnpackTakesCommonWindows) {
  for (schema::BuiltinOperator op : {schema::BuiltinOperator_MAX_POOL_2D,
                                     schema::BuiltinOperator_AVERAGE_POOL_2D}) {
    SCOPED_TRACE(schema::EnumNameBuiltinOperator(op));
    ExpectNodePath(BuildPool(op, DataType::kFloat32, {1, 13, 13, 3},
                             schema::Padding_SAME, 2, 2, 3, 3,
                             schema::ActivationFunctionType_RELU6),
                   "xnnpack");
    ExpectNodePath(BuildPool(op, DataType::kFloat32, {1, 13, 13, 3},
                             schema::Padding_VALID, 1, 1, 1, 1,
                             schema::ActivationFunctionType_NONE),
                   "reference");
  }
}

// Each case is a node Prepare must reject with `message`.
struct PoolErrorCase {
  std::string name;
  DataType type;
  std::vector<int32_t> input;
  schema::Padding padding;
  int32_t stride_w, stride_h, filter_w, filter_h;
  schema::ActivationFunctionType activation;
  std::string message;
};

class PoolingErrorTest : public ::testing::TestWithParam<PoolErrorCase> {};

TEST_P(PoolingErrorTest, PrepareFails) {
  const PoolErrorCase& c = GetParam();
  for (schema::BuiltinOperator op : {schema::BuiltinOperator_MAX_POOL_2D,
                                     schema::BuiltinOperator_AVERAGE_POOL_2D}) {
    ExpectBuildFails(BuildPool(op, c.type, c.input, c.padding, c.stride_w,
                               c.stride_h, c.filter_w, c.filter_h,
                               c.activation),
                     c.message);
  }
}

constexpr DataType kF32 = DataType::kFloat32;
constexpr schema::ActivationFunctionType kNone =
    schema::ActivationFunctionType_NONE;

INSTANTIATE_TEST_SUITE_P(
    Cases, PoolingErrorTest,
    ::testing::Values(
        PoolErrorCase{"Rank3",
                      kF32,
                      {3, 3, 1},
                      kSame,
                      1,
                      1,
                      2,
                      2,
                      kNone,
                      "input 0 (tensor 0) has rank 3 (shape [3,3,1]); "
                      "expected rank 4"},
        PoolErrorCase{"Rank5",
                      kF32,
                      {1, 1, 3, 3, 1},
                      kSame,
                      1,
                      1,
                      2,
                      2,
                      kNone,
                      "expected rank 4"},
        PoolErrorCase{"ZeroStrideW",
                      kF32,
                      {1, 3, 3, 1},
                      kSame,
                      0,
                      1,
                      2,
                      2,
                      kNone,
                      "strides (h 1, w 0) must be >= 1"},
        PoolErrorCase{"NegativeStrideH",
                      kF32,
                      {1, 3, 3, 1},
                      kSame,
                      1,
                      -2,
                      2,
                      2,
                      kNone,
                      "strides (h -2, w 1) must be >= 1"},
        PoolErrorCase{"ZeroFilterH",
                      kF32,
                      {1, 3, 3, 1},
                      kSame,
                      1,
                      1,
                      2,
                      0,
                      kNone,
                      "filter size (h 0, w 2) must be >= 1"},
        PoolErrorCase{"ZeroFilterW",
                      kF32,
                      {1, 3, 3, 1},
                      kValid,
                      1,
                      1,
                      0,
                      2,
                      kNone,
                      "filter size (h 2, w 0) must be >= 1"},
        PoolErrorCase{"ValidFilterLargerThanInput",
                      kF32,
                      {1, 3, 5, 1},
                      kValid,
                      1,
                      1,
                      2,
                      4,
                      kNone,
                      "height: input size 3 is smaller"},
        PoolErrorCase{"UnknownPadding",
                      kF32,
                      {1, 3, 3, 1},
                      static_cast<schema::Padding>(7),
                      1,
                      1,
                      2,
                      2,
                      kNone,
                      "unknown padding 7"},
        PoolErrorCase{"TanhActivation",
                      kF32,
                      {1, 3, 3, 1},
                      kSame,
                      1,
                      1,
                      2,
                      2,
                      schema::ActivationFunctionType_TANH,
                      "fused activation"},
        PoolErrorCase{"Int32Input",
                      DataType::kInt32,
                      {1, 3, 3, 1},
                      kSame,
                      1,
                      1,
                      2,
                      2,
                      kNone,
                      "input 0 (tensor 0) has type INT32; expected FLOAT32"}),
    CaseName());

TEST(PoolingOptionsTest, MissingOptionsAreRejected) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {1, 3, 3, 1});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  ExpectBuildFails(
      FinishSingleOpModel(builder, schema::BuiltinOperator_MAX_POOL_2D, {in},
                          {out}, {in}),
      "node 0 (MAX_POOL_2D): Pool2DOptions are missing");
}

// ---------------------------------------------------------------------------
// UINT8 and INT8: TFLite pools in the input's quantized domain, averages
// rounding half away from zero, and quantizes the fused activation's bounds
// with the output's scale and zero point.

struct QuantizedPoolCase {
  DataType type;
  schema::ActivationFunctionType activation;
  float output_scale;     // The input's scale is 0.1.
  int64_t output_offset;  // Output zero point minus the input's.
};

void PrintTo(const QuantizedPoolCase& c, std::ostream* os) {
  *os << DataTypeName(c.type) << " "
      << schema::EnumNameActivationFunctionType(c.activation) << " scale "
      << c.output_scale << " offset " << c.output_offset;
}

// The model of BuildPool with input scale 0.1 and zero point `input_zero`.
std::vector<uint8_t> BuildQuantizedPool(schema::BuiltinOperator op,
                                        const QuantizedPoolCase& c,
                                        const PoolGeometry& g,
                                        int64_t input_zero) {
  ModelBuilder builder;
  const int in = builder.AddTensor(c.type, g.input);
  const int out = builder.AddTensor(c.type, {});
  builder.SetQuantization(in, {0.1f}, {input_zero});
  builder.SetQuantization(out, {c.output_scale},
                          {input_zero + c.output_offset});
  return FinishSingleOpModel(
      builder, op, {in}, {out}, {in}, schema::BuiltinOptions_Pool2DOptions,
      schema::CreatePool2DOptions(builder.fbb(), g.padding, g.stride_w,
                                  g.stride_h, g.filter_w, g.filter_h,
                                  c.activation)
          .Union());
}

// sum / count rounded to nearest, half away from zero, in exact integers.
int64_t RoundedQuotient(int64_t sum, int64_t count) {
  const int64_t magnitude = (2 * std::abs(sum) + count) / (2 * count);
  return sum < 0 ? -magnitude : magnitude;
}

using QuantizedPoolParam =
    std::tuple<schema::BuiltinOperator, QuantizedPoolCase, PoolGeometry>;

class QuantizedPoolingTest
    : public ::testing::TestWithParam<QuantizedPoolParam> {
 protected:
  template <typename T>
  void Check() {
    const auto& [op, c, g] = GetParam();
    const int64_t input_zero = std::is_signed_v<T> ? -3 : 125;
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> values(std::numeric_limits<T>::min(),
                                              std::numeric_limits<T>::max());
    std::vector<T> x(ElementCount(g.input));
    for (T& v : x) v = static_cast<T>(values(rng));
    // The activation's bounds in output steps, from their definition.
    const int64_t zero = input_zero + c.output_offset;
    const auto step = [&](double bound) {
      return zero + static_cast<int64_t>(std::round(bound / c.output_scale));
    };
    int64_t low = std::numeric_limits<T>::min();
    int64_t high = std::numeric_limits<T>::max();
    if (c.activation != schema::ActivationFunctionType_NONE) {
      const bool n1_to_1 =
          c.activation == schema::ActivationFunctionType_RELU_N1_TO_1;
      low = std::max(low, step(n1_to_1 ? -1.0 : 0.0));
      if (c.activation != schema::ActivationFunctionType_RELU) {
        high = std::min(high, step(n1_to_1 ? 1.0 : 6.0));
      }
    }
    std::vector<int32_t> output_shape;
    std::vector<T> expected;
    for (const WindowStats& w : NaiveWindows(g, x, &output_shape)) {
      const int64_t pooled =
          op == schema::BuiltinOperator_MAX_POOL_2D
              ? static_cast<int64_t>(w.max)
              : RoundedQuotient(static_cast<int64_t>(w.sum), w.count);
      expected.push_back(static_cast<T>(std::min(std::max(pooled, low), high)));
    }
    std::vector<T> actual;
    ASSERT_NO_FATAL_FAILURE((RunModel<T, T>(
        BuildQuantizedPool(op, c, g, input_zero), {x}, output_shape, &actual)));
    EXPECT_EQ(actual, expected);
  }
};

TEST_P(QuantizedPoolingTest, MatchesDefinition) {
  if (std::get<1>(GetParam()).type == DataType::kUInt8) {
    return Check<uint8_t>();
  }
  Check<int8_t>();
}

INSTANTIATE_TEST_SUITE_P(
    Geometries, QuantizedPoolingTest,
    ::testing::Combine(
        ::testing::Values(schema::BuiltinOperator_MAX_POOL_2D,
                          schema::BuiltinOperator_AVERAGE_POOL_2D),
        ::testing::Values(
            QuantizedPoolCase{DataType::kUInt8,
                              schema::ActivationFunctionType_NONE, 0.1f, 0},
            QuantizedPoolCase{DataType::kInt8,
                              schema::ActivationFunctionType_NONE, 0.1f, 0},
            QuantizedPoolCase{DataType::kUInt8,
                              schema::ActivationFunctionType_RELU6, 0.05f, 2},
            QuantizedPoolCase{DataType::kInt8,
                              schema::ActivationFunctionType_RELU, 0.1f, 0},
            QuantizedPoolCase{DataType::kInt8,
                              schema::ActivationFunctionType_RELU_N1_TO_1,
                              0.01f, -4}),
        ::testing::ValuesIn(kGeometries)));

// Ties: an average of 2.5 steps becomes 3, of -2.5 becomes -3.
TEST(QuantizedPoolingTest, AverageRoundsHalfAwayFromZero) {
  const QuantizedPoolCase c{DataType::kInt8,
                            schema::ActivationFunctionType_NONE, 0.1f, 0};
  std::vector<int8_t> output;
  ASSERT_NO_FATAL_FAILURE((RunModel<int8_t, int8_t>(
      BuildQuantizedPool(schema::BuiltinOperator_AVERAGE_POOL_2D, c,
                         PoolGeometry{{1, 2, 2, 3}, 2, 2, 2, 2, kValid}, 0),
      {{2, -2, 127, 3, -3, 127, 2, -2, 127, 3, -3, 126}}, {1, 1, 1, 3},
      &output)));
  EXPECT_THAT(output, ::testing::ElementsAre(3, -3, 127));
}

struct QuantizedPoolErrorCase {
  std::string name;
  DataType input_type;
  DataType output_type;
  bool output_quantized;
  std::string message;
};

class QuantizedPoolingErrorTest
    : public ::testing::TestWithParam<QuantizedPoolErrorCase> {};

TEST_P(QuantizedPoolingErrorTest, PrepareFails) {
  const QuantizedPoolErrorCase& c = GetParam();
  ModelBuilder builder;
  const int in = builder.AddTensor(c.input_type, {1, 3, 3, 1});
  const int out = builder.AddTensor(c.output_type, {});
  builder.SetQuantization(in, {0.5f}, {0});
  if (c.output_quantized) builder.SetQuantization(out, {0.5f}, {0});
  ExpectBuildFails(
      FinishSingleOpModel(
          builder, schema::BuiltinOperator_AVERAGE_POOL_2D, {in}, {out}, {in},
          schema::BuiltinOptions_Pool2DOptions,
          schema::CreatePool2DOptions(builder.fbb(), kSame, 1, 1, 2, 2)
              .Union()),
      c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, QuantizedPoolingErrorTest,
    ::testing::Values(
        QuantizedPoolErrorCase{"Int16", DataType::kInt16, DataType::kInt16,
                               true,
                               "node 0 (AVERAGE_POOL_2D): input 0 (tensor 0) "
                               "has type INT16; expected FLOAT32, UINT8 or "
                               "INT8"},
        QuantizedPoolErrorCase{"MixedTypes", DataType::kUInt8, DataType::kInt8,
                               true,
                               "output 0 (tensor 1) has type INT8; expected "
                               "UINT8"},
        QuantizedPoolErrorCase{"OutputWithoutQuantization", DataType::kInt8,
                               DataType::kInt8, false,
                               "output 0 (tensor 1) has type INT8 but no "
                               "quantization parameters"}),
    CaseName());

}  // namespace
}  // namespace testing
}  // namespace liten
