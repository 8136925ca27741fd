// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MediaPipe's custom op Convolution2DTransposeBias (the selfie segmentation
// models' last layer), for float32, NHWC: a transposed convolution, each
// input pixel adding its filter-weighted copy into a window of the output,
// plus a bias. Stock TFLite's kernels do not have it; this follows
// MediaPipe's reference kernel (mediapipe/util/tflite/operations/
// transpose_conv_bias.cc) for the output size, padding and summation order.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "kernels/xnnpack/deconvolution.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kFilter = 1, kBias = 2;
constexpr int kOutput = 0;

// The custom options are the raw bytes of TFLite's C struct
// TfLiteTransposeConvParams as TFLite 2.x before 2.10 laid it out, which
// MediaPipe reinterprets in place: three little-endian int32, the
// TfLitePadding enum (0 unknown, 1 SAME, 2 VALID), stride width, stride
// height. Later TFLite versions appended fields (a fused activation) that
// MediaPipe never reads, so any other length is rejected rather than
// guessed at.
constexpr size_t kOptionsBytes = 12;
constexpr int32_t kPaddingSame = 1;
constexpr int32_t kPaddingValid = 2;

struct TransposeConvParams {
  int32_t padding = 0;
  int32_t stride_h = 0;
  int32_t stride_w = 0;
};

int32_t ReadLittleEndianInt32(const uint8_t* bytes) {
  const uint32_t value = static_cast<uint32_t>(bytes[0]) |
                         static_cast<uint32_t>(bytes[1]) << 8 |
                         static_cast<uint32_t>(bytes[2]) << 16 |
                         static_cast<uint32_t>(bytes[3]) << 24;
  return static_cast<int32_t>(value);
}

Status ReadTransposeConvParams(const NodeContext& context,
                               TransposeConvParams* params) {
  const flatbuffers::Vector<uint8_t>* options = context.op().custom_options();
  const size_t size = options != nullptr ? options->size() : 0;
  if (size != kOptionsBytes) {
    return context.Error("custom options are %zu bytes; expected %zu (padding, "
                         "stride width and stride height as int32)",
                         size, kOptionsBytes);
  }
  params->padding = ReadLittleEndianInt32(options->data());
  params->stride_w = ReadLittleEndianInt32(options->data() + 4);
  params->stride_h = ReadLittleEndianInt32(options->data() + 8);
  if (params->padding != kPaddingSame && params->padding != kPaddingValid) {
    return context.Error("unknown padding %d in the custom options; expected "
                         "1 (SAME) or 2 (VALID)", params->padding);
  }
  if (params->stride_h < 1 || params->stride_w < 1) {
    return context.Error("stride is %d x %d (height x width); both must be "
                         ">= 1", params->stride_h, params->stride_w);
  }
  return Status::Ok();
}

// One spatial axis. Input pixel i lands its window at output i * stride -
// padding_before. VALID keeps the whole spread, (input - 1) * stride +
// filter; SAME crops max(0, filter - (input - 1) % stride - 1) of it, the
// odd pixel after. That is MediaPipe's formula, not TensorFlow's SAME size
// input * stride: the two agree for the models' 2x2 filters with stride 2
// on even inputs, but not in general (input 5, filter 3, stride 2 gives 9).
struct TransposeAxis {
  int32_t output_size = 0;
  int32_t padding_before = 0;
  int32_t padding_after = 0;
};

Status ComputeTransposeAxis(const NodeContext& context, const char* axis_name,
                            int32_t padding, int32_t input, int32_t filter,
                            int32_t stride, TransposeAxis* axis) {
  const int64_t spread = (static_cast<int64_t>(input) - 1) * stride + filter;
  const int64_t cropped =
      padding == kPaddingSame
          ? std::max<int64_t>(0, filter - (input - 1) % stride - 1)
          : 0;
  const int64_t output = spread - cropped;
  if (output > std::numeric_limits<int32_t>::max()) {
    return context.Error("%s: an input of %d with stride %d and filter %d "
                         "gives an output of %lld, which is too large",
                         axis_name, input, stride, filter,
                         static_cast<long long>(output));
  }
  axis->output_size = static_cast<int32_t>(output);
  axis->padding_before = static_cast<int32_t>(cropped / 2);
  axis->padding_after = static_cast<int32_t>(cropped - cropped / 2);
  return Status::Ok();
}

// Input [batch, height, width, in_channels], filter [out_channels, height,
// width, in_channels], bias [out_channels], all required. Runs on XNNPACK's
// deconvolution when the weights are constant, else on the reference loop.
class TransposeConvBiasFloat32 : public XnnpackOrReferenceKernel {
 public:
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  void EvalReference(NodeContext& context) const;

  int32_t stride_h_ = 1;
  int32_t stride_w_ = 1;
  TransposeAxis rows_;
  TransposeAxis cols_;
};

Status TransposeConvBiasFloat32::Prepare(NodeContext& context) {
  xnnpack_.reset();
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(3, 3));
  LITEN_RETURN_IF_ERROR(ExpectConv2DOperands(context));
  LITEN_RETURN_IF_ERROR(context.ExpectInputType(kBias, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kBias, 1));

  const Shape& input = context.input(kInput)->shape;
  const Shape& filter = context.input(kFilter)->shape;
  const int32_t out_channels = filter.dim(0);
  if (out_channels < 1 || filter.dim(1) < 1 || filter.dim(2) < 1) {
    return context.Error("input 1 (tensor %d), the filter, has shape %s; its "
                         "output channels, height and width must be >= 1",
                         context.input_index(kFilter),
                         ShapeToString(filter).c_str());
  }
  if (input.dim(1) < 1 || input.dim(2) < 1 || input.dim(3) < 1) {
    return context.Error("input 0 (tensor %d) has shape %s; its height, width "
                         "and channels must be >= 1",
                         context.input_index(kInput),
                         ShapeToString(input).c_str());
  }
  if (input.dim(3) != filter.dim(3)) {
    return context.Error("input 0 (tensor %d) has %d channels but the filter "
                         "(input 1, tensor %d) reads %d",
                         context.input_index(kInput), input.dim(3),
                         context.input_index(kFilter), filter.dim(3));
  }
  const Shape& bias = context.input(kBias)->shape;
  if (bias.dim(0) != out_channels) {
    return context.Error("input 2 (tensor %d), the bias, has shape %s; "
                         "expected [%d], one per output channel",
                         context.input_index(kBias),
                         ShapeToString(bias).c_str(), out_channels);
  }

  TransposeConvParams params;
  LITEN_RETURN_IF_ERROR(ReadTransposeConvParams(context, &params));
  stride_h_ = params.stride_h;
  stride_w_ = params.stride_w;
  LITEN_RETURN_IF_ERROR(ComputeTransposeAxis(context, "height", params.padding,
                                             input.dim(1), filter.dim(1),
                                             params.stride_h, &rows_));
  LITEN_RETURN_IF_ERROR(ComputeTransposeAxis(context, "width", params.padding,
                                             input.dim(2), filter.dim(2),
                                             params.stride_w, &cols_));
  LITEN_RETURN_IF_ERROR(context.ResizeOutput(
      kOutput, Shape({input.dim(0), rows_.output_size, cols_.output_size,
                      out_channels})));

  if (context.use_reference_kernels() ||
      !context.input(kFilter)->is_constant() ||
      !context.input(kBias)->is_constant()) {
    return Status::Ok();
  }
  DeconvolutionShape shape;
  shape.filter_height = filter.dim(1);
  shape.filter_width = filter.dim(2);
  shape.stride_height = stride_h_;
  shape.stride_width = stride_w_;
  shape.padding_top = rows_.padding_before;
  shape.padding_bottom = rows_.padding_after;
  shape.padding_left = cols_.padding_before;
  shape.padding_right = cols_.padding_after;
  shape.input_channels = input.dim(3);
  shape.output_channels = out_channels;
  xnnpack_ = CreateDeconvolutionXnnpack(
      shape, context.input(kFilter)->data_as<float>(),
      context.input(kBias)->data_as<float>());
  return Status::Ok();
}

Status TransposeConvBiasFloat32::Eval(NodeContext& context) {
  if (xnnpack_ == nullptr) {
    EvalReference(context);
    return Status::Ok();
  }
  return RunDeconvolutionXnnpack(context, xnnpack_.get());
}

// MediaPipe's scatter: the output starts as the bias, then each input pixel,
// in row-major order, adds its channels times the filter into the window it
// lands on, skipping taps that fall outside the output. Every output value
// receives its terms in MediaPipe's order (input pixel, then input channel).
void TransposeConvBiasFloat32::EvalReference(NodeContext& context) const {
  const Tensor& input = *context.input(kInput);
  const Tensor& filter = *context.input(kFilter);
  const Tensor& bias = *context.input(kBias);
  Tensor& output = *context.output(kOutput);

  const int32_t batches = input.shape.dim(0);
  const int32_t in_height = input.shape.dim(1);
  const int32_t in_width = input.shape.dim(2);
  const int64_t in_channels = input.shape.dim(3);
  const int32_t out_channels = filter.shape.dim(0);
  const int32_t filter_height = filter.shape.dim(1);
  const int32_t filter_width = filter.shape.dim(2);
  const int64_t out_height = rows_.output_size;
  const int64_t out_width = cols_.output_size;
  const int64_t filter_size =
      static_cast<int64_t>(filter_height) * filter_width * in_channels;

  const float* input_data = input.data_as<float>();
  const float* filter_data = filter.data_as<float>();
  const float* bias_data = bias.data_as<float>();
  float* output_data = output.data_as<float>();

  for (int32_t b = 0; b < batches; ++b) {
    float* image = output_data + b * out_height * out_width * out_channels;
    for (int64_t p = 0; p < out_height * out_width; ++p) {
      for (int32_t oc = 0; oc < out_channels; ++oc) {
        image[p * out_channels + oc] = bias_data[oc];
      }
    }
    for (int32_t in_y = 0; in_y < in_height; ++in_y) {
      for (int32_t in_x = 0; in_x < in_width; ++in_x) {
        const float* pixel =
            input_data +
            ((static_cast<int64_t>(b) * in_height + in_y) * in_width + in_x) *
                in_channels;
        const int64_t out_y0 =
            static_cast<int64_t>(in_y) * stride_h_ - rows_.padding_before;
        const int64_t out_x0 =
            static_cast<int64_t>(in_x) * stride_w_ - cols_.padding_before;
        for (int32_t fy = 0; fy < filter_height; ++fy) {
          const int64_t out_y = out_y0 + fy;
          if (out_y < 0 || out_y >= out_height) continue;
          for (int32_t fx = 0; fx < filter_width; ++fx) {
            const int64_t out_x = out_x0 + fx;
            if (out_x < 0 || out_x >= out_width) continue;
            float* out = image + (out_y * out_width + out_x) * out_channels;
            const float* taps =
                filter_data +
                (static_cast<int64_t>(fy) * filter_width + fx) * in_channels;
            for (int32_t oc = 0; oc < out_channels; ++oc) {
              const float* weights = taps + oc * filter_size;
              float total = out[oc];
              for (int64_t ic = 0; ic < in_channels; ++ic) {
                total += pixel[ic] * weights[ic];
              }
              out[oc] = total;
            }
          }
        }
      }
    }
  }
}

}  // namespace

void RegisterTransposeConvBiasKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_CUSTOM, "Convolution2DTransposeBias",
                1, 1, MakeKernel<TransposeConvBiasFloat32>});
}

}  // namespace liten
