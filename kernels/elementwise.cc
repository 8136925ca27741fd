// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// ADD and MUL on float32 tensors, with numpy broadcasting and a fused
// activation clamp.

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "kernels/x86/avx2_kernel.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/elementwise_f32.h"
#include "kernels/xnnpack/elementwise.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput1 = 0, kInput2 = 1;
constexpr int kOutput = 0;

struct Add {
  static constexpr BinaryOperation kOperation = BinaryOperation::kAdd;
  static float Apply(float a, float b) { return a + b; }
  static schema::ActivationFunctionType Activation(const schema::Operator& op) {
    const schema::AddOptions* options = op.builtin_options_as_AddOptions();
    return options != nullptr ? options->fused_activation_function()
                              : schema::ActivationFunctionType_NONE;
  }
};

struct Mul {
  static constexpr BinaryOperation kOperation = BinaryOperation::kMultiply;
  static float Apply(float a, float b) { return a * b; }
  static schema::ActivationFunctionType Activation(const schema::Operator& op) {
    const schema::MulOptions* options = op.builtin_options_as_MulOptions();
    return options != nullptr ? options->fused_activation_function()
                              : schema::ActivationFunctionType_NONE;
  }
};

// `Op` supplies the arithmetic and reads the fused activation from its own
// options table. Inputs of one shape run on liten's AVX2 kernel (where
// UseAvx2Kernels); others on XNNPACK unless the shapes exceed what it
// takes.
template <typename Op>
class BinaryFloat32 : public Avx2XnnpackOrReferenceKernel<BinaryF32Avx2> {
 public:
  Status Prepare(NodeContext& context) override {
    xnnpack_.reset();
    avx2_.reset();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput1, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput2, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(
        context.ExpectOutputType(kOutput, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(
        GetActivationRange(context, Op::Activation(context.op()), &range_));
    const Shape& a = context.input(kInput1)->shape;
    const Shape& b = context.input(kInput2)->shape;
    Shape shape;
    LITEN_RETURN_IF_ERROR(BroadcastShape(context, a, b, &shape));
    LITEN_RETURN_IF_ERROR(context.ResizeOutput(kOutput, shape));
    if (context.use_reference_kernels()) return Status::Ok();
    if (a == b && UseAvx2Kernels(context)) {
      avx2_ = BinaryF32Avx2::Create(Op::kOperation, range_,
                                    context.num_threads());
      if (avx2_ != nullptr) return Status::Ok();
    }
    xnnpack_ = CreateBinaryXnnpack(Op::kOperation, a, b, range_);
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input1 = *context.input(kInput1);
    const Tensor& input2 = *context.input(kInput2);
    Tensor& output = *context.output(kOutput);
    if (avx2_ != nullptr) {
      avx2_->Run(input1.data_as<float>(), input2.data_as<float>(),
                 output.data_as<float>(),
                 static_cast<size_t>(output.NumElements()),
                 context.threadpool());
      return Status::Ok();
    }
    if (xnnpack_ != nullptr) {
      return RunBinaryXnnpack(context, xnnpack_.get(), Op::kOperation, input1,
                              input2, output);
    }
    const float* a = input1.data_as<float>();
    const float* b = input2.data_as<float>();
    float* out = output.data_as<float>();
    ForEachBroadcast(input1.shape, input2.shape, output.shape,
                     [&](int64_t i, int64_t j, int64_t k) {
                       out[k] = Clamp(Op::Apply(a[i], b[j]), range_);
                     });
    return Status::Ok();
  }

 private:
  ActivationRange range_;
};

}  // namespace

void RegisterElementwiseKernels(OpResolver& resolver) {
  // Later versions add integer types, which the type checks reject.
  resolver.Add({schema::BuiltinOperator_ADD, nullptr, 1, 4,
                MakeKernel<BinaryFloat32<Add>>});
  resolver.Add({schema::BuiltinOperator_MUL, nullptr, 1, 5,
                MakeKernel<BinaryFloat32<Mul>>});
}

}  // namespace liten
