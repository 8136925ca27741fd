// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CAST between FLOAT32, INT32, INT64, UINT8, INT8, INT16 and BOOL, every
// pair, with the results of TFLite 2.9.0's kernel (tensorflow/lite/kernels/
// cast.cc, a static_cast per element) as its x86-64 build computes them:
// - float to an integer truncates toward zero; NaN and values outside the
//   int32 range (int64 for INT64) give the most negative value, as
//   cvttss2si does; the narrower types then keep the low bits of the int32;
// - integers convert modulo 2^bits; float from integers rounds to nearest;
// - to BOOL: 1 for anything non-zero (NaN included) except subnormal
//   floats, which TFLite's x86-64 library reads as zero in its kernels
//   (measured);
// - from BOOL: the byte as stored, so a byte of 2 casts to 2 (and to BOOL
//   stays 2), because TFLite reads it without normalizing.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

// A BOOL element as its raw byte.
struct BoolByte {
  uint8_t byte;
};

// static_cast<int64_t>(x) as x86-64 executes it: INT64_MIN for NaN and
// out-of-range values, where C++ leaves the conversion undefined.
int64_t TruncateToInt64(float x) {
  constexpr float kLimit = 9223372036854775808.0f;  // 2^63, exact.
  if (!(x >= -kLimit && x < kLimit)) {
    return std::numeric_limits<int64_t>::min();
  }
  return static_cast<int64_t>(x);
}

template <typename To, typename From>
To Convert(From x) {
  if constexpr (std::is_same_v<To, BoolByte>) {
    if constexpr (std::is_same_v<From, BoolByte>) {
      return x;
    } else if constexpr (std::is_same_v<From, float>) {
      return BoolByte{!(std::fabs(x) < std::numeric_limits<float>::min())};
    } else {
      return BoolByte{x != 0};
    }
  } else if constexpr (std::is_same_v<From, BoolByte>) {
    return static_cast<To>(x.byte);
  } else if constexpr (std::is_same_v<From, float> && std::is_integral_v<To>) {
    if constexpr (sizeof(To) == sizeof(int64_t)) {
      return TruncateToInt64(x);
    } else {
      // Narrowing keeps the low bits (GCC defines it so, as x86-64 does).
      return static_cast<To>(TruncateToInt32(x));
    }
  } else {
    return static_cast<To>(x);
  }
}

template <typename To, typename From>
void CastElements(const void* input, void* output, int64_t size) {
  const From* in = static_cast<const From*>(input);
  To* out = static_cast<To*>(output);
  for (int64_t i = 0; i < size; ++i) out[i] = Convert<To>(in[i]);
}

using CastFunction = void (*)(const void*, void*, int64_t);

// Calls `body` with a value of the C++ type that holds `type`'s elements;
// false for types CAST does not take.
template <typename Body>
bool WithElementType(DataType type, Body body) {
  switch (type) {
    case DataType::kFloat32:
      body(float{});
      return true;
    case DataType::kInt32:
      body(int32_t{});
      return true;
    case DataType::kInt64:
      body(int64_t{});
      return true;
    case DataType::kUInt8:
      body(uint8_t{});
      return true;
    case DataType::kInt8:
      body(int8_t{});
      return true;
    case DataType::kInt16:
      body(int16_t{});
      return true;
    case DataType::kBool:
      body(BoolByte{});
      return true;
    default:
      return false;
  }
}

class Cast : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    const DataType to = context.output(kOutput)->type;
    cast_ = nullptr;
    const bool supported = WithElementType(input.type, [&](auto from) {
      WithElementType(to, [&](auto to_value) {
        cast_ = &CastElements<decltype(to_value), decltype(from)>;
      });
    });
    if (!supported || cast_ == nullptr) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s and output %d (tensor %d) type "
          "%s; CAST takes FLOAT32, INT32, INT64, UINT8, INT8, INT16 and BOOL",
          kInput, context.input_index(kInput), DataTypeName(input.type),
          kOutput, context.output_index(kOutput), DataTypeName(to));
    }
    return context.ResizeOutput(kOutput, input.shape);
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    cast_(input.data, context.output(kOutput)->data, input.NumElements());
    return Status::Ok();
  }

 private:
  CastFunction cast_ = nullptr;
};

}  // namespace

void RegisterCastKernels(OpResolver& resolver) {
  // The versions TFLite 2.9.0 registers.
  resolver.Add({schema::BuiltinOperator_CAST, nullptr, 1, 3, MakeKernel<Cast>});
}

}  // namespace liten
