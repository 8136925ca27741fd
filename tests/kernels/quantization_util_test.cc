// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The shared fixed-point arithmetic against hand-computed values, and against
// naive definitions in wide integers: rounding ties, saturation, and the
// extreme shifts.
#include "kernels/quantization_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace liten {
namespace {

constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();

// n / 2^exponent rounded to nearest, ties away from zero, for n of either
// sign: the definition both roundings below are written against.
int64_t NaiveRoundShift(__int128 n, int exponent) {
  const __int128 magnitude = n < 0 ? -n : n;
  const __int128 half = exponent > 0 ? (__int128{1} << (exponent - 1)) : 0;
  const __int128 rounded = (magnitude + half) >> exponent;
  return static_cast<int64_t>(n < 0 ? -rounded : rounded);
}

// 2 * a * b / 2^32 rounded to nearest with ties upward (toward +infinity),
// saturated to int32: gemmlowp rounds a negative tie toward zero.
int32_t NaiveDoublingHighMul(int32_t a, int32_t b) {
  const __int128 r = (__int128{a} * b + (__int128{1} << 30)) >> 31;
  return static_cast<int32_t>(std::min<__int128>(r, kMax));
}

TEST(QuantizeMultiplierTest, HandComputedValues) {
  struct Case {
    double real;
    int32_t multiplier;
    int shift;
  };
  for (const Case& c : {
           Case{0.5, 1 << 30, 0},
           Case{1.0, 1 << 30, 1},
           Case{0.25, 1 << 30, -1},
           Case{0.75, 1610612736, 0},  // 0.75 * 2^31.
           Case{3.0, 1610612736, 2},
           Case{-0.5, -(1 << 30), 0},
           Case{0.0, 0, 0},
           // 1 - 2^-33: the mantissa rounds up to 2^31, which is halved.
           Case{1.0 - std::ldexp(1.0, -33), 1 << 30, 1},
           // 2^-32 = 0.5 * 2^-31 is the smallest shift kept; 2^-33 would
           // need a right shift of 32 and is flushed to zero.
           Case{std::ldexp(1.0, -32), 1 << 30, -31},
           Case{std::ldexp(1.0, -33), 0, 0},
           // A tie in the 32nd bit rounds away from zero: (2^31 + 1) / 2^32.
           Case{(std::ldexp(1.0, 31) + 1) / std::ldexp(1.0, 32), 1073741825,
                0},
       }) {
    const QuantizedMultiplier q = QuantizeMultiplier(c.real);
    EXPECT_EQ(q.multiplier, c.multiplier) << c.real;
    EXPECT_EQ(q.shift, c.shift) << c.real;
  }
}

TEST(QuantizeMultiplierTest, RepresentsTheRealToWithinHalfAnUlp) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> exponent(-30.0, 30.0);
  for (int i = 0; i < 10000; ++i) {
    const double real = std::exp2(exponent(rng));
    const QuantizedMultiplier q = QuantizeMultiplier(real);
    ASSERT_GE(q.multiplier, 1 << 30) << real;
    const double represented = std::ldexp(q.multiplier, q.shift - 31);
    EXPECT_LE(std::fabs(represented - real),
              std::ldexp(0.5, q.shift - 31) * (1 + 1e-12))
        << real;
  }
}

TEST(SaturatingRoundingDoublingHighMulTest, EdgeCases) {
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMin, kMin), kMax);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMin, kMax), -kMax);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMax, kMax), kMax - 1);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(0, kMin), 0);
  // 2 * 2^15 * 2^15 / 2^32 = 0.5: ties round up, so +0.5 -> 1 but
  // -0.5 -> 0.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(1 << 15, 1 << 15), 1);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-(1 << 15), 1 << 15), 0);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-3 * (1 << 15), 1 << 15), -1);
  // Just below the tie rounds down in magnitude.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul((1 << 15) - 1, 1 << 15), 0);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-((1 << 15) - 1), 1 << 15), 0);
  // Multiplying by 2^30 (0.5 in Q0.31) halves, rounding ties up.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(3, 1 << 30), 2);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-3, 1 << 30), -1);
}

TEST(SaturatingRoundingDoublingHighMulTest, MatchesWideDefinition) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  std::uniform_int_distribution<int32_t> small(-70000, 70000);
  for (int i = 0; i < 200000; ++i) {
    const int32_t a = i % 2 ? any(rng) : small(rng);
    const int32_t b = any(rng);
    ASSERT_EQ(SaturatingRoundingDoublingHighMul(a, b),
              NaiveDoublingHighMul(a, b))
        << a << " * " << b;
  }
}

TEST(RoundingDivideByPOTTest, TiesAndExtremeExponents) {
  EXPECT_EQ(RoundingDivideByPOT(12345, 0), 12345);
  EXPECT_EQ(RoundingDivideByPOT(kMin, 0), kMin);
  EXPECT_EQ(RoundingDivideByPOT(1, 1), 1);     // 0.5
  EXPECT_EQ(RoundingDivideByPOT(-1, 1), -1);   // -0.5
  EXPECT_EQ(RoundingDivideByPOT(3, 1), 2);     // 1.5
  EXPECT_EQ(RoundingDivideByPOT(-3, 1), -2);   // -1.5
  EXPECT_EQ(RoundingDivideByPOT(5, 2), 1);     // 1.25
  EXPECT_EQ(RoundingDivideByPOT(-5, 2), -1);   // -1.25
  EXPECT_EQ(RoundingDivideByPOT(6, 2), 2);     // 1.5
  EXPECT_EQ(RoundingDivideByPOT(-6, 2), -2);   // -1.5
  EXPECT_EQ(RoundingDivideByPOT(kMax, 31), 1);   // 1 - 2^-31
  EXPECT_EQ(RoundingDivideByPOT(kMin, 31), -1);  // -1
  EXPECT_EQ(RoundingDivideByPOT(1 << 30, 31), 1);     // 0.5
  EXPECT_EQ(RoundingDivideByPOT(-(1 << 30), 31), -1);  // -0.5
  EXPECT_EQ(RoundingDivideByPOT((1 << 30) - 1, 31), 0);
}

TEST(RoundingDivideByPOTTest, MatchesWideDefinition) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  for (int exponent = 0; exponent <= 31; ++exponent) {
    for (int i = 0; i < 5000; ++i) {
      const int32_t x = any(rng);
      ASSERT_EQ(RoundingDivideByPOT(x, exponent), NaiveRoundShift(x, exponent))
          << x << " / 2^" << exponent;
    }
  }
}

// x * multiplier * 2^(shift - 31) with TFLite's two roundings: the doubling
// high multiply of x * 2^left (wrapped to int32), then the division by
// 2^right, both written in wide integers.
int32_t NaiveMultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier,
                                           int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  const int32_t shifted =
      static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  return static_cast<int32_t>(
      NaiveRoundShift(NaiveDoublingHighMul(shifted, multiplier), right));
}

TEST(MultiplyByQuantizedMultiplierTest, HandComputedValues) {
  // 0.5 * 2^0: 7 * 0.5 = 3.5 rounds to 4; -3.5 to -3 (the high multiply
  // rounds ties up).
  EXPECT_EQ(MultiplyByQuantizedMultiplier(7, 1 << 30, 0), 4);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-7, 1 << 30, 0), -3);
  // Double rounding: the high multiply rounds, then the shift rounds
  // again. 0.5 * 2^-1 = 0.25: 6 * 0.5 = 3, 3 / 2 = 1.5 -> 2 (exact 1.5 -> 2),
  // but 5 * 0.5 = 2.5 -> 3, 3 / 2 = 1.5 -> 2, where 5 * 0.25 = 1.25 -> 1;
  // -5 * 0.5 = -2.5 -> -2, then -2 / 2 = -1 (the shift rounds ties away).
  EXPECT_EQ(MultiplyByQuantizedMultiplier(6, 1 << 30, -1), 2);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(5, 1 << 30, -1), 2);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-5, 1 << 30, -1), -1);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-6, 1 << 30, -1), -2);
  // 0.75 * 2^-1 = 0.375: 1 * 0.75 -> 1, 1 / 2 = 0.5 -> 1 (exact 0 after
  // rounding 0.375); 3 * 0.75 = 2.25 -> 2, 2 / 2 = 1 (exact 1.125 -> 1).
  EXPECT_EQ(MultiplyByQuantizedMultiplier(1, 1610612736, -1), 1);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(3, 1610612736, -1), 1);
  // 8 * 0.75 = 6, 6 / 4 = 1.5 -> 2.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(8, 1610612736, -2), 2);
  // Shift 31 (a real multiplier near 2^30) wraps x << 31 like TFLite's
  // int32 multiply: an odd x becomes INT32_MIN, an even one 0.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(3, 1 << 30, 31), kMin / 2);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(2, 1 << 30, 31), 0);
  // Shift -31: 2^29 * 0.5 / 2^31 = 0.125 -> 0; the saturated
  // INT32_MIN * INT32_MIN / 2^31 and (2^31 - 2) / 2^31 round to 1.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(1 << 29, 1 << 30, -31), 0);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(kMin, kMin, -31), 1);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(kMax, kMax, -31), 1);
  // Multiplier 2^30 with shift 1 is the real 1.0: the identity.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-123456, 1 << 30, 1), -123456);
}

TEST(MultiplyByQuantizedMultiplierTest, MatchesWideDefinition) {
  std::mt19937 rng(17);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  std::uniform_int_distribution<int32_t> small(-70000, 70000);
  std::uniform_int_distribution<int> shifts(-31, kMaxMultiplierShift);
  for (int i = 0; i < 200000; ++i) {
    const int32_t x = i % 2 ? any(rng) : small(rng);
    const int32_t multiplier = any(rng);
    const int shift = shifts(rng);
    ASSERT_EQ(MultiplyByQuantizedMultiplier(x, multiplier, shift),
              NaiveMultiplyByQuantizedMultiplier(x, multiplier, shift))
        << x << " " << multiplier << " " << shift;
  }
}

TEST(MultiplyByQuantizedMultiplierTest, CloseToTheRealProduct) {
  std::mt19937 rng(23);
  std::uniform_real_distribution<double> exponent(-20.0, 8.0);
  std::uniform_int_distribution<int32_t> values(-65536, 65535);
  for (int i = 0; i < 100000; ++i) {
    const double real = std::exp2(exponent(rng));
    const int32_t x = values(rng);
    const double exact = x * real;
    if (std::fabs(exact) > 1e9) continue;
    const int32_t got =
        MultiplyByQuantizedMultiplier(x, QuantizeMultiplier(real));
    // Two roundings and a 31-bit multiplier: within one of the exact value.
    ASSERT_LE(std::fabs(got - exact), 1.0) << x << " * " << real;
  }
}

// ruy's x86 requantization in wide integers: the doubling high multiply of
// x * 2^left (wrapped to int32), then n / 2^right rounded to nearest with
// ties toward +infinity.
int32_t NaiveRuyMultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier,
                                              int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  const int32_t shifted =
      static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  const __int128 high = NaiveDoublingHighMul(shifted, multiplier);
  const __int128 half = right > 0 ? (__int128{1} << (right - 1)) : 0;
  return static_cast<int32_t>((high + half) >> right);
}

TEST(RuyMultiplyByQuantizedMultiplierTest, HandComputedValues) {
  // 0.5 * 2^-1 = 0.25: 6 * 0.5 = 3, 3 / 2 = 1.5 -> 2 as in TFLite's
  // rounding, but -6 * 0.5 = -3, -3 / 2 = -1.5 -> -1 where TFLite gives -2.
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(6, 1 << 30, -1), 2);
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(-6, 1 << 30, -1), -1);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-6, 1 << 30, -1), -2);
  // The high multiply rounds ties up in both: -5 * 0.5 = -2.5 -> -2, then
  // -2 / 2 = -1 exactly.
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(-5, 1 << 30, -1), -1);
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(-7, 1 << 30, 0), -3);
  // 0.75 * 2^-1 = 0.375: -11 * 0.375 = -4.125 -> -8 / 2 = -4 either way, but
  // -10 * 0.375 = -3.75 goes through -7.5 -> -7 and the tie -3.5, which
  // rounds up to -3 here and away to -4 in TFLite's.
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(-11, 1610612736, -1), -4);
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(-10, 1610612736, -1), -3);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-10, 1610612736, -1), -4);
  // Shift -31: -2^30 / 2^31 = -0.5 rounds up to 0 (TFLite: -1); the largest
  // products round to 1 and -1.
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(kMin, 1 << 30, -31), 0);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(kMin, 1 << 30, -31), -1);
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(kMax, kMax, -31), 1);
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(kMin, kMax, -31), -1);
  // A left shift wraps like TFLite's: 3 << 31 is INT32_MIN.
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(3, 1 << 30, 31), kMin / 2);
  EXPECT_EQ(RuyMultiplyByQuantizedMultiplier(-123456, 1 << 30, 1), -123456);
}

TEST(RuyMultiplyByQuantizedMultiplierTest, MatchesWideDefinition) {
  std::mt19937 rng(19);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  std::uniform_int_distribution<int32_t> small(-70000, 70000);
  std::uniform_int_distribution<int32_t> multipliers(0, kMax);
  std::uniform_int_distribution<int> shifts(-31, kMaxMultiplierShift);
  for (int i = 0; i < 200000; ++i) {
    const int32_t x = i % 2 ? any(rng) : small(rng);
    const int32_t multiplier = multipliers(rng);
    const int shift = shifts(rng);
    ASSERT_EQ(RuyMultiplyByQuantizedMultiplier(x, multiplier, shift),
              NaiveRuyMultiplyByQuantizedMultiplier(x, multiplier, shift))
        << x << " " << multiplier << " " << shift;
  }
}

// The two requantizations differ exactly where the right shift meets a
// negative tie, and there by one.
TEST(RuyMultiplyByQuantizedMultiplierTest, DiffersFromTfLiteOnNegativeTies) {
  std::mt19937 rng(29);
  std::uniform_int_distribution<int32_t> values(-(1 << 20), 1 << 20);
  std::uniform_int_distribution<int> shifts(-12, 0);
  int ties = 0;
  for (int i = 0; i < 100000; ++i) {
    const int32_t x = values(rng);
    const int shift = shifts(rng);
    // A power-of-two multiplier makes ties common.
    const int32_t high = SaturatingRoundingDoublingHighMul(x, 1 << 30);
    const bool negative_tie =
        shift < 0 && high < 0 &&
        (high & ((1 << -shift) - 1)) == (1 << (-shift - 1));
    const int32_t ruy = RuyMultiplyByQuantizedMultiplier(x, 1 << 30, shift);
    const int32_t tflite = MultiplyByQuantizedMultiplier(x, 1 << 30, shift);
    ASSERT_EQ(ruy, negative_tie ? tflite + 1 : tflite) << x << " " << shift;
    ties += negative_tie;
  }
  EXPECT_GT(ties, 1000);
}

TEST(LegacyQuantizationTest, OnlyPerTensorParametersShow) {
  Tensor tensor;
  tensor.quantization.scales = {0.25f};
  tensor.quantization.zero_points = {-3};
  EXPECT_EQ(LegacyQuantization(tensor).scale, 0.25f);
  EXPECT_EQ(LegacyQuantization(tensor).zero_point, -3);
  tensor.quantization.scales = {0.25f, 0.5f};
  tensor.quantization.zero_points = {-3, 4};
  EXPECT_EQ(LegacyQuantization(tensor).scale, 0.0f);
  EXPECT_EQ(LegacyQuantization(tensor).zero_point, 0);
  tensor.quantization = QuantizationInfo();
  EXPECT_EQ(LegacyQuantization(tensor).scale, 0.0f);
}

TEST(TruncateToInt32Test, FollowsX86Conversion) {
  EXPECT_EQ(TruncateToInt32(2.9), 2);
  EXPECT_EQ(TruncateToInt32(-2.9), -2);
  EXPECT_EQ(TruncateToInt32(2147483647.9), kMax);
  EXPECT_EQ(TruncateToInt32(-2147483648.9), kMin);
  EXPECT_EQ(TruncateToInt32(2147483648.0), kMin);
  EXPECT_EQ(TruncateToInt32(-2147483649.0), kMin);
  EXPECT_EQ(TruncateToInt32(std::numeric_limits<double>::infinity()), kMin);
  EXPECT_EQ(TruncateToInt32(-std::numeric_limits<double>::infinity()), kMin);
  EXPECT_EQ(TruncateToInt32(std::numeric_limits<double>::quiet_NaN()), kMin);
}

TEST(WrappingArithmeticTest, WrapsAround) {
  EXPECT_EQ(WrappingAdd(kMax, 1), kMin);
  EXPECT_EQ(WrappingAdd(kMin, -5), kMax - 4);
  EXPECT_EQ(WrappingSub(kMin, 1), kMax);
  EXPECT_EQ(WrappingSub(3, 5), -2);
}

TEST(QuantizedTypeRangeTest, Ranges) {
  int32_t min = 0, max = 0;
  ASSERT_TRUE(QuantizedTypeRange(DataType::kUInt8, &min, &max));
  EXPECT_EQ(min, 0);
  EXPECT_EQ(max, 255);
  ASSERT_TRUE(QuantizedTypeRange(DataType::kInt8, &min, &max));
  EXPECT_EQ(min, -128);
  EXPECT_EQ(max, 127);
  ASSERT_TRUE(QuantizedTypeRange(DataType::kInt16, &min, &max));
  EXPECT_EQ(min, -32768);
  EXPECT_EQ(max, 32767);
  EXPECT_FALSE(QuantizedTypeRange(DataType::kFloat32, &min, &max));
}

// A node context to call the activation-range helper with.
class ActivationRangeTest : public ::testing::Test {
 protected:
  ActivationRangeTest() : context_(&node_, &tensors_, environment_) {
    node_.op_name = "CONV_2D";
  }

  Status Range(schema::ActivationFunctionType activation, DataType type,
               float scale, int32_t zero_point) {
    return CalculateActivationRangeQuantized(context_, activation, type,
                                             {scale, zero_point}, &min_, &max_);
  }

  Node node_;
  std::vector<Tensor> tensors_;
  ExecutionEnvironment environment_;
  NodeContext context_;
  int32_t min_ = 0;
  int32_t max_ = 0;
};

TEST_F(ActivationRangeTest, QuantizesTheBoundsAndClampsToTheType) {
  ASSERT_TRUE(Range(schema::ActivationFunctionType_NONE, DataType::kInt8, 0.1f,
                    3)
                  .ok());
  EXPECT_EQ(min_, -128);
  EXPECT_EQ(max_, 127);
  ASSERT_TRUE(Range(schema::ActivationFunctionType_RELU, DataType::kUInt8,
                    0.1f, 3)
                  .ok());
  EXPECT_EQ(min_, 3);
  EXPECT_EQ(max_, 255);
  // 6 / 0.1f rounds to 60 (float 59.999996...), plus the zero point.
  ASSERT_TRUE(Range(schema::ActivationFunctionType_RELU6, DataType::kInt8,
                    0.1f, -100)
                  .ok());
  EXPECT_EQ(min_, -100);
  EXPECT_EQ(max_, -40);
  // The bounds clamp to the type: 6 / 0.01 = 600 is past int8's 127.
  ASSERT_TRUE(Range(schema::ActivationFunctionType_RELU6, DataType::kInt8,
                    0.01f, 0)
                  .ok());
  EXPECT_EQ(max_, 127);
  // +-1 / 0.4 = +-2.5 rounds away from zero to +-3.
  ASSERT_TRUE(Range(schema::ActivationFunctionType_RELU_N1_TO_1,
                    DataType::kInt16, 0.4f, 10)
                  .ok());
  EXPECT_EQ(min_, 7);
  EXPECT_EQ(max_, 13);
}

TEST_F(ActivationRangeTest, BoundBeyondInt32Fails) {
  const Status status = Range(schema::ActivationFunctionType_RELU6,
                              DataType::kInt8, 1e-12f, 0);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              ::testing::HasSubstr("node 0 (CONV_2D): the fused activation "
                                   "bound 6 does not fit int32"));
}

TEST(SoftmaxLookupTableTest, HoldsExpOfTheDistanceBelowTheMaximum) {
  float table[256];
  PopulateSoftmaxLookupTable(0.125f, 2.0f, table);
  EXPECT_EQ(table[255], 1.0f);
  for (int d = 0; d <= 255; ++d) {
    EXPECT_NEAR(table[255 - d], std::exp(-0.25 * d), 1e-6 * std::exp(-0.25 * d))
        << d;
  }
}

}  // namespace
}  // namespace liten
