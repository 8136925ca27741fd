// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// What the kernel tests share: constants for models that fail before their
// data is read, TFLite's clamp activations written from their definitions,
// seeded random data, and table-driven tests of invalid models.
#ifndef LITEN_TESTS_KERNELS_KERNEL_TEST_UTIL_H_
#define LITEN_TESTS_KERNELS_KERNEL_TEST_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "schema/schema_generated.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {

// A constant holding `values`, or, when `values` is empty, zero bytes of the
// size `shape` and `type` need (for models rejected before Eval).
inline int AddConstantOrZeros(ModelBuilder& builder, DataType type,
                              const std::vector<int32_t>& shape,
                              const std::vector<float>& values) {
  if (!values.empty()) return builder.AddConstant(type, shape, values);
  size_t elements = 1;
  for (int32_t d : shape) elements *= d;
  return builder.AddConstantBytes(
      type, shape, std::vector<uint8_t>(elements * DataTypeSize(type)));
}

// A one-node model of an op that reads an input, constant weights and an
// optional constant bias (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED):
// tensor 0 is the graph input, 1 the weights, 2 the bias, the last one the
// output. Tests derive from it to add the op's options.
struct WeightedOpGraph {
  std::vector<int32_t> input_shape;
  std::vector<int32_t> weights_shape;
  std::vector<int32_t> bias_shape;  // Empty: no bias tensor, input -1.
  std::vector<int32_t> output_shape;
  DataType input_type = DataType::kFloat32;
  DataType weights_type = DataType::kFloat32;
  DataType bias_type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  int version = 1;
  std::vector<int> node_inputs;  // Replaces {0, 1, 2 or -1} when set.
  // Constant values; zero bytes of the right size when empty.
  std::vector<float> weights;
  std::vector<float> bias;
};

// Adds `graph` as an `op` node whose options the caller built in
// builder.fbb(), and serializes the model.
inline std::vector<uint8_t> FinishWeightedOpModel(
    ModelBuilder& builder, const WeightedOpGraph& graph,
    schema::BuiltinOperator op, schema::BuiltinOptions options_type,
    flatbuffers::Offset<void> options) {
  const int input = builder.AddTensor(graph.input_type, graph.input_shape);
  const int weights = AddConstantOrZeros(builder, graph.weights_type,
                                         graph.weights_shape, graph.weights);
  const int bias = graph.bias_shape.empty()
                       ? -1
                       : AddConstantOrZeros(builder, graph.bias_type,
                                            graph.bias_shape, graph.bias);
  const int output = builder.AddTensor(graph.output_type, graph.output_shape);
  builder.AddOperator(op,
                      graph.node_inputs.empty()
                          ? std::vector<int>{input, weights, bias}
                          : graph.node_inputs,
                      {output}, options_type, options, graph.version);
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

// RELU, RELU_N1_TO_1 and RELU6 as clamps; the identity for anything else.
inline double NaiveActivation(schema::ActivationFunctionType activation,
                              double x) {
  switch (activation) {
    case schema::ActivationFunctionType_RELU:
      return std::max(x, 0.0);
    case schema::ActivationFunctionType_RELU_N1_TO_1:
      return std::min(std::max(x, -1.0), 1.0);
    case schema::ActivationFunctionType_RELU6:
      return std::min(std::max(x, 0.0), 6.0);
    default:
      return x;
  }
}

// `size` values drawn uniformly from [-scale, scale].
inline std::vector<float> RandomVector(std::mt19937& rng, size_t size,
                                       float scale) {
  std::uniform_real_distribution<float> uniform(-scale, scale);
  std::vector<float> values(size);
  for (float& v : values) v = uniform(rng);
  return values;
}

// One row of a table of invalid models: `change` breaks a default-constructed
// (valid) Graph, and loading it must fail with `code` and a message that
// contains `message`.
template <typename Graph>
struct ModelErrorCase {
  const char* name;
  void (*change)(Graph& graph);
  StatusCode code;
  const char* message;
};

template <typename Graph>
void PrintTo(const ModelErrorCase<Graph>& error, std::ostream* os) {
  *os << error.name;
}

// Names the instances of a parameterized error test after their rows.
struct ModelErrorCaseName {
  template <typename Graph>
  std::string operator()(
      const ::testing::TestParamInfo<ModelErrorCase<Graph>>& info) const {
    return info.param.name;
  }
};

// The default Graph, which the rows break, must itself load.
template <typename Graph>
void ExpectDefaultGraphLoads(std::vector<uint8_t> (*build)(const Graph&)) {
  TestInterpreter interpreter;
  const Status status = interpreter.Build(build(Graph()));
  EXPECT_TRUE(status.ok()) << status.message();
}

template <typename Graph>
void ExpectModelError(const ModelErrorCase<Graph>& error,
                      std::vector<uint8_t> (*build)(const Graph&)) {
  Graph graph;
  error.change(graph);
  TestInterpreter interpreter;
  const Status status = interpreter.Build(build(graph));
  EXPECT_EQ(status.code(), error.code) << status.message();
  EXPECT_THAT(status.message(), ::testing::HasSubstr(error.message));
}

}  // namespace testing
}  // namespace liten

#endif  // LITEN_TESTS_KERNELS_KERNEL_TEST_UTIL_H_
