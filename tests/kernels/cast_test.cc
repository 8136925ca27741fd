// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CAST through the loader and interpreter, for every pair of FLOAT32, INT32,
// INT64, UINT8, INT8, INT16 and BOOL, against a naive conversion written in
// double precision: truncation toward zero, NaN and out-of-range floats to
// the most negative value of 32 bits (64 for INT64), integers reduced modulo
// 2^bits, non-zero to BOOL as 1 (subnormal floats as 0). The byte-exact
// comparison with TFLite is in tests/models/movement_ops_tflite_test.cc.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

// Every value below is exact in double.
struct Value {
  double number;
  bool is_nan;
};

// The value of element `i` of `bytes` read as `type`; BOOL as its byte.
Value Read(DataType type, const std::vector<uint8_t>& bytes, size_t i) {
  const uint8_t* p = bytes.data() + i * DataTypeSize(type);
  const auto load = [p](auto value) {
    std::memcpy(&value, p, sizeof(value));
    return value;
  };
  switch (type) {
    case DataType::kFloat32: {
      const float f = load(float{});
      return {std::isnan(f) ? 0.0 : static_cast<double>(f), std::isnan(f)};
    }
    case DataType::kInt32:
      return {static_cast<double>(load(int32_t{})), false};
    case DataType::kInt64:
      // The test's INT64 values are exact in double.
      return {static_cast<double>(load(int64_t{})), false};
    case DataType::kUInt8:
    case DataType::kBool:
      return {static_cast<double>(load(uint8_t{})), false};
    case DataType::kInt8:
      return {static_cast<double>(load(int8_t{})), false};
    default:
      return {static_cast<double>(load(int16_t{})), false};
  }
}

// `v` (an integer) reduced into [-2^(bits-1), 2^(bits-1)), or [0, 2^bits)
// when unsigned. The test's values all fit 64 bits, where double could not
// hold the sum of v and 2^64.
double Wrap(double v, int bits, bool is_signed) {
  if (bits == 64) return v;
  const double modulus = std::ldexp(1.0, bits);
  double r = std::fmod(v, modulus);
  if (r < 0) r += modulus;
  if (is_signed && r >= modulus / 2) r -= modulus;
  return r;
}

// The naive conversion of `from`-typed `in` to `to`, as the bytes of one
// `to` element.
std::vector<uint8_t> NaiveCast(DataType from, Value in, DataType to) {
  double out = 0;
  if (to == DataType::kFloat32) {
    const float f = in.is_nan ? std::nanf("") : static_cast<float>(in.number);
    std::vector<uint8_t> bytes(4);
    std::memcpy(bytes.data(), &f, 4);
    return bytes;
  }
  if (to == DataType::kBool) {
    // Subnormal floats count as zero, as in TFLite's x86-64 kernels.
    const bool zero = std::fabs(in.number) < 0x1p-126;
    out = from == DataType::kBool ? in.number : (in.is_nan || !zero ? 1 : 0);
  } else {
    const int bits = static_cast<int>(DataTypeSize(to)) * 8;
    const bool is_signed = to != DataType::kUInt8;
    double integer = std::trunc(in.number);
    if (from == DataType::kFloat32) {
      // The conversion goes through 32 bits except for INT64.
      const int via = bits == 64 ? 64 : 32;
      const double limit = std::ldexp(1.0, via - 1);
      if (in.is_nan || integer < -limit || integer >= limit) integer = -limit;
    }
    out = Wrap(integer, bits, is_signed);
  }
  std::vector<uint8_t> bytes(DataTypeSize(to));
  const auto store = [&bytes](auto value) {
    std::memcpy(bytes.data(), &value, sizeof(value));
  };
  switch (to) {
    case DataType::kInt32:
      store(static_cast<int32_t>(out));
      break;
    case DataType::kInt64:
      store(static_cast<int64_t>(out));
      break;
    case DataType::kInt16:
      store(static_cast<int16_t>(out));
      break;
    case DataType::kInt8:
      store(static_cast<int8_t>(out));
      break;
    default:
      store(static_cast<uint8_t>(out));
      break;
  }
  return bytes;
}

template <typename T>
std::vector<uint8_t> AsBytes(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// Inputs of `type`: zero, ones, extremes and, for FLOAT32, fractions,
// values past each integer range, infinities and NaN.
std::vector<uint8_t> Inputs(DataType type) {
  const float inf = std::numeric_limits<float>::infinity();
  switch (type) {
    case DataType::kFloat32:
      return AsBytes(std::vector<float>{
          0.0f,           -0.0f,         0.5f,     -0.5f,
          1.75f,          -1.75f,        127.5f,   128.0f,
          -129.0f,        255.9f,        256.0f,   300.5f,
          32768.0f,       -32769.0f,     65536.7f, 2147483520.0f,
          -2147483648.0f, 2147483648.0f, -3e9f,    1e10f,
          9.3e18f,        -9.3e18f,      inf,      -inf,
          std::nanf(""),  1e-45f});
    case DataType::kInt32:
      return AsBytes(std::vector<int32_t>{0, 1, -1, 127, 128, -129, 255, 256,
                                          32768, -32769, 16777217,
                                          std::numeric_limits<int32_t>::min(),
                                          std::numeric_limits<int32_t>::max()});
    case DataType::kInt64:
      return AsBytes(
          std::vector<int64_t>{0, 1, -1, 300, -300, 65537, int64_t{1} << 40,
                               -(int64_t{1} << 35) - 3, int64_t{1} << 62});
    case DataType::kUInt8:
    case DataType::kBool:
      // BOOL bytes other than 0 and 1 are read as they are.
      return {0, 1, 2, 127, 128, 200, 255};
    case DataType::kInt8:
      return AsBytes(std::vector<int8_t>{0, 1, -1, 127, -128, 64});
    default:
      return AsBytes(
          std::vector<int16_t>{0, 1, -1, 255, 256, -129, 32767, -32768});
  }
}

std::vector<uint8_t> BuildCast(DataType from, DataType to, int32_t count,
                               int version = 1) {
  ModelBuilder builder;
  const int in = builder.AddTensor(from, {count});
  const int out = builder.AddTensor(to, {});
  return FinishSingleOpModel(builder, schema::BuiltinOperator_CAST, {in}, {out},
                             {in}, schema::BuiltinOptions_NONE, 0, version);
}

struct CastPair {
  DataType from;
  DataType to;
};

class CastTest : public ::testing::TestWithParam<CastPair> {};

TEST_P(CastTest, MatchesNaiveConversion) {
  const auto [from, to] = GetParam();
  const std::vector<uint8_t> input = Inputs(from);
  const size_t count = input.size() / DataTypeSize(from);
  TestInterpreter interpreter;
  const Status built =
      interpreter.Build(BuildCast(from, to, static_cast<int32_t>(count)));
  ASSERT_TRUE(built.ok()) << built.message();
  ASSERT_TRUE(interpreter.SetInput(0, input).ok());
  ASSERT_TRUE(interpreter.Invoke().ok());
  const std::vector<uint8_t> output = interpreter.Output<uint8_t>(0);
  ASSERT_EQ(output.size(), count * DataTypeSize(to));
  for (size_t i = 0; i < count; ++i) {
    const std::vector<uint8_t> expected =
        NaiveCast(from, Read(from, input, i), to);
    const std::vector<uint8_t> actual(
        output.begin() + i * expected.size(),
        output.begin() + (i + 1) * expected.size());
    EXPECT_EQ(actual, expected) << "element " << i;
  }
}

std::vector<CastPair> AllPairs() {
  using D = DataType;
  const D types[] = {D::kFloat32, D::kInt32, D::kInt64, D::kUInt8,
                     D::kInt8,    D::kInt16, D::kBool};
  std::vector<CastPair> pairs;
  for (D from : types) {
    for (D to : types) pairs.push_back({from, to});
  }
  return pairs;
}

INSTANTIATE_TEST_SUITE_P(Pairs, CastTest, ::testing::ValuesIn(AllPairs()),
                         [](const ::testing::TestParamInfo<CastPair>& info) {
                           return std::string(DataTypeName(info.param.from)) +
                                  "To" + DataTypeName(info.param.to);
                         });

// Values worked out by hand, checking the naive conversion itself.
TEST(CastExampleTest, KnownResults) {
  const auto cast = [](DataType from, Value v, DataType to) {
    return NaiveCast(from, v, to);
  };
  EXPECT_THAT(cast(DataType::kFloat32, {300.5, false}, DataType::kUInt8),
              ::testing::ElementsAre(44));
  EXPECT_THAT(cast(DataType::kFloat32, {-1.75, false}, DataType::kUInt8),
              ::testing::ElementsAre(255));
  EXPECT_THAT(cast(DataType::kFloat32, {0, true}, DataType::kInt8),
              ::testing::ElementsAre(0));
  EXPECT_THAT(cast(DataType::kFloat32, {0, true}, DataType::kBool),
              ::testing::ElementsAre(1));
  EXPECT_THAT(cast(DataType::kBool, {2, false}, DataType::kBool),
              ::testing::ElementsAre(2));
  EXPECT_THAT(cast(DataType::kFloat32, {0x1p-149, false}, DataType::kBool),
              ::testing::ElementsAre(0));
  EXPECT_THAT(cast(DataType::kInt32, {-129, false}, DataType::kInt8),
              ::testing::ElementsAre(127));
}

struct CastGraph {
  DataType from = DataType::kFloat32;
  DataType to = DataType::kInt32;
  int version = 1;
  bool two_inputs = false;
};

std::vector<uint8_t> BuildModel(const CastGraph& graph) {
  if (!graph.two_inputs)
    return BuildCast(graph.from, graph.to, 3, graph.version);
  ModelBuilder builder;
  const int a = builder.AddTensor(graph.from, {3});
  const int b = builder.AddTensor(graph.from, {3});
  const int out = builder.AddTensor(graph.to, {});
  return FinishSingleOpModel(builder, schema::BuiltinOperator_CAST, {a, b},
                             {out}, {a, b});
}

const ModelErrorCase<CastGraph> kCastErrorCases[] = {
    {"Float16Input", [](CastGraph& g) { g.from = DataType::kFloat16; },
     StatusCode::kUnsupported,
     "node 0 (CAST): input 0 (tensor 0) has type FLOAT16 and output 0 "
     "(tensor 1) type INT32"},
    {"UInt32Output", [](CastGraph& g) { g.to = DataType::kUInt32; },
     StatusCode::kUnsupported, "output 0 (tensor 1) type UINT32"},
    {"TwoInputs", [](CastGraph& g) { g.two_inputs = true; },
     StatusCode::kInvalidModel, "has 2 inputs; expected 1"},
    {"Version4", [](CastGraph& g) { g.version = 4; }, StatusCode::kUnsupported,
     "version 4"},
};

LITEN_MODEL_ERROR_TESTS(Cast, BuildModel, kCastErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
