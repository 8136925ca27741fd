// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// QUANTIZE through the loader and interpreter, against TFLite's formulas
// written out per element: FLOAT32 to UINT8/INT8/INT16 per tensor (double
// division) and per channel (float division), and requantization with
// TFLite's doubly rounded fixed-point multiplier, written in wide integers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

struct QuantizeSpec {
  DataType input_type = DataType::kFloat32;
  std::vector<float> input_scales;  // Empty: no quantization.
  std::vector<int64_t> input_zero_points;
  DataType output_type = DataType::kInt8;
  std::vector<float> output_scales;
  std::vector<int64_t> output_zero_points;
  int axis = 0;
  std::vector<int32_t> shape = {2, 3};
  std::vector<int32_t> output_shape;  // Empty: `shape`.
};

std::vector<uint8_t> BuildQuantize(const QuantizeSpec& spec) {
  ModelBuilder builder;
  const int in = builder.AddTensor(spec.input_type, spec.shape);
  if (!spec.input_scales.empty()) {
    builder.SetQuantization(in, spec.input_scales, spec.input_zero_points);
  }
  const int out = builder.AddTensor(spec.output_type, spec.output_shape.empty()
                                                          ? spec.shape
                                                          : spec.output_shape);
  if (!spec.output_scales.empty()) {
    builder.SetQuantization(out, spec.output_scales, spec.output_zero_points,
                            spec.axis);
  }
  return FinishSingleOpModel(builder, schema::BuiltinOperator_QUANTIZE, {in},
                             {out}, {in});
}

template <typename Out, typename In>
std::vector<Out> RunQuantize(const QuantizeSpec& spec,
                             const std::vector<In>& input) {
  std::vector<Out> output;
  RunModel<Out, In>(BuildQuantize(spec), {input}, spec.shape, &output);
  return output;
}

template <typename T>
int64_t Clamp(int64_t x) {
  return std::min<int64_t>(std::max<int64_t>(x, std::numeric_limits<T>::min()),
                           std::numeric_limits<T>::max());
}

// TFLite's per-tensor quantization: x / scale in double, rounded half away
// from zero, plus the zero point, clamped.
template <typename T>
std::vector<T> NaivePerTensor(const std::vector<float>& x, float scale,
                              int64_t zero_point) {
  std::vector<T> q(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const double r = std::round(static_cast<double>(x[i]) / scale);
    q[i] = static_cast<T>(Clamp<T>(static_cast<int64_t>(r) + zero_point));
  }
  return q;
}

// Values around every tie of `scale` and well past the type's range.
std::vector<float> QuantizeInputs(std::mt19937& rng, size_t count,
                                  float scale) {
  std::vector<float> x =
      RandomVector(rng, count, -300.0f * scale, 300.0f * scale);
  for (size_t i = 0; i < x.size(); i += 3) {
    x[i] = (std::floor(x[i] / scale) + 0.5f) * scale;  // Near a tie.
  }
  return x;
}

class QuantizeFromFloatTest : public ::testing::TestWithParam<DataType> {
 protected:
  template <typename T>
  void CheckPerTensor() {
    std::mt19937 rng(1);
    const std::vector<int32_t> shape = {3, 5, 7};
    for (float scale : {0.37f, 0.1f, 0.0123f, 1.0f}) {
      for (int64_t zero_point :
           {int64_t{0}, int64_t{std::numeric_limits<T>::min() / 2 + 3},
            int64_t{std::numeric_limits<T>::max() / 3}}) {
        const std::vector<float> x = QuantizeInputs(rng, 105, scale);
        QuantizeSpec spec;
        spec.output_type = GetParam();
        spec.output_scales = {scale};
        spec.output_zero_points = {zero_point};
        spec.shape = shape;
        EXPECT_EQ(RunQuantize<T>(spec, x),
                  NaivePerTensor<T>(x, scale, zero_point))
            << "scale " << scale << " zero point " << zero_point;
      }
    }
  }

  // TFLite's PerChannelQuantize divides in float.
  template <typename T>
  void CheckPerChannel() {
    std::mt19937 rng(2);
    const std::vector<int32_t> shape = {2, 3, 4};
    for (int axis = 0; axis < 3; ++axis) {
      const int channels = shape[axis];
      std::vector<float> scales = RandomVector(rng, channels, 0.01f, 0.5f);
      std::vector<int64_t> zero_points(channels);
      for (int c = 0; c < channels; ++c) {
        zero_points[c] = std::numeric_limits<T>::min() / 4 + 7 * c;
      }
      const std::vector<float> x = RandomVector(rng, 24, -40.0f, 40.0f);
      std::vector<T> expected(x.size());
      int inner = 1;
      for (int d = axis + 1; d < 3; ++d) inner *= shape[d];
      for (size_t i = 0; i < x.size(); ++i) {
        const int c = static_cast<int>(i / inner) % channels;
        const float r = std::round(x[i] / scales[c]);
        expected[i] =
            static_cast<T>(Clamp<T>(static_cast<int64_t>(r) + zero_points[c]));
      }
      QuantizeSpec spec;
      spec.output_type = GetParam();
      spec.output_scales = scales;
      spec.output_zero_points = zero_points;
      spec.axis = axis;
      spec.shape = shape;
      EXPECT_EQ(RunQuantize<T>(spec, x), expected) << "axis " << axis;
    }
  }

  template <typename Check>
  void ForType(Check check) {
    switch (GetParam()) {
      case DataType::kUInt8:
        check(uint8_t{});
        break;
      case DataType::kInt8:
        check(int8_t{});
        break;
      default:
        check(int16_t{});
        break;
    }
  }
};

TEST_P(QuantizeFromFloatTest, PerTensorRoundsHalfAwayAndSaturates) {
  ForType([this](auto tag) { CheckPerTensor<decltype(tag)>(); });
}

TEST_P(QuantizeFromFloatTest, PerChannel) {
  ForType([this](auto tag) { CheckPerChannel<decltype(tag)>(); });
}

INSTANTIATE_TEST_SUITE_P(Types, QuantizeFromFloatTest,
                         ::testing::Values(DataType::kUInt8, DataType::kInt8,
                                           DataType::kInt16));

TEST(QuantizeFromFloatTest, TiesRoundAwayFromZero) {
  QuantizeSpec spec;
  spec.output_scales = {0.5f};
  spec.output_zero_points = {1};
  spec.shape = {8};
  EXPECT_THAT(
      RunQuantize<int8_t>(spec, std::vector<float>{0.25f, -0.25f, 0.75f, -0.75f,
                                                   1.0f, -1.0f, 64.0f, -64.0f}),
      // 0.5 -> 1, -0.5 -> -1, 1.5 -> 2, -1.5 -> -2, 2, -2, 128, -128
      // plus 1, then clamped.
      ::testing::ElementsAre(2, 0, 3, -1, 3, -1, 127, -127));
}

// What TFLite 2.9.0 returns on x86-64 for values whose quotient is not an
// int32 (measured: its float-to-int conversion gives INT32_MIN, then the
// zero point is added with wraparound): a negative zero point wraps to the
// top of the range, any other to the bottom, whatever the sign of the input.
TEST(QuantizeFromFloatTest, NonFiniteAndHugeInputsMatchTfLite) {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> x = {inf,    -inf, std::nanf(""), 1e20f,
                                -1e20f, 3e9f, 2.5f,          -2.5f};
  QuantizeSpec spec;
  spec.output_scales = {1.0f};
  spec.shape = {8};
  spec.output_zero_points = {-5};
  EXPECT_THAT(RunQuantize<int8_t>(spec, x),
              ::testing::ElementsAre(127, 127, 127, 127, 127, 127, -2, -8));
  spec.output_zero_points = {5};
  EXPECT_THAT(RunQuantize<int8_t>(spec, x),
              ::testing::ElementsAre(-128, -128, -128, -128, -128, -128, 8, 2));
  spec.output_type = DataType::kUInt8;
  spec.output_zero_points = {128};
  EXPECT_THAT(RunQuantize<uint8_t>(spec, x),
              ::testing::ElementsAre(0, 0, 0, 0, 0, 0, 131, 125));
}

// TFLite's QuantizeMultiplier and doubly rounded multiply, in wide integers:
// frexp's mantissa rounded to 31 bits, x shifted left (wrapping) by a
// positive exponent, x * m / 2^31 rounded with ties up (gemmlowp's high
// multiply), then divided by 2^-exponent rounded with ties away from zero.
int64_t NaiveRequantize(int64_t centered, double real) {
  int exponent = 0;
  const double mantissa = std::frexp(real, &exponent);
  int64_t m = static_cast<int64_t>(std::round(std::ldexp(mantissa, 31)));
  if (m == (int64_t{1} << 31)) {
    m /= 2;
    ++exponent;
  }
  if (exponent < -31) return 0;
  const int left = std::max(exponent, 0);
  const int right = std::max(-exponent, 0);
  const int32_t shifted = static_cast<int32_t>(
      static_cast<uint32_t>(static_cast<int32_t>(centered)) << left);
  const __int128 high = (__int128{shifted} * m + (__int128{1} << 30)) >> 31;
  const __int128 magnitude = high < 0 ? -high : high;
  const __int128 half = right > 0 ? (__int128{1} << (right - 1)) : 0;
  const __int128 rounded = (magnitude + half) >> right;
  return static_cast<int64_t>(high < 0 ? -rounded : rounded);
}

struct RequantizeCase {
  std::string name;
  DataType input_type;
  float input_scale;
  int64_t input_zero_point;
  DataType output_type;
  float output_scale;
  int64_t output_zero_point;
};

template <typename T>
std::vector<T> AllValuesOrRandom(std::mt19937& rng) {
  std::vector<T> values;
  if (sizeof(T) == 1) {
    for (int v = std::numeric_limits<T>::min();
         v <= std::numeric_limits<T>::max(); ++v) {
      values.push_back(static_cast<T>(v));
    }
    return values;
  }
  std::uniform_int_distribution<int64_t> any(std::numeric_limits<T>::min(),
                                             std::numeric_limits<T>::max());
  for (int i = 0; i < 2000; ++i) values.push_back(static_cast<T>(any(rng)));
  values.push_back(std::numeric_limits<T>::min());
  values.push_back(std::numeric_limits<T>::max());
  return values;
}

class RequantizeTest : public ::testing::TestWithParam<RequantizeCase> {
 protected:
  template <typename In, typename Out>
  void Check() {
    const RequantizeCase& c = GetParam();
    std::mt19937 rng(9);
    const std::vector<In> input = AllValuesOrRandom<In>(rng);
    QuantizeSpec spec;
    spec.input_type = c.input_type;
    spec.input_scales = {c.input_scale};
    spec.input_zero_points = {c.input_zero_point};
    spec.output_type = c.output_type;
    spec.output_scales = {c.output_scale};
    spec.output_zero_points = {c.output_zero_point};
    spec.shape = {static_cast<int32_t>(input.size())};
    const double real = static_cast<double>(c.input_scale) / c.output_scale;
    std::vector<Out> expected(input.size());
    for (size_t i = 0; i < input.size(); ++i) {
      const int64_t centered = int64_t{input[i]} - c.input_zero_point;
      const int64_t scaled = NaiveRequantize(centered, real);
      expected[i] = static_cast<Out>(Clamp<Out>(scaled + c.output_zero_point));
      // The fixed-point result is within one step of the exact product.
      const double exact = centered * real + c.output_zero_point;
      if (exact > std::numeric_limits<Out>::min() &&
          exact < std::numeric_limits<Out>::max()) {
        ASSERT_LE(std::fabs(expected[i] - exact), 1.0) << input[i];
      }
    }
    EXPECT_EQ((RunQuantize<Out, In>(spec, input)), expected);
  }
};

TEST_P(RequantizeTest, MatchesDoublyRoundedFixedPoint) {
  const RequantizeCase& c = GetParam();
  const auto in = c.input_type, out = c.output_type;
  using D = DataType;
  if (in == D::kUInt8 && out == D::kUInt8) return Check<uint8_t, uint8_t>();
  if (in == D::kUInt8 && out == D::kInt8) return Check<uint8_t, int8_t>();
  if (in == D::kInt8 && out == D::kUInt8) return Check<int8_t, uint8_t>();
  if (in == D::kInt8 && out == D::kInt8) return Check<int8_t, int8_t>();
  if (in == D::kInt16 && out == D::kInt8) return Check<int16_t, int8_t>();
  if (in == D::kInt16 && out == D::kInt16) return Check<int16_t, int16_t>();
  if (in == D::kInt16 && out == D::kInt32) return Check<int16_t, int32_t>();
  if (in == D::kInt32 && out == D::kInt8) return Check<int32_t, int8_t>();
  FAIL() << "no check for this pair";
}

INSTANTIATE_TEST_SUITE_P(
    Pairs, RequantizeTest,
    ::testing::Values(
        RequantizeCase{"Uint8SameScale", DataType::kUInt8, 0.5f, 3,
                       DataType::kUInt8, 0.5f, 3},
        RequantizeCase{"Uint8Shrink", DataType::kUInt8, 0.1f, 128,
                       DataType::kUInt8, 0.37f, 100},
        RequantizeCase{"Uint8ToInt8Shift128", DataType::kUInt8, 0.02f, 128,
                       DataType::kInt8, 0.02f, 0},
        RequantizeCase{"Uint8ToInt8Grow", DataType::kUInt8, 0.3f, 7,
                       DataType::kInt8, 0.011f, -20},
        RequantizeCase{"Int8ToUint8", DataType::kInt8, 0.05f, -3,
                       DataType::kUInt8, 0.07f, 130},
        // 2^-2: multiplier 2^30, shift -1; every fourth input is a tie.
        RequantizeCase{"Int8QuarterTies", DataType::kInt8, 0.25f, 0,
                       DataType::kInt8, 1.0f, 0},
        RequantizeCase{"Int8HalfTies", DataType::kInt8, 0.5f, 1,
                       DataType::kInt8, 1.0f, -1},
        RequantizeCase{"Int16ToInt8", DataType::kInt16, 0.001f, 0,
                       DataType::kInt8, 0.2f, 4},
        RequantizeCase{"Int16ToInt16", DataType::kInt16, 0.0003f, 0,
                       DataType::kInt16, 0.0007f, 0},
        // Input scale 1000x the output's: products saturate at the ends.
        RequantizeCase{"Int16ToInt16Saturating", DataType::kInt16, 1.0f, 0,
                       DataType::kInt16, 0.001f, 0},
        RequantizeCase{"Int16ToInt32", DataType::kInt16, 0.5f, 9,
                       DataType::kInt32, 0.001f, -1000},
        RequantizeCase{"Int32ToInt8", DataType::kInt32, 0.001f, 12,
                       DataType::kInt8, 1.0f, -1}),
    CaseName());

struct QuantizeErrorCase {
  std::string name;
  QuantizeSpec spec;
  StatusCode code;
  std::string message;
};

class QuantizeErrorTest : public ::testing::TestWithParam<QuantizeErrorCase> {};

TEST_P(QuantizeErrorTest, PrepareFails) {
  ExpectBuildFails(BuildQuantize(GetParam().spec), GetParam().code,
                   GetParam().message);
}

QuantizeSpec Spec(DataType input, std::vector<float> input_scales,
                  DataType output, std::vector<float> output_scales,
                  std::vector<int64_t> output_zero_points = {0}) {
  QuantizeSpec spec;
  spec.input_type = input;
  spec.input_scales = input_scales;
  spec.input_zero_points.assign(input_scales.size(), 0);
  spec.output_type = output;
  spec.output_scales = output_scales;
  spec.output_zero_points = output_zero_points;
  return spec;
}

// FLOAT32 with one scale and 8-bit inputs quantize to 8 bits on liten's
// AVX2 kernel; per-channel scales and INT16 outputs stay on the reference
// kernel.
TEST(QuantizePathTest, EightBitOutputsTakeTheFastPath) {
  ExpectNodePath(
      BuildQuantize(Spec(DataType::kFloat32, {}, DataType::kInt8, {0.5f})),
      QuantizedFastPath());
  ExpectNodePath(
      BuildQuantize(Spec(DataType::kUInt8, {0.5f}, DataType::kInt8, {0.25f})),
      QuantizedFastPath());
  ExpectNodePath(
      BuildQuantize(Spec(DataType::kFloat32, {}, DataType::kInt16, {0.5f})),
      "reference");
  QuantizeSpec per_channel = Spec(DataType::kFloat32, {}, DataType::kInt8,
                                  {0.5f, 0.25f, 0.125f}, {0, 0, 0});
  per_channel.axis = 1;
  ExpectNodePath(BuildQuantize(per_channel), "reference");
}

QuantizeSpec PerChannelOutputOnOtherShape() {
  QuantizeSpec spec = Spec(DataType::kFloat32, {}, DataType::kInt8,
                           {0.5f, 0.5f, 0.5f}, {0, 0, 0});
  spec.axis = 1;
  spec.shape = {2, 4};
  spec.output_shape = {2, 3};
  return spec;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, QuantizeErrorTest,
    ::testing::Values(
        QuantizeErrorCase{
            "FloatToInt32",
            Spec(DataType::kFloat32, {}, DataType::kInt32, {0.5f}),
            StatusCode::kUnsupported,
            "node 0 (QUANTIZE): output 0 (tensor 1) has type INT32; a FLOAT32 "
            "input quantizes to UINT8, INT8 or INT16"},
        QuantizeErrorCase{
            "Int8ToInt16",
            Spec(DataType::kInt8, {0.5f}, DataType::kInt16, {0.5f}),
            StatusCode::kUnsupported,
            "cannot quantize input 0 (tensor 0, INT8) to output 0 (tensor 1, "
            "INT16)"},
        QuantizeErrorCase{
            "FloatToFloat",
            Spec(DataType::kFloat32, {}, DataType::kFloat32, {0.5f}),
            StatusCode::kUnsupported,
            "output 0 (tensor 1) has type FLOAT32; a FLOAT32 input quantizes"},
        QuantizeErrorCase{"OutputWithoutQuantization",
                          Spec(DataType::kFloat32, {}, DataType::kInt8, {}),
                          StatusCode::kInvalidModel,
                          "output 0 (tensor 1) has type INT8 but no "
                          "quantization parameters"},
        QuantizeErrorCase{"RequantizeInputWithoutQuantization",
                          Spec(DataType::kUInt8, {}, DataType::kInt8, {0.5f}),
                          StatusCode::kInvalidModel,
                          "input 0 (tensor 0) has type UINT8 but no "
                          "quantization parameters"},
        QuantizeErrorCase{
            "RequantizePerChannelOutput",
            [] {
              QuantizeSpec spec = Spec(DataType::kInt8, {0.5f}, DataType::kInt8,
                                       {0.5f, 0.25f}, {0, 0});
              spec.axis = 0;
              spec.shape = {2, 3};
              return spec;
            }(),
            StatusCode::kUnsupported,
            "output 0 (tensor 1) has 2 per-axis scales; this op takes one "
            "scale per tensor"},
        QuantizeErrorCase{
            "Int16ZeroPoint",
            Spec(DataType::kInt16, {0.5f}, DataType::kInt16, {0.5f}, {3}),
            StatusCode::kInvalidModel,
            "INT16 to INT16 requantization needs zero points of 0"},
        QuantizeErrorCase{
            "MultiplierTooLarge",
            Spec(DataType::kInt8, {1e6f}, DataType::kInt8, {1e-6f}),
            StatusCode::kInvalidModel,
            "too large for a fixed-point multiplier"},
        QuantizeErrorCase{"PerChannelAgainstTheInputShape",
                          PerChannelOutputOnOtherShape(),
                          StatusCode::kInvalidModel,
                          "output 0 (tensor 1) has 3 scales along axis 1, but "
                          "input 0 (tensor 0) has shape [2,4]"}),
    CaseName());

}  // namespace
}  // namespace testing
}  // namespace liten
