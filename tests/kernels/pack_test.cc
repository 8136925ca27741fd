// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// PACK and UNPACK through the loader and interpreter, against naive versions
// written from numpy's stack and unstack: output[..., k, ...] = input_k,
// indexed coordinate by coordinate.
#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

// A one-node PACK or UNPACK model: the packed tensor (`packed_shape`) and
// `parts` tensors of `part_shape`, all graph inputs on the input side.
struct PackGraph {
  bool unpack = false;
  DataType type = DataType::kFloat32;
  std::vector<int32_t> part_shape = {2, 3};
  std::vector<int32_t> packed_shape = {2, 3, 3};  // For UNPACK's input.
  int parts = 3;
  int32_t count_option = 3;  // values_count or num.
  int32_t axis = 1;
  bool has_options = true;
  // Quantization of the parts, of part 1 alone (replacing the former) and
  // of the packed tensor; none when empty.
  std::vector<float> part_scales;
  std::vector<float> part1_scales;
  std::vector<float> packed_scales;
  DataType part1_type = DataType::kFloat32;  // Used when `mismatch_type`.
  bool mismatch_type = false;
  std::vector<int32_t> part1_shape;  // Replaces part_shape for part 1.
  int version = 1;
};

std::vector<uint8_t> BuildModel(const PackGraph& graph) {
  ModelBuilder builder;
  const auto add_part = [&](int i) {
    const DataType type =
        i == 1 && graph.mismatch_type ? graph.part1_type : graph.type;
    const int tensor = builder.AddTensor(
        type, i == 1 && !graph.part1_shape.empty() ? graph.part1_shape
                                                   : graph.part_shape);
    const std::vector<float>& scales = i == 1 && !graph.part1_scales.empty()
                                           ? graph.part1_scales
                                           : graph.part_scales;
    if (!scales.empty()) builder.SetQuantization(tensor, scales, {0});
    return tensor;
  };
  const auto add_packed = [&]() {
    const int tensor = builder.AddTensor(
        graph.type, graph.unpack ? graph.packed_shape : std::vector<int32_t>{});
    if (!graph.packed_scales.empty()) {
      builder.SetQuantization(tensor, graph.packed_scales, {0});
    }
    return tensor;
  };
  if (graph.unpack) {
    const int input = add_packed();
    std::vector<int> outputs;
    for (int i = 0; i < graph.parts; ++i) outputs.push_back(add_part(i));
    flatbuffers::Offset<void> options = 0;
    if (graph.has_options) {
      options = schema::CreateUnpackOptions(builder.fbb(), graph.count_option,
                                            graph.axis)
                    .Union();
    }
    return FinishSingleOpModel(
        builder, schema::BuiltinOperator_UNPACK, {input}, outputs, {input},
        schema::BuiltinOptions_UnpackOptions, options, graph.version);
  }
  std::vector<int> inputs;
  for (int i = 0; i < graph.parts; ++i) inputs.push_back(add_part(i));
  const int output = add_packed();
  flatbuffers::Offset<void> options = 0;
  if (graph.has_options) {
    options =
        schema::CreatePackOptions(builder.fbb(), graph.count_option, graph.axis)
            .Union();
  }
  return FinishSingleOpModel(
      builder, schema::BuiltinOperator_PACK, inputs, {output}, inputs,
      schema::BuiltinOptions_PackOptions, options, graph.version);
}

// numpy.stack(parts, axis): the packed shape and elements.
template <typename T>
std::vector<T> NaiveStack(const std::vector<std::vector<T>>& parts,
                          const std::vector<int32_t>& part_shape, int axis,
                          std::vector<int32_t>* packed_shape) {
  *packed_shape = part_shape;
  packed_shape->insert(packed_shape->begin() + axis,
                       static_cast<int32_t>(parts.size()));
  std::vector<T> packed;
  std::vector<int32_t> index(packed_shape->size(), 0);
  const int64_t count = ElementCount(*packed_shape);
  for (int64_t flat = 0; flat < count; ++flat) {
    // The part's own coordinates: all but the packed axis.
    int64_t offset = 0;
    for (size_t d = 0; d < index.size(); ++d) {
      if (static_cast<int>(d) != axis) {
        offset = offset * (*packed_shape)[d] + index[d];
      }
    }
    packed.push_back(parts[index[axis]][offset]);
    for (int d = static_cast<int>(index.size()) - 1; d >= 0; --d) {
      if (++index[d] < (*packed_shape)[d]) break;
      index[d] = 0;
    }
  }
  return packed;
}

struct StackCase {
  std::string name;
  std::vector<int32_t> part_shape;
  int parts;
  int32_t axis;
};

class PackTest : public ::testing::TestWithParam<StackCase> {
 protected:
  template <typename T>
  void Check(DataType type) {
    const StackCase& c = GetParam();
    const int axis = c.axis < 0
                         ? c.axis + static_cast<int>(c.part_shape.size()) + 1
                         : c.axis;
    std::vector<std::vector<T>> parts(c.parts);
    for (int k = 0; k < c.parts; ++k) {
      parts[k].resize(ElementCount(c.part_shape));
      for (size_t i = 0; i < parts[k].size(); ++i) {
        parts[k][i] = static_cast<T>(k * 100 + i + 1);
      }
    }
    std::vector<int32_t> packed_shape;
    const std::vector<T> packed =
        NaiveStack(parts, c.part_shape, axis, &packed_shape);

    PackGraph pack;
    pack.type = type;
    pack.part_shape = c.part_shape;
    pack.parts = pack.count_option = c.parts;
    pack.axis = c.axis;
    std::vector<T> output;
    ASSERT_NO_FATAL_FAILURE(
        RunModel(BuildModel(pack), parts, packed_shape, &output));
    EXPECT_EQ(output, packed);

    PackGraph unpack = pack;
    unpack.unpack = true;
    unpack.packed_shape = packed_shape;
    TestInterpreter interpreter;
    const Status built = interpreter.Build(BuildModel(unpack));
    ASSERT_TRUE(built.ok()) << built.message();
    ASSERT_TRUE(interpreter.SetInput(0, packed).ok());
    ASSERT_TRUE(interpreter.Invoke().ok());
    for (int k = 0; k < c.parts; ++k) {
      EXPECT_EQ(interpreter.OutputShape(k), c.part_shape) << "part " << k;
      EXPECT_EQ(interpreter.Output<T>(k), parts[k]) << "part " << k;
    }
  }
};

TEST_P(PackTest, Float32MatchesNaiveStack) { Check<float>(DataType::kFloat32); }
TEST_P(PackTest, UInt8MatchesNaiveStack) { Check<uint8_t>(DataType::kUInt8); }
TEST_P(PackTest, Int16MatchesNaiveStack) { Check<int16_t>(DataType::kInt16); }
TEST_P(PackTest, Int64MatchesNaiveStack) { Check<int64_t>(DataType::kInt64); }

INSTANTIATE_TEST_SUITE_P(
    Cases, PackTest,
    ::testing::Values(StackCase{"Scalars", {}, 3, 0},
                      StackCase{"VectorsFirst", {17}, 3, 0},
                      StackCase{"VectorsLast", {17}, 2, 1},
                      StackCase{"Middle", {2, 3, 5}, 4, 1},
                      StackCase{"NegativeAxis", {2, 3, 5}, 2, -2},
                      StackCase{"NegativeLast", {4, 3}, 3, -1},
                      StackCase{"One", {1, 13}, 1, 2},
                      StackCase{"Empty", {2, 0}, 2, 1}),
    CaseName());

// Two parts, [1, 2] and [3, 4], stacked along each axis.
TEST(PackExampleTest, KnownResults) {
  const std::vector<std::vector<float>> parts = {{1, 2}, {3, 4}};
  std::vector<int32_t> shape;
  EXPECT_THAT(NaiveStack(parts, {2}, 0, &shape),
              ::testing::ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(shape, ::testing::ElementsAre(2, 2));
  EXPECT_THAT(NaiveStack(parts, {2}, 1, &shape),
              ::testing::ElementsAre(1, 3, 2, 4));
}

// Quantized tensors pack as they are when every side agrees.
TEST(PackQuantizedTest, SameQuantizationPacks) {
  PackGraph graph;
  graph.type = DataType::kInt8;
  graph.parts = graph.count_option = 2;
  graph.part_shape = {3};
  graph.axis = 0;
  graph.part_scales = {0.5f};
  graph.packed_scales = {0.5f};
  std::vector<int8_t> output;
  ASSERT_NO_FATAL_FAILURE((RunModel<int8_t, int8_t>(
      BuildModel(graph), {{1, -2, 3}, {-128, 0, 127}}, {2, 3}, &output)));
  EXPECT_THAT(output, ::testing::ElementsAre(1, -2, 3, -128, 0, 127));
}

const ModelErrorCase<PackGraph> kPackErrorCases[] = {
    {"CountMismatch", [](PackGraph& g) { g.count_option = 2; },
     StatusCode::kInvalidModel,
     "node 0 (PACK): values_count is 2 but the node has 3 inputs"},
    {"NoOptions", [](PackGraph& g) { g.has_options = false; },
     StatusCode::kInvalidModel, "values_count is 0 but the node has 3 inputs"},
    {"AxisOutOfRange", [](PackGraph& g) { g.axis = 3; },
     StatusCode::kInvalidModel, "axis 3 is out of range for rank 3"},
    {"NegativeAxisOutOfRange", [](PackGraph& g) { g.axis = -4; },
     StatusCode::kInvalidModel, "axis -4 is out of range for rank 3"},
    {"ShapeMismatch",
     [](PackGraph& g) {
       g.part1_shape = {3, 2};
     },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1) has shape [3,2]; input 0 has [2,3]"},
    {"TypeMismatch",
     [](PackGraph& g) {
       g.mismatch_type = true;
       g.part1_type = DataType::kInt32;
     },
     StatusCode::kUnsupported,
     "input 1 (tensor 1) has type INT32; expected FLOAT32"},
    {"QuantizationMismatch",
     [](PackGraph& g) {
       g.type = DataType::kInt8;
       g.part1_scales = {0.25f};
     },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1) is quantized differently from output 0 (tensor 3)"},
    {"RankNine", [](PackGraph& g) { g.part_shape = {1, 1, 1, 1, 1, 1, 1, 2}; },
     StatusCode::kUnsupported,
     "packing rank-8 inputs would give the output more than 8 dimensions"},
    {"Version4", [](PackGraph& g) { g.version = 4; }, StatusCode::kUnsupported,
     "version 4"},
};

LITEN_MODEL_ERROR_TESTS(Pack, BuildModel, kPackErrorCases);

std::vector<uint8_t> BuildUnpack(const PackGraph& graph) {
  PackGraph unpack = graph;
  unpack.unpack = true;
  return BuildModel(unpack);
}

const ModelErrorCase<PackGraph> kUnpackErrorCases[] = {
    {"NumMismatch", [](PackGraph& g) { g.count_option = 2; },
     StatusCode::kInvalidModel,
     "node 0 (UNPACK): num is 2 but input 0 (tensor 0) has 3 elements along "
     "axis 1"},
    {"NoOptions", [](PackGraph& g) { g.has_options = false; },
     StatusCode::kInvalidModel, "num is 0 but input 0 (tensor 0) has 2"},
    {"OutputCount", [](PackGraph& g) { g.parts = 2; },
     StatusCode::kInvalidModel, "has 2 outputs; expected 3"},
    {"AxisOutOfRange", [](PackGraph& g) { g.axis = 3; },
     StatusCode::kInvalidModel, "axis 3 is out of range for rank 3"},
    {"ScalarInput",
     [](PackGraph& g) {
       g.packed_shape = {};
       g.axis = 0;
     },
     StatusCode::kInvalidModel, "axis 0 is out of range for rank 0"},
    {"OutputType",
     [](PackGraph& g) {
       g.mismatch_type = true;
       g.part1_type = DataType::kInt32;
     },
     StatusCode::kUnsupported,
     "output 1 (tensor 2) has type INT32; expected FLOAT32"},
    {"QuantizationMismatch",
     [](PackGraph& g) {
       g.type = DataType::kUInt8;
       g.packed_scales = {0.25f};
     },
     StatusCode::kInvalidModel,
     "output 0 (tensor 1) is quantized differently from input 0 (tensor 0)"},
    {"Version5", [](PackGraph& g) { g.version = 5; }, StatusCode::kUnsupported,
     "version 5"},
};

LITEN_MODEL_ERROR_TESTS(Unpack, BuildUnpack, kUnpackErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
