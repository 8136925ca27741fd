// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MediaPipe's Convolution2DTransposeBias, run through the loader and
// interpreter, against a naive transposed convolution written from the
// definition in gather form: each output value sums the input pixels whose
// window covers it (the kernel scatters each input pixel instead).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

constexpr char kOpName[] = "Convolution2DTransposeBias";
// TfLitePadding, as MediaPipe reads it from the custom options.
constexpr int32_t kSame = 1;
constexpr int32_t kValid = 2;

// The custom options MediaPipe's converter writes: the bytes of TFLite's
// TfLiteTransposeConvParams, three little-endian int32.
std::vector<uint8_t> OptionBytes(int32_t padding, int32_t stride_w,
                                 int32_t stride_h) {
  std::vector<uint8_t> bytes;
  for (int32_t value : {padding, stride_w, stride_h}) {
    const uint32_t bits = static_cast<uint32_t>(value);
    for (int shift = 0; shift < 32; shift += 8) {
      bytes.push_back(static_cast<uint8_t>(bits >> shift));
    }
  }
  return bytes;
}

// A valid model to vary: input [1, 4, 5, 4], filter [6, 3, 3, 4], bias [6],
// SAME padding, stride 2 x 2 (output [1, 7, 9, 6]).
struct TransposeConvGraph {
  std::vector<int32_t> input_shape = {1, 4, 5, 4};
  std::vector<int32_t> weights_shape = {6, 3, 3, 4};
  std::vector<int32_t> bias_shape = {6};
  std::vector<int32_t> output_shape = {1, 7, 9, 6};
  DataType input_type = DataType::kFloat32;
  DataType weights_type = DataType::kFloat32;
  DataType bias_type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  std::vector<uint8_t> options = OptionBytes(kSame, 2, 2);
  int version = 1;
  std::vector<int> node_inputs;  // Replaces {0, 1, 2} when set.
  // Constant values; zero bytes of the right size when empty.
  std::vector<float> weights;
  std::vector<float> bias;
  // The weights are a second graph input rather than a constant.
  bool weights_are_input = false;
};

std::vector<uint8_t> BuildModel(const TransposeConvGraph& graph) {
  ModelBuilder builder;
  const int input = builder.AddTensor(graph.input_type, graph.input_shape);
  const int weights =
      graph.weights_are_input
          ? builder.AddTensor(graph.weights_type, graph.weights_shape)
          : AddConstantOrZeros(builder, graph.weights_type,
                               graph.weights_shape, graph.weights);
  const int bias = AddConstantOrZeros(builder, graph.bias_type,
                                      graph.bias_shape, graph.bias);
  const int output = builder.AddTensor(graph.output_type, graph.output_shape);
  builder.AddCustomOperator(kOpName,
                            graph.node_inputs.empty()
                                ? std::vector<int>{input, weights, bias}
                                : graph.node_inputs,
                            {output}, graph.version, graph.options);
  builder.SetInputs(graph.weights_are_input ? std::vector<int>{input, weights}
                                            : std::vector<int>{input});
  builder.SetOutputs({output});
  return builder.Finish();
}

// One spatial axis as MediaPipe's kernel defines it: the input's windows
// spread over (in - 1) * stride + filter outputs; SAME crops
// max(0, filter - (in - 1) % stride - 1) of them, the odd one at the end.
NaiveAxis NaiveTransposeAxis(int32_t padding, int in, int filter,
                             int stride) {
  const int spread = (in - 1) * stride + filter;
  const int crop =
      padding == kSame ? std::max(0, filter - (in - 1) % stride - 1) : 0;
  return {spread - crop, crop / 2};
}

// Sizes worked out by hand from that definition, so that a wrong formula
// shared by the kernel and NaiveTransposeAxis cannot pass.
TEST(TransposeConvBiasShapeTest, OutputSizesFollowMediaPipe) {
  struct Case {
    int32_t padding;
    int in, filter, stride, expected;
  };
  const Case cases[] = {
      {kSame, 128, 2, 2, 256},  // The selfie models' layer.
      {kSame, 5, 3, 2, 9},      // TensorFlow's SAME would give 10.
      {kSame, 4, 3, 1, 4},      // Stride 1 keeps the size.
      {kSame, 4, 4, 3, 10},
      {kSame, 4, 1, 3, 10},     // Nothing to crop.
      {kValid, 5, 3, 2, 11},
      {kValid, 1, 1, 3, 1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NaiveTransposeAxis(c.padding, c.in, c.filter, c.stride).size,
              c.expected);
    TransposeConvGraph graph;
    graph.input_shape = {1, c.in, 1, 1};
    graph.weights_shape = {1, c.filter, 1, 1};
    graph.bias_shape = {1};
    graph.output_shape = {1, c.expected, 1, 1};
    graph.options = OptionBytes(c.padding, 1, c.stride);
    std::vector<float> output;
    ASSERT_NO_FATAL_FAILURE(RunModel(BuildModel(graph),
                                     {std::vector<float>(c.in, 1.0f)},
                                     graph.output_shape, &output));
  }
}

// Two input pixels a = 1 and b = 2 with stride 2 under a filter
// [1, 10, 100, 1000] spread to a w0, a w1, a w2 + b w0, a w3 + b w1, b w2,
// b w3; SAME crops one value at each end. Plus the bias 0.5.
TEST(TransposeConvBiasShapeTest, CropsTheOddPaddingAtTheEnd) {
  TransposeConvGraph graph;
  graph.input_shape = {1, 1, 2, 1};
  graph.weights_shape = {1, 1, 4, 1};
  graph.bias_shape = {1};
  graph.output_shape = {1, 1, 4, 1};
  graph.options = OptionBytes(kSame, 2, 1);
  graph.weights = {1, 10, 100, 1000};
  graph.bias = {0.5f};
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {std::vector<float>{1, 2}},
               graph.output_shape, &output));
  ExpectAllNear(output, {10.5f, 102.5f, 1020.5f, 200.5f});

  // Filter [1, 10, 100]: crop max(0, 3 - 1 - 1) = 1, all of it at the end.
  graph.weights_shape = {1, 1, 3, 1};
  graph.weights = {1, 10, 100};
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {std::vector<float>{1, 2}},
               graph.output_shape, &output));
  ExpectAllNear(output, {1.5f, 10.5f, 102.5f, 20.5f});
}

struct TransposeConvCase {
  int batch, height, width, in_channels;
  int filter_h, filter_w, out_channels;
  int32_t padding;
  int stride_h, stride_w;
};

void PrintTo(const TransposeConvCase& c, std::ostream* os) {
  *os << "input [" << c.batch << "," << c.height << "," << c.width << ","
      << c.in_channels << "] filter " << c.out_channels << "x" << c.filter_h
      << "x" << c.filter_w << (c.padding == kSame ? " SAME" : " VALID")
      << " stride " << c.stride_h << "x" << c.stride_w;
}

std::vector<TransposeConvCase> AllTransposeConvCases() {
  std::vector<TransposeConvCase> cases;
  // Every padding and stride pair on an odd-sized batch of 2, with height
  // and width set apart so that a swapped axis shows; filters both smaller
  // and larger than the strides.
  for (int32_t padding : {kSame, kValid}) {
    for (int stride_h = 1; stride_h <= 3; ++stride_h) {
      for (int stride_w = 1; stride_w <= 3; ++stride_w) {
        cases.push_back({2, 5, 7, 3, 3, 2, 4, padding, stride_h, stride_w});
        cases.push_back({1, 4, 3, 2, 4, 5, 3, padding, stride_h, stride_w});
      }
    }
  }
  // Channel counts 1 to 5 and 13 on both sides.
  for (int channels : {1, 2, 3, 4, 5, 13}) {
    cases.push_back({1, 3, 4, channels, 2, 2, 14 - channels, kSame, 2, 2});
  }
  // Odd sizes: all 1; a single row; a 1x1 filter that leaves gaps; 13s.
  cases.push_back({1, 1, 1, 1, 1, 1, 1, kValid, 1, 1});
  cases.push_back({3, 1, 13, 5, 1, 3, 7, kSame, 1, 3});
  cases.push_back({1, 3, 3, 2, 1, 1, 2, kValid, 3, 2});
  cases.push_back({1, 13, 13, 13, 3, 3, 13, kSame, 2, 2});
  // The selfie models' layer, smaller: 16 channels to 1, 2x2, stride 2.
  cases.push_back({1, 16, 12, 16, 2, 2, 1, kSame, 2, 2});
  return cases;
}

class TransposeConvBiasTest
    : public ::testing::TestWithParam<TransposeConvCase> {
 protected:
  // Runs the case with constant weights, or with the weights as a graph
  // input (which keeps every configuration on the reference loop), and
  // checks the output against the gather-form definition.
  void Check(bool weights_are_input) {
    const TransposeConvCase& c = GetParam();
    const NaiveAxis rows =
        NaiveTransposeAxis(c.padding, c.height, c.filter_h, c.stride_h);
    const NaiveAxis cols =
        NaiveTransposeAxis(c.padding, c.width, c.filter_w, c.stride_w);

    std::mt19937 rng(20260214);
    TransposeConvGraph graph;
    graph.input_shape = {c.batch, c.height, c.width, c.in_channels};
    graph.weights_shape = {c.out_channels, c.filter_h, c.filter_w,
                           c.in_channels};
    graph.bias_shape = {c.out_channels};
    graph.output_shape = {c.batch, rows.size, cols.size, c.out_channels};
    graph.options = OptionBytes(c.padding, c.stride_w, c.stride_h);
    graph.weights_are_input = weights_are_input;
    const std::vector<float> weights = RandomVector(
        rng, static_cast<size_t>(ElementCount(graph.weights_shape)), 1.0f);
    if (!weights_are_input) graph.weights = weights;
    graph.bias = RandomVector(rng, c.out_channels, 1.0f);
    const std::vector<float> input = RandomVector(
        rng, static_cast<size_t>(ElementCount(graph.input_shape)), 2.0f);

    const std::vector<uint8_t> model = BuildModel(graph);
    if (!weights_are_input) {
      ASSERT_NO_FATAL_FAILURE(ExpectNodePath(model, "xnnpack"));
    }
    std::vector<float> output;
    ASSERT_NO_FATAL_FAILURE(RunModel(
        model,
        weights_are_input ? std::vector<std::vector<float>>{input, weights}
                          : std::vector<std::vector<float>>{input},
        graph.output_shape, &output));
    ASSERT_EQ(output.size(),
              static_cast<size_t>(ElementCount(graph.output_shape)));

    size_t index = 0;
    for (int b = 0; b < c.batch; ++b) {
      for (int oy = 0; oy < rows.size; ++oy) {
        for (int ox = 0; ox < cols.size; ++ox) {
          for (int o = 0; o < c.out_channels; ++o, ++index) {
            double sum = graph.bias[o];
            // Input pixel (y, x) covers output (y * stride - padding + k).
            for (int ky = 0; ky < c.filter_h; ++ky) {
              const int ny = oy + rows.padding_before - ky;
              if (ny < 0 || ny % c.stride_h != 0) continue;
              const int y = ny / c.stride_h;
              if (y >= c.height) continue;
              for (int kx = 0; kx < c.filter_w; ++kx) {
                const int nx = ox + cols.padding_before - kx;
                if (nx < 0 || nx % c.stride_w != 0) continue;
                const int x = nx / c.stride_w;
                if (x >= c.width) continue;
                for (int i = 0; i < c.in_channels; ++i) {
                  sum += static_cast<double>(
                             input[((b * c.height + y) * c.width + x) *
                                       c.in_channels + i]) *
                         weights[((o * c.filter_h + ky) * c.filter_w + kx) *
                                     c.in_channels + i];
                }
              }
            }
            EXPECT_NEAR(output[index], sum, 1e-5 * std::max(1.0, std::abs(sum)))
                << "at [" << b << "," << oy << "," << ox << "," << o << "]";
          }
        }
      }
    }
  }
};

TEST_P(TransposeConvBiasTest, MatchesNaiveTransposedConvolution) {
  Check(/*weights_are_input=*/false);
}

TEST_P(TransposeConvBiasTest, NonConstantWeightsRunOnTheReferenceLoop) {
  Check(/*weights_are_input=*/true);
}

INSTANTIATE_TEST_SUITE_P(Shapes, TransposeConvBiasTest,
                         ::testing::ValuesIn(AllTransposeConvCases()));

TEST(TransposeConvBiasPathTest, NonConstantWeightsTakeTheReferencePath) {
  TransposeConvGraph graph;
  graph.weights_are_input = true;
  ExpectNodePath(BuildModel(graph), "reference");
}

const ModelErrorCase<TransposeConvGraph> kTransposeConvErrorCases[] = {
    {"NoOptions", [](TransposeConvGraph& g) { g.options.clear(); },
     StatusCode::kInvalidModel,
     "node 0 (Convolution2DTransposeBias): custom options are 0 bytes; "
     "expected 12"},
    {"ShortOptions", [](TransposeConvGraph& g) { g.options.resize(8); },
     StatusCode::kInvalidModel, "custom options are 8 bytes; expected 12"},
    {"LongOptions", [](TransposeConvGraph& g) { g.options.resize(16); },
     StatusCode::kInvalidModel, "custom options are 16 bytes; expected 12"},
    {"UnknownPadding",
     [](TransposeConvGraph& g) { g.options = OptionBytes(0, 2, 2); },
     StatusCode::kInvalidModel, "unknown padding 0 in the custom options"},
    {"PaddingOutOfRange",
     [](TransposeConvGraph& g) { g.options = OptionBytes(3, 2, 2); },
     StatusCode::kInvalidModel, "unknown padding 3"},
    {"ZeroStrideWidth",
     [](TransposeConvGraph& g) { g.options = OptionBytes(kSame, 0, 2); },
     StatusCode::kInvalidModel, "stride is 2 x 0 (height x width)"},
    {"NegativeStrideHeight",
     [](TransposeConvGraph& g) { g.options = OptionBytes(kValid, 1, -1); },
     StatusCode::kInvalidModel, "stride is -1 x 1 (height x width)"},
    {"ChannelMismatch",
     [](TransposeConvGraph& g) { g.input_shape = {1, 4, 5, 5}; },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has 5 channels but the filter (input 1, tensor 1) "
     "reads 4"},
    {"BiasLength", [](TransposeConvGraph& g) { g.bias_shape = {5}; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the bias, has shape [5]; expected [6]"},
    {"BiasRank2", [](TransposeConvGraph& g) { g.bias_shape = {1, 6}; },
     StatusCode::kInvalidModel, "input 2 (tensor 2) has rank 2"},
    {"InputRank3", [](TransposeConvGraph& g) { g.input_shape = {4, 5, 4}; },
     StatusCode::kInvalidModel, "input 0 (tensor 0) has rank 3"},
    {"FilterRank2", [](TransposeConvGraph& g) { g.weights_shape = {6, 36}; },
     StatusCode::kInvalidModel, "input 1 (tensor 1) has rank 2"},
    {"ZeroFilterHeight",
     [](TransposeConvGraph& g) {
       // An empty constant has no data, so it comes as a graph input.
       g.weights_are_input = true;
       g.weights_shape = {6, 0, 3, 4};
     },
     StatusCode::kInvalidModel,
     "the filter, has shape [6,0,3,4]; its output channels, height and "
     "width must be >= 1"},
    {"ZeroInputWidth",
     [](TransposeConvGraph& g) { g.input_shape = {1, 4, 0, 4}; },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0) has shape [1,4,0,4]; its height, width and channels "
     "must be >= 1"},
    {"OutputTooLarge",
     [](TransposeConvGraph& g) {
       g.input_shape = {1, 1 << 30, 1, 4};
       g.options = OptionBytes(kValid, 2, 3);
     },
     StatusCode::kInvalidModel,
     "height: an input of 1073741824 with stride 3 and filter 3 gives an "
     "output of 3221225472, which is too large"},
    {"Int32Input",
     [](TransposeConvGraph& g) { g.input_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT32; expected FLOAT32"},
    {"Float16Filter",
     [](TransposeConvGraph& g) { g.weights_type = DataType::kFloat16; },
     StatusCode::kUnsupported, "input 1 (tensor 1) has type FLOAT16"},
    {"Int32Bias", [](TransposeConvGraph& g) { g.bias_type = DataType::kInt32; },
     StatusCode::kUnsupported, "input 2 (tensor 2) has type INT32"},
    {"Int32Output",
     [](TransposeConvGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported, "output 0 (tensor 3) has type INT32"},
    {"TwoInputs", [](TransposeConvGraph& g) { g.node_inputs = {0, 1}; },
     StatusCode::kInvalidModel, "has 2 inputs; expected 3"},
    {"Version2", [](TransposeConvGraph& g) { g.version = 2; },
     StatusCode::kUnsupported, "version 2"},
};

LITEN_MODEL_ERROR_TESTS(TransposeConvBias, BuildModel,
                        kTransposeConvErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
