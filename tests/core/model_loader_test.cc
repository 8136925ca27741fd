// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The loader against malformed files: each must fail with a message naming
// the field and index, and none may crash (this suite also runs under
// AddressSanitizer and UndefinedBehaviorSanitizer).
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "liten/model.h"
#include "tests/model_builder.h"

namespace liten {
namespace {

using ::testing::HasSubstr;

// in [1,4] + const [1,4] -> out [1,4]
std::vector<uint8_t> AddModel() {
  testing::ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {1, 4}, "in");
  const int bias = builder.AddConstant<float>(DataType::kFloat32, {1, 4},
                                              {1, 2, 3, 4}, "bias");
  const int out = builder.AddTensor(DataType::kFloat32, {1, 4}, "out");
  auto options = schema::CreateAddOptions(builder.fbb()).Union();
  builder.AddOperator(schema::BuiltinOperator_ADD, {in, bias}, {out},
                      schema::BuiltinOptions_AddOptions, options);
  builder.SetInputs({in});
  builder.SetOutputs({out});
  return builder.Finish();
}

// Unpacks `bytes`, applies `edit` and packs the result again.
std::vector<uint8_t> Rewrite(const std::vector<uint8_t>& bytes,
                             const std::function<void(schema::ModelT&)>& edit) {
  std::unique_ptr<schema::ModelT> model = schema::UnPackModel(bytes.data());
  edit(*model);
  flatbuffers::FlatBufferBuilder fbb;
  schema::FinishModelBuffer(fbb, schema::Model::Pack(fbb, model.get()));
  return std::vector<uint8_t>(fbb.GetBufferPointer(),
                              fbb.GetBufferPointer() + fbb.GetSize());
}

// Loads and, when that succeeds, builds, allocates and runs. A corrupt
// shape can ask for gigabytes; the memory limit turns that into an error.
Status LoadAndRun(const std::vector<uint8_t>& bytes) {
  // Copy into 16-byte-aligned storage, as FromBuffer requires.
  std::vector<std::max_align_t> storage(bytes.size() / sizeof(std::max_align_t) + 1);
  if (!bytes.empty()) std::memcpy(storage.data(), bytes.data(), bytes.size());
  std::shared_ptr<const Model> model;
  Status status = Model::FromBuffer(storage.data(), bytes.size(), &model);
  if (!status.ok()) return status;
  std::unique_ptr<Interpreter> interpreter;
  InterpreterOptions options;
  options.max_memory_bytes = 1 << 20;
  status = Interpreter::Create(model, options, &interpreter);
  if (!status.ok()) return status;
  status = interpreter->AllocateTensors();
  if (!status.ok()) return status;
  return interpreter->Invoke();
}

TEST(ModelLoaderTest, ValidModelLoadsAndRuns) {
  EXPECT_TRUE(LoadAndRun(AddModel()).ok());
}

struct Corruption {
  const char* name;
  std::function<void(schema::ModelT&)> edit;
  const char* expected_message;
};

class ModelLoaderCorruptionTest : public ::testing::TestWithParam<Corruption> {};

TEST_P(ModelLoaderCorruptionTest, FailsWithMessage) {
  const Status status = LoadAndRun(Rewrite(AddModel(), GetParam().edit));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(GetParam().expected_message));
}

schema::OperatorT& FirstOp(schema::ModelT& m) {
  return *m.subgraphs[0]->operators[0];
}

// Gives tensor 2 ("out", [1,4]) type `type` and the quantization parameters
// `scales` and `zero_points` along `axis`.
void SetOutputQuantization(schema::ModelT& m, schema::TensorType type,
                           std::vector<float> scales,
                           std::vector<int64_t> zero_points, int axis = 0) {
  auto q = std::make_unique<schema::QuantizationParametersT>();
  q->scale = std::move(scales);
  q->zero_point = std::move(zero_points);
  q->quantized_dimension = axis;
  m.subgraphs[0]->tensors[2]->type = type;
  m.subgraphs[0]->tensors[2]->quantization = std::move(q);
}

INSTANTIATE_TEST_SUITE_P(
    Corruptions, ModelLoaderCorruptionTest,
    ::testing::Values(
        Corruption{"input_out_of_range",
                   [](schema::ModelT& m) { FirstOp(m).inputs[1] = 913; },
                   "subgraph 0, operator 0 (ADD): input 1 refers to tensor "
                   "913, but the subgraph has 3 tensors"},
        Corruption{"output_out_of_range",
                   [](schema::ModelT& m) { FirstOp(m).outputs[0] = -7; },
                   "operator 0 (ADD): output 0 refers to tensor -7"},
        Corruption{"omitted_input_not_allowed",
                   [](schema::ModelT& m) { FirstOp(m).inputs[1] = -1; },
                   "operator 0 (ADD): input 1 is omitted (-1), but this op "
                   "requires it"},
        Corruption{"opcode_index_out_of_range",
                   [](schema::ModelT& m) { FirstOp(m).opcode_index = 5; },
                   "operator 0: opcode_index 5 is out of range (the model has "
                   "1 operator codes)"},
        Corruption{"constant_size_mismatch",
                   [](schema::ModelT& m) { m.buffers[1]->data.resize(12); },
                   "tensor 1: constant data is 12 bytes, but shape [1,4] of "
                   "FLOAT32 needs 16"},
        Corruption{"negative_dim",
                   [](schema::ModelT& m) {
                     m.subgraphs[0]->tensors[2]->shape = {1, -4};
                   },
                   "tensor 2: dim 1 is -4; only shape_signature may hold -1"},
        Corruption{"shape_overflow",
                   [](schema::ModelT& m) {
                     m.subgraphs[0]->tensors[2]->shape = {1 << 30, 1 << 30,
                                                          1 << 30};
                   },
                   "tensor 2: shape [1073741824,1073741824,1073741824] is too "
                   "large"},
        Corruption{"rank_too_high",
                   [](schema::ModelT& m) {
                     m.subgraphs[0]->tensors[2]->shape =
                         std::vector<int32_t>(9, 1);
                   },
                   "tensor 2: rank 9 exceeds liten's limit of 8"},
        Corruption{"input_is_also_output",
                   [](schema::ModelT& m) { FirstOp(m).outputs[0] = 0; },
                   "operator 0 (ADD): tensor 0 is both an input and an output"},
        Corruption{"buffer_out_of_range",
                   [](schema::ModelT& m) {
                     m.subgraphs[0]->tensors[1]->buffer = 40;
                   },
                   "tensor 1: buffer 40 is out of range (the model has 2 "
                   "buffers)"},
        Corruption{"buffer_zero_not_empty",
                   [](schema::ModelT& m) { m.buffers[0]->data = {1, 2, 3}; },
                   "buffer 0 must be empty"},
        Corruption{"external_buffer_outside_file",
                   [](schema::ModelT& m) {
                     m.buffers[1]->data.clear();
                     m.buffers[1]->offset = 1 << 20;
                     m.buffers[1]->size = 16;
                   },
                   "buffer 1: external data [offset 1048576, size 16] lies "
                   "outside"},
        Corruption{"schema_version",
                   [](schema::ModelT& m) { m.version = 2; },
                   "schema version is 2; liten reads version 3"},
        Corruption{"no_subgraphs",
                   [](schema::ModelT& m) { m.subgraphs.clear(); },
                   "model has no subgraphs"},
        Corruption{"graph_input_out_of_range",
                   [](schema::ModelT& m) { m.subgraphs[0]->inputs = {3}; },
                   "subgraph 0: input 0 refers to tensor 3, but the subgraph "
                   "has 3 tensors"},
        Corruption{"output_never_written",
                   [](schema::ModelT& m) {
                     m.subgraphs[0]->operators.clear();
                   },
                   "output 0 (tensor 2) is never written"},
        Corruption{"input_never_written",
                   [](schema::ModelT& m) { m.subgraphs[0]->inputs.clear(); },
                   "operator 0 (ADD): input 0 (tensor 0) is neither a graph "
                   "input, a constant nor written by an earlier operator"},
        Corruption{"writes_graph_input",
                   [](schema::ModelT& m) {
                     m.subgraphs[0]->inputs = {0, 2};
                   },
                   "output 0 (tensor 2) is a graph input"},
        Corruption{"scale_count_mismatch",
                   [](schema::ModelT& m) {
                     auto q = std::make_unique<schema::QuantizationParametersT>();
                     q->scale = {0.5f, 0.25f};
                     q->zero_point = {0};
                     m.subgraphs[0]->tensors[2]->quantization = std::move(q);
                   },
                   "tensor 2: 2 scales but 1 zero points"},
        Corruption{"zero_scale",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(m, schema::TensorType_INT8, {0.0f},
                                           {0});
                   },
                   "subgraph 0, tensor 2: scale 0 is 0; scales must be "
                   "finite and positive"},
        Corruption{"negative_scale",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(m, schema::TensorType_UINT8,
                                           {-0.5f}, {0});
                   },
                   "tensor 2: scale 0 is -0.5; scales must be finite and "
                   "positive"},
        Corruption{"nan_scale",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(
                         m, schema::TensorType_INT8,
                         {0.5f, std::numeric_limits<float>::quiet_NaN(), 0.5f,
                          0.5f},
                         {0, 0, 0, 0}, 1);
                   },
                   "tensor 2: scale 1 is nan; scales must be finite and "
                   "positive"},
        Corruption{"infinite_scale",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(
                         m, schema::TensorType_FLOAT32,
                         {std::numeric_limits<float>::infinity()}, {0});
                   },
                   "tensor 2: scale 0 is inf; scales must be finite and "
                   "positive"},
        Corruption{"int8_zero_point_above_range",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(m, schema::TensorType_INT8, {0.5f},
                                           {128});
                   },
                   "tensor 2: zero_point 0 is 128, outside [-128, 127] for "
                   "INT8"},
        Corruption{"uint8_zero_point_below_range",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(m, schema::TensorType_UINT8,
                                           {0.5f, 0.5f, 0.5f, 0.5f},
                                           {0, 255, -1, 0}, 1);
                   },
                   "tensor 2: zero_point 2 is -1, outside [0, 255] for UINT8"},
        Corruption{"int16_zero_point_out_of_range",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(m, schema::TensorType_INT16, {0.5f},
                                           {40000});
                   },
                   "tensor 2: zero_point 0 is 40000, outside [-32768, 32767] "
                   "for INT16"},
        Corruption{"int32_zero_point_out_of_range",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(m, schema::TensorType_INT32, {0.5f},
                                           {int64_t{1} << 40});
                   },
                   "tensor 2: zero_point 0 is 1099511627776, outside "
                   "[-2147483648, 2147483647] for INT32"},
        Corruption{"per_axis_length_mismatch",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(m, schema::TensorType_INT8,
                                           {0.5f, 0.5f, 0.5f}, {0, 0, 0}, 1);
                   },
                   "tensor 2: 3 per-axis scales, but dim 1 has size 4"},
        Corruption{"per_axis_dimension_out_of_range",
                   [](schema::ModelT& m) {
                     SetOutputQuantization(m, schema::TensorType_INT8,
                                           {0.5f, 0.5f}, {0, 0}, 2);
                   },
                   "tensor 2: quantized_dimension 2 is out of range for rank "
                   "2"},
        Corruption{"sparse_input_to_non_densify",
                   [](schema::ModelT& m) {
                     m.subgraphs[0]->tensors[1]->sparsity =
                         std::make_unique<schema::SparsityParametersT>();
                   },
                   "operator 0 (ADD): input 1 (tensor 1) is sparse; only "
                   "DENSIFY reads sparse tensors"},
        Corruption{"unsupported_tensor_type",
                   [](schema::ModelT& m) {
                     m.subgraphs[0]->tensors[2]->type =
                         schema::TensorType_STRING;
                   },
                   "tensor 2: type STRING is not supported"},
        Corruption{"unknown_builtin",
                   [](schema::ModelT& m) {
                     m.operator_codes[0]->builtin_code =
                         static_cast<schema::BuiltinOperator>(250);
                   },
                   "node 0 (BUILTIN_250, version 1): liten has no kernel for "
                   "this op"},
        Corruption{"unsupported_version",
                   [](schema::ModelT& m) { m.operator_codes[0]->version = 99; },
                   "node 0 (ADD, version 99): op version 99 is not supported "
                   "(liten has version"},
        Corruption{"unknown_custom_op",
                   [](schema::ModelT& m) {
                     m.operator_codes[0]->builtin_code =
                         schema::BuiltinOperator_CUSTOM;
                     m.operator_codes[0]->deprecated_builtin_code =
                         schema::BuiltinOperator_CUSTOM;
                     m.operator_codes[0]->custom_code = "my-op";
                   },
                   "node 0 (my-op, version 1): liten has no kernel for this "
                   "custom op"}),
    [](const ::testing::TestParamInfo<Corruption>& info) {
      return std::string(info.param.name);
    });

// Zero points at either end of their type's range, and any zero point on an
// INT32 tensor, load.
TEST(ModelLoaderTest, ZeroPointsAtTheTypeBoundsLoad) {
  struct Bound {
    schema::TensorType type;
    int64_t zero_point;
  };
  for (const Bound& bound :
       {Bound{schema::TensorType_INT8, -128}, Bound{schema::TensorType_INT8, 127},
        Bound{schema::TensorType_UINT8, 0}, Bound{schema::TensorType_UINT8, 255},
        Bound{schema::TensorType_INT16, -32768},
        Bound{schema::TensorType_INT16, 32767},
        Bound{schema::TensorType_INT32, -2147483648LL}}) {
    const std::vector<uint8_t> bytes =
        Rewrite(AddModel(), [&](schema::ModelT& m) {
          SetOutputQuantization(m, bound.type, {1e-30f}, {bound.zero_point});
        });
    std::vector<std::max_align_t> storage(bytes.size() /
                                              sizeof(std::max_align_t) +
                                          1);
    std::memcpy(storage.data(), bytes.data(), bytes.size());
    std::shared_ptr<const Model> model;
    const Status status = Model::FromBuffer(storage.data(), bytes.size(), &model);
    EXPECT_TRUE(status.ok()) << schema::EnumNameTensorType(bound.type) << " "
                             << bound.zero_point << ": " << status.message();
  }
}

TEST(ModelLoaderTest, OperatorsOutOfOrderAreRejected) {
  // in -> ADD -> mid -> ADD -> out, with the two operators swapped.
  testing::ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {2}, "in");
  const int mid = builder.AddTensor(DataType::kFloat32, {2}, "mid");
  const int out = builder.AddTensor(DataType::kFloat32, {2}, "out");
  builder.AddOperator(schema::BuiltinOperator_ADD, {mid, mid}, {out});
  builder.AddOperator(schema::BuiltinOperator_ADD, {in, in}, {mid});
  builder.SetInputs({in});
  builder.SetOutputs({out});
  const Status status = LoadAndRun(builder.Finish());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              HasSubstr("operator 0 (ADD): input 0 (tensor 1) is written by "
                        "operator 1, which comes later"));
}

TEST(ModelLoaderTest, TensorWrittenTwiceIsRejected) {
  testing::ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {2}, "in");
  const int out = builder.AddTensor(DataType::kFloat32, {2}, "out");
  builder.AddOperator(schema::BuiltinOperator_ADD, {in, in}, {out});
  builder.AddOperator(schema::BuiltinOperator_ADD, {in, in}, {out});
  builder.SetInputs({in});
  builder.SetOutputs({out});
  const Status status = LoadAndRun(builder.Finish());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              HasSubstr("operator 1 (ADD): output 0 (tensor 1) is already "
                        "written by operator 0"));
}

TEST(ModelLoaderTest, NotAFlatBuffer) {
  const std::string text = "this is not a tflite model, just some text.";
  const Status status =
      LoadAndRun(std::vector<uint8_t>(text.begin(), text.end()));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidModel);
  EXPECT_THAT(status.message(), HasSubstr("not a .tflite model"));
}

TEST(ModelLoaderTest, EveryTruncationFailsCleanly) {
  const std::vector<uint8_t> bytes = AddModel();
  for (size_t size = 0; size < bytes.size(); ++size) {
    const Status status =
        LoadAndRun(std::vector<uint8_t>(bytes.begin(), bytes.begin() + size));
    EXPECT_FALSE(status.ok()) << "truncated to " << size << " bytes";
  }
}

// Flipping any bit must give an error or a model that runs; the sanitizers
// catch anything in between.
TEST(ModelLoaderTest, EveryBitFlipIsSafe) {
  const std::vector<uint8_t> bytes = AddModel();
  int rejected = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> flipped = bytes;
      flipped[i] ^= static_cast<uint8_t>(1 << bit);
      if (!LoadAndRun(flipped).ok()) ++rejected;
    }
  }
  // Flips in weights and padding are harmless; flips in offsets are not.
  EXPECT_GT(rejected, 0);
}

TEST(ModelLoaderTest, HugeShapesHitTheMemoryLimit) {
  // [2^28, 4] floats broadcast against [1, 4]: a 4 GiB output.
  const Status status = LoadAndRun(Rewrite(AddModel(), [](schema::ModelT& m) {
    m.subgraphs[0]->tensors[0]->shape = {1 << 28, 4};
  }));
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("over the limit of 1048576"));
}

TEST(ModelLoaderTest, MissingFileIsNotFound) {
  std::shared_ptr<const Model> model;
  const Status status = Model::FromFile("/nonexistent/model.tflite", &model);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/model.tflite"));
}

TEST(ModelLoaderTest, MisalignedBufferIsRejected) {
  const std::vector<uint8_t> bytes = AddModel();
  std::vector<std::max_align_t> storage(bytes.size() / sizeof(std::max_align_t) + 2);
  uint8_t* misaligned = reinterpret_cast<uint8_t*>(storage.data()) + 4;
  std::memcpy(misaligned, bytes.data(), bytes.size());
  std::shared_ptr<const Model> model;
  const Status status = Model::FromBuffer(misaligned, bytes.size(), &model);
  EXPECT_THAT(status.message(), HasSubstr("not 16-byte aligned"));
}

}  // namespace
}  // namespace liten
