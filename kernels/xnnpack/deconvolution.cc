// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/xnnpack/deconvolution.h"

#include "src/status_util.h"

namespace liten {

XnnOperator CreateDeconvolutionXnnpack(const DeconvolutionShape& shape,
                                       const float* filter, const float* bias) {
  if (!XnnpackAvailable()) return nullptr;
  const ActivationRange unclamped;
  xnn_operator_t op = nullptr;
  const xnn_status status = xnn_create_deconvolution2d_nhwc_f32(
      shape.padding_top, shape.padding_right, shape.padding_bottom,
      shape.padding_left, shape.filter_height, shape.filter_width,
      shape.stride_height, shape.stride_width, /*dilation_height=*/1,
      /*dilation_width=*/1, /*groups=*/1, shape.input_channels,
      shape.output_channels, /*input_pixel_stride=*/shape.input_channels,
      /*output_pixel_stride=*/shape.output_channels, filter, bias,
      unclamped.min, unclamped.max, /*flags=*/0, &op);
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunDeconvolutionXnnpack(const NodeContext& context, xnn_operator_t op) {
  const Tensor& input = *context.input(0);
  // No adjustment: the padding alone sets the output size.
  return RunXnnOperator(
      context, "deconvolution", op,
      xnn_setup_deconvolution2d_nhwc_f32(
          op, input.shape.dim(0), input.shape.dim(1), input.shape.dim(2),
          /*adjustment_height=*/0, /*adjustment_width=*/0,
          input.data_as<float>(), context.output(0)->data_as<float>(),
          context.threadpool()));
}

}  // namespace liten
