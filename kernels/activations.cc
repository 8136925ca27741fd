// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Activations: LOGISTIC, TANH, RELU, RELU6, RELU_N1_TO_1, HARD_SWISH and
// PRELU on FLOAT32, and all but PRELU on UINT8 and INT8 (RELU and RELU6 also
// on INT16). The float reference paths compute TFLite's reference formulas;
// the XNNPACK paths are the ones TFLite's XNNPACK delegate runs.
//
// The quantized forms are TFLite 2.9.0's builtin kernels as its x86-64
// build runs them (tensorflow/lite/kernels/activations.cc, kGenericOptimized):
// LOGISTIC and TANH look their result up in a table of 256 entries that
// Prepare fills in float; the RELUs requantize with
// MultiplyByQuantizedMultiplier and clamp; HARD_SWISH is the 16-bit
// fixed-point reference_ops::HardSwish, which the optimized kernel falls
// back to without NEON. Every 8-bit activation is a function of one byte, so
// liten tabulates all of them at Prepare and Eval only looks up.
#include "kernels/xnnpack/activations.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/kernel_util.h"
#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "kernels/x86/avx2_kernel.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/elementwise_f32.h"
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

// TFLite's optimized float kernel evaluates Eigen's rational approximation
// of tanh, which stays within a few ulps of tanhf. Debian's XNNPACK has no
// tanh operator, so this stays on the reference loop.
struct Tanh {
  static float Apply(float x) { return std::tanh(x); }
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

template <typename Function, typename = void>
struct HasXnnpackOperation : std::false_type {};
template <typename Function>
struct HasXnnpackOperation<Function,
                           std::void_t<decltype(Function::kOperation)>>
    : std::true_type {};

// An elementwise float32 function of one input; the output has its shape.
// Runs on XNNPACK unless the tensor is empty or XNNPACK lacks the function.
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
    if constexpr (HasXnnpackOperation<Function>::value) {
      if (!context.use_reference_kernels() && input.NumElements() > 0) {
        ActivationRange range;
        if constexpr (Function::kOperation == UnaryOperation::kClamp) {
          range = Function::kRange;
        }
        xnnpack_ = CreateUnaryXnnpack(Function::kOperation, range);
      }
    }
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    const float* in = input.data_as<float>();
    float* out = context.output(kOutput)->data_as<float>();
    const int64_t size = input.NumElements();
    if constexpr (HasXnnpackOperation<Function>::value) {
      if (xnnpack_ != nullptr) {
        return RunUnaryXnnpack(context, xnnpack_.get(), Function::kOperation,
                               size, in, out);
      }
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

// The quantization of an activation's input and output.
struct QuantizedOperands {
  DataType type = DataType::kUInt8;
  int32_t min = 0;  // The range of `type`.
  int32_t max = 0;
  TensorQuantization input;
  TensorQuantization output;
};

// LOGISTIC and TANH, TFLite's PopulateLookupTable way: dequantize in
// float, apply Function::Apply, divide by the output scale as a
// multiplication by its float inverse, round, add the zero point in float,
// convert (an out-of-range conversion gives INT32_MIN on x86-64) and clamp.
template <typename Function>
struct QuantizedThroughFloat {
  static constexpr bool kInt16 = false;
  using Params = QuantizedOperands;
  static Status Prepare(const NodeContext& context, const QuantizedOperands& q,
                        Params* params) {
    LITEN_RETURN_IF_ERROR(Function::CheckOutput(context, q.output));
    *params = q;
    return Status::Ok();
  }
  static int32_t Apply(const Params& q, int32_t value) {
    const float inverse_scale = 1.0f / q.output.scale;
    const float x =
        q.input.scale * static_cast<float>(value - q.input.zero_point);
    const float rescaled = std::round(Function::Apply(x) * inverse_scale);
    const int32_t quantized =
        TruncateToInt32(rescaled + static_cast<float>(q.output.zero_point));
    return std::min(std::max(quantized, q.min), q.max);
  }
};

// Without the float kernel's cutoffs, as TFLite's table has none.
struct LogisticTable {
  static float Apply(float x) { return 1.0f / (1.0f + std::exp(-x)); }
  // TFLite 2.9 accepts any output zero point, but only the exact scale
  // 1/256 (it compares the float scale with 1. / 256 in double).
  static Status CheckOutput(const NodeContext& context,
                            const TensorQuantization& output) {
    if (output.scale != 1.0f / 256) {
      return context.Error(
          "output %d (tensor %d) has scale %g; a quantized LOGISTIC output "
          "needs scale 1/256",
          kOutput, context.output_index(kOutput), output.scale);
    }
    return Status::Ok();
  }
};

struct TanhTable {
  static float Apply(float x) { return std::tanh(x); }
  static Status CheckOutput(const NodeContext&, const TensorQuantization&) {
    return Status::Ok();
  }
};

using QuantizedLogistic = QuantizedThroughFloat<LogisticTable>;
using QuantizedTanh = QuantizedThroughFloat<TanhTable>;

// TFLite's QuantizedReluX: requantize to the output scale, then clamp to
// the bounds of Clamp::kRange quantized with roundf in float, intersected
// with the type's range. The final clamp takes the upper bound last and the
// result is truncated to the type, as TFLite's is. TFLite 2.9 has INT16
// RELU and RELU6 but not RELU_N1_TO_1.
template <typename Clamp, bool kTakesInt16>
struct QuantizedRelu {
  static constexpr bool kInt16 = kTakesInt16;
  struct Params {
    int32_t input_zero_point = 0;
    int32_t output_zero_point = 0;
    QuantizedMultiplier multiplier;
    int32_t min = 0;
    int32_t max = 0;
  };
  static Status Prepare(const NodeContext& context, const QuantizedOperands& q,
                        Params* params) {
    // TFLite divides the scales in float and only then widens to double.
    params->multiplier =
        QuantizeMultiplier(static_cast<double>(q.input.scale / q.output.scale));
    if (params->multiplier.shift > kMaxMultiplierShift) {
      return context.Error(
          "input %d (tensor %d) scale %g over output %d (tensor %d) scale %g "
          "is 2^31 or more, which TFLite's fixed-point rescaling cannot hold",
          kInput, context.input_index(kInput), q.input.scale, kOutput,
          context.output_index(kOutput), q.output.scale);
    }
    params->input_zero_point = q.input.zero_point;
    params->output_zero_point = q.output.zero_point;
    const auto bound = [&q](float real) {
      return WrappingAdd(q.output.zero_point,
                         TruncateToInt32(std::round(real / q.output.scale)));
    };
    params->min = std::max(q.min, bound(Clamp::kRange.min));
    params->max = Clamp::kRange.max == std::numeric_limits<float>::infinity()
                      ? q.max
                      : std::min(q.max, bound(Clamp::kRange.max));
    return Status::Ok();
  }
  static int32_t Apply(const Params& params, int32_t value) {
    int32_t result =
        WrappingAdd(params.output_zero_point,
                    MultiplyByQuantizedMultiplier(
                        value - params.input_zero_point, params.multiplier));
    result = std::max(params.min, result);
    return std::min(params.max, result);
  }
};

// gemmlowp's SaturatingRoundingDoublingHighMul on int16: the high half of
// 2 * a * b, ties rounded upward.
int16_t RoundingDoublingHighMul16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) {
    return std::numeric_limits<int16_t>::max();
  }
  const int32_t product = int32_t{a} * int32_t{b};
  const int32_t nudge = product >= 0 ? (1 << 14) : 1 - (1 << 14);
  return static_cast<int16_t>((product + nudge) / (1 << 15));
}

// The same, truncating toward zero instead of rounding (ARM's SQDMULH).
int16_t DoublingHighMul16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) {
    return std::numeric_limits<int16_t>::max();
  }
  return static_cast<int16_t>(int32_t{a} * int32_t{b} / (1 << 15));
}

int16_t SaturatingLeftShift16(int16_t value, int amount) {
  const int64_t shifted = static_cast<int64_t>(value) * (int64_t{1} << amount);
  return static_cast<int16_t>(std::min<int64_t>(
      std::max<int64_t>(shifted, std::numeric_limits<int16_t>::min()),
      std::numeric_limits<int16_t>::max()));
}

// TFLite's DownScaleInt32ToInt16Multiplier: the top 16 bits, rounded.
int16_t Int16Multiplier(int32_t multiplier) {
  constexpr int32_t kRounding = 1 << 15;
  if (multiplier >= std::numeric_limits<int32_t>::max() - kRounding) {
    return std::numeric_limits<int16_t>::max();
  }
  return static_cast<int16_t>((multiplier + kRounding) >> 16);
}

// TFLite's quantized HARD_SWISH (reference_ops::HardSwish): the input on a
// scale 2^7 finer, a "relu-ish" factor in [0, 1] from the input rescaled so
// that 3.0 is 2^15, and their product rescaled to the output, all in 16-bit
// fixed point.
struct QuantizedHardSwish {
  static constexpr bool kInt16 = false;
  // The shifts liten's 16-bit arithmetic covers: a right shift of at most 15
  // and a left shift that saturates within 30 bits.
  static constexpr int kMinExponent = -15;
  static constexpr int kMaxExponent = 30;
  struct Params {
    QuantizedOperands q;
    int16_t output_multiplier = 0;
    int output_exponent = 0;
    int16_t reluish_multiplier = 0;
    int reluish_exponent = 0;
  };
  static Status Prepare(const NodeContext& context, const QuantizedOperands& q,
                        Params* params) {
    params->q = q;
    // TFLite computes both ratios in float.
    const float hires_input_scale = (1.0f / 128.0f) * q.input.scale;
    const QuantizedMultiplier output =
        QuantizeMultiplier(hires_input_scale / q.output.scale);
    const QuantizedMultiplier reluish =
        QuantizeMultiplier(hires_input_scale / (3.0f / 32768.0f));
    if (output.shift > 0 || output.shift < kMinExponent ||
        reluish.shift < kMinExponent || reluish.shift > kMaxExponent) {
      return context.Unsupported(
          "input %d (tensor %d) scale %g and output %d (tensor %d) scale %g "
          "are too far apart for HARD_SWISH's 16-bit fixed point",
          kInput, context.input_index(kInput), q.input.scale, kOutput,
          context.output_index(kOutput), q.output.scale);
    }
    params->output_multiplier = Int16Multiplier(output.multiplier);
    params->output_exponent = output.shift;
    params->reluish_multiplier = Int16Multiplier(reluish.multiplier);
    params->reluish_exponent = reluish.shift;
    return Status::Ok();
  }
  static int32_t Apply(const Params& params, int32_t value) {
    const int16_t hires =
        static_cast<int16_t>((value - params.q.input.zero_point) * (1 << 7));
    const int16_t preshift_output =
        RoundingDoublingHighMul16(hires, params.output_multiplier);
    // Shift left by all but one bit before multiplying, so that only the last
    // bit's saturation can reach the result.
    int16_t reluish = hires;
    if (params.reluish_exponent > 0) {
      reluish = SaturatingLeftShift16(reluish, params.reluish_exponent - 1);
    }
    reluish = RoundingDoublingHighMul16(reluish, params.reluish_multiplier);
    if (params.reluish_exponent > 0) {
      reluish = SaturatingLeftShift16(reluish, 1);
    } else if (params.reluish_exponent < 0) {
      reluish = static_cast<int16_t>(
          RoundingDivideByPOT(reluish, -params.reluish_exponent));
    }
    // From [-1, 1] to [0, 1] in Q0.15.
    reluish = static_cast<int16_t>((reluish + (1 << 15)) >> 1);
    const int16_t product = DoublingHighMul16(reluish, preshift_output);
    const int16_t output = static_cast<int16_t>(
        RoundingDivideByPOT(product, -params.output_exponent) +
        params.q.output.zero_point);
    return std::min<int32_t>(std::max<int32_t>(output, params.q.min),
                             params.q.max);
  }
};

// An elementwise activation of a UINT8 or INT8 tensor (and INT16 where
// Activation::kInt16) with per-tensor quantization; input and output have
// the same type and shape. 8-bit inputs go through a table of the 256
// results, INT16 inputs through Activation::Apply.
template <typename Activation>
class QuantizedActivation : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    QuantizedOperands q;
    q.type = input.type;
    const bool supported = q.type == DataType::kUInt8 ||
                           q.type == DataType::kInt8 ||
                           (Activation::kInt16 && q.type == DataType::kInt16);
    if (!supported) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s; expected FLOAT32, UINT8, INT8%s",
          kInput, context.input_index(kInput), DataTypeName(q.type),
          Activation::kInt16 ? " or INT16" : " (INT16 is not supported)");
    }
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, q.type));
    QuantizedTypeRange(q.type, &q.min, &q.max);
    LITEN_RETURN_IF_ERROR(GetInputQuantization(context, kInput, &q.input));
    LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kOutput, &q.output));
    LITEN_RETURN_IF_ERROR(Activation::Prepare(context, q, &params_));
    type_ = q.type;
    if (type_ != DataType::kInt16) {
      for (int32_t value = q.min; value <= q.max; ++value) {
        // Converting to the type keeps the low bits, as TFLite's cast does.
        table_[static_cast<uint8_t>(value)] =
            static_cast<uint8_t>(Activation::Apply(params_, value));
      }
    }
    return context.ResizeOutput(kOutput, input.shape);
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    const int64_t size = input.NumElements();
    if (type_ == DataType::kInt16) {
      const int16_t* in = input.data_as<int16_t>();
      int16_t* out = output.data_as<int16_t>();
      for (int64_t i = 0; i < size; ++i) {
        out[i] = static_cast<int16_t>(Activation::Apply(params_, in[i]));
      }
      return Status::Ok();
    }
    // Both 8-bit types index the table by their byte.
    const uint8_t* in = input.data_as<uint8_t>();
    uint8_t* out = output.data_as<uint8_t>();
    for (int64_t i = 0; i < size; ++i) out[i] = table_[in[i]];
    return Status::Ok();
  }

 private:
  DataType type_ = DataType::kUInt8;
  typename Activation::Params params_;
  uint8_t table_[256] = {};
};

using LogisticKernel =
    FloatOrQuantizedKernel<UnaryFloat32<Logistic>,
                           QuantizedActivation<QuantizedLogistic>>;
using TanhKernel = FloatOrQuantizedKernel<UnaryFloat32<Tanh>,
                                          QuantizedActivation<QuantizedTanh>>;
using HardSwishKernel =
    FloatOrQuantizedKernel<UnaryFloat32<HardSwish>,
                           QuantizedActivation<QuantizedHardSwish>>;
using ReluKernel =
    FloatOrQuantizedKernel<UnaryFloat32<Relu>,
                           QuantizedActivation<QuantizedRelu<Relu, true>>>;
using Relu6Kernel =
    FloatOrQuantizedKernel<UnaryFloat32<Relu6>,
                           QuantizedActivation<QuantizedRelu<Relu6, true>>>;
using ReluN1To1Kernel = FloatOrQuantizedKernel<
    UnaryFloat32<ReluN1To1>,
    QuantizedActivation<QuantizedRelu<ReluN1To1, false>>>;

}  // namespace

void RegisterActivationKernels(OpResolver& resolver) {
  // The versions TFLite 2.9.0 registers. Past 1 they add INT8 and then
  // INT16; types a kernel lacks are rejected at Prepare.
  resolver.Add({schema::BuiltinOperator_LOGISTIC, nullptr, 1, 3,
                MakeKernel<LogisticKernel>});
  resolver.Add(
      {schema::BuiltinOperator_TANH, nullptr, 1, 3, MakeKernel<TanhKernel>});
  resolver.Add(
      {schema::BuiltinOperator_RELU, nullptr, 1, 3, MakeKernel<ReluKernel>});
  resolver.Add(
      {schema::BuiltinOperator_RELU6, nullptr, 1, 3, MakeKernel<Relu6Kernel>});
  resolver.Add({schema::BuiltinOperator_RELU_N1_TO_1, nullptr, 1, 1,
                MakeKernel<ReluN1To1Kernel>});
  resolver.Add({schema::BuiltinOperator_HARD_SWISH, nullptr, 1, 1,
                MakeKernel<HardSwishKernel>});
  resolver.Add(
      {schema::BuiltinOperator_PRELU, nullptr, 1, 1, MakeKernel<PReluFloat32>});
}

}  // namespace liten
