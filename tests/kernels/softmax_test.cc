// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// SOFTMAX through the loader and interpreter: FLOAT32 against the definition
// in double, and the 8-bit paths against the definition in double, then
// quantized. TFLite's 8-bit kernel works in float through a table, so a
// probability whose exact value lies within float rounding of a quantization
// tie may land one step away; the byte-exact comparison with TFLite itself
// is tests/models/quantized_ops_tflite_test.cc.
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

struct SoftmaxSpec {
  DataType input_type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  std::vector<int32_t> shape = {2, 5};
  bool has_options = true;
  float beta = 1.0f;
  std::vector<float> input_scales;  // Empty: no quantization.
  std::vector<int64_t> input_zero_points;
  std::vector<float> output_scales;
  std::vector<int64_t> output_zero_points;
};

std::vector<uint8_t> BuildSoftmax(const SoftmaxSpec& spec) {
  ModelBuilder builder;
  const int in = builder.AddTensor(spec.input_type, spec.shape);
  if (!spec.input_scales.empty()) {
    builder.SetQuantization(in, spec.input_scales, spec.input_zero_points);
  }
  const int out = builder.AddTensor(spec.output_type, spec.shape);
  if (!spec.output_scales.empty()) {
    builder.SetQuantization(out, spec.output_scales, spec.output_zero_points);
  }
  flatbuffers::Offset<void> options = 0;
  if (spec.has_options) {
    options = schema::CreateSoftmaxOptions(builder.fbb(), spec.beta).Union();
  }
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_SOFTMAX, {in}, {out}, {in},
      spec.has_options ? schema::BuiltinOptions_SoftmaxOptions
                       : schema::BuiltinOptions_NONE,
      options);
}

// Softmax of each row of `x` (rows of `depth`), in double.
std::vector<double> NaiveSoftmax(const std::vector<double>& x, int depth,
                                 double beta) {
  std::vector<double> p(x.size());
  for (size_t row = 0; row < x.size(); row += depth) {
    const double max = *std::max_element(x.begin() + row,
                                         x.begin() + row + depth);
    double sum = 0;
    for (int i = 0; i < depth; ++i) sum += std::exp(beta * (x[row + i] - max));
    for (int i = 0; i < depth; ++i) {
      p[row + i] = std::exp(beta * (x[row + i] - max)) / sum;
    }
  }
  return p;
}

struct FloatCase {
  std::string name;
  std::vector<int32_t> shape;
  float beta;
};

class SoftmaxFloatTest : public ::testing::TestWithParam<FloatCase> {};

TEST_P(SoftmaxFloatTest, MatchesDefinition) {
  const FloatCase& c = GetParam();
  std::mt19937 rng(4);
  const int64_t count = ElementCount(c.shape);
  const std::vector<float> x = RandomVector(rng, count, 8.0f);
  SoftmaxSpec spec;
  spec.shape = c.shape;
  spec.beta = c.beta;
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(BuildSoftmax(spec), {x}, c.shape, &output));
  const std::vector<double> expected = NaiveSoftmax(
      std::vector<double>(x.begin(), x.end()), c.shape.back(), c.beta);
  ASSERT_EQ(output.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(output[i], expected[i], 1e-6 + 1e-5 * expected[i]) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, SoftmaxFloatTest,
    ::testing::Values(FloatCase{"Vector", {13}, 1.0f},
                      FloatCase{"Batch", {3, 7}, 1.0f},
                      FloatCase{"Rank4", {2, 1, 3, 5}, 0.5f},
                      FloatCase{"LargeBeta", {4, 127}, 3.0f},
                      FloatCase{"SingleElementRows", {5, 1}, 1.0f}),
    CaseName());

// Without options TFLite's beta is 0: every row is uniform.
TEST(SoftmaxFloatTest, NoOptionsMeansBetaZero) {
  SoftmaxSpec spec;
  spec.has_options = false;
  spec.shape = {1, 4};
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(
      BuildSoftmax(spec), {std::vector<float>{1, 2, 3, 40}}, {1, 4}, &output));
  EXPECT_THAT(output, ::testing::Each(0.25f));
}

struct QuantizedCase {
  std::string name;
  DataType input_type;
  DataType output_type;
  float input_scale;
  int64_t input_zero_point;
  float output_scale;
  int64_t output_zero_point;
  float beta;
  std::vector<int32_t> shape;
};

class SoftmaxQuantizedTest : public ::testing::TestWithParam<QuantizedCase> {
 protected:
  template <typename In, typename Out>
  void Check() {
    const QuantizedCase& c = GetParam();
    std::mt19937 rng(8);
    std::uniform_int_distribution<int32_t> values(
        std::numeric_limits<In>::min(), std::numeric_limits<In>::max());
    const int64_t count = ElementCount(c.shape);
    std::vector<In> input(count);
    for (In& v : input) v = static_cast<In>(values(rng));
    std::vector<double> real(count);
    for (int64_t i = 0; i < count; ++i) {
      real[i] = c.input_scale *
                (static_cast<double>(input[i]) - c.input_zero_point);
    }
    const std::vector<double> p = NaiveSoftmax(real, c.shape.back(), c.beta);
    SoftmaxSpec spec;
    spec.input_type = c.input_type;
    spec.output_type = c.output_type;
    spec.shape = c.shape;
    spec.beta = c.beta;
    spec.input_scales = {c.input_scale};
    spec.input_zero_points = {c.input_zero_point};
    spec.output_scales = {c.output_scale};
    spec.output_zero_points = {c.output_zero_point};
    std::vector<Out> output;
    ASSERT_NO_FATAL_FAILURE(
        (RunModel<Out, In>(BuildSoftmax(spec), {input}, c.shape, &output)));
    for (int64_t i = 0; i < count; ++i) {
      const double q = std::min<double>(
          std::max<double>(
              std::round(p[i] / c.output_scale) + c.output_zero_point,
              std::numeric_limits<Out>::min()),
          std::numeric_limits<Out>::max());
      EXPECT_NEAR(output[i], q, 1.0) << "element " << i << " p " << p[i];
    }
  }
};

TEST_P(SoftmaxQuantizedTest, MatchesDefinitionWithinOneStep) {
  const QuantizedCase& c = GetParam();
  using D = DataType;
  const D in = c.input_type, out = c.output_type;
  if (in == D::kUInt8 && out == D::kUInt8) return Check<uint8_t, uint8_t>();
  if (in == D::kUInt8 && out == D::kInt16) return Check<uint8_t, int16_t>();
  if (in == D::kInt8 && out == D::kInt8) return Check<int8_t, int8_t>();
  if (in == D::kInt8 && out == D::kInt16) return Check<int8_t, int16_t>();
  FAIL() << "no check for this pair";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SoftmaxQuantizedTest,
    ::testing::Values(
        QuantizedCase{"Uint8", DataType::kUInt8, DataType::kUInt8, 0.05f, 0,
                      1.0f / 256, 0, 1.0f, {4, 10}},
        QuantizedCase{"Uint8WideInputScale", DataType::kUInt8,
                      DataType::kUInt8, 0.3f, 128, 1.0f / 256, 0, 1.0f,
                      {2, 1001}},
        QuantizedCase{"Uint8SmallBeta", DataType::kUInt8, DataType::kUInt8,
                      0.1f, 17, 1.0f / 256, 0, 0.25f, {3, 2, 9}},
        QuantizedCase{"Int8", DataType::kInt8, DataType::kInt8, 0.0625f, -5,
                      1.0f / 256, -128, 1.0f, {5, 16}},
        QuantizedCase{"Int8LargeBeta", DataType::kInt8, DataType::kInt8, 0.02f,
                      0, 1.0f / 256, -128, 7.5f, {2, 33}},
        QuantizedCase{"Uint8ToInt16", DataType::kUInt8, DataType::kInt16,
                      0.05f, 0, 1.0f / 32768, 0, 1.0f, {3, 12}},
        QuantizedCase{"Int8ToInt16", DataType::kInt8, DataType::kInt16, 0.05f,
                      3, 1.0f / 65536, -32768, 1.0f, {3, 12}}),
    CaseName());

// What TFLite 2.9.0 does on x86-64 (measured): a UINT8 output rounds by
// adding 0.5 and ignores its zero point.
TEST(SoftmaxQuantizedTest, Uint8OutputIgnoresItsZeroPoint) {
  SoftmaxSpec spec;
  spec.input_type = DataType::kUInt8;
  spec.output_type = DataType::kUInt8;
  spec.shape = {4};
  spec.input_scales = {0.05f};
  spec.input_zero_points = {0};
  spec.output_scales = {1.0f / 256};
  spec.output_zero_points = {10};
  std::vector<uint8_t> output;
  ASSERT_NO_FATAL_FAILURE((RunModel<uint8_t, uint8_t>(
      BuildSoftmax(spec), {std::vector<uint8_t>{10, 20, 30, 200}}, {4},
      &output)));
  EXPECT_THAT(output, ::testing::ElementsAre(0, 0, 0, 255));
}

struct SoftmaxErrorCase {
  std::string name;
  SoftmaxSpec spec;
  StatusCode code;
  std::string message;
};

class SoftmaxErrorTest : public ::testing::TestWithParam<SoftmaxErrorCase> {};

TEST_P(SoftmaxErrorTest, PrepareFails) {
  ExpectBuildFails(BuildSoftmax(GetParam().spec), GetParam().code,
                   GetParam().message);
}

SoftmaxSpec Quantized(DataType input, DataType output, float output_scale,
                      int64_t output_zero_point) {
  SoftmaxSpec spec;
  spec.input_type = input;
  spec.output_type = output;
  spec.input_scales = {0.1f};
  spec.input_zero_points = {0};
  spec.output_scales = {output_scale};
  spec.output_zero_points = {output_zero_point};
  return spec;
}

SoftmaxSpec WithShape(SoftmaxSpec spec, std::vector<int32_t> shape) {
  spec.shape = std::move(shape);
  return spec;
}

SoftmaxSpec WithBeta(SoftmaxSpec spec, float beta) {
  spec.beta = beta;
  return spec;
}

SoftmaxSpec WithoutInputQuantization(SoftmaxSpec spec) {
  spec.input_scales.clear();
  spec.input_zero_points.clear();
  return spec;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SoftmaxErrorTest,
    ::testing::Values(
        SoftmaxErrorCase{"Scalar", WithShape(SoftmaxSpec(), {}),
                         StatusCode::kInvalidModel,
                         "node 0 (SOFTMAX): input 0 (tensor 0) is a scalar; "
                         "softmax needs rank 1 or more"},
        SoftmaxErrorCase{
            "NanBeta",
            WithBeta(SoftmaxSpec(), std::numeric_limits<float>::quiet_NaN()),
            StatusCode::kInvalidModel, "beta is nan; it must be finite"},
        SoftmaxErrorCase{
            "FloatToUint8",
            Quantized(DataType::kFloat32, DataType::kUInt8, 1.0f / 256, 0),
            StatusCode::kUnsupported,
            "output 0 (tensor 1) has type UINT8; expected FLOAT32"},
        SoftmaxErrorCase{
            "Uint8ToInt8",
            Quantized(DataType::kUInt8, DataType::kInt8, 1.0f / 256, -128),
            StatusCode::kUnsupported,
            "input 0 (tensor 0) has type UINT8 and output 0 (tensor 1) type "
            "INT8"},
        SoftmaxErrorCase{
            "Int16Input",
            Quantized(DataType::kInt16, DataType::kInt16, 1.0f / 32768, 0),
            StatusCode::kUnsupported,
            "input 0 (tensor 0) has type INT16 and output 0 (tensor 1) type "
            "INT16"},
        SoftmaxErrorCase{
            "Int8OutputZeroPoint",
            Quantized(DataType::kInt8, DataType::kInt8, 1.0f / 256, 0),
            StatusCode::kInvalidModel,
            "output 0 (tensor 1) has scale 0.00390625 and zero point 0; an "
            "INT8 softmax output needs scale 1/256 and zero point -128"},
        SoftmaxErrorCase{
            "Int8OutputScale",
            Quantized(DataType::kInt8, DataType::kInt8, 1.002f / 256, -128),
            StatusCode::kInvalidModel,
            "an INT8 softmax output needs scale 1/256 and zero point -128"},
        SoftmaxErrorCase{
            "InputWithoutQuantization",
            WithoutInputQuantization(
                Quantized(DataType::kUInt8, DataType::kUInt8, 1.0f / 256, 0)),
            StatusCode::kInvalidModel,
            "input 0 (tensor 0) has type UINT8 but no quantization "
            "parameters"}),
    CaseName());

}  // namespace
}  // namespace testing
}  // namespace liten
