// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/register.h"

namespace liten {

void RegisterBuiltinKernels(OpResolver& resolver) {
  RegisterActivationKernels(resolver);
  RegisterArgMaxKernels(resolver);
  RegisterCastKernels(resolver);
  RegisterConcatenationKernels(resolver);
  RegisterConvKernels(resolver);
  RegisterDensifyKernels(resolver);
  RegisterDepthToSpaceKernels(resolver);
  RegisterDepthwiseConvKernels(resolver);
  RegisterDequantizeKernels(resolver);
  RegisterDetectionPostprocessKernels(resolver);
  RegisterElementwiseKernels(resolver);
  RegisterFullyConnectedKernels(resolver);
  RegisterGatherNdKernels(resolver);
  RegisterMeanKernels(resolver);
  RegisterPackKernels(resolver);
  RegisterPadKernels(resolver);
  RegisterPoolingKernels(resolver);
  RegisterPosenetDecoderKernels(resolver);
  RegisterQuantizeKernels(resolver);
  RegisterReshapeKernels(resolver);
  RegisterResizeBilinearKernels(resolver);
  RegisterResizeNearestNeighborKernels(resolver);
  RegisterSoftmaxKernels(resolver);
  RegisterSplitKernels(resolver);
  RegisterStridedSliceKernels(resolver);
  RegisterTransposeConvBiasKernels(resolver);
  RegisterUnaryMathKernels(resolver);
  RegisterUnidirectionalSequenceLstmKernels(resolver);
}

}  // namespace liten
