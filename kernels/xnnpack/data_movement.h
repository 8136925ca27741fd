// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// XNNPACK paths for ops that only move 32-bit elements: PAD (with zeros) and
// DEPTH_TO_SPACE. The op kernels validate the node; these functions create
// and run the XNNPACK operators.
#ifndef LITEN_KERNELS_XNNPACK_DATA_MOVEMENT_H_
#define LITEN_KERNELS_XNNPACK_DATA_MOVEMENT_H_

#include <cstdint>

#include "kernels/xnnpack/xnnpack_util.h"

namespace liten {

// Pads with zero bits, which are 0.0f. Null when XNNPACK is unavailable or
// `rank` exceeds what it takes.
XnnOperator CreateZeroPadXnnpack(int rank);

// Pads input 0 into output 0 of the node, `before[d]` elements before dim d
// and the rest of the output's extent after.
Status RunZeroPadXnnpack(const NodeContext& context, xnn_operator_t op,
                         const int64_t* before);

// DEPTH_TO_SPACE of NHWC tensors with `output_channels` channels out and
// blocks of `block_size` x `block_size`. Null when XNNPACK is unavailable.
XnnOperator CreateDepthToSpaceXnnpack(int32_t output_channels,
                                      int32_t block_size);

// Rearranges input 0 of the node into output 0.
Status RunDepthToSpaceXnnpack(const NodeContext& context, xnn_operator_t op);

}  // namespace liten

#endif  // LITEN_KERNELS_XNNPACK_DATA_MOVEMENT_H_
