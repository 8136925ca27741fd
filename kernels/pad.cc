// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// PAD and PADV2: surround a tensor by constant per-dim amounts of one value,
// for FLOAT32, UINT8, INT8, INT16, INT32 and INT64 as TFLite 2.9.0 takes
// them. PAD pads with zero, which for UINT8, INT8 and INT16 is the output's
// zero point; PADV2 pads with its third input when there is one. As in
// TFLite, values are copied unchanged, so an input quantized unlike the
// output is not requantized. FLOAT32 padded with zeros runs on XNNPACK
// unless the input is empty or of a rank it cannot take.
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/kernel_util.h"
#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "kernels/xnnpack/data_movement.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kPaddings = 1;
constexpr int kConstantValue = 2;
constexpr int kOutput = 0;

// TFLite pads UINT8, INT8 and INT16 with the output's zero point, and
// requires PADV2's value to be quantized as the output is; it pads INT32 and
// INT64 with 0 and takes PADV2's value as it is, whatever their quantization
// (measured).
bool PadsWithZeroPoint(DataType type) {
  return type == DataType::kUInt8 || type == DataType::kInt8 ||
         type == DataType::kInt16;
}

// A tensor's quantization as TFLite's kernels read it (TfLiteTensor::params):
// its scale and zero point when it has one of each, else 0 and 0.
TensorQuantization TfLiteParams(const Tensor& tensor) {
  const QuantizationInfo& info = tensor.quantization;
  TensorQuantization params;
  if (info.scales.size() == 1 && info.zero_points.size() == 1) {
    params.scale = info.scales[0];
    params.zero_point = static_cast<int32_t>(info.zero_points[0]);
  }
  return params;
}

// `kPadV2`: PADV2, whose optional third input holds the padding value.
template <bool kPadV2>
class Pad : public XnnpackOrReferenceKernel {
 public:
  Status Prepare(NodeContext& context) override {
    xnnpack_.reset();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, kPadV2 ? 3 : 2));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    type_ = input.type;
    switch (type_) {
      case DataType::kFloat32:
      case DataType::kUInt8:
      case DataType::kInt8:
      case DataType::kInt16:
      case DataType::kInt32:
      case DataType::kInt64:
        break;
      default:
        return context.Unsupported(
            "input %d (tensor %d) has type %s; expected FLOAT32, UINT8, INT8, "
            "INT16, INT32 or INT64",
            kInput, context.input_index(kInput), DataTypeName(type_));
    }
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, type_));
    LITEN_RETURN_IF_ERROR(PrepareValue(context));
    Shape output_shape;
    LITEN_RETURN_IF_ERROR(PrepareShape(context, input, &output_shape));
    if (type_ == DataType::kFloat32 && !has_value_input_ &&
        !context.use_reference_kernels() && input.NumElements() > 0) {
      xnnpack_ = CreateZeroPadXnnpack(input.shape.rank());
    }
    return context.ResizeOutput(kOutput, output_shape);
  }

  Status Eval(NodeContext& context) override {
    if (xnnpack_ != nullptr) {
      return RunZeroPadXnnpack(context, xnnpack_.get(), before_);
    }
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    const size_t element_size = DataTypeSize(type_);
    const uint8_t* value =
        has_value_input_
            ? static_cast<const uint8_t*>(context.input(kConstantValue)->data)
            : value_;
    uint8_t* out = static_cast<uint8_t*>(output.data);
    FillRepeating(value, element_size,
                  static_cast<size_t>(output.NumElements()) * element_size,
                  out);
    const Shape& in_shape = input.shape;
    const Shape& out_shape = output.shape;
    const int rank = in_shape.rank();
    if (input.NumElements() == 0) return Status::Ok();
    const uint8_t* in = static_cast<const uint8_t*>(input.data);
    if (rank == 0) {
      std::memcpy(out, in, element_size);
      return Status::Ok();
    }
    // Past the last padded dim the input and the output are laid out alike,
    // and along it their runs are contiguous in both: copy one such run at
    // a time, `index` walking the dims before it like an odometer.
    int run_dim = 0;
    for (int d = 0; d < rank; ++d) {
      if (in_shape.dim(d) != out_shape.dim(d)) run_dim = d;
    }
    const size_t run_bytes =
        static_cast<size_t>(in_shape.FlatSize(run_dim, rank)) * element_size;
    const int64_t runs = in_shape.FlatSize(0, run_dim);
    int64_t index[kMaxRank] = {};
    for (int64_t r = 0; r < runs; ++r) {
      int64_t offset = 0;
      for (int d = 0; d < rank; ++d) {
        offset = offset * out_shape.dim(d) + (d < run_dim ? index[d] : 0) +
                 before_[d];
      }
      std::memcpy(out + offset * element_size, in + r * run_bytes, run_bytes);
      for (int d = run_dim - 1; d >= 0; --d) {
        if (++index[d] < in_shape.dim(d)) break;
        index[d] = 0;
      }
    }
    return Status::Ok();
  }

 private:
  // The padding value: PADV2's third input, one element of the input's
  // type, or else zero (PadsWithZeroPoint: the output's zero point).
  Status PrepareValue(const NodeContext& context) {
    const TensorQuantization output = TfLiteParams(*context.output(kOutput));
    const Tensor* value = kPadV2 ? context.input(kConstantValue) : nullptr;
    has_value_input_ = value != nullptr;
    std::memset(value_, 0, sizeof(value_));
    if (!has_value_input_) {
      if (!PadsWithZeroPoint(type_)) return Status::Ok();
      // The loader checked that the zero point fits the type; little-endian,
      // its low bytes are the element.
      std::memcpy(value_, &output.zero_point, DataTypeSize(type_));
      return Status::Ok();
    }
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kConstantValue, type_));
    if (value->NumElements() != 1) {
      return context.Error(
          "input %d (tensor %d) has shape %s; the padding value must be one "
          "element",
          kConstantValue, context.input_index(kConstantValue),
          ShapeToString(value->shape).c_str());
    }
    if (!PadsWithZeroPoint(type_)) return Status::Ok();
    // Where they differ TFLite 2.9 skips the op, leaving the output unwritten.
    const TensorQuantization value_q = TfLiteParams(*value);
    if (value_q.scale != output.scale ||
        value_q.zero_point != output.zero_point) {
      return context.Error(
          "input %d (tensor %d) is quantized unlike output %d (tensor %d); "
          "the padding value must share the output's scale and zero point",
          kConstantValue, context.input_index(kConstantValue), kOutput,
          context.output_index(kOutput));
    }
    return Status::Ok();
  }

  Status PrepareShape(const NodeContext& context, const Tensor& input,
                      Shape* output_shape) {
    LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(kPaddings));
    LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kPaddings, 2));
    const Tensor& paddings = *context.input(kPaddings);
    const int rank = input.shape.rank();
    if (paddings.shape.dim(0) != rank || paddings.shape.dim(1) != 2) {
      return context.Error(
          "input %d (tensor %d) has shape %s; expected [%d,2] for a rank-%d "
          "input",
          kPaddings, context.input_index(kPaddings),
          ShapeToString(paddings.shape).c_str(), rank, rank);
    }
    if (paddings.type != DataType::kInt32 &&
        paddings.type != DataType::kInt64) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s; expected INT32 or INT64",
          kPaddings, context.input_index(kPaddings),
          DataTypeName(paddings.type));
    }
    *output_shape = input.shape;
    for (int d = 0; d < rank; ++d) {
      const int64_t before = PaddingValue(paddings, 2 * d);
      const int64_t after = PaddingValue(paddings, 2 * d + 1);
      constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
      if (before < 0 || after < 0 || before > kMax || after > kMax) {
        return context.Error(
            "input %d (tensor %d) pads dim %d by [%lld,%lld]; paddings must be "
            "non-negative int32 values",
            kPaddings, context.input_index(kPaddings), d,
            static_cast<long long>(before), static_cast<long long>(after));
      }
      const int64_t size = input.shape.dim(d) + before + after;
      if (size > kMax) {
        return context.Error(
            "input %d (tensor %d) pads dim %d to %lld elements, more than a "
            "dim can hold",
            kPaddings, context.input_index(kPaddings), d,
            static_cast<long long>(size));
      }
      output_shape->dim(d) = static_cast<int32_t>(size);
      before_[d] = before;
    }
    return Status::Ok();
  }

  static int64_t PaddingValue(const Tensor& paddings, int i) {
    return paddings.type == DataType::kInt64 ? paddings.data_as<int64_t>()[i]
                                             : paddings.data_as<int32_t>()[i];
  }

  DataType type_ = DataType::kFloat32;
  int64_t before_[kMaxRank] = {};  // Padding before each dim.
  bool has_value_input_ = false;
  uint8_t value_[sizeof(int64_t)] = {};  // The padding element otherwise.
};

}  // namespace

void RegisterPadKernels(OpResolver& resolver) {
  resolver.Add(
      {schema::BuiltinOperator_PAD, nullptr, 1, 4, MakeKernel<Pad<false>>});
  resolver.Add(
      {schema::BuiltinOperator_PADV2, nullptr, 1, 4, MakeKernel<Pad<true>>});
}

}  // namespace liten
