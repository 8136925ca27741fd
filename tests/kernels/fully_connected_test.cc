// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// FULLY_CONNECTED, run through the loader and interpreter, against a naive
// matrix product written from the definition.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "schema/schema_generated.h"
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

std::vector<uint8_t> BuildModel(const FullyConnectedGraph& graph) {
  ModelBuilder builder;
  if (!graph.has_options) {
    return FinishWeightedOpModel(builder, graph,
                                 schema::BuiltinOperator_FULLY_CONNECTED,
                                 schema::BuiltinOptions_NONE, 0);
  }
  const flatbuffers::Offset<void> options =
      schema::CreateFullyConnectedOptions(
          builder.fbb(), graph.activation, graph.weights_format,
          graph.keep_num_dims)
          .Union();
  return FinishWeightedOpModel(
      builder, graph, schema::BuiltinOperator_FULLY_CONNECTED,
      schema::BuiltinOptions_FullyConnectedOptions, options);
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

class FullyConnectedTest
    : public ::testing::TestWithParam<FullyConnectedCase> {};

TEST_P(FullyConnectedTest, MatchesNaiveProduct) {
  const FullyConnectedCase& c = GetParam();
  const size_t elements = ElementCount(c.input_shape);
  const int batches = static_cast<int>(elements) / c.depth;

  std::mt19937 rng(20260103);
  FullyConnectedGraph graph;
  graph.input_shape = c.input_shape;
  graph.weights_shape = {c.units, c.depth};
  graph.bias_shape =
      c.bias ? std::vector<int32_t>{c.units} : std::vector<int32_t>{};
  if (c.keep_num_dims) {
    graph.output_shape = c.input_shape;
    graph.output_shape.back() = c.units;
  } else {
    graph.output_shape = {batches, c.units};
  }
  graph.activation = c.activation;
  graph.keep_num_dims = c.keep_num_dims;
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

}  // namespace
}  // namespace testing
}  // namespace liten
