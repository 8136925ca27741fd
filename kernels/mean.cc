// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MEAN over a constant set of axes: FLOAT32, and per-tensor UINT8 and INT8
// as TFLite 2.9.0's builtin kernel computes them on x86-64 (reduce.cc,
// EvalMean of the kGenericOptimized kernel). That kernel picks one of four
// formulas, all of which start from the sum of the raw 8-bit values:
//  - with keep_dims, a 4-D input and the axis tensor holding exactly 1 and 2
//    (in either order, not negative), a UINT8 mean is optimized_ops::Mean:
//    the sum times the fixed-point input_scale / (count * output_scale),
//    plus output_zero_point - round(input_zero_point * input_scale /
//    output_scale), both ratios in float (measured: the rounding is half
//    away from zero, not a truncation);
//  - in that case an INT8 mean is reference_integer_ops::Mean: the sum less
//    count zero points, times the fixed-point input_scale / output_scale,
//    divided by the count rounding half away from zero, plus the output
//    zero point (measured: not the UINT8 formula);
//  - otherwise, with the input and output quantized alike,
//    reference_ops::Mean divides the sum by the count, truncating toward
//    zero;
//  - otherwise reference_ops::QuantizedMeanOrSum rescales the mean in float.
// An empty input gives raw zeros, as TFLite writes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/kernel_util.h"
#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kAxis = 1;
constexpr int kOutput = 0;

enum class QuantizedMean {
  kEmpty,
  kSpatialUint8,
  kSpatialInt8,
  kSameQuantization,
  kRescaled
};

class MeanReference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    type_ = input.type;
    if (type_ != DataType::kFloat32 && type_ != DataType::kUInt8 &&
        type_ != DataType::kInt8) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s; expected FLOAT32, UINT8 or INT8",
          kInput, context.input_index(kInput), DataTypeName(type_));
    }
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kAxis, DataType::kInt32));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, type_));
    LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(kAxis));

    const Shape& shape = input.shape;
    const Tensor& axis = *context.input(kAxis);
    // Like TFLite, the axis tensor is read as a flat list whatever its rank;
    // negative axes count from the end and repeats are ignored.
    bool reduced[kMaxRank] = {};
    const int32_t* axes = axis.data_as<int32_t>();
    for (int64_t i = 0; i < axis.NumElements(); ++i) {
      int normalized = 0;
      LITEN_RETURN_IF_ERROR(
          NormalizeAxis(context, axes[i], shape.rank(), &normalized));
      reduced[normalized] = true;
    }

    const schema::ReducerOptions* options =
        context.op().builtin_options_as_ReducerOptions();
    const bool keep_dims = options != nullptr && options->keep_dims();
    int32_t kept_dims[kMaxRank];
    int32_t output_dims[kMaxRank];
    int output_rank = 0;
    count_ = 1;
    for (int d = 0; d < shape.rank(); ++d) {
      kept_dims[d] = reduced[d] ? 1 : shape.dim(d);
      if (reduced[d]) count_ *= shape.dim(d);
      if (!reduced[d] || keep_dims) output_dims[output_rank++] = kept_dims[d];
    }
    kept_shape_ = Shape(kept_dims, shape.rank());
    const Shape output_shape(output_dims, output_rank);
    LITEN_RETURN_IF_ERROR(context.ResizeOutput(kOutput, output_shape));
    if (type_ == DataType::kFloat32) return Status::Ok();

    const bool spatial =
        keep_dims && shape.rank() == 4 && axis.NumElements() == 2 &&
        std::min(axes[0], axes[1]) == 1 && std::max(axes[0], axes[1]) == 2;
    context.RequestScratch(output_shape.NumElements() * sizeof(int32_t));
    return PrepareQuantized(context, input.NumElements() == 0, spatial);
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    switch (type_) {
      case DataType::kUInt8:
        EvalQuantized<uint8_t>(input, output,
                               static_cast<int32_t*>(context.scratch()));
        break;
      case DataType::kInt8:
        EvalQuantized<int8_t>(input, output,
                              static_cast<int32_t*>(context.scratch()));
        break;
      default:
        EvalFloat32(input, output);
        break;
    }
    return Status::Ok();
  }

 private:
  Status PrepareQuantized(const NodeContext& context, bool empty,
                          bool spatial) {
    TensorQuantization in, out;
    LITEN_RETURN_IF_ERROR(GetInputQuantization(context, kInput, &in));
    LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kOutput, &out));
    output_zero_point_ = out.zero_point;
    if (empty) {
      mode_ = QuantizedMean::kEmpty;
    } else if (spatial && type_ == DataType::kUInt8) {
      // TFLite's float arithmetic, step by step.
      mode_ = QuantizedMean::kSpatialUint8;
      const float count = static_cast<float>(count_);
      const float real = in.scale / (count * out.scale);
      const float zero_point_shift = in.zero_point * in.scale / out.scale;
      if (std::isfinite(real)) multiplier_ = QuantizeMultiplier(real);
      if (!std::isfinite(real) || !std::isfinite(zero_point_shift) ||
          multiplier_.shift > kMaxMultiplierShift) {
        return RescaleError(context, in, out);
      }
      spatial_bias_ = WrappingSub(
          out.zero_point, TruncateToInt32(std::round(zero_point_shift)));
    } else if (spatial) {
      mode_ = QuantizedMean::kSpatialInt8;
      input_zero_point_ = in.zero_point;
      const double real = static_cast<double>(in.scale) / out.scale;
      multiplier_ = QuantizeMultiplier(real);
      if (multiplier_.shift > kMaxMultiplierShift) {
        return RescaleError(context, in, out);
      }
    } else if (in.zero_point == out.zero_point && in.scale == out.scale) {
      mode_ = QuantizedMean::kSameQuantization;
    } else {
      mode_ = QuantizedMean::kRescaled;
      scale_ = in.scale / out.scale;
      bias_ = -in.zero_point * scale_;
      if (!std::isfinite(scale_)) return RescaleError(context, in, out);
    }
    return Status::Ok();
  }

  Status RescaleError(const NodeContext& context, const TensorQuantization& in,
                      const TensorQuantization& out) const {
    return context.Error(
        "input %d (tensor %d) has scale %g and output %d (tensor %d) scale "
        "%g; the mean of %lld values cannot be rescaled between them",
        kInput, context.input_index(kInput), in.scale, kOutput,
        context.output_index(kOutput), out.scale,
        static_cast<long long>(count_));
  }

  void EvalFloat32(const Tensor& input, Tensor& output) const {
    const float* in = input.data_as<float>();
    float* out = output.data_as<float>();
    // The output doubles as the accumulator. Visiting the input in row-major
    // order adds each output's terms in the order TFLite's reference does.
    const int64_t output_size = output.NumElements();
    for (int64_t i = 0; i < output_size; ++i) out[i] = 0.0f;
    ForEachBroadcast(kept_shape_, input.shape, input.shape,
                     [&](int64_t sum_index, int64_t, int64_t in_index) {
                       out[sum_index] += in[in_index];
                     });
    // An empty reduction gives 0/0 = NaN, as numpy's mean does.
    const float count = static_cast<float>(count_);
    for (int64_t i = 0; i < output_size; ++i) out[i] /= count;
  }

  template <typename T>
  void EvalQuantized(const Tensor& input, Tensor& output, int32_t* sums) const {
    const T* in = input.data_as<T>();
    T* out = output.data_as<T>();
    const int64_t output_size = output.NumElements();
    std::fill(sums, sums + output_size, 0);
    // TFLite sums in int32; a sum that overflows wraps around as there.
    ForEachBroadcast(kept_shape_, input.shape, input.shape,
                     [&](int64_t sum_index, int64_t, int64_t in_index) {
                       sums[sum_index] =
                           WrappingAdd(sums[sum_index], in[in_index]);
                     });
    for (int64_t i = 0; i < output_size; ++i) {
      out[i] = static_cast<T>(QuantizedResult<T>(sums[i]));
    }
  }

  template <typename T>
  int32_t QuantizedResult(int32_t sum) const {
    constexpr int32_t kMin = std::numeric_limits<T>::min();
    constexpr int32_t kMax = std::numeric_limits<T>::max();
    switch (mode_) {
      case QuantizedMean::kEmpty:
        return 0;
      case QuantizedMean::kSpatialUint8: {
        const int32_t mean = WrappingAdd(
            MultiplyByQuantizedMultiplier(sum, multiplier_), spatial_bias_);
        return std::min(std::max(mean, kMin), kMax);
      }
      case QuantizedMean::kSpatialInt8: {
        // TFLite sums x - zero_point in int32, which wraps as this does.
        const int32_t offset_sum = WrappingSub(
            sum, static_cast<int32_t>(static_cast<uint32_t>(input_zero_point_) *
                                      static_cast<uint64_t>(count_)));
        const int64_t scaled =
            MultiplyByQuantizedMultiplier(offset_sum, multiplier_);
        const int64_t half = count_ / 2;
        const int64_t mean =
            scaled > 0 ? (scaled + half) / count_ : (scaled - half) / count_;
        return static_cast<int32_t>(std::min<int64_t>(
            std::max<int64_t>(mean + output_zero_point_, kMin), kMax));
      }
      case QuantizedMean::kSameQuantization:
        // The mean of values of T lies in T's range.
        return static_cast<int32_t>(sum / count_);
      case QuantizedMean::kRescaled:
        break;
    }
    const float mean = static_cast<float>(sum) / static_cast<float>(count_);
    float result = std::round(mean * scale_ + bias_) + output_zero_point_;
    result = std::min(result, static_cast<float>(kMax));
    result = std::max(result, static_cast<float>(kMin));
    return static_cast<int32_t>(result);
  }

  DataType type_ = DataType::kFloat32;
  // The input's shape with reduced axes set to 1; it indexes the output in
  // either keep_dims mode, since dropping size-1 axes keeps the layout.
  Shape kept_shape_;
  int64_t count_ = 1;
  QuantizedMean mode_ = QuantizedMean::kEmpty;
  int32_t output_zero_point_ = 0;
  QuantizedMultiplier multiplier_;  // kSpatialUint8 and kSpatialInt8.
  int32_t spatial_bias_ = 0;        // kSpatialUint8.
  int32_t input_zero_point_ = 0;    // kSpatialInt8.
  float scale_ = 0.0f;              // kRescaled.
  float bias_ = 0.0f;
};

}  // namespace

void RegisterMeanKernels(OpResolver& resolver) {
  // Version 2 adds INT8 and UINT8, version 3 INT16, which Prepare rejects.
  resolver.Add(
      {schema::BuiltinOperator_MEAN, nullptr, 1, 3, MakeKernel<MeanReference>});
}

}  // namespace liten
