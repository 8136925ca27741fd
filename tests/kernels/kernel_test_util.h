// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// What the kernel tests share: one-node models, constants for models that
// fail before their data is read, running a model and comparing its output,
// the kernel path a node takes, TFLite's clamp activations written from their
// definitions, seeded random data, and table-driven tests of invalid models.
#ifndef LITEN_TESTS_KERNELS_KERNEL_TEST_UTIL_H_
#define LITEN_TESTS_KERNELS_KERNEL_TEST_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kernels/x86/cpu.h"
#include "liten/interpreter.h"
#include "liten/model.h"
#include "schema/schema_generated.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {

// The number of elements of a tensor of `shape`: 1 for a scalar.
inline int64_t ElementCount(const std::vector<int32_t>& shape) {
  int64_t elements = 1;
  for (int32_t d : shape) elements *= d;
  return elements;
}

// Adds an `op` node reading tensors `inputs` (-1 for an omitted one) and
// writing `outputs`, makes `graph_inputs` the graph's inputs and `outputs`
// its outputs, and serializes the model. Options, if any, are built in
// builder.fbb() first.
inline std::vector<uint8_t> FinishSingleOpModel(
    ModelBuilder& builder, schema::BuiltinOperator op,
    const std::vector<int>& inputs, const std::vector<int>& outputs,
    const std::vector<int>& graph_inputs,
    schema::BuiltinOptions options_type = schema::BuiltinOptions_NONE,
    flatbuffers::Offset<void> options = 0, int version = 1) {
  builder.AddOperator(op, inputs, outputs, options_type, options, version);
  builder.SetInputs(graph_inputs);
  builder.SetOutputs(outputs);
  return builder.Finish();
}

// A constant holding `values`, or, when `values` is empty, zero bytes of the
// size `shape` and `type` need (for models rejected before Eval).
inline int AddConstantOrZeros(ModelBuilder& builder, DataType type,
                              const std::vector<int32_t>& shape,
                              const std::vector<float>& values) {
  if (!values.empty()) return builder.AddConstant(type, shape, values);
  return builder.AddConstantBytes(
      type, shape,
      std::vector<uint8_t>(ElementCount(shape) * DataTypeSize(type)));
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

// A WeightedOpGraph with the options CONV_2D and DEPTHWISE_CONV_2D share:
// SAME padding, stride and dilation 1 and no activation unless changed.
struct Conv2DGraph : WeightedOpGraph {
  bool has_options = true;  // False: the node has no options table.
  schema::Padding padding = schema::Padding_SAME;
  int stride_h = 1;
  int stride_w = 1;
  int dilation_h = 1;
  int dilation_w = 1;
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_NONE;
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
  return FinishSingleOpModel(builder, op,
                             graph.node_inputs.empty()
                                 ? std::vector<int>{input, weights, bias}
                                 : graph.node_inputs,
                             {output}, {input}, options_type, options,
                             graph.version);
}

// Builds `model`, sets graph input i to `inputs[i]`, runs it, checks that
// output 0 has `expected_shape` and returns output 0 in `output`. Failures to
// build or run are fatal: call it under ASSERT_NO_FATAL_FAILURE.
template <typename Out, typename In = Out>
void RunModel(std::vector<uint8_t> model,
              const std::vector<std::vector<In>>& inputs,
              const std::vector<int32_t>& expected_shape,
              std::vector<Out>* output) {
  TestInterpreter interpreter;
  const Status built = interpreter.Build(std::move(model));
  ASSERT_TRUE(built.ok()) << built.message();
  for (size_t i = 0; i < inputs.size(); ++i) {
    ASSERT_TRUE(interpreter.SetInput(i, inputs[i]).ok()) << "input " << i;
  }
  const Status invoked = interpreter.Invoke();
  ASSERT_TRUE(invoked.ok()) << invoked.message();
  EXPECT_EQ(interpreter.OutputShape(0), expected_shape);
  *output = interpreter.Output<Out>(0);
}

// Expects `actual` to equal `expected` within 1e-5, relative to magnitudes
// above 1, element by element.
inline void ExpectAllNear(const std::vector<float>& actual,
                          const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i],
                1e-5f * std::max(1.0f, std::fabs(expected[i])))
        << "at " << i;
  }
}

// Expects loading `model` to fail with a message that contains `message`.
inline void ExpectBuildFails(std::vector<uint8_t> model,
                             const std::string& message) {
  TestInterpreter interpreter;
  const Status status = interpreter.Build(std::move(model));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), ::testing::HasSubstr(message));
}

// Expects loading `model` to fail with `code` and a message that contains
// `message`.
inline void ExpectBuildFails(std::vector<uint8_t> model, StatusCode code,
                             const std::string& message) {
  TestInterpreter interpreter;
  const Status status = interpreter.Build(std::move(model));
  EXPECT_EQ(status.code(), code) << status.message();
  EXPECT_THAT(status.message(), ::testing::HasSubstr(message));
}

// Custom options damaged every way one change can: each truncation of
// `good` and each single-bit flip. `build` makes a model of a node with the
// given options; every one must load or fail at Prepare with an invalid
// model error naming `node`, never reading outside the buffer (the
// sanitizer build checks). A flip may make a size option huge: memory is
// capped so that such models fail fast. Returns how many loaded, so that
// the caller can expect some flips (in unused keys and values) to leave a
// valid model.
template <typename Build>
int CountLoadsOfDamagedOptions(const std::vector<uint8_t>& good,
                               const std::string& node, const Build& build) {
  std::vector<std::vector<uint8_t>> damaged;
  for (size_t size = 1; size < good.size(); ++size) {
    damaged.emplace_back(good.begin(), good.begin() + size);
  }
  for (size_t i = 0; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      damaged.push_back(good);
      damaged.back()[i] ^= static_cast<uint8_t>(1 << bit);
    }
  }
  InterpreterOptions limits;
  limits.max_memory_bytes = 1 << 20;
  int loaded = 0;
  for (const std::vector<uint8_t>& options : damaged) {
    const std::vector<uint8_t> bytes = build(options);
    std::shared_ptr<const Model> model;
    EXPECT_TRUE(Model::FromBuffer(bytes.data(), bytes.size(), &model).ok());
    if (model == nullptr) continue;
    std::unique_ptr<Interpreter> interpreter;
    EXPECT_TRUE(Interpreter::Create(model, limits, &interpreter).ok());
    if (interpreter == nullptr) continue;
    const Status status = interpreter->AllocateTensors();
    if (status.ok()) {
      ++loaded;
    } else if (status.code() != StatusCode::kFailedPrecondition) {
      EXPECT_EQ(status.code(), StatusCode::kInvalidModel) << status.message();
      EXPECT_THAT(status.message(), ::testing::HasSubstr(node));
    }
  }
  EXPECT_LT(loaded, static_cast<int>(damaged.size()));
  return loaded;
}

// The flexbuffer map {"ab": 1} written by hand without the key's
// terminator: every byte after the key is non-zero, so the key runs off the
// end, and flatbuffers 2.0.8's verifier accepts it.
inline std::vector<uint8_t> UnterminatedKeyOptions() {
  return {'a', 'b',     // The key, unterminated.
          1,   3,       // Keys vector: size 1, offset to "ab".
          1,   1,   1,  // Map: keys offset, keys width, size 1.
          1,   0x04,    // Value 1, type INT of width 1.
          2,   0x24, 1};  // Root: offset, type MAP, width 1.
}

// The fast path of a node that liten's AVX2 kernels take (CONV_2D,
// DEPTHWISE_CONV_2D with constant weights; ADD and MUL of one shape; PRELU
// per channel) on this CPU: "avx2" where it prefers them, else "xnnpack".
// The kernel tests also run with LITEN_TEST_KERNELS=xnnpack, which keeps
// nodes off liten's AVX2 kernels (InterpreterOptions::prefer_xnnpack).
inline const char* Avx2OrXnnpackPath() {
  const char* kernels = std::getenv("LITEN_TEST_KERNELS");
  const bool xnnpack = kernels != nullptr && std::string(kernels) == "xnnpack";
  return PreferAvx2Kernels() && !xnnpack ? "avx2" : "xnnpack";
}

// The fast path of quantized nodes, which XNNPACK does not serve: liten's
// AVX2 kernels wherever the CPU has AVX2.
inline const char* QuantizedFastPath() {
  return CpuHasAvx2Fma3() ? "avx2" : "reference";
}

// Expects node 0 of `model` to run on `path` ("xnnpack", or "reference" for
// a configuration the fast path declines), and on "reference" when
// LITEN_TEST_KERNELS=reference forces every kernel there.

inline void ExpectNodePath(std::vector<uint8_t> model,
                           const std::string& path) {
  const char* kernels = std::getenv("LITEN_TEST_KERNELS");
  const bool reference =
      kernels != nullptr && std::string(kernels) == "reference";
  TestInterpreter interpreter;
  const Status built = interpreter.Build(std::move(model));
  ASSERT_TRUE(built.ok()) << built.message();
  EXPECT_EQ(interpreter.interpreter().node_kernel_path(0),
            reference ? "reference" : path);
}

// Names each instance of a parameterized test after its parameter's `name`.
struct CaseName {
  template <typename Case>
  std::string operator()(const ::testing::TestParamInfo<Case>& info) const {
    return info.param.name;
  }
};

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

// One spatial axis of a convolution or pooling window as TensorFlow defines
// SAME and VALID: SAME gives ceil(in / stride) outputs and splits the padding
// that needs, the odd pixel after; VALID gives
// ceil((in - extent + 1) / stride) and pads nothing.
struct NaiveAxis {
  int size;
  int padding_before;
};

inline NaiveAxis NaiveWindowAxis(schema::Padding padding, int in, int filter,
                                 int stride, int dilation = 1) {
  const int extent = (filter - 1) * dilation + 1;
  if (padding == schema::Padding_VALID) {
    return {(in - extent + 1 + stride - 1) / stride, 0};
  }
  const int size = (in + stride - 1) / stride;
  const int needed = std::max((size - 1) * stride + extent - in, 0);
  return {size, needed / 2};
}

// `size` values drawn uniformly from [low, high].
inline std::vector<float> RandomVector(std::mt19937& rng, size_t size,
                                       float low, float high) {
  std::uniform_real_distribution<float> uniform(low, high);
  std::vector<float> values(size);
  for (float& v : values) v = uniform(rng);
  return values;
}

// `size` values drawn uniformly from [-scale, scale].
inline std::vector<float> RandomVector(std::mt19937& rng, size_t size,
                                       float scale) {
  return RandomVector(rng, size, -scale, scale);
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
  ExpectBuildFails(build(graph), error.code, error.message);
}

// Defines the table-driven tests of one op's invalid models:
// <Suite>ErrorTest.RejectsModel/<row> for each row of `cases`, an array of
// ModelErrorCase<Graph>, and <Suite>ErrorBaseTest.DefaultGraphIsValid, which
// checks that the Graph the rows break loads. `build` serializes a Graph.
#define LITEN_MODEL_ERROR_TESTS(Suite, build, cases)                         \
  class Suite##ErrorTest                                                     \
      : public ::testing::TestWithParam<                                     \
            std::remove_cv_t<std::remove_reference_t<decltype(cases[0])>>> { \
  };                                                                         \
  TEST_P(Suite##ErrorTest, RejectsModel) {                                   \
    ::liten::testing::ExpectModelError(GetParam(), build);                   \
  }                                                                          \
  TEST(Suite##ErrorBaseTest, DefaultGraphIsValid) {                          \
    ::liten::testing::ExpectDefaultGraphLoads(build);                        \
  }                                                                          \
  INSTANTIATE_TEST_SUITE_P(Cases, Suite##ErrorTest,                          \
                           ::testing::ValuesIn(cases),                       \
                           ::liten::testing::CaseName())

}  // namespace testing
}  // namespace liten

#endif  // LITEN_TESTS_KERNELS_KERNEL_TEST_UTIL_H_
