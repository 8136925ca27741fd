// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CONV_2D, run through the loader and interpreter, against a naive
// convolution written from the definition.
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

// A valid CONV_2D model to vary: input [1, 5, 5, 4], filter [6, 3, 3, 4],
// bias [6], SAME padding, stride and dilation 1.
struct ConvGraph : Conv2DGraph {
  ConvGraph() {
    input_shape = {1, 5, 5, 4};
    weights_shape = {6, 3, 3, 4};
    bias_shape = {6};
    output_shape = {1, 5, 5, 6};
  }
};

// The node's options table, or none when the graph has no options.
flatbuffers::Offset<void> BuildOptions(ModelBuilder& builder,
                                       const ConvGraph& graph) {
  if (!graph.has_options) return 0;
  return schema::CreateConv2DOptions(builder.fbb(), graph.padding,
                                     graph.stride_w, graph.stride_h,
                                     graph.activation, graph.dilation_w,
                                     graph.dilation_h)
      .Union();
}

schema::BuiltinOptions OptionsType(const ConvGraph& graph) {
  return graph.has_options ? schema::BuiltinOptions_Conv2DOptions
                           : schema::BuiltinOptions_NONE;
}

std::vector<uint8_t> BuildModel(const ConvGraph& graph) {
  ModelBuilder builder;
  const flatbuffers::Offset<void> options = BuildOptions(builder, graph);
  return FinishWeightedOpModel(builder, graph, schema::BuiltinOperator_CONV_2D,
                               OptionsType(graph), options);
}

struct ConvCase {
  int batch, height, width, channels;
  int filter_h, filter_w, out_channels;
  int groups;
  schema::Padding padding;
  int stride_h, stride_w, dilation_h, dilation_w;
  schema::ActivationFunctionType activation;
  bool bias;
};

void PrintTo(const ConvCase& c, std::ostream* os) {
  *os << "input [" << c.batch << "," << c.height << "," << c.width << ","
      << c.channels << "] filter " << c.out_channels << "x" << c.filter_h
      << "x" << c.filter_w << " groups " << c.groups << " "
      << schema::EnumNamePadding(c.padding) << " stride " << c.stride_h << "x"
      << c.stride_w << " dilation " << c.dilation_h << "x" << c.dilation_w
      << " " << schema::EnumNameActivationFunctionType(c.activation)
      << (c.bias ? " bias" : " no bias");
}

std::vector<ConvCase> AllConvCases() {
  using schema::ActivationFunctionType_NONE;
  std::vector<ConvCase> cases;
  // Every padding, stride and dilation on one odd-sized batch, with height
  // and width set apart so that a swapped axis shows.
  for (schema::Padding padding :
       {schema::Padding_SAME, schema::Padding_VALID}) {
    for (int stride = 1; stride <= 3; ++stride) {
      for (int dilation = 1; dilation <= 2; ++dilation) {
        for (bool bias : {true, false}) {
          cases.push_back({2, 9, 11, 3, 3, 2, 4, 1, padding, stride,
                           stride % 3 + 1, dilation, 3 - dilation,
                           ActivationFunctionType_NONE, bias});
        }
      }
    }
  }
  for (schema::ActivationFunctionType activation :
       {schema::ActivationFunctionType_NONE,
        schema::ActivationFunctionType_RELU,
        schema::ActivationFunctionType_RELU_N1_TO_1,
        schema::ActivationFunctionType_RELU6}) {
    cases.push_back({1, 6, 5, 3, 3, 3, 5, 1, schema::Padding_SAME, 1, 1, 1, 1,
                     activation, true});
  }
  // Odd sizes: everything 1; 13s; a single row; a pointwise conv.
  cases.push_back({1, 1, 1, 1, 1, 1, 1, 1, schema::Padding_VALID, 1, 1, 1, 1,
                   ActivationFunctionType_NONE, true});
  cases.push_back({1, 13, 13, 13, 3, 3, 13, 1, schema::Padding_VALID, 2, 2, 1,
                   1, ActivationFunctionType_NONE, true});
  cases.push_back({3, 1, 13, 5, 1, 3, 7, 1, schema::Padding_SAME, 1, 3, 1, 2,
                   ActivationFunctionType_NONE, false});
  cases.push_back({2, 7, 3, 13, 1, 1, 3, 1, schema::Padding_SAME, 2, 1, 1, 1,
                   ActivationFunctionType_NONE, true});
  // A filter wider than the image under SAME padding.
  cases.push_back({1, 3, 2, 2, 5, 5, 2, 1, schema::Padding_SAME, 1, 1, 1, 1,
                   ActivationFunctionType_NONE, true});
  // Grouped convolutions: 3 groups of 2 channels, 2 groups with one output
  // each, and one group per channel.
  cases.push_back({2, 5, 6, 6, 3, 3, 6, 3, schema::Padding_SAME, 1, 2, 1, 1,
                   ActivationFunctionType_NONE, true});
  cases.push_back({1, 5, 5, 4, 2, 2, 2, 2, schema::Padding_VALID, 1, 1, 2, 1,
                   ActivationFunctionType_NONE, false});
  cases.push_back({1, 4, 4, 13, 3, 3, 13, 13, schema::Padding_SAME, 1, 1, 1, 1,
                   schema::ActivationFunctionType_RELU, true});
  // The AVX2 GEMM's tiling: 1x1 windows read in place (output channels
  // filling 16-wide panels, then an 8-wide one), packed weights too large
  // for one cache block, gathered windows over few input channels (the
  // models' first layers), one output channel, a strided 1x1 window.
  cases.push_back({1, 7, 9, 17, 1, 1, 24, 1, schema::Padding_VALID, 1, 1, 1, 1,
                   schema::ActivationFunctionType_RELU6, true});
  cases.push_back({2, 5, 5, 64, 1, 1, 40, 1, schema::Padding_SAME, 1, 1, 1, 1,
                   ActivationFunctionType_NONE, false});
  cases.push_back({1, 3, 4, 256, 1, 1, 300, 1, schema::Padding_VALID, 1, 1, 1,
                   1, ActivationFunctionType_NONE, true});
  cases.push_back({1, 11, 13, 3, 3, 3, 24, 1, schema::Padding_SAME, 2, 2, 1, 1,
                   schema::ActivationFunctionType_RELU6, true});
  cases.push_back({1, 12, 12, 3, 5, 5, 32, 1, schema::Padding_SAME, 2, 2, 1, 1,
                   ActivationFunctionType_NONE, true});
  cases.push_back({1, 16, 16, 8, 3, 3, 1, 1, schema::Padding_SAME, 1, 1, 1, 1,
                   ActivationFunctionType_NONE, true});
  cases.push_back({1, 9, 9, 16, 1, 1, 17, 1, schema::Padding_SAME, 2, 2, 1, 1,
                   ActivationFunctionType_NONE, true});
  return cases;
}

// Sets the shapes and options of `graph` to those of case `c`.
void ShapeGraph(const ConvCase& c, ConvGraph* graph) {
  const NaiveAxis rows = NaiveWindowAxis(c.padding, c.height, c.filter_h,
                                         c.stride_h, c.dilation_h);
  const NaiveAxis cols = NaiveWindowAxis(c.padding, c.width, c.filter_w,
                                         c.stride_w, c.dilation_w);
  graph->input_shape = {c.batch, c.height, c.width, c.channels};
  graph->weights_shape = {c.out_channels, c.filter_h, c.filter_w,
                          c.channels / c.groups};
  graph->bias_shape = c.bias ? std::vector<int32_t>{c.out_channels}
                             : std::vector<int32_t>{};
  graph->output_shape = {c.batch, rows.size, cols.size, c.out_channels};
  graph->padding = c.padding;
  graph->stride_h = c.stride_h;
  graph->stride_w = c.stride_w;
  graph->dilation_h = c.dilation_h;
  graph->dilation_w = c.dilation_w;
  graph->activation = c.activation;
}

class Conv2DTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(Conv2DTest, MatchesNaiveConvolution) {
  const ConvCase& c = GetParam();
  const int filter_channels = c.channels / c.groups;
  const NaiveAxis rows = NaiveWindowAxis(c.padding, c.height, c.filter_h,
                                         c.stride_h, c.dilation_h);
  const NaiveAxis cols = NaiveWindowAxis(c.padding, c.width, c.filter_w,
                                         c.stride_w, c.dilation_w);

  std::mt19937 rng(20260101);
  ConvGraph graph;
  ShapeGraph(c, &graph);
  graph.weights = RandomVector(rng, static_cast<size_t>(c.out_channels) *
                                   c.filter_h * c.filter_w * filter_channels,
                               1.0f);
  if (c.bias) graph.bias = RandomVector(rng, c.out_channels, 1.0f);
  // Inputs up to 2 in magnitude, so that RELU6 and RELU_N1_TO_1 clip.
  const std::vector<float> input = RandomVector(
      rng, static_cast<size_t>(c.batch) * c.height * c.width * c.channels,
      2.0f);

  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
  ASSERT_EQ(output.size(), static_cast<size_t>(c.batch) * rows.size *
                               cols.size * c.out_channels);

  const int group_size = c.out_channels / c.groups;
  size_t index = 0;
  for (int b = 0; b < c.batch; ++b) {
    for (int oy = 0; oy < rows.size; ++oy) {
      for (int ox = 0; ox < cols.size; ++ox) {
        for (int o = 0; o < c.out_channels; ++o, ++index) {
          double sum = c.bias ? graph.bias[o] : 0.0;
          for (int ky = 0; ky < c.filter_h; ++ky) {
            for (int kx = 0; kx < c.filter_w; ++kx) {
              const int y = oy * c.stride_h - rows.padding_before +
                            ky * c.dilation_h;
              const int x = ox * c.stride_w - cols.padding_before +
                            kx * c.dilation_w;
              if (y < 0 || y >= c.height || x < 0 || x >= c.width) continue;
              for (int k = 0; k < filter_channels; ++k) {
                const int channel = o / group_size * filter_channels + k;
                sum += static_cast<double>(
                           input[((b * c.height + y) * c.width + x) *
                                     c.channels + channel]) *
                       graph.weights[((o * c.filter_h + ky) * c.filter_w + kx) *
                                        filter_channels + k];
              }
            }
          }
          const double expected = NaiveActivation(c.activation, sum);
          EXPECT_NEAR(output[index], expected,
                      1e-5 * std::max(1.0, std::abs(expected)))
              << "at [" << b << "," << oy << "," << ox << "," << o << "]";
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, Conv2DTest,
                         ::testing::ValuesIn(AllConvCases()));

// Constant weights take the fast path, so the cases above test it.
TEST(Conv2DPathTest, ConstantWeightsTakeTheFastPath) {
  ExpectNodePath(BuildModel(ConvGraph()), Avx2OrXnnpackPath());
}

const ModelErrorCase<ConvGraph> kConvErrorCases[] = {
    {"InputRank3", [](ConvGraph& g) { g.input_shape = {5, 5, 4}; },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has rank 3 (shape [5,5,4]); expected rank 4"},
    {"FilterRank2", [](ConvGraph& g) { g.weights_shape = {6, 36}; },
     StatusCode::kInvalidModel, "input 1 (tensor 1) has rank 2"},
    {"ZeroStride", [](ConvGraph& g) { g.stride_w = 0; },
     StatusCode::kInvalidModel, "stride is 1 x 0 (height x width)"},
    {"NegativeStride", [](ConvGraph& g) { g.stride_h = -2; },
     StatusCode::kInvalidModel, "stride is -2 x 1 (height x width)"},
    {"ZeroDilation", [](ConvGraph& g) { g.dilation_h = 0; },
     StatusCode::kInvalidModel, "dilation is 0 x 1 (height x width)"},
    {"MissingOptions", [](ConvGraph& g) { g.has_options = false; },
     StatusCode::kInvalidModel, "stride is 0 x 0"},
    {"UnknownPadding",
     [](ConvGraph& g) { g.padding = static_cast<schema::Padding>(7); },
     StatusCode::kInvalidModel, "unknown padding 7"},
    {"TanhActivation",
     [](ConvGraph& g) { g.activation = schema::ActivationFunctionType_TANH; },
     StatusCode::kUnsupported, "fused activation 4 is not supported"},
    {"ChannelMismatch", [](ConvGraph& g) { g.input_shape = {1, 5, 5, 5}; },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has 5 channels, which is not a positive multiple of "
     "the 4 input channels of the filter (input 1, tensor 1)"},
    {"GroupsDoNotSplitOutputs",
     [](ConvGraph& g) {
       g.input_shape = {1, 5, 5, 8};
       g.weights_shape = {3, 3, 3, 4};
       g.bias_shape = {3};
     },
     StatusCode::kInvalidModel, "3 output channels, which do not split into "
                                "the 2 groups"},
    {"BiasLength", [](ConvGraph& g) { g.bias_shape = {5}; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the bias, has 5 elements; expected 6"},
    {"Int32Input", [](ConvGraph& g) { g.input_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT32; expected FLOAT32"},
    {"Int8Filter", [](ConvGraph& g) { g.weights_type = DataType::kInt8; },
     StatusCode::kUnsupported, "input 1 (tensor 1) has type INT8"},
    {"Int32Bias", [](ConvGraph& g) { g.bias_type = DataType::kInt32; },
     StatusCode::kUnsupported, "input 2 (tensor 2) has type INT32"},
    {"Int32Output", [](ConvGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported, "output 0 (tensor 3) has type INT32"},
    {"MissingFilter", [](ConvGraph& g) { g.node_inputs = {0}; },
     StatusCode::kInvalidModel, "has 1 inputs; expected 2 to 3"},
    {"OmittedFilter", [](ConvGraph& g) { g.node_inputs = {0, -1, 2}; },
     StatusCode::kInvalidModel, "omitted"},
    {"ExtraInput", [](ConvGraph& g) { g.node_inputs = {0, 1, 2, 2}; },
     StatusCode::kInvalidModel, "has 4 inputs; expected 2 to 3"},
    {"ValidFilterLargerThanInput",
     [](ConvGraph& g) {
       g.padding = schema::Padding_VALID;
       g.input_shape = {1, 2, 5, 4};
     },
     StatusCode::kInvalidModel, "height: input size 2 is smaller than the "
                                "filter's extent 3"},
    {"Version7", [](ConvGraph& g) { g.version = 7; },
     StatusCode::kUnsupported, "version 7"},
};

LITEN_MODEL_ERROR_TESTS(Conv2D, BuildModel, kConvErrorCases);

// UINT8 and INT8 CONV_2D.

// A quantized ConvGraph: by default UINT8 with per-tensor parameters and an
// INT32 bias. The float weights and bias of the base stay unused.
struct QuantizedConvGraph : ConvGraph {
  QuantizedConvGraph() {
    input_type = weights_type = output_type = DataType::kUInt8;
    bias_type = DataType::kInt32;
  }
  QuantizationInfo input_quantization{{0.5f}, {128}, 0};
  QuantizationInfo filter_quantization{{0.25f}, {120}, 0};
  QuantizationInfo bias_quantization{{0.125f}, {0}, 0};
  QuantizationInfo output_quantization{{2.0f}, {100}, 0};
  // Zero bytes of the right size when empty.
  std::vector<uint8_t> filter_bytes;
  std::vector<int32_t> bias_values;
};

std::vector<uint8_t> BuildQuantizedModel(const QuantizedConvGraph& graph) {
  ModelBuilder builder;
  const auto quantize = [&builder](int tensor, const QuantizationInfo& q) {
    builder.SetQuantization(tensor, q.scales, q.zero_points, q.axis);
  };
  const int input = builder.AddTensor(graph.input_type, graph.input_shape);
  quantize(input, graph.input_quantization);
  std::vector<uint8_t> filter_bytes = graph.filter_bytes;
  filter_bytes.resize(ElementCount(graph.weights_shape) *
                      DataTypeSize(graph.weights_type));
  const int filter = builder.AddConstantBytes(
      graph.weights_type, graph.weights_shape, filter_bytes);
  quantize(filter, graph.filter_quantization);
  int bias = -1;
  if (!graph.bias_shape.empty()) {
    std::vector<uint8_t> bias_bytes(ElementCount(graph.bias_shape) *
                                    DataTypeSize(graph.bias_type));
    if (!graph.bias_values.empty()) {
      std::memcpy(bias_bytes.data(), graph.bias_values.data(),
                  std::min(bias_bytes.size(), graph.bias_values.size() * 4));
    }
    bias = builder.AddConstantBytes(graph.bias_type, graph.bias_shape,
                                    bias_bytes);
    quantize(bias, graph.bias_quantization);
  }
  const int output = builder.AddTensor(graph.output_type, graph.output_shape);
  quantize(output, graph.output_quantization);
  const flatbuffers::Offset<void> options = BuildOptions(builder, graph);
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_CONV_2D,
      graph.node_inputs.empty() ? std::vector<int>{input, filter, bias}
                                : graph.node_inputs,
      {output}, {input}, OptionsType(graph), options, graph.version);
}

// How a case quantizes: arbitrary scales; powers of two, which make rounding
// ties common (every accumulator whose dropped bits are 100...0); and a real
// multiplier above 1, which shifts left and saturates.
enum class Scales { kArbitrary, kPowersOfTwo, kAboveOne };

struct QuantizedConvCase {
  ConvCase shape;
  DataType type;
  bool per_channel;  // INT8 only: one filter scale per output channel.
  Scales scales;
};

void PrintTo(const QuantizedConvCase& c, std::ostream* os) {
  PrintTo(c.shape, os);
  *os << " " << DataTypeName(c.type)
      << (c.per_channel ? " per-channel" : " per-tensor") << " scales "
      << static_cast<int>(c.scales);
}

std::vector<QuantizedConvCase> AllQuantizedConvCases() {
  std::vector<QuantizedConvCase> cases;
  int i = 0;
  for (const ConvCase& shape : AllConvCases()) {
    if (shape.groups != 1) continue;
    const Scales scales = static_cast<Scales>(i++ % 3);
    cases.push_back({shape, DataType::kUInt8, false, scales});
    cases.push_back({shape, DataType::kInt8, true, scales});
    if (i % 4 == 0) cases.push_back({shape, DataType::kInt8, false, scales});
  }
  return cases;
}

// An 8-bit value of `type` from its byte.
int32_t ValueOf(DataType type, uint8_t byte) {
  return type == DataType::kUInt8 ? byte : static_cast<int8_t>(byte);
}

// `count` bytes: every byte value in turn, then random ones.
std::vector<uint8_t> EveryByteThenRandom(std::mt19937& rng, size_t count) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<uint8_t> bytes(count);
  for (size_t i = 0; i < count; ++i) {
    bytes[i] = static_cast<uint8_t>(i < 256 ? i : byte(rng));
  }
  return bytes;
}

// The clamp of a fused activation on quantized outputs, for output scales at
// which its bounds are whole steps: the real clamp moved to the quantized
// domain, then the type's range.
int32_t NaiveQuantizedClamp(schema::ActivationFunctionType activation,
                            DataType type, const QuantizationInfo& output,
                            int64_t value) {
  const double scale = output.scales[0];
  const int64_t zero_point = output.zero_points[0];
  const double real = NaiveActivation(activation, (value - zero_point) * scale);
  const int64_t clamped = zero_point + std::llround(real / scale);
  const int64_t low = type == DataType::kUInt8 ? 0 : -128;
  return static_cast<int32_t>(std::min<int64_t>(std::max(clamped, low),
                                                low + 255));
}

// The quantization and filter of a case, drawn from `rng`: zero points
// anywhere in the type's range (filters symmetric for INT8), scales per
// `c.scales`, `depth` filter values per output channel. Arbitrary scales
// come with filter values over the whole range, whose products of about 1e4
// sum to 1e4 * sqrt(depth), scaled to tens of steps. The others come with
// filter values within 1 of the zero point, whose sums stay in the hundreds:
// powers of two then scale them by 1/4 to 1/16, which rounds a tie for an
// eighth to a half of the outputs, and multipliers of 1 to 4 shift left and
// clamp some of them.
void QuantizeAndFillFilter(const QuantizedConvCase& c, int depth,
                           std::mt19937& rng, QuantizedConvGraph* graph) {
  const bool uint8 = c.type == DataType::kUInt8;
  std::uniform_int_distribution<int> zero_point(uint8 ? 0 : -128,
                                                uint8 ? 255 : 127);
  std::uniform_real_distribution<float> scale(0.01f, 0.03f);
  std::uniform_int_distribution<int> exponent(-8, -6);
  const float input_scale = 0.5f;
  const int channels = c.per_channel ? c.shape.out_channels : 1;
  graph->input_quantization = {{input_scale}, {zero_point(rng)}, 0};
  graph->filter_quantization = {{}, {}, 0};
  graph->bias_quantization = {{}, {}, 0};
  for (int o = 0; o < channels; ++o) {
    const float filter_scale = c.scales == Scales::kArbitrary
                                   ? scale(rng)
                                   : std::ldexp(1.0f, exponent(rng));
    graph->filter_quantization.scales.push_back(filter_scale);
    graph->filter_quantization.zero_points.push_back(uint8 ? zero_point(rng)
                                                           : 0);
    graph->bias_quantization.scales.push_back(input_scale * filter_scale);
    graph->bias_quantization.zero_points.push_back(0);
  }
  const int64_t filter_zero_point = graph->filter_quantization.zero_points[0];
  std::uniform_int_distribution<int> near_zero_point(-1, 1);
  graph->filter_bytes =
      EveryByteThenRandom(rng, ElementCount(graph->weights_shape));
  if (c.scales != Scales::kArbitrary) {
    for (uint8_t& byte : graph->filter_bytes) {
      const int64_t v = filter_zero_point + near_zero_point(rng);
      byte = static_cast<uint8_t>(std::min<int64_t>(
          std::max<int64_t>(v, uint8 ? 0 : -128), uint8 ? 255 : 127));
    }
  }

  double output_scale = input_scale * 0.02 * 1e4 * std::sqrt(depth) / 30;
  if (c.scales == Scales::kPowersOfTwo) {
    output_scale = input_scale * std::ldexp(1.0, -4);  // Multipliers 1/4-1/16.
  } else if (c.scales == Scales::kAboveOne) {
    output_scale = input_scale * std::ldexp(1.0, -8);  // Multipliers 1-4.
  } else if (c.shape.activation != schema::ActivationFunctionType_NONE) {
    // Activation bounds then fall on whole steps, which NaiveQuantizedClamp
    // needs.
    output_scale = std::exp2(std::round(std::log2(output_scale)));
  }
  graph->output_quantization = {
      {static_cast<float>(output_scale)}, {zero_point(rng)}, 0};
}

// The real multiplier of output channel o as TFLite computes it: the scale
// product in float for UINT8 filters, everything in double for INT8 ones.
QuantizedMultiplier ChannelMultiplier(const QuantizedConvGraph& graph,
                                      int o) {
  const float input_scale = graph.input_quantization.scales[0];
  const std::vector<float>& filter_scales = graph.filter_quantization.scales;
  const float filter_scale = filter_scales[filter_scales.size() == 1 ? 0 : o];
  const double output_scale = graph.output_quantization.scales[0];
  if (graph.input_type == DataType::kUInt8) {
    return QuantizeMultiplier(input_scale * filter_scale / output_scale);
  }
  return QuantizeMultiplier(static_cast<double>(input_scale) * filter_scale /
                            output_scale);
}

class QuantizedConv2DTest
    : public ::testing::TestWithParam<QuantizedConvCase> {};

// Against exact sums of (input - zero point) * (filter - zero point) over
// the taps inside the input, plus the bias, requantized with ruy's rounding
// (RuyMultiplyByQuantizedMultiplier, itself tested against its definition)
// by the channel's multiplier, plus the output zero point, clamped.
TEST_P(QuantizedConv2DTest, MatchesNaiveConvolution) {
  const QuantizedConvCase& q = GetParam();
  const ConvCase& c = q.shape;
  const NaiveAxis rows = NaiveWindowAxis(c.padding, c.height, c.filter_h,
                                         c.stride_h, c.dilation_h);
  const NaiveAxis cols = NaiveWindowAxis(c.padding, c.width, c.filter_w,
                                         c.stride_w, c.dilation_w);

  std::mt19937 rng(20260201);
  QuantizedConvGraph graph;
  graph.input_type = graph.weights_type = graph.output_type = q.type;
  ShapeGraph(c, &graph);
  graph.version = q.type == DataType::kUInt8 ? 1 : 3;
  QuantizeAndFillFilter(q, c.filter_h * c.filter_w * c.channels, rng,
                        &graph);
  std::uniform_int_distribution<int32_t> bias(-30000, 30000);
  for (int o = 0; o < c.out_channels; ++o) {
    graph.bias_values.push_back(bias(rng));
  }
  const std::vector<uint8_t> input =
      EveryByteThenRandom(rng, ElementCount(graph.input_shape));

  std::vector<uint8_t> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(BuildQuantizedModel(graph), {input},
                                   graph.output_shape, &output));
  ASSERT_EQ(output.size(), static_cast<size_t>(ElementCount(
                               graph.output_shape)));

  const int32_t input_zero_point =
      static_cast<int32_t>(graph.input_quantization.zero_points[0]);
  size_t index = 0;
  for (int b = 0; b < c.batch; ++b) {
    for (int oy = 0; oy < rows.size; ++oy) {
      for (int ox = 0; ox < cols.size; ++ox) {
        for (int o = 0; o < c.out_channels; ++o, ++index) {
          const int32_t filter_zero_point = static_cast<int32_t>(
              graph.filter_quantization.zero_points.size() == 1
                  ? graph.filter_quantization.zero_points[0]
                  : 0);
          int64_t sum = c.bias ? graph.bias_values[o] : 0;
          for (int ky = 0; ky < c.filter_h; ++ky) {
            for (int kx = 0; kx < c.filter_w; ++kx) {
              const int y = oy * c.stride_h - rows.padding_before +
                            ky * c.dilation_h;
              const int x = ox * c.stride_w - cols.padding_before +
                            kx * c.dilation_w;
              if (y < 0 || y >= c.height || x < 0 || x >= c.width) continue;
              for (int k = 0; k < c.channels; ++k) {
                const uint8_t pixel =
                    input[((b * c.height + y) * c.width + x) * c.channels + k];
                const uint8_t weight =
                    graph.filter_bytes[((o * c.filter_h + ky) * c.filter_w +
                                        kx) * c.channels + k];
                sum += (ValueOf(q.type, pixel) - input_zero_point) *
                       (ValueOf(q.type, weight) - filter_zero_point);
              }
            }
          }
          const QuantizedMultiplier m = ChannelMultiplier(graph, o);
          const int32_t scaled = RuyMultiplyByQuantizedMultiplier(
              static_cast<int32_t>(sum), m.multiplier, m.shift);
          const int32_t expected = NaiveQuantizedClamp(
              c.activation, q.type, graph.output_quantization,
              scaled + graph.output_quantization.zero_points[0]);
          ASSERT_EQ(ValueOf(q.type, output[index]), expected)
              << "at [" << b << "," << oy << "," << ox << "," << o << "]";
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, QuantizedConv2DTest,
                         ::testing::ValuesIn(AllQuantizedConvCases()));

TEST(QuantizedConv2DPathTest, ConstantWeightsTakeTheFastPath) {
  ExpectNodePath(BuildQuantizedModel(QuantizedConvGraph()),
                 QuantizedFastPath());
}

// Per-axis scales on INT8 filters, and the INT8 defaults the rows break.
void MakeInt8PerChannel(QuantizedConvGraph& g) {
  g.input_type = g.weights_type = g.output_type = DataType::kInt8;
  g.input_quantization.zero_points = {-3};
  g.output_quantization.zero_points = {5};
  g.filter_quantization = {{0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.5f},
                           {0, 0, 0, 0, 0, 0},
                           0};
  g.bias_quantization = {{}, {}, 0};
}

const ModelErrorCase<QuantizedConvGraph> kQuantizedConvErrorCases[] = {
    {"Int16Input",
     [](QuantizedConvGraph& g) {
       g.input_type = g.weights_type = g.output_type = DataType::kInt16;
     },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT16; expected FLOAT32, UINT8 or INT8"},
    {"Int8FilterForUint8Input",
     [](QuantizedConvGraph& g) { g.weights_type = DataType::kInt8; },
     StatusCode::kUnsupported,
     "input 1 (tensor 1) has type INT8; expected UINT8"},
    {"Int8Output",
     [](QuantizedConvGraph& g) { g.output_type = DataType::kInt8; },
     StatusCode::kUnsupported,
     "output 0 (tensor 3) has type INT8; expected UINT8"},
    {"FloatBias",
     [](QuantizedConvGraph& g) { g.bias_type = DataType::kFloat32; },
     StatusCode::kUnsupported,
     "input 2 (tensor 2) has type FLOAT32; expected INT32"},
    {"BiasLength", [](QuantizedConvGraph& g) { g.bias_shape = {5}; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the bias, has 5 elements; expected 6"},
    {"UnquantizedInput",
     [](QuantizedConvGraph& g) { g.input_quantization = {}; },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has type UINT8 but no quantization parameters"},
    {"UnquantizedOutput",
     [](QuantizedConvGraph& g) { g.output_quantization = {}; },
     StatusCode::kInvalidModel,
     "output 0 (tensor 3) has type UINT8 but no quantization parameters"},
    {"UnquantizedFilter",
     [](QuantizedConvGraph& g) { g.filter_quantization = {}; },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1), the filter, has type UINT8 but no quantization "
     "parameters"},
    {"PerAxisInput",
     [](QuantizedConvGraph& g) {
       g.input_quantization = {{0.5f, 0.5f, 0.5f, 0.5f}, {1, 2, 3, 4}, 3};
     },
     StatusCode::kUnsupported, "input 0 (tensor 0) has 4 per-axis scales"},
    {"PerChannelUint8Filter",
     [](QuantizedConvGraph& g) {
       g.filter_quantization = {{0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.5f},
                                {1, 2, 3, 4, 5, 6},
                                0};
     },
     StatusCode::kUnsupported,
     "input 1 (tensor 1), the filter, has 6 per-axis scales; TFLite 2.9 "
     "takes them only for INT8 CONV_2D and DEPTHWISE_CONV_2D, not for UINT8 "
     "CONV_2D"},
    {"BiasScaleOffByMoreThanTwoPercent",
     [](QuantizedConvGraph& g) {
       g.bias_quantization.scales = {0.125f + 0.05f};
     },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the bias, has scale 0.175, but input scale 0.5 "
     "times filter scale 0.25 is 0.125; TFLite requires them to differ by at "
     "most 2% of the output scale 2"},
    {"UnquantizedBiasOfUint8Conv",
     [](QuantizedConvGraph& g) { g.bias_quantization = {}; },
     StatusCode::kInvalidModel, "the bias, has scale 0, but"},
    {"BiasZeroPoint",
     [](QuantizedConvGraph& g) { g.bias_quantization.zero_points = {7}; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the bias, has zero point 7; expected 0"},
    {"MultiplierOf2To31",
     [](QuantizedConvGraph& g) {
       g.input_quantization.scales = {65536.0f};
       g.filter_quantization.scales = {65536.0f};
       g.bias_quantization = {};
       g.bias_shape = {};
       g.output_quantization.scales = {2.0f};
     },
     StatusCode::kInvalidModel,
     "input scale 65536 times the filter scale of output channel 0 over "
     "output scale 2 is 2^31 or more"},
    {"ScaleProductOverflowsFloat",
     [](QuantizedConvGraph& g) {
       g.input_quantization.scales = {1e20f};
       g.filter_quantization.scales = {1e20f};
       g.bias_shape = {};
     },
     StatusCode::kInvalidModel,
     "input scale 1e+20 times filter scale 1e+20 overflows float"},
    {"ActivationBoundBeyondInt32",
     [](QuantizedConvGraph& g) {
       g.activation = schema::ActivationFunctionType_RELU6;
       g.input_quantization.scales = {1e-12f};
       g.output_quantization.scales = {1e-12f};
       g.bias_shape = {};
     },
     StatusCode::kInvalidModel, "the fused activation bound 6 does not fit"},
    {"TanhActivation",
     [](QuantizedConvGraph& g) {
       g.activation = schema::ActivationFunctionType_TANH;
     },
     StatusCode::kUnsupported, "fused activation 4 is not supported"},
    {"Grouped",
     [](QuantizedConvGraph& g) {
       g.input_shape = {1, 5, 5, 8};
       g.output_shape = {1, 5, 5, 6};
     },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has 8 channels for the 4 of the filter (input 1, "
     "tensor 1): grouped convolution runs on FLOAT32 only"},
    {"Int8FilterZeroPoint",
     [](QuantizedConvGraph& g) {
       MakeInt8PerChannel(g);
       g.filter_quantization.zero_points[4] = 3;
     },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1), the INT8 filter, has zero point 3 at index 4; "
     "TFLite requires symmetric INT8 filters"},
    {"Int8ScalesOnAnotherAxis",
     [](QuantizedConvGraph& g) {
       MakeInt8PerChannel(g);
       g.filter_quantization = {{0.25f, 0.5f, 0.25f}, {0, 0, 0}, 1};
     },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1), the filter, has 3 scales; expected 1 or one per "
     "output channel (6)"},
    {"Int8MissingInputQuantization",
     [](QuantizedConvGraph& g) {
       MakeInt8PerChannel(g);
       g.input_quantization = {};
     },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has type INT8 but no quantization parameters"},
    {"RankThreeInput",
     [](QuantizedConvGraph& g) { g.input_shape = {5, 5, 4}; },
     StatusCode::kInvalidModel, "input 0 (tensor 0) has rank 3"},
    {"OmittedFilter", [](QuantizedConvGraph& g) { g.node_inputs = {0, -1, 2}; },
     StatusCode::kInvalidModel, "omitted"},
};

LITEN_MODEL_ERROR_TESTS(QuantizedConv2D, BuildQuantizedModel,
                        kQuantizedConvErrorCases);

// The INT8 defaults of the error rows load: per-channel scales and no bias
// check.
TEST(QuantizedConv2DErrorBaseTest, Int8PerChannelGraphIsValid) {
  QuantizedConvGraph graph;
  MakeInt8PerChannel(graph);
  TestInterpreter interpreter;
  const Status status = interpreter.Build(BuildQuantizedModel(graph));
  EXPECT_TRUE(status.ok()) << status.message();
}

}  // namespace
}  // namespace testing
}  // namespace liten
