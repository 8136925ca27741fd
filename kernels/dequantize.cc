// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DEQUANTIZE: FLOAT16, or affine-quantized INT8/UINT8/INT16, to FLOAT32.
#include <cstdint>
#include <cstring>

#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

// IEEE 754 binary16 to binary32, exactly, by bit manipulation so that it does
// not depend on compiler or CPU half-precision support. NaN payloads keep
// their bits (shifted into the wider mantissa), as Eigen's conversion does.
float HalfToFloat(uint16_t half) {
  const uint32_t sign = static_cast<uint32_t>(half & 0x8000u) << 16;
  const uint32_t exponent = (half >> 10) & 0x1fu;
  uint32_t mantissa = half & 0x3ffu;
  uint32_t bits = 0;
  if (exponent == 0x1fu) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    // Rebias the exponent from 15 to 127.
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {
    // Subnormal halves are normal floats: shift the leading one into the
    // implicit bit, lowering the exponent once per shift from 2^-14's.
    uint32_t float_exponent = 113;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      --float_exponent;
    }
    bits = sign | (float_exponent << 23) | ((mantissa & 0x3ffu) << 13);
  }
  float result;
  std::memcpy(&result, &bits, sizeof(result));
  return result;
}

// TFLite computes per-tensor dequantization in double and rounds once to
// float; a float product would differ in the last bit for some inputs.
template <typename T>
void DequantizePerTensor(const T* input, int64_t count, float scale,
                         int64_t zero_point, float* output) {
  const double wide_scale = scale;
  for (int64_t i = 0; i < count; ++i) {
    output[i] = static_cast<float>(wide_scale *
                                   static_cast<double>(input[i] - zero_point));
  }
}

// Per-axis dequantization, in float as TFLite's PerChannelDequantize does.
template <typename T>
void DequantizePerAxis(const T* input, int64_t outer, int32_t channels,
                       int64_t inner, const float* scales,
                       const int64_t* zero_points, float* output) {
  int64_t i = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (int32_t c = 0; c < channels; ++c) {
      for (int64_t k = 0; k < inner; ++k, ++i) {
        output[i] = scales[c] * static_cast<float>(input[i] - zero_points[c]);
      }
    }
  }
}

class DequantizeToFloat32Reference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    LITEN_RETURN_IF_ERROR(
        context.ExpectOutputType(kOutput, DataType::kFloat32));
    const Tensor& input = *context.input(kInput);
    switch (input.type) {
      case DataType::kFloat16:
        break;
      case DataType::kInt8:
      case DataType::kUInt8:
      case DataType::kInt16:
        LITEN_RETURN_IF_ERROR(PrepareQuantization(context, input));
        break;
      default:
        return context.Unsupported(
            "input %d (tensor %d) has type %s; expected FLOAT16, INT8, UINT8 "
            "or INT16",
            kInput, context.input_index(kInput), DataTypeName(input.type));
    }
    return context.ResizeOutput(kOutput, input.shape);
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    float* output = context.output(kOutput)->data_as<float>();
    const int64_t count = input.NumElements();
    switch (input.type) {
      case DataType::kFloat16: {
        const uint16_t* half = input.data_as<uint16_t>();
        for (int64_t i = 0; i < count; ++i) output[i] = HalfToFloat(half[i]);
        break;
      }
      case DataType::kInt8:
        Dequantize(input.data_as<int8_t>(), count, input.quantization, output);
        break;
      case DataType::kUInt8:
        Dequantize(input.data_as<uint8_t>(), count, input.quantization, output);
        break;
      case DataType::kInt16:
        Dequantize(input.data_as<int16_t>(), count, input.quantization, output);
        break;
      default:
        break;  // Prepare accepted no other type.
    }
    return Status::Ok();
  }

 private:
  Status PrepareQuantization(const NodeContext& context, const Tensor& input) {
    const QuantizationInfo& quantization = input.quantization;
    const int tensor = context.input_index(kInput);
    const size_t count = quantization.scales.size();
    if (count == 0) {
      return context.Error(
          "input %d (tensor %d) has type %s but no quantization parameters",
          kInput, tensor, DataTypeName(input.type));
    }
    // The loader checked that there are as many zero points as scales and
    // that each lies in the input type's range.
    per_axis_ = count > 1;
    if (!per_axis_) return Status::Ok();
    const int axis = quantization.axis;
    if (axis < 0 || axis >= input.shape.rank()) {
      return context.Error(
          "input %d (tensor %d) is quantized along axis %d, outside its rank "
          "%d",
          kInput, tensor, axis, input.shape.rank());
    }
    if (static_cast<int64_t>(count) != input.shape.dim(axis)) {
      return context.Error(
          "input %d (tensor %d) has %zu scales for axis %d of size %d", kInput,
          tensor, count, axis, input.shape.dim(axis));
    }
    outer_ = input.shape.FlatSize(0, axis);
    inner_ = input.shape.FlatSize(axis + 1, input.shape.rank());
    return Status::Ok();
  }

  template <typename T>
  void Dequantize(const T* input, int64_t count,
                  const QuantizationInfo& quantization, float* output) const {
    if (per_axis_) {
      DequantizePerAxis(input, outer_,
                        static_cast<int32_t>(quantization.scales.size()),
                        inner_, quantization.scales.data(),
                        quantization.zero_points.data(), output);
    } else {
      DequantizePerTensor(input, count, quantization.scales[0],
                          quantization.zero_points[0], output);
    }
  }

  bool per_axis_ = false;
  int64_t outer_ = 0;  // Elements before and after the quantized axis.
  int64_t inner_ = 0;
};

}  // namespace

void RegisterDequantizeKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_DEQUANTIZE, nullptr, 1, 5,
                MakeKernel<DequantizeToFloat32Reference>});
}

}  // namespace liten
