// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CONV_2D, NHWC: FLOAT32 with TFLite's grouped form (the input may have a
// multiple of the filter's input channels, each group of output channels then
// reading its own slice of the input channels), and UINT8 or INT8 computed
// as TFLite 2.9.0's x86-64 build does.
#include <cstdint>
#include <type_traits>

#include "kernels/kernel_util.h"
#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "kernels/x86/conv2d_f32.h"
#include "kernels/x86/avx2_kernel.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/qconv2d.h"
#include "kernels/xnnpack/convolution.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kFilter = 1, kBias = 2;
constexpr int kOutput = 0;

// The checks of CONV_2D's shapes that follow its operand checks: a filter of
// at least one tap and input channel, an input whose channels are a multiple
// of the filter's (`groups` of them), output channels that split evenly into
// the groups, and a bias, if any, of `bias_type` with one element per output
// channel.
Status CheckConv2DShapes(const NodeContext& context, DataType bias_type,
                         int32_t* groups) {
  const Shape& input = context.input(kInput)->shape;
  const Shape& filter = context.input(kFilter)->shape;
  const int32_t out_channels = filter.dim(0);
  const int32_t filter_channels = filter.dim(3);
  if (filter.dim(1) < 1 || filter.dim(2) < 1 || filter_channels < 1) {
    return context.Error("input 1 (tensor %d), the filter, has shape %s; its "
                         "height, width and input channels must be >= 1",
                         context.input_index(kFilter),
                         ShapeToString(filter).c_str());
  }
  const int32_t in_channels = input.dim(3);
  if (in_channels < 1 || in_channels % filter_channels != 0) {
    return context.Error("input 0 (tensor %d) has %d channels, which is not a "
                         "positive multiple of the %d input channels of the "
                         "filter (input 1, tensor %d)",
                         context.input_index(kInput), in_channels,
                         filter_channels, context.input_index(kFilter));
  }
  *groups = in_channels / filter_channels;
  // TFLite assigns output channel o to group o / (out_channels / groups); an
  // uneven split would send the last channels past the input's channels.
  if (out_channels % *groups != 0) {
    return context.Error("the filter (input 1, tensor %d) has %d output "
                         "channels, which do not split into the %d groups "
                         "that its %d input channels make of the input's %d",
                         context.input_index(kFilter), out_channels, *groups,
                         filter_channels, in_channels);
  }
  if (const Tensor* bias = context.input(kBias)) {
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kBias, bias_type));
    // TFLite checks only the element count, not the rank.
    if (bias->NumElements() != out_channels) {
      return context.Error("input 2 (tensor %d), the bias, has %lld elements; "
                           "expected %d, one per output channel",
                           context.input_index(kBias),
                           static_cast<long long>(bias->NumElements()),
                           out_channels);
    }
  }
  return Status::Ok();
}

// The reference loop of every type: each output element in NHWC order is the
// sum over the taps that fall inside the input, in TFLite's reference order
// (filter row, column, then channel), finished by `math` (kernels/
// quantization_util.h). Taps in the padding are skipped rather than added as
// zeros; for quantized values that is TFLite's padding with the input zero
// point, whose products vanish.
template <typename Math>
void ConvolveReference(const Conv2DWindow& window, int32_t groups,
                       const Tensor& input, const Tensor& filter,
                       const Math& math, typename Math::Value* out) {
  using Value = typename Math::Value;
  const int32_t batches = input.shape.dim(0);
  const int64_t in_height = input.shape.dim(1);
  const int64_t in_width = input.shape.dim(2);
  const int64_t in_channels = input.shape.dim(3);
  const int32_t out_channels = filter.shape.dim(0);
  const int32_t filter_height = filter.shape.dim(1);
  const int32_t filter_width = filter.shape.dim(2);
  const int32_t filter_channels = filter.shape.dim(3);
  const int64_t filter_size =
      static_cast<int64_t>(filter_height) * filter_width * filter_channels;
  const int32_t filters_per_group = out_channels / groups;

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
        for (int32_t oc = 0; oc < out_channels; ++oc) {
          const int64_t first_channel =
              static_cast<int64_t>(oc / filters_per_group) * filter_channels;
          const Value* weights = filter_data + oc * filter_size;
          typename Math::Sum total = 0;
          for (int32_t fy = 0; fy < filter_height; ++fy) {
            const int64_t in_y =
                in_y0 + static_cast<int64_t>(fy) * window.dilation_h;
            if (in_y < 0 || in_y >= in_height) continue;
            for (int32_t fx = 0; fx < filter_width; ++fx) {
              const int64_t in_x =
                  in_x0 + static_cast<int64_t>(fx) * window.dilation_w;
              if (in_x < 0 || in_x >= in_width) continue;
              const Value* pixel =
                  image + (in_y * in_width + in_x) * in_channels +
                  first_channel;
              const Value* tap =
                  weights + (static_cast<int64_t>(fy) * filter_width + fx) *
                                filter_channels;
              for (int32_t c = 0; c < filter_channels; ++c) {
                math.Accumulate(total, pixel[c], tap[c]);
              }
            }
          }
          *out++ = math.Finish(total, oc);
        }
      }
    }
  }
}

// Input [batch, height, width, channels], filter [out_channels, height,
// width, channels / groups], optional bias [out_channels]. With constant
// weights, runs on liten's AVX2 kernels (one group, where UseAvx2Kernels)
// or on XNNPACK when it takes the configuration; otherwise on the reference
// loop.
class Conv2DFloat32 : public Avx2XnnpackOrReferenceKernel<Conv2DF32Avx2> {
 public:
  Conv2DFloat32() : Avx2XnnpackOrReferenceKernel(kFilter) {}
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  void EvalReference(NodeContext& context) const;

  Conv2DWindow window_;
  int32_t groups_ = 1;
};

Status Conv2DFloat32::Prepare(NodeContext& context) {
  xnnpack_.reset();
  avx2_.reset();
  LITEN_RETURN_IF_ERROR(ExpectConv2DOperands(context));
  LITEN_RETURN_IF_ERROR(
      CheckConv2DShapes(context, DataType::kFloat32, &groups_));

  const Shape& input = context.input(kInput)->shape;
  const Shape& filter = context.input(kFilter)->shape;
  const int32_t out_channels = filter.dim(0);
  const int32_t filter_channels = filter.dim(3);
  const int32_t in_channels = input.dim(3);
  LITEN_RETURN_IF_ERROR(PrepareConv2DOutput(
      context,
      ReadConv2DParams(context.op().builtin_options_as_Conv2DOptions()),
      out_channels, &window_));

  const Tensor* bias = context.input(kBias);
  if (context.use_reference_kernels() ||
      !context.input(kFilter)->is_constant() || !IsConstantOrOmitted(bias)) {
    return Status::Ok();
  }
  const float* filter_data = context.input(kFilter)->data_as<float>();
  const float* bias_data = bias != nullptr ? bias->data_as<float>() : nullptr;
  if (groups_ == 1 && UseAvx2Kernels(context)) {
    Conv2DF32Shape avx2_shape;
    avx2_shape.input_height = input.dim(1);
    avx2_shape.input_width = input.dim(2);
    avx2_shape.input_channels = in_channels;
    avx2_shape.filter_height = filter.dim(1);
    avx2_shape.filter_width = filter.dim(2);
    avx2_shape.output_channels = out_channels;
    avx2_ = Conv2DF32Avx2::Create(window_, avx2_shape, filter_data, bias_data,
                                  context.num_threads());
    if (avx2_ != nullptr) {
      context.RequestScratch(avx2_->scratch_bytes());
      return Status::Ok();
    }
  }
  ConvolutionShape shape;
  shape.input_height = input.dim(1);
  shape.input_width = input.dim(2);
  shape.filter_height = filter.dim(1);
  shape.filter_width = filter.dim(2);
  shape.groups = groups_;
  shape.group_input_channels = filter_channels;
  shape.group_output_channels = out_channels / groups_;
  xnnpack_ = CreateConvolutionXnnpack(window_, shape, filter_data, bias_data);
  return Status::Ok();
}

Status Conv2DFloat32::Eval(NodeContext& context) {
  if (avx2_ != nullptr) {
    const Tensor& input = *context.input(kInput);
    avx2_->Run(input.shape.dim(0), input.data_as<float>(),
               context.output(kOutput)->data_as<float>(), context.scratch(),
               context.threadpool());
    return Status::Ok();
  }
  if (xnnpack_ == nullptr) {
    EvalReference(context);
    return Status::Ok();
  }
  return RunConvolutionXnnpack(context, xnnpack_.get());
}

void Conv2DFloat32::EvalReference(NodeContext& context) const {
  const FloatConvolutionMath math(context.input(kBias), window_.activation);
  ConvolveReference(window_, groups_, *context.input(kInput),
                    *context.input(kFilter), math,
                    context.output(kOutput)->data_as<float>());
}

// UINT8 with a per-tensor filter, INT8 with a symmetric per-tensor or
// per-channel one: TFLite 2.9 runs both as a ruy GEMM over im2col patches
// padded with the input zero point, so the sums are exact and only the
// requantization is ruy's (ConvolutionKind::kConv2D). TFLite 2.9.0 rejects
// grouped convolutions, which liten takes only for FLOAT32.
class Conv2DQuantized : public Avx2OrReferenceKernel<QuantizedConv2DAvx2> {
 public:
  Conv2DQuantized() : Avx2OrReferenceKernel(kFilter) {}

  Status Prepare(NodeContext& context) override {
    avx2_.reset();
    LITEN_RETURN_IF_ERROR(ExpectQuantizedConv2DOperands(context));
    int32_t groups = 1;
    LITEN_RETURN_IF_ERROR(
        CheckConv2DShapes(context, DataType::kInt32, &groups));
    const Tensor& input = *context.input(kInput);
    const Tensor& filter = *context.input(kFilter);
    if (groups != 1) {
      return context.Unsupported(
          "input 0 (tensor %d) has %d channels for the %d of the filter "
          "(input 1, tensor %d): grouped convolution runs on FLOAT32 only",
          context.input_index(kInput), input.shape.dim(3), filter.shape.dim(3),
          context.input_index(kFilter));
    }
    const Conv2DParams params =
        ReadConv2DParams(context.op().builtin_options_as_Conv2DOptions());
    LITEN_RETURN_IF_ERROR(
        PrepareConv2DOutput(context, params, filter.shape.dim(0), &window_));
    LITEN_RETURN_IF_ERROR(PrepareConvolutionQuantization(
        context, ConvolutionKind::kConv2D, params.activation,
        filter.shape.dim(0), &quantization_));

    const Tensor* bias = context.input(kBias);
    if (context.use_reference_kernels() || !filter.is_constant() ||
        !IsConstantOrOmitted(bias)) {
      return Status::Ok();
    }
    QuantizedConv2DShape shape;
    shape.input_height = input.shape.dim(1);
    shape.input_width = input.shape.dim(2);
    shape.input_channels = input.shape.dim(3);
    shape.filter_height = filter.shape.dim(1);
    shape.filter_width = filter.shape.dim(2);
    shape.output_channels = filter.shape.dim(0);
    avx2_ = CreateQuantizedConv2DAvx2ForNode(
        context, window_, shape, input.type, filter, bias, quantization_,
        context.output(kOutput)->type);
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    if (avx2_ != nullptr) {
      const Tensor& input = *context.input(kInput);
      const int32_t batch = input.shape.dim(0);
      avx2_->Run(batch, input.data, context.output(kOutput)->data,
                 context.scratch(),
                 avx2_->SharesWork(batch) ? context.threadpool() : nullptr);
      return Status::Ok();
    }
    RunWithQuantizedMath(context, quantization_, [&](const auto& math) {
      using Value = typename std::decay_t<decltype(math)>::Value;
      ConvolveReference(window_, 1, *context.input(kInput),
                        *context.input(kFilter), math,
                        context.output(kOutput)->data_as<Value>());
    });
    return Status::Ok();
  }

 private:
  Conv2DWindow window_;
  ConvolutionQuantization quantization_;
};

}  // namespace

void RegisterConvKernels(OpResolver& resolver) {
  // Versions 1-6, as TFLite 2.9 registers them; the type checks reject what
  // liten lacks of the later ones (INT16 activations, hybrid weights).
  resolver.Add({schema::BuiltinOperator_CONV_2D, nullptr, 1, 6,
                MakeKernel<FloatOrQuantizedKernel<Conv2DFloat32,
                                                  Conv2DQuantized>>});
}

}  // namespace liten
