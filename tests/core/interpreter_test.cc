// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "liten/interpreter.h"

#include <cstring>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// x -> ADD(x, x) -> a -> ADD(a, a) -> b -> ADD(b, b) -> y: y = 8x.
std::vector<uint8_t> ChainModel(const std::vector<int32_t>& shape) {
  testing::ModelBuilder builder;
  const int x = builder.AddTensor(DataType::kFloat32, shape, "x");
  const int a = builder.AddTensor(DataType::kFloat32, shape, "a");
  const int b = builder.AddTensor(DataType::kFloat32, shape, "b");
  const int y = builder.AddTensor(DataType::kFloat32, shape, "y");
  builder.AddOperator(schema::BuiltinOperator_ADD, {x, x}, {a});
  builder.AddOperator(schema::BuiltinOperator_ADD, {a, a}, {b});
  builder.AddOperator(schema::BuiltinOperator_ADD, {b, b}, {y});
  builder.SetInputs({x});
  builder.SetOutputs({y});
  return builder.Finish();
}

TEST(InterpreterTest, RunsAChain) {
  testing::TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(ChainModel({4})).ok());
  ASSERT_TRUE(interpreter.SetInput<float>(0, {1, -2, 0.5f, 0}).ok());
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_THAT(interpreter.Output<float>(0), ElementsAre(8, -16, 4, 0));
}

TEST(InterpreterTest, ArenaReusesDeadIntermediates) {
  testing::TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(ChainModel({1024})).ok());
  const ArenaStats stats = interpreter.interpreter().arena_stats();
  EXPECT_EQ(stats.tensor_bytes, 4u * 4096);
  // x and y live throughout; a and b never live together with both.
  EXPECT_LT(stats.arena_bytes, stats.tensor_bytes);
  EXPECT_GE(stats.arena_bytes, 3u * 4096);
}

TEST(InterpreterTest, ResizeInputPropagatesShapes) {
  testing::TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(ChainModel({1, 2})).ok());
  Interpreter& raw = interpreter.interpreter();
  ASSERT_TRUE(raw.ResizeInputTensor(0, {3, 2}).ok());
  EXPECT_EQ(raw.Invoke().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(raw.AllocateTensors().ok());
  EXPECT_THAT(interpreter.OutputShape(0), ElementsAre(3, 2));
  ASSERT_TRUE(interpreter.SetInput<float>(0, {1, 2, 3, 4, 5, 6}).ok());
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_THAT(interpreter.Output<float>(0), ElementsAre(8, 16, 24, 32, 40, 48));
}

TEST(InterpreterTest, WrongInputSizeIsAnError) {
  testing::TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(ChainModel({4})).ok());
  const Status status = interpreter.SetInput<float>(0, {1, 2, 3});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(),
              HasSubstr("input 0 (tensor 0, FLOAT32 [4]) takes 16 bytes, but "
                        "12 were given"));
  EXPECT_THAT(interpreter.interpreter().SetInput(5, nullptr, 0).message(),
              HasSubstr("input 5 does not exist"));
}

TEST(InterpreterTest, BadResizesAreErrors) {
  testing::TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(ChainModel({4})).ok());
  Interpreter& raw = interpreter.interpreter();
  EXPECT_THAT(raw.ResizeInputTensor(0, {-1, 4}).message(),
              HasSubstr("input 0: shape [-1,4] is invalid"));
  EXPECT_THAT(raw.ResizeInputTensor(0, std::vector<int32_t>(9, 1)).message(),
              HasSubstr("rank 9 exceeds"));
  EXPECT_THAT(raw.ResizeInputTensor(1, {4}).message(),
              HasSubstr("input 1 does not exist"));
}

TEST(InterpreterTest, InvokeBeforeAllocateIsAnError) {
  std::vector<uint8_t> bytes = ChainModel({4});
  std::shared_ptr<const Model> model;
  ASSERT_TRUE(Model::FromBuffer(bytes.data(), bytes.size(), &model).ok());
  std::unique_ptr<Interpreter> interpreter;
  ASSERT_TRUE(Interpreter::Create(model, {}, &interpreter).ok());
  EXPECT_EQ(interpreter->Invoke().code(), StatusCode::kFailedPrecondition);
}

TEST(InterpreterTest, ZeroThreadsIsAnError) {
  std::vector<uint8_t> bytes = ChainModel({4});
  std::shared_ptr<const Model> model;
  ASSERT_TRUE(Model::FromBuffer(bytes.data(), bytes.size(), &model).ok());
  std::unique_ptr<Interpreter> interpreter;
  InterpreterOptions options;
  options.num_threads = 0;
  EXPECT_THAT(Interpreter::Create(model, options, &interpreter).message(),
              HasSubstr("num_threads is 0"));
}

TEST(InterpreterTest, TensorsByName) {
  testing::TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(ChainModel({4})).ok());
  Interpreter& raw = interpreter.interpreter();
  EXPECT_EQ(raw.FindTensor("b"), 2);
  EXPECT_EQ(raw.FindTensor("nope"), -1);
  EXPECT_EQ(raw.tensor(2).name, "b");
  EXPECT_EQ(raw.tensor(99).index, -1);
  EXPECT_EQ(raw.input(0).name, "x");
  EXPECT_EQ(raw.output(0).name, "y");
  EXPECT_EQ(raw.output(3).index, -1);
  EXPECT_EQ(raw.node_op_name(1), "ADD");
}

TEST(InterpreterTest, ConstantSubgraphsAreFoldedAtPrepare) {
  // DEQUANTIZE(float16 constant) -> w; x + w -> y. The DEQUANTIZE runs once
  // in AllocateTensors and its output is a constant from then on.
  testing::ModelBuilder builder;
  const int x = builder.AddTensor(DataType::kFloat32, {2}, "x");
  // 1.0 and -2.5 as IEEE half floats.
  const int w16 = builder.AddConstant<uint16_t>(DataType::kFloat16, {2},
                                                {0x3C00, 0xC100}, "w16");
  const int w = builder.AddTensor(DataType::kFloat32, {2}, "w");
  const int y = builder.AddTensor(DataType::kFloat32, {2}, "y");
  builder.AddOperator(schema::BuiltinOperator_DEQUANTIZE, {w16}, {w});
  builder.AddOperator(schema::BuiltinOperator_ADD, {x, w}, {y});
  builder.SetInputs({x});
  builder.SetOutputs({y});
  testing::TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(builder.Finish()).ok());
  EXPECT_EQ(interpreter.interpreter().arena_stats().persistent_bytes, 8u);
  EXPECT_EQ(interpreter.interpreter().node_kernel_path(0), "constant");
  EXPECT_EQ(interpreter.interpreter().node_kernel_path(1),
            testing::Avx2OrXnnpackPath());
  ASSERT_TRUE(interpreter.SetInput<float>(0, {10, 20}).ok());
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_THAT(interpreter.Output<float>(0), ElementsAre(11, 17.5f));
}

TEST(InterpreterTest, ProfilingTimesEveryNode) {
  std::vector<uint8_t> bytes = ChainModel({4096});
  std::shared_ptr<const Model> model;
  ASSERT_TRUE(Model::FromBuffer(bytes.data(), bytes.size(), &model).ok());
  std::unique_ptr<Interpreter> interpreter;
  InterpreterOptions options;
  options.enable_profiling = true;
  options.num_threads = 2;
  ASSERT_TRUE(Interpreter::Create(model, options, &interpreter).ok());
  EXPECT_EQ(interpreter->num_threads(), 2);
  ASSERT_TRUE(interpreter->AllocateTensors().ok());
  EXPECT_TRUE(interpreter->node_milliseconds().empty());
  ASSERT_TRUE(interpreter->Invoke().ok());
  ASSERT_EQ(interpreter->node_milliseconds().size(), 3u);
  for (double ms : interpreter->node_milliseconds()) EXPECT_GE(ms, 0.0);
}

TEST(InterpreterTest, OneModelManyInterpretersOnManyThreads) {
  std::vector<uint8_t> bytes = ChainModel({256});
  std::shared_ptr<const Model> model;
  ASSERT_TRUE(Model::FromBuffer(bytes.data(), bytes.size(), &model).ok());
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::unique_ptr<Interpreter> interpreter;
      if (!Interpreter::Create(model, {}, &interpreter).ok() ||
          !interpreter->AllocateTensors().ok()) {
        ++failures[t];
        return;
      }
      std::vector<float> input(256, static_cast<float>(t));
      for (int run = 0; run < 20; ++run) {
        if (!interpreter->SetInput(0, input.data(), 1024).ok() ||
            !interpreter->Invoke().ok()) {
          ++failures[t];
        }
        const float* out = static_cast<const float*>(interpreter->output(0).data);
        if (out[255] != 8.0f * t) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ElementsAre(0, 0, 0, 0));
}

}  // namespace
}  // namespace liten
