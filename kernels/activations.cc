// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Float32 activations: LOGISTIC, RELU, RELU6, RELU_N1_TO_1, HARD_SWISH and
// PRELU. The reference paths compute TFLite's reference formulas; the
// XNNPACK paths are the ones TFLite's XNNPACK delegate runs.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "kernels/x86/avx2_kernel.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/elementwise_f32.h"
#include "kernels/xnnpack/activations.h"
#include "kernels/xnnpack/elementwise.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kAlpha = 1;
constexpr int kOutput = 0;

struct Logistic {
  static constexpr UnaryOperation kOperation = UnaryOperation::kSigmoid;
  static float Apply(float x) {
    // TFLite's cutoffs: above the upper one the result rounds to 1 in float;
    // below the lower one it equals exp(x) to float precision, and exp(-x)
    // would overflow for very negative x.
    constexpr float kCutoffUpper = 16.619047164916992188f;
    constexpr float kCutoffLower = -9.0f;
    if (x > kCutoffUpper) return 1.0f;
    if (x < kCutoffLower) return std::exp(x);
    return 1.0f / (1.0f + std::exp(-x));
  }
};

struct HardSwish {
  static constexpr UnaryOperation kOperation = UnaryOperation::kHardSwish;
  // The order of operations (multiply before dividing by 6) is TFLite's.
  static float Apply(float x) {
    return x * std::min(6.0f, std::max(0.0f, x + 3.0f)) / 6.0f;
  }
};

// RELU, RELU6 and RELU_N1_TO_1 clamp to kRange, as their fused forms do.
struct Relu {
  static constexpr UnaryOperation kOperation = UnaryOperation::kClamp;
  static constexpr ActivationRange kRange{
      0.0f, std::numeric_limits<float>::infinity()};
  static float Apply(float x) { return Clamp(x, kRange); }
};

struct Relu6 {
  static constexpr UnaryOperation kOperation = UnaryOperation::kClamp;
  static constexpr ActivationRange kRange{0.0f, 6.0f};
  static float Apply(float x) { return Clamp(x, kRange); }
};

struct ReluN1To1 {
  static constexpr UnaryOperation kOperation = UnaryOperation::kClamp;
  static constexpr ActivationRange kRange{-1.0f, 1.0f};
  static float Apply(float x) { return Clamp(x, kRange); }
};

// An elementwise float32 function of one input; the output has its shape.
// Runs on XNNPACK unless the tensor is empty.
template <typename Function>
class UnaryFloat32 : public XnnpackOrReferenceKernel {
 public:
  Status Prepare(NodeContext& context) override {
    xnnpack_.reset();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(
        context.ExpectOutputType(kOutput, DataType::kFloat32));
    const Tensor& input = *context.input(kInput);
    LITEN_RETURN_IF_ERROR(context.ResizeOutput(kOutput, input.shape));
    if (!context.use_reference_kernels() && input.NumElements() > 0) {
      ActivationRange range;
      if constexpr (Function::kOperation == UnaryOperation::kClamp) {
        range = Function::kRange;
      }
      xnnpack_ = CreateUnaryXnnpack(Function::kOperation, range);
    }
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    const float* in = input.data_as<float>();
    float* out = context.output(kOutput)->data_as<float>();
    const int64_t size = input.NumElements();
    if (xnnpack_ != nullptr) {
      return RunUnaryXnnpack(context, xnnpack_.get(), Function::kOperation,
                             size, in, out);
    }
    for (int64_t i = 0; i < size; ++i) out[i] = Function::Apply(in[i]);
    return Status::Ok();
  }

 private:
};

// TFLite broadcasts alpha against the input like a binary op, so the output
// takes the broadcast shape (usually the input's: alpha is per channel).
// A constant per-channel alpha runs on liten's AVX2 kernel (where
// UseAvx2Kernels) or on XNNPACK.
class PReluFloat32 : public Avx2XnnpackOrReferenceKernel<PReluF32Avx2> {
 public:
  PReluFloat32() : Avx2XnnpackOrReferenceKernel(kAlpha) {}

  Status Prepare(NodeContext& context) override {
    xnnpack_.reset();
    avx2_.reset();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kAlpha, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(
        context.ExpectOutputType(kOutput, DataType::kFloat32));
    const Tensor& input = *context.input(kInput);
    const Tensor& alpha = *context.input(kAlpha);
    Shape shape;
    LITEN_RETURN_IF_ERROR(
        BroadcastShape(context, input.shape, alpha.shape, &shape));
    LITEN_RETURN_IF_ERROR(context.ResizeOutput(kOutput, shape));
    if (!context.use_reference_kernels() && alpha.is_constant() &&
        IsPerChannelOf(alpha.shape, input.shape) && shape == input.shape) {
      channels_ = input.shape.dim(input.shape.rank() - 1);
      if (UseAvx2Kernels(context)) {
        avx2_ = PReluF32Avx2::Create(channels_, alpha.data_as<float>(),
                                     context.num_threads());
        if (avx2_ != nullptr) return Status::Ok();
      }
      xnnpack_ = CreatePReluXnnpack(channels_, alpha.data_as<float>());
    }
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    const Tensor& alpha = *context.input(kAlpha);
    Tensor& output = *context.output(kOutput);
    if (avx2_ != nullptr) {
      avx2_->Run(input.data_as<float>(), output.data_as<float>(),
                 static_cast<size_t>(input.NumElements() / channels_),
                 context.threadpool());
      return Status::Ok();
    }
    if (xnnpack_ != nullptr) {
      return RunPReluXnnpack(context, xnnpack_.get(),
                             input.NumElements() / channels_,
                             input.data_as<float>(), output.data_as<float>());
    }
    const float* x = input.data_as<float>();
    const float* a = alpha.data_as<float>();
    float* out = output.data_as<float>();
    ForEachBroadcast(input.shape, alpha.shape, output.shape,
                     [&](int64_t i, int64_t j, int64_t k) {
                       out[k] = x[i] >= 0.0f ? x[i] : x[i] * a[j];
                     });
    return Status::Ok();
  }

 private:
  // XNNPACK's PRELU takes one slope per channel of the last axis: alpha
  // must be [..., 1, 1, channels] against an input [..., channels].
  static bool IsPerChannelOf(const Shape& alpha, const Shape& input) {
    if (alpha.rank() < 1 || input.rank() < 1 || input.NumElements() == 0 ||
        alpha.dim(alpha.rank() - 1) != input.dim(input.rank() - 1)) {
      return false;
    }
    return alpha.NumElements() == alpha.dim(alpha.rank() - 1);
  }

  int32_t channels_ = 1;
};

using LogisticFloat32 = UnaryFloat32<Logistic>;
using HardSwishFloat32 = UnaryFloat32<HardSwish>;
using ReluFloat32 = UnaryFloat32<Relu>;
using Relu6Float32 = UnaryFloat32<Relu6>;
using ReluN1To1Float32 = UnaryFloat32<ReluN1To1>;

}  // namespace

void RegisterActivationKernels(OpResolver& resolver) {
  // Versions past 1 add quantized types, which the type checks reject.
  resolver.Add({schema::BuiltinOperator_LOGISTIC, nullptr, 1, 3,
                MakeKernel<LogisticFloat32>});
  resolver.Add({schema::BuiltinOperator_RELU, nullptr, 1, 3,
                MakeKernel<ReluFloat32>});
  resolver.Add({schema::BuiltinOperator_RELU6, nullptr, 1, 3,
                MakeKernel<Relu6Float32>});
  resolver.Add({schema::BuiltinOperator_RELU_N1_TO_1, nullptr, 1, 1,
                MakeKernel<ReluN1To1Float32>});
  resolver.Add({schema::BuiltinOperator_HARD_SWISH, nullptr, 1, 1,
                MakeKernel<HardSwishFloat32>});
  resolver.Add({schema::BuiltinOperator_PRELU, nullptr, 1, 1,
                MakeKernel<PReluFloat32>});
}

}  // namespace liten
