// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// SPLIT through the loader and interpreter, against a naive split that
// sends each input element to the part its coordinate along the axis falls
// in, for element types of every size.
#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

// A one-node SPLIT model: tensor 0 is the axis (a constant unless said
// otherwise), 1 the graph input, then the outputs.
struct SplitGraph {
  std::vector<int32_t> input_shape = {2, 6};
  DataType type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  std::vector<int32_t> axis = {1};
  std::vector<int32_t> axis_shape = {};
  DataType axis_type = DataType::kInt32;
  bool constant_axis = true;
  bool has_options = true;
  int num_splits = 3;
  int outputs = 3;  // Output tensors of the node.
  int version = 1;
};

std::vector<uint8_t> BuildModel(const SplitGraph& graph) {
  ModelBuilder builder;
  std::vector<int> graph_inputs;
  int axis = 0;
  if (graph.constant_axis) {
    axis = builder.AddConstant(graph.axis_type, graph.axis_shape, graph.axis);
  } else {
    axis = builder.AddTensor(graph.axis_type, graph.axis_shape);
    graph_inputs.push_back(axis);
  }
  const int input = builder.AddTensor(graph.type, graph.input_shape);
  graph_inputs.push_back(input);
  std::vector<int> outputs;
  for (int i = 0; i < graph.outputs; ++i) {
    outputs.push_back(builder.AddTensor(graph.output_type, {}));
  }
  flatbuffers::Offset<void> options = 0;
  if (graph.has_options) {
    options =
        schema::CreateSplitOptions(builder.fbb(), graph.num_splits).Union();
  }
  return FinishSingleOpModel(builder, schema::BuiltinOperator_SPLIT,
                             {axis, input}, outputs, graph_inputs,
                             schema::BuiltinOptions_SplitOptions, options,
                             graph.version);
}

// Part k of `input` along `axis` of `shape`, and its shape.
template <typename T>
std::vector<T> NaivePart(const std::vector<T>& input,
                         const std::vector<int32_t>& shape, int axis, int parts,
                         int k, std::vector<int32_t>* part_shape) {
  *part_shape = shape;
  const int32_t size = shape[axis] / parts;
  (*part_shape)[axis] = size;
  std::vector<T> part;
  std::vector<int32_t> index(shape.size(), 0);
  for (size_t flat = 0; flat < input.size(); ++flat) {
    if (index[axis] / size == k) part.push_back(input[flat]);
    for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return part;
}

struct SplitCase {
  std::string name;
  std::vector<int32_t> shape;
  int32_t axis;
  int splits;
};

class SplitTest : public ::testing::TestWithParam<SplitCase> {
 protected:
  template <typename T>
  void Check(DataType type) {
    const SplitCase& c = GetParam();
    SplitGraph graph;
    graph.input_shape = c.shape;
    graph.type = graph.output_type = type;
    graph.axis = {c.axis};
    graph.num_splits = graph.outputs = c.splits;
    std::vector<T> input(ElementCount(c.shape));
    for (size_t i = 0; i < input.size(); ++i) {
      input[i] = static_cast<T>(i * 7 + 1);
    }
    TestInterpreter interpreter;
    const Status built = interpreter.Build(BuildModel(graph));
    ASSERT_TRUE(built.ok()) << built.message();
    ASSERT_TRUE(interpreter.SetInput(0, input).ok());
    ASSERT_TRUE(interpreter.Invoke().ok());
    const int axis =
        c.axis < 0 ? c.axis + static_cast<int>(c.shape.size()) : c.axis;
    for (int k = 0; k < c.splits; ++k) {
      std::vector<int32_t> part_shape;
      const std::vector<T> expected =
          NaivePart(input, c.shape, axis, c.splits, k, &part_shape);
      EXPECT_EQ(interpreter.OutputShape(k), part_shape) << "part " << k;
      EXPECT_EQ(interpreter.Output<T>(k), expected) << "part " << k;
    }
  }
};

TEST_P(SplitTest, Float32MatchesNaiveSplit) {
  Check<float>(DataType::kFloat32);
}
TEST_P(SplitTest, Int8MatchesNaiveSplit) { Check<int8_t>(DataType::kInt8); }
TEST_P(SplitTest, Int16MatchesNaiveSplit) { Check<int16_t>(DataType::kInt16); }
TEST_P(SplitTest, Int64MatchesNaiveSplit) { Check<int64_t>(DataType::kInt64); }

INSTANTIATE_TEST_SUITE_P(
    Cases, SplitTest,
    ::testing::Values(SplitCase{"Vector", {12}, 0, 4},
                      SplitCase{"OnePart", {3, 5}, 1, 1},
                      SplitCase{"FirstAxis", {6, 13}, 0, 3},
                      SplitCase{"LastAxis", {2, 3, 8}, 2, 4},
                      SplitCase{"NegativeAxis", {2, 3, 8}, -2, 3},
                      SplitCase{"Channels", {1, 8, 8, 6}, 3, 6},
                      SplitCase{"EmptyOuter", {0, 4}, 1, 2},
                      SplitCase{"Rank8", {1, 2, 1, 2, 1, 2, 1, 4}, 7, 2}),
    CaseName());

const ModelErrorCase<SplitGraph> kSplitErrorCases[] = {
    {"AxisOutOfRange", [](SplitGraph& g) { g.axis = {2}; },
     StatusCode::kInvalidModel,
     "node 0 (SPLIT): axis 2 is out of range for rank 2"},
    {"NegativeAxisOutOfRange", [](SplitGraph& g) { g.axis = {-3}; },
     StatusCode::kInvalidModel, "axis -3 is out of range for rank 2"},
    {"UnevenSplit", [](SplitGraph& g) { g.num_splits = g.outputs = 4; },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1) has 6 elements along axis 1, which do not split "
     "into 4 equal parts"},
    {"ZeroSplits", [](SplitGraph& g) { g.num_splits = 0; },
     StatusCode::kInvalidModel, "num_splits is 0; expected >= 1"},
    {"NoOptions", [](SplitGraph& g) { g.has_options = false; },
     StatusCode::kInvalidModel, "num_splits is 0"},
    {"OutputCount", [](SplitGraph& g) { g.outputs = 2; },
     StatusCode::kInvalidModel, "has 2 outputs; expected 3"},
    {"NonConstantAxis", [](SplitGraph& g) { g.constant_axis = false; },
     StatusCode::kUnsupported, "input 0 (tensor 0) must be a constant tensor"},
    {"TwoAxes",
     [](SplitGraph& g) {
       g.axis = {1, 0};
       g.axis_shape = {2};
     },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has shape [2]; the axis must be one value"},
    {"Int16Axis",
     [](SplitGraph& g) {
       g.axis_type = DataType::kInt16;  // The 4 bytes hold two elements.
       g.axis_shape = {2};
     },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT16; expected INT32"},
    {"ScalarInput",
     [](SplitGraph& g) {
       g.input_shape = {};
       g.axis = {0};
     },
     StatusCode::kInvalidModel, "axis 0 is out of range for rank 0"},
    {"OutputType", [](SplitGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "output 0 (tensor 2) has type INT32; expected FLOAT32"},
    {"Version5", [](SplitGraph& g) { g.version = 5; }, StatusCode::kUnsupported,
     "version 5"},
};

LITEN_MODEL_ERROR_TESTS(Split, BuildModel, kSplitErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
