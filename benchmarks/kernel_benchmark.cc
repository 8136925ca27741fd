// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Microbenchmarks of the hot float kernels, each op on its default fast
// path (liten's AVX2 kernels where the CPU prefers them), on XNNPACK and on
// its reference kernel, at 1 and 2 threads: single-op models built in
// memory and run through the public API, as a model would run them.
#include <memory>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "liten/interpreter.h"
#include "tests/model_builder.h"

namespace liten {
namespace {

using testing::ModelBuilder;

std::vector<float> RandomValues(size_t count) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float& v : values) v = uniform(rng);
  return values;
}

size_t Elements(const std::vector<int32_t>& shape) {
  size_t count = 1;
  for (int32_t d : shape) count *= d;
  return count;
}

// in [1,h,w,c_in] -> CONV_2D or DEPTHWISE_CONV_2D (SAME, stride 1, RELU6)
std::vector<uint8_t> ConvModel(bool depthwise, int32_t size, int32_t channels,
                               int32_t out_channels, int32_t kernel) {
  ModelBuilder builder;
  const std::vector<int32_t> filter_shape =
      depthwise ? std::vector<int32_t>{1, kernel, kernel, channels}
                : std::vector<int32_t>{out_channels, kernel, kernel, channels};
  const int32_t outputs = depthwise ? channels : out_channels;
  const int input =
      builder.AddTensor(DataType::kFloat32, {1, size, size, channels});
  const int filter = builder.AddConstant(DataType::kFloat32, filter_shape,
                                         RandomValues(Elements(filter_shape)));
  const int bias = builder.AddConstant(DataType::kFloat32, {outputs},
                                       RandomValues(outputs));
  const int output =
      builder.AddTensor(DataType::kFloat32, {1, size, size, outputs});
  if (depthwise) {
    auto options = schema::CreateDepthwiseConv2DOptions(
        builder.fbb(), schema::Padding_SAME, 1, 1, 1,
        schema::ActivationFunctionType_RELU6);
    builder.AddOperator(schema::BuiltinOperator_DEPTHWISE_CONV_2D,
                        {input, filter, bias}, {output},
                        schema::BuiltinOptions_DepthwiseConv2DOptions,
                        options.Union());
  } else {
    auto options = schema::CreateConv2DOptions(
        builder.fbb(), schema::Padding_SAME, 1, 1,
        schema::ActivationFunctionType_RELU6);
    builder.AddOperator(schema::BuiltinOperator_CONV_2D,
                        {input, filter, bias}, {output},
                        schema::BuiltinOptions_Conv2DOptions, options.Union());
  }
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

std::vector<uint8_t> FullyConnectedModel(int32_t batch, int32_t depth,
                                         int32_t units) {
  ModelBuilder builder;
  const int input = builder.AddTensor(DataType::kFloat32, {batch, depth});
  const int weights = builder.AddConstant(
      DataType::kFloat32, {units, depth}, RandomValues(size_t{1} * units * depth));
  const int bias =
      builder.AddConstant(DataType::kFloat32, {units}, RandomValues(units));
  const int output = builder.AddTensor(DataType::kFloat32, {batch, units});
  builder.AddOperator(schema::BuiltinOperator_FULLY_CONNECTED,
                      {input, weights, bias}, {output});
  builder.SetInputs({input});
  builder.SetOutputs({output});
  return builder.Finish();
}

// range(0): 0 = default fast path, 1 = reference kernels, 2 = XNNPACK
// preferred; range(1): threads.
void RunModel(benchmark::State& state, std::vector<uint8_t> bytes) {
  std::shared_ptr<const Model> model;
  std::unique_ptr<Interpreter> interpreter;
  InterpreterOptions options;
  options.use_reference_kernels = state.range(0) == 1;
  options.prefer_xnnpack = state.range(0) == 2;
  options.num_threads = static_cast<int>(state.range(1));
  Status status = Model::FromBuffer(bytes.data(), bytes.size(), &model);
  if (status.ok()) status = Interpreter::Create(model, options, &interpreter);
  if (status.ok()) status = interpreter->AllocateTensors();
  if (!status.ok()) {
    state.SkipWithError(status.ToString().c_str());
    return;
  }
  const TensorView input = interpreter->input(0);
  const std::vector<float> values = RandomValues(input.bytes / sizeof(float));
  interpreter->SetInput(0, values.data(), input.bytes);
  for (auto _ : state) {
    status = interpreter->Invoke();
    if (!status.ok()) state.SkipWithError(status.ToString().c_str());
  }
  static const char* const kKernels[] = {"default", "reference", "xnnpack"};
  state.SetLabel(std::string(kKernels[state.range(0)]) + ", " +
                 std::to_string(state.range(1)) + " thread(s), path " +
                 interpreter->node_kernel_path(0));
}

void Conv1x1(benchmark::State& state) {
  RunModel(state, ConvModel(false, 56, 64, 64, 1));
}
void Conv3x3(benchmark::State& state) {
  RunModel(state, ConvModel(false, 56, 32, 32, 3));
}
void Depthwise3x3(benchmark::State& state) {
  RunModel(state, ConvModel(true, 112, 32, 32, 3));
}
void Depthwise5x5(benchmark::State& state) {
  RunModel(state, ConvModel(true, 56, 64, 64, 5));
}
void FullyConnected(benchmark::State& state) {
  RunModel(state, FullyConnectedModel(1, 1280, 1001));
}

// Arguments: {kernels (see RunModel), threads}.
#define LITEN_KERNEL_BENCHMARK(name)                                    \
  BENCHMARK(name)                                                       \
      ->ArgNames({"kernels", "threads"})                                \
      ->Args({1, 1})                                                    \
      ->Args({2, 1})                                                    \
      ->Args({0, 1})                                                    \
      ->Args({2, 2})                                                    \
      ->Args({0, 2})                                                    \
      ->Unit(benchmark::kMicrosecond)                                   \
      ->UseRealTime()

LITEN_KERNEL_BENCHMARK(Conv1x1);
LITEN_KERNEL_BENCHMARK(Conv3x3);
LITEN_KERNEL_BENCHMARK(Depthwise3x3);
LITEN_KERNEL_BENCHMARK(Depthwise5x5);
LITEN_KERNEL_BENCHMARK(FullyConnected);

}  // namespace
}  // namespace liten

BENCHMARK_MAIN();
