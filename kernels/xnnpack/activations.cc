// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/xnnpack/activations.h"

#include "src/status_util.h"

namespace liten {

// One channel per element: the operator then depends on no shape, and
// XNNPACK runs a contiguous tensor as one flat vector split into blocks.
XnnOperator CreateUnaryXnnpack(UnaryOperation operation,
                               const ActivationRange& range) {
  if (!XnnpackAvailable()) return nullptr;
  constexpr size_t kChannels = 1;
  xnn_operator_t op = nullptr;
  xnn_status status = xnn_status_unsupported_parameter;
  switch (operation) {
    case UnaryOperation::kClamp:
      status = xnn_create_clamp_nc_f32(kChannels, kChannels, kChannels,
                                       range.min, range.max, 0, &op);
      break;
    case UnaryOperation::kHardSwish:
      status =
          xnn_create_hardswish_nc_f32(kChannels, kChannels, kChannels, 0, &op);
      break;
    case UnaryOperation::kSigmoid:
      status =
          xnn_create_sigmoid_nc_f32(kChannels, kChannels, kChannels, 0, &op);
      break;
  }
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunUnaryXnnpack(const NodeContext& context, xnn_operator_t op,
                       UnaryOperation operation, int64_t elements,
                       const float* input, float* output) {
  auto setup = xnn_setup_clamp_nc_f32;
  if (operation == UnaryOperation::kHardSwish) {
    setup = xnn_setup_hardswish_nc_f32;
  } else if (operation == UnaryOperation::kSigmoid) {
    setup = xnn_setup_sigmoid_nc_f32;
  }
  return RunXnnOperator(context, "activation", op,
                        setup(op, static_cast<size_t>(elements), input, output,
                              context.threadpool()));
}

}  // namespace liten
