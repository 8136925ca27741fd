// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "src/op_kernel.h"

#include <cstdarg>
#include <cstdio>

#include "src/status_util.h"

namespace liten {

namespace {

std::string VFormatMessage(const char* format, va_list args) {
  char buffer[512];
  std::vsnprintf(buffer, sizeof(buffer), format, args);
  return buffer;
}

}  // namespace

Tensor* NodeContext::input(int i) const {
  if (i < 0 || i >= num_inputs() || node_->inputs[i] < 0) return nullptr;
  return &(*tensors_)[node_->inputs[i]];
}

Tensor* NodeContext::output(int i) const {
  if (i < 0 || i >= num_outputs() || node_->outputs[i] < 0) return nullptr;
  return &(*tensors_)[node_->outputs[i]];
}

Status NodeContext::ResizeOutput(int i, const Shape& shape) {
  Tensor* tensor = output(i);
  const int64_t bytes = CheckedByteSize(shape, DataTypeSize(tensor->type));
  if (bytes < 0) {
    return Error("output %d (tensor %d) would have shape %s, which is invalid "
                 "or too large", i, output_index(i), ShapeToString(shape).c_str());
  }
  tensor->shape = shape;
  tensor->bytes = static_cast<size_t>(bytes);
  return Status::Ok();
}

Status NodeContext::Error(const char* format, ...) const {
  va_list args;
  va_start(args, format);
  std::string message = VFormatMessage(format, args);
  va_end(args);
  return Status(StatusCode::kInvalidModel,
                StrFormat("node %d (%s): %s", node_index(), op_name().c_str(),
                          message.c_str()));
}

Status NodeContext::Unsupported(const char* format, ...) const {
  va_list args;
  va_start(args, format);
  std::string message = VFormatMessage(format, args);
  va_end(args);
  return Status(StatusCode::kUnsupported,
                StrFormat("node %d (%s): %s", node_index(), op_name().c_str(),
                          message.c_str()));
}

Status NodeContext::ExpectInputCount(int min, int max) const {
  if (num_inputs() < min || num_inputs() > max) {
    if (min == max) return Error("has %d inputs; expected %d", num_inputs(), min);
    return Error("has %d inputs; expected %d to %d", num_inputs(), min, max);
  }
  for (int i = 0; i < min; ++i) {
    if (input(i) == nullptr) return Error("input %d is required but omitted", i);
  }
  return Status::Ok();
}

Status NodeContext::ExpectOutputCount(int count) const {
  if (num_outputs() != count) {
    return Error("has %d outputs; expected %d", num_outputs(), count);
  }
  return Status::Ok();
}

Status NodeContext::ExpectInputType(int i, DataType type) const {
  const Tensor* tensor = input(i);
  if (tensor->type != type) {
    return Unsupported("input %d (tensor %d) has type %s; expected %s", i,
                       input_index(i), DataTypeName(tensor->type),
                       DataTypeName(type));
  }
  return Status::Ok();
}

Status NodeContext::ExpectOutputType(int i, DataType type) const {
  const Tensor* tensor = output(i);
  if (tensor->type != type) {
    return Unsupported("output %d (tensor %d) has type %s; expected %s", i,
                       output_index(i), DataTypeName(tensor->type),
                       DataTypeName(type));
  }
  return Status::Ok();
}

Status NodeContext::ExpectInputRank(int i, int rank) const {
  const Tensor* tensor = input(i);
  if (tensor->shape.rank() != rank) {
    return Error("input %d (tensor %d) has rank %d (shape %s); expected rank %d",
                 i, input_index(i), tensor->shape.rank(),
                 ShapeToString(tensor->shape).c_str(), rank);
  }
  return Status::Ok();
}

Status NodeContext::ExpectConstantInput(int i) const {
  const Tensor* tensor = input(i);
  if (tensor == nullptr || !tensor->is_constant()) {
    return Unsupported("input %d (tensor %d) must be a constant tensor", i,
                       input_index(i));
  }
  return Status::Ok();
}

}  // namespace liten
