// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CONCATENATION: joins tensors along one axis. FLOAT32; UINT8 and INT8,
// where an input quantized differently from the output is requantized as
// TFLite 2.9.0's ConcatenationWithScaling does (optimized_ops.h): in float,
// x * (input_scale * (1 / output_scale)) - input_zero_point * that scale,
// rounded half away from zero, plus the output zero point, saturated; and
// INT16, INT32, INT64 and BOOL, copied.
//
// TFLite 2.9's kernel rejects fused activations other than NONE; liten
// applies them to FLOAT32 and 8-bit outputs, so models TFLite accepts give
// identical results and the rest get the activation the converter meant.
// It also rejects INT8 inputs quantized unlike the output, which liten
// requantizes by the UINT8 formula.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/kernel_util.h"
#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kOutput = 0;

bool IsQuantized8(DataType type) {
  return type == DataType::kUInt8 || type == DataType::kInt8;
}

// How one 8-bit input reaches the output's quantization.
struct Requantization {
  bool copy = true;  // Same scale and zero point: the bytes pass unchanged.
  float scale = 1.0f;
  float bias = 0.0f;
};

class ConcatenationReference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    const int count = context.num_inputs();
    if (count < 1) return context.Error("has no inputs; expected at least 1");
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    for (int i = 0; i < count; ++i) {
      if (context.input(i) == nullptr) {
        return context.Error("input %d is required but omitted", i);
      }
    }
    type_ = context.input(0)->type;
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, type_));
    for (int i = 1; i < count; ++i) {
      LITEN_RETURN_IF_ERROR(context.ExpectInputType(i, type_));
    }
    switch (type_) {
      case DataType::kFloat32:
      case DataType::kUInt8:
      case DataType::kInt8:
      case DataType::kInt16:
      case DataType::kInt32:
      case DataType::kInt64:
      case DataType::kBool:
        break;
      default:
        return context.Unsupported(
            "input 0 (tensor %d) has type %s; expected FLOAT32, UINT8, INT8, "
            "INT16, INT32, INT64 or BOOL",
            context.input_index(0), DataTypeName(type_));
    }
    int32_t axis = 0;
    schema::ActivationFunctionType activation =
        schema::ActivationFunctionType_NONE;
    if (const schema::ConcatenationOptions* options =
            context.op().builtin_options_as_ConcatenationOptions()) {
      axis = options->axis();
      activation = options->fused_activation_function();
    }
    LITEN_RETURN_IF_ERROR(GetActivationRange(context, activation, &range_));
    clamp_ = activation != schema::ActivationFunctionType_NONE;
    if (clamp_ && type_ != DataType::kFloat32 && !IsQuantized8(type_)) {
      return context.Unsupported(
          "fused activation %d needs a FLOAT32, UINT8 or INT8 output",
          static_cast<int>(activation));
    }
    LITEN_RETURN_IF_ERROR(PrepareShape(context, axis));
    if (IsQuantized8(type_)) {
      LITEN_RETURN_IF_ERROR(PrepareRequantization(context, activation));
    }
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    Tensor& output = *context.output(kOutput);
    const int rank = output.shape.rank();
    const int64_t outer = output.shape.FlatSize(0, axis_);
    const int64_t inner = output.shape.FlatSize(axis_ + 1, rank);
    const size_t element_size = DataTypeSize(type_);
    // The output is, for each outer index, input 0's slab, input 1's, ...
    const int64_t out_stride = output.shape.dim(axis_) * inner;
    uint8_t* out = static_cast<uint8_t*>(output.data);
    for (int i = 0; i < context.num_inputs(); ++i) {
      const Tensor& input = *context.input(i);
      const int64_t slab = input.shape.dim(axis_) * inner;
      const uint8_t* in = static_cast<const uint8_t*>(input.data);
      for (int64_t o = 0; o < outer; ++o) {
        CopySlab(i, in + o * slab * element_size, slab,
                 out + o * out_stride * element_size);
      }
      out += slab * element_size;
    }
    return Status::Ok();
  }

 private:
  Status PrepareShape(NodeContext& context, int32_t axis) {
    const Shape& first = context.input(0)->shape;
    LITEN_RETURN_IF_ERROR(NormalizeAxis(context, axis, first.rank(), &axis_));
    Shape output_shape = first;
    int64_t axis_size = 0;
    for (int i = 0; i < context.num_inputs(); ++i) {
      const Tensor* input = context.input(i);
      LITEN_RETURN_IF_ERROR(context.ExpectInputRank(i, first.rank()));
      for (int d = 0; d < first.rank(); ++d) {
        if (d != axis_ && input->shape.dim(d) != first.dim(d)) {
          return context.Error(
              "input %d (tensor %d) has shape %s, which differs from input 0's "
              "%s outside axis %d",
              i, context.input_index(i), ShapeToString(input->shape).c_str(),
              ShapeToString(first).c_str(), axis_);
        }
      }
      axis_size += input->shape.dim(axis_);
    }
    if (axis_size > std::numeric_limits<int32_t>::max()) {
      return context.Error(
          "the inputs' axis %d sizes sum to %lld, more than a dim can hold",
          axis_, static_cast<long long>(axis_size));
    }
    output_shape.dim(axis_) = static_cast<int32_t>(axis_size);
    return context.ResizeOutput(kOutput, output_shape);
  }

  Status PrepareRequantization(const NodeContext& context,
                               schema::ActivationFunctionType activation) {
    TensorQuantization out;
    LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kOutput, &out));
    LITEN_RETURN_IF_ERROR(CalculateActivationRangeQuantized(
        context, activation, type_, out, &quantized_min_, &quantized_max_));
    output_zero_point_ = out.zero_point;
    const float inverse_output_scale = 1.0f / out.scale;
    requantization_.assign(context.num_inputs(), Requantization());
    for (int i = 0; i < context.num_inputs(); ++i) {
      TensorQuantization in;
      LITEN_RETURN_IF_ERROR(GetInputQuantization(context, i, &in));
      Requantization& r = requantization_[i];
      r.copy = in.zero_point == out.zero_point && in.scale == out.scale;
      r.scale = in.scale * inverse_output_scale;
      r.bias = -in.zero_point * r.scale;
    }
    return Status::Ok();
  }

  void CopySlab(int input, const uint8_t* in, int64_t count,
                uint8_t* out) const {
    switch (type_) {
      case DataType::kFloat32:
        if (clamp_) {
          const float* x = reinterpret_cast<const float*>(in);
          float* y = reinterpret_cast<float*>(out);
          for (int64_t k = 0; k < count; ++k) y[k] = Clamp(x[k], range_);
          return;
        }
        break;
      case DataType::kUInt8:
        if (clamp_ || !requantization_[input].copy) {
          Requantize(requantization_[input], in, count, out);
          return;
        }
        break;
      case DataType::kInt8:
        if (clamp_ || !requantization_[input].copy) {
          Requantize(requantization_[input],
                     reinterpret_cast<const int8_t*>(in), count,
                     reinterpret_cast<int8_t*>(out));
          return;
        }
        break;
      default:
        break;
    }
    // Without an activation TFLite copies, so infinities pass through.
    if (count != 0) std::memcpy(out, in, count * DataTypeSize(type_));
  }

  template <typename T>
  void Requantize(const Requantization& r, const T* in, int64_t count,
                  T* out) const {
    for (int64_t k = 0; k < count; ++k) {
      int32_t value = in[k];
      if (!r.copy) {
        // An out-of-range rounded value converts to INT32_MIN, as on
        // x86-64, and saturates to the low end.
        value =
            WrappingAdd(TruncateToInt32(std::round(in[k] * r.scale + r.bias)),
                        output_zero_point_);
      }
      out[k] = static_cast<T>(
          std::min(std::max(value, quantized_min_), quantized_max_));
    }
  }

  DataType type_ = DataType::kFloat32;
  int axis_ = 0;
  bool clamp_ = false;
  ActivationRange range_;
  // 8-bit outputs: one entry per input, and the output's quantized clamp.
  std::vector<Requantization> requantization_;
  int32_t output_zero_point_ = 0;
  int32_t quantized_min_ = 0;
  int32_t quantized_max_ = 0;
};

}  // namespace

void RegisterConcatenationKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_CONCATENATION, nullptr, 1, 3,
                MakeKernel<ConcatenationReference>});
}

}  // namespace liten
