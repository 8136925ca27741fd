// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The proof that liten's quantized activations, resizes, casts and data
// movement ops are TFLite's, bit for bit: each case is a one-op model run
// through TFLite 2.9.0's builtin kernels and through liten on the same
// inputs, and the output bytes must be identical. Inputs hold every 8-bit
// value, the extremes of wider types and the values where the candidate
// formulas differ (float against fixed-point coordinates, rounding ties,
// out-of-range conversions).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"
#include "tests/models/tflite_op_test.h"

namespace liten {
namespace {

using testing::Bytes;
using testing::ModelBuilder;
using testing::RandomIntegerBytes;

// A tensor of a one-op model: a graph input when `data` is empty, else a
// constant holding `data`. Quantized when `scales` is not empty.
struct Operand {
  DataType type = DataType::kFloat32;
  std::vector<int32_t> shape;
  std::vector<uint8_t> data;
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
};

Operand Plain(DataType type, std::vector<int32_t> shape = {}) {
  Operand operand;
  operand.type = type;
  operand.shape = std::move(shape);
  return operand;
}

Operand Quantized(DataType type, std::vector<int32_t> shape, float scale,
                  int64_t zero_point) {
  Operand operand = Plain(type, std::move(shape));
  operand.scales = {scale};
  operand.zero_points = {zero_point};
  return operand;
}

template <typename T>
Operand Constant(DataType type, std::vector<int32_t> shape,
                 const std::vector<T>& values) {
  Operand operand = Plain(type, std::move(shape));
  operand.data = Bytes(values);
  return operand;
}

using OptionsBuilder =
    std::function<flatbuffers::Offset<void>(flatbuffers::FlatBufferBuilder&)>;

struct OneOpModel {
  schema::BuiltinOperator op = schema::BuiltinOperator_ADD;
  std::vector<Operand> inputs;
  std::vector<Operand> outputs;
  schema::BuiltinOptions options_type = schema::BuiltinOptions_NONE;
  OptionsBuilder options;
  int version = 1;
};

std::vector<uint8_t> Build(const OneOpModel& model) {
  ModelBuilder builder;
  const auto add = [&builder](const Operand& operand) {
    const int tensor = operand.data.empty()
                           ? builder.AddTensor(operand.type, operand.shape)
                           : builder.AddConstantBytes(
                                 operand.type, operand.shape, operand.data);
    if (!operand.scales.empty()) {
      builder.SetQuantization(tensor, operand.scales, operand.zero_points);
    }
    return tensor;
  };
  std::vector<int> inputs, graph_inputs, outputs;
  for (const Operand& operand : model.inputs) {
    inputs.push_back(add(operand));
    if (operand.data.empty()) graph_inputs.push_back(inputs.back());
  }
  for (const Operand& operand : model.outputs) outputs.push_back(add(operand));
  builder.AddOperator(model.op, inputs, outputs, model.options_type,
                      model.options ? model.options(builder.fbb()) : 0,
                      model.version);
  builder.SetInputs(graph_inputs);
  builder.SetOutputs(outputs);
  return builder.Finish();
}

const char* TypeName(DataType type) { return DataTypeName(type); }

// ---------------------------------------------------------------------------
// Quantized activations: every input value, through TFLite's tables and
// requantization.

struct ActivationCase {
  std::string name;
  schema::BuiltinOperator op;
  DataType type;
  float input_scale;
  int64_t input_zero_point;
  float output_scale;
  int64_t output_zero_point;
  int version;
};

class ActivationTfLiteTest
    : public testing::TfLiteOpTest,
      public ::testing::WithParamInterface<ActivationCase> {};

TEST_P(ActivationTfLiteTest, SameBytes) {
  const ActivationCase& c = GetParam();
  std::mt19937 rng(11);
  const int64_t count = c.type == DataType::kInt16 ? 70000 : 512;
  OneOpModel model;
  model.op = c.op;
  model.version = c.version;
  model.inputs = {Quantized(c.type, {static_cast<int32_t>(count)},
                            c.input_scale, c.input_zero_point)};
  model.outputs = {Quantized(c.type, {}, c.output_scale, c.output_zero_point)};
  EXPECT_EQ(
      ExpectSameOutput(Build(model), RandomIntegerBytes(c.type, rng, count)),
      count * DataTypeSize(c.type));
}

std::vector<ActivationCase> ActivationCases() {
  using D = DataType;
  const auto relu_like = {schema::BuiltinOperator_RELU,
                          schema::BuiltinOperator_RELU6,
                          schema::BuiltinOperator_RELU_N1_TO_1};
  struct Scales {
    const char* name;
    float input_scale;
    int64_t input_zero_point;
    float output_scale;
    int64_t output_zero_point;
  };
  // Equal scales (a multiplier of exactly 1/2 * 2), ratios that put
  // requantized values on ties, a ratio above one, a tiny output scale that
  // saturates and zero points at both ends.
  const Scales uint8_scales[] = {{"Same", 0.05f, 128, 0.05f, 128},
                                 {"Half", 0.05f, 100, 0.1f, 3},
                                 {"Ties", 0.03125f, 77, 0.0625f, 130},
                                 {"Wide", 0.1f, 0, 0.0123f, 255},
                                 {"Tiny", 0.37f, 201, 1e-5f, 60}};
  const Scales int8_scales[] = {{"Same", 0.05f, 0, 0.05f, 0},
                                {"Half", 0.05f, -28, 0.1f, -125},
                                {"Ties", 0.03125f, 77, 0.0625f, 2},
                                {"Wide", 0.1f, -128, 0.0123f, 127},
                                {"Tiny", 0.37f, 73, 1e-5f, -68}};
  std::vector<ActivationCase> cases;
  for (schema::BuiltinOperator op :
       {schema::BuiltinOperator_TANH, schema::BuiltinOperator_HARD_SWISH,
        schema::BuiltinOperator_RELU, schema::BuiltinOperator_RELU6,
        schema::BuiltinOperator_RELU_N1_TO_1}) {
    const bool int8_v1 = op == schema::BuiltinOperator_HARD_SWISH ||
                         op == schema::BuiltinOperator_RELU_N1_TO_1;
    for (const Scales& s : uint8_scales) {
      // TFLite rejects a HARD_SWISH output scale below input scale / 128.
      if (op == schema::BuiltinOperator_HARD_SWISH &&
          std::string(s.name) == "Tiny") {
        continue;
      }
      cases.push_back(
          {std::string(schema::EnumNameBuiltinOperator(op)) + "Uint8" + s.name,
           op, D::kUInt8, s.input_scale, s.input_zero_point, s.output_scale,
           s.output_zero_point, 1});
    }
    for (const Scales& s : int8_scales) {
      if (op == schema::BuiltinOperator_HARD_SWISH &&
          std::string(s.name) == "Tiny") {
        continue;
      }
      cases.push_back(
          {std::string(schema::EnumNameBuiltinOperator(op)) + "Int8" + s.name,
           op, D::kInt8, s.input_scale, s.input_zero_point, s.output_scale,
           s.output_zero_point, int8_v1 ? 1 : 2});
    }
  }
  for (schema::BuiltinOperator op : relu_like) {
    if (op == schema::BuiltinOperator_RELU_N1_TO_1) continue;
    for (const Scales& s : {Scales{"Same", 0.001f, 0, 0.001f, 0},
                            Scales{"Ties", 0.0005f, 0, 0.001f, 0},
                            Scales{"Wide", 0.01f, 0, 0.0003f, 0}}) {
      cases.push_back(
          {std::string(schema::EnumNameBuiltinOperator(op)) + "Int16" + s.name,
           op, D::kInt16, s.input_scale, s.input_zero_point, s.output_scale,
           s.output_zero_point, 3});
    }
  }
  // LOGISTIC's output scale is fixed; its zero point is free.
  for (int64_t zero_point : {0, 7}) {
    cases.push_back({"LOGISTICUint8Zero" + std::to_string(zero_point),
                     schema::BuiltinOperator_LOGISTIC, D::kUInt8, 0.0625f, 128,
                     1.0f / 256, zero_point, 1});
  }
  for (int64_t zero_point : {-128, 0}) {
    cases.push_back({"LOGISTICInt8Zero" + std::to_string(zero_point + 128),
                     schema::BuiltinOperator_LOGISTIC, D::kInt8, 0.282217f, 114,
                     1.0f / 256, zero_point, 2});
  }
  cases.push_back({"LOGISTICUint8WideInput", schema::BuiltinOperator_LOGISTIC,
                   D::kUInt8, 0.37f, 3, 1.0f / 256, 0, 1});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, ActivationTfLiteTest,
                         ::testing::ValuesIn(ActivationCases()),
                         testing::CaseName());

// ---------------------------------------------------------------------------
// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR.

enum class Mapping { kDefault, kAlignCorners, kHalfPixelCenters, kBoth };

struct ResizeCase {
  std::string name;
  schema::BuiltinOperator op;
  DataType type;
  std::vector<int32_t> input_shape;
  std::vector<int32_t> size;
  Mapping mapping;
};

class ResizeTfLiteTest : public testing::TfLiteOpTest,
                         public ::testing::WithParamInterface<ResizeCase> {};

TEST_P(ResizeTfLiteTest, SameBytes) {
  const ResizeCase& c = GetParam();
  const bool align =
      c.mapping == Mapping::kAlignCorners || c.mapping == Mapping::kBoth;
  const bool half =
      c.mapping == Mapping::kHalfPixelCenters || c.mapping == Mapping::kBoth;
  const bool bilinear = c.op == schema::BuiltinOperator_RESIZE_BILINEAR;
  OneOpModel model;
  model.op = c.op;
  const int version_by_type = c.type == DataType::kInt16  ? 4
                              : c.type == DataType::kInt8 ? 2
                                                          : 1;
  model.version = std::max(half ? 3 : 1, version_by_type);
  const bool quantized = c.type != DataType::kFloat32;
  model.inputs = {quantized ? Quantized(c.type, c.input_shape, 0.5f, 0)
                            : Plain(c.type, c.input_shape),
                  Constant(DataType::kInt32, {2}, c.size)};
  model.outputs = {quantized ? Quantized(c.type, {}, 0.5f, 0) : Plain(c.type)};
  if (bilinear) {
    model.options_type = schema::BuiltinOptions_ResizeBilinearOptions;
    model.options = [=](flatbuffers::FlatBufferBuilder& fbb) {
      return schema::CreateResizeBilinearOptions(fbb, align, half).Union();
    };
  } else {
    model.options_type = schema::BuiltinOptions_ResizeNearestNeighborOptions;
    model.options = [=](flatbuffers::FlatBufferBuilder& fbb) {
      return schema::CreateResizeNearestNeighborOptions(fbb, align, half)
          .Union();
    };
  }
  std::mt19937 rng(12);
  int64_t count = 1;
  for (int32_t d : c.input_shape) count *= d;
  std::vector<uint8_t> input;
  if (quantized) {
    input = RandomIntegerBytes(c.type, rng, count);
  } else {
    std::uniform_real_distribution<float> uniform(-10.0f, 10.0f);
    std::vector<float> values(count);
    for (float& v : values) v = uniform(rng);
    input = Bytes(values);
  }
  EXPECT_GT(ExpectSameOutput(Build(model), input), 0u);
}

std::vector<ResizeCase> ResizeCases() {
  using D = DataType;
  struct Shape {
    const char* name;
    std::vector<int32_t> input;
    std::vector<int32_t> size;
  };
  // Up and down, odd sizes, one pixel, the exact x8 upscale TFLite gives
  // its own UINT8 path (depth a multiple of 8), the 2x upscales of movenet,
  // a width where the UINT8 nearest-neighbor fixed-point scale picks a
  // different pixel from the float one, and deeplab's 21 classes (liten's
  // AVX2 UINT8 bilinear kernel overlaps the last 8 channels).
  const Shape shapes[] = {
      {"Up", {2, 3, 4, 3}, {7, 9}},
      {"Down", {1, 13, 11, 2}, {5, 4}},
      {"OnePixel", {1, 1, 1, 5}, {3, 4}},
      {"ToOne", {1, 4, 5, 2}, {1, 1}},
      {"Times8Depth8", {1, 3, 2, 16}, {24, 16}},
      {"Times2", {1, 6, 6, 8}, {12, 12}},
      {"Wide", {1, 2, 2, 3}, {3, 110}},
      {"Depth21", {2, 5, 6, 21}, {17, 13}},
  };
  std::vector<ResizeCase> cases;
  for (schema::BuiltinOperator op :
       {schema::BuiltinOperator_RESIZE_BILINEAR,
        schema::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR}) {
    const bool bilinear = op == schema::BuiltinOperator_RESIZE_BILINEAR;
    for (D type : {D::kUInt8, D::kInt8, D::kInt16, D::kFloat32}) {
      // Float bilinear is compared with TFLite's reference kernel elsewhere.
      if (bilinear && type == D::kFloat32) continue;
      for (Mapping mapping : {Mapping::kDefault, Mapping::kAlignCorners,
                              Mapping::kHalfPixelCenters, Mapping::kBoth}) {
        if (bilinear && mapping == Mapping::kBoth) continue;
        const char* mapping_name[] = {"Default", "AlignCorners",
                                      "HalfPixelCenters", "Both"};
        for (const Shape& shape : shapes) {
          // TFLite's fixed-point coordinates of a 55x upscale run past the
          // input's last column, where it reads the next row (or past the
          // tensor); liten takes the last column (see resize_bilinear.cc).
          if (bilinear && (type == D::kInt8 || type == D::kInt16) &&
              mapping == Mapping::kDefault &&
              std::string(shape.name) == "Wide") {
            continue;
          }
          cases.push_back(
              {std::string(bilinear ? "Bilinear" : "Nearest") + TypeName(type) +
                   mapping_name[static_cast<int>(mapping)] + shape.name,
               op, type, shape.input, shape.size, mapping});
        }
      }
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, ResizeTfLiteTest,
                         ::testing::ValuesIn(ResizeCases()),
                         testing::CaseName());

// ---------------------------------------------------------------------------
// SQRT and CAST: special values and every conversion.

using UnaryMathTfLiteTest = testing::TfLiteOpTest;

TEST_F(UnaryMathTfLiteTest, SqrtSameBytes) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {0.0f,    -0.0f, 1.0f,          2.0f,   -1.0f,
                          inf,     -inf,  std::nanf(""), 1e-45f, 1e-38f,
                          3.4e38f, 0.25f, 1e10f};
  std::mt19937 rng(13);
  std::uniform_real_distribution<float> uniform(0.0f, 1000.0f);
  while (x.size() < 1000) x.push_back(uniform(rng));
  OneOpModel model;
  model.op = schema::BuiltinOperator_SQRT;
  model.inputs = {Plain(DataType::kFloat32, {static_cast<int32_t>(x.size())})};
  model.outputs = {Plain(DataType::kFloat32)};
  EXPECT_EQ(ExpectSameOutput(Build(model), Bytes(x)), x.size() * 4);
}

struct CastCase {
  DataType from;
  DataType to;
};

class CastTfLiteTest : public testing::TfLiteOpTest,
                       public ::testing::WithParamInterface<CastCase> {};

// Values of `type` as bytes: the extremes, zero, every 8-bit pattern and, for
// FLOAT32, fractions, ties, NaN, infinities and values past each integer
// type's range.
std::vector<uint8_t> CastInputs(DataType type, int64_t count) {
  std::mt19937 rng(14);
  if (type == DataType::kBool) {
    // TFLite reads a BOOL as its byte, so bytes other than 0 and 1 count too.
    std::vector<uint8_t> bytes(count);
    for (int64_t i = 0; i < count; ++i) bytes[i] = static_cast<uint8_t>(i);
    return bytes;
  }
  if (type == DataType::kInt64) {
    std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(),
                                   std::numeric_limits<int64_t>::max(),
                                   int64_t{1} << 40, -(int64_t{1} << 33),
                                   (int64_t{1} << 24) + 1};
    std::uniform_int_distribution<int64_t> any(
        std::numeric_limits<int64_t>::min(),
        std::numeric_limits<int64_t>::max());
    while (static_cast<int64_t>(values.size()) < count) {
      values.push_back(values.size() % 2
                           ? any(rng)
                           : static_cast<int64_t>(values.size()) - 300);
    }
    return Bytes(values);
  }
  if (type != DataType::kFloat32) return RandomIntegerBytes(type, rng, count);
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> values = {
      0.0f,          -0.0f,     0.5f,     -0.5f,         1.5f,
      -1.5f,         2.5f,      127.5f,   128.0f,        -129.0f,
      255.9f,        256.0f,    300.5f,   -1.0f,         32767.9f,
      32768.0f,      -32769.0f, 65536.7f, 2147483520.0f, -2147483648.0f,
      2147483648.0f, 3e9f,      -3e9f,    1e10f,         -1e10f,
      9.3e18f,       -9.3e18f,  1e30f,    inf,           -inf,
      std::nanf(""), 1e-45f};
  std::uniform_real_distribution<float> wide(-70000.0f, 70000.0f);
  while (static_cast<int64_t>(values.size()) < count)
    values.push_back(wide(rng));
  return Bytes(values);
}

TEST_P(CastTfLiteTest, SameBytes) {
  const CastCase& c = GetParam();
  constexpr int64_t kCount = 512;
  OneOpModel model;
  model.op = schema::BuiltinOperator_CAST;
  model.inputs = {Plain(c.from, {kCount})};
  model.outputs = {Plain(c.to)};
  EXPECT_EQ(ExpectSameOutput(Build(model), CastInputs(c.from, kCount)),
            kCount * DataTypeSize(c.to));
}

std::vector<CastCase> CastCases() {
  using D = DataType;
  const D types[] = {D::kFloat32, D::kInt32, D::kInt64, D::kUInt8,
                     D::kInt8,    D::kInt16, D::kBool};
  std::vector<CastCase> cases;
  for (D from : types) {
    for (D to : types) cases.push_back({from, to});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Pairs, CastTfLiteTest,
                         ::testing::ValuesIn(CastCases()),
                         [](const ::testing::TestParamInfo<CastCase>& info) {
                           return std::string(TypeName(info.param.from)) +
                                  "To" + TypeName(info.param.to);
                         });

// ---------------------------------------------------------------------------
// Data movement: SPLIT, PACK, UNPACK, GATHER_ND, STRIDED_SLICE and
// DEPTH_TO_SPACE on the types TFLite 2.9.0 takes.

struct MovementCase {
  std::string name;
  OneOpModel model;
};

class MovementTfLiteTest : public testing::TfLiteOpTest,
                           public ::testing::WithParamInterface<MovementCase> {
};

TEST_P(MovementTfLiteTest, SameBytes) {
  const OneOpModel& model = GetParam().model;
  std::mt19937 rng(15);
  std::vector<std::vector<uint8_t>> inputs;
  for (const Operand& operand : model.inputs) {
    if (!operand.data.empty()) continue;
    int64_t count = 1;
    for (int32_t d : operand.shape) count *= d;
    std::vector<uint8_t> bytes(count * DataTypeSize(operand.type));
    std::uniform_int_distribution<int> byte(0, 255);
    // BOOL stays 0 or 1, floats stay finite.
    for (size_t i = 0; i < bytes.size(); ++i) {
      bytes[i] = static_cast<uint8_t>(
          operand.type == DataType::kBool ? byte(rng) % 2 : byte(rng) & 0x3f);
    }
    inputs.push_back(bytes);
  }
  EXPECT_GT(ExpectSameOutputs(Build(model), inputs), 0u);
}

OneOpModel Split(DataType type, std::vector<int32_t> shape, int32_t axis,
                 int splits) {
  OneOpModel model;
  model.op = schema::BuiltinOperator_SPLIT;
  model.inputs = {Constant(DataType::kInt32, {}, std::vector<int32_t>{axis}),
                  Plain(type, std::move(shape))};
  model.outputs.assign(splits, Plain(type));
  model.options_type = schema::BuiltinOptions_SplitOptions;
  model.options = [=](flatbuffers::FlatBufferBuilder& fbb) {
    return schema::CreateSplitOptions(fbb, splits).Union();
  };
  return model;
}

OneOpModel Pack(DataType type, std::vector<int32_t> shape, int32_t axis,
                int count) {
  OneOpModel model;
  model.op = schema::BuiltinOperator_PACK;
  model.inputs.assign(count, Plain(type, std::move(shape)));
  model.outputs = {Plain(type)};
  model.options_type = schema::BuiltinOptions_PackOptions;
  model.options = [=](flatbuffers::FlatBufferBuilder& fbb) {
    return schema::CreatePackOptions(fbb, count, axis).Union();
  };
  return model;
}

OneOpModel Unpack(DataType type, std::vector<int32_t> shape, int32_t axis) {
  const int rank = static_cast<int>(shape.size());
  const int32_t num = shape[axis < 0 ? axis + rank : axis];
  OneOpModel model;
  model.op = schema::BuiltinOperator_UNPACK;
  model.inputs = {Plain(type, std::move(shape))};
  model.outputs.assign(num, Plain(type));
  model.options_type = schema::BuiltinOptions_UnpackOptions;
  model.options = [=](flatbuffers::FlatBufferBuilder& fbb) {
    return schema::CreateUnpackOptions(fbb, num, axis).Union();
  };
  return model;
}

template <typename Index>
OneOpModel GatherNd(DataType type, std::vector<int32_t> params_shape,
                    std::vector<int32_t> indices_shape,
                    const std::vector<Index>& indices) {
  OneOpModel model;
  model.op = schema::BuiltinOperator_GATHER_ND;
  model.inputs = {
      Plain(type, std::move(params_shape)),
      Constant(sizeof(Index) == 8 ? DataType::kInt64 : DataType::kInt32,
               std::move(indices_shape), indices)};
  model.outputs = {Plain(type)};
  return model;
}

OneOpModel StridedSlice(DataType type, std::vector<int32_t> shape,
                        std::vector<int32_t> begin, std::vector<int32_t> end,
                        std::vector<int32_t> strides, int32_t shrink_mask) {
  const int32_t entries = static_cast<int32_t>(begin.size());
  OneOpModel model;
  model.op = schema::BuiltinOperator_STRIDED_SLICE;
  model.inputs = {Plain(type, std::move(shape)),
                  Constant(DataType::kInt32, {entries}, begin),
                  Constant(DataType::kInt32, {entries}, end),
                  Constant(DataType::kInt32, {entries}, strides)};
  model.outputs = {Plain(type)};
  model.options_type = schema::BuiltinOptions_StridedSliceOptions;
  model.options = [=](flatbuffers::FlatBufferBuilder& fbb) {
    return schema::CreateStridedSliceOptions(fbb, 0, 0, 0, 0, shrink_mask)
        .Union();
  };
  model.version = 4;
  return model;
}

OneOpModel DepthToSpace(DataType type, std::vector<int32_t> shape,
                        int32_t block_size) {
  OneOpModel model;
  model.op = schema::BuiltinOperator_DEPTH_TO_SPACE;
  model.inputs = {Plain(type, std::move(shape))};
  model.outputs = {Plain(type)};
  model.options_type = schema::BuiltinOptions_DepthToSpaceOptions;
  model.options = [=](flatbuffers::FlatBufferBuilder& fbb) {
    return schema::CreateDepthToSpaceOptions(fbb, block_size).Union();
  };
  model.version = 2;
  return model;
}

std::vector<MovementCase> MovementCases() {
  using D = DataType;
  std::vector<MovementCase> cases;
  const auto add = [&cases](std::string name, DataType type, OneOpModel model) {
    cases.push_back({std::move(name) + TypeName(type), std::move(model)});
  };
  for (D type : {D::kFloat32, D::kUInt8, D::kInt8, D::kInt16, D::kInt32}) {
    add("SplitAxis0", type, Split(type, {6, 5}, 0, 3));
    add("SplitNegativeAxis", type, Split(type, {2, 3, 8}, -1, 4));
    add("SplitMiddle", type, Split(type, {1, 8, 8, 6}, 3, 6));
  }
  for (D type :
       {D::kFloat32, D::kUInt8, D::kInt8, D::kInt16, D::kInt32, D::kInt64}) {
    add("PackAxis0", type, Pack(type, {4, 3}, 0, 3));
    add("PackAxis1", type, Pack(type, {17}, 1, 3));
    add("PackNegativeAxis", type, Pack(type, {2, 3, 5}, -2, 2));
  }
  for (D type :
       {D::kFloat32, D::kUInt8, D::kInt8, D::kInt16, D::kInt32, D::kBool}) {
    add("UnpackAxis1", type, Unpack(type, {17, 2}, 1));
    add("UnpackAxis0", type, Unpack(type, {3, 4, 5}, 0));
    add("UnpackNegativeAxis", type, Unpack(type, {2, 3, 5}, -2));
  }
  for (D type :
       {D::kFloat32, D::kUInt8, D::kInt8, D::kInt16, D::kInt32, D::kInt64}) {
    add("GatherNdPixels", type,
        GatherNd(type, {1, 6, 6, 5}, {4, 3},
                 std::vector<int32_t>{0, 1, 2, 0, 5, 5, 0, 0, 0, 0, 3, 1}));
    add("GatherNdScalars", type,
        GatherNd(type, {4, 3}, {2, 2, 2},
                 std::vector<int64_t>{3, 2, 0, 0, 1, 1, 2, 0}));
    add("GatherNdWholeRows", type,
        GatherNd(type, {4, 3}, {3, 1}, std::vector<int32_t>{3, 0, 3}));
  }
  for (D type : {D::kFloat32, D::kUInt8, D::kInt8, D::kInt16, D::kInt32,
                 D::kInt64, D::kBool}) {
    add("StridedSlice", type,
        StridedSlice(type, {3, 13, 2}, {1, 11, 0}, {3, 0, 2}, {1, -3, 1}, 0));
    add("StridedSliceShrink", type,
        StridedSlice(type, {3, 13}, {-1, 2}, {0, 11}, {1, 2}, 1));
  }
  for (D type : {D::kFloat32, D::kUInt8, D::kInt8, D::kInt32, D::kInt64}) {
    add("DepthToSpace", type, DepthToSpace(type, {2, 3, 2, 12}, 2));
    add("DepthToSpaceBlock3", type, DepthToSpace(type, {1, 2, 3, 9}, 3));
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, MovementTfLiteTest,
                         ::testing::ValuesIn(MovementCases()),
                         testing::CaseName());

}  // namespace
}  // namespace liten
