// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/xnnpack/elementwise.h"

#include <array>

#include "src/status_util.h"

namespace liten {

namespace {

using XnnShape = std::array<size_t, XNN_MAX_TENSOR_DIMS>;

XnnShape ToXnnShape(const Shape& shape) {
  XnnShape dims{};
  for (int i = 0; i < shape.rank(); ++i) dims[i] = shape.dim(i);
  return dims;
}

bool FitsXnnpack(const Shape& shape) {
  return shape.rank() <= XNN_MAX_TENSOR_DIMS && shape.NumElements() > 0;
}

}  // namespace

XnnOperator CreateBinaryXnnpack(BinaryOperation operation, const Shape& a,
                                const Shape& b,
                                const ActivationRange& activation) {
  if (!XnnpackAvailable() || !FitsXnnpack(a) || !FitsXnnpack(b)) {
    return nullptr;
  }
  xnn_operator_t op = nullptr;
  const xnn_status status =
      operation == BinaryOperation::kAdd
          ? xnn_create_add_nd_f32(activation.min, activation.max, 0, &op)
          : xnn_create_multiply_nd_f32(activation.min, activation.max, 0, &op);
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunBinaryXnnpack(const NodeContext& context, xnn_operator_t op,
                        BinaryOperation operation, const Tensor& a,
                        const Tensor& b, Tensor& output) {
  const XnnShape a_dims = ToXnnShape(a.shape);
  const XnnShape b_dims = ToXnnShape(b.shape);
  const auto setup = operation == BinaryOperation::kAdd
                         ? xnn_setup_add_nd_f32
                         : xnn_setup_multiply_nd_f32;
  return RunXnnOperator(
      context, "elementwise", op,
      setup(op, a.shape.rank(), a_dims.data(), b.shape.rank(), b_dims.data(),
            a.data_as<float>(), b.data_as<float>(), output.data_as<float>(),
            context.threadpool()));
}

XnnOperator CreatePReluXnnpack(int32_t channels, const float* slopes) {
  if (!XnnpackAvailable()) return nullptr;
  xnn_operator_t op = nullptr;
  const xnn_status status =
      xnn_create_prelu_nc_f32(channels, channels, channels, slopes, 0, &op);
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunPReluXnnpack(const NodeContext& context, xnn_operator_t op,
                       int64_t rows, const float* input, float* output) {
  return RunXnnOperator(
      context, "prelu", op,
      xnn_setup_prelu_nc_f32(op, static_cast<size_t>(rows), input, output,
                             context.threadpool()));
}

}  // namespace liten
