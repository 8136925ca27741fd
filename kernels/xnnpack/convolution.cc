// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/xnnpack/convolution.h"

#include "src/status_util.h"

namespace liten {

XnnOperator CreateConvolutionXnnpack(const Conv2DWindow& window,
                                     const ConvolutionShape& shape,
                                     const float* filter, const float* bias) {
  if (!XnnpackAvailable()) return nullptr;
  const size_t input_channels =
      static_cast<size_t>(shape.groups) * shape.group_input_channels;
  const size_t output_channels =
      static_cast<size_t>(shape.groups) * shape.group_output_channels;
  xnn_operator_t op = nullptr;
  const xnn_status status = xnn_create_convolution2d_nhwc_f32(
      window.rows.padding_before,
      PaddingAfter(window.cols, shape.input_width, shape.filter_width,
                   window.stride_w, window.dilation_w),
      PaddingAfter(window.rows, shape.input_height, shape.filter_height,
                   window.stride_h, window.dilation_h),
      window.cols.padding_before, shape.filter_height, shape.filter_width,
      window.stride_h, window.stride_w, window.dilation_h, window.dilation_w,
      shape.groups, shape.group_input_channels, shape.group_output_channels,
      input_channels, output_channels, filter, bias, window.activation.min,
      window.activation.max,
      shape.depthwise ? XNN_FLAG_DEPTHWISE_CONVOLUTION : 0, &op);
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunConvolutionXnnpack(const NodeContext& context, xnn_operator_t op) {
  const Tensor& input = *context.input(0);
  return RunXnnOperator(
      context, "convolution", op,
      xnn_setup_convolution2d_nhwc_f32(
          op, input.shape.dim(0), input.shape.dim(1), input.shape.dim(2),
          input.data_as<float>(), context.output(0)->data_as<float>(),
          context.threadpool()));
}

XnnOperator CreateFullyConnectedXnnpack(int32_t input_channels,
                                        int32_t output_channels,
                                        const float* weights, const float* bias,
                                        const ActivationRange& activation) {
  if (!XnnpackAvailable()) return nullptr;
  xnn_operator_t op = nullptr;
  const xnn_status status = xnn_create_fully_connected_nc_f32(
      input_channels, output_channels, input_channels, output_channels,
      weights, bias, activation.min, activation.max, /*flags=*/0, &op);
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunFullyConnectedXnnpack(const NodeContext& context, xnn_operator_t op,
                                int64_t batch, const float* input,
                                float* output) {
  return RunXnnOperator(
      context, "fully connected", op,
      xnn_setup_fully_connected_nc_f32(op, static_cast<size_t>(batch), input,
                                       output, context.threadpool()));
}

}  // namespace liten
