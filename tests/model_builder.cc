// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "tests/model_builder.h"

#include <cstdlib>
#include <cstring>

namespace liten {
namespace testing {

int ModelBuilder::AddTensor(DataType type, const std::vector<int32_t>& shape,
                            const std::string& name) {
  TensorSpec spec;
  spec.type = type;
  spec.shape = shape;
  spec.name = name.empty() ? "t" + std::to_string(tensors_.size()) : name;
  tensors_.push_back(spec);
  return static_cast<int>(tensors_.size()) - 1;
}

int ModelBuilder::AddConstantBytes(DataType type,
                                   const std::vector<int32_t>& shape,
                                   const std::vector<uint8_t>& bytes,
                                   const std::string& name) {
  const int index = AddTensor(type, shape, name);
  buffers_.push_back(bytes);
  tensors_[index].buffer = static_cast<int>(buffers_.size()) - 1;
  return index;
}

void ModelBuilder::SetQuantization(int tensor, const std::vector<float>& scales,
                                   const std::vector<int64_t>& zero_points,
                                   int axis) {
  tensors_[tensor].scales = scales;
  tensors_[tensor].zero_points = zero_points;
  tensors_[tensor].axis = axis;
}

void ModelBuilder::SetShapeSignature(int tensor,
                                     const std::vector<int32_t>& signature) {
  tensors_[tensor].shape_signature = signature;
}

int ModelBuilder::AddOpcode(schema::BuiltinOperator op,
                            const std::string& custom_code, int version) {
  for (size_t i = 0; i < opcodes_.size(); ++i) {
    if (opcodes_[i].builtin == op && opcodes_[i].custom_code == custom_code &&
        opcodes_[i].version == version) {
      return static_cast<int>(i);
    }
  }
  opcodes_.push_back({op, custom_code, version});
  return static_cast<int>(opcodes_.size()) - 1;
}

void ModelBuilder::AddOperator(schema::BuiltinOperator op,
                               const std::vector<int>& inputs,
                               const std::vector<int>& outputs,
                               schema::BuiltinOptions options_type,
                               flatbuffers::Offset<void> options, int version) {
  operators_.push_back({AddOpcode(op, "", version), inputs, outputs,
                        options_type, options, /*custom_options=*/{}});
}

void ModelBuilder::AddCustomOperator(
    const std::string& custom_code, const std::vector<int>& inputs,
    const std::vector<int>& outputs, int version,
    const std::vector<uint8_t>& custom_options) {
  operators_.push_back({AddOpcode(schema::BuiltinOperator_CUSTOM, custom_code,
                                  version),
                        inputs, outputs, schema::BuiltinOptions_NONE, 0,
                        custom_options});
}

std::vector<uint8_t> ModelBuilder::Finish() {
  std::vector<flatbuffers::Offset<schema::Buffer>> buffers;
  for (const std::vector<uint8_t>& data : buffers_) {
    if (data.empty()) {
      buffers.push_back(schema::CreateBuffer(fbb_));
      continue;
    }
    fbb_.ForceVectorAlignment(data.size(), 1, 16);
    buffers.push_back(
        schema::CreateBuffer(fbb_, fbb_.CreateVector(data)));
  }
  std::vector<flatbuffers::Offset<schema::Tensor>> tensors;
  for (const TensorSpec& spec : tensors_) {
    flatbuffers::Offset<schema::QuantizationParameters> quantization = 0;
    if (!spec.scales.empty()) {
      quantization = schema::CreateQuantizationParameters(
          fbb_, 0, 0, fbb_.CreateVector(spec.scales),
          fbb_.CreateVector(spec.zero_points), schema::QuantizationDetails_NONE,
          0, spec.axis);
    }
    auto signature = spec.shape_signature.empty()
                         ? 0
                         : fbb_.CreateVector(spec.shape_signature);
    tensors.push_back(schema::CreateTensor(
        fbb_, fbb_.CreateVector(spec.shape),
        static_cast<schema::TensorType>(spec.type),
        static_cast<uint32_t>(spec.buffer), fbb_.CreateString(spec.name),
        quantization, /*is_variable=*/false, /*sparsity=*/0, signature));
  }
  std::vector<flatbuffers::Offset<schema::Operator>> operators;
  for (const OperatorSpec& spec : operators_) {
    operators.push_back(schema::CreateOperator(
        fbb_, static_cast<uint32_t>(spec.opcode_index),
        fbb_.CreateVector(spec.inputs), fbb_.CreateVector(spec.outputs),
        spec.options_type, spec.options,
        spec.custom_options.empty() ? 0
                                    : fbb_.CreateVector(spec.custom_options)));
  }
  std::vector<flatbuffers::Offset<schema::OperatorCode>> opcodes;
  for (const OpcodeSpec& spec : opcodes_) {
    // Codes above 127 do not fit the old byte field; TFLite writes the
    // placeholder 127 there.
    const int8_t deprecated = static_cast<int8_t>(
        spec.builtin < 127 ? spec.builtin : 127);
    opcodes.push_back(schema::CreateOperatorCode(
        fbb_, deprecated,
        spec.custom_code.empty() ? 0 : fbb_.CreateString(spec.custom_code),
        spec.version, spec.builtin));
  }
  auto subgraph = schema::CreateSubGraph(
      fbb_, fbb_.CreateVector(tensors), fbb_.CreateVector(inputs_),
      fbb_.CreateVector(outputs_), fbb_.CreateVector(operators),
      fbb_.CreateString("main"));
  auto model = schema::CreateModel(
      fbb_, 3, fbb_.CreateVector(opcodes),
      fbb_.CreateVector(std::vector<flatbuffers::Offset<schema::SubGraph>>{
          subgraph}),
      fbb_.CreateString("liten test model"), fbb_.CreateVector(buffers));
  schema::FinishModelBuffer(fbb_, model);
  return std::vector<uint8_t>(fbb_.GetBufferPointer(),
                              fbb_.GetBufferPointer() + fbb_.GetSize());
}

Status TestInterpreter::Build(std::vector<uint8_t> model_bytes) {
  bytes_ = std::move(model_bytes);
  Status status = Model::FromBuffer(bytes_.data(), bytes_.size(), &model_);
  if (!status.ok()) return status;
  InterpreterOptions options;
  // CMake runs the kernel tests once per configuration of these.
  const char* threads = std::getenv("LITEN_TEST_THREADS");
  options.num_threads = threads != nullptr ? std::atoi(threads) : 1;
  const char* kernels = std::getenv("LITEN_TEST_KERNELS");
  options.use_reference_kernels =
      kernels != nullptr && std::strcmp(kernels, "reference") == 0;
  options.prefer_xnnpack =
      kernels != nullptr && std::strcmp(kernels, "xnnpack") == 0;
  status = Interpreter::Create(model_, options, &interpreter_);
  if (!status.ok()) return status;
  return interpreter_->AllocateTensors();
}

}  // namespace testing
}  // namespace liten
