// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// QUANTIZE, as TFLite 2.9.0's builtin kernel computes it: FLOAT32 to UINT8,
// INT8 or INT16 (one scale per tensor, or one per channel), and
// requantization between integer types with a fixed-point multiplier. The
// pairs are TFLite 2.9's: UINT8/INT8 to UINT8/INT8, INT16 to INT8/INT16/INT32,
// INT32 to INT8/INT16. FLOAT32 with one scale to UINT8/INT8, and UINT8/INT8
// to UINT8/INT8, run on liten's AVX2 kernel (kernels/x86/quantize.h) where
// the CPU has AVX2.
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "kernels/x86/quantize.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

struct QuantizeParams {
  // Per tensor (FLOAT32 input) and requantization.
  double scale = 1.0;
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  QuantizedMultiplier multiplier;
  // Per channel: the output's parameters along the channel axis, which
  // splits the tensor into outer x channels x inner elements.
  const float* scales = nullptr;
  const int64_t* zero_points = nullptr;
  int64_t outer = 0;
  int32_t channels = 0;
  int64_t inner = 0;
};

using QuantizeFn = void (*)(const QuantizeParams& params, const Tensor& input,
                            Tensor& output);

// TFLite divides in double here and rounds half away from zero; an input
// whose quotient does not fit int32 (or is NaN) becomes INT32_MIN before the
// zero point is added, as on TFLite's x86-64 build, so +-infinity and NaN
// land on either end of the range depending on the zero point's sign.
template <typename Out>
void QuantizePerTensor(const QuantizeParams& params, const Tensor& input,
                       Tensor& output) {
  const float* in = input.data_as<float>();
  Out* out = output.data_as<Out>();
  const int64_t count = input.NumElements();
  for (int64_t i = 0; i < count; ++i) {
    const int32_t q = TruncateToInt32(std::round(in[i] / params.scale));
    out[i] = SaturateCast<Out>(WrappingAdd(q, params.output_zero_point));
  }
}

// TFLite's PerChannelQuantize divides in float, unlike the per-tensor path,
// which changes the rounding of a few inputs.
template <typename Out>
void QuantizePerChannel(const QuantizeParams& params, const Tensor& input,
                        Tensor& output) {
  const float* in = input.data_as<float>();
  Out* out = output.data_as<Out>();
  int64_t i = 0;
  for (int64_t o = 0; o < params.outer; ++o) {
    for (int32_t c = 0; c < params.channels; ++c) {
      const float scale = params.scales[c];
      const int32_t zero_point = static_cast<int32_t>(params.zero_points[c]);
      for (int64_t k = 0; k < params.inner; ++k, ++i) {
        const int32_t q = TruncateToInt32(std::round(in[i] / scale));
        out[i] = SaturateCast<Out>(WrappingAdd(q, zero_point));
      }
    }
  }
}

template <typename In, typename Out>
void Requantize(const QuantizeParams& params, const Tensor& input,
                Tensor& output) {
  const In* in = input.data_as<In>();
  Out* out = output.data_as<Out>();
  const int64_t count = input.NumElements();
  for (int64_t i = 0; i < count; ++i) {
    const int32_t centered =
        WrappingSub(static_cast<int32_t>(in[i]), params.input_zero_point);
    const int32_t scaled =
        MultiplyByQuantizedMultiplier(centered, params.multiplier);
    out[i] = SaturateCast<Out>(WrappingAdd(scaled, params.output_zero_point));
  }
}

QuantizeFn SelectFromFloat(DataType output, bool per_channel) {
  switch (output) {
    case DataType::kUInt8:
      return per_channel ? QuantizePerChannel<uint8_t>
                         : QuantizePerTensor<uint8_t>;
    case DataType::kInt8:
      return per_channel ? QuantizePerChannel<int8_t>
                         : QuantizePerTensor<int8_t>;
    case DataType::kInt16:
      return per_channel ? QuantizePerChannel<int16_t>
                         : QuantizePerTensor<int16_t>;
    default:
      return nullptr;
  }
}

template <typename In>
QuantizeFn SelectRequantize(DataType output) {
  switch (output) {
    case DataType::kUInt8:
      return Requantize<In, uint8_t>;
    case DataType::kInt8:
      return Requantize<In, int8_t>;
    case DataType::kInt16:
      return Requantize<In, int16_t>;
    case DataType::kInt32:
      return Requantize<In, int32_t>;
    default:
      return nullptr;
  }
}

// Whether TFLite 2.9 requantizes `input` to `output`.
bool IsSupportedRequantization(DataType input, DataType output) {
  switch (input) {
    case DataType::kUInt8:
    case DataType::kInt8:
      return output == DataType::kUInt8 || output == DataType::kInt8;
    case DataType::kInt16:
      return output == DataType::kInt8 || output == DataType::kInt16 ||
             output == DataType::kInt32;
    case DataType::kInt32:
      return output == DataType::kInt8 || output == DataType::kInt16;
    default:
      return false;
  }
}

class Quantize : public OpKernel {
 public:
  const char* path() const override {
    return avx2_ != nullptr ? "avx2" : OpKernel::path();
  }

  Status Prepare(NodeContext& context) override {
    avx2_.reset();
    params_ = QuantizeParams();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    const Tensor& output = *context.output(kOutput);
    if (output.quantization.scales.empty()) {
      return context.Error(
          "output %d (tensor %d) has type %s but no quantization parameters",
          kOutput, context.output_index(kOutput), DataTypeName(output.type));
    }
    if (input.type == DataType::kFloat32) {
      LITEN_RETURN_IF_ERROR(PrepareFromFloat(context, input, output));
    } else {
      LITEN_RETURN_IF_ERROR(PrepareRequantize(context, input, output));
    }
    if (!context.use_reference_kernels()) PrepareAvx2(context, input, output);
    return context.ResizeOutput(kOutput, input.shape);
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    if (avx2_ != nullptr) {
      const size_t count = static_cast<size_t>(input.NumElements());
      avx2_->Run(
          input.data, output.data, count,
          QuantizeAvx2::SharesWork(count) ? context.threadpool() : nullptr);
      return Status::Ok();
    }
    run_(params_, input, output);
    return Status::Ok();
  }

 private:
  // The AVX2 kernel where it takes the pair of types: 8-bit outputs from
  // FLOAT32 with one scale or from 8 bits.
  void PrepareAvx2(const NodeContext& context, const Tensor& input,
                   const Tensor& output) {
    const bool to_8_bits =
        output.type == DataType::kUInt8 || output.type == DataType::kInt8;
    const bool output_signed = output.type == DataType::kInt8;
    if (!to_8_bits) return;
    if (input.type == DataType::kFloat32) {
      if (params_.scales != nullptr) return;  // Per channel.
      avx2_ = QuantizeAvx2::FromFloat(params_.scale, params_.output_zero_point,
                                      output_signed, context.num_threads());
    } else if (input.type == DataType::kUInt8 ||
               input.type == DataType::kInt8) {
      avx2_ = QuantizeAvx2::Requantize(
          input.type == DataType::kInt8, params_.input_zero_point,
          params_.multiplier, params_.output_zero_point, output_signed,
          context.num_threads());
    }
  }

  Status PrepareFromFloat(const NodeContext& context, const Tensor& input,
                          const Tensor& output) {
    const QuantizationInfo& quantization = output.quantization;
    const bool per_channel = quantization.scales.size() > 1;
    run_ = SelectFromFloat(output.type, per_channel);
    if (run_ == nullptr) {
      return context.Unsupported(
          "output %d (tensor %d) has type %s; a FLOAT32 input quantizes to "
          "UINT8, INT8 or INT16",
          kOutput, context.output_index(kOutput), DataTypeName(output.type));
    }
    if (per_channel) {
      // The loader matched the scales to the output's declared shape; the
      // output takes the input's shape, so check them against that.
      const int axis = quantization.axis;
      if (axis >= input.shape.rank() ||
          input.shape.dim(axis) !=
              static_cast<int64_t>(quantization.scales.size())) {
        return context.Error(
            "output %d (tensor %d) has %zu scales along axis %d, but input "
            "%d (tensor %d) has shape %s",
            kOutput, context.output_index(kOutput), quantization.scales.size(),
            axis, kInput, context.input_index(kInput),
            ShapeToString(input.shape).c_str());
      }
      scales_ = quantization.scales;
      zero_points_ = quantization.zero_points;
      params_.scales = scales_.data();
      params_.zero_points = zero_points_.data();
      params_.channels = static_cast<int32_t>(scales_.size());
      params_.outer = input.shape.FlatSize(0, axis);
      params_.inner = input.shape.FlatSize(axis + 1, input.shape.rank());
    } else {
      TensorQuantization q;
      LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kOutput, &q));
      params_.scale = q.scale;
      params_.output_zero_point = q.zero_point;
    }
    return Status::Ok();
  }

  Status PrepareRequantize(const NodeContext& context, const Tensor& input,
                           const Tensor& output) {
    if (!IsSupportedRequantization(input.type, output.type)) {
      return context.Unsupported(
          "cannot quantize input %d (tensor %d, %s) to output %d (tensor %d, "
          "%s); TFLite 2.9 quantizes FLOAT32 to UINT8/INT8/INT16 and "
          "requantizes UINT8/INT8 to UINT8/INT8, INT16 to INT8/INT16/INT32 "
          "and INT32 to INT8/INT16",
          kInput, context.input_index(kInput), DataTypeName(input.type),
          kOutput, context.output_index(kOutput), DataTypeName(output.type));
    }
    TensorQuantization in, out;
    LITEN_RETURN_IF_ERROR(GetInputQuantization(context, kInput, &in));
    LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kOutput, &out));
    if (input.type == DataType::kInt16 && output.type == DataType::kInt16 &&
        (in.zero_point != 0 || out.zero_point != 0)) {
      return context.Error(
          "INT16 to INT16 requantization needs zero points of 0, as in "
          "TFLite; input %d (tensor %d) has %d and output %d (tensor %d) has "
          "%d",
          kInput, context.input_index(kInput), in.zero_point, kOutput,
          context.output_index(kOutput), out.zero_point);
    }
    const double real = static_cast<double>(in.scale) / out.scale;
    params_.multiplier = QuantizeMultiplier(real);
    if (params_.multiplier.shift > kMaxMultiplierShift) {
      return context.Error(
          "input scale %g over output scale %g is %g, too large for a "
          "fixed-point multiplier (at most 2^31)",
          in.scale, out.scale, real);
    }
    params_.input_zero_point = in.zero_point;
    params_.output_zero_point = out.zero_point;
    switch (input.type) {
      case DataType::kUInt8:
        run_ = SelectRequantize<uint8_t>(output.type);
        break;
      case DataType::kInt8:
        run_ = SelectRequantize<int8_t>(output.type);
        break;
      case DataType::kInt16:
        run_ = SelectRequantize<int16_t>(output.type);
        break;
      default:
        run_ = SelectRequantize<int32_t>(output.type);
        break;
    }
    return Status::Ok();
  }

  QuantizeParams params_;
  QuantizeFn run_ = nullptr;
  std::unique_ptr<QuantizeAvx2> avx2_;
  std::vector<float> scales_;  // Per channel; params_ points into them.
  std::vector<int64_t> zero_points_;
};

}  // namespace

void RegisterQuantizeKernels(OpResolver& resolver) {
  resolver.Add(
      {schema::BuiltinOperator_QUANTIZE, nullptr, 1, 3, MakeKernel<Quantize>});
}

}  // namespace liten
