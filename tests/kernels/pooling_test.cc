// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MAX_POOL_2D and AVERAGE_POOL_2D against a naive window loop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
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

std::vector<float> NaivePool(schema::BuiltinOperator op,
                             schema::ActivationFunctionType activation,
                             const PoolGeometry& g,
                             const std::vector<float>& input,
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
  std::vector<float> out;
  for (int b = 0; b < batches; ++b) {
    for (int oy = 0; oy < out_h; ++oy) {
      for (int ox = 0; ox < out_w; ++ox) {
        for (int c = 0; c < channels; ++c) {
          double sum = 0.0;
          float max = -std::numeric_limits<float>::infinity();
          int count = 0;
          for (int fy = 0; fy < g.filter_h; ++fy) {
            for (int fx = 0; fx < g.filter_w; ++fx) {
              const int y = oy * g.stride_h - pad_h + fy;
              const int x = ox * g.stride_w - pad_w + fx;
              if (y < 0 || y >= in_h || x < 0 || x >= in_w) continue;
              const float v = input[((b * in_h + y) * in_w + x) * channels + c];
              sum += v;
              max = std::max(max, v);
              ++count;
            }
          }
          const float pooled = op == schema::BuiltinOperator_MAX_POOL_2D
                                   ? max
                                   : static_cast<float>(sum / count);
          out.push_back(
              static_cast<float>(NaiveActivation(activation, pooled)));
        }
      }
    }
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

INSTANTIATE_TEST_SUITE_P(
    Geometries, PoolingTest,
    ::testing::Combine(
        ::testing::Values(schema::BuiltinOperator_MAX_POOL_2D,
                          schema::BuiltinOperator_AVERAGE_POOL_2D),
        ::testing::Values(schema::ActivationFunctionType_NONE,
                          schema::ActivationFunctionType_RELU6),
        ::testing::Values(PoolGeometry{{1, 1, 1, 1}, 1, 1, 1, 1, kSame},
                          PoolGeometry{{1, 1, 1, 1}, 1, 1, 1, 1, kValid},
                          PoolGeometry{{1, 3, 3, 1}, 2, 2, 1, 1, kSame},
                          PoolGeometry{{1, 3, 3, 1}, 2, 2, 1, 1, kValid},
                          PoolGeometry{{2, 13, 13, 3}, 3, 3, 2, 2, kSame},
                          PoolGeometry{{2, 13, 13, 3}, 3, 3, 2, 2, kValid},
                          PoolGeometry{{1, 13, 7, 5}, 4, 2, 3, 1, kSame},
                          PoolGeometry{{1, 13, 7, 5}, 4, 2, 3, 1, kValid},
                          PoolGeometry{{1, 13, 13, 1}, 2, 2, 3, 3, kSame},
                          PoolGeometry{{1, 13, 13, 1}, 2, 2, 3, 3, kValid},
                          PoolGeometry{{3, 5, 5, 2}, 5, 5, 5, 5, kValid},
                          PoolGeometry{{1, 3, 3, 2}, 7, 7, 1, 1, kSame},
                          PoolGeometry{{1, 4, 6, 3}, 2, 3, 2, 3, kSame},
                          PoolGeometry{{1, 1, 13, 3}, 1, 3, 1, 2, kSame})));

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

}  // namespace
}  // namespace testing
}  // namespace liten
