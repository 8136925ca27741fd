// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// GATHER_ND through the loader and interpreter, against a naive gather that
// indexes params coordinate by coordinate, and the clean failure of an index
// outside its axis, which Eval reports instead of reading out of bounds.
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

// A one-node GATHER_ND model: tensor 0 the params, 1 the indices (graph
// inputs, or constants holding `constant_params` and `constant_indices`),
// 2 the output.
struct GatherGraph {
  DataType type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  DataType index_type = DataType::kInt32;
  std::vector<int32_t> params_shape = {4, 3};
  std::vector<int32_t> indices_shape = {2, 2};
  std::vector<float> constant_params;     // Empty: a graph input.
  std::vector<int32_t> constant_indices;  // Empty: a graph input.
  int version = 1;
};

std::vector<uint8_t> BuildModel(const GatherGraph& graph) {
  ModelBuilder builder;
  std::vector<int> graph_inputs;
  int params = 0;
  if (graph.constant_params.empty()) {
    params = builder.AddTensor(graph.type, graph.params_shape);
    graph_inputs.push_back(params);
  } else {
    params = builder.AddConstant(graph.type, graph.params_shape,
                                 graph.constant_params);
  }
  int indices = 0;
  if (graph.constant_indices.empty()) {
    indices = builder.AddTensor(graph.index_type, graph.indices_shape);
    graph_inputs.push_back(indices);
  } else {
    indices = builder.AddConstant(graph.index_type, graph.indices_shape,
                                  graph.constant_indices);
  }
  const int output = builder.AddTensor(graph.output_type, {});
  return FinishSingleOpModel(builder, schema::BuiltinOperator_GATHER_ND,
                             {params, indices}, {output}, graph_inputs,
                             schema::BuiltinOptions_NONE, 0, graph.version);
}

// params[index[0], ..., index[nd - 1], ...] for each index, and the shape
// indices.shape[:-1] + params.shape[nd:].
template <typename T, typename Index>
std::vector<T> NaiveGatherNd(const std::vector<T>& params,
                             const std::vector<int32_t>& params_shape,
                             const std::vector<Index>& indices,
                             const std::vector<int32_t>& indices_shape,
                             std::vector<int32_t>* output_shape) {
  const size_t nd = indices_shape.back();
  output_shape->assign(indices_shape.begin(), indices_shape.end() - 1);
  output_shape->insert(output_shape->end(), params_shape.begin() + nd,
                       params_shape.end());
  const int64_t slice = ElementCount(
      std::vector<int32_t>(params_shape.begin() + nd, params_shape.end()));
  const int64_t slices = ElementCount(
      std::vector<int32_t>(indices_shape.begin(), indices_shape.end() - 1));
  std::vector<T> output;
  for (int64_t i = 0; i < slices; ++i) {
    int64_t offset = 0;
    for (size_t d = 0; d < params_shape.size(); ++d) {
      offset = offset * params_shape[d] + (d < nd ? indices[i * nd + d] : 0);
    }
    for (int64_t k = 0; k < slice; ++k) output.push_back(params[offset + k]);
  }
  return output;
}

struct GatherCase {
  std::string name;
  std::vector<int32_t> params_shape;
  std::vector<int32_t> indices_shape;
  std::vector<int32_t> indices;
};

class GatherNdTest : public ::testing::TestWithParam<GatherCase> {
 protected:
  template <typename T, typename Index>
  void Check(DataType type, DataType index_type) {
    const GatherCase& c = GetParam();
    std::vector<T> params(ElementCount(c.params_shape));
    for (size_t i = 0; i < params.size(); ++i) {
      params[i] = static_cast<T>(3 * i + 1);
    }
    const std::vector<Index> indices(c.indices.begin(), c.indices.end());
    std::vector<int32_t> shape;
    const std::vector<T> expected =
        NaiveGatherNd(params, c.params_shape, indices, c.indices_shape, &shape);
    GatherGraph graph;
    graph.type = graph.output_type = type;
    graph.index_type = index_type;
    graph.params_shape = c.params_shape;
    graph.indices_shape = c.indices_shape;
    TestInterpreter interpreter;
    const Status built = interpreter.Build(BuildModel(graph));
    ASSERT_TRUE(built.ok()) << built.message();
    ASSERT_TRUE(interpreter.SetInput(0, params).ok());
    ASSERT_TRUE(interpreter.SetInput(1, indices).ok());
    const Status invoked = interpreter.Invoke();
    ASSERT_TRUE(invoked.ok()) << invoked.message();
    EXPECT_EQ(interpreter.OutputShape(0), shape);
    EXPECT_EQ(interpreter.Output<T>(0), expected);
  }
};

TEST_P(GatherNdTest, Float32Int32Indices) {
  Check<float, int32_t>(DataType::kFloat32, DataType::kInt32);
}
TEST_P(GatherNdTest, Int8Int64Indices) {
  Check<int8_t, int64_t>(DataType::kInt8, DataType::kInt64);
}
TEST_P(GatherNdTest, Int16Int32Indices) {
  Check<int16_t, int32_t>(DataType::kInt16, DataType::kInt32);
}
TEST_P(GatherNdTest, Int64Int64Indices) {
  Check<int64_t, int64_t>(DataType::kInt64, DataType::kInt64);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, GatherNdTest,
    ::testing::Values(
        GatherCase{"Elements", {4, 3}, {3, 2}, {3, 2, 0, 0, 1, 2}},
        GatherCase{"Rows", {4, 3}, {2, 1}, {3, 0}},
        GatherCase{"WholeParams", {4, 3}, {2, 0}, {}},
        GatherCase{
            "BatchedIndices", {2, 3, 4}, {2, 2, 2}, {1, 2, 0, 0, 1, 0, 0, 2}},
        GatherCase{"Pixels",
                   {1, 6, 6, 5},
                   {4, 3},
                   {0, 1, 2, 0, 5, 5, 0, 0, 0, 0, 3, 1}},
        GatherCase{"VectorIndex", {5}, {1}, {4}},
        GatherCase{"NoIndices", {4, 3}, {0, 2}, {}}),
    CaseName());

// An index outside its axis fails at Invoke with the index and the axis.
TEST(GatherNdIndexTest, OutOfRangeIndexFailsCleanly) {
  struct Case {
    std::vector<int32_t> indices;
    std::string message;
  };
  const Case cases[] = {
      {{0, 3}, "index 3 of entry 0 is out of range for axis 1"},
      {{4, 0}, "index 4 of entry 0 is out of range for axis 0"},
      {{-1, 0}, "index -1 of entry 0 is out of range for axis 0"},
      {{0, -3}, "index -3 of entry 0 is out of range for axis 1"},
  };
  for (const Case& c : cases) {
    GatherGraph graph;
    graph.indices_shape = {1, 2};
    TestInterpreter interpreter;
    ASSERT_TRUE(interpreter.Build(BuildModel(graph)).ok());
    ASSERT_TRUE(interpreter.SetInput(0, std::vector<float>(12, 1.0f)).ok());
    ASSERT_TRUE(interpreter.SetInput(1, c.indices).ok());
    const Status status = interpreter.Invoke();
    EXPECT_FALSE(status.ok());
    EXPECT_THAT(status.message(),
                ::testing::HasSubstr(
                    "node 0 (GATHER_ND): input 1 (tensor 1): " + c.message));
  }
}

// A node of constants is gathered at Prepare, so a bad index fails the
// build.
TEST(GatherNdIndexTest, OutOfRangeConstantIndexFailsPrepare) {
  GatherGraph graph;
  graph.indices_shape = {1, 2};
  graph.constant_params.assign(12, 1.0f);
  graph.constant_indices = {2, 7};
  ExpectBuildFails(BuildModel(graph),
                   "index 7 of entry 0 is out of range for axis 1");
}

const ModelErrorCase<GatherGraph> kGatherErrorCases[] = {
    {"TooManyCoordinates",
     [](GatherGraph& g) {
       g.indices_shape = {2, 3};
     },
     StatusCode::kInvalidModel,
     "node 0 (GATHER_ND): input 1 (tensor 1) has indices of 3 coordinates, "
     "more than input 0 (tensor 0) has axes (2)"},
    {"ScalarParams",
     [](GatherGraph& g) {
       g.params_shape = {};
       g.indices_shape = {1, 0};
     },
     StatusCode::kInvalidModel, "both must have rank 1 or more"},
    {"ScalarIndices", [](GatherGraph& g) { g.indices_shape = {}; },
     StatusCode::kInvalidModel, "both must have rank 1 or more"},
    {"FloatIndices", [](GatherGraph& g) { g.index_type = DataType::kFloat32; },
     StatusCode::kUnsupported,
     "input 1 (tensor 1) has type FLOAT32; expected INT32 or INT64"},
    {"OutputType", [](GatherGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "output 0 (tensor 2) has type INT32; expected FLOAT32"},
    {"OutputRankNine",
     [](GatherGraph& g) {
       g.params_shape = {2, 1, 1, 1, 1, 1, 1, 1};
       g.indices_shape = {1, 1, 1, 1, 1, 1, 1, 1};
     },
     StatusCode::kUnsupported, "the output would have rank 14; at most 8"},
    {"Version4", [](GatherGraph& g) { g.version = 4; },
     StatusCode::kUnsupported, "version 4"},
};

LITEN_MODEL_ERROR_TESTS(GatherNd, BuildModel, kGatherErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
