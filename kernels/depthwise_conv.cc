// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DEPTHWISE_CONV_2D, NHWC: each input channel c is convolved with its own
// `depth_multiplier` filters, giving output channels c * depth_multiplier ..
// c * depth_multiplier + depth_multiplier - 1. FLOAT32, and UINT8 or INT8
// computed as TFLite 2.9.0's x86-64 build does.
#include <cstdint>
#include <type_traits>

#include "kernels/kernel_util.h"
#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "kernels/x86/avx2_kernel.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/depthwise_conv2d_f32.h"
#include "kernels/x86/qdepthwise_conv2d.h"
#include "kernels/xnnpack/convolution.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kFilter = 1, kBias = 2;
constexpr int kOutput = 0;

// The checks of DEPTHWISE_CONV_2D's shapes that follow its operand checks: a
// [1, height, width, channels] filter of at least one tap whose channels are
// a multiple of the input's (`depth_multiplier` per input channel), and a
// bias, if any, of `bias_type` and shape [channels].
Status CheckDepthwiseShapes(const NodeContext& context, DataType bias_type,
                            int32_t* depth_multiplier) {
  const Shape& input = context.input(kInput)->shape;
  const Shape& filter = context.input(kFilter)->shape;
  if (filter.dim(0) != 1 || filter.dim(1) < 1 || filter.dim(2) < 1) {
    return context.Error("input 1 (tensor %d), the filter, has shape %s; "
                         "expected [1, height, width, channels] with height "
                         "and width >= 1", context.input_index(kFilter),
                         ShapeToString(filter).c_str());
  }
  const int32_t in_channels = input.dim(3);
  const int32_t out_channels = filter.dim(3);
  if (in_channels < 1 || out_channels % in_channels != 0) {
    return context.Error("the filter (input 1, tensor %d) has %d channels, "
                         "which is not a multiple of the %d channels of "
                         "input 0 (tensor %d)", context.input_index(kFilter),
                         out_channels, in_channels,
                         context.input_index(kInput));
  }
  // The options' depth_multiplier is not read: TFLite derives the multiplier
  // from the filter and input channels, so a model whose option disagrees
  // still runs there.
  *depth_multiplier = out_channels / in_channels;
  if (const Tensor* bias = context.input(kBias)) {
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kBias, bias_type));
    if (bias->shape != Shape({out_channels})) {
      return context.Error("input 2 (tensor %d), the bias, has shape %s; "
                           "expected [%d], one per output channel",
                           context.input_index(kBias),
                           ShapeToString(bias->shape).c_str(), out_channels);
    }
  }
  return Status::Ok();
}

// The reference loop of every type: each output element in NHWC order is the
// sum over the taps that fall inside the input in TFLite's reference order
// (filter row, then column), finished by `math` (kernels/
// quantization_util.h). Taps in the padding are skipped rather than added as
// zeros, which for quantized values is the input zero point TFLite's kernels
// treat them as.
template <typename Math>
void DepthwiseConvolveReference(const Conv2DWindow& window,
                                int32_t depth_multiplier, const Tensor& input,
                                const Tensor& filter, const Math& math,
                                typename Math::Value* out) {
  using Value = typename Math::Value;
  const int32_t batches = input.shape.dim(0);
  const int64_t in_height = input.shape.dim(1);
  const int64_t in_width = input.shape.dim(2);
  const int32_t in_channels = input.shape.dim(3);
  const int32_t filter_height = filter.shape.dim(1);
  const int32_t filter_width = filter.shape.dim(2);
  const int64_t out_channels = filter.shape.dim(3);

  const Value* input_data = input.data_as<Value>();
  const Value* filter_data = filter.data_as<Value>();

  for (int32_t b = 0; b < batches; ++b) {
    const Value* image = input_data + b * in_height * in_width * in_channels;
    for (int32_t out_y = 0; out_y < window.rows.output_size; ++out_y) {
      const int64_t in_y0 = static_cast<int64_t>(out_y) * window.stride_h -
                            window.rows.padding_before;
      for (int32_t out_x = 0; out_x < window.cols.output_size; ++out_x) {
        const int64_t in_x0 = static_cast<int64_t>(out_x) * window.stride_w -
                              window.cols.padding_before;
        for (int32_t ic = 0; ic < in_channels; ++ic) {
          for (int32_t m = 0; m < depth_multiplier; ++m) {
            const int64_t oc = static_cast<int64_t>(ic) * depth_multiplier + m;
            typename Math::Sum total = 0;
            for (int32_t fy = 0; fy < filter_height; ++fy) {
              const int64_t in_y =
                  in_y0 + static_cast<int64_t>(fy) * window.dilation_h;
              if (in_y < 0 || in_y >= in_height) continue;
              for (int32_t fx = 0; fx < filter_width; ++fx) {
                const int64_t in_x =
                    in_x0 + static_cast<int64_t>(fx) * window.dilation_w;
                if (in_x < 0 || in_x >= in_width) continue;
                math.Accumulate(
                    total, image[(in_y * in_width + in_x) * in_channels + ic],
                    filter_data[(static_cast<int64_t>(fy) * filter_width +
                                 fx) * out_channels + oc]);
              }
            }
            *out++ = math.Finish(total, static_cast<int32_t>(oc));
          }
        }
      }
    }
  }
}

// Input [batch, height, width, channels], filter [1, height, width,
// channels * depth_multiplier], optional bias [channels * depth_multiplier].
// With constant weights, runs on liten's AVX2 kernel (depth multiplier 1,
// where UseAvx2Kernels) or on XNNPACK when it takes the configuration;
// otherwise on the reference loop.
class DepthwiseConv2DFloat32
    : public Avx2XnnpackOrReferenceKernel<DepthwiseConv2DF32Avx2> {
 public:
  DepthwiseConv2DFloat32() : Avx2XnnpackOrReferenceKernel(kFilter) {}
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  void EvalReference(NodeContext& context) const;

  Conv2DWindow window_;
  int32_t depth_multiplier_ = 1;
};

Status DepthwiseConv2DFloat32::Prepare(NodeContext& context) {
  xnnpack_.reset();
  avx2_.reset();
  LITEN_RETURN_IF_ERROR(ExpectConv2DOperands(context));
  LITEN_RETURN_IF_ERROR(
      CheckDepthwiseShapes(context, DataType::kFloat32, &depth_multiplier_));

  const Shape& input = context.input(kInput)->shape;
  const Shape& filter = context.input(kFilter)->shape;
  const int32_t in_channels = input.dim(3);
  const int32_t out_channels = filter.dim(3);
  LITEN_RETURN_IF_ERROR(PrepareConv2DOutput(
      context,
      ReadConv2DParams(
          context.op().builtin_options_as_DepthwiseConv2DOptions()),
      out_channels, &window_));

  const Tensor* bias = context.input(kBias);
  if (context.use_reference_kernels() ||
      !context.input(kFilter)->is_constant() || !IsConstantOrOmitted(bias)) {
    return Status::Ok();
  }
  const float* filter_data = context.input(kFilter)->data_as<float>();
  const float* bias_data = bias != nullptr ? bias->data_as<float>() : nullptr;
  if (depth_multiplier_ == 1 && UseAvx2Kernels(context)) {
    DepthwiseConv2DF32Shape avx2_shape;
    avx2_shape.input_height = input.dim(1);
    avx2_shape.input_width = input.dim(2);
    avx2_shape.channels = in_channels;
    avx2_shape.filter_height = filter.dim(1);
    avx2_shape.filter_width = filter.dim(2);
    avx2_ = DepthwiseConv2DF32Avx2::Create(window_, avx2_shape, filter_data,
                                           bias_data, context.num_threads());
    if (avx2_ != nullptr) return Status::Ok();
  }
  ConvolutionShape shape;
  shape.input_height = input.dim(1);
  shape.input_width = input.dim(2);
  shape.filter_height = filter.dim(1);
  shape.filter_width = filter.dim(2);
  shape.groups = in_channels;
  shape.group_input_channels = 1;
  shape.group_output_channels = depth_multiplier_;
  shape.depthwise = true;
  xnnpack_ = CreateConvolutionXnnpack(window_, shape, filter_data, bias_data);
  return Status::Ok();
}

Status DepthwiseConv2DFloat32::Eval(NodeContext& context) {
  if (avx2_ != nullptr) {
    const Tensor& input = *context.input(kInput);
    avx2_->Run(input.shape.dim(0), input.data_as<float>(),
               context.output(kOutput)->data_as<float>(), context.threadpool());
    return Status::Ok();
  }
  if (xnnpack_ == nullptr) {
    EvalReference(context);
    return Status::Ok();
  }
  return RunConvolutionXnnpack(context, xnnpack_.get());
}

void DepthwiseConv2DFloat32::EvalReference(NodeContext& context) const {
  const FloatConvolutionMath math(context.input(kBias), window_.activation);
  DepthwiseConvolveReference(window_, depth_multiplier_,
                             *context.input(kInput), *context.input(kFilter),
                             math, context.output(kOutput)->data_as<float>());
}

// UINT8 with a per-tensor filter, INT8 with a per-tensor or per-channel one
// (its zero points ignored, as TFLite's INT8 kernel does). TFLite 2.9 sums
// these with its own depthwise loops and requantizes with its own
// MultiplyByQuantizedMultiplier, not ruy's (ConvolutionKind::
// kDepthwiseConv2D).
class DepthwiseConv2DQuantized
    : public Avx2OrReferenceKernel<QuantizedDepthwiseConv2DAvx2> {
 public:
  DepthwiseConv2DQuantized() : Avx2OrReferenceKernel(kFilter) {}

  Status Prepare(NodeContext& context) override {
    avx2_.reset();
    LITEN_RETURN_IF_ERROR(ExpectQuantizedConv2DOperands(context));
    LITEN_RETURN_IF_ERROR(
        CheckDepthwiseShapes(context, DataType::kInt32, &depth_multiplier_));
    const Conv2DParams params = ReadConv2DParams(
        context.op().builtin_options_as_DepthwiseConv2DOptions());
    const Tensor& input = *context.input(kInput);
    const Tensor& filter = *context.input(kFilter);
    const int32_t out_channels = filter.shape.dim(3);
    LITEN_RETURN_IF_ERROR(
        PrepareConv2DOutput(context, params, out_channels, &window_));
    LITEN_RETURN_IF_ERROR(PrepareConvolutionQuantization(
        context, ConvolutionKind::kDepthwiseConv2D, params.activation,
        out_channels, &quantization_));

    const Tensor* bias = context.input(kBias);
    if (context.use_reference_kernels() || depth_multiplier_ != 1 ||
        !filter.is_constant() || !IsConstantOrOmitted(bias)) {
      return Status::Ok();
    }
    QuantizedDepthwiseShape shape;
    shape.input_height = input.shape.dim(1);
    shape.input_width = input.shape.dim(2);
    shape.channels = out_channels;
    shape.filter_height = filter.shape.dim(1);
    shape.filter_width = filter.shape.dim(2);
    shape.input_signed = input.type == DataType::kInt8;
    shape.input_zero_point = quantization_.input_zero_point;
    avx2_ = QuantizedDepthwiseConv2DAvx2::Create(
        window_, shape, filter.data, quantization_.filter_zero_point,
        bias != nullptr ? bias->data_as<int32_t>() : nullptr,
        GemmOutputFor(quantization_, context.output(kOutput)->type),
        context.num_threads());
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    if (avx2_ != nullptr) {
      const Tensor& input = *context.input(kInput);
      const int32_t batch = input.shape.dim(0);
      avx2_->Run(batch, input.data, context.output(kOutput)->data,
                 avx2_->SharesWork(batch) ? context.threadpool() : nullptr);
      return Status::Ok();
    }
    RunWithQuantizedMath(context, quantization_, [&](const auto& math) {
      using Value = typename std::decay_t<decltype(math)>::Value;
      DepthwiseConvolveReference(window_, depth_multiplier_,
                                 *context.input(kInput),
                                 *context.input(kFilter), math,
                                 context.output(kOutput)->data_as<Value>());
    });
    return Status::Ok();
  }

 private:
  Conv2DWindow window_;
  int32_t depth_multiplier_ = 1;
  ConvolutionQuantization quantization_;
};

}  // namespace

void RegisterDepthwiseConvKernels(OpResolver& resolver) {
  // Versions 1-6, as TFLite 2.9 registers them; the type checks reject what
  // liten lacks of the later ones (INT16 activations, hybrid weights).
  resolver.Add({schema::BuiltinOperator_DEPTHWISE_CONV_2D, nullptr, 1, 6,
                MakeKernel<FloatOrQuantizedKernel<DepthwiseConv2DFloat32,
                                                  DepthwiseConv2DQuantized>>});
}

}  // namespace liten
