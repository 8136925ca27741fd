// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MAX_POOL_2D and AVERAGE_POOL_2D on float32 NHWC tensors.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

struct MaxPooling {
  float value = std::numeric_limits<float>::lowest();
  void Add(float x) { value = std::max(value, x); }
  float Result(int64_t /*count*/) const { return value; }
};

// Padding does not count: the sum is divided by the number of input elements
// the window covers, as TFLite does.
struct AveragePooling {
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

template <typename Pooling>
class Pool2DFloat32Reference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
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
    stride_h_ = options->stride_h();
    stride_w_ = options->stride_w();
    filter_h_ = options->filter_height();
    filter_w_ = options->filter_width();
    if (stride_h_ < 1 || stride_w_ < 1) {
      return context.Error("strides (h %d, w %d) must be >= 1", stride_h_,
                           stride_w_);
    }
    if (filter_h_ < 1 || filter_w_ < 1) {
      return context.Error("filter size (h %d, w %d) must be >= 1", filter_h_,
                           filter_w_);
    }
    LITEN_RETURN_IF_ERROR(GetActivationRange(
        context, options->fused_activation_function(), &range_));
    const Shape& input = context.input(kInput)->shape;
    LITEN_RETURN_IF_ERROR(ComputeWindowAxis(context, "height",
                                            options->padding(), input.dim(1),
                                            filter_h_, stride_h_, 1, &height_));
    LITEN_RETURN_IF_ERROR(ComputeWindowAxis(context, "width",
                                            options->padding(), input.dim(2),
                                            filter_w_, stride_w_, 1, &width_));
    return context.ResizeOutput(
        kOutput, Shape({input.dim(0), height_.output_size, width_.output_size,
                        input.dim(3)}));
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    const float* in = input.data_as<float>();
    float* out = context.output(kOutput)->data_as<float>();
    const int32_t batches = input.shape.dim(0);
    const int32_t in_h = input.shape.dim(1);
    const int32_t in_w = input.shape.dim(2);
    const int32_t channels = input.shape.dim(3);
    for (int64_t b = 0; b < batches; ++b) {
      for (int32_t oy = 0; oy < height_.output_size; ++oy) {
        const WindowRange ys =
            ClipWindow(oy, stride_h_, height_.padding_before, filter_h_, in_h);
        for (int32_t ox = 0; ox < width_.output_size; ++ox) {
          const WindowRange xs =
              ClipWindow(ox, stride_w_, width_.padding_before, filter_w_, in_w);
          const int64_t count = (ys.end - ys.begin) * (xs.end - xs.begin);
          for (int32_t c = 0; c < channels; ++c) {
            Pooling pooling;
            for (int64_t y = ys.begin; y < ys.end; ++y) {
              for (int64_t x = xs.begin; x < xs.end; ++x) {
                pooling.Add(in[((b * in_h + y) * in_w + x) * channels + c]);
              }
            }
            *out++ = Clamp(pooling.Result(count), range_);
          }
        }
      }
    }
    return Status::Ok();
  }

 private:
  int32_t stride_h_ = 1, stride_w_ = 1;
  int32_t filter_h_ = 1, filter_w_ = 1;
  WindowAxis height_, width_;
  ActivationRange range_;
};

using MaxPool2DFloat32Reference = Pool2DFloat32Reference<MaxPooling>;
using AveragePool2DFloat32Reference = Pool2DFloat32Reference<AveragePooling>;

}  // namespace

void RegisterPoolingKernels(OpResolver& resolver) {
  // Versions 2 and 3 add int8 and int16, which the type checks reject.
  resolver.Add({schema::BuiltinOperator_MAX_POOL_2D, nullptr, 1, 3,
                MakeKernel<MaxPool2DFloat32Reference>});
  resolver.Add({schema::BuiltinOperator_AVERAGE_POOL_2D, nullptr, 1, 3,
                MakeKernel<AveragePool2DFloat32Reference>});
}

}  // namespace liten
