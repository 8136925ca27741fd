// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/register.h"

namespace liten {

void RegisterBuiltinKernels(OpResolver& resolver) {
  RegisterActivationKernels(resolver);
  RegisterArgMaxKernels(resolver);
  RegisterConcatenationKernels(resolver);
  RegisterConvKernels(resolver);
  RegisterDensifyKernels(resolver);
  RegisterDepthToSpaceKernels(resolver);
  RegisterDepthwiseConvKernels(resolver);
  RegisterDequantizeKernels(resolver);
  RegisterElementwiseKernels(resolver);
  RegisterFullyConnectedKernels(resolver);
  RegisterMeanKernels(resolver);
  RegisterPadKernels(resolver);
  RegisterPoolingKernels(resolver);
  RegisterQuantizeKernels(resolver);
  RegisterReshapeKernels(resolver);
  RegisterResizeBilinearKernels(resolver);
  RegisterSoftmaxKernels(resolver);
  RegisterStridedSliceKernels(resolver);
  RegisterTransposeConvBiasKernels(resolver);
}

}  // namespace liten
