// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Builds small .tflite models in memory, so tests can run single ops and
// craft malformed files through liten's public loader.
#ifndef LITEN_TESTS_MODEL_BUILDER_H_
#define LITEN_TESTS_MODEL_BUILDER_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "flatbuffers/flatbuffers.h"
#include "liten/interpreter.h"
#include "schema/schema_generated.h"

namespace liten {
namespace testing {

class ModelBuilder {
 public:
  ModelBuilder() = default;

  // Options tables are built directly in this builder before AddOperator:
  //   auto options = schema::CreateConv2DOptions(builder.fbb(), ...).Union();
  flatbuffers::FlatBufferBuilder& fbb() { return fbb_; }

  // A tensor without data; returns its index.
  int AddTensor(DataType type, const std::vector<int32_t>& shape,
                const std::string& name = "");
  // A constant tensor whose data is `values`' bytes.
  template <typename T>
  int AddConstant(DataType type, const std::vector<int32_t>& shape,
                  const std::vector<T>& values, const std::string& name = "") {
    std::vector<uint8_t> bytes(values.size() * sizeof(T));
    if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return AddConstantBytes(type, shape, bytes, name);
  }
  int AddConstantBytes(DataType type, const std::vector<int32_t>& shape,
                       const std::vector<uint8_t>& bytes,
                       const std::string& name = "");
  void SetQuantization(int tensor, const std::vector<float>& scales,
                       const std::vector<int64_t>& zero_points, int axis = 0);
  void SetShapeSignature(int tensor, const std::vector<int32_t>& signature);

  void AddOperator(schema::BuiltinOperator op, const std::vector<int>& inputs,
                   const std::vector<int>& outputs,
                   schema::BuiltinOptions options_type =
                       schema::BuiltinOptions_NONE,
                   flatbuffers::Offset<void> options = 0, int version = 1);
  // `custom_options`: the operator's raw custom_options bytes (none when
  // empty).
  void AddCustomOperator(const std::string& custom_code,
                         const std::vector<int>& inputs,
                         const std::vector<int>& outputs, int version = 1,
                         const std::vector<uint8_t>& custom_options = {});

  void SetInputs(const std::vector<int>& inputs) { inputs_ = inputs; }
  void SetOutputs(const std::vector<int>& outputs) { outputs_ = outputs; }

  // The serialized model. The builder cannot be reused afterwards.
  std::vector<uint8_t> Finish();

 private:
  struct TensorSpec {
    DataType type;
    std::vector<int32_t> shape;
    std::vector<int32_t> shape_signature;
    std::string name;
    int buffer = 0;
    std::vector<float> scales;
    std::vector<int64_t> zero_points;
    int axis = 0;
  };
  struct OperatorSpec {
    int opcode_index;
    std::vector<int> inputs;
    std::vector<int> outputs;
    schema::BuiltinOptions options_type;
    flatbuffers::Offset<void> options;
    std::vector<uint8_t> custom_options;
  };
  struct OpcodeSpec {
    schema::BuiltinOperator builtin;
    std::string custom_code;
    int version;
  };
  int AddOpcode(schema::BuiltinOperator op, const std::string& custom_code,
                int version);

  flatbuffers::FlatBufferBuilder fbb_;
  std::vector<TensorSpec> tensors_;
  std::vector<OperatorSpec> operators_;
  std::vector<OpcodeSpec> opcodes_;
  std::vector<std::vector<uint8_t>> buffers_{{}};  // Buffer 0 is empty.
  std::vector<int> inputs_;
  std::vector<int> outputs_;
};

// Loads a model from bytes and runs it; keeps the bytes alive for the model.
class TestInterpreter {
 public:
  // Load + Create + AllocateTensors. Returns the first failure. The
  // environment picks the configuration: LITEN_TEST_THREADS (default 1) and
  // LITEN_TEST_KERNELS=reference (default: the fast paths).
  Status Build(std::vector<uint8_t> model_bytes);

  template <typename T>
  Status SetInput(size_t i, const std::vector<T>& values) {
    return interpreter_->SetInput(i, values.data(), values.size() * sizeof(T));
  }
  Status Invoke() { return interpreter_->Invoke(); }

  template <typename T>
  std::vector<T> Output(size_t i) const {
    const TensorView view = interpreter_->output(i);
    const T* data = static_cast<const T*>(view.data);
    return std::vector<T>(data, data + view.bytes / sizeof(T));
  }
  std::vector<int32_t> OutputShape(size_t i) const {
    return interpreter_->output(i).shape;
  }
  Interpreter& interpreter() { return *interpreter_; }

 private:
  std::vector<uint8_t> bytes_;
  std::shared_ptr<const Model> model_;
  std::unique_ptr<Interpreter> interpreter_;
};

}  // namespace testing
}  // namespace liten

#endif  // LITEN_TESTS_MODEL_BUILDER_H_
