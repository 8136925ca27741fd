// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DEQUANTIZE, run through the loader and interpreter: FLOAT16 against the
// IEEE definition of every half value, and the integer types against
// TFLite's formulas written out per element.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

uint32_t Bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

// A binary16 value by the IEEE 754 definition.
float NaiveHalfValue(uint16_t half) {
  const int exponent = (half >> 10) & 0x1f;
  const int mantissa = half & 0x3ff;
  double magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(mantissa, -24);
  } else if (exponent == 0x1f) {
    magnitude = mantissa == 0 ? std::numeric_limits<double>::infinity()
                              : std::numeric_limits<double>::quiet_NaN();
  } else {
    magnitude = std::ldexp(1024 + mantissa, exponent - 25);
  }
  return static_cast<float>((half & 0x8000) ? -magnitude : magnitude);
}

// The binary16 encoding of a non-NaN float that a half represents exactly.
uint16_t NaiveHalfEncoding(float value) {
  const uint16_t sign = std::signbit(value) ? 0x8000 : 0;
  const double magnitude = std::fabs(static_cast<double>(value));
  if (std::isinf(magnitude)) return sign | 0x7c00;
  if (magnitude < std::ldexp(1.0, -14)) {
    return sign | static_cast<uint16_t>(magnitude * std::ldexp(1.0, 24));
  }
  int exponent;
  const double fraction = std::frexp(magnitude, &exponent);  // In [0.5, 1).
  return sign | static_cast<uint16_t>((exponent + 14) << 10) |
         static_cast<uint16_t>(fraction * 2048 - 1024);
}

// Builds DEQUANTIZE of one tensor; `constant` holds the input's bytes if the
// input is a constant (the interpreter then folds the node).
struct DequantizeModel {
  DataType type;
  std::vector<int32_t> shape;
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int axis = 0;
  DataType output_type = DataType::kFloat32;
};

std::vector<uint8_t> BuildDequantize(const DequantizeModel& spec,
                                     const std::vector<uint8_t>* constant) {
  ModelBuilder builder;
  const int in = constant != nullptr ? builder.AddConstantBytes(
                                           spec.type, spec.shape, *constant)
                                     : builder.AddTensor(spec.type, spec.shape);
  if (!spec.scales.empty()) {
    builder.SetQuantization(in, spec.scales, spec.zero_points, spec.axis);
  }
  const int out = builder.AddTensor(spec.output_type, {});
  return FinishSingleOpModel(builder, schema::BuiltinOperator_DEQUANTIZE, {in},
                             {out},
                             constant == nullptr ? std::vector<int>{in}
                                                 : std::vector<int>{});
}

template <typename T>
std::vector<float> RunDequantize(const DequantizeModel& spec,
                                 const std::vector<T>& input, bool constant) {
  std::vector<uint8_t> bytes(input.size() * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), input.data(), bytes.size());
  std::vector<std::vector<T>> inputs;
  if (!constant) inputs.push_back(input);
  std::vector<float> output;
  RunModel(BuildDequantize(spec, constant ? &bytes : nullptr), inputs,
           spec.shape, &output);
  return output;
}

TEST(DequantizeFloat16Test, EveryHalfValue) {
  std::vector<uint16_t> halves(65536);
  for (size_t i = 0; i < halves.size(); ++i) {
    halves[i] = static_cast<uint16_t>(i);
  }
  const std::vector<float> floats = RunDequantize(
      {DataType::kFloat16, {65536}, {}, {}}, halves, /*constant=*/false);
  ASSERT_EQ(floats.size(), halves.size());
  for (size_t i = 0; i < halves.size(); ++i) {
    const float expected = NaiveHalfValue(halves[i]);
    if (std::isnan(expected)) {
      EXPECT_TRUE(std::isnan(floats[i])) << "half 0x" << std::hex << i;
      EXPECT_EQ(std::signbit(floats[i]), std::signbit(expected));
      continue;
    }
    // Bitwise, so that -0 and +0 differ.
    EXPECT_EQ(Bits(floats[i]), Bits(expected)) << "half 0x" << std::hex << i;
    EXPECT_EQ(NaiveHalfEncoding(floats[i]), halves[i])
        << "half 0x" << std::hex << i << " does not round-trip";
  }
}

// Constant FLOAT16 weights: the interpreter folds the node at prepare.
TEST(DequantizeFloat16Test, FoldedSpecialValues) {
  const std::vector<uint16_t> halves = {
      0x0000, 0x8000,  // +0, -0
      0x0001, 0x8001,  // Smallest subnormals.
      0x03ff, 0x0400,  // Largest subnormal, smallest normal.
      0x3c00, 0xc000,  // 1, -2
      0x7bff, 0xfbff,  // +-65504
      0x7c00, 0xfc00,  // +-infinity
  };
  const std::vector<float> floats = RunDequantize(
      {DataType::kFloat16, {2, 6}, {}, {}}, halves, /*constant=*/true);
  EXPECT_THAT(floats,
              ::testing::ElementsAre(
                  0.0f, -0.0f, std::ldexp(1.0f, -24), -std::ldexp(1.0f, -24),
                  std::ldexp(1023.0f, -24), std::ldexp(1.0f, -14), 1.0f, -2.0f,
                  65504.0f, -65504.0f, std::numeric_limits<float>::infinity(),
                  -std::numeric_limits<float>::infinity()));
  EXPECT_TRUE(std::signbit(floats[1]));
}

TEST(DequantizeFloat16Test, NaNs) {
  const std::vector<float> floats =
      RunDequantize({DataType::kFloat16, {3}, {}, {}},
                    std::vector<uint16_t>{0x7e00, 0x7c01, 0xffff}, false);
  ASSERT_EQ(floats.size(), 3u);
  for (float value : floats) EXPECT_TRUE(std::isnan(value));
}

template <typename T>
std::vector<T> RandomQuantized(int64_t n, std::mt19937& rng) {
  std::uniform_int_distribution<int32_t> dist(std::numeric_limits<T>::min(),
                                              std::numeric_limits<T>::max());
  std::vector<T> values(n);
  for (T& v : values) v = static_cast<T>(dist(rng));
  return values;
}

// TFLite's per-tensor formula: double product, one rounding to float.
template <typename T>
std::vector<float> NaivePerTensor(const std::vector<T>& q, float scale,
                                  int64_t zero_point) {
  std::vector<float> out(q.size());
  for (size_t i = 0; i < q.size(); ++i) {
    out[i] = static_cast<float>(static_cast<double>(scale) *
                                static_cast<double>(q[i] - zero_point));
  }
  return out;
}

// TFLite's per-axis formula: float product.
template <typename T>
std::vector<float> NaivePerAxis(const std::vector<T>& q,
                                const std::vector<int32_t>& shape, int axis,
                                const std::vector<float>& scales,
                                const std::vector<int64_t>& zero_points) {
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
  std::vector<float> out(q.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int32_t c = 0; c < shape[axis]; ++c) {
      for (int64_t k = 0; k < inner; ++k) {
        const int64_t i = (o * shape[axis] + c) * inner + k;
        out[i] = scales[c] * static_cast<float>(q[i] - zero_points[c]);
      }
    }
  }
  return out;
}

using QuantizedParam = std::tuple<DataType, std::vector<int32_t>>;

class DequantizeQuantizedTest
    : public ::testing::TestWithParam<QuantizedParam> {
 protected:
  template <typename T>
  void CheckPerTensor() {
    const auto& [type, shape] = GetParam();
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> scale_dist(1e-4f, 0.5f);
    const float scale = scale_dist(rng);
    const int64_t zero_point = RandomQuantized<T>(1, rng)[0];
    const std::vector<T> q = RandomQuantized<T>(ElementCount(shape), rng);
    for (bool constant : {false, true}) {
      EXPECT_EQ(
          RunDequantize({type, shape, {scale}, {zero_point}}, q, constant),
          NaivePerTensor(q, scale, zero_point))
          << (constant ? "folded" : "at run time");
    }
  }

  template <typename T>
  void CheckPerAxis() {
    const auto& [type, shape] = GetParam();
    std::mt19937 rng(7);
    const std::vector<T> q = RandomQuantized<T>(ElementCount(shape), rng);
    for (int axis = 0; axis < static_cast<int>(shape.size()); ++axis) {
      if (shape[axis] < 2) continue;  // One scale is per-tensor.
      const std::vector<float> scales =
          RandomVector(rng, shape[axis], 1e-4f, 0.5f);
      const std::vector<T> zero_point_values =
          RandomQuantized<T>(shape[axis], rng);
      const std::vector<int64_t> zero_points(zero_point_values.begin(),
                                             zero_point_values.end());
      EXPECT_EQ(RunDequantize({type, shape, scales, zero_points, axis}, q,
                              /*constant=*/false),
                NaivePerAxis(q, shape, axis, scales, zero_points))
          << "axis " << axis;
    }
  }

  template <typename Check>
  void ForType(Check check) {
    switch (std::get<0>(GetParam())) {
      case DataType::kInt8:
        check(int8_t{});
        break;
      case DataType::kUInt8:
        check(uint8_t{});
        break;
      default:
        check(int16_t{});
        break;
    }
  }
};

TEST_P(DequantizeQuantizedTest, PerTensorMatchesTfliteFormula) {
  ForType([this](auto tag) { CheckPerTensor<decltype(tag)>(); });
}

TEST_P(DequantizeQuantizedTest, PerAxisMatchesTfliteFormula) {
  ForType([this](auto tag) { CheckPerAxis<decltype(tag)>(); });
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, DequantizeQuantizedTest,
    ::testing::Combine(
        ::testing::Values(DataType::kInt8, DataType::kUInt8, DataType::kInt16),
        ::testing::Values(std::vector<int32_t>{1}, std::vector<int32_t>{13},
                          std::vector<int32_t>{3, 13},
                          std::vector<int32_t>{2, 3, 1, 13},
                          std::vector<int32_t>{4, 1, 3})));

struct DequantizeErrorCase {
  std::string name;
  std::vector<int> inputs;  // Tensor 0 is the input, 1 the output.
  DequantizeModel model;
  std::string message;
};

class DequantizeErrorTest
    : public ::testing::TestWithParam<DequantizeErrorCase> {};

TEST_P(DequantizeErrorTest, PrepareFails) {
  const DequantizeErrorCase& c = GetParam();
  ModelBuilder builder;
  const int in = builder.AddTensor(c.model.type, c.model.shape);
  if (!c.model.scales.empty()) {
    builder.SetQuantization(in, c.model.scales, c.model.zero_points);
  }
  const int out = builder.AddTensor(c.model.output_type, {});
  ExpectBuildFails(FinishSingleOpModel(builder,
                                       schema::BuiltinOperator_DEQUANTIZE,
                                       c.inputs, {out}, {in}),
                   c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DequantizeErrorTest,
    ::testing::Values(
        DequantizeErrorCase{"Int32Input",
                            {0},
                            {DataType::kInt32, {3}, {0.5f}, {0}},
                            "node 0 (DEQUANTIZE): input 0 (tensor 0) has type "
                            "INT32; expected FLOAT16, INT8, UINT8 or INT16"},
        DequantizeErrorCase{
            "Float16Output",
            {0},
            {DataType::kFloat16, {3}, {}, {}, 0, DataType::kFloat16},
            "output 0 (tensor 1) has type FLOAT16; expected FLOAT32"},
        DequantizeErrorCase{
            "MissingQuantization",
            {0},
            {DataType::kInt8, {3}, {}, {}},
            "input 0 (tensor 0) has type INT8 but no quantization parameters"},
        DequantizeErrorCase{
            "ZeroPointOutsideUint8",
            {0},
            {DataType::kUInt8, {3}, {0.5f}, {int64_t{1} << 40}},
            "tensor 0: zero_point 0 is 1099511627776, outside [0, 255] for "
            "UINT8"},
        DequantizeErrorCase{"TwoInputs",
                            {0, 0},
                            {DataType::kInt8, {3}, {0.5f}, {0}},
                            "has 2 inputs; expected 1"}),
    CaseName());

}  // namespace
}  // namespace testing
}  // namespace liten
