// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DEPTH_TO_SPACE, run through the loader and interpreter, against a naive
// version that scatters each input element to where TensorFlow's definition
// (DCR order) sends it.
#include <cstdint>
#include <random>
#include <tuple>
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

using ::testing::ElementsAreArray;

// A one-node DEPTH_TO_SPACE model: tensor 0 is the graph input, 1 the
// output.
struct DepthToSpaceGraph {
  std::vector<int32_t> input_shape = {1, 2, 3, 8};
  std::vector<int32_t> output_shape = {1, 4, 6, 2};
  DataType input_type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  bool has_options = true;
  int block_size = 2;
  int version = 1;
};

std::vector<uint8_t> BuildModel(const DepthToSpaceGraph& graph) {
  ModelBuilder builder;
  const int input = builder.AddTensor(graph.input_type, graph.input_shape);
  const int output = builder.AddTensor(graph.output_type, graph.output_shape);
  flatbuffers::Offset<void> options = 0;
  if (graph.has_options) {
    options = schema::CreateDepthToSpaceOptions(builder.fbb(), graph.block_size)
                  .Union();
  }
  return FinishSingleOpModel(builder, schema::BuiltinOperator_DEPTH_TO_SPACE,
                             {input}, {output}, {input},
                             schema::BuiltinOptions_DepthToSpaceOptions,
                             options, graph.version);
}

// Input channel k of pixel (y, x) holds output channel k % channels of the
// pixel at offset (k / channels / block, k / channels % block) in the
// block x block tile that (y, x) becomes.
template <typename T>
std::vector<T> NaiveDepthToSpace(const std::vector<T>& input, int batches,
                                 int height, int width, int depth, int block) {
  const int channels = depth / (block * block);
  const int out_height = height * block;
  const int out_width = width * block;
  std::vector<T> output(input.size());
  for (int b = 0; b < batches; ++b) {
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        for (int k = 0; k < depth; ++k) {
          const int dy = k / channels / block;
          const int dx = k / channels % block;
          const int c = k % channels;
          const int out_y = y * block + dy;
          const int out_x = x * block + dx;
          output[((b * out_height + out_y) * out_width + out_x) * channels +
                 c] = input[((b * height + y) * width + x) * depth + k];
        }
      }
    }
  }
  return output;
}

// batches, height, width, output channels, block size.
using DepthToSpaceParam = std::tuple<int, int, int, int, int>;

class DepthToSpaceTest : public ::testing::TestWithParam<DepthToSpaceParam> {
 protected:
  // The case on `type`, whose elements T holds; the reference path moves
  // them as bytes.
  template <typename T>
  void CheckType(DataType type) {
    SCOPED_TRACE(DataTypeName(type));
    const auto [batches, height, width, channels, block] = GetParam();
    const int depth = channels * block * block;
    DepthToSpaceGraph graph;
    graph.input_type = graph.output_type = type;
    graph.input_shape = {batches, height, width, depth};
    graph.output_shape = {batches, height * block, width * block, channels};
    graph.block_size = block;
    graph.version = 2;
    std::vector<T> input(static_cast<size_t>(batches) * height * width * depth);
    for (size_t i = 0; i < input.size(); ++i) {
      input[i] = static_cast<T>(i * 13 + 7);
    }
    std::vector<T> output;
    ASSERT_NO_FATAL_FAILURE(
        RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
    EXPECT_THAT(output, ElementsAreArray(NaiveDepthToSpace(
                            input, batches, height, width, depth, block)));
  }
};

TEST_P(DepthToSpaceTest, MatchesNaiveDepthToSpace) {
  const auto [batches, height, width, channels, block] = GetParam();
  const int depth = channels * block * block;
  DepthToSpaceGraph graph;
  graph.input_shape = {batches, height, width, depth};
  graph.output_shape = {batches, height * block, width * block, channels};
  graph.block_size = block;

  std::mt19937 rng(42 + block);
  const std::vector<float> input = RandomVector(
      rng, static_cast<size_t>(batches) * height * width * depth, 10.0f);

  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
  // Values only move, so they must match exactly.
  EXPECT_THAT(output, ElementsAreArray(NaiveDepthToSpace(input, batches, height,
                                                         width, depth, block)));
}

TEST_P(DepthToSpaceTest, OtherTypesMatchNaiveDepthToSpace) {
  CheckType<uint8_t>(DataType::kUInt8);
  CheckType<int8_t>(DataType::kInt8);
  CheckType<int16_t>(DataType::kInt16);
  CheckType<int32_t>(DataType::kInt32);
  CheckType<int64_t>(DataType::kInt64);
}

INSTANTIATE_TEST_SUITE_P(Shapes, DepthToSpaceTest,
                         ::testing::Combine(::testing::Values(1, 2),
                                            ::testing::Values(1, 3),
                                            ::testing::Values(1, 13),
                                            ::testing::Values(1, 3),
                                            ::testing::Values(1, 2, 3)));

TEST(DepthToSpacePathTest, RunsOnXnnpack) {
  ExpectNodePath(BuildModel(DepthToSpaceGraph()), "xnnpack");
}

// XNNPACK's operator is FLOAT32 only.
TEST(DepthToSpacePathTest, OtherTypesRunOnReference) {
  DepthToSpaceGraph graph;
  graph.input_type = graph.output_type = DataType::kInt8;
  graph.version = 2;
  ExpectNodePath(BuildModel(graph), "reference");
}

// TensorFlow's documented example, checking the naive version too.
TEST(DepthToSpaceExampleTest, DocumentedExample) {
  std::vector<float> input(16);
  for (int i = 0; i < 16; ++i) input[i] = static_cast<float>(i + 1);
  const std::vector<float> expected = {1, 2,  5,  6,  3,  4,  7,  8,
                                       9, 10, 13, 14, 11, 12, 15, 16};
  EXPECT_THAT(NaiveDepthToSpace(input, 1, 2, 2, 4, 2),
              ElementsAreArray(expected));

  DepthToSpaceGraph graph;
  graph.input_shape = {1, 2, 2, 4};
  graph.output_shape = {1, 4, 4, 1};
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
  EXPECT_THAT(output, ElementsAreArray(expected));
}

const ModelErrorCase<DepthToSpaceGraph> kDepthToSpaceErrorCases[] = {
    {"BlockSizeZero", [](DepthToSpaceGraph& g) { g.block_size = 0; },
     StatusCode::kInvalidModel, "block_size is 0; expected >= 1"},
    {"BlockSizeNegative", [](DepthToSpaceGraph& g) { g.block_size = -2; },
     StatusCode::kInvalidModel, "block_size is -2; expected >= 1"},
    {"MissingOptions", [](DepthToSpaceGraph& g) { g.has_options = false; },
     StatusCode::kInvalidModel, "block_size is 0"},
    {"ChannelsNotDivisible",
     [](DepthToSpaceGraph& g) {
       g.input_shape = {1, 2, 3, 6};
     },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has 6 channels, which is not a multiple of "
     "block_size^2 = 4"},
    {"HugeBlockSize",
     [](DepthToSpaceGraph& g) {
       g.block_size = 65536;
       g.input_shape = {1, 1, 1, 1};
     },
     StatusCode::kInvalidModel, "not a multiple of block_size^2 = 4294967296"},
    {"OutputTooLarge",
     [](DepthToSpaceGraph& g) {
       g.block_size = 1 << 20;
       g.input_shape = {1, 4096, 1, 0};
     },
     StatusCode::kInvalidModel, "would be 4294967296 x 1048576"},
    {"InputRank3",
     [](DepthToSpaceGraph& g) {
       g.input_shape = {2, 3, 8};
     },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has rank 3 (shape [2,3,8]); expected rank 4"},
    {"OutputTypeMismatch",
     [](DepthToSpaceGraph& g) { g.output_type = DataType::kInt8; },
     StatusCode::kUnsupported, "output 0 (tensor 1) has type INT8"},
    {"Version3", [](DepthToSpaceGraph& g) { g.version = 3; },
     StatusCode::kUnsupported, "version 3"},
};

LITEN_MODEL_ERROR_TESTS(DepthToSpace, BuildModel, kDepthToSpaceErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
