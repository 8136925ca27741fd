// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// XNNPACK path for RESIZE_BILINEAR. The resize kernel validates the node;
// these functions create and run the XNNPACK operator.
#ifndef LITEN_KERNELS_XNNPACK_RESIZE_H_
#define LITEN_KERNELS_XNNPACK_RESIZE_H_

#include "kernels/xnnpack/xnnpack_util.h"

namespace liten {

// A bilinear resize of NHWC float32 tensors whose input is `input` and
// output `output` (same batch and channels), mapping coordinates as TFLite
// does for `align_corners` and `half_pixel_centers` (not both). Null when
// XNNPACK is unavailable or cannot take the shapes.
XnnOperator CreateResizeBilinearXnnpack(const Shape& input,
                                        const Shape& output,
                                        bool align_corners,
                                        bool half_pixel_centers);

Status RunResizeBilinearXnnpack(const NodeContext& context, xnn_operator_t op,
                                const Tensor& input, Tensor& output);

}  // namespace liten

#endif  // LITEN_KERNELS_XNNPACK_RESIZE_H_
