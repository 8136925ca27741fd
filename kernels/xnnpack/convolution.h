// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// XNNPACK paths for CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED. The
// family kernels validate the node and compute its geometry; these functions
// only hand that geometry and the constant weights to XNNPACK.
#ifndef LITEN_KERNELS_XNNPACK_CONVOLUTION_H_
#define LITEN_KERNELS_XNNPACK_CONVOLUTION_H_

#include <cstdint>

#include "kernels/kernel_util.h"
#include "kernels/xnnpack/xnnpack_util.h"

namespace liten {

struct ConvolutionShape {
  int32_t input_height = 0;
  int32_t input_width = 0;
  int32_t filter_height = 0;
  int32_t filter_width = 0;
  int32_t groups = 1;
  int32_t group_input_channels = 0;
  int32_t group_output_channels = 0;
  // Filter laid out [1, height, width, channels * multiplier] (TFLite's
  // depthwise form) rather than [out_channels, height, width, in_channels].
  bool depthwise = false;
};

// Packs `filter` and `bias` (may be null) into an XNNPACK convolution.
// Returns null when XNNPACK is unavailable or rejects the configuration;
// the caller then keeps its reference path.
XnnOperator CreateConvolutionXnnpack(const Conv2DWindow& window,
                                     const ConvolutionShape& shape,
                                     const float* filter, const float* bias);

// Runs `op` from input 0 (NHWC) to output 0 of the node.
Status RunConvolutionXnnpack(const NodeContext& context, xnn_operator_t op);

// Packs `weights` [output_channels, input_channels] and `bias` (may be
// null); null when XNNPACK cannot take it.
XnnOperator CreateFullyConnectedXnnpack(int32_t input_channels,
                                        int32_t output_channels,
                                        const float* weights, const float* bias,
                                        const ActivationRange& activation);

Status RunFullyConnectedXnnpack(const NodeContext& context, xnn_operator_t op,
                                int64_t batch, const float* input,
                                float* output);

}  // namespace liten

#endif  // LITEN_KERNELS_XNNPACK_CONVOLUTION_H_
