// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// ARG_MAX through the loader and interpreter against a naive definition:
// every axis of several shapes, each input type, INT32 and INT64 axes and
// indices, ties (the first index wins) and NaN.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

struct ArgMaxSpec {
  DataType input_type = DataType::kFloat32;
  std::vector<int32_t> shape = {2, 3};
  DataType axis_type = DataType::kInt32;
  std::vector<int64_t> axis = {1};
  bool axis_constant = true;
  bool has_options = true;
  schema::TensorType output_type = schema::TensorType_INT32;
  DataType output_tensor_type = DataType::kInt32;
  std::vector<int32_t> output_shape = {2};
};

std::vector<uint8_t> BuildArgMax(const ArgMaxSpec& spec) {
  ModelBuilder builder;
  const int in = builder.AddTensor(spec.input_type, spec.shape);
  if (spec.input_type == DataType::kInt8 || spec.input_type == DataType::kUInt8) {
    builder.SetQuantization(in, {0.5f},
                            {spec.input_type == DataType::kUInt8 ? 128 : 0});
  }
  const std::vector<int32_t> axis_shape = {
      static_cast<int32_t>(spec.axis.size())};
  int axis;
  if (!spec.axis_constant) {
    axis = builder.AddTensor(spec.axis_type, axis_shape);
  } else if (spec.axis_type == DataType::kInt64) {
    axis = builder.AddConstant(spec.axis_type, axis_shape, spec.axis);
  } else {
    axis = builder.AddConstant(
        spec.axis_type, axis_shape,
        std::vector<int32_t>(spec.axis.begin(), spec.axis.end()));
  }
  const int out = builder.AddTensor(spec.output_tensor_type, spec.output_shape);
  flatbuffers::Offset<void> options = 0;
  if (spec.has_options) {
    options =
        schema::CreateArgMaxOptions(builder.fbb(), spec.output_type).Union();
  }
  std::vector<int> graph_inputs = {in};
  if (!spec.axis_constant) graph_inputs.push_back(axis);
  return FinishSingleOpModel(builder, schema::BuiltinOperator_ARG_MAX,
                             {in, axis}, {out}, graph_inputs,
                             spec.has_options ? schema::BuiltinOptions_ArgMaxOptions
                                              : schema::BuiltinOptions_NONE,
                             options);
}

// The index of the first maximum along `axis`: a value replaces the running
// maximum only when strictly greater.
template <typename T>
std::vector<int64_t> NaiveArgMax(const std::vector<T>& x,
                                 const std::vector<int32_t>& shape, int axis) {
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
  std::vector<int64_t> result;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t k = 0; k < inner; ++k) {
      int64_t best = 0;
      for (int64_t i = 1; i < shape[axis]; ++i) {
        if (x[(o * shape[axis] + i) * inner + k] >
            x[(o * shape[axis] + best) * inner + k]) {
          best = i;
        }
      }
      result.push_back(best);
    }
  }
  return result;
}

std::vector<int32_t> WithoutAxis(const std::vector<int32_t>& shape, int axis) {
  std::vector<int32_t> result;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (static_cast<int>(d) != axis) result.push_back(shape[d]);
  }
  return result;
}

// Values in [low, high], a small range so that ties are common.
template <typename T>
std::vector<T> TiedValues(std::mt19937& rng, int64_t count, int low,
                          int high) {
  std::uniform_int_distribution<int> pick(low, high);
  std::vector<T> values(count);
  for (T& v : values) v = static_cast<T>(pick(rng));
  return values;
}

template <typename T, typename Index>
void CheckEveryAxis(DataType type, schema::TensorType index_type,
                    DataType index_tensor_type, DataType axis_type,
                    int low = -3, int high = 3) {
  std::mt19937 rng(6);
  for (const std::vector<int32_t>& shape :
       {std::vector<int32_t>{7}, std::vector<int32_t>{3, 13},
        std::vector<int32_t>{2, 3, 1, 5}, std::vector<int32_t>{4, 1, 3}}) {
    const int rank = static_cast<int>(shape.size());
    const std::vector<T> x =
        TiedValues<T>(rng, ElementCount(shape), low, high);
    for (int axis = -rank; axis < rank; ++axis) {
      const int normalized = axis < 0 ? axis + rank : axis;
      ArgMaxSpec spec;
      spec.input_type = type;
      spec.shape = shape;
      spec.axis_type = axis_type;
      spec.axis = {axis};
      spec.output_type = index_type;
      spec.output_tensor_type = index_tensor_type;
      spec.output_shape = WithoutAxis(shape, normalized);
      std::vector<Index> output;
      ASSERT_NO_FATAL_FAILURE((RunModel<Index, T>(
          BuildArgMax(spec), {x}, spec.output_shape, &output)));
      const std::vector<int64_t> expected = NaiveArgMax(x, shape, normalized);
      EXPECT_EQ(std::vector<int64_t>(output.begin(), output.end()), expected)
          << "axis " << axis << " of rank " << rank;
    }
  }
}

TEST(ArgMaxTest, Float32Int32Indices) {
  CheckEveryAxis<float, int32_t>(DataType::kFloat32, schema::TensorType_INT32,
                                 DataType::kInt32, DataType::kInt32);
}

TEST(ArgMaxTest, Uint8Int64IndicesInt64Axis) {
  CheckEveryAxis<uint8_t, int64_t>(DataType::kUInt8, schema::TensorType_INT64,
                                   DataType::kInt64, DataType::kInt64, 250,
                                   255);
}

TEST(ArgMaxTest, Int8) {
  CheckEveryAxis<int8_t, int32_t>(DataType::kInt8, schema::TensorType_INT32,
                                  DataType::kInt32, DataType::kInt64);
}

TEST(ArgMaxTest, Int32) {
  CheckEveryAxis<int32_t, int64_t>(DataType::kInt32, schema::TensorType_INT64,
                                   DataType::kInt64, DataType::kInt32);
}

TEST(ArgMaxTest, Bool) {
  CheckEveryAxis<uint8_t, int32_t>(DataType::kBool, schema::TensorType_INT32,
                                   DataType::kInt32, DataType::kInt32, 0, 1);
}

// Bytes along the innermost axis take liten's AVX2 kernel: rows shorter
// than its 32-byte chunks, exactly one, and longer ones with a partial
// last chunk, ties everywhere, and a last row that ends the tensor inside
// a chunk. Small values make 0 (the kernel's padding) the maximum of many
// rows.
template <typename T, typename Index>
void CheckInnermostAxis(DataType type, schema::TensorType index_type,
                        DataType index_tensor_type, int low, int high) {
  std::mt19937 rng(9);
  for (int32_t row_size : {1, 2, 21, 31, 32, 33, 64, 100}) {
    const std::vector<int32_t> shape = {3, 5, row_size};
    const std::vector<T> x = TiedValues<T>(rng, ElementCount(shape), low, high);
    ArgMaxSpec spec;
    spec.input_type = type;
    spec.shape = shape;
    spec.axis = {2};
    spec.output_type = index_type;
    spec.output_tensor_type = index_tensor_type;
    spec.output_shape = {3, 5};
    ExpectNodePath(BuildArgMax(spec), QuantizedFastPath());
    std::vector<Index> output;
    ASSERT_NO_FATAL_FAILURE((RunModel<Index, T>(BuildArgMax(spec), {x},
                                                spec.output_shape, &output)));
    EXPECT_EQ(std::vector<int64_t>(output.begin(), output.end()),
              NaiveArgMax(x, shape, 2))
        << "rows of " << row_size;
  }
}

TEST(ArgMaxTest, Uint8InnermostAxis) {
  CheckInnermostAxis<uint8_t, int32_t>(
      DataType::kUInt8, schema::TensorType_INT32, DataType::kInt32, 0, 3);
  CheckInnermostAxis<uint8_t, int64_t>(
      DataType::kUInt8, schema::TensorType_INT64, DataType::kInt64, 250, 255);
}

// Signed bytes: -128 is the least, 127 the greatest.
TEST(ArgMaxTest, Int8InnermostAxis) {
  CheckInnermostAxis<int8_t, int32_t>(DataType::kInt8, schema::TensorType_INT32,
                                      DataType::kInt32, -128, -126);
  CheckInnermostAxis<int8_t, int64_t>(DataType::kInt8, schema::TensorType_INT64,
                                      DataType::kInt64, -2, 1);
  CheckInnermostAxis<int8_t, int32_t>(DataType::kInt8, schema::TensorType_INT32,
                                      DataType::kInt32, 125, 127);
}

TEST(ArgMaxTest, BoolInnermostAxis) {
  CheckInnermostAxis<uint8_t, int32_t>(
      DataType::kBool, schema::TensorType_INT32, DataType::kInt32, 0, 1);
}

// Other types and axes stay on the reference loop.
TEST(ArgMaxTest, OtherAxesAndTypesRunTheReferenceLoop) {
  ArgMaxSpec spec;
  spec.input_type = DataType::kUInt8;
  spec.axis = {0};
  spec.output_shape = {3};
  ExpectNodePath(BuildArgMax(spec), "reference");
  spec.input_type = DataType::kFloat32;
  spec.axis = {1};
  spec.output_shape = {2};
  ExpectNodePath(BuildArgMax(spec), "reference");
}

TEST(ArgMaxTest, TiesGoToTheFirstIndexAndNaNNeverWinsLater) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  ArgMaxSpec spec;
  spec.shape = {5, 3};
  spec.output_shape = {5};
  std::vector<int32_t> output;
  ASSERT_NO_FATAL_FAILURE((RunModel<int32_t, float>(
      BuildArgMax(spec),
      {{2, 5, 5,  //
        -1, -1, -1,  //
        1, nan, 2,  //
        nan, 3, 4,  //
        -std::numeric_limits<float>::infinity(), -1e30f, -1e30f}},
      {5}, &output)));
  // A leading NaN stays: nothing compares greater than it.
  EXPECT_THAT(output, ::testing::ElementsAre(1, 0, 2, 0, 1));
}

struct ArgMaxErrorCase {
  std::string name;
  ArgMaxSpec spec;
  StatusCode code;
  std::string message;
};

class ArgMaxErrorTest : public ::testing::TestWithParam<ArgMaxErrorCase> {};

TEST_P(ArgMaxErrorTest, PrepareFails) {
  ExpectBuildFails(BuildArgMax(GetParam().spec), GetParam().code,
                   GetParam().message);
}

ArgMaxSpec Change(void (*change)(ArgMaxSpec&)) {
  ArgMaxSpec spec;
  change(spec);
  return spec;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ArgMaxErrorTest,
    ::testing::Values(
        ArgMaxErrorCase{"AxisOutOfRange",
                        Change([](ArgMaxSpec& s) { s.axis = {2}; }),
                        StatusCode::kInvalidModel,
                        "node 0 (ARG_MAX): axis 2 is out of range for rank 2"},
        ArgMaxErrorCase{"NegativeAxisOutOfRange",
                        Change([](ArgMaxSpec& s) { s.axis = {-3}; }),
                        StatusCode::kInvalidModel,
                        "axis -3 is out of range for rank 2"},
        ArgMaxErrorCase{"Int64AxisBeyondInt32",
                        Change([](ArgMaxSpec& s) {
                          s.axis_type = DataType::kInt64;
                          s.axis = {int64_t{1} << 32};
                        }),
                        StatusCode::kInvalidModel,
                        "axis 4294967296 is out of range for rank 2"},
        ArgMaxErrorCase{"TwoAxes",
                        Change([](ArgMaxSpec& s) { s.axis = {0, 1}; }),
                        StatusCode::kInvalidModel,
                        "input 1 (tensor 1) has 2 elements; the axis is one "
                        "value"},
        ArgMaxErrorCase{"AxisNotConstant",
                        Change([](ArgMaxSpec& s) { s.axis_constant = false; }),
                        StatusCode::kUnsupported,
                        "input 1 (tensor 1) must be a constant tensor"},
        ArgMaxErrorCase{"FloatAxis",
                        Change([](ArgMaxSpec& s) {
                          s.axis_type = DataType::kFloat32;
                        }),
                        StatusCode::kUnsupported,
                        "input 1 (tensor 1) has type FLOAT32; expected INT32 "
                        "or INT64"},
        ArgMaxErrorCase{"Int16Input",
                        Change([](ArgMaxSpec& s) {
                          s.input_type = DataType::kInt16;
                        }),
                        StatusCode::kUnsupported,
                        "input 0 (tensor 0) has type INT16; expected FLOAT32, "
                        "UINT8, INT8, INT32 or BOOL"},
        ArgMaxErrorCase{"NoOptions",
                        Change([](ArgMaxSpec& s) { s.has_options = false; }),
                        StatusCode::kInvalidModel,
                        "output_type is missing; ARG_MAX options must ask for "
                        "INT32 or INT64 indices"},
        ArgMaxErrorCase{"FloatIndices",
                        Change([](ArgMaxSpec& s) {
                          s.output_type = schema::TensorType_FLOAT32;
                        }),
                        StatusCode::kInvalidModel,
                        "output_type is FLOAT32; ARG_MAX options must ask"},
        ArgMaxErrorCase{"OutputTensorTypeDiffersFromOptions",
                        Change([](ArgMaxSpec& s) {
                          s.output_type = schema::TensorType_INT64;
                        }),
                        StatusCode::kUnsupported,
                        "output 0 (tensor 2) has type INT32; expected INT64"},
        ArgMaxErrorCase{"EmptyAxis",
                        Change([](ArgMaxSpec& s) {
                          s.shape = {2, 0};
                        }),
                        StatusCode::kInvalidModel,
                        "input 0 (tensor 0) has shape [2,0]: axis 1 is empty, "
                        "so there is no maximum"}),
    CaseName());

}  // namespace
}  // namespace testing
}  // namespace liten
