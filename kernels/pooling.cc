// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MAX_POOL_2D and AVERAGE_POOL_2D on NHWC tensors: FLOAT32, and per-tensor
// UINT8 and INT8 as TFLite 2.9.0's builtin kernels compute them (pooling.cc
// with optimized_ops::MaxPool/AveragePool for UINT8 and
// optimized_integer_ops::MaxPool/AveragePool for INT8). TFLite's 8-bit
// kernels work in the input's quantized domain and read only the output's
// quantization, for the fused activation's clamp; liten does the same.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "kernels/kernel_util.h"
#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "kernels/xnnpack/pooling.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

struct MaxPooling {
  static constexpr PoolingOperation kOperation = PoolingOperation::kMax;
  template <typename T>
  struct Window {
    T value = std::numeric_limits<T>::lowest();
    void Add(T x) { value = std::max(value, x); }
    T Result(int64_t /*count*/) const { return value; }
  };
};

// Padding does not count: the sum is divided by the number of input elements
// the window covers, as TFLite does.
struct AveragePooling {
  static constexpr PoolingOperation kOperation = PoolingOperation::kAverage;
  // 8-bit inputs: an integer sum, divided rounding half away from zero.
  // TFLite sums windows of up to 16x16 in 16 bits and larger ones in 32,
  // which overflow only past 2^24 elements; liten's 64 bits never do.
  template <typename T>
  struct Window {
    int64_t sum = 0;
    void Add(T x) { sum += x; }
    int32_t Result(int64_t count) const {
      return static_cast<int32_t>(sum > 0 ? (sum + count / 2) / count
                                          : (sum - count / 2) / count);
    }
  };
};

template <>
struct AveragePooling::Window<float> {
  float sum = 0.0f;
  void Add(float x) { sum += x; }
  float Result(int64_t count) const { return sum / static_cast<float>(count); }
};

// The in-bounds part [begin, end) of one window along one axis. SAME and
// VALID padding both leave every window at least one element, which
// ComputeWindowAxis's output size guarantees.
struct WindowRange {
  int64_t begin;
  int64_t end;
};

WindowRange ClipWindow(int64_t out, int32_t stride, int32_t padding_before,
                       int32_t filter, int32_t input_size) {
  const int64_t origin = out * stride - padding_before;
  return {std::max<int64_t>(origin, 0),
          std::min<int64_t>(origin + filter, input_size)};
}

// Pools every window of `input` into `output`, passing each result through
// `clamp`, which also converts it to T.
template <typename Pooling, typename T, typename ClampFn>
void PoolWindows(const Conv2DWindow& window, int32_t filter_h, int32_t filter_w,
                 const Tensor& input, Tensor& output, ClampFn clamp) {
  const T* in = input.data_as<T>();
  T* out = output.data_as<T>();
  const int32_t batches = input.shape.dim(0);
  const int32_t in_h = input.shape.dim(1);
  const int32_t in_w = input.shape.dim(2);
  const int32_t channels = input.shape.dim(3);
  for (int64_t b = 0; b < batches; ++b) {
    for (int32_t oy = 0; oy < window.rows.output_size; ++oy) {
      const WindowRange ys = ClipWindow(
          oy, window.stride_h, window.rows.padding_before, filter_h, in_h);
      for (int32_t ox = 0; ox < window.cols.output_size; ++ox) {
        const WindowRange xs = ClipWindow(
            ox, window.stride_w, window.cols.padding_before, filter_w, in_w);
        const int64_t count = (ys.end - ys.begin) * (xs.end - xs.begin);
        for (int32_t c = 0; c < channels; ++c) {
          typename Pooling::template Window<T> pooling;
          for (int64_t y = ys.begin; y < ys.end; ++y) {
            for (int64_t x = xs.begin; x < xs.end; ++x) {
              pooling.Add(in[((b * in_h + y) * in_w + x) * channels + c]);
            }
          }
          *out++ = clamp(pooling.Result(count));
        }
      }
    }
  }
}

// FLOAT32 runs on XNNPACK, which takes every window but 1x1 (a copy and a
// clamp); 8-bit types on the reference loop.
template <typename Pooling>
class Pool2D : public XnnpackOrReferenceKernel {
 public:
  Status Prepare(NodeContext& context) override {
    xnnpack_.reset();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    type_ = input.type;
    if (type_ != DataType::kFloat32 && type_ != DataType::kUInt8 &&
        type_ != DataType::kInt8) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s; expected FLOAT32, UINT8 or INT8",
          kInput, context.input_index(kInput), DataTypeName(type_));
    }
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, type_));
    LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kInput, 4));
    // Without options TFLite's strides and filter would be 0: not runnable.
    const schema::Pool2DOptions* options =
        context.op().builtin_options_as_Pool2DOptions();
    if (options == nullptr) return context.Error("Pool2DOptions are missing");
    window_.stride_h = options->stride_h();
    window_.stride_w = options->stride_w();
    filter_h_ = options->filter_height();
    filter_w_ = options->filter_width();
    if (window_.stride_h < 1 || window_.stride_w < 1) {
      return context.Error("strides (h %d, w %d) must be >= 1",
                           window_.stride_h, window_.stride_w);
    }
    if (filter_h_ < 1 || filter_w_ < 1) {
      return context.Error("filter size (h %d, w %d) must be >= 1",
                           filter_h_, filter_w_);
    }
    const schema::ActivationFunctionType activation =
        options->fused_activation_function();
    LITEN_RETURN_IF_ERROR(
        GetActivationRange(context, activation, &window_.activation));
    LITEN_RETURN_IF_ERROR(ComputeWindowAxis(
        context, "height", options->padding(), input.shape.dim(1),
        filter_h_, window_.stride_h, 1, &window_.rows));
    LITEN_RETURN_IF_ERROR(ComputeWindowAxis(
        context, "width", options->padding(), input.shape.dim(2),
        filter_w_, window_.stride_w, 1, &window_.cols));
    LITEN_RETURN_IF_ERROR(context.ResizeOutput(
        kOutput,
        Shape({input.shape.dim(0), window_.rows.output_size,
               window_.cols.output_size, input.shape.dim(3)})));
    if (type_ != DataType::kFloat32) {
      TensorQuantization output;
      LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kOutput, &output));
      return CalculateActivationRangeQuantized(
          context, activation, type_, output, &quantized_min_, &quantized_max_);
    }
    if (!context.use_reference_kernels() && input.NumElements() > 0) {
      PoolingShape shape;
      shape.input_height = input.shape.dim(1);
      shape.input_width = input.shape.dim(2);
      shape.filter_height = filter_h_;
      shape.filter_width = filter_w_;
      shape.channels = input.shape.dim(3);
      xnnpack_ = CreatePooling2DXnnpack(Pooling::kOperation, window_, shape);
    }
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    switch (type_) {
      case DataType::kUInt8:
        EvalQuantized<uint8_t>(input, output);
        return Status::Ok();
      case DataType::kInt8:
        EvalQuantized<int8_t>(input, output);
        return Status::Ok();
      default:
        break;
    }
    if (xnnpack_ != nullptr) {
      return RunPooling2DXnnpack(context, xnnpack_.get(), Pooling::kOperation,
                                 input.shape.dim(0), input.shape.dim(1),
                                 input.shape.dim(2), input.data_as<float>(),
                                 output.data_as<float>());
    }
    PoolWindows<Pooling, float>(
        window_, filter_h_, filter_w_, input, output,
        [&](float x) { return Clamp(x, window_.activation); });
    return Status::Ok();
  }

 private:
  template <typename T>
  void EvalQuantized(const Tensor& input, Tensor& output) const {
    PoolWindows<Pooling, T>(
        window_, filter_h_, filter_w_, input, output, [&](int32_t x) {
          return static_cast<T>(
              std::min(std::max(x, quantized_min_), quantized_max_));
        });
  }

  DataType type_ = DataType::kFloat32;
  int32_t filter_h_ = 1, filter_w_ = 1;
  Conv2DWindow window_;  // Dilations stay 1.
  int32_t quantized_min_ = 0;  // The fused activation's quantized clamp.
  int32_t quantized_max_ = 0;
};

}  // namespace

void RegisterPoolingKernels(OpResolver& resolver) {
  // Version 2 adds INT8, version 3 INT16, which Prepare rejects.
  resolver.Add({schema::BuiltinOperator_MAX_POOL_2D, nullptr, 1, 3,
                MakeKernel<Pool2D<MaxPooling>>});
  resolver.Add({schema::BuiltinOperator_AVERAGE_POOL_2D, nullptr, 1, 3,
                MakeKernel<Pool2D<AveragePooling>>});
}

}  // namespace liten
