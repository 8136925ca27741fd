// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// XNNPACK paths for the elementwise activations LOGISTIC, HARD_SWISH, RELU,
// RELU6 and RELU_N1_TO_1. The activation kernels validate the node; these
// functions create and run the XNNPACK operators, which see the tensor as
// one flat row of elements.
#ifndef LITEN_KERNELS_XNNPACK_ACTIVATIONS_H_
#define LITEN_KERNELS_XNNPACK_ACTIVATIONS_H_

#include <cstdint>

#include "kernels/kernel_util.h"
#include "kernels/xnnpack/xnnpack_util.h"

namespace liten {

enum class UnaryOperation { kClamp, kHardSwish, kSigmoid };

// `range` is the clamp's (kClamp only). Null when XNNPACK is unavailable or
// rejects it. XNNPACK's sigmoid is an approximation within a few ULP of
// TFLite's 1 / (1 + exp(-x)), the same one TFLite's XNNPACK delegate runs;
// its results below about 1e-38 flush to zero where TFLite's are denormal.
XnnOperator CreateUnaryXnnpack(UnaryOperation operation,
                               const ActivationRange& range);

Status RunUnaryXnnpack(const NodeContext& context, xnn_operator_t op,
                       UnaryOperation operation, int64_t elements,
                       const float* input, float* output);

}  // namespace liten

#endif  // LITEN_KERNELS_XNNPACK_ACTIVATIONS_H_
