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
void RegisterCastKernels(OpResolver& resolver);           // cast.cc
void RegisterConcatenationKernels(OpResolver& resolver);  // concatenation.cc
void RegisterConvKernels(OpResolver& resolver);           // conv.cc
void RegisterDensifyKernels(OpResolver& resolver);        // densify.cc
void RegisterDepthToSpaceKernels(OpResolver& resolver);   // depth_to_space.cc
void RegisterDepthwiseConvKernels(OpResolver& resolver);  // depthwise_conv.cc
void RegisterDequantizeKernels(OpResolver& resolver);     // dequantize.cc
void RegisterDetectionPostprocessKernels(OpResolver& resolver); // detection_postprocess.cc
void RegisterElementwiseKernels(OpResolver& resolver);    // elementwise.cc
void RegisterFullyConnectedKernels(OpResolver& resolver); // fully_connected.cc
void RegisterGatherNdKernels(OpResolver& resolver);       // gather_nd.cc
void RegisterMeanKernels(OpResolver& resolver);           // mean.cc
void RegisterPackKernels(OpResolver& resolver);           // pack.cc
void RegisterPadKernels(OpResolver& resolver);            // pad.cc
void RegisterPoolingKernels(OpResolver& resolver);        // pooling.cc
void RegisterPosenetDecoderKernels(OpResolver& resolver); // posenet_decoder.cc
void RegisterQuantizeKernels(OpResolver& resolver);       // quantize.cc
void RegisterReshapeKernels(OpResolver& resolver);        // reshape.cc
void RegisterResizeBilinearKernels(OpResolver& resolver); // resize_bilinear.cc
void RegisterResizeNearestNeighborKernels(OpResolver& resolver); // resize_nearest_neighbor.cc
void RegisterSoftmaxKernels(OpResolver& resolver);        // softmax.cc
void RegisterSplitKernels(OpResolver& resolver);          // split.cc
void RegisterStridedSliceKernels(OpResolver& resolver);   // strided_slice.cc
void RegisterTransposeConvBiasKernels(OpResolver& resolver); // transpose_conv_bias.cc
void RegisterUnaryMathKernels(OpResolver& resolver);      // unary_math.cc
void RegisterUnidirectionalSequenceLstmKernels(OpResolver& resolver); // unidirectional_sequence_lstm.cc

// All of the above.
void RegisterBuiltinKernels(OpResolver& resolver);

}  // namespace liten

#endif  // LITEN_KERNELS_REGISTER_H_
