// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The fast path's graph rewrites (src/graph_rewrite.h) and the memory the
// interpreter saves around them: each model runs with the rewrites (the
// default) and without them (the reference kernels, which the kernel tests
// check against naive definitions), and the outputs must agree.
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace {

using testing::Avx2OrXnnpackPath;
using testing::ExpectAllNear;
using testing::ModelBuilder;
using testing::RandomVector;
using ::testing::ElementsAre;

struct ModelRun {
  std::vector<float> output;
  std::vector<std::string> paths;  // Per node.
  std::unique_ptr<Interpreter> interpreter;
  std::shared_ptr<const Model> model;
};

// Builds, allocates and runs `bytes` on input 0 = `input`; the fast path
// unless `reference`.
void RunOnce(const std::vector<uint8_t>& bytes, bool reference, int threads,
             const std::vector<float>& input, ModelRun* run) {
  ASSERT_TRUE(Model::FromBuffer(bytes.data(), bytes.size(), &run->model).ok());
  InterpreterOptions options;
  options.use_reference_kernels = reference;
  options.num_threads = threads;
  ASSERT_TRUE(Interpreter::Create(run->model, options, &run->interpreter).ok());
  Interpreter& interpreter = *run->interpreter;
  const Status allocated = interpreter.AllocateTensors();
  ASSERT_TRUE(allocated.ok()) << allocated.message();
  ASSERT_TRUE(
      interpreter.SetInput(0, input.data(), input.size() * sizeof(float)).ok());
  ASSERT_TRUE(interpreter.Invoke().ok());
  const TensorView out = interpreter.output(0);
  const float* data = static_cast<const float*>(out.data);
  run->output.assign(data, data + out.bytes / sizeof(float));
  for (size_t n = 0; n < interpreter.num_nodes(); ++n) {
    run->paths.push_back(interpreter.node_kernel_path(n));
  }
}

// Runs `bytes` with and without the rewrites, at 1 and 2 threads, expects
// the same output, and returns the fast path's node paths (1 thread).
std::vector<std::string> ExpectRewriteKeepsOutput(
    const std::vector<uint8_t>& bytes, size_t input_size) {
  std::mt19937 rng(7);
  const std::vector<float> input = RandomVector(rng, input_size, 2.0f);
  ModelRun reference;
  RunOnce(bytes, /*reference=*/true, 1, input, &reference);
  for (const std::string& path : reference.paths) {
    EXPECT_NE(path, "fused") << "the reference path is never rewritten";
  }
  ModelRun fast, fast2;
  RunOnce(bytes, /*reference=*/false, 1, input, &fast);
  RunOnce(bytes, /*reference=*/false, 2, input, &fast2);
  ExpectAllNear(fast.output, reference.output);
  EXPECT_EQ(fast.output, fast2.output);
  return fast.paths;
}

int AddPaddings(ModelBuilder& builder, const std::vector<int32_t>& values) {
  return builder.AddConstant<int32_t>(DataType::kInt32, {4, 2}, values);
}

// PAD(x, paddings) -> CONV_2D or DEPTHWISE_CONV_2D (`depth_multiplier`
// output channels per input channel for the latter) with random weights and
// bias.
struct PadConv {
  std::vector<int32_t> input_shape;  // NHWC.
  std::vector<int32_t> paddings;     // [4, 2], row-major.
  bool depthwise = false;
  int filter = 3;
  int stride = 2;
  int dilation = 1;
  schema::Padding padding = schema::Padding_VALID;
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_RELU6;
  int depth_multiplier = 3;

  // liten's AVX2 depthwise kernel takes a multiplier of 1 only.
  std::string ExpectedPath() const {
    return depthwise && depth_multiplier != 1 ? "xnnpack"
                                              : Avx2OrXnnpackPath();
  }

  std::vector<uint8_t> Build() const {
    std::mt19937 rng(3);
    ModelBuilder builder;
    const int x = builder.AddTensor(DataType::kFloat32, input_shape, "x");
    const int p = AddPaddings(builder, paddings);
    std::vector<int32_t> padded_shape = input_shape;
    for (int d = 0; d < 4; ++d) {
      padded_shape[d] += paddings[2 * d] + paddings[2 * d + 1];
    }
    const int32_t channels = padded_shape[3];
    const int32_t out_channels = depthwise ? channels * depth_multiplier : 5;
    const int padded =
        builder.AddTensor(DataType::kFloat32, padded_shape, "padded");
    const std::vector<int32_t> filter_shape =
        depthwise ? std::vector<int32_t>{1, filter, filter, out_channels}
                  : std::vector<int32_t>{out_channels, filter, filter,
                                         channels};
    const int w = builder.AddConstant(
        DataType::kFloat32, filter_shape,
        RandomVector(rng, testing::ElementCount(filter_shape), 1.0f));
    const int b = builder.AddConstant(DataType::kFloat32, {out_channels},
                                      RandomVector(rng, out_channels, 1.0f));
    // The output shape is computed at Prepare; the model's is a placeholder.
    const int y = builder.AddTensor(DataType::kFloat32, {1, 1, 1, 1}, "y");
    builder.AddOperator(schema::BuiltinOperator_PAD, {x, p}, {padded},
                        schema::BuiltinOptions_PadOptions,
                        schema::CreatePadOptions(builder.fbb()).Union());
    if (depthwise) {
      builder.AddOperator(
          schema::BuiltinOperator_DEPTHWISE_CONV_2D, {padded, w, b}, {y},
          schema::BuiltinOptions_DepthwiseConv2DOptions,
          schema::CreateDepthwiseConv2DOptions(builder.fbb(), padding, stride,
                                               stride, depth_multiplier,
                                               activation, dilation,
                                               dilation)
              .Union(),
          2);
    } else {
      builder.AddOperator(
          schema::BuiltinOperator_CONV_2D, {padded, w, b}, {y},
          schema::BuiltinOptions_Conv2DOptions,
          schema::CreateConv2DOptions(builder.fbb(), padding, stride, stride,
                                      activation, dilation, dilation)
              .Union(),
          2);
    }
    builder.SetInputs({x});
    builder.SetOutputs({y});
    return builder.Finish();
  }
};

TEST(GraphRewriteTest, PadFoldsIntoConvolutions) {
  struct Case {
    const char* name;
    PadConv graph;
  };
  std::vector<Case> cases = {
      {"conv 3x3 stride 2, 1 pixel around",
       {{1, 9, 8, 3}, {0, 0, 1, 1, 1, 1, 0, 0}}},
      {"depthwise 5x5 stride 2, 2 pixels around",
       {{2, 11, 10, 4}, {0, 0, 2, 2, 2, 2, 0, 0}, true, 5}},
      {"depthwise 3x3 multiplier 1, 1 pixel around",
       {{1, 9, 12, 20},
        {0, 0, 1, 1, 1, 1, 0, 0},
        true,
        3,
        1,
        1,
        schema::Padding_VALID,
        schema::ActivationFunctionType_RELU6,
        1}},
      {"asymmetric padding, SAME, dilation 2",
       {{1, 7, 6, 2},
        {0, 0, 2, 0, 0, 1, 0, 0},
        false,
        3,
        1,
        2,
        schema::Padding_SAME}},
      // More padding before than the windows need: XNNPACK's padding after
      // comes out negative and is clamped.
      {"top padding past the windows' reach",
       {{1, 5, 5, 2}, {0, 0, 3, 0, 3, 0, 0, 0}, true}},
      {"padding after that no window reads",
       {{1, 7, 7, 3}, {0, 0, 0, 1, 0, 1, 0, 0}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::vector<std::string> paths = ExpectRewriteKeepsOutput(
        c.graph.Build(), testing::ElementCount(c.graph.input_shape));
    EXPECT_THAT(paths, ElementsAre("fused", c.graph.ExpectedPath()));
  }
}

// A PAD that stays is a node of its own: XNNPACK's constant pad runs it.
TEST(GraphRewriteTest, PadsThatAreNotSpatialZerosStay) {
  PadConv channels{{1, 6, 6, 3}, {0, 0, 1, 1, 1, 1, 0, 2}};
  EXPECT_THAT(ExpectRewriteKeepsOutput(channels.Build(), 1 * 6 * 6 * 3),
              ElementsAre("xnnpack", Avx2OrXnnpackPath()));
  PadConv batch{{1, 6, 6, 3}, {1, 0, 0, 0, 0, 0, 0, 0}};
  EXPECT_THAT(ExpectRewriteKeepsOutput(batch.Build(), 1 * 6 * 6 * 3),
              ElementsAre("xnnpack", Avx2OrXnnpackPath()));
}

// x -> PAD -> p, read by CONV_2D and by `other_reader`.
std::vector<uint8_t> PadWithTwoReaders(schema::BuiltinOperator other_reader) {
  std::mt19937 rng(5);
  ModelBuilder builder;
  const int x = builder.AddTensor(DataType::kFloat32, {1, 4, 4, 2}, "x");
  const int paddings = AddPaddings(builder, {0, 0, 1, 1, 1, 1, 0, 0});
  const int p = builder.AddTensor(DataType::kFloat32, {1, 6, 6, 2}, "p");
  const int w = builder.AddConstant(DataType::kFloat32, {2, 3, 3, 2},
                                    RandomVector(rng, 36, 1.0f));
  const int y = builder.AddTensor(DataType::kFloat32, {1, 4, 4, 2}, "y");
  const int z = builder.AddTensor(DataType::kFloat32, {1, 4, 4, 2}, "z");
  builder.AddOperator(schema::BuiltinOperator_PAD, {x, paddings}, {p});
  const auto conv_options = [&] {
    return schema::CreateConv2DOptions(builder.fbb(), schema::Padding_VALID, 1,
                                       1)
        .Union();
  };
  builder.AddOperator(schema::BuiltinOperator_CONV_2D, {p, w, -1}, {y},
                      schema::BuiltinOptions_Conv2DOptions, conv_options());
  if (other_reader == schema::BuiltinOperator_CONV_2D) {
    builder.AddOperator(schema::BuiltinOperator_CONV_2D, {p, w, -1}, {z},
                        schema::BuiltinOptions_Conv2DOptions, conv_options());
  } else {
    // Reads the padded tensor itself, so the PAD must stay.
    const int begin =
        builder.AddConstant<int32_t>(DataType::kInt32, {4}, {0, 1, 0, 0});
    const int end =
        builder.AddConstant<int32_t>(DataType::kInt32, {4}, {1, 5, 4, 2});
    const int stride =
        builder.AddConstant<int32_t>(DataType::kInt32, {4}, {1, 1, 1, 1});
    builder.AddOperator(schema::BuiltinOperator_STRIDED_SLICE,
                        {p, begin, end, stride}, {z});
  }
  const int sum = builder.AddTensor(DataType::kFloat32, {1, 4, 4, 2}, "sum");
  builder.AddOperator(schema::BuiltinOperator_ADD, {y, z}, {sum});
  builder.SetInputs({x});
  builder.SetOutputs({sum});
  return builder.Finish();
}

TEST(GraphRewriteTest, PadFoldsOnlyWhenEveryReaderIsAConvolution) {
  EXPECT_THAT(ExpectRewriteKeepsOutput(
                  PadWithTwoReaders(schema::BuiltinOperator_CONV_2D), 32),
              ElementsAre("fused", Avx2OrXnnpackPath(),
                          Avx2OrXnnpackPath(), Avx2OrXnnpackPath()));
  EXPECT_THAT(ExpectRewriteKeepsOutput(
                  PadWithTwoReaders(schema::BuiltinOperator_STRIDED_SLICE), 32),
              ElementsAre("xnnpack", Avx2OrXnnpackPath(), "reference",
                          Avx2OrXnnpackPath()));
}

// x -> ADD(x, x) -> a -> `activations`... -> y; also a graph output when
// `a_is_output`.
std::vector<uint8_t> AddThenActivations(
    const std::vector<schema::BuiltinOperator>& activations,
    schema::ActivationFunctionType fused, bool a_is_output) {
  ModelBuilder builder;
  const int x = builder.AddTensor(DataType::kFloat32, {64}, "x");
  int previous = builder.AddTensor(DataType::kFloat32, {64}, "a");
  const int a = previous;
  builder.AddOperator(schema::BuiltinOperator_ADD, {x, x}, {a},
                      schema::BuiltinOptions_AddOptions,
                      schema::CreateAddOptions(builder.fbb(), fused).Union());
  for (schema::BuiltinOperator activation : activations) {
    const int next = builder.AddTensor(DataType::kFloat32, {64});
    builder.AddOperator(activation, {previous}, {next});
    previous = next;
  }
  builder.SetInputs({x});
  if (a_is_output) {
    builder.SetOutputs({previous, a});
  } else {
    builder.SetOutputs({previous});
  }
  return builder.Finish();
}

TEST(GraphRewriteTest, ActivationsFuseIntoTheirProducer) {
  EXPECT_THAT(ExpectRewriteKeepsOutput(
                  AddThenActivations({schema::BuiltinOperator_RELU6},
                                     schema::ActivationFunctionType_NONE,
                                     false),
                  64),
              ElementsAre(Avx2OrXnnpackPath(), "fused"));
  // Clamps compose: RELU, then RELU_N1_TO_1, then RELU6 leave [0, 1].
  const std::vector<uint8_t> chain = AddThenActivations(
      {schema::BuiltinOperator_RELU_N1_TO_1, schema::BuiltinOperator_RELU6},
      schema::ActivationFunctionType_RELU, false);
  EXPECT_THAT(ExpectRewriteKeepsOutput(chain, 64),
              ElementsAre(Avx2OrXnnpackPath(), "fused", "fused"));
  ModelRun run;
  RunOnce(chain, false, 1, std::vector<float>(64, 0.75f), &run);
  EXPECT_EQ(run.output[0], 1.0f);
  RunOnce(chain, false, 1, std::vector<float>(64, -0.25f), &run);
  EXPECT_EQ(run.output[0], 0.0f);
}

TEST(GraphRewriteTest, ActivationsStayWhenTheProducerOutputIsRead) {
  EXPECT_THAT(ExpectRewriteKeepsOutput(
                  AddThenActivations({schema::BuiltinOperator_RELU},
                                     schema::ActivationFunctionType_NONE,
                                     /*a_is_output=*/true),
                  64),
              ElementsAre(Avx2OrXnnpackPath(), "xnnpack"));
}

// x -> ADD(x, x) -> a [2, 8] -> RESHAPE -> r [4, 4] -> ADD(r, r) -> y.
std::vector<uint8_t> ReshapeBetweenAdds() {
  ModelBuilder builder;
  const int x = builder.AddTensor(DataType::kFloat32, {2, 8}, "x");
  const int a = builder.AddTensor(DataType::kFloat32, {2, 8}, "a");
  const int shape =
      builder.AddConstant<int32_t>(DataType::kInt32, {2}, {4, 4});
  const int r = builder.AddTensor(DataType::kFloat32, {4, 4}, "r");
  const int y = builder.AddTensor(DataType::kFloat32, {4, 4}, "y");
  builder.AddOperator(schema::BuiltinOperator_ADD, {x, x}, {a});
  builder.AddOperator(schema::BuiltinOperator_RESHAPE, {a, shape}, {r});
  builder.AddOperator(schema::BuiltinOperator_ADD, {r, r}, {y});
  builder.SetInputs({x});
  builder.SetOutputs({y, r});
  return builder.Finish();
}

TEST(GraphRewriteTest, ReshapeSharesItsInputsMemory) {
  const std::vector<uint8_t> bytes = ReshapeBetweenAdds();
  for (bool reference : {false, true}) {
    std::vector<float> input(16);
    for (int i = 0; i < 16; ++i) input[i] = static_cast<float>(i);
    ModelRun run;
    RunOnce(bytes, reference, 1, input, &run);
    EXPECT_EQ(run.paths[1], "alias");
    const Interpreter& interpreter = *run.interpreter;
    EXPECT_EQ(interpreter.tensor(1).data, interpreter.tensor(3).data);
    EXPECT_THAT(interpreter.output(1).shape, ElementsAre(4, 4));
    const float* r = static_cast<const float*>(interpreter.output(1).data);
    for (int i = 0; i < 16; ++i) {
      EXPECT_EQ(r[i], 2.0f * i);
      EXPECT_EQ(run.output[i], 4.0f * i);
    }
  }
}

// DEQUANTIZE(float16 filter) -> w; CONV_2D(x, w) -> y.
std::vector<uint8_t> ConvWithFloat16Filter() {
  ModelBuilder builder;
  const int x = builder.AddTensor(DataType::kFloat32, {1, 3, 3, 2}, "x");
  // Half-float 1.0, 0.5, -1.0, 2.0, repeated.
  std::vector<uint16_t> halves;
  for (int i = 0; i < 4 * 9 * 2 / 4; ++i) {
    halves.insert(halves.end(), {0x3C00, 0x3800, 0xBC00, 0x4000});
  }
  const int w16 =
      builder.AddConstant<uint16_t>(DataType::kFloat16, {4, 3, 3, 2}, halves);
  const int w = builder.AddTensor(DataType::kFloat32, {4, 3, 3, 2}, "w");
  const int y = builder.AddTensor(DataType::kFloat32, {1, 1, 1, 4}, "y");
  builder.AddOperator(schema::BuiltinOperator_DEQUANTIZE, {w16}, {w});
  builder.AddOperator(
      schema::BuiltinOperator_CONV_2D, {x, w, -1}, {y},
      schema::BuiltinOptions_Conv2DOptions,
      schema::CreateConv2DOptions(builder.fbb(), schema::Padding_VALID, 1, 1)
          .Union());
  builder.SetInputs({x});
  builder.SetOutputs({y});
  return builder.Finish();
}

TEST(GraphRewriteTest, ExpandedWeightsAreFreedOncePacked) {
  const std::vector<uint8_t> bytes = ConvWithFloat16Filter();
  ExpectRewriteKeepsOutput(bytes, 18);
  const std::vector<float> input(18, 1.0f);
  ModelRun fast, reference;
  RunOnce(bytes, false, 1, input, &fast);
  RunOnce(bytes, true, 1, input, &reference);
  // The fast path packed its own copy of the filter.
  EXPECT_EQ(fast.paths[1], Avx2OrXnnpackPath());
  EXPECT_GE(fast.interpreter->arena_stats().packed_weight_bytes,
            4u * 9 * 2 * sizeof(float));
  EXPECT_EQ(reference.interpreter->arena_stats().packed_weight_bytes, 0u);
  EXPECT_EQ(fast.interpreter->arena_stats().persistent_bytes, 0u);
  EXPECT_EQ(fast.interpreter->tensor(2).data, nullptr);
  // The reference kernel reads the expanded filter in every Invoke.
  EXPECT_EQ(reference.interpreter->arena_stats().persistent_bytes,
            4u * 9 * 2 * sizeof(float));
  EXPECT_NE(reference.interpreter->tensor(2).data, nullptr);
  // With an input of ones, output channel o sums its 18 filter values.
  const float pattern[4] = {1.0f, 0.5f, -1.0f, 2.0f};
  for (int o = 0; o < 4; ++o) {
    float sum = 0.0f;
    for (int k = 0; k < 18; ++k) sum += pattern[(o * 18 + k) % 4];
    EXPECT_FLOAT_EQ(fast.output[o], sum) << "channel " << o;
  }
  // Re-allocating expands and frees the weights again.
  ASSERT_TRUE(fast.interpreter->AllocateTensors().ok());
  EXPECT_EQ(fast.interpreter->arena_stats().persistent_bytes, 0u);
  ASSERT_TRUE(fast.interpreter->SetInput(0, input.data(), 18 * 4).ok());
  ASSERT_TRUE(fast.interpreter->Invoke().ok());
  const float* y = static_cast<const float*>(fast.interpreter->output(0).data);
  EXPECT_EQ(std::vector<float>(y, y + 4), reference.output);
}

}  // namespace
}  // namespace liten
