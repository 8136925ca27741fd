// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// SQRT of FLOAT32, elementwise, as TFLite 2.9.0's elementwise kernel computes
// it: std::sqrt in float, which IEEE 754 rounds correctly (NaN for negative
// inputs). TFLite's x86-64 library runs its kernels with subnormal inputs
// read as zero (measured: sqrt(1e-40) gives 0 and sqrt(-1e-40) gives -0), so
// liten reads them that way too.
#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

class SqrtFloat32 : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(
        context.ExpectOutputType(kOutput, DataType::kFloat32));
    return context.ResizeOutput(kOutput, context.input(kInput)->shape);
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    const float* in = input.data_as<float>();
    float* out = context.output(kOutput)->data_as<float>();
    const int64_t size = input.NumElements();
    for (int64_t i = 0; i < size; ++i) {
      const float x = std::fabs(in[i]) < std::numeric_limits<float>::min()
                          ? std::copysign(0.0f, in[i])
                          : in[i];
      out[i] = std::sqrt(x);
    }
    return Status::Ok();
  }
};

}  // namespace

void RegisterUnaryMathKernels(OpResolver& resolver) {
  resolver.Add(
      {schema::BuiltinOperator_SQRT, nullptr, 1, 1, MakeKernel<SqrtFloat32>});
}

}  // namespace liten
