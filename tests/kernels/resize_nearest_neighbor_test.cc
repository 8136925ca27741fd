// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESIZE_NEAREST_NEIGHBOR through the loader and interpreter, against a
// naive resize that picks each output pixel's source in exact rational
// arithmetic: floor(out * in / size), rounded half away from zero with
// align_corners, offset by half a pixel with half_pixel_centers. On sizes
// where float rounding lands on the other side of an integer TFLite's
// kernels disagree with the exact pick, and each type in its own way; the
// last test pins down one such size.
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

// A one-node model: tensor 0 the graph input, 1 the size (a constant unless
// said otherwise), 2 the output.
struct NearestGraph {
  std::vector<int32_t> input_shape = {1, 3, 4, 2};
  std::vector<int32_t> size = {5, 7};
  std::vector<int32_t> size_shape = {2};
  DataType type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  bool constant_size = true;
  bool align_corners = false;
  bool half_pixel_centers = false;
  int version = 1;
};

std::vector<uint8_t> BuildModel(const NearestGraph& graph) {
  ModelBuilder builder;
  const int input = builder.AddTensor(graph.type, graph.input_shape);
  std::vector<int> graph_inputs = {input};
  int size = 0;
  if (graph.constant_size) {
    size = builder.AddConstant(DataType::kInt32, graph.size_shape, graph.size);
  } else {
    size = builder.AddTensor(DataType::kInt32, graph.size_shape);
    graph_inputs.push_back(size);
  }
  const int output = builder.AddTensor(graph.output_type, {});
  const auto options =
      schema::CreateResizeNearestNeighborOptions(
          builder.fbb(), graph.align_corners, graph.half_pixel_centers)
          .Union();
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR, {input, size},
      {output}, graph_inputs,
      schema::BuiltinOptions_ResizeNearestNeighborOptions, options,
      graph.version);
}

// The source index of output index `i`, exactly: the position is
// (2i + h) * scale / 2 with h = 1 for half-pixel centers, the scale
// (in - 1) / (out - 1) with align_corners (when out > 1), else in / out.
int NaiveSource(int i, int in, int out, bool align_corners,
                bool half_pixel_centers) {
  int64_t numerator = in, denominator = out;
  if (align_corners && out > 1) {
    numerator = in - 1;
    denominator = out - 1;
  }
  const int64_t twice = (2 * int64_t{i} + (half_pixel_centers ? 1 : 0)) *
                        numerator;  // 2 * position * denominator.
  const int64_t index = align_corners
                            ? (twice + denominator) / (2 * denominator)
                            : twice / (2 * denominator);
  return static_cast<int>(std::min<int64_t>(index, in - 1));
}

template <typename T>
std::vector<T> NaiveResize(const std::vector<T>& input,
                           const std::vector<int32_t>& shape, int out_h,
                           int out_w, bool align_corners,
                           bool half_pixel_centers) {
  std::vector<T> output;
  for (int b = 0; b < shape[0]; ++b) {
    for (int y = 0; y < out_h; ++y) {
      const int sy =
          NaiveSource(y, shape[1], out_h, align_corners, half_pixel_centers);
      for (int x = 0; x < out_w; ++x) {
        const int sx =
            NaiveSource(x, shape[2], out_w, align_corners, half_pixel_centers);
        for (int c = 0; c < shape[3]; ++c) {
          output.push_back(
              input[((b * shape[1] + sy) * shape[2] + sx) * shape[3] + c]);
        }
      }
    }
  }
  return output;
}

// {input shape, size, align_corners, half_pixel_centers}.
using NearestParam =
    std::tuple<std::vector<int32_t>, std::vector<int32_t>, bool, bool>;

class ResizeNearestNeighborTest
    : public ::testing::TestWithParam<NearestParam> {
 protected:
  template <typename T>
  void Check(DataType type) {
    const auto& [shape, size, align, half] = GetParam();
    NearestGraph graph;
    graph.input_shape = shape;
    graph.size = size;
    graph.type = graph.output_type = type;
    graph.align_corners = align;
    graph.half_pixel_centers = half;
    graph.version = 4;
    std::vector<T> input(ElementCount(shape));
    for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<T>(i + 1);
    std::vector<T> output;
    ASSERT_NO_FATAL_FAILURE(RunModel(BuildModel(graph), {input},
                                     {shape[0], size[0], size[1], shape[3]},
                                     &output));
    EXPECT_EQ(output, NaiveResize(input, shape, size[0], size[1], align, half));
  }
};

TEST_P(ResizeNearestNeighborTest, Float32) { Check<float>(DataType::kFloat32); }
TEST_P(ResizeNearestNeighborTest, UInt8) { Check<uint8_t>(DataType::kUInt8); }
TEST_P(ResizeNearestNeighborTest, Int8) { Check<int8_t>(DataType::kInt8); }
TEST_P(ResizeNearestNeighborTest, Int16) { Check<int16_t>(DataType::kInt16); }

INSTANTIATE_TEST_SUITE_P(
    Shapes, ResizeNearestNeighborTest,
    ::testing::Combine(::testing::Values(std::vector<int32_t>{1, 1, 1, 1},
                                         std::vector<int32_t>{1, 3, 4, 3},
                                         std::vector<int32_t>{2, 13, 5, 2}),
                       ::testing::Values(std::vector<int32_t>{1, 1},
                                         std::vector<int32_t>{3, 3},
                                         std::vector<int32_t>{13, 13},
                                         std::vector<int32_t>{26, 2},
                                         std::vector<int32_t>{6, 8}),
                       ::testing::Bool(), ::testing::Bool()));

// Values worked out by hand, checking the naive resize itself: 4 pixels to
// 3 and 1 pixel to 5.
TEST(ResizeNearestNeighborExampleTest, KnownSources) {
  const auto sources = [](int in, int out, bool align, bool half) {
    std::vector<int> s;
    for (int i = 0; i < out; ++i)
      s.push_back(NaiveSource(i, in, out, align, half));
    return s;
  };
  // Positions 0, 4/3, 8/3.
  EXPECT_THAT(sources(4, 3, false, false), ::testing::ElementsAre(0, 1, 2));
  // Positions 0, 1.5 (rounds up), 3.
  EXPECT_THAT(sources(4, 3, true, false), ::testing::ElementsAre(0, 2, 3));
  // Positions 2/3, 2, 10/3.
  EXPECT_THAT(sources(4, 3, false, true), ::testing::ElementsAre(0, 2, 3));
  EXPECT_THAT(sources(1, 5, false, true),
              ::testing::ElementsAre(0, 0, 0, 0, 0));
}

// From width 2 to 110, output column 55 lies exactly on input column 1.
// TFLite's float arithmetic lands just below it (column 0) for every type
// but UINT8, whose 16.16 fixed-point scale overshoots to column 1.
TEST(ResizeNearestNeighborTypeTest, UInt8TakesTheFixedPointScale) {
  const auto column_55 = [](DataType type) {
    NearestGraph graph;
    graph.input_shape = {1, 1, 2, 1};
    graph.size = {1, 110};
    graph.type = graph.output_type = type;
    std::vector<uint8_t> output;
    RunModel<uint8_t, uint8_t>(BuildModel(graph), {{10, 20}}, {1, 1, 110, 1},
                               &output);
    return output.size() == 110 ? output[55] : 0;
  };
  EXPECT_EQ(column_55(DataType::kUInt8), 20);
  EXPECT_EQ(column_55(DataType::kInt8), 10);
}

const ModelErrorCase<NearestGraph> kNearestErrorCases[] = {
    {"SizeThreeValues",
     [](NearestGraph& g) {
       g.size = {5, 7, 1};
       g.size_shape = {3};
     },
     StatusCode::kInvalidModel,
     "node 0 (RESIZE_NEAREST_NEIGHBOR): input 1 (tensor 1) has shape [3]; "
     "expected [2]"},
    {"NonConstantSize", [](NearestGraph& g) { g.constant_size = false; },
     StatusCode::kUnsupported, "input 1 (tensor 1) must be a constant tensor"},
    {"ZeroWidth",
     [](NearestGraph& g) {
       g.size = {5, 0};
     },
     StatusCode::kInvalidModel, "asks for size 5 x 0; both must be > 0"},
    {"EmptyInputWidth",
     [](NearestGraph& g) {
       g.input_shape = {1, 3, 0, 2};
     },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has shape [1,3,0,2]; its height and width must be "
     ">= 1"},
    {"InputRank3",
     [](NearestGraph& g) {
       g.input_shape = {3, 4, 2};
     },
     StatusCode::kInvalidModel, "input 0 (tensor 0) has rank 3"},
    {"Int32Input",
     [](NearestGraph& g) { g.type = g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT32; expected FLOAT32, UINT8, INT8 or "
     "INT16"},
    {"OutputType", [](NearestGraph& g) { g.output_type = DataType::kUInt8; },
     StatusCode::kUnsupported,
     "output 0 (tensor 2) has type UINT8; expected FLOAT32"},
    {"Version5", [](NearestGraph& g) { g.version = 5; },
     StatusCode::kUnsupported, "version 5"},
};

LITEN_MODEL_ERROR_TESTS(ResizeNearestNeighbor, BuildModel, kNearestErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
