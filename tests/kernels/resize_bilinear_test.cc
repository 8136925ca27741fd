// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESIZE_BILINEAR, run through the loader and interpreter, against a naive
// resize that maps each output pixel to input coordinates in double
// precision and blends the four neighbors.
#include <algorithm>
#include <cmath>
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

// A one-node RESIZE_BILINEAR model: tensor 0 is the graph input, 1 the size
// (a constant unless said otherwise), 2 the output.
struct ResizeGraph {
  std::vector<int32_t> input_shape = {1, 3, 4, 2};
  std::vector<int32_t> size = {5, 7};
  std::vector<int32_t> size_shape = {2};
  std::vector<int32_t> output_shape = {1, 5, 7, 2};
  DataType input_type = DataType::kFloat32;
  DataType size_type = DataType::kInt32;
  DataType output_type = DataType::kFloat32;
  bool constant_size = true;
  bool has_options = true;
  bool align_corners = false;
  bool half_pixel_centers = false;
  int version = 1;
};

std::vector<uint8_t> BuildModel(const ResizeGraph& graph) {
  ModelBuilder builder;
  std::vector<int> graph_inputs;
  const int input = builder.AddTensor(graph.input_type, graph.input_shape);
  graph_inputs.push_back(input);
  int size = 0;
  if (graph.constant_size) {
    size = builder.AddConstant(graph.size_type, graph.size_shape, graph.size);
  } else {
    size = builder.AddTensor(graph.size_type, graph.size_shape);
    graph_inputs.push_back(size);
  }
  const int output = builder.AddTensor(graph.output_type, graph.output_shape);
  flatbuffers::Offset<void> options = 0;
  if (graph.has_options) {
    options = schema::CreateResizeBilinearOptions(
                  builder.fbb(), graph.align_corners, graph.half_pixel_centers)
                  .Union();
  }
  return FinishSingleOpModel(builder, schema::BuiltinOperator_RESIZE_BILINEAR,
                             {input, size}, {output}, graph_inputs,
                             schema::BuiltinOptions_ResizeBilinearOptions,
                             options, graph.version);
}

// The input coordinate of output index `i` and the two neighbors it blends,
// by TensorFlow's definition: align_corners maps the corner pixels onto each
// other, half_pixel_centers maps pixel centers, and the neighbors are the
// floor and ceiling clamped into the input.
struct Neighbors {
  int lower;
  int upper;
  double weight;  // Of `upper`; TFLite keeps it measured from `lower`.
};

Neighbors NaiveNeighbors(int i, int in, int out, bool align_corners,
                         bool half_pixel_centers) {
  double position = static_cast<double>(i) * in / out;
  if (align_corners && out > 1) {
    position = static_cast<double>(i) * (in - 1) / (out - 1);
  } else if (half_pixel_centers) {
    position = (i + 0.5) * in / out - 0.5;
  }
  const int lower = std::max(static_cast<int>(std::floor(position)), 0);
  const int upper = std::min(static_cast<int>(std::ceil(position)), in - 1);
  return {lower, upper, position - lower};
}

std::vector<float> NaiveResize(const std::vector<float>& input, int batches,
                               int in_h, int in_w, int channels, int out_h,
                               int out_w, bool align_corners,
                               bool half_pixel_centers) {
  std::vector<float> output;
  const auto at = [&](int b, int y, int x, int c) {
    return static_cast<double>(
        input[((b * in_h + y) * in_w + x) * channels + c]);
  };
  for (int b = 0; b < batches; ++b) {
    for (int y = 0; y < out_h; ++y) {
      const Neighbors ny =
          NaiveNeighbors(y, in_h, out_h, align_corners, half_pixel_centers);
      for (int x = 0; x < out_w; ++x) {
        const Neighbors nx =
            NaiveNeighbors(x, in_w, out_w, align_corners, half_pixel_centers);
        for (int c = 0; c < channels; ++c) {
          const double top = at(b, ny.lower, nx.lower, c) * (1 - nx.weight) +
                             at(b, ny.lower, nx.upper, c) * nx.weight;
          const double bottom = at(b, ny.upper, nx.lower, c) * (1 - nx.weight) +
                                at(b, ny.upper, nx.upper, c) * nx.weight;
          output.push_back(
              static_cast<float>(top * (1 - ny.weight) + bottom * ny.weight));
        }
      }
    }
  }
  return output;
}

enum class Mapping { kDefault, kAlignCorners, kHalfPixelCenters };

// {batches, input height, input width, channels}, {output height, width}.
using ResizeParam =
    std::tuple<std::vector<int32_t>, std::vector<int32_t>, Mapping>;

class ResizeBilinearTest : public ::testing::TestWithParam<ResizeParam> {};

TEST_P(ResizeBilinearTest, MatchesNaiveResize) {
  const auto& [input_shape, size, mapping] = GetParam();
  ResizeGraph graph;
  graph.input_shape = input_shape;
  graph.size = size;
  graph.output_shape = {input_shape[0], size[0], size[1], input_shape[3]};
  graph.align_corners = mapping == Mapping::kAlignCorners;
  graph.half_pixel_centers = mapping == Mapping::kHalfPixelCenters;
  graph.version = graph.half_pixel_centers ? 3 : 1;

  std::mt19937 rng(7);
  const std::vector<float> input = RandomVector(
      rng, static_cast<size_t>(input_shape[0]) * input_shape[1] *
               input_shape[2] * input_shape[3],
      10.0f);

  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
  ExpectAllNear(
      output, NaiveResize(input, input_shape[0], input_shape[1], input_shape[2],
                          input_shape[3], size[0], size[1], graph.align_corners,
                          graph.half_pixel_centers));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ResizeBilinearTest,
    ::testing::Combine(::testing::Values(std::vector<int32_t>{1, 1, 1, 1},
                                         std::vector<int32_t>{1, 3, 4, 3},
                                         std::vector<int32_t>{2, 13, 5, 2},
                                         std::vector<int32_t>{1, 2, 13, 1}),
                       ::testing::Values(std::vector<int32_t>{1, 1},
                                         std::vector<int32_t>{3, 3},
                                         std::vector<int32_t>{13, 13},
                                         std::vector<int32_t>{1, 13},
                                         std::vector<int32_t>{26, 2},
                                         std::vector<int32_t>{6, 8}),
                       ::testing::Values(Mapping::kDefault,
                                         Mapping::kAlignCorners,
                                         Mapping::kHalfPixelCenters)));

// Values worked out by hand, checking the naive resize itself.
TEST(ResizeBilinearExampleTest, KnownResults) {
  struct Example {
    std::vector<int32_t> input_shape;
    std::vector<float> input;
    std::vector<int32_t> size;
    Mapping mapping;
    std::vector<float> expected;
  };
  const Example examples[] = {
      // Corners map onto corners; the middle is the average.
      {{1, 2, 2, 1},
       {1, 2, 3, 4},
       {3, 3},
       Mapping::kAlignCorners,
       {1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4}},
      // Pixel centers sit at -0.25, 0.25, 0.75, 1.25: the outer two clamp.
      {{1, 1, 2, 1}, {0, 4}, {1, 4}, Mapping::kHalfPixelCenters, {0, 1, 3, 4}},
      // Positions 0, 0.5, 1, 1.5: the last clamps to the last pixel.
      {{1, 1, 2, 1}, {0, 4}, {1, 4}, Mapping::kDefault, {0, 2, 4, 4}},
  };
  for (const Example& example : examples) {
    const bool align = example.mapping == Mapping::kAlignCorners;
    const bool half = example.mapping == Mapping::kHalfPixelCenters;
    EXPECT_THAT(NaiveResize(example.input, 1, example.input_shape[1],
                            example.input_shape[2], 1, example.size[0],
                            example.size[1], align, half),
                ElementsAreArray(example.expected));
    ResizeGraph graph;
    graph.input_shape = example.input_shape;
    graph.size = example.size;
    graph.output_shape = {1, example.size[0], example.size[1], 1};
    graph.align_corners = align;
    graph.half_pixel_centers = half;
    std::vector<float> output;
    ASSERT_NO_FATAL_FAILURE(RunModel(BuildModel(graph), {example.input},
                                     graph.output_shape, &output));
    ExpectAllNear(output, example.expected);
  }
}

// Every mapping runs on XNNPACK; an empty tensor stays on the reference
// loop.
TEST(ResizeBilinearPathTest, XnnpackTakesEveryMapping) {
  for (Mapping mapping : {Mapping::kDefault, Mapping::kAlignCorners,
                          Mapping::kHalfPixelCenters}) {
    ResizeGraph graph;
    graph.align_corners = mapping == Mapping::kAlignCorners;
    graph.half_pixel_centers = mapping == Mapping::kHalfPixelCenters;
    graph.version = graph.half_pixel_centers ? 3 : 1;
    ExpectNodePath(BuildModel(graph), "xnnpack");
  }
  ResizeGraph empty;
  empty.input_shape = {0, 3, 4, 2};
  empty.output_shape = {0, 5, 7, 2};
  ExpectNodePath(BuildModel(empty), "reference");
}

const ModelErrorCase<ResizeGraph> kResizeErrorCases[] = {
    {"BothFlags",
     [](ResizeGraph& g) { g.align_corners = g.half_pixel_centers = true; },
     StatusCode::kInvalidModel,
     "align_corners and half_pixel_centers are both set"},
    {"SizeThreeValues",
     [](ResizeGraph& g) {
       g.size = {5, 7, 1};
       g.size_shape = {3};
     },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1) has shape [3]; expected [2]"},
    {"SizeRank2",
     [](ResizeGraph& g) {
       g.size_shape = {1, 2};
     },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1) has shape [1,2]; expected [2]"},
    {"SizeFloat", [](ResizeGraph& g) { g.size_type = DataType::kFloat32; },
     StatusCode::kUnsupported,
     "input 1 (tensor 1) has type FLOAT32; expected INT32"},
    {"NonConstantSize", [](ResizeGraph& g) { g.constant_size = false; },
     StatusCode::kUnsupported, "input 1 (tensor 1) must be a constant tensor"},
    {"ZeroHeight",
     [](ResizeGraph& g) {
       g.size = {0, 7};
     },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1) asks for size 0 x 7; both must be > 0"},
    {"NegativeWidth",
     [](ResizeGraph& g) {
       g.size = {5, -1};
     },
     StatusCode::kInvalidModel, "asks for size 5 x -1"},
    {"EmptyInputHeight",
     [](ResizeGraph& g) {
       g.input_shape = {1, 0, 4, 2};
     },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has shape [1,0,4,2]; its height and width must be "
     ">= 1"},
    {"InputRank3",
     [](ResizeGraph& g) {
       g.input_shape = {3, 4, 2};
     },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has rank 3 (shape [3,4,2]); expected rank 4"},
    {"Int8Input",
     [](ResizeGraph& g) { g.input_type = g.output_type = DataType::kInt8; },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT8; expected FLOAT32"},
    {"OutputTypeMismatch",
     [](ResizeGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported, "output 0 (tensor 2) has type INT32"},
    {"Version5", [](ResizeGraph& g) { g.version = 5; },
     StatusCode::kUnsupported, "version 5"},
};

LITEN_MODEL_ERROR_TESTS(ResizeBilinear, BuildModel, kResizeErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
