// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// SQRT through the loader and interpreter, against the square root in double
// rounded to float, which is the correctly rounded float square root (double
// holds more than twice float's precision), bit for bit; subnormal inputs
// count as zero, as in TFLite's x86-64 kernels.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

struct SqrtGraph {
  std::vector<int32_t> shape = {2, 3};
  DataType type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  int version = 1;
};

std::vector<uint8_t> BuildModel(const SqrtGraph& graph) {
  ModelBuilder builder;
  const int in = builder.AddTensor(graph.type, graph.shape);
  const int out = builder.AddTensor(graph.output_type, {});
  return FinishSingleOpModel(builder, schema::BuiltinOperator_SQRT, {in}, {out},
                             {in}, schema::BuiltinOptions_NONE, 0,
                             graph.version);
}

uint32_t Bits(float f) {
  uint32_t bits = 0;
  std::memcpy(&bits, &f, sizeof(bits));
  return bits;
}

class SqrtTest : public ::testing::TestWithParam<std::vector<int32_t>> {};

TEST_P(SqrtTest, MatchesDoubleSqrtRoundedToFloat) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {0.0f,   -0.0f,   1.0f, 2.0f,  0.25f, 1e-45f,
                          1e-38f, 3.4e38f, inf,  1e10f, 1.5f};
  std::mt19937 rng(21);
  std::uniform_real_distribution<float> uniform(0.0f, 1e6f);
  const size_t count = ElementCount(GetParam());
  while (x.size() < count) x.push_back(uniform(rng));
  x.resize(count);
  SqrtGraph graph;
  graph.shape = GetParam();
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {x}, graph.shape, &output));
  for (size_t i = 0; i < count; ++i) {
    const double read =
        std::fabs(x[i]) < 0x1p-126 ? std::copysign(0.0, x[i]) : x[i];
    const float expected = static_cast<float>(std::sqrt(read));
    EXPECT_EQ(Bits(output[i]), Bits(expected)) << "sqrt(" << x[i] << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, SqrtTest,
                         ::testing::Values(std::vector<int32_t>{},
                                           std::vector<int32_t>{13},
                                           std::vector<int32_t>{48, 48, 17},
                                           std::vector<int32_t>{0, 3}));

// Negative inputs and NaN give NaN; -0 stays -0, and so does a negative
// subnormal, read as -0.
TEST(SqrtSpecialTest, NegativeAndNaN) {
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(
      BuildModel(SqrtGraph{{5}}),
      {std::vector<float>{-1.0f, -std::numeric_limits<float>::infinity(),
                          std::nanf(""), -0.0f, -1e-40f}},
      {5}, &output));
  EXPECT_TRUE(std::isnan(output[0]));
  EXPECT_TRUE(std::isnan(output[1]));
  EXPECT_TRUE(std::isnan(output[2]));
  EXPECT_EQ(Bits(output[3]), Bits(-0.0f));
  EXPECT_EQ(Bits(output[4]), Bits(-0.0f));
}

const ModelErrorCase<SqrtGraph> kSqrtErrorCases[] = {
    {"Int32Input",
     [](SqrtGraph& g) { g.type = g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "node 0 (SQRT): input 0 (tensor 0) has type INT32; expected FLOAT32"},
    {"OutputType", [](SqrtGraph& g) { g.output_type = DataType::kUInt8; },
     StatusCode::kUnsupported,
     "output 0 (tensor 1) has type UINT8; expected FLOAT32"},
    {"Version2", [](SqrtGraph& g) { g.version = 2; }, StatusCode::kUnsupported,
     "version 2"},
};

LITEN_MODEL_ERROR_TESTS(Sqrt, BuildModel, kSqrtErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
