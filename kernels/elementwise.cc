// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// ADD, SUB, MUL, DIV and FLOOR_DIV with numpy broadcasting and a fused
// activation clamp. FLOAT32, INT32 and INT64 are plain arithmetic, where
// integers wrap around on overflow as TFLite's x86-64 build does; ADD, SUB
// and MUL of per-tensor UINT8 and INT8 tensors compute what TFLite 2.9.0's
// builtin kernels compute (tensorflow/lite/kernels/add.cc, sub.cc, mul.cc,
// and the AddElementwise and MulElementwise loops they run), bit for bit.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <type_traits>

#include "kernels/kernel_util.h"
#include "kernels/quantization_util.h"
#include "kernels/quantized_binary.h"
#include "kernels/register.h"
#include "kernels/x86/avx2_kernel.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/elementwise_f32.h"
#include "kernels/x86/qbinary.h"
#include "kernels/xnnpack/elementwise.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput1 = 0, kInput2 = 1;
constexpr int kOutput = 0;

template <typename Options>
schema::ActivationFunctionType ActivationOf(const Options* options) {
  return options != nullptr ? options->fused_activation_function()
                            : schema::ActivationFunctionType_NONE;
}

// Two's complement arithmetic without signed overflow.
template <typename T>
T WrapAdd(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
}
template <typename T>
T WrapSub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
}
template <typename T>
T WrapMul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}

// TFLite's CalculateActivationRange<T> on plain integers; GetActivationRange
// has already rejected activations that are not clamps.
struct IntegerRange {
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
};

template <typename T>
IntegerRange IntegerActivationRange(schema::ActivationFunctionType activation) {
  switch (activation) {
    case schema::ActivationFunctionType_RELU:
      return {0, std::numeric_limits<T>::max()};
    case schema::ActivationFunctionType_RELU6:
      return {0, 6};
    case schema::ActivationFunctionType_RELU_N1_TO_1:
      return {-1, 1};
    default:
      return {std::numeric_limits<T>::min(), std::numeric_limits<T>::max()};
  }
}

struct BinaryQuantization {
  TensorQuantization input1;
  TensorQuantization input2;
  TensorQuantization output;
};

Status GetBinaryQuantization(const NodeContext& context,
                             schema::ActivationFunctionType activation,
                             DataType type, BinaryQuantization* q,
                             QuantizedOffsets* offsets) {
  LITEN_RETURN_IF_ERROR(GetInputQuantization(context, kInput1, &q->input1));
  LITEN_RETURN_IF_ERROR(GetInputQuantization(context, kInput2, &q->input2));
  LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kOutput, &q->output));
  offsets->input1 = -q->input1.zero_point;
  offsets->input2 = -q->input2.zero_point;
  offsets->output = q->output.zero_point;
  return CalculateActivationRangeQuantized(context, activation, type, q->output,
                                           &offsets->min, &offsets->max);
}

Status PrepareQuantizedAdd(const NodeContext& context,
                           schema::ActivationFunctionType activation,
                           DataType type, QuantizedAddParams* params) {
  BinaryQuantization q;
  LITEN_RETURN_IF_ERROR(
      GetBinaryQuantization(context, activation, type, &q, &params->offsets));
  // The arithmetic follows TFLite's types: the doubled scale and the shifted
  // output scale are floats, the quotients doubles.
  const double twice_max_input_scale =
      2.0f * std::max(q.input1.scale, q.input2.scale);
  const float shifted_output_scale =
      (1 << kQuantizedAddLeftShift) * q.output.scale;
  const double output_real = twice_max_input_scale / shifted_output_scale;
  params->input1 = QuantizeMultiplier(q.input1.scale / twice_max_input_scale);
  params->input2 = QuantizeMultiplier(q.input2.scale / twice_max_input_scale);
  params->output = QuantizeMultiplier(output_real);
  // TFLite aborts on an output multiplier outside (0, 1).
  if (!(output_real > 0.0) || params->output.shift > 0) {
    return context.Error(
        "output %d (tensor %d) has scale %g; with input scales %g and %g the "
        "output multiplier is %g, but it must lie in (0, 1)",
        kOutput, context.output_index(kOutput), q.output.scale, q.input1.scale,
        q.input2.scale, output_real);
  }
  return Status::Ok();
}

template <bool kSubtract>
int32_t QuantizedAddOrSub(const QuantizedAddParams& p, int32_t a, int32_t b) {
  // |a + offset| < 2^9, so the shifts cannot overflow.
  const int32_t scaled1 = MultiplyByQuantizedMultiplier(
      (a + p.offsets.input1) * (1 << kQuantizedAddLeftShift), p.input1);
  const int32_t scaled2 = MultiplyByQuantizedMultiplier(
      (b + p.offsets.input2) * (1 << kQuantizedAddLeftShift), p.input2);
  const int32_t raw = kSubtract ? scaled1 - scaled2 : scaled1 + scaled2;
  return p.offsets.Finish(MultiplyByQuantizedMultiplier(raw, p.output));
}

// 8-bit MUL as TFLite computes it: the product of the offset inputs times
// input1_scale * input2_scale / output_scale, that ratio taken in float
// (measured: not in double).
Status PrepareQuantizedMul(const NodeContext& context,
                           schema::ActivationFunctionType activation,
                           DataType type, QuantizedMulParams* params) {
  BinaryQuantization q;
  LITEN_RETURN_IF_ERROR(
      GetBinaryQuantization(context, activation, type, &q, &params->offsets));
  const float real = q.input1.scale * q.input2.scale / q.output.scale;
  if (std::isfinite(real)) params->output = QuantizeMultiplier(real);
  if (!std::isfinite(real) || params->output.shift > kMaxMultiplierShift) {
    return context.Error(
        "output %d (tensor %d) has scale %g; with input scales %g and %g the "
        "output multiplier %g is too large",
        kOutput, context.output_index(kOutput), q.output.scale, q.input1.scale,
        q.input2.scale, real);
  }
  return Status::Ok();
}

int32_t QuantizedMul(const QuantizedMulParams& p, int32_t a, int32_t b) {
  const int32_t product = (a + p.offsets.input1) * (b + p.offsets.input2);
  return p.offsets.Finish(MultiplyByQuantizedMultiplier(product, p.output));
}

bool IsOneOf(DataType type, std::initializer_list<DataType> types) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

// What each op supplies to BinaryKernel: its types, its fused activation,
// and its arithmetic on each type. kFastPath: float32 runs on liten's AVX2
// kernel or XNNPACK. kQuantized: it takes UINT8 and INT8, with
// QuantizedParams prepared by PrepareQuantized. ChecksDivisors(type): a zero
// in input 2 fails Eval, as TFLite's FLOOR_DIV does; TFLite's integer DIV
// crashes on one instead. kQuantizedAvx2: 8-bit inputs run on liten's AVX2
// kernel of ADD, SUB and MUL, broadcast ones copied out to the output's
// shape first.
enum class QuantizedAvx2 { kNone, kAdd, kSubtract, kMultiply };

struct Add {
  static constexpr bool kFastPath = true;
  static constexpr bool kFusedActivation = true;
  static constexpr BinaryOperation kOperation = BinaryOperation::kAdd;
  static constexpr const char* kTypes = "FLOAT32, INT32, INT64, UINT8 or INT8";
  static constexpr bool kQuantized = true;
  static constexpr QuantizedAvx2 kQuantizedAvx2 = QuantizedAvx2::kAdd;
  using QuantizedParams = QuantizedAddParams;
  static bool Supports(DataType type) {
    return IsOneOf(type, {DataType::kFloat32, DataType::kInt32,
                          DataType::kInt64, DataType::kUInt8, DataType::kInt8});
  }
  static bool ChecksDivisors(DataType) { return false; }
  static schema::ActivationFunctionType Activation(const schema::Operator& op) {
    return ActivationOf(op.builtin_options_as_AddOptions());
  }
  static float Apply(float a, float b) { return a + b; }
  template <typename T>
  static T ApplyInteger(T a, T b) {
    return WrapAdd(a, b);
  }
  static Status PrepareQuantized(const NodeContext& context,
                                 schema::ActivationFunctionType activation,
                                 DataType type, QuantizedParams* params) {
    return PrepareQuantizedAdd(context, activation, type, params);
  }
  static int32_t ApplyQuantized(const QuantizedParams& p, int32_t a,
                                int32_t b) {
    return QuantizedAddOrSub<false>(p, a, b);
  }
};

struct Sub : Add {
  static constexpr bool kFastPath = false;
  static constexpr QuantizedAvx2 kQuantizedAvx2 = QuantizedAvx2::kSubtract;
  static schema::ActivationFunctionType Activation(const schema::Operator& op) {
    return ActivationOf(op.builtin_options_as_SubOptions());
  }
  static float Apply(float a, float b) { return a - b; }
  template <typename T>
  static T ApplyInteger(T a, T b) {
    return WrapSub(a, b);
  }
  static int32_t ApplyQuantized(const QuantizedParams& p, int32_t a,
                                int32_t b) {
    return QuantizedAddOrSub<true>(p, a, b);
  }
};

struct Mul : Add {
  static constexpr BinaryOperation kOperation = BinaryOperation::kMultiply;
  static constexpr QuantizedAvx2 kQuantizedAvx2 = QuantizedAvx2::kMultiply;
  using QuantizedParams = QuantizedMulParams;
  static schema::ActivationFunctionType Activation(const schema::Operator& op) {
    return ActivationOf(op.builtin_options_as_MulOptions());
  }
  static float Apply(float a, float b) { return a * b; }
  template <typename T>
  static T ApplyInteger(T a, T b) {
    return WrapMul(a, b);
  }
  static Status PrepareQuantized(const NodeContext& context,
                                 schema::ActivationFunctionType activation,
                                 DataType type, QuantizedParams* params) {
    return PrepareQuantizedMul(context, activation, type, params);
  }
  static int32_t ApplyQuantized(const QuantizedParams& p, int32_t a,
                                int32_t b) {
    return QuantizedMul(p, a, b);
  }
};

// TFLite 2.9's DIV also takes UINT8 (version 2), which liten does not.
struct Div {
  static constexpr bool kFastPath = false;
  static constexpr bool kFusedActivation = true;
  static constexpr const char* kTypes = "FLOAT32 or INT32";
  static constexpr bool kQuantized = false;
  static constexpr QuantizedAvx2 kQuantizedAvx2 = QuantizedAvx2::kNone;
  struct QuantizedParams {};
  static bool Supports(DataType type) {
    return IsOneOf(type, {DataType::kFloat32, DataType::kInt32});
  }
  static bool ChecksDivisors(DataType type) {
    return type != DataType::kFloat32;
  }
  static schema::ActivationFunctionType Activation(const schema::Operator& op) {
    return ActivationOf(op.builtin_options_as_DivOptions());
  }
  static float Apply(float a, float b) { return a / b; }
  // Truncates; INT32_MIN / -1 wraps to INT32_MIN.
  template <typename T>
  static T ApplyInteger(T a, T b) {
    return b == -1 ? WrapSub(T{0}, a) : a / b;
  }
};

// TFLite's FloorDiv: the quotient in double, floored, then converted back;
// INT32_MIN / -1 converts out of range, which x86-64 makes INT32_MIN. It has
// no activation, so unlike DIV it leaves infinities unclamped.
struct FloorDiv : Div {
  static constexpr bool kFusedActivation = false;
  static bool ChecksDivisors(DataType) { return true; }
  static schema::ActivationFunctionType Activation(const schema::Operator&) {
    return schema::ActivationFunctionType_NONE;
  }
  static float Apply(float a, float b) {
    return static_cast<float>(std::floor(static_cast<double>(a) / b));
  }
  template <typename T>
  static T ApplyInteger(T a, T b) {
    return TruncateToInt32(std::floor(static_cast<double>(a) / b));
  }
};

// Index of the first zero among the `count` values at `data`, or -1.
template <typename T>
int64_t FindZero(const T* data, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    if (data[i] == 0) return i;
  }
  return -1;
}

// FLOAT32 ADD and MUL of one shape run on liten's AVX2 kernel where
// UseAvx2Kernels; other float shapes on XNNPACK unless they exceed what it
// takes. Every other configuration runs the reference loops.
template <typename Op>
class BinaryKernel : public Avx2XnnpackOrReferenceKernel<BinaryF32Avx2> {
 public:
  const char* path() const override {
    return quantized_avx2_ != nullptr ? "avx2"
                                      : Avx2XnnpackOrReferenceKernel::path();
  }

  Status Prepare(NodeContext& context) override {
    xnnpack_.reset();
    avx2_.reset();
    quantized_avx2_.reset();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    type_ = context.input(kInput1)->type;
    if (!Op::Supports(type_)) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s; expected %s", kInput1,
          context.input_index(kInput1), DataTypeName(type_), Op::kTypes);
    }
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput2, type_));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, type_));
    const schema::ActivationFunctionType activation =
        Op::Activation(context.op());
    if (Op::kFusedActivation) {
      LITEN_RETURN_IF_ERROR(GetActivationRange(context, activation, &range_));
    } else {
      range_.min = -std::numeric_limits<float>::infinity();
      range_.max = std::numeric_limits<float>::infinity();
    }
    const Shape& a = context.input(kInput1)->shape;
    const Shape& b = context.input(kInput2)->shape;
    Shape shape;
    LITEN_RETURN_IF_ERROR(BroadcastShape(context, a, b, &shape));
    LITEN_RETURN_IF_ERROR(context.ResizeOutput(kOutput, shape));
    switch (type_) {
      case DataType::kFloat32:
        if constexpr (Op::kFastPath) PrepareFastPath(context, a, b);
        return Status::Ok();
      case DataType::kInt32:
        integer_range_ = IntegerActivationRange<int32_t>(activation);
        return Status::Ok();
      case DataType::kInt64:
        integer_range_ = IntegerActivationRange<int64_t>(activation);
        return Status::Ok();
      default:
        if constexpr (Op::kQuantized) {
          LITEN_RETURN_IF_ERROR(
              Op::PrepareQuantized(context, activation, type_, &quantized_));
        }
        if constexpr (Op::kQuantizedAvx2 != QuantizedAvx2::kNone) {
          if (!context.use_reference_kernels()) {
            const bool is_signed = type_ == DataType::kInt8;
            if constexpr (Op::kQuantizedAvx2 == QuantizedAvx2::kMultiply) {
              quantized_avx2_ = QuantizedBinaryAvx2::Create(
                  quantized_, is_signed, context.num_threads());
            } else {
              quantized_avx2_ = QuantizedBinaryAvx2::Create(
                  quantized_, is_signed,
                  Op::kQuantizedAvx2 == QuantizedAvx2::kSubtract,
                  context.num_threads());
            }
          }
          if (quantized_avx2_ != nullptr) {
            // Broadcast operands are first copied out to the output's
            // shape (a byte each), in the scratch.
            const size_t count = static_cast<size_t>(shape.NumElements());
            context.RequestScratch((a == shape ? 0 : count) +
                                   (b == shape ? 0 : count));
          }
        }
        return Status::Ok();
    }
  }

  Status Eval(NodeContext& context) override {
    const Tensor& a = *context.input(kInput1);
    const Tensor& b = *context.input(kInput2);
    Tensor& output = *context.output(kOutput);
    if (Op::ChecksDivisors(type_)) {
      LITEN_RETURN_IF_ERROR(CheckDivisors(context, b));
    }
    switch (type_) {
      case DataType::kFloat32:
        return EvalFloat32(context, a, b, output);
      case DataType::kInt32:
        EvalInteger<int32_t>(a, b, output);
        return Status::Ok();
      case DataType::kInt64:
        EvalInteger<int64_t>(a, b, output);
        return Status::Ok();
      case DataType::kUInt8:
        EvalQuantized<uint8_t>(context, a, b, output);
        return Status::Ok();
      default:
        EvalQuantized<int8_t>(context, a, b, output);
        return Status::Ok();
    }
  }

 private:
  void PrepareFastPath(const NodeContext& context, const Shape& a,
                       const Shape& b) {
    if (context.use_reference_kernels()) return;
    if (a == b && UseAvx2Kernels(context)) {
      avx2_ =
          BinaryF32Avx2::Create(Op::kOperation, range_, context.num_threads());
      if (avx2_ != nullptr) return;
    }
    xnnpack_ = CreateBinaryXnnpack(Op::kOperation, a, b, range_);
  }

  Status CheckDivisors(const NodeContext& context, const Tensor& b) const {
    const int64_t zero = type_ == DataType::kFloat32
                             ? FindZero(b.data_as<float>(), b.NumElements())
                             : FindZero(b.data_as<int32_t>(), b.NumElements());
    if (zero < 0) return Status::Ok();
    return context.Error(
        "input %d (tensor %d) holds a zero divisor at element %lld", kInput2,
        context.input_index(kInput2), static_cast<long long>(zero));
  }

  Status EvalFloat32(NodeContext& context, const Tensor& a, const Tensor& b,
                     Tensor& output) const {
    if constexpr (Op::kFastPath) {
      if (avx2_ != nullptr) {
        avx2_->Run(
            a.data_as<float>(), b.data_as<float>(), output.data_as<float>(),
            static_cast<size_t>(output.NumElements()), context.threadpool());
        return Status::Ok();
      }
      if (xnnpack_ != nullptr) {
        return RunBinaryXnnpack(context, xnnpack_.get(), Op::kOperation, a, b,
                                output);
      }
    }
    const float* x = a.data_as<float>();
    const float* y = b.data_as<float>();
    float* out = output.data_as<float>();
    ForEachBroadcast(a.shape, b.shape, output.shape,
                     [&](int64_t i, int64_t j, int64_t k) {
                       out[k] = Clamp(Op::Apply(x[i], y[j]), range_);
                     });
    return Status::Ok();
  }

  template <typename T>
  void EvalInteger(const Tensor& a, const Tensor& b, Tensor& output) const {
    const T* x = a.data_as<T>();
    const T* y = b.data_as<T>();
    T* out = output.data_as<T>();
    ForEachBroadcast(
        a.shape, b.shape, output.shape, [&](int64_t i, int64_t j, int64_t k) {
          const int64_t v = Op::ApplyInteger(x[i], y[j]);
          out[k] = static_cast<T>(
              std::min(std::max(v, integer_range_.min), integer_range_.max));
        });
  }

  template <typename T>
  void EvalQuantized(const NodeContext& context, const Tensor& a,
                     const Tensor& b, Tensor& output) const {
    if (quantized_avx2_ != nullptr) {
      const size_t count = static_cast<size_t>(output.NumElements());
      const void* x = a.data;
      const void* y = b.data;
      uint8_t* scratch = static_cast<uint8_t*>(context.scratch());
      if (a.shape != output.shape) {
        BroadcastBytes(a.shape, static_cast<const uint8_t*>(a.data),
                       output.shape, scratch);
        x = scratch;
        scratch += count;
      }
      if (b.shape != output.shape) {
        BroadcastBytes(b.shape, static_cast<const uint8_t*>(b.data),
                       output.shape, scratch);
        y = scratch;
      }
      quantized_avx2_->Run(
          x, y, output.data, count,
          quantized_avx2_->SharesWork(count) ? context.threadpool() : nullptr);
      return;
    }
    if constexpr (Op::kQuantized) {
      const T* x = a.data_as<T>();
      const T* y = b.data_as<T>();
      T* out = output.data_as<T>();
      ForEachBroadcast(
          a.shape, b.shape, output.shape, [&](int64_t i, int64_t j, int64_t k) {
            out[k] = static_cast<T>(Op::ApplyQuantized(quantized_, x[i], y[j]));
          });
    }
  }

  DataType type_ = DataType::kFloat32;
  ActivationRange range_;
  IntegerRange integer_range_;
  typename Op::QuantizedParams quantized_;
  std::unique_ptr<QuantizedBinaryAvx2> quantized_avx2_;
};

}  // namespace

void RegisterElementwiseKernels(OpResolver& resolver) {
  // TFLite 2.9's versions; each later one adds a type, which Prepare checks.
  resolver.Add({schema::BuiltinOperator_ADD, nullptr, 1, 4,
                MakeKernel<BinaryKernel<Add>>});
  resolver.Add({schema::BuiltinOperator_SUB, nullptr, 1, 5,
                MakeKernel<BinaryKernel<Sub>>});
  resolver.Add({schema::BuiltinOperator_MUL, nullptr, 1, 5,
                MakeKernel<BinaryKernel<Mul>>});
  resolver.Add({schema::BuiltinOperator_DIV, nullptr, 1, 2,
                MakeKernel<BinaryKernel<Div>>});
  resolver.Add({schema::BuiltinOperator_FLOOR_DIV, nullptr, 1, 2,
                MakeKernel<BinaryKernel<FloorDiv>>});
}

}  // namespace liten
