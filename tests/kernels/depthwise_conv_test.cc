// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DEPTHWISE_CONV_2D, run through the loader and interpreter, against a naive
// per-channel convolution written from the definition.
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

// A valid DEPTHWISE_CONV_2D model to vary: input [1, 5, 5, 3], filter
// [1, 3, 3, 6] (multiplier 2), bias [6], SAME padding, stride and dilation 1.
struct DepthwiseGraph : Conv2DGraph {
  DepthwiseGraph() {
    input_shape = {1, 5, 5, 3};
    weights_shape = {1, 3, 3, 6};
    bias_shape = {6};
    output_shape = {1, 5, 5, 6};
  }
  int depth_multiplier = 2;
};

// The node's options table, or none when the graph has no options.
flatbuffers::Offset<void> BuildOptions(ModelBuilder& builder,
                                       const DepthwiseGraph& graph) {
  if (!graph.has_options) return 0;
  return schema::CreateDepthwiseConv2DOptions(
             builder.fbb(), graph.padding, graph.stride_w, graph.stride_h,
             graph.depth_multiplier, graph.activation, graph.dilation_w,
             graph.dilation_h)
      .Union();
}

schema::BuiltinOptions OptionsType(const DepthwiseGraph& graph) {
  return graph.has_options ? schema::BuiltinOptions_DepthwiseConv2DOptions
                           : schema::BuiltinOptions_NONE;
}

std::vector<uint8_t> BuildModel(const DepthwiseGraph& graph) {
  ModelBuilder builder;
  const flatbuffers::Offset<void> options = BuildOptions(builder, graph);
  return FinishWeightedOpModel(builder, graph,
                               schema::BuiltinOperator_DEPTHWISE_CONV_2D,
                               OptionsType(graph), options);
}

struct DepthwiseCase {
  int batch, height, width, channels;
  int filter_h, filter_w, multiplier;
  schema::Padding padding;
  int stride_h, stride_w, dilation_h, dilation_w;
  schema::ActivationFunctionType activation;
  bool bias;
};

void PrintTo(const DepthwiseCase& c, std::ostream* os) {
  *os << "input [" << c.batch << "," << c.height << "," << c.width << ","
      << c.channels << "] filter " << c.filter_h << "x" << c.filter_w
      << " multiplier " << c.multiplier << " "
      << schema::EnumNamePadding(c.padding) << " stride " << c.stride_h << "x"
      << c.stride_w << " dilation " << c.dilation_h << "x" << c.dilation_w
      << " " << schema::EnumNameActivationFunctionType(c.activation)
      << (c.bias ? " bias" : " no bias");
}

std::vector<DepthwiseCase> AllDepthwiseCases() {
  constexpr schema::ActivationFunctionType kNone =
      schema::ActivationFunctionType_NONE;
  std::vector<DepthwiseCase> cases;
  // Every padding, stride, dilation and multiplier on one odd-sized batch,
  // with height and width set apart so that a swapped axis shows.
  for (schema::Padding padding :
       {schema::Padding_SAME, schema::Padding_VALID}) {
    for (int stride = 1; stride <= 3; ++stride) {
      for (int dilation = 1; dilation <= 2; ++dilation) {
        for (int multiplier = 1; multiplier <= 3; ++multiplier) {
          cases.push_back({2, 9, 11, 3, 3, 2, multiplier, padding, stride,
                           stride % 3 + 1, dilation, 3 - dilation, kNone,
                           multiplier != 2});
        }
      }
    }
  }
  for (schema::ActivationFunctionType activation :
       {schema::ActivationFunctionType_NONE,
        schema::ActivationFunctionType_RELU,
        schema::ActivationFunctionType_RELU_N1_TO_1,
        schema::ActivationFunctionType_RELU6}) {
    cases.push_back({1, 6, 5, 4, 3, 3, 2, schema::Padding_SAME, 1, 1, 1, 1,
                     activation, true});
  }
  // Odd sizes: everything 1; 13s; a single row; a 1x1 filter.
  cases.push_back({1, 1, 1, 1, 1, 1, 1, schema::Padding_VALID, 1, 1, 1, 1,
                   kNone, true});
  cases.push_back({1, 13, 13, 13, 3, 3, 1, schema::Padding_VALID, 2, 2, 1, 1,
                   kNone, true});
  cases.push_back({3, 1, 13, 5, 1, 3, 3, schema::Padding_SAME, 1, 3, 1, 2,
                   kNone, false});
  cases.push_back({2, 7, 3, 13, 1, 1, 2, schema::Padding_SAME, 2, 1, 1, 1,
                   kNone, true});
  // A filter wider than the image under SAME padding.
  cases.push_back({1, 3, 2, 2, 5, 5, 3, schema::Padding_SAME, 1, 1, 1, 1,
                   schema::ActivationFunctionType_RELU6, true});
  // The AVX2 kernel's channel blocks (16, 8, then fewer under a mask) and
  // its tiles of four pixels inside the image, with strides and dilations.
  cases.push_back({1, 12, 14, 28, 3, 3, 1, schema::Padding_SAME, 1, 1, 1, 1,
                   schema::ActivationFunctionType_RELU6, true});
  cases.push_back({2, 10, 13, 40, 5, 5, 1, schema::Padding_SAME, 2, 2, 1, 1,
                   kNone, true});
  cases.push_back({1, 9, 17, 16, 5, 5, 1, schema::Padding_VALID, 1, 1, 2, 2,
                   kNone, false});
  cases.push_back({1, 8, 19, 7, 3, 3, 1, schema::Padding_SAME, 1, 2, 1, 1,
                   schema::ActivationFunctionType_RELU, true});
  cases.push_back({1, 20, 20, 33, 3, 3, 1, schema::Padding_SAME, 1, 1, 1, 1,
                   kNone, true});
  return cases;
}

// Sets the shapes and options of `graph` to those of case `c`.
void ShapeGraph(const DepthwiseCase& c, DepthwiseGraph* graph) {
  const int out_channels = c.channels * c.multiplier;
  const NaiveAxis rows = NaiveWindowAxis(c.padding, c.height, c.filter_h,
                                         c.stride_h, c.dilation_h);
  const NaiveAxis cols = NaiveWindowAxis(c.padding, c.width, c.filter_w,
                                         c.stride_w, c.dilation_w);
  graph->input_shape = {c.batch, c.height, c.width, c.channels};
  graph->weights_shape = {1, c.filter_h, c.filter_w, out_channels};
  graph->bias_shape =
      c.bias ? std::vector<int32_t>{out_channels} : std::vector<int32_t>{};
  graph->output_shape = {c.batch, rows.size, cols.size, out_channels};
  graph->padding = c.padding;
  graph->stride_h = c.stride_h;
  graph->stride_w = c.stride_w;
  graph->depth_multiplier = c.multiplier;
  graph->dilation_h = c.dilation_h;
  graph->dilation_w = c.dilation_w;
  graph->activation = c.activation;
}

class DepthwiseConv2DTest : public ::testing::TestWithParam<DepthwiseCase> {
};

TEST_P(DepthwiseConv2DTest, MatchesNaiveConvolution) {
  const DepthwiseCase& c = GetParam();
  const int out_channels = c.channels * c.multiplier;
  const NaiveAxis rows = NaiveWindowAxis(c.padding, c.height, c.filter_h,
                                         c.stride_h, c.dilation_h);
  const NaiveAxis cols = NaiveWindowAxis(c.padding, c.width, c.filter_w,
                                         c.stride_w, c.dilation_w);
  const int out_h = rows.size, out_w = cols.size;
  const int pad_h = rows.padding_before, pad_w = cols.padding_before;

  std::mt19937 rng(20260102);
  DepthwiseGraph graph;
  ShapeGraph(c, &graph);
  graph.weights = RandomVector(
      rng, static_cast<size_t>(c.filter_h) * c.filter_w * out_channels, 1.0f);
  if (c.bias) graph.bias = RandomVector(rng, out_channels, 1.0f);
  // Inputs up to 3 in magnitude, so that RELU6 and RELU_N1_TO_1 clip.
  const std::vector<float> input = RandomVector(
      rng, static_cast<size_t>(c.batch) * c.height * c.width * c.channels,
      3.0f);

  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
  ASSERT_EQ(output.size(),
            static_cast<size_t>(c.batch) * out_h * out_w * out_channels);

  for (int b = 0; b < c.batch; ++b) {
    for (int oy = 0; oy < out_h; ++oy) {
      for (int ox = 0; ox < out_w; ++ox) {
        for (int o = 0; o < out_channels; ++o) {
          const int channel = o / c.multiplier;
          double sum = c.bias ? graph.bias[o] : 0.0;
          for (int ky = 0; ky < c.filter_h; ++ky) {
            for (int kx = 0; kx < c.filter_w; ++kx) {
              const int y = oy * c.stride_h - pad_h + ky * c.dilation_h;
              const int x = ox * c.stride_w - pad_w + kx * c.dilation_w;
              if (y < 0 || y >= c.height || x < 0 || x >= c.width) continue;
              sum += static_cast<double>(
                         input[((b * c.height + y) * c.width + x) *
                                   c.channels + channel]) *
                     graph.weights[(ky * c.filter_w + kx) * out_channels + o];
            }
          }
          const double expected = NaiveActivation(c.activation, sum);
          const size_t index =
              ((static_cast<size_t>(b) * out_h + oy) * out_w + ox) *
                  out_channels + o;
          EXPECT_NEAR(output[index], expected,
                      1e-5 * std::max(1.0, std::abs(expected)))
              << "at [" << b << "," << oy << "," << ox << "," << o << "]";
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, DepthwiseConv2DTest,
                         ::testing::ValuesIn(AllDepthwiseCases()));

// Constant weights take the fast path, so the cases above test it: liten's
// AVX2 kernel takes a multiplier of 1 only, XNNPACK the others.
TEST(DepthwiseConv2DPathTest, ConstantWeightsTakeTheFastPath) {
  DepthwiseGraph multiplier1;
  multiplier1.weights_shape = {1, 3, 3, 3};
  multiplier1.bias_shape = {3};
  multiplier1.output_shape = {1, 5, 5, 3};
  multiplier1.depth_multiplier = 1;
  ExpectNodePath(BuildModel(multiplier1), Avx2OrXnnpackPath());
  ExpectNodePath(BuildModel(DepthwiseGraph()), "xnnpack");
}

// TFLite derives the multiplier from the filter; the option is not read.
TEST(DepthwiseConv2DOptionTest, IgnoresStaleDepthMultiplier) {
  DepthwiseGraph graph;
  graph.input_shape = {1, 1, 1, 2};
  graph.weights_shape = {1, 1, 1, 4};
  graph.output_shape = {1, 1, 1, 4};
  graph.bias_shape = {};
  graph.depth_multiplier = 0;
  graph.weights = {1.0f, 2.0f, 3.0f, 4.0f};
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(BuildModel(graph), {{10.0f, -1.0f}},
                                   graph.output_shape, &output));
  EXPECT_EQ(output, (std::vector<float>{10.0f, 20.0f, -3.0f, -4.0f}));
}

const ModelErrorCase<DepthwiseGraph> kDepthwiseErrorCases[] = {
    {"InputRank3", [](DepthwiseGraph& g) { g.input_shape = {5, 5, 3}; },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has rank 3 (shape [5,5,3]); expected rank 4"},
    {"FilterRank3", [](DepthwiseGraph& g) { g.weights_shape = {3, 3, 6}; },
     StatusCode::kInvalidModel, "input 1 (tensor 1) has rank 3"},
    {"FilterFirstDimNotOne",
     [](DepthwiseGraph& g) { g.weights_shape = {2, 3, 3, 6}; },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1), the filter, has shape [2,3,3,6]; expected [1, "
     "height, width, channels]"},
    {"ZeroStride", [](DepthwiseGraph& g) { g.stride_h = 0; },
     StatusCode::kInvalidModel, "stride is 0 x 1 (height x width)"},
    {"NegativeStride", [](DepthwiseGraph& g) { g.stride_w = -1; },
     StatusCode::kInvalidModel, "stride is 1 x -1 (height x width)"},
    {"ZeroDilation", [](DepthwiseGraph& g) { g.dilation_w = 0; },
     StatusCode::kInvalidModel, "dilation is 1 x 0 (height x width)"},
    {"MissingOptions", [](DepthwiseGraph& g) { g.has_options = false; },
     StatusCode::kInvalidModel, "stride is 0 x 0"},
    {"UnknownPadding",
     [](DepthwiseGraph& g) { g.padding = static_cast<schema::Padding>(2); },
     StatusCode::kInvalidModel, "unknown padding 2"},
    {"SignBitActivation",
     [](DepthwiseGraph& g) {
       g.activation = schema::ActivationFunctionType_SIGN_BIT;
     },
     StatusCode::kUnsupported, "fused activation 5 is not supported"},
    {"ChannelsNotMultiple",
     [](DepthwiseGraph& g) { g.input_shape = {1, 5, 5, 4}; },
     StatusCode::kInvalidModel,
     "the filter (input 1, tensor 1) has 6 channels, which is not a multiple "
     "of the 4 channels of input 0 (tensor 0)"},
    {"FewerFilterChannelsThanInput",
     [](DepthwiseGraph& g) { g.input_shape = {1, 5, 5, 12}; },
     StatusCode::kInvalidModel, "not a multiple of the 12 channels"},
    {"BiasLength", [](DepthwiseGraph& g) { g.bias_shape = {3}; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the bias, has shape [3]; expected [6]"},
    {"BiasRank2", [](DepthwiseGraph& g) { g.bias_shape = {1, 6}; },
     StatusCode::kInvalidModel, "the bias, has shape [1,6]; expected [6]"},
    {"Int32Input", [](DepthwiseGraph& g) { g.input_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT32; expected FLOAT32"},
    {"Int8Filter", [](DepthwiseGraph& g) { g.weights_type = DataType::kInt8; },
     StatusCode::kUnsupported, "input 1 (tensor 1) has type INT8"},
    {"Int32Bias", [](DepthwiseGraph& g) { g.bias_type = DataType::kInt32; },
     StatusCode::kUnsupported, "input 2 (tensor 2) has type INT32"},
    {"Int32Output",
     [](DepthwiseGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported, "output 0 (tensor 3) has type INT32"},
    {"MissingFilter", [](DepthwiseGraph& g) { g.node_inputs = {0}; },
     StatusCode::kInvalidModel, "has 1 inputs; expected 2 to 3"},
    {"OmittedFilter", [](DepthwiseGraph& g) { g.node_inputs = {0, -1, 2}; },
     StatusCode::kInvalidModel, "omitted"},
    {"ValidFilterLargerThanInput",
     [](DepthwiseGraph& g) {
       g.padding = schema::Padding_VALID;
       g.dilation_w = 3;
     },
     StatusCode::kInvalidModel,
     "width: input size 5 is smaller than the filter's extent 7"},
    {"Version7", [](DepthwiseGraph& g) { g.version = 7; },
     StatusCode::kUnsupported, "version 7"},
};

LITEN_MODEL_ERROR_TESTS(DepthwiseConv2D, BuildModel, kDepthwiseErrorCases);

// UINT8 and INT8 DEPTHWISE_CONV_2D.

// A quantized DepthwiseGraph: by default UINT8 with per-tensor parameters
// and an INT32 bias. The float weights and bias of the base stay unused.
struct QuantizedDepthwiseGraph : DepthwiseGraph {
  QuantizedDepthwiseGraph() {
    input_type = weights_type = output_type = DataType::kUInt8;
    bias_type = DataType::kInt32;
  }
  QuantizationInfo input_quantization{{0.5f}, {128}, 0};
  QuantizationInfo filter_quantization{{0.25f}, {120}, 3};
  QuantizationInfo bias_quantization{{0.125f}, {0}, 0};
  QuantizationInfo output_quantization{{0.5f}, {100}, 0};
  std::vector<uint8_t> filter_bytes;  // Zeros when empty.
  std::vector<int32_t> bias_values;   // Zeros when empty.
};

std::vector<uint8_t> BuildQuantizedModel(
    const QuantizedDepthwiseGraph& graph) {
  ModelBuilder builder;
  // A constant of `bytes` bytes at `data` (zeros past them), or, for a
  // negative `bytes`, a tensor the graph computes.
  const auto add = [&builder](DataType type, const std::vector<int32_t>& shape,
                              const QuantizationInfo& quantization,
                              const void* data, int64_t bytes) {
    int tensor = -1;
    if (bytes < 0) {
      tensor = builder.AddTensor(type, shape);
    } else {
      std::vector<uint8_t> values(ElementCount(shape) * DataTypeSize(type));
      if (bytes > 0) {
        std::memcpy(values.data(), data,
                    std::min<size_t>(values.size(), bytes));
      }
      tensor = builder.AddConstantBytes(type, shape, values);
    }
    builder.SetQuantization(tensor, quantization.scales,
                            quantization.zero_points, quantization.axis);
    return tensor;
  };
  const int input = add(graph.input_type, graph.input_shape,
                        graph.input_quantization, nullptr, -1);
  const int filter = add(graph.weights_type, graph.weights_shape,
                         graph.filter_quantization, graph.filter_bytes.data(),
                         static_cast<int64_t>(graph.filter_bytes.size()));
  const int bias =
      graph.bias_shape.empty()
          ? -1
          : add(graph.bias_type, graph.bias_shape, graph.bias_quantization,
                graph.bias_values.data(),
                static_cast<int64_t>(graph.bias_values.size() * 4));
  const int output = add(graph.output_type, graph.output_shape,
                         graph.output_quantization, nullptr, -1);
  const flatbuffers::Offset<void> options = BuildOptions(builder, graph);
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_DEPTHWISE_CONV_2D,
      graph.node_inputs.empty() ? std::vector<int>{input, filter, bias}
                                : graph.node_inputs,
      {output}, {input}, OptionsType(graph), options, graph.version);
}

struct QuantizedDepthwiseCase {
  DepthwiseCase shape;
  DataType type;
  bool per_channel;   // INT8 only: one filter scale per output channel.
  bool power_of_two;  // Scales and filters that make rounding ties common.
};

void PrintTo(const QuantizedDepthwiseCase& c, std::ostream* os) {
  PrintTo(c.shape, os);
  *os << " " << DataTypeName(c.type)
      << (c.per_channel ? " per-channel" : " per-tensor")
      << (c.power_of_two ? " power-of-two scales" : "");
}

std::vector<QuantizedDepthwiseCase> AllQuantizedDepthwiseCases() {
  std::vector<QuantizedDepthwiseCase> cases;
  bool power_of_two = false;
  for (const DepthwiseCase& shape : AllDepthwiseCases()) {
    power_of_two = !power_of_two;
    cases.push_back({shape, DataType::kUInt8, false, power_of_two});
    cases.push_back({shape, DataType::kInt8, true, !power_of_two});
  }
  return cases;
}

class QuantizedDepthwiseConv2DTest
    : public ::testing::TestWithParam<QuantizedDepthwiseCase> {};

// Against exact sums of (input - zero point) * (filter - zero point) over
// the taps inside the input (INT8 filter zero points taken as 0, as TFLite's
// INT8 kernel does, though these are not 0), plus the bias, requantized with
// TFLite's own rounding (MultiplyByQuantizedMultiplier, itself tested against
// its definition), plus the output zero point, clamped.
TEST_P(QuantizedDepthwiseConv2DTest, MatchesNaiveConvolution) {
  const QuantizedDepthwiseCase& q = GetParam();
  const DepthwiseCase& c = q.shape;
  const bool uint8 = q.type == DataType::kUInt8;
  const int out_channels = c.channels * c.multiplier;
  const NaiveAxis rows = NaiveWindowAxis(c.padding, c.height, c.filter_h,
                                         c.stride_h, c.dilation_h);
  const NaiveAxis cols = NaiveWindowAxis(c.padding, c.width, c.filter_w,
                                         c.stride_w, c.dilation_w);

  std::mt19937 rng(20260202);
  std::uniform_int_distribution<int> byte(0, 255);
  const auto value = [&](uint8_t b) {
    return uint8 ? int32_t{b} : int32_t{static_cast<int8_t>(b)};
  };
  QuantizedDepthwiseGraph graph;
  graph.input_type = graph.weights_type = graph.output_type = q.type;
  ShapeGraph(c, &graph);
  graph.version = uint8 ? 2 : 3;
  const float input_scale = 0.5f;
  graph.input_quantization = {{input_scale}, {value(byte(rng))}, 0};
  graph.filter_quantization = {{}, {}, 3};
  graph.bias_quantization = {{}, {}, 0};
  std::uniform_real_distribution<float> scale(0.01f, 0.03f);
  for (int o = 0; o < (q.per_channel ? out_channels : 1); ++o) {
    const float filter_scale =
        q.power_of_two ? std::ldexp(1.0f, -7 - o % 3) : scale(rng);
    graph.filter_quantization.scales.push_back(filter_scale);
    graph.filter_quantization.zero_points.push_back(value(byte(rng)));
    graph.bias_quantization.scales.push_back(input_scale * filter_scale);
    graph.bias_quantization.zero_points.push_back(0);
  }
  // The zero point the kernel subtracts: INT8 ones are taken as 0.
  const int64_t filter_zero_point =
      uint8 ? graph.filter_quantization.zero_points[0] : 0;
  // For ties, filter values within 1 of that zero point: a window then sums
  // to a few hundred, which a multiplier of 1/8 or so keeps off the clamps
  // while a quarter of the outputs round a tie. Otherwise products of about
  // 1e4.
  std::uniform_int_distribution<int> near_zero_point(-1, 1);
  for (int i = 0; i < c.filter_h * c.filter_w * out_channels; ++i) {
    const int64_t v =
        q.power_of_two ? filter_zero_point + near_zero_point(rng)
                       : value(static_cast<uint8_t>(byte(rng)));
    graph.filter_bytes.push_back(static_cast<uint8_t>(
        std::min<int64_t>(std::max<int64_t>(v, uint8 ? 0 : -128),
                          uint8 ? 255 : 127)));
  }
  // Multipliers of 1/4 to 1/16 for ties, else sums of about 1e4 *
  // sqrt(taps) scaled to tens of steps. A power of two puts the activation
  // bounds on whole steps.
  const float output_scale =
      q.power_of_two
          ? input_scale * std::ldexp(1.0f, -5)
          : static_cast<float>(std::exp2(std::round(std::log2(
                input_scale * 0.02 * 1e4 *
                std::sqrt(c.filter_h * c.filter_w) / 30))));
  graph.output_quantization = {
      {q.power_of_two || c.activation != schema::ActivationFunctionType_NONE
           ? output_scale
           : output_scale * 1.37f},
      {value(byte(rng))},
      0};
  std::uniform_int_distribution<int32_t> bias(-5000, 5000);
  for (int o = 0; o < out_channels; ++o) graph.bias_values.push_back(bias(rng));
  std::vector<uint8_t> input(ElementCount(graph.input_shape));
  for (size_t i = 0; i < input.size(); ++i) {
    input[i] = static_cast<uint8_t>(i < 256 ? i : byte(rng));
  }

  std::vector<uint8_t> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(BuildQuantizedModel(graph), {input},
                                   graph.output_shape, &output));
  ASSERT_EQ(output.size(),
            static_cast<size_t>(ElementCount(graph.output_shape)));

  const int64_t input_zero_point = graph.input_quantization.zero_points[0];
  const int64_t output_zero_point = graph.output_quantization.zero_points[0];
  const double out_scale = graph.output_quantization.scales[0];
  size_t index = 0;
  for (int b = 0; b < c.batch; ++b) {
    for (int oy = 0; oy < rows.size; ++oy) {
      for (int ox = 0; ox < cols.size; ++ox) {
        for (int o = 0; o < out_channels; ++o, ++index) {
          const size_t scale_index = q.per_channel ? o : 0;
          int64_t sum = c.bias ? graph.bias_values[o] : 0;
          for (int ky = 0; ky < c.filter_h; ++ky) {
            for (int kx = 0; kx < c.filter_w; ++kx) {
              const int y = oy * c.stride_h - rows.padding_before +
                            ky * c.dilation_h;
              const int x = ox * c.stride_w - cols.padding_before +
                            kx * c.dilation_w;
              if (y < 0 || y >= c.height || x < 0 || x >= c.width) continue;
              sum += (value(input[((b * c.height + y) * c.width + x) *
                                      c.channels + o / c.multiplier]) -
                      input_zero_point) *
                     (value(graph.filter_bytes[(ky * c.filter_w + kx) *
                                                   out_channels + o]) -
                      filter_zero_point);
            }
          }
          // TFLite's multiplier: the scale product in float for UINT8, all
          // in double for INT8.
          const float filter_scale =
              graph.filter_quantization.scales[scale_index];
          const QuantizedMultiplier m =
              uint8 ? QuantizeMultiplier(input_scale * filter_scale /
                                         out_scale)
                    : QuantizeMultiplier(static_cast<double>(input_scale) *
                                         filter_scale / out_scale);
          const int64_t requantized =
              MultiplyByQuantizedMultiplier(static_cast<int32_t>(sum), m) +
              output_zero_point;
          // The activation's bounds, on whole steps, then the type's range.
          const double real = NaiveActivation(
              c.activation, (requantized - output_zero_point) * out_scale);
          const int64_t expected = std::min<int64_t>(
              std::max<int64_t>(output_zero_point +
                                    std::llround(real / out_scale),
                                uint8 ? 0 : -128),
              uint8 ? 255 : 127);
          ASSERT_EQ(value(output[index]), expected)
              << "at [" << b << "," << oy << "," << ox << "," << o << "]";
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, QuantizedDepthwiseConv2DTest,
                         ::testing::ValuesIn(AllQuantizedDepthwiseCases()));

TEST(QuantizedDepthwiseConv2DPathTest, ConstantWeightsTakeTheFastPath) {
  QuantizedDepthwiseGraph graph;
  graph.input_shape = {1, 5, 5, 6};
  graph.depth_multiplier = 1;
  ExpectNodePath(BuildQuantizedModel(graph), QuantizedFastPath());
}

// liten's AVX2 kernel takes one output channel per input channel only.
TEST(QuantizedDepthwiseConv2DPathTest, DepthMultiplierTwoRunsOnReference) {
  ExpectNodePath(BuildQuantizedModel(QuantizedDepthwiseGraph()), "reference");
}

// The checks CONV_2D shares are tested there; these are DEPTHWISE_CONV_2D's.
const ModelErrorCase<QuantizedDepthwiseGraph> kQuantizedDepthwiseErrorCases[] =
    {
        {"PerChannelUint8Filter",
         [](QuantizedDepthwiseGraph& g) {
           g.filter_quantization = {{0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.5f},
                                    {1, 2, 3, 4, 5, 6},
                                    3};
         },
         StatusCode::kUnsupported,
         "not for UINT8 DEPTHWISE_CONV_2D"},
        {"BiasRank2",
         [](QuantizedDepthwiseGraph& g) { g.bias_shape = {1, 6}; },
         StatusCode::kInvalidModel,
         "input 2 (tensor 2), the bias, has shape [1,6]; expected [6]"},
        {"FloatBias",
         [](QuantizedDepthwiseGraph& g) { g.bias_type = DataType::kFloat32; },
         StatusCode::kUnsupported,
         "input 2 (tensor 2) has type FLOAT32; expected INT32"},
        {"BiasScaleMismatch",
         [](QuantizedDepthwiseGraph& g) {
           g.bias_quantization.scales = {0.25f};
         },
         StatusCode::kInvalidModel, "TFLite requires them to differ by at "
                                    "most 2% of the output scale 0.5"},
        {"Int8ScaleCount",
         [](QuantizedDepthwiseGraph& g) {
           g.input_type = g.weights_type = g.output_type = DataType::kInt8;
           g.input_quantization.zero_points = {0};
           g.output_quantization.zero_points = {0};
           g.filter_quantization = {{0.25f, 0.5f, 0.25f}, {0, 0, 0}, 1};
         },
         StatusCode::kInvalidModel,
         "the filter, has 3 scales; expected 1 or one per output channel "
         "(6)"},
        {"FilterFirstDimNotOne",
         [](QuantizedDepthwiseGraph& g) {
           g.weights_shape = {2, 3, 3, 6};
         },
         StatusCode::kInvalidModel, "expected [1, height, width, channels]"},
        {"Int16Input",
         [](QuantizedDepthwiseGraph& g) {
           g.input_type = g.weights_type = g.output_type = DataType::kInt16;
         },
         StatusCode::kUnsupported,
         "input 0 (tensor 0) has type INT16; expected FLOAT32, UINT8 or "
         "INT8"},
};

LITEN_MODEL_ERROR_TESTS(QuantizedDepthwiseConv2D, BuildQuantizedModel,
                        kQuantizedDepthwiseErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
