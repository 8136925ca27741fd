// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// XNNPACK paths for MAX_POOL_2D and AVERAGE_POOL_2D. The pooling kernel
// validates the node and computes its window; these functions hand that
// window to XNNPACK.
#ifndef LITEN_KERNELS_XNNPACK_POOLING_H_
#define LITEN_KERNELS_XNNPACK_POOLING_H_

#include <cstdint>

#include "kernels/kernel_util.h"
#include "kernels/xnnpack/xnnpack_util.h"

namespace liten {

enum class PoolingOperation { kMax, kAverage };

// The sizes a pooling window needs beside its Conv2DWindow (whose
// dilations pooling leaves at 1).
struct PoolingShape {
  int32_t input_height = 0;
  int32_t input_width = 0;
  int32_t filter_height = 1;
  int32_t filter_width = 1;
  int32_t channels = 0;
};

// Null when XNNPACK is unavailable or rejects the configuration (a 1x1
// window); the caller then keeps its reference path. Both operations match
// TFLite's: padding never wins a maximum, and an average divides by the
// number of input elements its window covers.
XnnOperator CreatePooling2DXnnpack(PoolingOperation operation,
                                   const Conv2DWindow& window,
                                   const PoolingShape& shape);

Status RunPooling2DXnnpack(const NodeContext& context, xnn_operator_t op,
                           PoolingOperation operation, int32_t batch,
                           int32_t input_height, int32_t input_width,
                           const float* input, float* output);

}  // namespace liten

#endif  // LITEN_KERNELS_XNNPACK_POOLING_H_
