// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESIZE_BILINEAR, run through the loader and interpreter, against a naive
// resize that maps each output pixel to input coordinates in double
// precision and blends the four neighbors.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
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

// With `fixed_point`, TFLite's definition for INT8 and INT16
// (ResizeBilinearInteger): the scale rounded to a multiple of 2^-10 first.
Neighbors NaiveNeighbors(int i, int in, int out, bool align_corners,
                         bool half_pixel_centers, bool fixed_point) {
  double position = static_cast<double>(i) * in / out;
  if (align_corners && out > 1) {
    position = static_cast<double>(i) * (in - 1) / (out - 1);
  } else if (half_pixel_centers) {
    position = (i + 0.5) * in / out - 0.5;
  }
  if (fixed_point) {
    const bool align = align_corners && out > 1;
    const int64_t numerator = align ? in - 1 : in;
    const int64_t denominator = align ? out - 1 : out;
    const int64_t scale = (numerator * 1024 + denominator / 2) / denominator;
    position =
        (half_pixel_centers ? i * scale + scale / 2 - 512 : i * scale) / 1024.0;
  }
  const int lower = std::max(static_cast<int>(std::floor(position)), 0);
  const int upper = std::min(static_cast<int>(std::ceil(position)), in - 1);
  return {lower, upper, position - lower};
}

std::vector<float> NaiveResize(const std::vector<float>& input, int batches,
                               int in_h, int in_w, int channels, int out_h,
                               int out_w, bool align_corners,
                               bool half_pixel_centers,
                               bool fixed_point = false) {
  std::vector<float> output;
  const auto at = [&](int b, int y, int x, int c) {
    return static_cast<double>(
        input[((b * in_h + y) * in_w + x) * channels + c]);
  };
  for (int b = 0; b < batches; ++b) {
    for (int y = 0; y < out_h; ++y) {
      const Neighbors ny = NaiveNeighbors(y, in_h, out_h, align_corners,
                                          half_pixel_centers, fixed_point);
      for (int x = 0; x < out_w; ++x) {
        const Neighbors nx = NaiveNeighbors(x, in_w, out_w, align_corners,
                                            half_pixel_centers, fixed_point);
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
  const std::vector<float> input =
      RandomVector(rng,
                   static_cast<size_t>(input_shape[0]) * input_shape[1] *
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

// The integer types against the naive resize rounded to the nearest
// integer, with TFLite's fixed-point scale for INT8 and INT16 (whose
// rounding moves INT16 results by tens of steps). UINT8 coordinates are
// float in TFLite, and the naive result is rounded to float, so a result
// within rounding of a tie may land one step away; the byte-exact
// comparison with TFLite is in tests/models/movement_ops_tflite_test.cc.
TEST_P(ResizeBilinearTest, IntegerTypesWithinOneStep) {
  const auto& [input_shape, size, mapping] = GetParam();
  for (DataType type : {DataType::kUInt8, DataType::kInt8, DataType::kInt16}) {
    SCOPED_TRACE(DataTypeName(type));
    ResizeGraph graph;
    graph.input_type = graph.output_type = type;
    graph.input_shape = input_shape;
    graph.size = size;
    graph.output_shape = {input_shape[0], size[0], size[1], input_shape[3]};
    graph.align_corners = mapping == Mapping::kAlignCorners;
    graph.half_pixel_centers = mapping == Mapping::kHalfPixelCenters;
    graph.version = type == DataType::kInt16 ? 4 : 3;
    const int32_t low = type == DataType::kUInt8  ? 0
                        : type == DataType::kInt8 ? -128
                                                  : -32768;
    const int32_t high = type == DataType::kUInt8  ? 255
                         : type == DataType::kInt8 ? 127
                                                   : 32767;
    std::mt19937 rng(8);
    std::uniform_int_distribution<int32_t> values(low, high);
    std::vector<int32_t> input(ElementCount(input_shape));
    for (int32_t& v : input) v = values(rng);
    const std::vector<float> expected =
        NaiveResize(std::vector<float>(input.begin(), input.end()),
                    input_shape[0], input_shape[1], input_shape[2],
                    input_shape[3], size[0], size[1], graph.align_corners,
                    graph.half_pixel_centers, type != DataType::kUInt8);
    // Every type's bytes, as int32 values.
    std::vector<int32_t> output;
    TestInterpreter interpreter;
    const Status built = interpreter.Build(BuildModel(graph));
    ASSERT_TRUE(built.ok()) << built.message();
    if (type == DataType::kUInt8) {
      ASSERT_TRUE(
          interpreter
              .SetInput(0, std::vector<uint8_t>(input.begin(), input.end()))
              .ok());
    } else if (type == DataType::kInt8) {
      ASSERT_TRUE(
          interpreter
              .SetInput(0, std::vector<int8_t>(input.begin(), input.end()))
              .ok());
    } else {
      ASSERT_TRUE(
          interpreter
              .SetInput(0, std::vector<int16_t>(input.begin(), input.end()))
              .ok());
    }
    ASSERT_TRUE(interpreter.Invoke().ok());
    if (type == DataType::kUInt8) {
      const auto bytes = interpreter.Output<uint8_t>(0);
      output.assign(bytes.begin(), bytes.end());
    } else if (type == DataType::kInt8) {
      const auto bytes = interpreter.Output<int8_t>(0);
      output.assign(bytes.begin(), bytes.end());
    } else {
      const auto values16 = interpreter.Output<int16_t>(0);
      output.assign(values16.begin(), values16.end());
    }
    ASSERT_EQ(output.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_NEAR(output[i], std::round(expected[i]), 1.0) << "at " << i;
    }
  }
}

// Ties: the middle of two neighbors. UINT8 rounds them up, INT8 and INT16
// away from zero.
TEST(ResizeBilinearIntegerTest, RoundsTiesAsTfLite) {
  struct Case {
    DataType type;
    int32_t left, right, middle;
  };
  const Case cases[] = {
      {DataType::kUInt8, 0, 1, 1},         {DataType::kUInt8, 254, 255, 255},
      {DataType::kInt8, -1, 0, -1},        {DataType::kInt8, 1, 2, 2},
      {DataType::kInt8, -128, -127, -128}, {DataType::kInt16, -3, -2, -3}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(DataTypeName(c.type)) + " " +
                 std::to_string(c.left) + ", " + std::to_string(c.right));
    ResizeGraph graph;
    graph.input_type = graph.output_type = c.type;
    graph.input_shape = {1, 1, 2, 1};
    graph.size = {1, 3};
    graph.output_shape = {1, 1, 3, 1};
    graph.align_corners = true;
    graph.version = c.type == DataType::kInt16 ? 4 : 2;
    std::vector<int32_t> output;
    if (c.type == DataType::kUInt8) {
      std::vector<uint8_t> bytes;
      ASSERT_NO_FATAL_FAILURE((RunModel<uint8_t, uint8_t>(
          BuildModel(graph),
          {{static_cast<uint8_t>(c.left), static_cast<uint8_t>(c.right)}},
          graph.output_shape, &bytes)));
      output.assign(bytes.begin(), bytes.end());
    } else if (c.type == DataType::kInt8) {
      std::vector<int8_t> bytes;
      ASSERT_NO_FATAL_FAILURE((RunModel<int8_t, int8_t>(
          BuildModel(graph),
          {{static_cast<int8_t>(c.left), static_cast<int8_t>(c.right)}},
          graph.output_shape, &bytes)));
      output.assign(bytes.begin(), bytes.end());
    } else {
      std::vector<int16_t> values;
      ASSERT_NO_FATAL_FAILURE((RunModel<int16_t, int16_t>(
          BuildModel(graph),
          {{static_cast<int16_t>(c.left), static_cast<int16_t>(c.right)}},
          graph.output_shape, &values)));
      output.assign(values.begin(), values.end());
    }
    EXPECT_THAT(output, ElementsAreArray({c.left, c.middle, c.right}));
  }
}

// In TFLite's 10-bit fixed point a 55x upscale of width 2 rounds the scale
// up to 19/1024 per pixel, which carries columns 108 and 109 past the last
// input column: TFLite reads on into the next row there, liten takes the
// last column, as the exact positions (1.96 and 1.98) do.
TEST(ResizeBilinearIntegerTest, FixedPointPastTheEndTakesTheLastColumn) {
  ResizeGraph graph;
  graph.input_type = graph.output_type = DataType::kInt8;
  graph.input_shape = {1, 1, 2, 1};
  graph.size = {1, 110};
  graph.output_shape = {1, 1, 110, 1};
  graph.version = 2;
  std::vector<int8_t> output;
  ASSERT_NO_FATAL_FAILURE((RunModel<int8_t, int8_t>(
      BuildModel(graph), {{10, 20}}, graph.output_shape, &output)));
  EXPECT_EQ(output[108], 20);
  EXPECT_EQ(output[109], 20);
}

// An exact x8 upscale with half-pixel centers puts every output on a
// multiple of 1/256 of the input steps, so the UINT8 result is the exact
// value rounded half up (TFLite's integer path for this case agrees).
TEST(ResizeBilinearIntegerTest, Uint8TimesEightIsExact) {
  ResizeGraph graph;
  graph.input_type = graph.output_type = DataType::kUInt8;
  graph.input_shape = {1, 2, 3, 8};
  graph.size = {16, 24};
  graph.output_shape = {1, 16, 24, 8};
  graph.half_pixel_centers = true;
  graph.version = 3;
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> values(0, 255);
  std::vector<uint8_t> input(2 * 3 * 8);
  for (uint8_t& v : input) v = static_cast<uint8_t>(values(rng));
  std::vector<uint8_t> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
  const std::vector<float> expected =
      NaiveResize(std::vector<float>(input.begin(), input.end()), 1, 2, 3, 8,
                  16, 24, false, true);
  ASSERT_EQ(output.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(output[i], std::floor(expected[i] + 0.5)) << "at " << i;
  }
}

// TFLite 2.9's UINT8 kernel on x86-64 written out: float coordinates
// (ComputeInterpolationValues), the four corner weights multiplied out in
// float, the weighted sum in this order plus 0.5, truncated.
std::vector<uint8_t> TfLiteUInt8Resize(const std::vector<uint8_t>& input,
                                       const std::vector<int32_t>& shape,
                                       int out_h, int out_w, Mapping mapping) {
  const int batches = shape[0], in_h = shape[1], in_w = shape[2];
  const int channels = shape[3];
  const auto coordinate = [mapping](int i, int in, int out) {
    float scale = static_cast<float>(in) / out;
    if (mapping == Mapping::kAlignCorners && out > 1) {
      scale = static_cast<float>(in - 1) / (out - 1);
    }
    return mapping == Mapping::kHalfPixelCenters
               ? (static_cast<float>(i) + 0.5f) * scale - 0.5f
               : static_cast<float>(i) * scale;
  };
  std::vector<uint8_t> output;
  for (int b = 0; b < batches; ++b) {
    for (int y = 0; y < out_h; ++y) {
      const float iy = coordinate(y, in_h, out_h);
      const int y0 = std::max(static_cast<int>(std::floor(iy)), 0);
      const int y1 = std::min(static_cast<int>(std::ceil(iy)), in_h - 1);
      const float dy = iy - static_cast<float>(y0);
      for (int x = 0; x < out_w; ++x) {
        const float ix = coordinate(x, in_w, out_w);
        const int x0 = std::max(static_cast<int>(std::floor(ix)), 0);
        const int x1 = std::min(static_cast<int>(std::ceil(ix)), in_w - 1);
        const float dx = ix - static_cast<float>(x0);
        const float w00 = (1 - dy) * (1 - dx), w01 = (1 - dy) * dx;
        const float w10 = dy * (1 - dx), w11 = dy * dx;
        for (int c = 0; c < channels; ++c) {
          const auto at = [&](int yy, int xx) {
            return static_cast<float>(
                input[((b * in_h + yy) * in_w + xx) * channels + c]);
          };
          const float sum = at(y0, x0) * w00 + at(y0, x1) * w01 +
                            at(y1, x0) * w10 + at(y1, x1) * w11 + 0.5f;
          output.push_back(static_cast<uint8_t>(static_cast<int32_t>(sum)));
        }
      }
    }
  }
  return output;
}

// TFLite 2.9's ResizeBilinearInteger for INT8 written out: coordinates and
// weights in units of 2^-10, the sum in int64 divided by 2^20 rounding half
// away from zero.
std::vector<int8_t> TfLiteInt8Resize(const std::vector<int8_t>& input,
                                     const std::vector<int32_t>& shape,
                                     int out_h, int out_w, Mapping mapping) {
  const int batches = shape[0], in_h = shape[1], in_w = shape[2];
  const int channels = shape[3];
  const auto scale = [mapping](int in, int out) {
    if (mapping == Mapping::kAlignCorners && out > 1) {
      return (1024 * (in - 1) + (out - 1) / 2) / (out - 1);
    }
    return (1024 * in + out / 2) / out;
  };
  const auto coordinate = [mapping](int i, int scale_10) {
    return mapping == Mapping::kHalfPixelCenters
               ? i * scale_10 + scale_10 / 2 - 512
               : i * scale_10;
  };
  const int scale_y = scale(in_h, out_h), scale_x = scale(in_w, out_w);
  std::vector<int8_t> output;
  for (int b = 0; b < batches; ++b) {
    for (int y = 0; y < out_h; ++y) {
      const int iy = coordinate(y, scale_y);
      const int y0 = std::max(iy / 1024, 0);
      const int y1 = std::min((iy + 1023) / 1024, in_h - 1);
      const int64_t dy = iy - 1024 * y0;
      for (int x = 0; x < out_w; ++x) {
        const int ix = coordinate(x, scale_x);
        const int x0 = std::max(ix / 1024, 0);
        const int x1 = std::min((ix + 1023) / 1024, in_w - 1);
        const int64_t dx = ix - 1024 * x0;
        for (int c = 0; c < channels; ++c) {
          const auto at = [&](int yy, int xx) {
            return static_cast<int64_t>(
                input[((b * in_h + yy) * in_w + xx) * channels + c]);
          };
          const int64_t sum = at(y0, x0) * (1024 - dy) * (1024 - dx) +
                              at(y1, x0) * dy * (1024 - dx) +
                              at(y0, x1) * (1024 - dy) * dx +
                              at(y1, x1) * dy * dx;
          const int64_t round = sum > 0 ? (1 << 19) : -(1 << 19);
          output.push_back(static_cast<int8_t>((sum + round) / (1 << 20)));
        }
      }
    }
  }
  return output;
}

// UINT8 and INT8 pixels of 8 channels or more take the AVX2 kernel, whose
// last eight channels overlap the ones before unless the depth is a
// multiple of 8: every byte is TFLite's on both paths, at every thread
// count.
TEST(ResizeBilinear8BitTest, EveryDepthMatchesTfLiteFormula) {
  for (int32_t channels : {8, 9, 15, 21, 32}) {
    for (Mapping mapping : {Mapping::kDefault, Mapping::kAlignCorners,
                            Mapping::kHalfPixelCenters}) {
      for (const std::vector<int32_t>& size :
           {std::vector<int32_t>{17, 23}, std::vector<int32_t>{3, 2}}) {
        SCOPED_TRACE("channels " + std::to_string(channels) + ", mapping " +
                     std::to_string(static_cast<int>(mapping)) + ", size " +
                     std::to_string(size[0]) + "x" + std::to_string(size[1]));
        ResizeGraph graph;
        graph.input_type = graph.output_type = DataType::kUInt8;
        graph.input_shape = {2, 5, 7, channels};
        graph.size = size;
        graph.output_shape = {2, size[0], size[1], channels};
        graph.align_corners = mapping == Mapping::kAlignCorners;
        graph.half_pixel_centers = mapping == Mapping::kHalfPixelCenters;
        graph.version = 3;
        std::mt19937 rng(channels);
        std::uniform_int_distribution<int> values(0, 255);
        std::vector<uint8_t> input(ElementCount(graph.input_shape));
        for (uint8_t& v : input) v = static_cast<uint8_t>(values(rng));
        std::vector<uint8_t> output;
        ASSERT_NO_FATAL_FAILURE(
            RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
        EXPECT_EQ(output, TfLiteUInt8Resize(input, graph.input_shape, size[0],
                                            size[1], mapping));

        graph.input_type = graph.output_type = DataType::kInt8;
        const std::vector<int8_t> signed_input(input.begin(), input.end());
        std::vector<int8_t> signed_output;
        ASSERT_NO_FATAL_FAILURE(RunModel(BuildModel(graph), {signed_input},
                                         graph.output_shape, &signed_output));
        EXPECT_EQ(signed_output,
                  TfLiteInt8Resize(signed_input, graph.input_shape, size[0],
                                   size[1], mapping));
      }
    }
  }
}

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

// Every float mapping runs on XNNPACK; an empty tensor, INT16 and 8-bit
// pixels of fewer than 8 channels stay on the reference loop, deeper 8-bit
// pixels take liten's AVX2 kernel.
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
  // XNNPACK's operator is FLOAT32 only.
  ResizeGraph quantized;
  quantized.input_type = quantized.output_type = DataType::kUInt8;
  ExpectNodePath(BuildModel(quantized), "reference");
  quantized.input_shape = {1, 3, 4, 8};
  quantized.output_shape = {1, 5, 7, 8};
  ExpectNodePath(BuildModel(quantized), QuantizedFastPath());
  quantized.input_type = quantized.output_type = DataType::kInt8;
  quantized.version = 2;
  ExpectNodePath(BuildModel(quantized), QuantizedFastPath());
  quantized.input_type = quantized.output_type = DataType::kInt16;
  quantized.version = 4;
  ExpectNodePath(BuildModel(quantized), "reference");
  // Width 5 to 1128: the rounded fixed-point scale (5/1024) carries the
  // last column 1539/1024 past the last input pixel, a weight whose INT8
  // sum could overflow int32 in the AVX2 kernel.
  quantized.input_type = quantized.output_type = DataType::kInt8;
  quantized.version = 2;
  quantized.input_shape = {1, 1, 5, 8};
  quantized.size = {1, 1128};
  quantized.output_shape = {1, 1, 1128, 8};
  ExpectNodePath(BuildModel(quantized), "reference");
  quantized.size = {1, 1127};
  quantized.output_shape = {1, 1, 1127, 8};
  ExpectNodePath(BuildModel(quantized), QuantizedFastPath());
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
    {"Int32Input",
     [](ResizeGraph& g) { g.input_type = g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT32; expected FLOAT32, UINT8, INT8 or "
     "INT16"},
    {"FixedPointOverflow",
     [](ResizeGraph& g) {
       g.input_type = g.output_type = DataType::kInt8;
       g.input_shape = {1, 1, 3000000, 1};
       g.size = {5, 7};
     },
     StatusCode::kUnsupported,
     "resizing width from 3000000 to 7 is too large for TFLite's 10-bit "
     "fixed-point coordinates"},
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
