// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CONV_2D, run through the loader and interpreter, against a naive
// convolution written from the definition.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <random>
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

std::vector<uint8_t> BuildModel(const ConvGraph& graph) {
  ModelBuilder builder;
  if (!graph.has_options) {
    return FinishWeightedOpModel(builder, graph,
                                 schema::BuiltinOperator_CONV_2D,
                                 schema::BuiltinOptions_NONE, 0);
  }
  const flatbuffers::Offset<void> options =
      schema::CreateConv2DOptions(
          builder.fbb(), graph.padding, graph.stride_w, graph.stride_h,
          graph.activation, graph.dilation_w, graph.dilation_h)
          .Union();
  return FinishWeightedOpModel(builder, graph, schema::BuiltinOperator_CONV_2D,
                               schema::BuiltinOptions_Conv2DOptions, options);
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
  graph.input_shape = {c.batch, c.height, c.width, c.channels};
  graph.weights_shape = {c.out_channels, c.filter_h, c.filter_w,
                        filter_channels};
  graph.bias_shape = c.bias ? std::vector<int32_t>{c.out_channels}
                            : std::vector<int32_t>{};
  graph.output_shape = {c.batch, rows.size, cols.size, c.out_channels};
  graph.padding = c.padding;
  graph.stride_h = c.stride_h;
  graph.stride_w = c.stride_w;
  graph.dilation_h = c.dilation_h;
  graph.dilation_w = c.dilation_w;
  graph.activation = c.activation;
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

}  // namespace
}  // namespace testing
}  // namespace liten
