// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// STRIDED_SLICE, run through the loader and interpreter, against a naive
// slice written from Python's slicing rules: each spec entry picks a list of
// indices along its axis with range(start, stop, step).
#include <cstdint>
#include <ostream>
#include <random>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "schema/schema_generated.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

using ::testing::ElementsAreArray;

// A one-node STRIDED_SLICE model: tensor 0 is the input (a graph input, or a
// constant holding `data`), then begin, end and strides, then the output.
struct SliceGraph {
  std::vector<int32_t> input_shape = {3, 4};
  std::vector<int32_t> begin = {0, 1};
  std::vector<int32_t> end = {3, 4};
  std::vector<int32_t> strides = {1, 1};
  int32_t begin_mask = 0;
  int32_t end_mask = 0;
  int32_t ellipsis_mask = 0;
  int32_t new_axis_mask = 0;
  int32_t shrink_axis_mask = 0;
  bool offset = false;
  bool has_options = true;
  int version = 1;
  DataType input_type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  DataType index_type = DataType::kInt32;
  std::vector<int32_t> begin_shape;  // Replaces {begin.size()} when set.
  bool constant_begin = true;
  std::vector<int> node_inputs;  // Replaces {0, 1, 2, 3} when set.
  std::vector<int32_t> output_shape;
  // Input values, 4-byte elements; a constant input when set.
  std::vector<int32_t> constant_data;
};

std::vector<uint8_t> BuildModel(const SliceGraph& graph) {
  ModelBuilder builder;
  std::vector<int> graph_inputs;
  int input = 0;
  if (graph.constant_data.empty()) {
    input = builder.AddTensor(graph.input_type, graph.input_shape);
    graph_inputs.push_back(input);
  } else {
    input = builder.AddConstant(graph.input_type, graph.input_shape,
                                graph.constant_data);
  }
  const std::vector<int32_t> begin_shape =
      graph.begin_shape.empty()
          ? std::vector<int32_t>{static_cast<int32_t>(graph.begin.size())}
          : graph.begin_shape;
  int begin = 0;
  if (graph.index_type == DataType::kInt64) {
    begin = builder.AddConstant(
        graph.index_type, begin_shape,
        std::vector<int64_t>(graph.begin.begin(), graph.begin.end()));
  } else if (graph.constant_begin) {
    begin = builder.AddConstant(graph.index_type, begin_shape, graph.begin);
  } else {
    begin = builder.AddTensor(graph.index_type, begin_shape);
    graph_inputs.push_back(begin);
  }
  const int end = builder.AddConstant(
      DataType::kInt32, {static_cast<int32_t>(graph.end.size())}, graph.end);
  const int strides = builder.AddConstant(
      DataType::kInt32, {static_cast<int32_t>(graph.strides.size())},
      graph.strides);
  const int output = builder.AddTensor(graph.output_type, graph.output_shape);
  flatbuffers::Offset<void> options = 0;
  if (graph.has_options) {
    options = schema::CreateStridedSliceOptions(
                  builder.fbb(), graph.begin_mask, graph.end_mask,
                  graph.ellipsis_mask, graph.new_axis_mask,
                  graph.shrink_axis_mask, graph.offset)
                  .Union();
  }
  const std::vector<int> inputs =
      graph.node_inputs.empty() ? std::vector<int>{input, begin, end, strides}
                                : graph.node_inputs;
  return FinishSingleOpModel(builder, schema::BuiltinOperator_STRIDED_SLICE,
                             inputs, {output}, graph_inputs,
                             schema::BuiltinOptions_StridedSliceOptions,
                             options, graph.version);
}

bool Bit(int32_t mask, size_t i) { return (mask >> i) & 1; }

// The slice of `input` (row-major, of the graph's input shape) that `graph`
// describes, and its shape, following Python: x[b:e:s, ..., tf.newaxis, i].
template <typename T>
std::vector<T> NaiveSlice(const SliceGraph& graph, const std::vector<T>& input,
                          std::vector<int32_t>* output_shape) {
  const std::vector<int32_t>& shape = graph.input_shape;
  const size_t entries = graph.begin.size();
  size_t indexing = 0;
  for (size_t i = 0; i < entries; ++i) {
    if (!Bit(graph.ellipsis_mask, i) && !Bit(graph.new_axis_mask, i)) {
      ++indexing;
    }
  }
  // picks[axis]: the input indices taken along each input axis, in order.
  std::vector<std::vector<int64_t>> picks;
  output_shape->clear();
  const auto take_whole_axis = [&] {
    const int32_t dim = shape[picks.size()];
    picks.emplace_back();
    for (int32_t i = 0; i < dim; ++i) picks.back().push_back(i);
    output_shape->push_back(dim);
  };
  for (size_t i = 0; i < entries; ++i) {
    if (Bit(graph.ellipsis_mask, i)) {
      const size_t covered = shape.size() - indexing;
      for (size_t k = 0; k < covered; ++k) take_whole_axis();
      continue;
    }
    if (Bit(graph.new_axis_mask, i)) {
      output_shape->push_back(1);
      continue;
    }
    const int64_t dim = shape[picks.size()];
    const int64_t step = graph.strides[i];
    picks.emplace_back();
    if (Bit(graph.shrink_axis_mask, i)) {
      int64_t index = Bit(graph.begin_mask, i) ? 0 : graph.begin[i];
      if (index < 0) index += dim;
      picks.back().push_back(index);
      continue;
    }
    // Python's slice.indices(): negative indices count from the end, then
    // clamp to [0, dim] going forward, [-1, dim - 1] going backward.
    const auto normalize = [&](int64_t index) {
      if (index < 0) index += dim;
      const int64_t low = step > 0 ? 0 : -1;
      const int64_t high = step > 0 ? dim : dim - 1;
      return index < low ? low : (index > high ? high : index);
    };
    const int64_t start = Bit(graph.begin_mask, i) ? (step > 0 ? 0 : dim - 1)
                                                   : normalize(graph.begin[i]);
    int64_t stop = step > 0 ? dim : -1;
    if (!Bit(graph.end_mask, i)) {
      stop = normalize(graph.offset ? start + graph.end[i] : graph.end[i]);
    }
    for (int64_t index = start; step > 0 ? index < stop : index > stop;
         index += step) {
      picks.back().push_back(index);
    }
    output_shape->push_back(static_cast<int32_t>(picks.back().size()));
  }
  while (picks.size() < shape.size()) take_whole_axis();

  std::vector<T> output;
  std::vector<size_t> position(picks.size(), 0);
  for (const std::vector<int64_t>& axis : picks) {
    if (axis.empty()) return output;
  }
  while (true) {
    int64_t offset = 0;
    for (size_t d = 0; d < picks.size(); ++d) {
      offset = offset * shape[d] + picks[d][position[d]];
    }
    output.push_back(input[offset]);
    int d = static_cast<int>(picks.size()) - 1;
    for (; d >= 0; --d) {
      if (++position[d] < picks[d].size()) break;
      position[d] = 0;
    }
    if (d < 0) return output;
  }
}

struct SliceCase {
  const char* name;
  SliceGraph graph;
};

void PrintTo(const SliceCase& c, std::ostream* os) { *os << c.name; }

SliceGraph Slice(std::vector<int32_t> input_shape, std::vector<int32_t> begin,
                 std::vector<int32_t> end, std::vector<int32_t> strides) {
  SliceGraph graph;
  graph.input_shape = std::move(input_shape);
  graph.begin = std::move(begin);
  graph.end = std::move(end);
  graph.strides = std::move(strides);
  return graph;
}

template <typename Change>
SliceGraph With(SliceGraph graph, Change change) {
  change(graph);
  return graph;
}

class StridedSliceTest : public ::testing::TestWithParam<SliceCase> {
 protected:
  // The case on a graph input of `type`, whose elements T holds.
  template <typename T>
  void CheckType(DataType type) {
    SCOPED_TRACE(DataTypeName(type));
    SliceGraph graph = GetParam().graph;
    graph.input_type = graph.output_type = type;
    std::vector<T> input(ElementCount(graph.input_shape));
    for (size_t i = 0; i < input.size(); ++i) {
      input[i] = static_cast<T>(type == DataType::kBool ? i % 2 : i * 37 + 5);
    }
    std::vector<int32_t> expected_shape;
    const std::vector<T> expected = NaiveSlice(graph, input, &expected_shape);
    graph.output_shape = expected_shape;
    std::vector<T> output;
    ASSERT_NO_FATAL_FAILURE(
        RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
    EXPECT_THAT(output, ElementsAreArray(expected));
  }
};

TEST_P(StridedSliceTest, Float32MatchesNaiveSlice) {
  SliceGraph graph = GetParam().graph;
  std::mt19937 rng(1234);
  const std::vector<float> input =
      RandomVector(rng, ElementCount(graph.input_shape), 10.0f);
  std::vector<int32_t> expected_shape;
  const std::vector<float> expected = NaiveSlice(graph, input, &expected_shape);
  graph.output_shape = expected_shape;

  std::vector<float> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {input}, graph.output_shape, &output));
  EXPECT_THAT(output, ElementsAreArray(expected));
}

// INT32 with a constant input, so the interpreter folds the node at Prepare.
TEST_P(StridedSliceTest, Int32ConstantMatchesNaiveSlice) {
  SliceGraph graph = GetParam().graph;
  std::mt19937 rng(99);
  std::uniform_int_distribution<int32_t> dist(-1000000, 1000000);
  graph.input_type = graph.output_type = DataType::kInt32;
  graph.constant_data.resize(ElementCount(graph.input_shape));
  for (int32_t& v : graph.constant_data) v = dist(rng);
  std::vector<int32_t> expected_shape;
  const std::vector<int32_t> expected =
      NaiveSlice(graph, graph.constant_data, &expected_shape);
  graph.output_shape = expected_shape;

  std::vector<int32_t> output;
  ASSERT_NO_FATAL_FAILURE(
      RunModel(BuildModel(graph), {}, graph.output_shape, &output));
  EXPECT_THAT(output, ElementsAreArray(expected));
}

// The other types TFLite 2.9.0 slices; elements move as bytes.
TEST_P(StridedSliceTest, OtherTypesMatchNaiveSlice) {
  CheckType<uint8_t>(DataType::kUInt8);
  CheckType<int8_t>(DataType::kInt8);
  CheckType<int16_t>(DataType::kInt16);
  CheckType<int64_t>(DataType::kInt64);
  CheckType<uint8_t>(DataType::kBool);
}

const SliceCase kSliceCases[] = {
    {"Rank1Plain", Slice({13}, {2}, {11}, {1})},
    {"Rank1Stride3", Slice({13}, {1}, {13}, {3})},
    {"Rank1Size1", Slice({1}, {0}, {1}, {1})},
    {"Rank1Reverse", Slice({13}, {-1}, {-14}, {-1})},
    {"Rank1ReverseStride2", Slice({13}, {11}, {2}, {-2})},
    {"Rank1NegativeIndices", Slice({13}, {-5}, {-1}, {1})},
    {"Rank1BeginPastEnd", Slice({13}, {20}, {30}, {1})},
    {"Rank1EndBeforeBegin", Slice({13}, {8}, {3}, {1})},
    {"Rank1ClampBoth", Slice({3}, {-100}, {100}, {1})},
    {"Rank1ClampBothReverse", Slice({3}, {100}, {-100}, {-1})},
    {"Rank1StrideLargerThanAxis", Slice({3}, {0}, {3}, {7})},
    {"Rank1BeginMask",
     With(Slice({13}, {9}, {7}, {2}), [](SliceGraph& g) { g.begin_mask = 1; })},
    {"Rank1EndMask",
     With(Slice({13}, {4}, {0}, {3}), [](SliceGraph& g) { g.end_mask = 1; })},
    {"Rank1BothMasksReverse", With(Slice({13}, {0}, {0}, {-3}),
                                   [](SliceGraph& g) {
                                     g.begin_mask = 1;
                                     g.end_mask = 1;
                                   })},
    {"Rank1Shrink", With(Slice({13}, {5}, {0}, {1}),
                         [](SliceGraph& g) { g.shrink_axis_mask = 1; })},
    {"Rank1ShrinkNegative",
     With(Slice({13}, {-1}, {0}, {1}),
          [](SliceGraph& g) { g.shrink_axis_mask = 1; })},
    {"Rank2Plain", Slice({3, 4}, {0, 1}, {3, 4}, {1, 1})},
    {"Rank2MixedStrides", Slice({13, 3}, {12, 0}, {0, 3}, {-4, 2})},
    {"Rank2ShrinkRow", With(Slice({3, 13}, {1, 2}, {2, 11}, {1, 3}),
                            [](SliceGraph& g) { g.shrink_axis_mask = 1; })},
    {"Rank2ShrinkBoth", With(Slice({3, 13}, {-1, 12}, {0, 0}, {1, 1}),
                             [](SliceGraph& g) { g.shrink_axis_mask = 3; })},
    {"Rank2FewerEntries", Slice({13, 3}, {2}, {9}, {2})},
    {"Rank2EmptyResult", Slice({3, 13}, {0, 5}, {3, 5}, {1, 1})},
    {"Rank3Masks", With(Slice({3, 13, 3}, {1, 3, 2}, {2, 10, 0}, {1, 2, -1}),
                        [](SliceGraph& g) {
                          g.begin_mask = 0b010;
                          g.end_mask = 0b100;
                        })},
    {"Rank3NewAxisFirst",
     With(Slice({3, 1, 13}, {0, 0, 1, 0}, {1, 3, 1, 13}, {1, 1, 1, 4}),
          [](SliceGraph& g) { g.new_axis_mask = 0b0001; })},
    {"Rank3NewAxisMiddleAndLast",
     With(Slice({3, 1, 13}, {0, 0, 0, 2, 0}, {3, 1, 1, 9, 1}, {1, 1, 1, 2, 1}),
          [](SliceGraph& g) { g.new_axis_mask = 0b10010; })},
    {"Rank3NewAxisWinsOverShrink",
     With(Slice({3, 1, 13}, {0, 0, 0, 0}, {1, 3, 1, 13}, {1, 1, 1, 1}),
          [](SliceGraph& g) {
            g.new_axis_mask = 0b0001;
            g.shrink_axis_mask = 0b0011;
          })},
    {"Rank3EllipsisFirst", With(Slice({3, 1, 13}, {0, 5}, {0, 13}, {1, 2}),
                                [](SliceGraph& g) { g.ellipsis_mask = 0b01; })},
    {"Rank3EllipsisLast", With(Slice({3, 1, 13}, {1, 0}, {3, 0}, {1, 1}),
                               [](SliceGraph& g) { g.ellipsis_mask = 0b10; })},
    {"Rank4EllipsisMiddleWithShrink",
     With(Slice({3, 1, 3, 13}, {-1, 0, 3}, {0, 0, 13}, {1, 1, 3}),
          [](SliceGraph& g) {
            g.ellipsis_mask = 0b010;
            g.shrink_axis_mask = 0b001;
          })},
    {"Rank4EllipsisWinsOverNewAxis",
     With(Slice({3, 1, 3, 13}, {0, 1}, {0, 3}, {1, 1}),
          [](SliceGraph& g) {
            g.ellipsis_mask = 0b01;
            g.new_axis_mask = 0b01;
          })},
    {"Rank4EllipsisAndNewAxes",
     With(Slice({3, 1, 3, 13}, {0, 0, 0, 12}, {0, 0, 0, 0}, {1, 1, 1, -5}),
          [](SliceGraph& g) {
            g.new_axis_mask = 0b0101;
            g.ellipsis_mask = 0b0010;
          })},
    {"Rank4CoveredEllipsis",
     With(Slice({3, 1, 3, 13}, {0, 2, 0, 0, 1}, {3, 3, 0, 1, 13},
                {1, 1, 1, 1, 5}),
          [](SliceGraph& g) { g.ellipsis_mask = 0b00100; })},
    {"Rank5AllMasks", With(Slice({3, 1, 3, 13, 2}, {-2, 0, 0, 0, 11, 1},
                                 {0, 0, 1, 0, 0, 0}, {1, 1, 1, 1, -3, -1}),
                           [](SliceGraph& g) {
                             g.begin_mask = 0b000001;
                             g.end_mask = 0b110001;
                             g.ellipsis_mask = 0b000100;
                             g.new_axis_mask = 0b001010;
                             g.shrink_axis_mask = 0b000001;
                           })},
    {"Rank5Reverse", Slice({2, 3, 1, 3, 13}, {-1, -1, -1, -1, -1},
                           {-3, -4, -2, -4, -14}, {-1, -2, -1, -1, -5})},
    {"Rank5Clamped", Slice({2, 3, 1, 3, 13}, {-9, 1, 0, -50, 40},
                           {9, 50, 5, 50, -40}, {1, 1, 1, 2, -4})},
    {"Rank5NoOptions", With(Slice({2, 3, 1, 3, 13}, {1, 1, 0, 1, 1},
                                  {2, 3, 1, 3, 13}, {1, 1, 1, 1, 1}),
                            [](SliceGraph& g) { g.has_options = false; })},
    {"Offset", With(Slice({3, 13}, {1, -9}, {2, 6}, {1, 2}),
                    [](SliceGraph& g) {
                      g.offset = true;
                      g.version = 8;
                    })},
    {"OffsetClamped", With(Slice({3, 13}, {2, 10}, {5, 10}, {1, 1}),
                           [](SliceGraph& g) {
                             g.offset = true;
                             g.version = 8;
                           })},
};

INSTANTIATE_TEST_SUITE_P(Cases, StridedSliceTest,
                         ::testing::ValuesIn(kSliceCases), CaseName());

// Values worked out by hand, checking the naive slice itself.
TEST(StridedSliceExampleTest, KnownResults) {
  struct Example {
    SliceGraph graph;
    std::vector<int32_t> shape;
    std::vector<float> values;
  };
  const Example examples[] = {
      // x[::-2] of 0..9.
      {With(Slice({10}, {0}, {0}, {-2}),
            [](SliceGraph& g) { g.begin_mask = g.end_mask = 1; }),
       {5},
       {9, 7, 5, 3, 1}},
      // x[1, ::2] of a 2x5 iota.
      {With(Slice({2, 5}, {1, 0}, {2, 5}, {1, 2}),
            [](SliceGraph& g) { g.shrink_axis_mask = 1; }),
       {3},
       {5, 7, 9}},
      // x[..., tf.newaxis, -1] of a 2x5 iota.
      {With(Slice({2, 5}, {0, 0, -1}, {0, 1, 0}, {1, 1, 1}),
            [](SliceGraph& g) {
              g.ellipsis_mask = 1;
              g.new_axis_mask = 2;
              g.shrink_axis_mask = 4;
            }),
       {2, 1},
       {4, 9}},
      // x[-100:3] of 0..9: the begin clamps to 0.
      {Slice({10}, {-100}, {3}, {1}), {3}, {0, 1, 2}},
  };
  for (const Example& example : examples) {
    std::vector<float> iota(ElementCount(example.graph.input_shape));
    for (size_t i = 0; i < iota.size(); ++i) iota[i] = static_cast<float>(i);
    std::vector<int32_t> naive_shape;
    EXPECT_THAT(NaiveSlice(example.graph, iota, &naive_shape),
                ElementsAreArray(example.values));
    EXPECT_EQ(naive_shape, example.shape);

    SliceGraph graph = example.graph;
    graph.output_shape = example.shape;
    std::vector<float> output;
    ASSERT_NO_FATAL_FAILURE(
        RunModel(BuildModel(graph), {iota}, graph.output_shape, &output));
    EXPECT_THAT(output, ElementsAreArray(example.values));
  }
}

const ModelErrorCase<SliceGraph> kSliceErrorCases[] = {
    {"ZeroStride",
     [](SliceGraph& g) {
       g.strides = {1, 0};
     },
     StatusCode::kInvalidModel,
     "input 3 (tensor 3): strides[1] is 0; strides must be non-zero"},
    {"BeginLongerThanRank",
     [](SliceGraph& g) {
       g.begin = {0, 0, 0};
       g.end = {1, 1, 1};
       g.strides = {1, 1, 1};
     },
     StatusCode::kInvalidModel,
     "begin (tensor 1) indexes 3 axes; input 0 (tensor 0) has 2"},
    {"EndShorterThanBegin", [](SliceGraph& g) { g.end = {3}; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2) has 1 entries, but begin (tensor 1) has 2"},
    {"StridesLongerThanBegin",
     [](SliceGraph& g) {
       g.strides = {1, 1, 1};
     },
     StatusCode::kInvalidModel,
     "input 3 (tensor 3) has 3 entries, but begin (tensor 1) has 2"},
    {"NonConstantBegin", [](SliceGraph& g) { g.constant_begin = false; },
     StatusCode::kUnsupported, "input 1 (tensor 1) must be a constant tensor"},
    {"Int64Indices", [](SliceGraph& g) { g.index_type = DataType::kInt64; },
     StatusCode::kUnsupported,
     "input 1 (tensor 1) has type INT64; expected INT32"},
    {"BeginRank2",
     [](SliceGraph& g) {
       g.begin_shape = {1, 2};
     },
     StatusCode::kInvalidModel, "input 1 (tensor 1) has rank 2"},
    {"TwoEllipses", [](SliceGraph& g) { g.ellipsis_mask = 0b11; },
     StatusCode::kInvalidModel,
     "ellipsis_mask has more than one bit set (entries 0 and 1)"},
    {"ShrinkOutOfRange",
     [](SliceGraph& g) {
       g.begin = {3, 0};
       g.shrink_axis_mask = 1;
     },
     StatusCode::kInvalidModel,
     "begin[0] = 3 is out of range for shrunk axis 0 of size 3"},
    {"ShrinkNegativeOutOfRange",
     [](SliceGraph& g) {
       g.begin = {0, -5};
       g.shrink_axis_mask = 2;
     },
     StatusCode::kInvalidModel,
     "begin[1] = -5 is out of range for shrunk axis 1 of size 4"},
    {"ShrinkNegativeStride",
     [](SliceGraph& g) {
       g.strides = {-1, 1};
       g.shrink_axis_mask = 1;
     },
     StatusCode::kInvalidModel,
     "spec entry 0 shrinks its axis but has negative stride -1"},
    {"TooManyNewAxes",
     [](SliceGraph& g) {
       g.begin.assign(9, 0);
       g.end.assign(9, 1);
       g.strides.assign(9, 1);
       g.new_axis_mask = 0x7f;
     },
     StatusCode::kUnsupported, "more than 8 dimensions"},
    {"OutputTypeMismatch",
     [](SliceGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "output 0 (tensor 4) has type INT32; expected FLOAT32"},
    {"ThreeInputs",
     [](SliceGraph& g) {
       g.node_inputs = {0, 1, 2};
     },
     StatusCode::kInvalidModel, "has 3 inputs; expected 4"},
    {"OmittedStrides",
     [](SliceGraph& g) {
       g.node_inputs = {0, 1, 2, -1};
     },
     StatusCode::kInvalidModel, "omitted"},
    {"Version9", [](SliceGraph& g) { g.version = 9; }, StatusCode::kUnsupported,
     "version 9"},
};

LITEN_MODEL_ERROR_TESTS(StridedSlice, BuildModel, kSliceErrorCases);

}  // namespace
}  // namespace testing
}  // namespace liten
