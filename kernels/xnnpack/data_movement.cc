// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/xnnpack/data_movement.h"

namespace liten {

XnnOperator CreateZeroPadXnnpack(int rank) {
  if (!XnnpackAvailable() || rank < 1 || rank > XNN_MAX_TENSOR_DIMS) {
    return nullptr;
  }
  const uint32_t zero = 0;
  xnn_operator_t op = nullptr;
  const xnn_status status = xnn_create_constant_pad_nd_x32(&zero, 0, &op);
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunZeroPadXnnpack(const NodeContext& context, xnn_operator_t op,
                         const int64_t* before) {
  const Tensor& input = *context.input(0);
  const Tensor& output = *context.output(0);
  const int rank = input.shape.rank();
  size_t input_shape[XNN_MAX_TENSOR_DIMS];
  size_t pre_padding[XNN_MAX_TENSOR_DIMS];
  size_t post_padding[XNN_MAX_TENSOR_DIMS];
  for (int d = 0; d < rank; ++d) {
    input_shape[d] = static_cast<size_t>(input.shape.dim(d));
    pre_padding[d] = static_cast<size_t>(before[d]);
    post_padding[d] = static_cast<size_t>(output.shape.dim(d)) -
                      input_shape[d] - pre_padding[d];
  }
  return RunXnnOperator(context, "pad", op,
                        xnn_setup_constant_pad_nd_x32(
                            op, rank, input_shape, pre_padding, post_padding,
                            input.data, output.data, context.threadpool()));
}

XnnOperator CreateDepthToSpaceXnnpack(int32_t output_channels,
                                      int32_t block_size) {
  if (!XnnpackAvailable()) return nullptr;
  const size_t input_channels =
      static_cast<size_t>(output_channels) * block_size * block_size;
  xnn_operator_t op = nullptr;
  const xnn_status status = xnn_create_depth_to_space_nhwc_x32(
      output_channels, input_channels, output_channels, block_size, 0, &op);
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunDepthToSpaceXnnpack(const NodeContext& context, xnn_operator_t op) {
  const Tensor& input = *context.input(0);
  return RunXnnOperator(
      context, "depth to space", op,
      xnn_setup_depth_to_space_nhwc_x32(
          op, input.shape.dim(0), input.shape.dim(1), input.shape.dim(2),
          input.data, context.output(0)->data, context.threadpool()));
}

}  // namespace liten
