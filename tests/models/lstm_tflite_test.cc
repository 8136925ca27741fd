// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The proof that liten's integer UNIDIRECTIONAL_SEQUENCE_LSTM is TFLite
// 2.9.0's, bit for bit: one-op LSTMs with random weights, biases, scales and
// zero points, and the post-training-quantized Keras MNIST LSTM from Coral,
// run through TFLite's builtin kernels and through liten for several
// Invokes in a row (the state carries over), every output byte compared.
// The one-op models also expose both state tensors as outputs, so the cell
// state is compared at its full 16 bits.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "schema/schema_generated.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"
#include "tests/model_test_util.h"
#include "tests/models/tflite_op_test.h"
#include "tools/tflite_reference/tflite_reference.h"

namespace liten {
namespace {

using testing::RandomIntegerBytes;
using testing::TestInterpreter;
using tflite_reference::Backend;
using tflite_reference::TfLiteRunner;

constexpr char kMnistModel[] = "coral/keras_lstm_mnist_ptq.tflite";

class LstmTfLiteTest : public testing::TfLiteOpTest {
 protected:
  // Builds `model` in both runtimes (skipping when liten lacks a kernel for
  // another op of the model), then for each entry of `invocations` sets
  // input 0 to it, invokes both and expects every output byte equal.
  // liten() then holds the state after the last Invoke.
  void ExpectSameOutputsOverInvokes(
      const std::vector<uint8_t>& model,
      const std::vector<std::vector<uint8_t>>& invocations) {
    liten_ = std::make_unique<TestInterpreter>();
    const Status built = liten_->Build(model);
    if (built.code() == StatusCode::kUnsupported &&
        built.message().find("UNIDIRECTIONAL_SEQUENCE_LSTM") ==
            std::string::npos) {
      GTEST_SKIP() << "liten cannot run another op of this model yet: "
                   << built.message();
    }
    EXPECT_TRUE(built.ok()) << built.message();
    const std::string path = ::testing::TempDir() + "liten_lstm_" +
                             std::to_string(getpid()) + ".tflite";
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(model.data()),
               static_cast<std::streamsize>(model.size()));
    std::string error;
    const std::unique_ptr<TfLiteRunner> tflite =
        TfLiteRunner::Create(*library_, path, Backend::kBuiltin, 1, &error);
    std::remove(path.c_str());
    EXPECT_NE(tflite, nullptr) << error;
    if (!built.ok() || tflite == nullptr) return;
    Interpreter& interpreter = liten_->interpreter();
    EXPECT_EQ(interpreter.num_outputs(),
              static_cast<size_t>(tflite->output_count()));
    for (size_t k = 0; k < invocations.size(); ++k) {
      const std::vector<uint8_t>& input = invocations[k];
      EXPECT_TRUE(tflite->SetInput(0, input.data(), input.size(), &error))
          << error;
      EXPECT_TRUE(tflite->Invoke(&error)) << error;
      Status status = interpreter.SetInput(0, input.data(), input.size());
      EXPECT_TRUE(status.ok()) << status.message();
      status = interpreter.Invoke();
      EXPECT_TRUE(status.ok()) << status.message();
      const std::vector<tflite_reference::TensorData> expected =
          tflite->outputs();
      for (size_t o = 0; o < expected.size() && o < interpreter.num_outputs();
           ++o) {
        const TensorView actual = interpreter.output(o);
        const uint8_t* data = static_cast<const uint8_t*>(actual.data);
        EXPECT_EQ(std::vector<uint8_t>(data, data + actual.bytes),
                  expected[o].bytes)
            << "Invoke " << k << ", output " << o << " (" << actual.name
            << ")";
      }
    }
  }

  Interpreter& liten() { return liten_->interpreter(); }

 private:
  std::unique_ptr<TestInterpreter> liten_;
};

// A one-op integer LSTM as post-training quantization writes it, with the
// quantization parameters drawn from `seed` unless set here.
struct LstmSpec {
  const char* name;
  int32_t batches;
  int32_t steps;
  int32_t input_size;
  int32_t cells;
  bool time_major;
  int cell_scale_log2;
  float cell_clip;
  uint32_t seed;
};

// Builds the model through the schema's object API: tensors are added in
// order, constants get a buffer of their own.
class LstmModel {
 public:
  int Add(schema::TensorType type, std::vector<int32_t> shape,
          std::vector<float> scales, std::vector<int64_t> zero_points,
          std::vector<uint8_t> data = {}) {
    auto tensor = std::make_unique<schema::TensorT>();
    tensor->type = type;
    tensor->shape = std::move(shape);
    tensor->name = "t" + std::to_string(subgraph_->tensors.size());
    if (!scales.empty()) {
      tensor->quantization = std::make_unique<schema::QuantizationParametersT>();
      tensor->quantization->scale = std::move(scales);
      tensor->quantization->zero_point = std::move(zero_points);
    }
    if (!data.empty()) {
      model_.buffers.push_back(std::make_unique<schema::BufferT>());
      model_.buffers.back()->data = std::move(data);
      tensor->buffer = static_cast<uint32_t>(model_.buffers.size() - 1);
    }
    subgraph_->tensors.push_back(std::move(tensor));
    return static_cast<int>(subgraph_->tensors.size() - 1);
  }
  schema::TensorT& tensor(int t) { return *subgraph_->tensors[t]; }
  schema::SubGraphT& subgraph() { return *subgraph_; }

  std::vector<uint8_t> Finish(std::unique_ptr<schema::OperatorT> op) {
    auto code = std::make_unique<schema::OperatorCodeT>();
    code->builtin_code = schema::BuiltinOperator_UNIDIRECTIONAL_SEQUENCE_LSTM;
    code->deprecated_builtin_code = static_cast<int8_t>(code->builtin_code);
    code->version = 1;
    model_.operator_codes.push_back(std::move(code));
    subgraph_->operators.push_back(std::move(op));
    model_.version = 3;
    model_.subgraphs.push_back(std::move(subgraph_));
    flatbuffers::FlatBufferBuilder fbb;
    schema::FinishModelBuffer(fbb, schema::Model::Pack(fbb, &model_));
    return std::vector<uint8_t>(fbb.GetBufferPointer(),
                                fbb.GetBufferPointer() + fbb.GetSize());
  }

 private:
  schema::ModelT model_ = [] {
    schema::ModelT model;
    model.buffers.push_back(std::make_unique<schema::BufferT>());
    return model;
  }();
  std::unique_ptr<schema::SubGraphT> subgraph_ =
      std::make_unique<schema::SubGraphT>();
};

template <typename T>
std::vector<uint8_t> RandomBytes(std::mt19937& rng, int64_t count, T low,
                                 T high) {
  std::uniform_int_distribution<int64_t> value(low, high);
  std::vector<uint8_t> bytes(static_cast<size_t>(count) * sizeof(T));
  for (int64_t i = 0; i < count; ++i) {
    const T v = static_cast<T>(value(rng));
    std::copy_n(reinterpret_cast<const uint8_t*>(&v), sizeof(T),
                bytes.begin() + i * static_cast<int64_t>(sizeof(T)));
  }
  return bytes;
}

std::vector<int32_t> InputShape(const LstmSpec& spec) {
  return spec.time_major
             ? std::vector<int32_t>{spec.steps, spec.batches, spec.input_size}
             : std::vector<int32_t>{spec.batches, spec.steps, spec.input_size};
}

// Outputs: the LSTM's output, then its output state and cell state.
std::vector<uint8_t> BuildOneOpLstm(const LstmSpec& spec) {
  std::mt19937 rng(spec.seed);
  std::uniform_real_distribution<float> log_scale(std::log(0.004f),
                                                  std::log(0.04f));
  std::uniform_int_distribution<int64_t> zero_point(-128, 127);
  LstmModel model;
  const float input_scale = std::exp(log_scale(rng));
  const float state_scale = std::exp(log_scale(rng));
  const int64_t state_zero_point = zero_point(rng);
  std::vector<int32_t> inputs(24, -1);
  inputs[0] = model.Add(schema::TensorType_INT8, InputShape(spec),
                        {input_scale}, {zero_point(rng)});
  for (int w = 0; w < 8; ++w) {
    const int32_t columns = w < 4 ? spec.input_size : spec.cells;
    inputs[1 + w] =
        model.Add(schema::TensorType_INT8, {spec.cells, columns},
                  {std::exp(log_scale(rng))}, {0},
                  RandomBytes<int8_t>(rng, int64_t{spec.cells} * columns, -127,
                                      127));
  }
  // Biases in units of input scale times weights scale, as PTQ writes them:
  // up to a few in real terms.
  for (int gate = 0; gate < 4; ++gate) {
    inputs[12 + gate] = model.Add(
        schema::TensorType_INT32, {spec.cells}, {}, {},
        RandomBytes<int32_t>(rng, spec.cells, -40000, 40000));
  }
  inputs[18] = model.Add(schema::TensorType_INT8, {spec.batches, spec.cells},
                         {state_scale}, {state_zero_point});
  inputs[19] = model.Add(schema::TensorType_INT16, {spec.batches, spec.cells},
                         {std::ldexp(1.0f, spec.cell_scale_log2)}, {0});
  for (int state : {inputs[18], inputs[19]}) {
    model.tensor(state).is_variable = true;
  }
  std::vector<int32_t> output_shape = InputShape(spec);
  output_shape.back() = spec.cells;
  const int output = model.Add(schema::TensorType_INT8, output_shape,
                               {state_scale}, {state_zero_point});
  auto op = std::make_unique<schema::OperatorT>();
  for (int i = 0; i < 4; ++i) {
    op->intermediates.push_back(
        model.Add(schema::TensorType_FLOAT32, {0}, {}, {}));
  }
  // The hidden state o * tanh(c) gets its own scale and zero point, so that
  // their use is visible in the output.
  op->intermediates.push_back(model.Add(schema::TensorType_INT8, {0},
                                        {std::exp(log_scale(rng))},
                                        {zero_point(rng)}));
  op->inputs = inputs;
  op->outputs = {output};
  schema::UnidirectionalSequenceLSTMOptionsT options;
  options.fused_activation_function = schema::ActivationFunctionType_TANH;
  options.cell_clip = spec.cell_clip;
  options.time_major = spec.time_major;
  op->builtin_options.Set(options);
  model.subgraph().inputs = {inputs[0]};
  model.subgraph().outputs = {output, inputs[18], inputs[19]};
  return model.Finish(std::move(op));
}

class OneOpLstmTest : public LstmTfLiteTest,
                      public ::testing::WithParamInterface<LstmSpec> {};

TEST_P(OneOpLstmTest, MatchesTfLiteOverInvokes) {
  const LstmSpec& spec = GetParam();
  std::mt19937 rng(spec.seed + 1000);
  int64_t count = 1;
  for (int32_t d : InputShape(spec)) count *= d;
  std::vector<std::vector<uint8_t>> invocations;
  for (int k = 0; k < 3; ++k) {
    invocations.push_back(RandomIntegerBytes(DataType::kInt8, rng, count));
  }
  ExpectSameOutputsOverInvokes(BuildOneOpLstm(spec), invocations);
  if (HasFailure()) return;
  // The comparison means something only if the state is not stuck.
  const TensorView cell_state = liten().output(2);
  const int16_t* cell = static_cast<const int16_t*>(cell_state.data);
  const int64_t states =
      static_cast<int64_t>(cell_state.bytes / sizeof(int16_t));
  EXPECT_GT(std::count_if(cell, cell + states,
                          [](int16_t c) { return c != 0; }),
            states / 2);
}

const LstmSpec kLstmSpecs[] = {
    {"Tiny", 1, 4, 3, 2, false, -12, 10.0f, 1},
    {"Batches", 3, 5, 7, 6, false, -12, 10.0f, 2},
    {"TimeMajor", 2, 6, 9, 5, true, -12, 10.0f, 3},
    {"Wide", 2, 8, 32, 24, false, -12, 0.0f, 4},
    {"Clipped", 2, 10, 6, 8, false, -12, 0.3f, 5},
    {"CellScale2ToMinus11", 2, 6, 5, 7, false, -11, 10.0f, 6},
    {"CellScale2ToMinus15", 2, 6, 5, 7, true, -15, 0.5f, 7},
    {"CellScale2ToMinus9", 1, 12, 4, 9, false, -9, 0.0f, 8},
};

INSTANTIATE_TEST_SUITE_P(Specs, OneOpLstmTest, ::testing::ValuesIn(kLstmSpecs),
                         testing::CaseName());

std::vector<uint8_t> ReadModel(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {});
}

TEST_F(LstmTfLiteTest, MnistModelOnRandomInputs) {
  const std::string path = testing::ModelPath(kMnistModel);
  if (path.empty()) GTEST_SKIP() << kMnistModel << " is not in the models";
  std::mt19937 rng(42);
  std::vector<std::vector<uint8_t>> invocations;
  for (int k = 0; k < 3; ++k) {
    invocations.push_back(RandomIntegerBytes(DataType::kUInt8, rng, 28 * 28));
  }
  ExpectSameOutputsOverInvokes(ReadModel(path), invocations);
}

}  // namespace
}  // namespace liten
