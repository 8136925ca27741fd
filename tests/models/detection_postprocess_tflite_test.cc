// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// TFLite_Detection_PostProcess against TFLite 2.9.0's builtin kernel, every
// output byte that TFLite writes equal: one-op models built here with
// seeded random boxes, anchors and scores, FLOAT32 and UINT8, regular and
// fast NMS. Scores drawn from a few values make ties everywhere (candidate
// order, the merge of classes in regular NMS, the order of several classes
// per box); NaN and infinite scores and overflowing box sizes check the
// float corner cases.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "flatbuffers/flexbuffers.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "schema/schema_generated.h"
#include "tests/model_builder.h"
#include "tests/model_test_util.h"
#include "tests/models/tflite_op_test.h"
#include "tools/tflite_reference/tflite_reference.h"

namespace liten {
namespace {

using testing::Bytes;
using testing::ModelBuilder;
using tflite_reference::Backend;
using tflite_reference::TfLiteRunner;

enum class Scores {
  kUniform,   // Uniform in [0, 1).
  kTied,      // One of five values.
  kExtreme,   // Uniform, with NaN, +-infinity and huge box encodings.
};

struct DetectionCase {
  std::string name;
  bool regular = false;
  int32_t boxes = 40;
  int32_t num_classes = 4;
  int32_t background = 1;  // Leading background columns: 0 or 1.
  int32_t max_detections = 10;
  int32_t classes_per_detection = 1;
  int32_t detections_per_class = 5;
  // FLOAT32, UINT8 or INT8; the anchors have the box encodings' type.
  DataType box_type = DataType::kFloat32;
  DataType class_type = DataType::kFloat32;
  Scores scores = Scores::kUniform;
  bool anchors_are_input = false;
  float score_threshold = 0.05f;
  float iou_threshold = 0.5f;
};

void PrintTo(const DetectionCase& c, std::ostream* os) { *os << c.name; }

std::vector<uint8_t> OptionBytes(const DetectionCase& c) {
  flexbuffers::Builder fbb;
  fbb.Map([&]() {
    fbb.Int("max_detections", c.max_detections);
    fbb.Int("max_classes_per_detection", c.classes_per_detection);
    fbb.Int("detections_per_class", c.detections_per_class);
    fbb.Bool("use_regular_nms", c.regular);
    fbb.Float("nms_score_threshold", c.score_threshold);
    fbb.Float("nms_iou_threshold", c.iou_threshold);
    fbb.Int("num_classes", c.num_classes);
    fbb.Float("y_scale", 10.0f);
    fbb.Float("x_scale", 10.0f);
    fbb.Float("h_scale", 5.0f);
    fbb.Float("w_scale", 5.0f);
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

// The SSD model's quantization of each input; INT8 zero points are 128
// lower.
constexpr float kBoxScale = 0.0913421f;
constexpr int64_t kBoxZeroPoint = 179;
constexpr float kAnchorScale = 0.00645365f;
constexpr float kScoreScale = 0.00390625f;

void Quantize(ModelBuilder& builder, int tensor, DataType type, float scale,
              int64_t uint8_zero_point) {
  if (type == DataType::kFloat32) return;
  builder.SetQuantization(
      tensor, {scale},
      {type == DataType::kUInt8 ? uint8_zero_point : uint8_zero_point - 128});
}

// A case's model and its inputs' bytes, in graph input order.
struct DetectionModel {
  std::vector<uint8_t> model;
  std::vector<std::vector<uint8_t>> inputs;
};

std::vector<uint8_t> RandomBytes(std::mt19937& rng, size_t count) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<uint8_t> bytes(count);
  for (uint8_t& b : bytes) b = static_cast<uint8_t>(byte(rng));
  return bytes;
}

std::vector<float> RandomScores(std::mt19937& rng, size_t count,
                                Scores kind) {
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  const float tied[] = {0.0f, 0.25f, 0.5f, 0.75f, 0.9f};
  std::uniform_int_distribution<int> pick(0, 4);
  const float inf = std::numeric_limits<float>::infinity();
  const float extremes[] = {std::nanf(""), inf, -inf};
  std::vector<float> scores(count);
  for (size_t i = 0; i < count; ++i) {
    scores[i] = kind == Scores::kTied ? tied[pick(rng)] : uniform(rng);
    if (kind == Scores::kExtreme && i % 7 == 3) scores[i] = extremes[i % 3];
  }
  return scores;
}

DetectionModel BuildDetectionModel(const DetectionCase& c) {
  std::mt19937 rng(4242 + c.boxes * 31 + c.num_classes);
  const int32_t columns = c.num_classes + c.background;
  DetectionModel result;

  ModelBuilder builder;
  const int encodings = builder.AddTensor(c.box_type, {1, c.boxes, 4});
  Quantize(builder, encodings, c.box_type, kBoxScale, kBoxZeroPoint);
  const int predictions =
      builder.AddTensor(c.class_type, {1, c.boxes, columns});
  Quantize(builder, predictions, c.class_type, kScoreScale, 0);
  std::vector<uint8_t> anchors;
  if (c.box_type != DataType::kFloat32) {
    anchors = RandomBytes(rng, c.boxes * 4);
    result.inputs.push_back(RandomBytes(rng, c.boxes * 4));
  } else {
    // Centers in [0, 1), sizes in [0.02, 0.5): neighbours overlap.
    std::uniform_real_distribution<float> center(0.0f, 1.0f);
    std::uniform_real_distribution<float> size(0.02f, 0.5f);
    std::vector<float> values;
    for (int32_t b = 0; b < c.boxes; ++b) {
      values.insert(values.end(),
                    {center(rng), center(rng), size(rng), size(rng)});
    }
    anchors = Bytes(values);
    std::uniform_real_distribution<float> offset(-3.0f, 3.0f);
    std::vector<float> encoded(c.boxes * 4);
    for (size_t i = 0; i < encoded.size(); ++i) {
      encoded[i] = offset(rng);
      // Sizes that overflow float (exp(100)) or vanish.
      if (c.scores == Scores::kExtreme && i % 11 == 2) encoded[i] = 500.0f;
      if (c.scores == Scores::kExtreme && i % 13 == 3) encoded[i] = -500.0f;
    }
    result.inputs.push_back(Bytes(encoded));
  }
  const size_t score_count = static_cast<size_t>(c.boxes) * columns;
  if (c.class_type != DataType::kFloat32) {
    result.inputs.push_back(RandomBytes(rng, score_count));
  } else {
    result.inputs.push_back(Bytes(RandomScores(rng, score_count, c.scores)));
  }
  const int anchor_tensor =
      c.anchors_are_input
          ? builder.AddTensor(c.box_type, {c.boxes, 4})
          : builder.AddConstantBytes(c.box_type, {c.boxes, 4}, anchors);
  Quantize(builder, anchor_tensor, c.box_type, kAnchorScale, 0);
  if (c.anchors_are_input) result.inputs.push_back(anchors);

  std::vector<int> outputs;
  for (int i = 0; i < 4; ++i) {
    outputs.push_back(builder.AddTensor(DataType::kFloat32, {}));
  }
  builder.AddCustomOperator("TFLite_Detection_PostProcess",
                            {encodings, predictions, anchor_tensor}, outputs,
                            1, OptionBytes(c));
  builder.SetInputs(c.anchors_are_input
                        ? std::vector<int>{encodings, predictions,
                                           anchor_tensor}
                        : std::vector<int>{encodings, predictions});
  builder.SetOutputs(outputs);
  result.model = builder.Finish();
  return result;
}

// A change to the default case, which runs with fast NMS, regular NMS or
// both.
struct Variant {
  const char* name;
  void (*change)(DetectionCase& c);
};

const Variant kBothNmsVariants[] = {
    {"Float", [](DetectionCase&) {}},
    {"FloatTiedScores",
     [](DetectionCase& c) {
       c.scores = Scores::kTied;
       c.boxes = 60;
     }},
    {"FloatNoBackground",
     [](DetectionCase& c) {
       c.background = 0;
       c.scores = Scores::kTied;
     }},
    {"FloatExtremes", [](DetectionCase& c) { c.scores = Scores::kExtreme; }},
    {"FloatAnchorsAsInput",
     [](DetectionCase& c) { c.anchors_are_input = true; }},
    {"FewerDetectionsThanMax",
     [](DetectionCase& c) {
       c.score_threshold = 0.97f;
       c.max_detections = 20;
     }},
    {"LowIouThreshold", [](DetectionCase& c) { c.iou_threshold = 0.01f; }},
    {"IouThresholdOne",
     [](DetectionCase& c) {
       c.iou_threshold = 1.0f;
       c.scores = Scores::kTied;
     }},
    // The SSD model's layout, smaller: UINT8 everything, 90 classes after
    // a background class, a threshold of 1e-8.
    {"Uint8Ssd",
     [](DetectionCase& c) {
       c.box_type = c.class_type = DataType::kUInt8;
       c.boxes = 150;
       c.num_classes = 90;
       c.score_threshold = 1e-8f;
       c.detections_per_class = 100;
     }},
    {"Uint8AnchorsAsInput",
     [](DetectionCase& c) {
       c.box_type = c.class_type = DataType::kUInt8;
       c.anchors_are_input = true;
     }},
    {"Uint8BoxesFloatScores",
     [](DetectionCase& c) {
       c.box_type = DataType::kUInt8;
       c.scores = Scores::kTied;
     }},
    {"FloatBoxesUint8Scores",
     [](DetectionCase& c) { c.class_type = DataType::kUInt8; }},
    {"OneBoxOneClass",
     [](DetectionCase& c) {
       c.boxes = 1;
       c.num_classes = 1;
       c.score_threshold = 0.0f;
     }},
};

// Several classes per detection: fast NMS fills a row per class, with tied
// classes in std::partial_sort's order.
const Variant kFastNmsVariants[] = {
    {"ThreeClassesPerBoxTied",
     [](DetectionCase& c) {
       c.classes_per_detection = 3;
       c.num_classes = 7;
       c.scores = Scores::kTied;
     }},
    {"ThreeClassesPerBoxUint8",
     [](DetectionCase& c) {
       c.classes_per_detection = 3;
       c.num_classes = 12;
       c.box_type = c.class_type = DataType::kUInt8;
     }},
    {"MoreClassesPerBoxThanClasses",
     [](DetectionCase& c) {
       c.classes_per_detection = 4;
       c.num_classes = 2;
     }},
    {"ThreeClassesPerBoxExtremes",
     [](DetectionCase& c) {
       c.classes_per_detection = 3;
       c.num_classes = 6;
       c.scores = Scores::kExtreme;
     }},
    {"ZeroMaxDetections", [](DetectionCase& c) { c.max_detections = 0; }},
};

const Variant kRegularNmsVariants[] = {
    // Only the first max_detections rows are written.
    {"TwoClassesPerDetection",
     [](DetectionCase& c) { c.classes_per_detection = 2; }},
    {"DetectionsPerClassOverMax",
     [](DetectionCase& c) {
       c.detections_per_class = 100;
       c.max_detections = 6;
       c.scores = Scores::kTied;
     }},
    {"OneDetectionPerClass",
     [](DetectionCase& c) {
       c.detections_per_class = 1;
       c.num_classes = 20;
       c.scores = Scores::kTied;
     }},
};

std::vector<DetectionCase> AllDetectionCases() {
  std::vector<DetectionCase> cases;
  const auto add = [&cases](const Variant& variant, bool regular) {
    DetectionCase c;
    c.name = std::string(regular ? "Regular" : "Fast") + variant.name;
    c.regular = regular;
    variant.change(c);
    cases.push_back(c);
  };
  for (const Variant& variant : kBothNmsVariants) {
    add(variant, false);
    add(variant, true);
  }
  for (const Variant& variant : kFastNmsVariants) add(variant, false);
  for (const Variant& variant : kRegularNmsVariants) add(variant, true);
  return cases;
}

// TFLite's builtin kernels on `detection`, its inputs set; null, with the
// reason in `*error`, when TFLite cannot build it.
std::unique_ptr<TfLiteRunner> CreateTfLite(
    const tflite_reference::TfLiteLibrary& library,
    const DetectionModel& detection, std::string* error) {
  const std::string path = ::testing::TempDir() + "liten_detection_" +
                           std::to_string(getpid()) + ".tflite";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(detection.model.data()),
             detection.model.size());
  std::unique_ptr<TfLiteRunner> tflite =
      TfLiteRunner::Create(library, path, Backend::kBuiltin, 1, error);
  std::remove(path.c_str());
  for (size_t i = 0; tflite != nullptr && i < detection.inputs.size(); ++i) {
    const std::vector<uint8_t>& input = detection.inputs[i];
    if (!tflite->SetInput(static_cast<int>(i), input.data(), input.size(),
                          error)) {
      return nullptr;
    }
  }
  return tflite;
}

// liten on `detection`, its inputs set. Failures are fatal: call it under
// ASSERT_NO_FATAL_FAILURE.
void CreateLiten(const DetectionModel& detection,
                 testing::TestInterpreter* liten) {
  const Status built = liten->Build(detection.model);
  ASSERT_TRUE(built.ok()) << built.message();
  for (size_t i = 0; i < detection.inputs.size(); ++i) {
    const std::vector<uint8_t>& input = detection.inputs[i];
    const Status set =
        liten->interpreter().SetInput(i, input.data(), input.size());
    ASSERT_TRUE(set.ok()) << set.message();
  }
}

// Whether TFLite's kernel writes output row `row`: fast NMS writes the first
// min(max_classes_per_detection, num_classes) rows of each of its `count`
// detections, regular NMS the first max_detections rows (zeros past its
// detections). Other rows keep whatever TFLite's arena held; liten writes
// zeros there.
bool TfLiteWritesRow(const DetectionCase& c, int32_t row, int32_t count) {
  if (c.regular) return row < c.max_detections;
  return row / c.classes_per_detection < count &&
         row % c.classes_per_detection <
             std::min(c.classes_per_detection, c.num_classes);
}

class DetectionTfLiteTest : public testing::TfLiteOpTest {
 protected:
  // Runs `detection` through TFLite and liten and expects every row that
  // TFLite writes to be byte for byte TFLite's and the others zero, for a
  // model laid out as `c` says (NMS kind, rows, classes).
  void ExpectSameDetections(const DetectionModel& detection,
                            const DetectionCase& c) {
    std::string error;
    const std::unique_ptr<TfLiteRunner> tflite =
        CreateTfLite(*library_, detection, &error);
    ASSERT_NE(tflite, nullptr) << error;
    ASSERT_TRUE(tflite->Invoke(&error)) << error;
    const std::vector<tflite_reference::TensorData> expected =
        tflite->outputs();
    testing::TestInterpreter liten;
    ASSERT_NO_FATAL_FAILURE(CreateLiten(detection, &liten));
    const Status invoked = liten.Invoke();
    ASSERT_TRUE(invoked.ok()) << invoked.message();

    ASSERT_EQ(expected.size(), 4u);
    for (size_t o = 0; o < 4; ++o) {
      EXPECT_EQ(liten.OutputShape(o),
                std::vector<int32_t>(expected[o].shape.begin(),
                                     expected[o].shape.end()))
          << "output " << o;
    }
    ASSERT_EQ(liten.Output<uint8_t>(3), expected[3].bytes);
    float count = 0.0f;
    std::memcpy(&count, expected[3].bytes.data(), sizeof(count));
    const int32_t rows = c.max_detections * c.classes_per_detection;
    const size_t row_bytes[3] = {4 * sizeof(float), sizeof(float),
                                 sizeof(float)};
    int64_t compared = 0;
    for (size_t o = 0; o < 3; ++o) {
      const std::vector<uint8_t> actual = liten.Output<uint8_t>(o);
      ASSERT_EQ(actual.size(), rows * row_bytes[o]);
      ASSERT_EQ(expected[o].bytes.size(), actual.size());
      for (int32_t row = 0; row < rows; ++row) {
        const uint8_t* mine = actual.data() + row * row_bytes[o];
        const uint8_t* theirs = expected[o].bytes.data() + row * row_bytes[o];
        if (TfLiteWritesRow(c, row, static_cast<int32_t>(count))) {
          ++compared;
          EXPECT_EQ(std::memcmp(mine, theirs, row_bytes[o]), 0)
              << "output " << o << ", row " << row << ": liten "
              << reinterpret_cast<const float*>(mine)[0] << ", TFLite "
              << reinterpret_cast<const float*>(theirs)[0];
        } else {
          EXPECT_EQ(std::count(mine, mine + row_bytes[o], 0),
                    static_cast<int64_t>(row_bytes[o]))
              << "output " << o << ", row " << row << " should be zero";
        }
      }
    }
    if (c.max_detections > 0) {
      EXPECT_GT(compared, 0);
    }
  }
};

class DetectionPostprocessTfLiteTest
    : public DetectionTfLiteTest,
      public ::testing::WithParamInterface<DetectionCase> {};

TEST_P(DetectionPostprocessTfLiteTest, OutputsMatchTfLiteBitForBit) {
  ExpectSameDetections(BuildDetectionModel(GetParam()), GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DetectionPostprocessTfLiteTest,
    ::testing::ValuesIn(AllDetectionCases()),
    [](const ::testing::TestParamInfo<DetectionCase>& info) {
      return info.param.name;
    });

// The SSD model's own node, in a one-op model: its custom options as TOCO
// wrote them, its 1917 anchors, its inputs' shapes and quantization, fed
// random bytes. (The whole model needs quantized ops liten lacks so far.)
TEST_F(DetectionTfLiteTest, SsdModelsNodeMatchesTfLite) {
  const std::string path = testing::ModelPath(
      "npm/ssd_mobilenet_v2_coco_quant_postprocess.tflite");
  if (path.empty()) GTEST_SKIP() << "the SSD model is not in $LITEN_MODELS_DIR";
  std::ifstream file(path, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                   std::istreambuf_iterator<char>());
  flatbuffers::Verifier verifier(bytes.data(), bytes.size());
  ASSERT_TRUE(schema::VerifyModelBuffer(verifier));
  const schema::Model& ssd = *schema::GetModel(bytes.data());
  const schema::SubGraph& graph = *ssd.subgraphs()->Get(0);
  const schema::Operator* node = nullptr;
  for (const schema::Operator* op : *graph.operators()) {
    const flatbuffers::String* code =
        ssd.operator_codes()->Get(op->opcode_index())->custom_code();
    if (code != nullptr && code->str() == "TFLite_Detection_PostProcess") {
      node = op;
    }
  }
  ASSERT_NE(node, nullptr);

  std::mt19937 rng(1917);
  DetectionModel detection;
  ModelBuilder builder;
  std::vector<int> inputs;
  for (int i = 0; i < 3; ++i) {
    const schema::Tensor& tensor =
        *graph.tensors()->Get(node->inputs()->Get(i));
    const std::vector<int32_t> shape(tensor.shape()->begin(),
                                     tensor.shape()->end());
    const DataType type = static_cast<DataType>(tensor.type());
    const flatbuffers::Vector<uint8_t>* data =
        ssd.buffers()->Get(tensor.buffer())->data();
    if (data != nullptr && data->size() > 0) {
      inputs.push_back(builder.AddConstantBytes(
          type, shape, std::vector<uint8_t>(data->begin(), data->end())));
    } else {
      inputs.push_back(builder.AddTensor(type, shape));
      int64_t count = 1;
      for (int32_t d : shape) count *= d;
      detection.inputs.push_back(RandomBytes(rng, count));
    }
    const schema::QuantizationParameters& quantization =
        *tensor.quantization();
    builder.SetQuantization(inputs.back(), {quantization.scale()->Get(0)},
                            {quantization.zero_point()->Get(0)});
  }
  std::vector<int> outputs;
  for (int i = 0; i < 4; ++i) {
    outputs.push_back(builder.AddTensor(DataType::kFloat32, {}));
  }
  builder.AddCustomOperator(
      "TFLite_Detection_PostProcess", inputs, outputs, 1,
      std::vector<uint8_t>(node->custom_options()->begin(),
                           node->custom_options()->end()));
  builder.SetInputs({inputs[0], inputs[1]});
  builder.SetOutputs(outputs);
  detection.model = builder.Finish();
  ASSERT_EQ(detection.inputs.size(), 2u);

  const flexbuffers::Map options =
      flexbuffers::GetRoot(node->custom_options()->data(),
                           node->custom_options()->size())
          .AsMap();
  DetectionCase layout;
  layout.regular = options["use_regular_nms"].AsBool();
  layout.max_detections = options["max_detections"].AsInt32();
  layout.classes_per_detection =
      options["max_classes_per_detection"].AsInt32();
  layout.num_classes = options["num_classes"].AsInt32();
  ExpectSameDetections(detection, layout);
}

// liten also reads INT8 inputs, the way it reads UINT8; TFLite 2.9 builds
// such a model but fails at Invoke, so there is nothing to compare.
TEST_F(DetectionTfLiteTest, Int8FailsInTfLiteButRunsInLiten) {
  DetectionCase c;
  c.box_type = c.class_type = DataType::kInt8;
  const DetectionModel detection = BuildDetectionModel(c);
  std::string error;
  const std::unique_ptr<TfLiteRunner> tflite =
      CreateTfLite(*library_, detection, &error);
  ASSERT_NE(tflite, nullptr) << error;
  EXPECT_FALSE(tflite->Invoke(&error));
  testing::TestInterpreter liten;
  ASSERT_NO_FATAL_FAILURE(CreateLiten(detection, &liten));
  const Status invoked = liten.Invoke();
  EXPECT_TRUE(invoked.ok()) << invoked.message();
}

}  // namespace
}  // namespace liten
