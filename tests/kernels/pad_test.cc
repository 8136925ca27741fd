// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// PAD, run through the loader and interpreter, against a per-element
// definition: an output element is the input element it lands on, or zero.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
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

std::vector<float> NaivePad(const std::vector<float>& input,
                            const std::vector<int32_t>& shape,
                            const Paddings& paddings,
                            std::vector<int32_t>* out_shape) {
  const size_t rank = shape.size();
  out_shape->resize(rank);
  for (size_t d = 0; d < rank; ++d) {
    (*out_shape)[d] =
        static_cast<int32_t>(shape[d] + paddings[d].first + paddings[d].second);
  }
  std::vector<float> output(ElementCount(*out_shape));
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
    output[i] = inside ? input[source] : 0.0f;
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
        PadErrorCase{"Int32Input",
                     {2, 3},
                     {{0, 0}, {1, 1}},
                     {2, 2},
                     kI32,
                     "input 0 (tensor 0) has type INT32; expected FLOAT32",
                     DataType::kInt32}),
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

}  // namespace
}  // namespace testing
}  // namespace liten
