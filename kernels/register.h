// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Each kernel file exports one Register function that adds its op family's
// registrations to a resolver.
#ifndef LITEN_KERNELS_REGISTER_H_
#define LITEN_KERNELS_REGISTER_H_

#include "src/op_resolver.h"

namespace liten {

void RegisterActivationKernels(OpResolver& resolver);     // activations.cc
void RegisterArgMaxKernels(OpResolver& resolver);         // arg_max.cc
void RegisterConcatenationKernels(OpResolver& resolver);  // concatenation.cc
void RegisterConvKernels(OpResolver& resolver);           // conv.cc
void RegisterDensifyKernels(OpResolver& resolver);        // densify.cc
void RegisterDepthToSpaceKernels(OpResolver& resolver);   // depth_to_space.cc
void RegisterDepthwiseConvKernels(OpResolver& resolver);  // depthwise_conv.cc
void RegisterDequantizeKernels(OpResolver& resolver);     // dequantize.cc
void RegisterElementwiseKernels(OpResolver& resolver);    // elementwise.cc
void RegisterFullyConnectedKernels(OpResolver& resolver); // fully_connected.cc
void RegisterMeanKernels(OpResolver& resolver);           // mean.cc
void RegisterPadKernels(OpResolver& resolver);            // pad.cc
void RegisterPoolingKernels(OpResolver& resolver);        // pooling.cc
void RegisterQuantizeKernels(OpResolver& resolver);       // quantize.cc
void RegisterReshapeKernels(OpResolver& resolver);        // reshape.cc
void RegisterResizeBilinearKernels(OpResolver& resolver); // resize_bilinear.cc
void RegisterSoftmaxKernels(OpResolver& resolver);        // softmax.cc
void RegisterStridedSliceKernels(OpResolver& resolver);   // strided_slice.cc
void RegisterTransposeConvBiasKernels(OpResolver& resolver);  // transpose_conv_bias.cc

// All of the above.
void RegisterBuiltinKernels(OpResolver& resolver);

}  // namespace liten

#endif  // LITEN_KERNELS_REGISTER_H_
