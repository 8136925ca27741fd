// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DEPTHWISE_CONV_2D, run through the loader and interpreter, against a naive
// per-channel convolution written from the definition.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
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

std::vector<uint8_t> BuildModel(const DepthwiseGraph& graph) {
  ModelBuilder builder;
  if (!graph.has_options) {
    return FinishWeightedOpModel(builder, graph,
                                 schema::BuiltinOperator_DEPTHWISE_CONV_2D,
                                 schema::BuiltinOptions_NONE, 0);
  }
  const flatbuffers::Offset<void> options =
      schema::CreateDepthwiseConv2DOptions(
          builder.fbb(), graph.padding, graph.stride_w, graph.stride_h,
          graph.depth_multiplier, graph.activation, graph.dilation_w,
          graph.dilation_h)
          .Union();
  return FinishWeightedOpModel(
      builder, graph, schema::BuiltinOperator_DEPTHWISE_CONV_2D,
      schema::BuiltinOptions_DepthwiseConv2DOptions, options);
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
  graph.input_shape = {c.batch, c.height, c.width, c.channels};
  graph.weights_shape = {1, c.filter_h, c.filter_w, out_channels};
  graph.bias_shape =
      c.bias ? std::vector<int32_t>{out_channels} : std::vector<int32_t>{};
  graph.output_shape = {c.batch, out_h, out_w, out_channels};
  graph.padding = c.padding;
  graph.stride_h = c.stride_h;
  graph.stride_w = c.stride_w;
  graph.depth_multiplier = c.multiplier;
  graph.dilation_h = c.dilation_h;
  graph.dilation_w = c.dilation_w;
  graph.activation = c.activation;
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

}  // namespace
}  // namespace testing
}  // namespace liten
