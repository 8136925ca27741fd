// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CONCATENATION, run through the loader and interpreter, against a
// per-element definition: an output element comes from the input whose range
// along the axis holds its coordinate, requantized when that input is
// quantized unlike the output. The byte-exact comparison with TFLite itself
// is tests/models/quantized_arithmetic_tflite_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

std::vector<float> NaiveConcatenation(
    const std::vector<std::vector<int32_t>>& shapes,
    const std::vector<std::vector<float>>& inputs, int axis,
    schema::ActivationFunctionType activation,
    std::vector<int32_t>* out_shape) {
  *out_shape = shapes[0];
  (*out_shape)[axis] = 0;
  for (const auto& shape : shapes) (*out_shape)[axis] += shape[axis];
  const int rank = static_cast<int>(out_shape->size());
  std::vector<float> output(ElementCount(*out_shape));
  std::vector<int64_t> coordinate(rank);
  for (int64_t i = 0; i < static_cast<int64_t>(output.size()); ++i) {
    int64_t rest = i;
    for (int d = rank - 1; d >= 0; --d) {
      coordinate[d] = rest % (*out_shape)[d];
      rest /= (*out_shape)[d];
    }
    // Find the input and the coordinate within it along the axis.
    size_t source = 0;
    int64_t along = coordinate[axis];
    while (along >= shapes[source][axis]) along -= shapes[source++][axis];
    int64_t offset = 0;
    for (int d = 0; d < rank; ++d) {
      offset = offset * shapes[source][d] + (d == axis ? along : coordinate[d]);
    }
    output[i] = static_cast<float>(
        NaiveActivation(activation, inputs[source][offset]));
  }
  return output;
}

// CONCATENATION of graph inputs 0..n-1 (tensors 0..n-1) into tensor n.
std::vector<uint8_t> BuildConcatenation(
    const std::vector<std::vector<int32_t>>& shapes, int axis,
    schema::ActivationFunctionType activation,
    const std::vector<DataType>& types = {},
    DataType output_type = DataType::kFloat32) {
  ModelBuilder builder;
  std::vector<int> inputs;
  for (size_t i = 0; i < shapes.size(); ++i) {
    inputs.push_back(builder.AddTensor(
        i < types.size() ? types[i] : DataType::kFloat32, shapes[i]));
  }
  const int out = builder.AddTensor(output_type, {});
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_CONCATENATION, inputs, {out}, inputs,
      schema::BuiltinOptions_ConcatenationOptions,
      schema::CreateConcatenationOptions(builder.fbb(), axis, activation)
          .Union());
}

struct ConcatCase {
  std::vector<std::vector<int32_t>> shapes;
  int axis;  // As the model states it: possibly negative.
};

void PrintTo(const ConcatCase& c, std::ostream* os) {
  *os << ::testing::PrintToString(c.shapes) << " along " << c.axis;
}

// For each base shape, each axis (every other case as a negative axis) and
// 1 to 4 inputs whose sizes along the axis differ.
std::vector<ConcatCase> ConcatCases() {
  const std::vector<std::vector<int32_t>> bases = {
      {13}, {3, 13}, {2, 3, 5}, {1, 3, 13, 2}, {2, 1, 3, 1, 2}};
  std::vector<ConcatCase> cases;
  for (const std::vector<int32_t>& base : bases) {
    const int rank = static_cast<int>(base.size());
    for (int axis = 0; axis < rank; ++axis) {
      for (int count = 1; count <= 4; ++count) {
        ConcatCase c{{}, count % 2 == 0 ? axis - rank : axis};
        for (int i = 0; i < count; ++i) {
          std::vector<int32_t> shape = base;
          shape[axis] = (i == 2) ? 13 : 1 + i;
          c.shapes.push_back(shape);
        }
        cases.push_back(c);
      }
    }
  }
  return cases;
}

std::vector<std::vector<float>> RandomInputs(
    const std::vector<std::vector<int32_t>>& shapes) {
  std::mt19937 rng(8);
  std::vector<std::vector<float>> inputs;
  for (const auto& shape : shapes) {
    inputs.push_back(RandomVector(rng, ElementCount(shape), 8.0f));
  }
  return inputs;
}

// Runs the model and checks it against NaiveConcatenation.
void ExpectConcatenation(const std::vector<std::vector<int32_t>>& shapes,
                         const std::vector<std::vector<float>>& inputs,
                         int axis, schema::ActivationFunctionType activation) {
  const int rank = static_cast<int>(shapes[0].size());
  std::vector<int32_t> expected_shape;
  const std::vector<float> expected =
      NaiveConcatenation(shapes, inputs, axis < 0 ? axis + rank : axis,
                         activation, &expected_shape);
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(BuildConcatenation(shapes, axis, activation),
                                   inputs, expected_shape, &output));
  EXPECT_EQ(output, expected);
}

class ConcatenationTest
    : public ::testing::TestWithParam<
          std::tuple<ConcatCase, schema::ActivationFunctionType>> {};

TEST_P(ConcatenationTest, MatchesNaiveConcatenation) {
  const auto& [c, activation] = GetParam();
  ExpectConcatenation(c.shapes, RandomInputs(c.shapes), c.axis, activation);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ConcatenationTest,
    ::testing::Combine(
        ::testing::ValuesIn(ConcatCases()),
        ::testing::Values(schema::ActivationFunctionType_NONE,
                          schema::ActivationFunctionType_RELU,
                          schema::ActivationFunctionType_RELU6,
                          schema::ActivationFunctionType_RELU_N1_TO_1)));

TEST(ConcatenationValuesTest, EmptyInputAlongAxis) {
  const std::vector<std::vector<int32_t>> shapes = {{2, 3}, {2, 0}, {2, 1}};
  ExpectConcatenation(shapes, RandomInputs(shapes), 1,
                      schema::ActivationFunctionType_NONE);
}

// Without an activation, values are copied: infinities are not clamped.
TEST(ConcatenationValuesTest, InfinitiesPassWithoutActivation) {
  const float inf = std::numeric_limits<float>::infinity();
  ExpectConcatenation({{2}, {1}}, {{inf, -inf}, {1.5f}}, 0,
                      schema::ActivationFunctionType_NONE);
}

// Absent options mean axis 0 and no activation.
TEST(ConcatenationValuesTest, MissingOptions) {
  ModelBuilder builder;
  const int a = builder.AddTensor(DataType::kFloat32, {1, 2});
  const int b = builder.AddTensor(DataType::kFloat32, {2, 2});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(
      FinishSingleOpModel(builder, schema::BuiltinOperator_CONCATENATION,
                          {a, b}, {out}, {a, b}),
      {{-1, 2}, {3, -4, 5, 6}}, {3, 2}, &output));
  EXPECT_THAT(output, ::testing::ElementsAre(-1, 2, 3, -4, 5, 6));
}

struct ConcatErrorCase {
  std::string name;
  std::vector<std::vector<int32_t>> shapes;
  int axis;
  std::string message;
  std::vector<DataType> types = {};
  DataType output_type = DataType::kFloat32;
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_NONE;
};

class ConcatenationErrorTest
    : public ::testing::TestWithParam<ConcatErrorCase> {};

TEST_P(ConcatenationErrorTest, PrepareFails) {
  const ConcatErrorCase& c = GetParam();
  ExpectBuildFails(BuildConcatenation(c.shapes, c.axis, c.activation, c.types,
                                      c.output_type),
                   c.message);
}

constexpr DataType kF32 = DataType::kFloat32;
constexpr DataType kI32 = DataType::kInt32;

INSTANTIATE_TEST_SUITE_P(
    Cases, ConcatenationErrorTest,
    ::testing::Values(
        ConcatErrorCase{
            "DimMismatch",
            {{2, 3}, {3, 3}},
            1,
            "node 0 (CONCATENATION): input 1 (tensor 1) has shape [3,3], which "
            "differs from input 0's [2,3] outside axis 1"},
        ConcatErrorCase{"RankMismatch",
                        {{2, 3}, {2, 1}, {2, 1, 1}},
                        -1,
                        "input 2 (tensor 2) has rank 3"},
        ConcatErrorCase{"AxisPastRank",
                        {{2, 3}, {2, 3}},
                        2,
                        "axis 2 is out of range for rank 2"},
        ConcatErrorCase{"NegativeAxisPastRank",
                        {{2, 3}, {2, 3}},
                        -3,
                        "axis -3 is out of range for rank 2"},
        ConcatErrorCase{
            "ScalarInputs", {{}, {}}, 0, "axis 0 is out of range for rank 0"},
        ConcatErrorCase{"MixedTypes",
                        {{2, 3}, {2, 3}},
                        0,
                        "input 1 (tensor 1) has type INT32; expected FLOAT32",
                        {kF32, kI32}},
        ConcatErrorCase{"Int32Output",
                        {{2, 3}, {2, 3}},
                        0,
                        "output 0 (tensor 2) has type INT32; expected FLOAT32",
                        {},
                        kI32},
        ConcatErrorCase{"TanhActivation",
                        {{2, 3}, {2, 3}},
                        0,
                        "fused activation",
                        {},
                        kF32,
                        schema::ActivationFunctionType_TANH}),
    CaseName());

TEST(ConcatenationInputTest, RejectsNoInputs) {
  ExpectBuildFails(
      BuildConcatenation({}, 0, schema::ActivationFunctionType_NONE),
      "has no inputs; expected at least 1");
}

// ---------------------------------------------------------------------------
// UINT8 and INT8: an input quantized like the output is copied; another is
// requantized, round((x - input_zero_point) * input_scale / output_scale) +
// output_zero_point, rounded half away from zero and saturated (TFLite
// computes it in float, so within 1e-3 of a tie either neighbour passes).
// liten also applies fused activations, which TFLite 2.9 rejects.

struct Quantization {
  float scale;
  int64_t zero_point;
};

struct QuantizedConcatCase {
  std::string name;
  DataType type;
  std::vector<Quantization> inputs;
  Quantization output;
  schema::ActivationFunctionType activation;
};

class QuantizedConcatenationTest
    : public ::testing::TestWithParam<QuantizedConcatCase> {
 protected:
  template <typename T>
  void Check() {
    const QuantizedConcatCase& c = GetParam();
    const std::vector<std::vector<int32_t>> shapes = {
        {2, 3, 5}, {2, 1, 5}, {2, 13, 5}, {2, 2, 5}};
    const int axis = 1;
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> values(std::numeric_limits<T>::min(),
                                              std::numeric_limits<T>::max());
    ModelBuilder builder;
    std::vector<int> tensors;
    std::vector<std::vector<T>> inputs;
    // Each input's values moved into the output's steps, unrounded.
    std::vector<std::vector<float>> requantized;
    for (size_t i = 0; i < c.inputs.size(); ++i) {
      const Quantization& q = c.inputs[i];
      tensors.push_back(builder.AddTensor(c.type, shapes[i]));
      builder.SetQuantization(tensors.back(), {q.scale}, {q.zero_point});
      std::vector<T> x(ElementCount(shapes[i]));
      std::vector<float> real;
      for (T& v : x) {
        v = static_cast<T>(values(rng));
        real.push_back(static_cast<float>(
            (static_cast<double>(v) - q.zero_point) * q.scale / c.output.scale +
            c.output.zero_point));
      }
      inputs.push_back(x);
      requantized.push_back(real);
    }
    const int out = builder.AddTensor(c.type, {});
    builder.SetQuantization(out, {c.output.scale}, {c.output.zero_point});
    const std::vector<std::vector<int32_t>> used(
        shapes.begin(), shapes.begin() + c.inputs.size());
    std::vector<int32_t> expected_shape;
    const std::vector<float> exact = NaiveConcatenation(
        used, requantized, axis, schema::ActivationFunctionType_NONE,
        &expected_shape);
    // The activation's bounds in output steps, from their definition.
    const auto step = [&](double bound) {
      return c.output.zero_point +
             static_cast<int64_t>(std::round(bound / c.output.scale));
    };
    int64_t low = std::numeric_limits<T>::min();
    int64_t high = std::numeric_limits<T>::max();
    if (c.activation == schema::ActivationFunctionType_RELU) low = step(0);
    if (c.activation == schema::ActivationFunctionType_RELU_N1_TO_1) {
      low = std::max(low, step(-1));
      high = std::min(high, step(1));
    }
    std::vector<T> output;
    ASSERT_NO_FATAL_FAILURE((RunModel<T, T>(
        FinishSingleOpModel(builder, schema::BuiltinOperator_CONCATENATION,
                            tensors, {out}, tensors,
                            schema::BuiltinOptions_ConcatenationOptions,
                            schema::CreateConcatenationOptions(
                                builder.fbb(), axis, c.activation)
                                .Union()),
        inputs, expected_shape, &output)));
    ASSERT_EQ(output.size(), exact.size());
    for (size_t k = 0; k < exact.size(); ++k) {
      const double v = exact[k];
      const double rounded =
          v < 0 ? -std::floor(-v + 0.5) : std::floor(v + 0.5);
      const auto clamp = [&](double r) {
        return std::min<int64_t>(
            std::max<int64_t>(static_cast<int64_t>(r), low), high);
      };
      if (std::fabs(v - std::floor(v) - 0.5) < 1e-3) {
        EXPECT_TRUE(output[k] == clamp(std::floor(v)) ||
                    output[k] == clamp(std::floor(v) + 1))
            << "element " << k << ": " << int{output[k]} << " for " << v;
      } else {
        EXPECT_EQ(output[k], clamp(rounded)) << "element " << k << " for " << v;
      }
    }
  }
};

TEST_P(QuantizedConcatenationTest, MatchesDefinition) {
  if (GetParam().type == DataType::kUInt8) return Check<uint8_t>();
  Check<int8_t>();
}

constexpr schema::ActivationFunctionType kNoActivation =
    schema::ActivationFunctionType_NONE;

INSTANTIATE_TEST_SUITE_P(
    Cases, QuantizedConcatenationTest,
    ::testing::Values(
        QuantizedConcatCase{"Uint8Alike",
                            DataType::kUInt8,
                            {{0.1f, 3}, {0.1f, 3}, {0.1f, 3}},
                            {0.1f, 3},
                            kNoActivation},
        QuantizedConcatCase{"Uint8Requantized",
                            DataType::kUInt8,
                            {{0.1f, 3}, {0.05f, 3}, {0.1f, 140}, {0.37f, 77}},
                            {0.1f, 3},
                            kNoActivation},
        // A ratio of 1/2 puts odd values on ties, which round away from 0.
        QuantizedConcatCase{"Int8HalfScale",
                            DataType::kInt8,
                            {{0.25f, 0}, {0.5f, -1}},
                            {0.5f, 0},
                            kNoActivation},
        QuantizedConcatCase{"Int8Requantized",
                            DataType::kInt8,
                            {{0.0039f, -128}, {0.0123f, 0}, {1.7f, 100}},
                            {0.0471f, -13},
                            kNoActivation},
        QuantizedConcatCase{"Uint8Relu",
                            DataType::kUInt8,
                            {{0.1f, 128}, {0.2f, 100}},
                            {0.1f, 128},
                            schema::ActivationFunctionType_RELU},
        QuantizedConcatCase{"Int8ReluN1To1",
                            DataType::kInt8,
                            {{0.01f, 0}, {0.01f, 0}},
                            {0.01f, 0},
                            schema::ActivationFunctionType_RELU_N1_TO_1}),
    CaseName());

// INT16, INT32, INT64 and BOOL (held in uint8_t, as 0 or 1) are copied.
class PlainConcatenationTest : public ::testing::TestWithParam<DataType> {
 protected:
  template <typename T>
  void Check() {
    const std::vector<std::vector<int32_t>> shapes = {{3, 2, 2}, {3, 1, 2}};
    std::mt19937 rng(9);
    const bool boolean = GetParam() == DataType::kBool;
    std::uniform_int_distribution<int> values(boolean ? 0 : -9999,
                                              boolean ? 1 : 9999);
    std::vector<std::vector<T>> inputs;
    std::vector<std::vector<float>> as_floats;
    for (const auto& shape : shapes) {
      std::vector<T> x(ElementCount(shape));
      std::vector<float> f;
      for (size_t i = 0; i < x.size(); ++i) {
        x[i] = static_cast<T>(values(rng));
        f.push_back(static_cast<float>(x[i]));
      }
      inputs.push_back(x);
      as_floats.push_back(f);
    }
    std::vector<int32_t> expected_shape;
    const std::vector<float> expected = NaiveConcatenation(
        shapes, as_floats, 1, kNoActivation, &expected_shape);
    const DataType type = GetParam();
    std::vector<T> output;
    ASSERT_NO_FATAL_FAILURE((RunModel<T, T>(
        BuildConcatenation(shapes, 1, kNoActivation, {type, type}, type),
        inputs, expected_shape, &output)));
    ASSERT_EQ(output.size(), expected.size());
    for (size_t k = 0; k < expected.size(); ++k) {
      EXPECT_EQ(static_cast<float>(output[k]), expected[k]) << k;
    }
  }
};

TEST_P(PlainConcatenationTest, Copies) {
  switch (GetParam()) {
    case DataType::kInt16:
      return Check<int16_t>();
    case DataType::kInt32:
      return Check<int32_t>();
    case DataType::kInt64:
      return Check<int64_t>();
    default:
      return Check<uint8_t>();
  }
}

INSTANTIATE_TEST_SUITE_P(Types, PlainConcatenationTest,
                         ::testing::Values(DataType::kInt16, DataType::kInt32,
                                           DataType::kInt64, DataType::kBool));

TEST(QuantizedConcatenationErrorTest, ActivationOnPlainType) {
  ExpectBuildFails(
      BuildConcatenation({{2}, {2}}, 0, schema::ActivationFunctionType_RELU,
                         {DataType::kInt32, DataType::kInt32},
                         DataType::kInt32),
      StatusCode::kUnsupported,
      "node 0 (CONCATENATION): fused activation 1 needs a FLOAT32, UINT8 or "
      "INT8 output");
}

TEST(QuantizedConcatenationErrorTest, UnsupportedType) {
  ExpectBuildFails(
      BuildConcatenation({{2}, {2}}, 0, kNoActivation,
                         {DataType::kFloat16, DataType::kFloat16},
                         DataType::kFloat16),
      StatusCode::kUnsupported,
      "input 0 (tensor 0) has type FLOAT16; expected FLOAT32, UINT8, INT8, "
      "INT16, INT32, INT64 or BOOL");
}

TEST(QuantizedConcatenationErrorTest, InputWithoutQuantization) {
  ModelBuilder builder;
  const int a = builder.AddTensor(DataType::kUInt8, {2});
  const int b = builder.AddTensor(DataType::kUInt8, {2});
  const int out = builder.AddTensor(DataType::kUInt8, {});
  builder.SetQuantization(a, {0.5f}, {3});
  builder.SetQuantization(out, {0.5f}, {3});
  ExpectBuildFails(
      FinishSingleOpModel(builder, schema::BuiltinOperator_CONCATENATION,
                          {a, b}, {out}, {a, b}),
      "input 1 (tensor 1) has type UINT8 but no quantization parameters");
}

}  // namespace
}  // namespace testing
}  // namespace liten
