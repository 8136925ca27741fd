// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MAX_POOL_2D and AVERAGE_POOL_2D on float32 NHWC tensors.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "kernels/xnnpack/pooling.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

struct MaxPooling {
  static constexpr PoolingOperation kOperation = PoolingOperation::kMax;
  float value = std::numeric_limits<float>::lowest();
  void Add(float x) { value = std::max(value, x); }
  float Result(int64_t /*count*/) const { return value; }
};

// Padding does not count: the sum is divided by the number of input elements
// the window covers, as TFLite does.
struct AveragePooling {
  static constexpr PoolingOperation kOperation = PoolingOperation::kAverage;
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

// Runs on XNNPACK, which takes every window but 1x1 (a copy and a clamp).
template <typename Pooling>
class Pool2DFloat32 : public XnnpackOrReferenceKernel {
 public:
  Status Prepare(NodeContext& context) override {
    xnnpack_.reset();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(
        context.ExpectOutputType(kOutput, DataType::kFloat32));
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
    LITEN_RETURN_IF_ERROR(GetActivationRange(
        context, options->fused_activation_function(), &window_.activation));
    const Tensor& input = *context.input(kInput);
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
    if (xnnpack_ == nullptr) {
      EvalReference(context);
      return Status::Ok();
    }
    const Tensor& input = *context.input(kInput);
    return RunPooling2DXnnpack(
        context, xnnpack_.get(), Pooling::kOperation, input.shape.dim(0),
        input.shape.dim(1), input.shape.dim(2), input.data_as<float>(),
        context.output(kOutput)->data_as<float>());
  }

 private:
  void EvalReference(NodeContext& context) const {
    const Tensor& input = *context.input(kInput);
    const float* in = input.data_as<float>();
    float* out = context.output(kOutput)->data_as<float>();
    const int32_t batches = input.shape.dim(0);
    const int32_t in_h = input.shape.dim(1);
    const int32_t in_w = input.shape.dim(2);
    const int32_t channels = input.shape.dim(3);
    for (int64_t b = 0; b < batches; ++b) {
      for (int32_t oy = 0; oy < window_.rows.output_size; ++oy) {
        const WindowRange ys =
            ClipWindow(oy, window_.stride_h, window_.rows.padding_before,
                       filter_h_, in_h);
        for (int32_t ox = 0; ox < window_.cols.output_size; ++ox) {
          const WindowRange xs =
              ClipWindow(ox, window_.stride_w, window_.cols.padding_before,
                         filter_w_, in_w);
          const int64_t count = (ys.end - ys.begin) * (xs.end - xs.begin);
          for (int32_t c = 0; c < channels; ++c) {
            Pooling pooling;
            for (int64_t y = ys.begin; y < ys.end; ++y) {
              for (int64_t x = xs.begin; x < xs.end; ++x) {
                pooling.Add(in[((b * in_h + y) * in_w + x) * channels + c]);
              }
            }
            *out++ = Clamp(pooling.Result(count), window_.activation);
          }
        }
      }
    }
  }

  int32_t filter_h_ = 1, filter_w_ = 1;
  Conv2DWindow window_;  // Dilations stay 1.
};

using MaxPool2DFloat32 = Pool2DFloat32<MaxPooling>;
using AveragePool2DFloat32 = Pool2DFloat32<AveragePooling>;

}  // namespace

void RegisterPoolingKernels(OpResolver& resolver) {
  // Versions 2 and 3 add int8 and int16, which the type checks reject.
  resolver.Add({schema::BuiltinOperator_MAX_POOL_2D, nullptr, 1, 3,
                MakeKernel<MaxPool2DFloat32>});
  resolver.Add({schema::BuiltinOperator_AVERAGE_POOL_2D, nullptr, 1, 3,
                MakeKernel<AveragePool2DFloat32>});
}

}  // namespace liten
