// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The loader's trust boundary. The FlatBuffers verifier proves that every
// offset and vector lies inside the file; the checks here prove what the
// interpreter then relies on without checking again: indices in range,
// constant sizes matching shapes, shapes whose sizes cannot overflow, and an
// operator order in which every tensor is written once, before it is read.
// Op-specific rules (ranks, types, options) belong to each kernel's Prepare.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "src/model_internal.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {

namespace {

// The schema version liten reads; TFLite has written 3 since 2018.
constexpr uint32_t kSchemaVersion = 3;

// Buffers whose data lives outside the FlatBuffer use offsets above 1;
// TFLite's writer uses 1 as a "not yet placed" marker.
constexpr uint64_t kFirstExternalOffset = 2;

// In the verifier's writer table: the tensor is a graph input, written by
// the caller before any operator runs.
constexpr int kGraphInput = std::numeric_limits<int>::max();

bool IsLstmFamily(schema::BuiltinOperator code) {
  return code == schema::BuiltinOperator_LSTM ||
         code == schema::BuiltinOperator_UNIDIRECTIONAL_SEQUENCE_LSTM ||
         code == schema::BuiltinOperator_BIDIRECTIONAL_SEQUENCE_LSTM;
}

// Whether input `position` of an op may be the omitted-input marker -1.
bool InputMayBeOmitted(schema::BuiltinOperator code, int position) {
  switch (code) {
    case schema::BuiltinOperator_CUSTOM:
      return true;  // Custom ops define their own inputs.
    case schema::BuiltinOperator_CONV_2D:
    case schema::BuiltinOperator_DEPTHWISE_CONV_2D:
    case schema::BuiltinOperator_FULLY_CONNECTED:
      return position == 2;  // Bias.
    case schema::BuiltinOperator_TRANSPOSE_CONV:
      return position == 3;  // Bias.
    case schema::BuiltinOperator_SVDF:
      return position == 3;  // Bias.
    default:
      // LSTMs omit gates and peepholes; the kernel checks which.
      return IsLstmFamily(code) && position > 0;
  }
}

// A tensor type the interpreter can hold: fixed-size elements.
bool IsSupportedTensorType(schema::TensorType type) {
  return DataTypeSize(static_cast<DataType>(type)) != 0;
}

class Verifier {
 public:
  Verifier(const uint8_t* data, size_t size)
      : file_(data), size_(size), model_(schema::GetModel(data)) {}

  Status Run();

 private:
  Status VerifyOperatorCodes();
  Status VerifyBuffers();
  Status VerifySubgraph(int subgraph_index, const schema::SubGraph& subgraph);
  Status VerifyTensor(int subgraph_index, int tensor_index,
                      const schema::Tensor& tensor);
  Status VerifyQuantization(int subgraph_index, int tensor_index,
                            const schema::Tensor& tensor, const Shape& shape);
  Status VerifyOperator(int subgraph_index, int op_index,
                        const schema::SubGraph& subgraph,
                        std::vector<int>& writer);

  const uint8_t* file_;
  size_t size_;
  const schema::Model* model_;
};

Status Verifier::Run() {
  if (size_ < 8) {
    return InvalidModelError("file is %zu bytes, too short for a .tflite "
                             "model", size_);
  }
  if (!schema::ModelBufferHasIdentifier(file_)) {
    return InvalidModelError(
        "not a .tflite model: the file identifier at bytes 4..7 is not "
        "'TFL3'");
  }
  // Files over 2 GiB keep their weights in external buffers past the
  // FlatBuffer, which must itself fit FlatBuffers' 2 GiB offsets; the
  // verifier's constructor asserts on longer lengths, so clamp.
  const size_t flatbuffer_size =
      std::min<size_t>(size_, FLATBUFFERS_MAX_BUFFER_SIZE - 1);
  flatbuffers::Verifier verifier(file_, flatbuffer_size);
  if (!schema::VerifyModelBuffer(verifier)) {
    return InvalidModelError(
        "the FlatBuffer structure is corrupt (an offset, vector or string "
        "lies outside the file or is misaligned)");
  }
  if (model_->version() != kSchemaVersion) {
    return InvalidModelError("schema version is %u; liten reads version %u",
                             model_->version(), kSchemaVersion);
  }
  LITEN_RETURN_IF_ERROR(VerifyOperatorCodes());
  LITEN_RETURN_IF_ERROR(VerifyBuffers());
  if (model_->subgraphs() == nullptr || model_->subgraphs()->size() == 0) {
    return InvalidModelError("model has no subgraphs");
  }
  for (flatbuffers::uoffset_t i = 0; i < model_->subgraphs()->size(); ++i) {
    LITEN_RETURN_IF_ERROR(
        VerifySubgraph(static_cast<int>(i), *model_->subgraphs()->Get(i)));
  }
  return Status::Ok();
}

Status Verifier::VerifyOperatorCodes() {
  if (model_->operator_codes() == nullptr) return Status::Ok();
  for (flatbuffers::uoffset_t i = 0; i < model_->operator_codes()->size();
       ++i) {
    const schema::OperatorCode& code = *model_->operator_codes()->Get(i);
    if (code.deprecated_builtin_code() < 0 || code.builtin_code() < 0) {
      return InvalidModelError("operator code %u has a negative builtin code",
                               i);
    }
    if (code.version() < 1) {
      return InvalidModelError("operator code %u (%s) has version %d; "
                               "versions start at 1", i, OpName(code).c_str(),
                               code.version());
    }
    if (BuiltinCode(code) == schema::BuiltinOperator_CUSTOM &&
        (code.custom_code() == nullptr || code.custom_code()->size() == 0)) {
      return InvalidModelError("operator code %u is CUSTOM but has no "
                               "custom_code name", i);
    }
  }
  return Status::Ok();
}

Status Verifier::VerifyBuffers() {
  // A model without constants may omit the table; tensors then all use
  // buffer 0, which means "no data".
  const auto* buffers = model_->buffers();
  if (buffers == nullptr) return Status::Ok();
  for (flatbuffers::uoffset_t i = 0; i < buffers->size(); ++i) {
    const schema::Buffer& buffer = *buffers->Get(i);
    const bool has_inline = buffer.data() != nullptr && buffer.data()->size();
    const bool has_external = buffer.offset() != 0 || buffer.size() != 0;
    if (i == 0 && (has_inline || has_external)) {
      return InvalidModelError("buffer 0 must be empty (it stands for 'no "
                               "data'), but it holds data");
    }
    if (!has_external) continue;
    if (has_inline) {
      return InvalidModelError("buffer %u has both inline data and an "
                               "external offset", i);
    }
    if (buffer.offset() < kFirstExternalOffset ||
        buffer.offset() > size_ || buffer.size() > size_ - buffer.offset()) {
      return InvalidModelError(
          "buffer %u: external data [offset %llu, size %llu] lies outside "
          "the %zu-byte file", i,
          static_cast<unsigned long long>(buffer.offset()),
          static_cast<unsigned long long>(buffer.size()), size_);
    }
  }
  return Status::Ok();
}

Status Verifier::VerifySubgraph(int sg, const schema::SubGraph& subgraph) {
  const auto* tensors = subgraph.tensors();
  const int num_tensors = tensors == nullptr ? 0 : tensors->size();
  for (int t = 0; t < num_tensors; ++t) {
    LITEN_RETURN_IF_ERROR(VerifyTensor(sg, t, *tensors->Get(t)));
  }

  // writer[t]: the operator that writes tensor t, kGraphInput, or -1.
  std::vector<int> writer(num_tensors, -1);
  const struct {
    const char* name;
    const flatbuffers::Vector<int32_t>* list;
  } io_lists[] = {{"input", subgraph.inputs()}, {"output", subgraph.outputs()}};
  for (const auto& io : io_lists) {
    if (io.list == nullptr) continue;
    for (flatbuffers::uoffset_t i = 0; i < io.list->size(); ++i) {
      const int t = io.list->Get(i);
      if (t < 0 || t >= num_tensors) {
        return InvalidModelError(
            "subgraph %d: %s %u refers to tensor %d, but the subgraph has %d "
            "tensors", sg, io.name, i, t, num_tensors);
      }
      if (io.list == subgraph.inputs()) writer[t] = kGraphInput;
    }
  }
  const int num_ops = subgraph.operators() ? subgraph.operators()->size() : 0;
  for (int op = 0; op < num_ops; ++op) {
    LITEN_RETURN_IF_ERROR(VerifyOperator(sg, op, subgraph, writer));
  }
  if (subgraph.outputs() != nullptr) {
    for (flatbuffers::uoffset_t i = 0; i < subgraph.outputs()->size(); ++i) {
      const int t = subgraph.outputs()->Get(i);
      const schema::Tensor& tensor = *tensors->Get(t);
      const bool constant =
          tensor.buffer() != 0 &&
          TensorBytes(file_, *model_, tensor).size != 0;
      if (writer[t] == -1 && !constant && !tensor.is_variable()) {
        return InvalidModelError("subgraph %d: output %u (tensor %d) is never "
                                 "written by any operator", sg, i, t);
      }
    }
  }
  return Status::Ok();
}

Status Verifier::VerifyTensor(int sg, int t, const schema::Tensor& tensor) {
  const auto* dims = tensor.shape();
  const int rank = dims == nullptr ? 0 : static_cast<int>(dims->size());
  if (rank > kMaxRank) {
    return InvalidModelError("subgraph %d, tensor %d: rank %d exceeds liten's "
                             "limit of %d", sg, t, rank, kMaxRank);
  }
  if (!IsSupportedTensorType(tensor.type())) {
    return UnsupportedError("subgraph %d, tensor %d: type %s is not supported",
                            sg, t, schema::EnumNameTensorType(tensor.type()));
  }
  Shape shape(dims == nullptr ? nullptr : dims->data(), rank);
  for (int d = 0; d < rank; ++d) {
    if (shape.dim(d) < 0) {
      return InvalidModelError(
          "subgraph %d, tensor %d: dim %d is %d; only shape_signature may "
          "hold -1", sg, t, d, shape.dim(d));
    }
  }
  const size_t element_size =
      DataTypeSize(static_cast<DataType>(tensor.type()));
  const int64_t bytes = CheckedByteSize(shape, element_size);
  if (bytes < 0) {
    return InvalidModelError("subgraph %d, tensor %d: shape %s is too large",
                             sg, t, ShapeToString(shape).c_str());
  }
  if (const auto* signature = tensor.shape_signature()) {
    if (static_cast<int>(signature->size()) != rank) {
      return InvalidModelError("subgraph %d, tensor %d: shape_signature has "
                               "rank %u but shape has rank %d", sg, t,
                               signature->size(), rank);
    }
    for (int d = 0; d < rank; ++d) {
      const int32_t s = signature->Get(d);
      if (s != -1 && s != shape.dim(d)) {
        return InvalidModelError(
            "subgraph %d, tensor %d: shape_signature dim %d is %d but shape "
            "dim is %d", sg, t, d, s, shape.dim(d));
      }
    }
  }
  const uint32_t num_buffers =
      model_->buffers() == nullptr ? 0 : model_->buffers()->size();
  if (tensor.buffer() != 0 && tensor.buffer() >= num_buffers) {
    return InvalidModelError("subgraph %d, tensor %d: buffer %u is out of "
                             "range (the model has %u buffers)", sg, t,
                             tensor.buffer(), num_buffers);
  }
  const ByteSpan data = TensorBytes(file_, *model_, tensor);
  // Sparse constants store only their non-zero blocks; DENSIFY checks them.
  if (data.size != 0 && tensor.sparsity() == nullptr &&
      data.size != static_cast<uint64_t>(bytes)) {
    return InvalidModelError(
        "subgraph %d, tensor %d: constant data is %zu bytes, but shape %s of "
        "%s needs %lld", sg, t, data.size, ShapeToString(shape).c_str(),
        schema::EnumNameTensorType(tensor.type()),
        static_cast<long long>(bytes));
  }
  if (tensor.sparsity() != nullptr && data.size == 0) {
    return InvalidModelError("subgraph %d, tensor %d: sparse tensor has no "
                             "data", sg, t);
  }
  return VerifyQuantization(sg, t, tensor, shape);
}

Status Verifier::VerifyQuantization(int sg, int t, const schema::Tensor& tensor,
                                    const Shape& shape) {
  const schema::QuantizationParameters* q = tensor.quantization();
  if (q == nullptr || q->scale() == nullptr || q->scale()->size() == 0) {
    return Status::Ok();
  }
  const auto* scales = q->scale();
  const auto* zero_points = q->zero_point();
  if (zero_points != nullptr && zero_points->size() != scales->size()) {
    return InvalidModelError("subgraph %d, tensor %d: %u scales but %u zero "
                             "points", sg, t, scales->size(),
                             zero_points->size());
  }
  // Kernels divide by scales and compute multipliers from their ratios, so
  // a zero, negative, infinite or NaN scale is rejected here, on every
  // tensor that has one. TFLite's loader copies them unchecked.
  for (flatbuffers::uoffset_t i = 0; i < scales->size(); ++i) {
    const float scale = scales->Get(i);
    if (!std::isfinite(scale) || !(scale > 0.0f)) {
      return InvalidModelError("subgraph %d, tensor %d: scale %u is %g; "
                               "scales must be finite and positive", sg, t, i,
                               scale);
    }
  }
  // TFLite keeps zero points as int32. Integer tensors hold theirs in their
  // own range; INT16 tensors may use any int16 zero point (softmax's INT16
  // output uses -32768); kernels that need 0 check it at Prepare.
  int64_t zero_point_min = std::numeric_limits<int32_t>::min();
  int64_t zero_point_max = std::numeric_limits<int32_t>::max();
  switch (tensor.type()) {
    case schema::TensorType_UINT8:
      zero_point_min = std::numeric_limits<uint8_t>::min();
      zero_point_max = std::numeric_limits<uint8_t>::max();
      break;
    case schema::TensorType_INT8:
      zero_point_min = std::numeric_limits<int8_t>::min();
      zero_point_max = std::numeric_limits<int8_t>::max();
      break;
    case schema::TensorType_INT16:
      zero_point_min = std::numeric_limits<int16_t>::min();
      zero_point_max = std::numeric_limits<int16_t>::max();
      break;
    default:
      break;
  }
  if (zero_points != nullptr) {
    for (flatbuffers::uoffset_t i = 0; i < zero_points->size(); ++i) {
      const int64_t zero_point = zero_points->Get(i);
      if (zero_point < zero_point_min || zero_point > zero_point_max) {
        return InvalidModelError(
            "subgraph %d, tensor %d: zero_point %u is %lld, outside [%lld, "
            "%lld] for %s", sg, t, i, static_cast<long long>(zero_point),
            static_cast<long long>(zero_point_min),
            static_cast<long long>(zero_point_max),
            schema::EnumNameTensorType(tensor.type()));
      }
    }
  }
  if (scales->size() > 1) {
    const int axis = q->quantized_dimension();
    if (axis < 0 || axis >= shape.rank()) {
      return InvalidModelError("subgraph %d, tensor %d: quantized_dimension "
                               "%d is out of range for rank %d", sg, t, axis,
                               shape.rank());
    }
    if (static_cast<int64_t>(scales->size()) != shape.dim(axis)) {
      return InvalidModelError(
          "subgraph %d, tensor %d: %u per-axis scales, but dim %d has size "
          "%d", sg, t, scales->size(), axis, shape.dim(axis));
    }
  }
  return Status::Ok();
}

Status Verifier::VerifyOperator(int sg, int op_index,
                                const schema::SubGraph& subgraph,
                                std::vector<int>& writer) {
  const schema::Operator& op = *subgraph.operators()->Get(op_index);
  const auto* codes = model_->operator_codes();
  const uint32_t num_codes = codes == nullptr ? 0 : codes->size();
  if (op.opcode_index() >= num_codes) {
    return InvalidModelError("subgraph %d, operator %d: opcode_index %u is out "
                             "of range (the model has %u operator codes)", sg,
                             op_index, op.opcode_index(), num_codes);
  }
  const schema::OperatorCode& code = *codes->Get(op.opcode_index());
  const schema::BuiltinOperator builtin = BuiltinCode(code);
  const std::string name = OpName(code);
  const int num_tensors = static_cast<int>(writer.size());
  const auto* tensors = subgraph.tensors();

  auto check_list = [&](const char* what,
                        const flatbuffers::Vector<int32_t>* list,
                        bool omittable) -> Status {
    if (list == nullptr) return Status::Ok();
    for (flatbuffers::uoffset_t i = 0; i < list->size(); ++i) {
      const int t = list->Get(i);
      if (t == -1 && omittable && InputMayBeOmitted(builtin, i)) continue;
      if (t == -1) {
        return InvalidModelError(
            "subgraph %d, operator %d (%s): %s %u is omitted (-1), but this "
            "op requires it", sg, op_index, name.c_str(), what, i);
      }
      if (t < 0 || t >= num_tensors) {
        return InvalidModelError(
            "subgraph %d, operator %d (%s): %s %u refers to tensor %d, but "
            "the subgraph has %d tensors", sg, op_index, name.c_str(), what, i,
            t, num_tensors);
      }
    }
    return Status::Ok();
  };
  LITEN_RETURN_IF_ERROR(check_list("input", op.inputs(), true));
  LITEN_RETURN_IF_ERROR(check_list("output", op.outputs(), false));
  LITEN_RETURN_IF_ERROR(check_list("intermediate", op.intermediates(), false));

  if (op.inputs() != nullptr) {
    for (flatbuffers::uoffset_t i = 0; i < op.inputs()->size(); ++i) {
      const int t = op.inputs()->Get(i);
      if (t < 0) continue;
      const schema::Tensor& tensor = *tensors->Get(t);
      const bool constant = TensorBytes(file_, *model_, tensor).size != 0;
      if (tensor.sparsity() != nullptr &&
          builtin != schema::BuiltinOperator_DENSIFY) {
        return UnsupportedError(
            "subgraph %d, operator %d (%s): input %u (tensor %d) is sparse; "
            "only DENSIFY reads sparse tensors", sg, op_index, name.c_str(), i,
            t);
      }
      if (writer[t] == -1 && !constant && !tensor.is_variable()) {
        // Written later (a cycle or a bad order), or never.
        int later = -1;
        for (int o = op_index; o < static_cast<int>(subgraph.operators()->size()) && later < 0; ++o) {
          const auto* outs = subgraph.operators()->Get(o)->outputs();
          if (outs == nullptr) continue;
          for (flatbuffers::uoffset_t k = 0; k < outs->size(); ++k) {
            if (outs->Get(k) == t) later = o;
          }
        }
        if (later >= 0) {
          return InvalidModelError(
              "subgraph %d, operator %d (%s): input %u (tensor %d) is written "
              "by operator %d, which comes later; operators must be in "
              "execution order", sg, op_index, name.c_str(), i, t, later);
        }
        return InvalidModelError(
            "subgraph %d, operator %d (%s): input %u (tensor %d) is neither a "
            "graph input, a constant nor written by an earlier operator", sg,
            op_index, name.c_str(), i, t);
      }
    }
  }
  if (op.outputs() != nullptr) {
    for (flatbuffers::uoffset_t i = 0; i < op.outputs()->size(); ++i) {
      const int t = op.outputs()->Get(i);
      if (op.inputs() != nullptr &&
          std::find(op.inputs()->begin(), op.inputs()->end(), t) !=
              op.inputs()->end()) {
        return InvalidModelError("subgraph %d, operator %d (%s): tensor %d is "
                                 "both an input and an output", sg, op_index,
                                 name.c_str(), t);
      }
      const schema::Tensor& tensor = *tensors->Get(t);
      if (TensorBytes(file_, *model_, tensor).size != 0) {
        return InvalidModelError("subgraph %d, operator %d (%s): output %u "
                                 "(tensor %d) is a constant", sg, op_index,
                                 name.c_str(), i, t);
      }
      if (writer[t] == kGraphInput) {
        return InvalidModelError("subgraph %d, operator %d (%s): output %u "
                                 "(tensor %d) is a graph input", sg, op_index,
                                 name.c_str(), i, t);
      }
      if (writer[t] != -1) {
        return InvalidModelError("subgraph %d, operator %d (%s): output %u "
                                 "(tensor %d) is already written by operator "
                                 "%d", sg, op_index, name.c_str(), i, t,
                                 writer[t]);
      }
      writer[t] = op_index;
    }
  }
  return Status::Ok();
}

}  // namespace

ByteSpan TensorBytes(const uint8_t* file, const schema::Model& model,
                     const schema::Tensor& tensor) {
  if (tensor.buffer() == 0 || model.buffers() == nullptr) return {};
  const schema::Buffer& buffer = *model.buffers()->Get(tensor.buffer());
  if (buffer.offset() >= kFirstExternalOffset) {
    return {file + buffer.offset(), static_cast<size_t>(buffer.size())};
  }
  if (buffer.data() == nullptr) return {};
  return {buffer.data()->data(), buffer.data()->size()};
}

schema::BuiltinOperator BuiltinCode(const schema::OperatorCode& code) {
  return static_cast<schema::BuiltinOperator>(std::max<int32_t>(
      code.builtin_code(), code.deprecated_builtin_code()));
}

std::string OpName(const schema::OperatorCode& code) {
  const schema::BuiltinOperator builtin = BuiltinCode(code);
  if (builtin == schema::BuiltinOperator_CUSTOM) {
    return code.custom_code() ? code.custom_code()->str() : "CUSTOM";
  }
  if (builtin < schema::BuiltinOperator_MIN ||
      builtin > schema::BuiltinOperator_MAX) {
    return StrFormat("BUILTIN_%d", static_cast<int>(builtin));
  }
  const char* name = schema::EnumNameBuiltinOperator(builtin);
  return name[0] != '\0' ? name : StrFormat("BUILTIN_%d", static_cast<int>(builtin));
}

Status VerifyModel(const uint8_t* data, size_t size) {
  return Verifier(data, size).Run();
}

}  // namespace liten
