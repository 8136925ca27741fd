// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// XNNPACK paths for ADD, MUL and PRELU. The family kernels validate the node;
// these functions create and run the XNNPACK operators.
#ifndef LITEN_KERNELS_XNNPACK_ELEMENTWISE_H_
#define LITEN_KERNELS_XNNPACK_ELEMENTWISE_H_

#include <cstdint>

#include "kernels/kernel_util.h"
#include "kernels/xnnpack/xnnpack_util.h"

namespace liten {

// Null when XNNPACK is unavailable or cannot take shapes `a` and `b` (rank
// above XNNPACK's limit, or an empty tensor).
XnnOperator CreateBinaryXnnpack(BinaryOperation operation, const Shape& a,
                                const Shape& b,
                                const ActivationRange& activation);

Status RunBinaryXnnpack(const NodeContext& context, xnn_operator_t op,
                        BinaryOperation operation, const Tensor& a,
                        const Tensor& b, Tensor& output);

// PRELU with one slope per channel of the last axis; null when XNNPACK is
// unavailable or rejects it.
XnnOperator CreatePReluXnnpack(int32_t channels, const float* slopes);

Status RunPReluXnnpack(const NodeContext& context, xnn_operator_t op,
                       int64_t rows, const float* input, float* output);

}  // namespace liten

#endif  // LITEN_KERNELS_XNNPACK_ELEMENTWISE_H_
