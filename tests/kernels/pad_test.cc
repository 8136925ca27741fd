// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// PAD and PADV2, run through the loader and interpreter, against a
// per-element definition: an output element is the input element it lands
// on, or the padding value. The byte-exact comparison with TFLite itself is
// tests/models/quantized_arithmetic_tflite_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

using Paddings = std::vector<std::pair<int64_t, int64_t>>;  // Before, after.

struct PadCase {
  std::vector<int32_t> shape;
  Paddings paddings;
};

void PrintTo(const PadCase& c, std::ostream* os) {
  *os << ::testing::PrintToString(c.shape) << " padded by "
      << ::testing::PrintToString(c.paddings);
}

// Pads with `value`.
template <typename T>
std::vector<T> NaivePad(const std::vector<T>& input,
                        const std::vector<int32_t>& shape,
                        const Paddings& paddings,
                        std::vector<int32_t>* out_shape, T value = T()) {
  const size_t rank = shape.size();
  out_shape->resize(rank);
  for (size_t d = 0; d < rank; ++d) {
    (*out_shape)[d] =
        static_cast<int32_t>(shape[d] + paddings[d].first + paddings[d].second);
  }
  std::vector<T> output(ElementCount(*out_shape));
  for (int64_t i = 0; i < static_cast<int64_t>(output.size()); ++i) {
    // Decompose the output index and map it back into the input.
    int64_t rest = i, source = 0, stride = 1;
    bool inside = true;
    for (int d = static_cast<int>(rank) - 1; d >= 0; --d) {
      const int64_t coordinate = rest % (*out_shape)[d] - paddings[d].first;
      rest /= (*out_shape)[d];
      if (coordinate < 0 || coordinate >= shape[d]) inside = false;
      source += coordinate * stride;
      stride *= shape[d];
    }
    output[i] = inside ? input[source] : value;
  }
  return output;
}

// PAD with a constant paddings tensor of `paddings_type`; tensor 0 is the
// input, 1 the paddings and 2 the output.
std::vector<uint8_t> BuildPad(const std::vector<int32_t>& shape,
                              const Paddings& paddings, DataType paddings_type,
                              const std::vector<int32_t>& paddings_shape,
                              DataType input_type = DataType::kFloat32) {
  ModelBuilder builder;
  const int in = builder.AddTensor(input_type, shape);
  std::vector<int64_t> flat;
  for (const auto& [before, after] : paddings) {
    flat.push_back(before);
    flat.push_back(after);
  }
  const int pads =
      paddings_type == DataType::kInt64
          ? builder.AddConstant(paddings_type, paddings_shape, flat)
          : builder.AddConstant(paddings_type, paddings_shape,
                                std::vector<int32_t>(flat.begin(), flat.end()));
  const int out = builder.AddTensor(input_type, {});
  return FinishSingleOpModel(builder, schema::BuiltinOperator_PAD, {in, pads},
                             {out}, {in}, schema::BuiltinOptions_PadOptions,
                             schema::CreatePadOptions(builder.fbb()).Union());
}

std::vector<int32_t> PaddingsShape(const Paddings& paddings) {
  return {static_cast<int32_t>(paddings.size()), 2};
}

// Every axis of each shape padded alone, then all axes at once, then none.
std::vector<PadCase> PadCases() {
  const std::vector<std::vector<int32_t>> shapes = {
      {13}, {1}, {3, 13}, {2, 3, 5}, {1, 3, 13, 2}, {2, 1, 3, 1, 2}, {0, 3}};
  std::vector<PadCase> cases;
  for (const std::vector<int32_t>& shape : shapes) {
    const Paddings none(shape.size(), {0, 0});
    for (size_t axis = 0; axis < shape.size(); ++axis) {
      Paddings one = none;
      one[axis] = {1, 2};
      cases.push_back({shape, one});
      one[axis] = {3, 0};
      cases.push_back({shape, one});
    }
    Paddings all = none;
    for (size_t d = 0; d < shape.size(); ++d) all[d] = {d % 3, (d + 1) % 2};
    cases.push_back({shape, all});
    cases.push_back({shape, none});
  }
  return cases;
}

class PadTest : public ::testing::TestWithParam<std::tuple<PadCase, DataType>> {
};

TEST_P(PadTest, MatchesNaivePad) {
  const auto& [c, paddings_type] = GetParam();
  std::mt19937 rng(31);
  const std::vector<float> input =
      RandomVector(rng, ElementCount(c.shape), 3.0f);

  std::vector<int32_t> expected_shape;
  const std::vector<float> expected =
      NaivePad(input, c.shape, c.paddings, &expected_shape);
  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(RunModel(
      BuildPad(c.shape, c.paddings, paddings_type, PaddingsShape(c.paddings)),
      {input}, expected_shape, &output));
  EXPECT_EQ(output, expected);
}

TEST(PadPathTest, RunsOnXnnpackUnlessEmpty) {
  ExpectNodePath(BuildPad({1, 3, 13, 2}, {{0, 0}, {1, 1}, {2, 0}, {0, 4}},
                          DataType::kInt32, {4, 2}),
                 "xnnpack");
  ExpectNodePath(BuildPad({0, 3}, {{1, 0}, {0, 1}}, DataType::kInt32, {2, 2}),
                 "reference");
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, PadTest,
    ::testing::Combine(::testing::ValuesIn(PadCases()),
                       ::testing::Values(DataType::kInt32, DataType::kInt64)));

struct PadErrorCase {
  std::string name;
  std::vector<int32_t> shape;
  Paddings paddings;
  std::vector<int32_t> paddings_shape;
  DataType paddings_type;
  std::string message;
  DataType input_type = DataType::kFloat32;
};

class PadErrorTest : public ::testing::TestWithParam<PadErrorCase> {};

TEST_P(PadErrorTest, PrepareFails) {
  const PadErrorCase& c = GetParam();
  ExpectBuildFails(BuildPad(c.shape, c.paddings, c.paddings_type,
                            c.paddings_shape, c.input_type),
                   c.message);
}

constexpr DataType kI32 = DataType::kInt32;
constexpr DataType kI64 = DataType::kInt64;

INSTANTIATE_TEST_SUITE_P(
    Cases, PadErrorTest,
    ::testing::Values(
        PadErrorCase{"NegativePadding",
                     {2, 3},
                     {{0, 0}, {-1, 0}},
                     {2, 2},
                     kI32,
                     "node 0 (PAD): input 1 (tensor 1) pads dim 1 by [-1,0]; "
                     "paddings must be non-negative"},
        PadErrorCase{"NegativeInt64Padding",
                     {2, 3},
                     {{0, -4}, {0, 0}},
                     {2, 2},
                     kI64,
                     "pads dim 0 by [0,-4]"},
        PadErrorCase{"Int64PaddingBeyondInt32",
                     {2, 3},
                     {{0, 0}, {0, int64_t{1} << 40}},
                     {2, 2},
                     kI64,
                     "pads dim 1 by [0,1099511627776]; paddings must be "
                     "non-negative int32 values"},
        PadErrorCase{
            "OutputDimTooLarge",
            {2, 3},
            {{std::numeric_limits<int32_t>::max(), 1}, {0, 0}},
            {2, 2},
            kI32,
            "pads dim 0 to 2147483650 elements, more than a dim can hold"},
        PadErrorCase{"TooManyPaddingRows",
                     {2, 3},
                     {{0, 0}, {0, 0}, {0, 0}},
                     {3, 2},
                     kI32,
                     "input 1 (tensor 1) has shape [3,2]; expected [2,2] for a "
                     "rank-2 input"},
        PadErrorCase{"ThreePaddingColumns",
                     {2, 3},
                     {{0, 0}, {0, 0}, {1, 1}},
                     {2, 3},
                     kI32,
                     "has shape [2,3]; expected [2,2]"},
        PadErrorCase{
            "FlatPaddings",
            {2, 3},
            {{0, 0}, {1, 1}},
            {4},
            kI32,
            "input 1 (tensor 1) has rank 1 (shape [4]); expected rank 2"},
        PadErrorCase{
            "FloatPaddings",
            {2, 3},
            {{0, 0}, {1, 1}},
            {2, 2},
            DataType::kFloat32,
            "input 1 (tensor 1) has type FLOAT32; expected INT32 or INT64"},
        PadErrorCase{"BoolInput",
                     {2, 3},
                     {{0, 0}, {1, 1}},
                     {2, 2},
                     kI32,
                     "input 0 (tensor 0) has type BOOL; expected FLOAT32, "
                     "UINT8, INT8, INT16, INT32 or INT64",
                     DataType::kBool}),
    CaseName());

TEST(PadInputTest, RejectsNonConstantPaddings) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {2, 3});
  const int pads = builder.AddTensor(DataType::kInt32, {2, 2});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  ExpectBuildFails(FinishSingleOpModel(builder, schema::BuiltinOperator_PAD,
                                       {in, pads}, {out}, {in, pads}),
                   "input 1 (tensor 1) must be a constant tensor");
}

TEST(PadInputTest, RejectsThirdInput) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {2});
  const int pads =
      builder.AddConstant<int32_t>(DataType::kInt32, {1, 2}, {1, 1});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  ExpectBuildFails(FinishSingleOpModel(builder, schema::BuiltinOperator_PAD,
                                       {in, pads, in}, {out}, {in}),
                   "has 3 inputs; expected 2");
}

// ---------------------------------------------------------------------------
// Other types, and PADV2. PAD pads with zero, which for UINT8, INT8 and
// INT16 is the output's zero point (not for INT32 and INT64, which TFLite
// pads with 0 whatever their quantization); PADV2 pads with its third input,
// one element of the input's type, quantized as the output is for UINT8, INT8
// and INT16. Values are copied as they are: an input quantized unlike the
// output is not requantized, as in TFLite.

// The padding value of PADV2, or none for PAD.
struct PadValue {
  std::vector<uint8_t> bytes;  // Empty: PAD.
  bool quantized_like_output = true;
  std::vector<int32_t> shape;  // A scalar unless set.
};

template <typename T>
std::vector<uint8_t> ValueBytes(T v) {
  std::vector<uint8_t> bytes(sizeof(T));
  std::memcpy(bytes.data(), &v, sizeof(T));
  return bytes;
}

// PAD or PADV2 of a graph input of `type`; integer tensors are quantized
// with scale 0.5 and `zero_point`, the output with `output_zero_point`.
std::vector<uint8_t> BuildTypedPad(DataType type,
                                   const std::vector<int32_t>& shape,
                                   const Paddings& paddings, int64_t zero_point,
                                   int64_t output_zero_point,
                                   const PadValue& value, DataType value_type) {
  ModelBuilder builder;
  const bool quantized = type != DataType::kFloat32;
  const int in = builder.AddTensor(type, shape);
  std::vector<int32_t> flat;
  for (const auto& [before, after] : paddings) {
    flat.push_back(static_cast<int32_t>(before));
    flat.push_back(static_cast<int32_t>(after));
  }
  const int pads =
      builder.AddConstant(DataType::kInt32, PaddingsShape(paddings), flat);
  std::vector<int> inputs = {in, pads};
  if (!value.bytes.empty()) {
    inputs.push_back(
        builder.AddConstantBytes(value_type, value.shape, value.bytes));
    if (quantized) {
      builder.SetQuantization(inputs.back(),
                              {value.quantized_like_output ? 0.5f : 0.25f},
                              {output_zero_point});
    }
  }
  const int out = builder.AddTensor(type, {});
  if (quantized) {
    builder.SetQuantization(in, {0.5f}, {zero_point});
    builder.SetQuantization(out, {0.5f}, {output_zero_point});
  }
  return FinishSingleOpModel(builder,
                             value.bytes.empty()
                                 ? schema::BuiltinOperator_PAD
                                 : schema::BuiltinOperator_PADV2,
                             inputs, {out}, {in});
}

using TypedPadParam = std::tuple<PadCase, DataType, bool>;

class TypedPadTest : public ::testing::TestWithParam<TypedPadParam> {
 protected:
  template <typename T>
  void Check() {
    const auto& [c, type, v2] = GetParam();
    const bool quantized = type != DataType::kFloat32;
    const bool zero_point_padding = type == DataType::kUInt8 ||
                                    type == DataType::kInt8 ||
                                    type == DataType::kInt16;
    // The input's zero point differs from the output's: neither PAD nor
    // PADV2 requantizes.
    const int64_t zero_point = quantized ? 7 : 0;
    const int64_t output_zero_point = quantized ? 11 : 0;
    std::mt19937 rng(17);
    std::uniform_int_distribution<int> values(0, 200);
    std::vector<T> input(ElementCount(c.shape));
    for (T& v : input) {
      v = static_cast<T>(values(rng) - (type == DataType::kUInt8 ? 0 : 100));
    }
    const T fill = v2                   ? static_cast<T>(47)
                   : zero_point_padding ? static_cast<T>(output_zero_point)
                                        : T();
    PadValue value;
    if (v2) value.bytes = ValueBytes(fill);
    value.quantized_like_output = zero_point_padding;
    std::vector<int32_t> expected_shape;
    const std::vector<T> expected =
        NaivePad(input, c.shape, c.paddings, &expected_shape, fill);
    std::vector<T> output;
    ASSERT_NO_FATAL_FAILURE(
        (RunModel<T, T>(BuildTypedPad(type, c.shape, c.paddings, zero_point,
                                      output_zero_point, value, type),
                        {input}, expected_shape, &output)));
    EXPECT_EQ(output, expected);
  }
};

TEST_P(TypedPadTest, MatchesNaivePad) {
  switch (std::get<1>(GetParam())) {
    case DataType::kFloat32:
      return Check<float>();
    case DataType::kUInt8:
      return Check<uint8_t>();
    case DataType::kInt8:
      return Check<int8_t>();
    case DataType::kInt16:
      return Check<int16_t>();
    case DataType::kInt32:
      return Check<int32_t>();
    default:
      return Check<int64_t>();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Types, TypedPadTest,
    ::testing::Combine(
        ::testing::Values(
            PadCase{{13}, {{2, 3}}},
            PadCase{{2, 3, 5}, {{1, 0}, {0, 2}, {3, 1}}},
            PadCase{{1, 3, 13, 2}, {{0, 0}, {1, 1}, {2, 0}, {0, 4}}},
            PadCase{{4}, {{0, 0}}}, PadCase{{0, 3}, {{1, 0}, {0, 1}}}),
        ::testing::Values(DataType::kFloat32, DataType::kUInt8, DataType::kInt8,
                          DataType::kInt16, DataType::kInt32, DataType::kInt64),
        ::testing::Bool()));

// FLOAT32 PADV2 pads with its value on the reference loop.
TEST(PadPathTest, PadV2RunsOnReference) {
  PadValue value;
  value.bytes = ValueBytes(2.5f);
  ExpectNodePath(BuildTypedPad(DataType::kFloat32, {1, 3, 13, 2},
                               {{0, 0}, {1, 1}, {2, 0}, {0, 4}}, 0, 0, value,
                               DataType::kFloat32),
                 "reference");
}

struct PadValueErrorCase {
  std::string name;
  DataType type;
  PadValue value;
  DataType value_type;
  std::string message;
};

class PadValueErrorTest : public ::testing::TestWithParam<PadValueErrorCase> {};

TEST_P(PadValueErrorTest, PrepareFails) {
  const PadValueErrorCase& c = GetParam();
  ExpectBuildFails(BuildTypedPad(c.type, {2, 3}, {{0, 0}, {1, 1}}, 0, 0,
                                 c.value, c.value_type),
                   c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PadValueErrorTest,
    ::testing::Values(
        PadValueErrorCase{"QuantizedUnlikeOutput", DataType::kInt8,
                          PadValue{{5}, false, {}}, DataType::kInt8,
                          "node 0 (PADV2): input 2 (tensor 2) is quantized "
                          "unlike output 0 (tensor 3); the padding value "
                          "must share the output's scale and zero point"},
        PadValueErrorCase{"TwoValues", DataType::kInt8,
                          PadValue{{5, 6}, true, {2}}, DataType::kInt8,
                          "input 2 (tensor 2) has shape [2]; the padding "
                          "value must be one element"},
        PadValueErrorCase{"ValueOfOtherType", DataType::kInt32,
                          PadValue{{5, 0}, true, {}}, DataType::kInt16,
                          "input 2 (tensor 2) has type INT16; expected "
                          "INT32"}),
    CaseName());

}  // namespace
}  // namespace testing
}  // namespace liten
