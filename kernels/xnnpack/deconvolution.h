// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// XNNPACK path for MediaPipe's Convolution2DTransposeBias. The kernel in
// kernels/transpose_conv_bias.cc validates the node and computes its
// geometry; these functions only hand that geometry and the constant weights
// to XNNPACK.
#ifndef LITEN_KERNELS_XNNPACK_DECONVOLUTION_H_
#define LITEN_KERNELS_XNNPACK_DECONVOLUTION_H_

#include <cstdint>

#include "kernels/xnnpack/xnnpack_util.h"

namespace liten {

// A transposed convolution's geometry: each input pixel spreads a
// filter_height x filter_width window over the output, `stride` pixels
// from its neighbour's, and the output is that spread cropped by the
// padding on each side.
struct DeconvolutionShape {
  int32_t filter_height = 0;
  int32_t filter_width = 0;
  int32_t stride_height = 1;
  int32_t stride_width = 1;
  int32_t padding_top = 0;
  int32_t padding_bottom = 0;
  int32_t padding_left = 0;
  int32_t padding_right = 0;
  int32_t input_channels = 0;
  int32_t output_channels = 0;
};

// Packs `filter` [output_channels, height, width, input_channels] and `bias`
// [output_channels]. Returns null when XNNPACK is unavailable or rejects the
// configuration; the caller then keeps its reference path.
XnnOperator CreateDeconvolutionXnnpack(const DeconvolutionShape& shape,
                                       const float* filter, const float* bias);

// Runs `op` from input 0 (NHWC) to output 0 of the node.
Status RunDeconvolutionXnnpack(const NodeContext& context, xnn_operator_t op);

}  // namespace liten

#endif  // LITEN_KERNELS_XNNPACK_DECONVOLUTION_H_
