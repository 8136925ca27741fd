// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// SOFTMAX over the last axis: FLOAT32, and UINT8/INT8 inputs with UINT8,
// INT8 or INT16 outputs computed exactly as TFLite 2.9.0's builtin kernel
// does on x86-64. That kernel does not use gemmlowp's fixed-point exp for
// 8-bit inputs: Prepare fills a table of expf(-input_scale * beta * d) for
// the 256 possible distances d below the row maximum, and Eval sums table
// entries in float, scales by 1 / (sum * output_scale) and rounds. (Its
// aarch64 clang build takes a different, uint16 table path; liten follows
// the x86-64 build, which the tests compare against.)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

// Rows of a softmax: every element of the last axis, for each index of the
// others.
struct Rows {
  int64_t count = 0;
  int64_t size = 0;
};

// TFLite's reference float softmax: subtract the row maximum, exponentiate
// the difference times beta, divide by the sum.
void SoftmaxFloat32(const float* in, const Rows& rows, float beta,
                    float* out) {
  for (int64_t r = 0; r < rows.count; ++r, in += rows.size, out += rows.size) {
    float max = std::numeric_limits<float>::lowest();
    for (int64_t i = 0; i < rows.size; ++i) max = std::max(max, in[i]);
    float sum = 0.0f;
    for (int64_t i = 0; i < rows.size; ++i) {
      out[i] = std::exp((in[i] - max) * beta);
      sum += out[i];
    }
    for (int64_t i = 0; i < rows.size; ++i) out[i] /= sum;
  }
}

struct QuantizedSoftmaxParams {
  float table[256];  // table[255 - d]: exp of d steps below the maximum.
  float output_scale = 0.0f;
  int32_t output_zero_point = 0;
};

// TFLite's QuantizeSoftmaxOutput: round half away from zero, plus the zero
// point, with out-of-range conversions giving INT32_MIN as on x86-64...
template <typename Out>
int32_t QuantizeProbability(float rescaled, int32_t zero_point) {
  return WrappingAdd(TruncateToInt32(std::round(rescaled)), zero_point);
}

// ...except for UINT8 outputs, which x86-64 builds round by adding 0.5 and
// truncating, and which ignore the output zero point.
template <>
int32_t QuantizeProbability<uint8_t>(float rescaled, int32_t) {
  return TruncateToInt32(rescaled + 0.5f);
}

template <typename In, typename Out>
void SoftmaxQuantized(const In* in, const Rows& rows,
                      const QuantizedSoftmaxParams& params, Out* out) {
  for (int64_t r = 0; r < rows.count; ++r, in += rows.size, out += rows.size) {
    int32_t max = std::numeric_limits<In>::min();
    for (int64_t i = 0; i < rows.size; ++i) {
      max = std::max(max, static_cast<int32_t>(in[i]));
    }
    // max - in[i] is in [0, 255], so every index is in the table.
    const float* exp_below_max = params.table + 255 - max;
    float sum = 0.0f;
    for (int64_t i = 0; i < rows.size; ++i) sum += exp_below_max[in[i]];
    const float inverse = 1.0f / (sum * params.output_scale);
    for (int64_t i = 0; i < rows.size; ++i) {
      out[i] = SaturateCast<Out>(QuantizeProbability<Out>(
          exp_below_max[in[i]] * inverse, params.output_zero_point));
    }
  }
}

class SoftmaxReference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    const Tensor& output = *context.output(kOutput);
    if (input.shape.rank() < 1) {
      return context.Error("input %d (tensor %d) is a scalar; softmax needs "
                           "rank 1 or more",
                           kInput, context.input_index(kInput));
    }
    // Without options TFLite's parser leaves beta at 0.
    const schema::SoftmaxOptions* options =
        context.op().builtin_options_as_SoftmaxOptions();
    beta_ = options != nullptr ? options->beta() : 0.0f;
    if (!std::isfinite(beta_)) {
      return context.Error("beta is %g; it must be finite", beta_);
    }
    const int last = input.shape.rank() - 1;
    rows_.size = input.shape.dim(last);
    rows_.count = input.shape.FlatSize(0, last);
    input_type_ = input.type;
    output_type_ = output.type;
    if (input.type == DataType::kFloat32) {
      LITEN_RETURN_IF_ERROR(
          context.ExpectOutputType(kOutput, DataType::kFloat32));
    } else {
      LITEN_RETURN_IF_ERROR(PrepareQuantized(context, input, output));
    }
    return context.ResizeOutput(kOutput, input.shape);
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    if (input_type_ == DataType::kFloat32) {
      SoftmaxFloat32(input.data_as<float>(), rows_, beta_,
                     output.data_as<float>());
    } else if (input_type_ == DataType::kUInt8) {
      EvalQuantized(input.data_as<uint8_t>(), output);
    } else {
      EvalQuantized(input.data_as<int8_t>(), output);
    }
    return Status::Ok();
  }

 private:
  Status PrepareQuantized(const NodeContext& context, const Tensor& input,
                          const Tensor& output) {
    const bool supported =
        (input.type == DataType::kUInt8 &&
         (output.type == DataType::kUInt8 || output.type == DataType::kInt16)) ||
        (input.type == DataType::kInt8 &&
         (output.type == DataType::kInt8 || output.type == DataType::kInt16));
    if (!supported) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s and output %d (tensor %d) type "
          "%s; supported are FLOAT32 to FLOAT32, UINT8 to UINT8 or INT16, "
          "and INT8 to INT8 or INT16",
          kInput, context.input_index(kInput), DataTypeName(input.type),
          kOutput, context.output_index(kOutput), DataTypeName(output.type));
    }
    TensorQuantization in, out;
    LITEN_RETURN_IF_ERROR(GetInputQuantization(context, kInput, &in));
    LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kOutput, &out));
    // TFLite 2.9 constrains only INT8 outputs, to the range [0, 1) in 256
    // steps: zero point -128, scale within 0.1% of 1/256 (compared in
    // float, as TFLite does).
    if (output.type == DataType::kInt8) {
      const float delta = std::fabs(out.scale - 1.0f / 256);
      if (out.zero_point != -128 || delta > 0.001f / 256) {
        return context.Error(
            "output %d (tensor %d) has scale %g and zero point %d; an INT8 "
            "softmax output needs scale 1/256 and zero point -128",
            kOutput, context.output_index(kOutput), out.scale,
            out.zero_point);
      }
    }
    PopulateSoftmaxLookupTable(in.scale, beta_, quantized_.table);
    quantized_.output_scale = out.scale;
    quantized_.output_zero_point = out.zero_point;
    return Status::Ok();
  }

  template <typename In>
  void EvalQuantized(const In* in, Tensor& output) const {
    switch (output_type_) {
      case DataType::kUInt8:
        SoftmaxQuantized(in, rows_, quantized_, output.data_as<uint8_t>());
        break;
      case DataType::kInt8:
        SoftmaxQuantized(in, rows_, quantized_, output.data_as<int8_t>());
        break;
      default:
        SoftmaxQuantized(in, rows_, quantized_, output.data_as<int16_t>());
        break;
    }
  }

  float beta_ = 0.0f;
  Rows rows_;
  DataType input_type_ = DataType::kFloat32;
  DataType output_type_ = DataType::kFloat32;
  QuantizedSoftmaxParams quantized_;
};

}  // namespace

void RegisterSoftmaxKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_SOFTMAX, nullptr, 1, 3,
                MakeKernel<SoftmaxReference>});
}

}  // namespace liten
