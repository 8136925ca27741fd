// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/xnnpack/pooling.h"

#include "src/status_util.h"

namespace liten {

// XNNPACK derives the output size from the four paddings; with TFLite's
// padding it comes out as the kernel computed it. Max pooling reads the
// nearest edge pixel in place of a padding one, which is inside the window
// whenever padding is: SAME and VALID leave no window entirely in padding.
// Average pooling with padding divides each sum by its in-bounds count.
XnnOperator CreatePooling2DXnnpack(PoolingOperation operation,
                                   const Conv2DWindow& window,
                                   const PoolingShape& shape) {
  if (!XnnpackAvailable()) return nullptr;
  const uint32_t top = window.rows.padding_before;
  const uint32_t right = PaddingAfter(window.cols, shape.input_width,
                                      shape.filter_width, window.stride_w, 1);
  const uint32_t bottom = PaddingAfter(window.rows, shape.input_height,
                                       shape.filter_height, window.stride_h, 1);
  const uint32_t left = window.cols.padding_before;
  const size_t channels = shape.channels;
  xnn_operator_t op = nullptr;
  const xnn_status status =
      operation == PoolingOperation::kMax
          ? xnn_create_max_pooling2d_nhwc_f32(
                top, right, bottom, left, shape.filter_height,
                shape.filter_width, window.stride_h, window.stride_w,
                /*dilation_height=*/1, /*dilation_width=*/1, channels,
                channels, channels, window.activation.min,
                window.activation.max, /*flags=*/0, &op)
          : xnn_create_average_pooling2d_nhwc_f32(
                top, right, bottom, left, shape.filter_height,
                shape.filter_width, window.stride_h, window.stride_w,
                channels, channels, channels, window.activation.min,
                window.activation.max, /*flags=*/0, &op);
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunPooling2DXnnpack(const NodeContext& context, xnn_operator_t op,
                           PoolingOperation operation, int32_t batch,
                           int32_t input_height, int32_t input_width,
                           const float* input, float* output) {
  const auto setup = operation == PoolingOperation::kMax
                         ? xnn_setup_max_pooling2d_nhwc_f32
                         : xnn_setup_average_pooling2d_nhwc_f32;
  return RunXnnOperator(context, "pooling", op,
                        setup(op, batch, input_height, input_width, input,
                              output, context.threadpool()));
}

}  // namespace liten
