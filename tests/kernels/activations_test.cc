// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// LOGISTIC, TANH, RELU, RELU6, RELU_N1_TO_1, HARD_SWISH and PRELU against
// their textbook definitions, in float and quantized.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
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
    case schema::BuiltinOperator_TANH:
      return static_cast<float>(std::tanh(static_cast<double>(x)));
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
  const int64_t edges = std::min(n, static_cast<int64_t>(std::size(kEdges)));
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
                          schema::BuiltinOperator_TANH,
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

// Debian's XNNPACK has no tanh: TANH stays on the reference loop.
TEST(ActivationsPathTest, TanhRunsOnReference) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {1, 13, 13, 3});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  ExpectNodePath(FinishSingleOpModel(builder, schema::BuiltinOperator_TANH,
                                     {in}, {out}, {in}),
                 "reference");
}

// A one-node quantized activation model.
struct QuantizedGraph {
  schema::BuiltinOperator op = schema::BuiltinOperator_RELU;
  DataType type = DataType::kUInt8;
  DataType output_type = DataType::kUInt8;
  float input_scale = 0.1f;
  int64_t input_zero_point = 0;
  float output_scale = 0.1f;
  int64_t output_zero_point = 0;
  bool quantized_input = true;
  int32_t count = 256;
  int version = 1;
};

std::vector<uint8_t> BuildQuantized(const QuantizedGraph& g) {
  ModelBuilder builder;
  const int in = builder.AddTensor(g.type, {g.count});
  if (g.quantized_input) {
    builder.SetQuantization(in, {g.input_scale}, {g.input_zero_point});
  }
  const int out = builder.AddTensor(g.output_type, {});
  builder.SetQuantization(out, {g.output_scale}, {g.output_zero_point});
  return FinishSingleOpModel(builder, g.op, {in}, {out}, {in},
                             schema::BuiltinOptions_NONE, 0, g.version);
}

// Runs `graph` on every value of T (or on `values`) and returns the input
// and output values.
template <typename T>
void RunQuantized(const QuantizedGraph& graph, std::vector<int32_t>* inputs,
                  std::vector<int32_t>* outputs) {
  std::vector<T> values;
  for (int64_t v = std::numeric_limits<T>::min();
       v <= std::numeric_limits<T>::max() &&
       static_cast<int32_t>(values.size()) < graph.count;
       ++v) {
    values.push_back(static_cast<T>(v));
  }
  std::vector<T> output;
  ASSERT_NO_FATAL_FAILURE((
      RunModel<T, T>(BuildQuantized(graph), {values}, {graph.count}, &output)));
  inputs->assign(values.begin(), values.end());
  outputs->assign(output.begin(), output.end());
}

// The naive quantized activation: dequantize, apply the real function in
// double, quantize to the nearest step and saturate to the type.
double NaiveQuantized(const QuantizedGraph& g, int32_t q, int32_t min,
                      int32_t max) {
  const double x =
      g.input_scale * (q - static_cast<double>(g.input_zero_point));
  double y = 0;
  switch (g.op) {
    case schema::BuiltinOperator_HARD_SWISH:
      y = x * std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0;
      break;
    case schema::BuiltinOperator_LOGISTIC:
      y = 1.0 / (1.0 + std::exp(-x));
      break;
    case schema::BuiltinOperator_TANH:
      y = std::tanh(x);
      break;
    case schema::BuiltinOperator_RELU:
      y = NaiveActivation(schema::ActivationFunctionType_RELU, x);
      break;
    case schema::BuiltinOperator_RELU6:
      y = NaiveActivation(schema::ActivationFunctionType_RELU6, x);
      break;
    default:
      y = NaiveActivation(schema::ActivationFunctionType_RELU_N1_TO_1, x);
      break;
  }
  const double q_out = std::round(y / g.output_scale) + g.output_zero_point;
  return std::min<double>(std::max<double>(q_out, min), max);
}

struct QuantizedCase {
  std::string name;
  QuantizedGraph graph;
};

void PrintTo(const QuantizedCase& c, std::ostream* os) { *os << c.name; }

class QuantizedActivationsTest
    : public ::testing::TestWithParam<QuantizedCase> {};

// TFLite works in float tables or 16- and 32-bit fixed point, so a result
// within rounding of a quantization tie may land one step away; the
// byte-exact comparison with TFLite is in
// tests/models/movement_ops_tflite_test.cc.
TEST_P(QuantizedActivationsTest, WithinOneStepOfNaive) {
  const QuantizedGraph& graph = GetParam().graph;
  std::vector<int32_t> inputs, outputs;
  int32_t min = 0, max = 0;
  if (graph.type == DataType::kUInt8) {
    ASSERT_NO_FATAL_FAILURE(RunQuantized<uint8_t>(graph, &inputs, &outputs));
    max = 255;
  } else if (graph.type == DataType::kInt8) {
    ASSERT_NO_FATAL_FAILURE(RunQuantized<int8_t>(graph, &inputs, &outputs));
    min = -128;
    max = 127;
  } else {
    ASSERT_NO_FATAL_FAILURE(RunQuantized<int16_t>(graph, &inputs, &outputs));
    min = -32768;
    max = 32767;
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_NEAR(outputs[i], NaiveQuantized(graph, inputs[i], min, max), 1.0)
        << "input " << inputs[i];
  }
}

std::vector<QuantizedCase> QuantizedCases() {
  std::vector<QuantizedCase> cases;
  struct Scales {
    const char* name;
    float input_scale;
    int64_t input_zero_point;
    float output_scale;
    int64_t output_zero_point;
  };
  const Scales uint8_scales[] = {{"Same", 0.05f, 128, 0.05f, 128},
                                 {"Rescaled", 0.03f, 77, 0.1f, 10},
                                 {"Saturating", 0.2f, 0, 0.01f, 200}};
  const Scales int8_scales[] = {{"Same", 0.05f, 0, 0.05f, 0},
                                {"Rescaled", 0.03f, -51, 0.1f, -100},
                                {"Saturating", 0.2f, -128, 0.01f, 70}};
  for (schema::BuiltinOperator op :
       {schema::BuiltinOperator_TANH, schema::BuiltinOperator_HARD_SWISH,
        schema::BuiltinOperator_RELU, schema::BuiltinOperator_RELU6,
        schema::BuiltinOperator_RELU_N1_TO_1}) {
    for (const auto& [type, scales] :
         {std::make_pair(DataType::kUInt8, uint8_scales),
          std::make_pair(DataType::kInt8, int8_scales)}) {
      for (int i = 0; i < 3; ++i) {
        const Scales& s = scales[i];
        QuantizedGraph graph;
        graph.op = op;
        graph.type = graph.output_type = type;
        graph.input_scale = s.input_scale;
        graph.input_zero_point = s.input_zero_point;
        graph.output_scale = s.output_scale;
        graph.output_zero_point = s.output_zero_point;
        cases.push_back({std::string(schema::EnumNameBuiltinOperator(op)) +
                             DataTypeName(type) + s.name,
                         graph});
      }
    }
  }
  for (DataType type : {DataType::kUInt8, DataType::kInt8}) {
    QuantizedGraph graph;
    graph.op = schema::BuiltinOperator_LOGISTIC;
    graph.type = graph.output_type = type;
    graph.input_scale = 0.0625f;
    graph.input_zero_point = type == DataType::kUInt8 ? 128 : 0;
    graph.output_scale = 1.0f / 256;
    graph.output_zero_point = type == DataType::kUInt8 ? 0 : -128;
    cases.push_back({std::string("LOGISTIC") + DataTypeName(type), graph});
  }
  for (schema::BuiltinOperator op :
       {schema::BuiltinOperator_RELU, schema::BuiltinOperator_RELU6}) {
    QuantizedGraph graph;
    graph.op = op;
    graph.type = graph.output_type = DataType::kInt16;
    graph.input_scale = 0.0005f;
    graph.output_scale = 0.0003f;
    graph.count = 65536;
    cases.push_back(
        {std::string(schema::EnumNameBuiltinOperator(op)) + "INT16", graph});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, QuantizedActivationsTest,
                         ::testing::ValuesIn(QuantizedCases()), CaseName());

// Exact results the naive test leaves open: the RELUs requantize with
// TFLite's fixed-point multiply, which rounds ties upward, and clamp to
// their bounds quantized separately.
TEST(QuantizedActivationsExactTest, ReluRoundsTiesUpAndClamps) {
  QuantizedGraph graph;
  graph.op = schema::BuiltinOperator_RELU6;
  graph.input_scale = 1.0f;  // Input steps of 1 to output steps of 2.
  graph.input_zero_point = 10;
  graph.output_scale = 2.0f;
  graph.output_zero_point = 1;
  std::vector<int32_t> inputs, outputs;
  ASSERT_NO_FATAL_FAILURE(RunQuantized<uint8_t>(graph, &inputs, &outputs));
  // x = q - 10; out = 1 + round_half_up(x / 2), clamped to [1, 1 + 3].
  const std::vector<std::pair<int, int>> expected = {
      {0, 1},  {9, 1},  {10, 1}, {11, 2}, {12, 2}, {13, 3},
      {14, 3}, {15, 4}, {16, 4}, {17, 4}, {255, 4}};
  for (const auto& [q, out] : expected) EXPECT_EQ(outputs[q], out) << q;

  graph.op = schema::BuiltinOperator_RELU_N1_TO_1;
  graph.type = graph.output_type = DataType::kInt8;
  graph.input_zero_point = 0;
  graph.output_scale = 0.5f;
  graph.output_zero_point = -3;
  ASSERT_NO_FATAL_FAILURE(RunQuantized<int8_t>(graph, &inputs, &outputs));
  // out = -3 + 2 * x, clamped to [-3 - 2, -3 + 2].
  EXPECT_EQ(outputs[128 - 2], -5);
  EXPECT_EQ(outputs[128 + 0], -3);
  EXPECT_EQ(outputs[128 + 1], -1);
  EXPECT_EQ(outputs[128 + 2], -1);
  EXPECT_EQ(outputs[0], -5);
  EXPECT_EQ(outputs[255], -1);
}

// LOGISTIC saturates to the ends of the output's [0, 1) and TANH to -1 and 1.
TEST(QuantizedActivationsExactTest, SaturateAtTheEnds) {
  QuantizedGraph graph;
  graph.op = schema::BuiltinOperator_LOGISTIC;
  graph.type = graph.output_type = DataType::kInt8;
  graph.input_scale = 0.5f;
  graph.output_scale = 1.0f / 256;
  graph.output_zero_point = -128;
  std::vector<int32_t> inputs, outputs;
  ASSERT_NO_FATAL_FAILURE(RunQuantized<int8_t>(graph, &inputs, &outputs));
  EXPECT_EQ(outputs.front(), -128);  // logistic(-64) rounds to 0.
  EXPECT_EQ(outputs[128], 0);        // logistic(0) is 128 / 256.
  EXPECT_EQ(outputs.back(), 127);    // 256 / 256 saturates.

  graph.op = schema::BuiltinOperator_TANH;
  graph.type = graph.output_type = DataType::kUInt8;
  graph.input_zero_point = 128;
  graph.output_scale = 1.0f / 128;
  graph.output_zero_point = 128;
  ASSERT_NO_FATAL_FAILURE(RunQuantized<uint8_t>(graph, &inputs, &outputs));
  EXPECT_EQ(outputs.front(), 0);
  EXPECT_EQ(outputs[128], 128);
  EXPECT_EQ(outputs.back(), 255);
}

TEST(ActivationsPathTest, QuantizedRunOnReference) {
  QuantizedGraph graph;
  ExpectNodePath(BuildQuantized(graph), "reference");
}

const ModelErrorCase<QuantizedGraph> kQuantizedErrorCases[] = {
    {"LogisticOutputScale",
     [](QuantizedGraph& g) { g.op = schema::BuiltinOperator_LOGISTIC; },
     StatusCode::kInvalidModel,
     "node 0 (LOGISTIC): output 0 (tensor 1) has scale 0.1; a quantized "
     "LOGISTIC output needs scale 1/256"},
    {"LogisticInt16",
     [](QuantizedGraph& g) {
       g.op = schema::BuiltinOperator_LOGISTIC;
       g.type = g.output_type = DataType::kInt16;
       g.version = 3;
     },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT16; expected FLOAT32, UINT8, INT8 (INT16 "
     "is not supported)"},
    {"TanhMixedTypes",
     [](QuantizedGraph& g) {
       g.op = schema::BuiltinOperator_TANH;
       g.output_type = DataType::kInt8;
     },
     StatusCode::kUnsupported,
     "output 0 (tensor 1) has type INT8; expected UINT8"},
    {"ReluWithoutQuantization",
     [](QuantizedGraph& g) { g.quantized_input = false; },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has type UINT8 but no quantization parameters"},
    {"ReluHugeRescale",
     [](QuantizedGraph& g) {
       g.input_scale = 1e6f;
       g.output_scale = 1e-4f;
     },
     StatusCode::kInvalidModel, "is 2^31 or more"},
    {"HardSwishTinyOutputScale",
     [](QuantizedGraph& g) {
       g.op = schema::BuiltinOperator_HARD_SWISH;
       g.output_scale = 1e-5f;
     },
     StatusCode::kUnsupported,
     "are too far apart for HARD_SWISH's 16-bit fixed point"},
    {"ReluN1To1Int16",
     [](QuantizedGraph& g) {
       g.op = schema::BuiltinOperator_RELU_N1_TO_1;
       g.type = g.output_type = DataType::kInt16;
     },
     StatusCode::kUnsupported, "(INT16 is not supported)"},
    {"Relu6Version4",
     [](QuantizedGraph& g) {
       g.op = schema::BuiltinOperator_RELU6;
       g.version = 4;
     },
     StatusCode::kUnsupported, "version 4"},
};

LITEN_MODEL_ERROR_TESTS(QuantizedActivations, BuildQuantized,
                        kQuantizedErrorCases);

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
