// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// LOGISTIC, RELU, RELU6, RELU_N1_TO_1, HARD_SWISH and PRELU against their
// textbook definitions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

// The clamps are the fused activations of the same names.
float NaiveActivationOp(schema::BuiltinOperator op, float x) {
  switch (op) {
    case schema::BuiltinOperator_LOGISTIC:
      return static_cast<float>(1.0 /
                                (1.0 + std::exp(-static_cast<double>(x))));
    case schema::BuiltinOperator_RELU:
      return static_cast<float>(
          NaiveActivation(schema::ActivationFunctionType_RELU, x));
    case schema::BuiltinOperator_RELU6:
      return static_cast<float>(
          NaiveActivation(schema::ActivationFunctionType_RELU6, x));
    case schema::BuiltinOperator_RELU_N1_TO_1:
      return static_cast<float>(
          NaiveActivation(schema::ActivationFunctionType_RELU_N1_TO_1, x));
    case schema::BuiltinOperator_HARD_SWISH:
      // The piecewise form of x * relu6(x + 3) / 6.
      if (x <= -3.0f) return 0.0f;
      if (x >= 3.0f) return x;
      return x * (x + 3.0f) / 6.0f;
    default:
      ADD_FAILURE() << "no naive definition for op " << op;
      return 0.0f;
  }
}

// The edges of every activation (clamp points, logistic's cutoffs, values
// whose exp overflows) first, then uniform noise.
std::vector<float> TestValues(int64_t n, std::mt19937& rng) {
  static const float kEdges[] = {0.0f,  -3.0f,  3.0f,    6.0f,  -6.0f,
                                 1.0f,  -1.0f,  -9.5f,   16.7f, -20.0f,
                                 20.0f, 100.0f, -100.0f, 0.25f, -0.25f};
  const int64_t edges =
      std::min(n, static_cast<int64_t>(std::size(kEdges)));
  std::vector<float> values(kEdges, kEdges + edges);
  const std::vector<float> noise = RandomVector(rng, n - edges, 10.0f);
  values.insert(values.end(), noise.begin(), noise.end());
  return values;
}

// Runs the one-node `model` with `x` as input 0 and checks output 0 against
// `expected` to 1e-5, relative to magnitudes above 1.
void RunAndCompare(std::vector<uint8_t> model, const std::vector<float>& x,
                   const std::vector<int32_t>& expected_shape,
                   const std::vector<float>& expected) {
  std::vector<float> actual;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(std::move(model), {x}, expected_shape, &actual));
  ExpectAllNear(actual, expected);
}

using UnaryParam = std::tuple<schema::BuiltinOperator, std::vector<int32_t>>;

class ActivationsTest : public ::testing::TestWithParam<UnaryParam> {};

TEST_P(ActivationsTest, MatchesNaiveDefinition) {
  const auto& [op, shape] = GetParam();
  std::mt19937 rng(2026);
  const std::vector<float> x = TestValues(ElementCount(shape), rng);

  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, shape);
  const int out = builder.AddTensor(DataType::kFloat32, {});

  std::vector<float> expected(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    expected[i] = NaiveActivationOp(op, x[i]);
  }
  RunAndCompare(FinishSingleOpModel(builder, op, {in}, {out}, {in}), x, shape,
                expected);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ActivationsTest,
    ::testing::Combine(
        ::testing::Values(schema::BuiltinOperator_LOGISTIC,
                          schema::BuiltinOperator_RELU,
                          schema::BuiltinOperator_RELU6,
                          schema::BuiltinOperator_RELU_N1_TO_1,
                          schema::BuiltinOperator_HARD_SWISH),
        ::testing::Values(std::vector<int32_t>{}, std::vector<int32_t>{1},
                          std::vector<int32_t>{3}, std::vector<int32_t>{13},
                          std::vector<int32_t>{2, 3, 5},
                          std::vector<int32_t>{1, 13, 13, 3},
                          std::vector<int32_t>{2, 1, 3, 1, 2, 1, 3, 1})));

TEST(ActivationsPathTest, XnnpackTakesEveryActivation) {
  for (schema::BuiltinOperator op :
       {schema::BuiltinOperator_LOGISTIC, schema::BuiltinOperator_RELU,
        schema::BuiltinOperator_RELU6, schema::BuiltinOperator_RELU_N1_TO_1,
        schema::BuiltinOperator_HARD_SWISH}) {
    SCOPED_TRACE(schema::EnumNameBuiltinOperator(op));
    ModelBuilder builder;
    const int in = builder.AddTensor(DataType::kFloat32, {1, 13, 13, 3});
    const int out = builder.AddTensor(DataType::kFloat32, {});
    ExpectNodePath(FinishSingleOpModel(builder, op, {in}, {out}, {in}),
                   "xnnpack");
  }
}

struct PReluShapes {
  std::vector<int32_t> input;
  std::vector<int32_t> alpha;
};

void PrintTo(const PReluShapes& shapes, std::ostream* os) {
  *os << "input " << ::testing::PrintToString(shapes.input) << ", alpha "
      << ::testing::PrintToString(shapes.alpha);
}

std::array<int32_t, 4> ExtendTo4D(const std::vector<int32_t>& shape) {
  std::array<int32_t, 4> dims = {1, 1, 1, 1};
  std::copy(shape.begin(), shape.end(), dims.end() - shape.size());
  return dims;
}

// Row-major offset of (n, h, w, c) in `dims`, reading size-1 dims at 0.
int64_t Offset4D(const std::array<int32_t, 4>& dims, int n, int h, int w,
                 int c) {
  const int coord[4] = {n, h, w, c};
  int64_t offset = 0;
  for (int d = 0; d < 4; ++d) {
    offset = offset * dims[d] + (dims[d] == 1 ? 0 : coord[d]);
  }
  return offset;
}

// TFLite's formulation: both operands seen as 4D, alpha stretched where its
// dims are 1 (or where the input's are).
std::vector<float> NaivePRelu(const PReluShapes& shapes,
                              const std::vector<float>& x,
                              const std::vector<float>& alpha,
                              std::vector<int32_t>* output_shape) {
  const std::array<int32_t, 4> in = ExtendTo4D(shapes.input);
  const std::array<int32_t, 4> al = ExtendTo4D(shapes.alpha);
  std::array<int32_t, 4> out;
  for (int d = 0; d < 4; ++d) out[d] = std::max(in[d], al[d]);
  const size_t rank = std::max(shapes.input.size(), shapes.alpha.size());
  output_shape->assign(out.end() - rank, out.end());
  std::vector<float> result;
  for (int n = 0; n < out[0]; ++n) {
    for (int h = 0; h < out[1]; ++h) {
      for (int w = 0; w < out[2]; ++w) {
        for (int c = 0; c < out[3]; ++c) {
          const float v = x[Offset4D(in, n, h, w, c)];
          const float a = alpha[Offset4D(al, n, h, w, c)];
          result.push_back(v >= 0.0f ? v : v * a);
        }
      }
    }
  }
  return result;
}

class PReluTest : public ::testing::TestWithParam<PReluShapes> {};

TEST_P(PReluTest, MatchesNaiveBroadcast) {
  const PReluShapes& shapes = GetParam();
  std::mt19937 rng(99);
  const std::vector<float> x = TestValues(ElementCount(shapes.input), rng);
  const std::vector<float> alpha =
      RandomVector(rng, ElementCount(shapes.alpha), 1.0f);

  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, shapes.input);
  const int al = builder.AddConstant(DataType::kFloat32, shapes.alpha, alpha);
  const int out = builder.AddTensor(DataType::kFloat32, {});

  std::vector<int32_t> expected_shape;
  const std::vector<float> expected =
      NaivePRelu(shapes, x, alpha, &expected_shape);
  RunAndCompare(FinishSingleOpModel(builder, schema::BuiltinOperator_PRELU,
                                    {in, al}, {out}, {in}),
                x, expected_shape, expected);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, PReluTest,
    ::testing::Values(PReluShapes{{1, 13, 13, 3}, {1, 1, 3}},
                      PReluShapes{{2, 3, 5, 7}, {3, 1, 1}},
                      PReluShapes{{1, 3, 3, 5}, {1, 3, 3, 5}},
                      PReluShapes{{2, 13}, {13}}, PReluShapes{{3}, {3}},
                      PReluShapes{{1}, {1}}, PReluShapes{{2, 4}, {}},
                      PReluShapes{{1, 1, 1, 4}, {2, 3, 1}}));

// A node built from `inputs` (type, shape) and `outputs` (types) that Prepare
// must reject with `message`.
struct ActivationErrorCase {
  std::string name;
  schema::BuiltinOperator op;
  std::vector<std::pair<DataType, std::vector<int32_t>>> inputs;
  std::vector<DataType> outputs;
  std::string message;
};

class ActivationsErrorTest
    : public ::testing::TestWithParam<ActivationErrorCase> {};

TEST_P(ActivationsErrorTest, PrepareFails) {
  const ActivationErrorCase& c = GetParam();
  ModelBuilder builder;
  std::vector<int> inputs, outputs;
  for (const auto& [type, shape] : c.inputs) {
    inputs.push_back(builder.AddTensor(type, shape));
  }
  for (DataType type : c.outputs)
    outputs.push_back(builder.AddTensor(type, {}));
  ExpectBuildFails(FinishSingleOpModel(builder, c.op, inputs, outputs, inputs),
                   c.message);
}

constexpr DataType kF32 = DataType::kFloat32;
constexpr DataType kI32 = DataType::kInt32;

INSTANTIATE_TEST_SUITE_P(
    Cases, ActivationsErrorTest,
    ::testing::Values(
        ActivationErrorCase{"LogisticInt32",
                            schema::BuiltinOperator_LOGISTIC,
                            {{kI32, {3}}},
                            {kI32},
                            "node 0 (LOGISTIC): input 0 (tensor 0) has type "
                            "INT32; expected FLOAT32"},
        ActivationErrorCase{"ReluOutputType",
                            schema::BuiltinOperator_RELU,
                            {{kF32, {3}}},
                            {kI32},
                            "output 0 (tensor 1) has type INT32; expected "
                            "FLOAT32"},
        ActivationErrorCase{"Relu6TwoInputs",
                            schema::BuiltinOperator_RELU6,
                            {{kF32, {3}}, {kF32, {3}}},
                            {kF32},
                            "has 2 inputs; expected 1"},
        ActivationErrorCase{"HardSwishTwoOutputs",
                            schema::BuiltinOperator_HARD_SWISH,
                            {{kF32, {3}}},
                            {kF32, kF32},
                            "has 2 outputs; expected 1"},
        ActivationErrorCase{"ReluN1To1NoInput",
                            schema::BuiltinOperator_RELU_N1_TO_1,
                            {},
                            {kF32},
                            "has 0 inputs; expected 1"},
        ActivationErrorCase{"PReluAlphaType",
                            schema::BuiltinOperator_PRELU,
                            {{kF32, {2, 3}}, {kI32, {3}}},
                            {kF32},
                            "input 1 (tensor 1) has type INT32; expected "
                            "FLOAT32"},
        ActivationErrorCase{"PReluShapes",
                            schema::BuiltinOperator_PRELU,
                            {{kF32, {2, 3}}, {kF32, {2}}},
                            {kF32},
                            "shapes [2,3] and [2] cannot be broadcast"},
        ActivationErrorCase{"PReluOneInput",
                            schema::BuiltinOperator_PRELU,
                            {{kF32, {2, 3}}},
                            {kF32},
                            "has 1 inputs; expected 2"}),
    CaseName());

}  // namespace
}  // namespace testing
}  // namespace liten
