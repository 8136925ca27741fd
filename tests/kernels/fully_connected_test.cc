// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// FULLY_CONNECTED, run through the loader and interpreter, against a naive
// matrix product written from the definition.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "schema/schema_generated.h"
#include "kernels/quantization_util.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

// A valid FULLY_CONNECTED model to vary: input [2, 4], weights [3, 4],
// bias [3], no activation.
struct FullyConnectedGraph : WeightedOpGraph {
  FullyConnectedGraph() {
    input_shape = {2, 4};
    weights_shape = {3, 4};
    bias_shape = {3};
    output_shape = {2, 3};
  }
  bool has_options = true;
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_NONE;
  schema::FullyConnectedOptionsWeightsFormat weights_format =
      schema::FullyConnectedOptionsWeightsFormat_DEFAULT;
  bool keep_num_dims = false;
};

// The node's options table, or none when the graph has no options.
flatbuffers::Offset<void> BuildOptions(ModelBuilder& builder,
                                       const FullyConnectedGraph& graph) {
  if (!graph.has_options) return 0;
  return schema::CreateFullyConnectedOptions(builder.fbb(), graph.activation,
                                             graph.weights_format,
                                             graph.keep_num_dims)
      .Union();
}

schema::BuiltinOptions OptionsType(const FullyConnectedGraph& graph) {
  return graph.has_options ? schema::BuiltinOptions_FullyConnectedOptions
                           : schema::BuiltinOptions_NONE;
}

std::vector<uint8_t> BuildModel(const FullyConnectedGraph& graph) {
  ModelBuilder builder;
  const flatbuffers::Offset<void> options = BuildOptions(builder, graph);
  return FinishWeightedOpModel(builder, graph,
                               schema::BuiltinOperator_FULLY_CONNECTED,
                               OptionsType(graph), options);
}

struct FullyConnectedCase {
  std::vector<int32_t> input_shape;
  int depth;
  int units;
  bool keep_num_dims;
  schema::ActivationFunctionType activation;
  bool bias;
};

void PrintTo(const FullyConnectedCase& c, std::ostream* os) {
  *os << "input " << ::testing::PrintToString(c.input_shape) << " weights ["
      << c.units << "," << c.depth << "]"
      << (c.keep_num_dims ? " keep_num_dims " : " ")
      << schema::EnumNameActivationFunctionType(c.activation)
      << (c.bias ? " bias" : " no bias");
}

std::vector<FullyConnectedCase> AllFullyConnectedCases() {
  constexpr schema::ActivationFunctionType kNone =
      schema::ActivationFunctionType_NONE;
  std::vector<FullyConnectedCase> cases = {
      {{1, 1}, 1, 1, false, kNone, true},
      {{1, 3}, 3, 4, false, kNone, true},
      {{2, 5}, 5, 3, false, kNone, false},
      {{13}, 13, 1, false, kNone, true},
      {{5, 64}, 64, 33, false, kNone, true},
      {{2, 1, 1, 127}, 127, 13, false, kNone, true},
      // The input is flattened by the weights' depth, not its last dim.
      {{2, 3, 4}, 12, 7, false, kNone, true},
      {{4, 6}, 3, 5, false, kNone, false},
      {{3}, 1, 2, false, kNone, true},
      // keep_num_dims keeps the leading dims.
      {{3, 2, 13}, 13, 7, true, kNone, true},
      {{2, 1, 1, 127}, 127, 13, true, kNone, false},
      {{5}, 5, 3, true, kNone, true},
  };
  for (schema::ActivationFunctionType activation :
       {schema::ActivationFunctionType_NONE,
        schema::ActivationFunctionType_RELU,
        schema::ActivationFunctionType_RELU_N1_TO_1,
        schema::ActivationFunctionType_RELU6}) {
    cases.push_back({{3, 8}, 8, 5, false, activation, true});
    cases.push_back({{3, 8}, 8, 5, true, activation, false});
  }
  return cases;
}

// Sets the shapes and options of `graph` to those of case `c`.
void ShapeGraph(const FullyConnectedCase& c, FullyConnectedGraph* graph) {
  graph->input_shape = c.input_shape;
  graph->weights_shape = {c.units, c.depth};
  graph->bias_shape =
      c.bias ? std::vector<int32_t>{c.units} : std::vector<int32_t>{};
  if (c.keep_num_dims) {
    graph->output_shape = c.input_shape;
    graph->output_shape.back() = c.units;
  } else {
    graph->output_shape = {
        static_cast<int32_t>(ElementCount(c.input_shape) / c.depth), c.units};
  }
  graph->activation = c.activation;
  graph->keep_num_dims = c.keep_num_dims;
}

class FullyConnectedTest
    : public ::testing::TestWithParam<FullyConnectedCase> {};

TEST_P(FullyConnectedTest, MatchesNaiveProduct) {
  const FullyConnectedCase& c = GetParam();
  const size_t elements = ElementCount(c.input_shape);
  const int batches = static_cast<int>(elements) / c.depth;

  std::mt19937 rng(20260103);
  FullyConnectedGraph graph;
  ShapeGraph(c, &graph);
  graph.weights =
      RandomVector(rng, static_cast<size_t>(c.units) * c.depth, 1.0f);
  if (c.bias) graph.bias = RandomVector(rng, c.units, 1.0f);
  // Inputs up to 2 in magnitude, so that RELU6 and RELU_N1_TO_1 clip.
  const std::vector<float> input = RandomVector(rng, elements, 2.0f);

  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
  ASSERT_EQ(output.size(), static_cast<size_t>(batches) * c.units);

  for (int b = 0; b < batches; ++b) {
    for (int u = 0; u < c.units; ++u) {
      double sum = c.bias ? graph.bias[u] : 0.0;
      for (int i = 0; i < c.depth; ++i) {
        sum += static_cast<double>(input[b * c.depth + i]) *
               graph.weights[u * c.depth + i];
      }
      const double expected = NaiveActivation(c.activation, sum);
      EXPECT_NEAR(output[b * c.units + u], expected,
                  1e-5 * std::max(1.0, std::abs(expected)))
          << "at [" << b << "," << u << "]";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, FullyConnectedTest,
                         ::testing::ValuesIn(AllFullyConnectedCases()));

// Without options: no activation and a flattened [batches, units] output.
TEST(FullyConnectedOptionTest, MissingOptionsMeanDefaults) {
  FullyConnectedGraph graph;
  graph.has_options = false;
  graph.input_shape = {1, 2, 2};
  graph.weights_shape = {1, 2};
  graph.bias_shape = {};
  graph.output_shape = {2, 1};
  graph.weights = {1.0f, -3.0f};
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(BuildModel(graph),
                                   {{1.0f, 2.0f, 3.0f, 0.5f}}, {2, 1},
                                   &output));
  EXPECT_EQ(output, (std::vector<float>{-5.0f, 1.5f}));
}

const ModelErrorCase<FullyConnectedGraph> kFullyConnectedErrorCases[] = {
    {"WeightsRank3",
     [](FullyConnectedGraph& g) { g.weights_shape = {3, 2, 2}; },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1) has rank 3 (shape [3,2,2]); expected rank 2"},
    {"WeightsRank1", [](FullyConnectedGraph& g) { g.weights_shape = {12}; },
     StatusCode::kInvalidModel, "input 1 (tensor 1) has rank 1"},
    {"InputNotMultipleOfDepth",
     [](FullyConnectedGraph& g) { g.input_shape = {2, 5}; },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has shape [2,5], whose 10 elements are not a "
     "multiple of the weights' input depth 4 (input 1, tensor 1)"},
    {"KeepNumDimsLastDimMismatch",
     [](FullyConnectedGraph& g) {
       g.input_shape = {1, 8};
       g.keep_num_dims = true;
     },
     StatusCode::kInvalidModel,
     "keep_num_dims is set, so the last dim of input 0 (tensor 0, shape "
     "[1,8]) must equal the weights' input depth 4"},
    {"KeepNumDimsScalarInput",
     [](FullyConnectedGraph& g) {
       g.input_shape = {};
       g.weights_shape = {3, 1};
       g.keep_num_dims = true;
     },
     StatusCode::kInvalidModel, "keep_num_dims is set"},
    {"BiasLength", [](FullyConnectedGraph& g) { g.bias_shape = {4}; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the bias, has 4 elements; expected 3"},
    {"ShuffledWeights",
     [](FullyConnectedGraph& g) {
       g.weights_format =
           schema::FullyConnectedOptionsWeightsFormat_SHUFFLED4x16INT8;
     },
     StatusCode::kUnsupported,
     "weights format 1 (SHUFFLED4x16INT8) is not supported"},
    {"TanhActivation",
     [](FullyConnectedGraph& g) {
       g.activation = schema::ActivationFunctionType_TANH;
     },
     StatusCode::kUnsupported, "fused activation 4 is not supported"},
    {"Int32Input",
     [](FullyConnectedGraph& g) { g.input_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT32; expected FLOAT32"},
    {"Int8Weights",
     [](FullyConnectedGraph& g) { g.weights_type = DataType::kInt8; },
     StatusCode::kUnsupported, "input 1 (tensor 1) has type INT8"},
    {"Int32Bias",
     [](FullyConnectedGraph& g) { g.bias_type = DataType::kInt32; },
     StatusCode::kUnsupported, "input 2 (tensor 2) has type INT32"},
    {"Int32Output",
     [](FullyConnectedGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported, "output 0 (tensor 3) has type INT32"},
    {"MissingWeights", [](FullyConnectedGraph& g) { g.node_inputs = {0}; },
     StatusCode::kInvalidModel, "has 1 inputs; expected 2 to 3"},
    {"OmittedWeights",
     [](FullyConnectedGraph& g) { g.node_inputs = {0, -1, 2}; },
     StatusCode::kInvalidModel, "omitted"},
    {"Version10", [](FullyConnectedGraph& g) { g.version = 10; },
     StatusCode::kUnsupported, "version 10"},
};

LITEN_MODEL_ERROR_TESTS(FullyConnected, BuildModel, kFullyConnectedErrorCases);

// UINT8 and INT8 FULLY_CONNECTED.

// A quantized FullyConnectedGraph: by default UINT8 with per-tensor
// parameters and an INT32 bias. The float weights and bias of the base stay
// unused.
struct QuantizedFullyConnectedGraph : FullyConnectedGraph {
  QuantizedFullyConnectedGraph() {
    input_type = weights_type = output_type = DataType::kUInt8;
    bias_type = DataType::kInt32;
  }
  QuantizationInfo input_quantization{{0.5f}, {128}, 0};
  QuantizationInfo weights_quantization{{0.25f}, {120}, 0};
  QuantizationInfo bias_quantization{{0.125f}, {0}, 0};
  QuantizationInfo output_quantization{{0.5f}, {100}, 0};
  std::vector<uint8_t> weight_bytes;  // Zeros when empty.
  std::vector<int32_t> bias_values;   // Zeros when empty.
};

std::vector<uint8_t> BuildQuantizedModel(
    const QuantizedFullyConnectedGraph& graph) {
  ModelBuilder builder;
  const int input = builder.AddTensor(graph.input_type, graph.input_shape);
  const int weights = builder.AddConstantBytes(
      graph.weights_type, graph.weights_shape,
      graph.weight_bytes.empty()
          ? std::vector<uint8_t>(ElementCount(graph.weights_shape))
          : graph.weight_bytes);
  int bias = -1;
  if (!graph.bias_shape.empty()) {
    std::vector<uint8_t> bytes(ElementCount(graph.bias_shape) *
                               DataTypeSize(graph.bias_type));
    if (!graph.bias_values.empty()) {
      std::memcpy(bytes.data(), graph.bias_values.data(),
                  std::min(bytes.size(), graph.bias_values.size() * 4));
    }
    bias = builder.AddConstantBytes(graph.bias_type, graph.bias_shape, bytes);
  }
  const int output = builder.AddTensor(graph.output_type, graph.output_shape);
  for (const auto& [tensor, quantization] :
       {std::make_pair(input, graph.input_quantization),
        std::make_pair(weights, graph.weights_quantization),
        std::make_pair(bias, graph.bias_quantization),
        std::make_pair(output, graph.output_quantization)}) {
    if (tensor < 0) continue;
    builder.SetQuantization(tensor, quantization.scales,
                            quantization.zero_points, quantization.axis);
  }
  const flatbuffers::Offset<void> options = BuildOptions(builder, graph);
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_FULLY_CONNECTED,
      graph.node_inputs.empty() ? std::vector<int>{input, weights, bias}
                                : graph.node_inputs,
      {output}, {input}, OptionsType(graph), options, graph.version);
}

struct QuantizedFullyConnectedCase {
  FullyConnectedCase shape;
  DataType type;
  // Weights within 1 of their zero point and power-of-two scales, so that a
  // quarter of the outputs round a tie, instead of weights over the whole
  // range and arbitrary scales.
  bool ties;
};

void PrintTo(const QuantizedFullyConnectedCase& c, std::ostream* os) {
  PrintTo(c.shape, os);
  *os << " " << DataTypeName(c.type) << (c.ties ? " ties" : "");
}

std::vector<QuantizedFullyConnectedCase> AllQuantizedFullyConnectedCases() {
  std::vector<QuantizedFullyConnectedCase> cases;
  for (const FullyConnectedCase& shape : AllFullyConnectedCases()) {
    for (bool ties : {false, true}) {
      cases.push_back({shape, DataType::kUInt8, ties});
      cases.push_back({shape, DataType::kInt8, ties});
    }
  }
  return cases;
}

class QuantizedFullyConnectedTest
    : public ::testing::TestWithParam<QuantizedFullyConnectedCase> {};

// Against exact sums of (input - zero point) * (weight - zero point), the
// INT8 weights' zero point included (TFLite honours it here, unlike in the
// convolutions), plus the bias, requantized with ruy's rounding
// (RuyMultiplyByQuantizedMultiplier, itself tested against its definition)
// by input_scale * weights_scale rounded to float over output_scale, plus
// the output zero point, clamped.
TEST_P(QuantizedFullyConnectedTest, MatchesNaiveProduct) {
  const QuantizedFullyConnectedCase& q = GetParam();
  const FullyConnectedCase& c = q.shape;
  const bool uint8 = q.type == DataType::kUInt8;
  const int64_t elements = ElementCount(c.input_shape);
  const int batches = static_cast<int>(elements) / c.depth;

  std::mt19937 rng(20260203);
  std::uniform_int_distribution<int> byte(0, 255);
  const auto value = [&](uint8_t b) {
    return uint8 ? int32_t{b} : int32_t{static_cast<int8_t>(b)};
  };
  QuantizedFullyConnectedGraph graph;
  graph.input_type = graph.weights_type = graph.output_type = q.type;
  ShapeGraph(c, &graph);
  graph.version = uint8 ? 1 : 4;
  const float input_scale = 0.5f;
  const float weights_scale = q.ties ? 1.0f / 128 : 0.0173f;
  const int64_t weights_zero_point = value(byte(rng));
  graph.input_quantization = {{input_scale}, {value(byte(rng))}, 0};
  graph.weights_quantization = {{weights_scale}, {weights_zero_point}, 0};
  graph.bias_quantization = {{input_scale * weights_scale}, {0}, 0};
  std::uniform_int_distribution<int> near_zero_point(-1, 1);
  for (int i = 0; i < c.units * c.depth; ++i) {
    const int64_t v = q.ties ? weights_zero_point + near_zero_point(rng)
                             : value(static_cast<uint8_t>(byte(rng)));
    graph.weight_bytes.push_back(static_cast<uint8_t>(
        std::min<int64_t>(std::max<int64_t>(v, uint8 ? 0 : -128),
                          uint8 ? 255 : 127)));
  }
  // Sums of about 1e4 * sqrt(depth) scaled to tens of steps, or for ties a
  // multiplier of 1/8, whose right shift rounds a tie for a quarter of the
  // sums of a few hundred. A power of two puts the activation bounds on
  // whole steps.
  const float output_scale =
      q.ties ? input_scale * weights_scale * 8
             : static_cast<float>(std::exp2(std::round(std::log2(
                   input_scale * weights_scale * 1e4 * std::sqrt(c.depth) /
                   30))));
  graph.output_quantization = {
      {q.ties || c.activation != schema::ActivationFunctionType_NONE
           ? output_scale
           : output_scale * 1.37f},
      {value(byte(rng))},
      0};
  std::uniform_int_distribution<int32_t> bias(-5000, 5000);
  for (int u = 0; u < c.units; ++u) graph.bias_values.push_back(bias(rng));
  std::vector<uint8_t> input(elements);
  for (size_t i = 0; i < input.size(); ++i) {
    input[i] = static_cast<uint8_t>(i < 256 ? i : byte(rng));
  }

  std::vector<uint8_t> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(BuildQuantizedModel(graph), {input},
                                   graph.output_shape, &output));
  ASSERT_EQ(output.size(), static_cast<size_t>(batches) * c.units);

  const int64_t input_zero_point = graph.input_quantization.zero_points[0];
  const int64_t output_zero_point = graph.output_quantization.zero_points[0];
  const double out_scale = graph.output_quantization.scales[0];
  const QuantizedMultiplier m =
      QuantizeMultiplier(input_scale * weights_scale / out_scale);
  for (int b = 0; b < batches; ++b) {
    for (int u = 0; u < c.units; ++u) {
      int64_t sum = c.bias ? graph.bias_values[u] : 0;
      for (int i = 0; i < c.depth; ++i) {
        sum += (value(input[b * c.depth + i]) - input_zero_point) *
               (value(graph.weight_bytes[u * c.depth + i]) -
                weights_zero_point);
      }
      const int64_t requantized =
          RuyMultiplyByQuantizedMultiplier(static_cast<int32_t>(sum),
                                           m.multiplier, m.shift) +
          output_zero_point;
      // The activation's bounds, on whole steps, then the type's range.
      const double real = NaiveActivation(
          c.activation, (requantized - output_zero_point) * out_scale);
      const int64_t expected = std::min<int64_t>(
          std::max<int64_t>(output_zero_point + std::llround(real / out_scale),
                            uint8 ? 0 : -128),
          uint8 ? 255 : 127);
      ASSERT_EQ(value(output[b * c.units + u]), expected)
          << "at [" << b << "," << u << "]";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, QuantizedFullyConnectedTest,
    ::testing::ValuesIn(AllQuantizedFullyConnectedCases()));

TEST(QuantizedFullyConnectedPathTest, ConstantWeightsTakeTheFastPath) {
  ExpectNodePath(BuildQuantizedModel(QuantizedFullyConnectedGraph()),
                 QuantizedFastPath());
}

const ModelErrorCase<QuantizedFullyConnectedGraph>
    kQuantizedFullyConnectedErrorCases[] = {
        {"PerChannelInt8Weights",
         [](QuantizedFullyConnectedGraph& g) {
           g.input_type = g.weights_type = g.output_type = DataType::kInt8;
           g.input_quantization.zero_points = {0};
           g.output_quantization.zero_points = {0};
           g.weights_quantization = {{0.25f, 0.5f, 0.25f}, {0, 0, 0}, 0};
         },
         StatusCode::kUnsupported,
         "input 1 (tensor 1), the weights, has 3 per-axis scales; TFLite 2.9 "
         "takes them only for INT8 CONV_2D and DEPTHWISE_CONV_2D, not for "
         "INT8 FULLY_CONNECTED"},
        {"Int8BiasScaleMismatch",
         [](QuantizedFullyConnectedGraph& g) {
           g.input_type = g.weights_type = g.output_type = DataType::kInt8;
           g.input_quantization.zero_points = {0};
           g.weights_quantization.zero_points = {0};
           g.output_quantization.zero_points = {0};
           g.bias_quantization.scales = {0.2f};
         },
         StatusCode::kInvalidModel,
         "TFLite requires them to differ by at most 2% of the output scale "
         "0.5"},
        {"Int16Output",
         [](QuantizedFullyConnectedGraph& g) {
           g.output_type = DataType::kInt16;
         },
         StatusCode::kUnsupported,
         "output 0 (tensor 3) has type INT16; expected UINT8"},
        {"Int64Bias",
         [](QuantizedFullyConnectedGraph& g) {
           g.bias_type = DataType::kInt64;
         },
         StatusCode::kUnsupported,
         "input 2 (tensor 2) has type INT64; expected INT32"},
        {"TanhActivation",
         [](QuantizedFullyConnectedGraph& g) {
           g.activation = schema::ActivationFunctionType_TANH;
         },
         StatusCode::kUnsupported, "fused activation 4 is not supported"},
        {"KeepNumDimsLastDimMismatch",
         [](QuantizedFullyConnectedGraph& g) {
           g.input_shape = {1, 8};
           g.keep_num_dims = true;
         },
         StatusCode::kInvalidModel, "keep_num_dims is set"},
        {"UnquantizedWeights",
         [](QuantizedFullyConnectedGraph& g) {
           g.weights_quantization = {};
         },
         StatusCode::kInvalidModel,
         "input 1 (tensor 1), the weights, has type UINT8 but no "
         "quantization parameters"},
};

LITEN_MODEL_ERROR_TESTS(QuantizedFullyConnected, BuildQuantizedModel,
                        kQuantizedFullyConnectedErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
