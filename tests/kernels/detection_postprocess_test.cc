// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// TFLite_Detection_PostProcess through the loader and interpreter: decoding
// and suppression on cases worked out by hand (ties, thresholds, fewer
// detections than asked for, regular against fast NMS, quantized inputs),
// random cases against a naive definition written here, and the errors of
// bad models, custom options and damaged flexbuffers. The bit-for-bit
// comparison with TFLite itself is tests/models/
// detection_postprocess_tflite_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "flatbuffers/flexbuffers.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

constexpr char kOpName[] = "TFLite_Detection_PostProcess";
constexpr char kNodeName[] = "node 0 (TFLite_Detection_PostProcess)";

// Custom options by key; each map writes its own flexbuffer type.
struct OptionValues {
  std::map<std::string, int64_t> ints = {{"max_detections", 3},
                                         {"max_classes_per_detection", 1},
                                         {"detections_per_class", 2},
                                         {"num_classes", 3}};
  std::map<std::string, double> floats = {{"nms_score_threshold", 0.1},
                                          {"nms_iou_threshold", 0.5},
                                          {"y_scale", 10.0},
                                          {"x_scale", 10.0},
                                          {"h_scale", 5.0},
                                          {"w_scale", 5.0}};
  std::map<std::string, bool> bools = {{"use_regular_nms", false}};
  std::map<std::string, std::string> strings;
};

// Floats as 32 bits, as TFLite's converter writes them.
std::vector<uint8_t> EncodeOptions(const OptionValues& options) {
  flexbuffers::Builder fbb;
  const size_t map = fbb.StartMap();
  for (const auto& [key, value] : options.ints) fbb.Int(key.c_str(), value);
  for (const auto& [key, value] : options.floats) {
    fbb.Float(key.c_str(), static_cast<float>(value));
  }
  for (const auto& [key, value] : options.bools) fbb.Bool(key.c_str(), value);
  for (const auto& [key, value] : options.strings) {
    fbb.String(key.c_str(), value);
  }
  fbb.EndMap(map);
  fbb.Finish();
  return fbb.GetBuffer();
}

template <typename T>
std::vector<uint8_t> RawBytes(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

struct Quantization {
  std::vector<float> scales;  // Empty: none.
  std::vector<int64_t> zero_points;
};

// A valid model to vary: 5 boxes, a background class and 3 classes, fast
// NMS, constant FLOAT32 anchors. Outputs are declared with shape [], as in
// the SSD models, and shaped by Prepare.
struct DetectionGraph {
  std::vector<int32_t> box_shape = {1, 5, 4};
  std::vector<int32_t> class_shape = {1, 5, 4};
  std::vector<int32_t> anchor_shape = {5, 4};
  DataType box_type = DataType::kFloat32;
  DataType class_type = DataType::kFloat32;
  DataType anchor_type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  Quantization box_quantization;
  Quantization class_quantization;
  Quantization anchor_quantization;
  // The constant anchors' bytes; zeros of the right size when empty.
  std::vector<uint8_t> anchor_bytes;
  bool anchors_are_input = false;
  OptionValues options;
  bool has_options = true;
  std::vector<uint8_t> raw_options;  // Replaces `options` when not empty.
  std::vector<int> node_inputs;      // Replace {0, 1, 2} and {3, 4, 5, 6}.
  std::vector<int> node_outputs;
  int version = 1;
};

int AddQuantizedTensor(ModelBuilder& builder, DataType type,
                       const std::vector<int32_t>& shape,
                       const Quantization& quantization) {
  const int tensor = builder.AddTensor(type, shape);
  if (!quantization.scales.empty()) {
    builder.SetQuantization(tensor, quantization.scales,
                            quantization.zero_points);
  }
  return tensor;
}

std::vector<uint8_t> BuildModel(const DetectionGraph& graph) {
  ModelBuilder builder;
  const int encodings = AddQuantizedTensor(builder, graph.box_type,
                                           graph.box_shape,
                                           graph.box_quantization);
  const int predictions = AddQuantizedTensor(builder, graph.class_type,
                                             graph.class_shape,
                                             graph.class_quantization);
  int anchors = 0;
  if (graph.anchors_are_input) {
    anchors = builder.AddTensor(graph.anchor_type, graph.anchor_shape);
  } else {
    anchors = builder.AddConstantBytes(
        graph.anchor_type, graph.anchor_shape,
        graph.anchor_bytes.empty()
            ? std::vector<uint8_t>(ElementCount(graph.anchor_shape) *
                                   DataTypeSize(graph.anchor_type))
            : graph.anchor_bytes);
  }
  if (!graph.anchor_quantization.scales.empty()) {
    builder.SetQuantization(anchors, graph.anchor_quantization.scales,
                            graph.anchor_quantization.zero_points);
  }
  std::vector<int> outputs;
  for (int i = 0; i < 4; ++i) {
    outputs.push_back(builder.AddTensor(graph.output_type, {}));
  }
  std::vector<uint8_t> options;
  if (graph.has_options) {
    options = graph.raw_options.empty() ? EncodeOptions(graph.options)
                                        : graph.raw_options;
  }
  builder.AddCustomOperator(
      kOpName,
      graph.node_inputs.empty()
          ? std::vector<int>{encodings, predictions, anchors}
          : graph.node_inputs,
      graph.node_outputs.empty() ? outputs : graph.node_outputs,
      graph.version, options);
  builder.SetInputs(graph.anchors_are_input
                        ? std::vector<int>{encodings, predictions, anchors}
                        : std::vector<int>{encodings, predictions});
  builder.SetOutputs(graph.node_outputs.empty() ? outputs : graph.node_outputs);
  return builder.Finish();
}

// The four outputs of one run.
struct Detections {
  std::vector<float> boxes;
  std::vector<float> classes;
  std::vector<float> scores;
  float count = -1.0f;
  std::vector<int32_t> box_shape;
};

// Runs a built model on the inputs and returns its outputs. Failures are
// fatal: call it under ASSERT_NO_FATAL_FAILURE.
template <typename Box, typename Class>
void RunDetection(TestInterpreter& interpreter,
                  const std::vector<Box>& encodings,
                  const std::vector<Class>& predictions, Detections* out) {
  ASSERT_TRUE(interpreter.SetInput(0, encodings).ok());
  ASSERT_TRUE(interpreter.SetInput(1, predictions).ok());
  const Status invoked = interpreter.Invoke();
  ASSERT_TRUE(invoked.ok()) << invoked.message();
  out->boxes = interpreter.Output<float>(0);
  out->classes = interpreter.Output<float>(1);
  out->scores = interpreter.Output<float>(2);
  const std::vector<float> count = interpreter.Output<float>(3);
  ASSERT_EQ(count.size(), 1u);
  out->count = count[0];
  out->box_shape = interpreter.OutputShape(0);
  const int32_t rows = out->box_shape.size() == 3 ? out->box_shape[1] : -1;
  EXPECT_EQ(interpreter.OutputShape(1), (std::vector<int32_t>{1, rows}));
  EXPECT_EQ(interpreter.OutputShape(2), (std::vector<int32_t>{1, rows}));
  EXPECT_EQ(interpreter.OutputShape(3), std::vector<int32_t>{1});
}

template <typename Box, typename Class>
void BuildAndRun(const DetectionGraph& graph,
                 const std::vector<Box>& encodings,
                 const std::vector<Class>& predictions, Detections* out) {
  TestInterpreter interpreter;
  const Status built = interpreter.Build(BuildModel(graph));
  ASSERT_TRUE(built.ok()) << built.message();
  RunDetection(interpreter, encodings, predictions, out);
}

// Corner boxes (ymin, xmin, ymax, xmax) as anchors (y, x, h, w), so that
// zero encodings decode to exactly these boxes.
std::vector<float> AnchorsFor(
    const std::vector<std::array<float, 4>>& corners) {
  std::vector<float> anchors;
  for (const auto& c : corners) {
    anchors.insert(anchors.end(), {(c[0] + c[2]) / 2, (c[1] + c[3]) / 2,
                                   c[2] - c[0], c[3] - c[1]});
  }
  return anchors;
}

// A graph of `corners.size()` boxes with these anchors, `num_classes`
// classes after a background class, and the default options otherwise.
DetectionGraph GraphWithBoxes(const std::vector<std::array<float, 4>>& corners,
                              int32_t num_classes) {
  const int32_t boxes = static_cast<int32_t>(corners.size());
  DetectionGraph graph;
  graph.box_shape = {1, boxes, 4};
  graph.class_shape = {1, boxes, num_classes + 1};
  graph.anchor_shape = {boxes, 4};
  graph.anchor_bytes = RawBytes(AnchorsFor(corners));
  graph.options.ints["num_classes"] = num_classes;
  return graph;
}

// A detection an output row must hold; rows not listed must be empty.
struct ExpectedRow {
  int row;
  std::array<float, 4> box;  // To 1e-6: some decode inexactly.
  float class_index;
  float score;
};

void ExpectRows(const Detections& d, const std::vector<ExpectedRow>& rows) {
  ASSERT_EQ(d.boxes.size(), d.classes.size() * 4);
  ASSERT_EQ(d.scores.size(), d.classes.size());
  for (size_t row = 0; row < d.classes.size(); ++row) {
    SCOPED_TRACE("row " + std::to_string(row));
    const auto expected =
        std::find_if(rows.begin(), rows.end(), [&](const ExpectedRow& r) {
          return r.row == static_cast<int>(row);
        });
    const ExpectedRow empty = {0, {0, 0, 0, 0}, 0, 0};
    const ExpectedRow& e = expected != rows.end() ? *expected : empty;
    for (int k = 0; k < 4; ++k) {
      EXPECT_NEAR(d.boxes[row * 4 + k], e.box[k], 1e-6f) << "coordinate " << k;
    }
    EXPECT_EQ(d.classes[row], e.class_index);
    EXPECT_EQ(d.scores[row], e.score);
  }
}

const std::array<float, 4> kUnitBox = {0, 0, 1, 1};
const std::array<float, 4> kFarBox = {2, 2, 3, 3};
const std::array<float, 4> kFartherBox = {4, 4, 5, 5};
// IoU with kUnitBox: 0.9 / 1.1.
const std::array<float, 4> kShiftedBox = {0, 0.1f, 1, 1.1f};

// A case worked out by hand on FLOAT32 inputs.
struct HandCase {
  const char* name;
  std::vector<std::array<float, 4>> boxes;  // The anchors, as corners.
  int32_t num_classes;
  void (*change)(DetectionGraph& graph);  // Null: GraphWithBoxes as is.
  std::vector<float> encodings;           // Empty: all zero.
  std::vector<std::vector<float>> predictions;  // Rows, background first.
  int32_t output_rows;
  float count;
  std::vector<ExpectedRow> rows;
};

void PrintTo(const HandCase& c, std::ostream* os) { *os << c.name; }

const HandCase kHandCases[] = {
    // Anchor center (0.5, 0.5), size 0.2 x 0.4; scales 10, 10, 5, 5. The
    // center moves by 1/10 and -2/10 anchor sizes; the width doubles: center
    // (0.52, 0.42), half sizes 0.1 and 0.4.
    {"DecodesCenterSizeEncodings",
     {{0.4f, 0.3f, 0.6f, 0.7f}},
     1,
     [](DetectionGraph& g) { g.options.ints["max_detections"] = 2; },
     {1.0f, -2.0f, 0.0f, 5.0f * std::log(2.0f)},
     {{0.0f, 0.75f}},
     2,
     1,
     {{0, {0.42f, 0.02f, 0.62f, 0.82f}, 0, 0.75f}}},
    // Keypoint box coders append coordinates after (y, x, h, w); box 1
    // moves down by one anchor height.
    {"ReadsTheFirstFourOfLongerEncodings",
     {kUnitBox, kFarBox},
     1,
     [](DetectionGraph& g) { g.box_shape = {1, 2, 6}; },
     {0, 0, 0, 0, 7, 7, 10, 0, 0, 0, 7, 7},
     {{0, 0.5f}, {0, 0.6f}},
     3,
     2,
     {{0, {3, 2, 4, 3}, 0, 0.6f}, {1, kUnitBox, 0, 0.5f}}},
    {"SuppressesOverlapsAndPadsTheRest",
     {kShiftedBox, kUnitBox, kFarBox},
     1,
     nullptr,
     {},
     {{0, 0.8f}, {0, 0.9f}, {0, 0.7f}},
     3,
     2,
     {{0, kUnitBox, 0, 0.9f}, {1, kFarBox, 0, 0.7f}}},
    // An IoU of exactly 0.5 (a box and its left half) does not suppress; a
    // score of exactly the threshold passes, the float below it does not.
    {"ThresholdsAreInclusiveForScoresOnly",
     {{0, 0, 1, 2}, kUnitBox, kFarBox},
     1,
     [](DetectionGraph& g) { g.options.floats["nms_score_threshold"] = 0.5; },
     {},
     {{0, 0.5f}, {0, 0.6f}, {0, std::nextafter(0.5f, 0.0f)}},
     3,
     2,
     {{0, kUnitBox, 0, 0.6f}, {1, {0, 0, 1, 2}, 0, 0.5f}}},
    // Equal best scores keep box order; box 2's classes tie too, and the
    // first wins. The background's high score counts for nothing.
    {"FastNmsBreaksTiesByBoxThenClassIndex",
     {kUnitBox, kFarBox, kFartherBox},
     3,
     nullptr,
     {},
     {{0.9f, 0.1f, 0.6f, 0.2f},
      {0.9f, 0.2f, 0.1f, 0.6f},
      {0.9f, 0.6f, 0.6f, 0.6f}},
     3,
     3,
     {{0, kUnitBox, 1, 0.6f},
      {1, kFarBox, 2, 0.6f},
      {2, kFartherBox, 0, 0.6f}}},
    // Equal scores across classes come out by decreasing class, within a
    // class by increasing box, as TFLite's merge orders them.
    {"RegularNmsPutsLaterClassesFirstOnTies",
     {kUnitBox, kFarBox, kFartherBox},
     3,
     [](DetectionGraph& g) {
       g.options.bools["use_regular_nms"] = true;
       g.options.ints["max_detections"] = 4;
     },
     {},
     {{0, 0.5f, 0.0f, 0.5f}, {0, 0.5f, 0.7f, 0.0f}, {0, 0.0f, 0.5f, 0.0f}},
     4,
     4,
     {{0, kFarBox, 1, 0.7f},
      {1, kUnitBox, 2, 0.5f},
      {2, kFartherBox, 1, 0.5f},
      {3, kUnitBox, 0, 0.5f}}},
    // Boxes 0 and 1 overlap: fast NMS keeps box 0 for its best class and
    // drops box 1 whatever its class.
    {"FastNmsSuppressesAcrossClasses",
     {kUnitBox, kShiftedBox},
     2,
     [](DetectionGraph& g) { g.options.ints["max_detections"] = 5; },
     {},
     {{0, 0.9f, 0.8f}, {0, 0.05f, 0.7f}},
     5,
     1,
     {{0, kUnitBox, 0, 0.9f}}},
    // The same: regular NMS reports box 0 in both classes.
    {"RegularNmsSuppressesWithinEachClass",
     {kUnitBox, kShiftedBox},
     2,
     [](DetectionGraph& g) {
       g.options.ints["max_detections"] = 5;
       g.options.bools["use_regular_nms"] = true;
     },
     {},
     {{0, 0.9f, 0.8f}, {0, 0.05f, 0.7f}},
     5,
     2,
     {{0, kUnitBox, 0, 0.9f}, {1, kUnitBox, 1, 0.8f}}},
    // Box 0 under the score threshold in class 1 suppresses nothing there.
    {"RegularNmsIgnoresBoxesUnderTheThreshold",
     {kUnitBox, kShiftedBox},
     2,
     [](DetectionGraph& g) { g.options.bools["use_regular_nms"] = true; },
     {},
     {{0, 0.9f, 0.05f}, {0, 0.05f, 0.7f}},
     3,
     2,
     {{0, kUnitBox, 0, 0.9f}, {1, kShiftedBox, 1, 0.7f}}},
    // Each class keeps its best two, then the best three overall remain.
    {"RegularNmsKeepsDetectionsPerClassThenMax",
     {kUnitBox, kFarBox, kFartherBox, {6, 6, 7, 7}},
     2,
     [](DetectionGraph& g) { g.options.bools["use_regular_nms"] = true; },
     {},
     {{0, 0.9f, 0.2f}, {0, 0.8f, 0.3f}, {0, 0.7f, 0.4f}, {0, 0.2f, 0.85f}},
     3,
     3,
     {{0, kUnitBox, 0, 0.9f},
      {1, {6, 6, 7, 7}, 1, 0.85f},
      {2, kFarBox, 0, 0.8f}}},
    // Three rows per detection but two classes: each detection's third row
    // stays empty; classes under the score threshold are reported too.
    {"FastNmsReportsSeveralClassesPerBox",
     {kUnitBox, kFarBox},
     2,
     [](DetectionGraph& g) {
       g.options.ints["max_classes_per_detection"] = 3;
     },
     {},
     {{0, 0.3f, 0.6f}, {0, 0.8f, 0.05f}},
     9,
     2,
     {{0, kFarBox, 0, 0.8f},
      {1, kFarBox, 1, 0.05f},
      {3, kUnitBox, 1, 0.6f},
      {4, kUnitBox, 0, 0.3f}}},
    // The SSD model has detections_per_class 0, which only regular NMS
    // reads.
    {"FastNmsIgnoresDetectionsPerClass",
     {kUnitBox},
     1,
     [](DetectionGraph& g) { g.options.ints["detections_per_class"] = 0; },
     {},
     {{0, 0.9f}},
     3,
     1,
     {{0, kUnitBox, 0, 0.9f}}},
    {"WithoutBackgroundEveryColumnIsAClass",
     {kUnitBox},
     2,
     [](DetectionGraph& g) { g.class_shape = {1, 1, 2}; },
     {},
     {{0.2f, 0.7f}},
     3,
     1,
     {{0, kUnitBox, 1, 0.7f}}},
    {"ZeroMaxDetectionsGivesEmptyOutputs",
     {kUnitBox},
     1,
     [](DetectionGraph& g) { g.options.ints["max_detections"] = 0; },
     {},
     {{0, 0.9f}},
     0,
     0,
     {}},
    // TFLite's AsInt32 truncates floats, AsFloat widens integers, AsBool
    // takes any non-zero number: one detection, by regular NMS.
    {"OptionsConvertAsTfLiteReadsThem",
     {kUnitBox, kFarBox},
     1,
     [](DetectionGraph& g) {
       g.options.ints.erase("max_detections");
       g.options.floats["max_detections"] = 1.9;
       g.options.floats.erase("y_scale");
       g.options.ints["y_scale"] = 10;
       g.options.bools.erase("use_regular_nms");
       g.options.ints["use_regular_nms"] = 2;
     },
     {},
     {{0, 0.9f}, {0, 0.8f}},
     1,
     1,
     {{0, kUnitBox, 0, 0.9f}}},
    // detections_per_class defaults to 100, use_regular_nms to false and
    // nms_score_threshold to 0, which a score of 0 passes.
    {"MissingOptionalKeysTakeTfLiteDefaults",
     {kUnitBox, kFarBox},
     1,
     [](DetectionGraph& g) {
       g.options.ints.erase("detections_per_class");
       g.options.bools.erase("use_regular_nms");
       g.options.floats.erase("nms_score_threshold");
     },
     {},
     {{0, 0.0f}, {0, -0.5f}},
     3,
     1,
     {{0, kUnitBox, 0, 0.0f}}},
};

class DetectionHandTest : public ::testing::TestWithParam<HandCase> {};

TEST_P(DetectionHandTest, GivesTheWorkedOutDetections) {
  const HandCase& c = GetParam();
  DetectionGraph graph = GraphWithBoxes(c.boxes, c.num_classes);
  if (c.change != nullptr) c.change(graph);
  std::vector<float> predictions;
  for (const auto& row : c.predictions) {
    predictions.insert(predictions.end(), row.begin(), row.end());
  }
  Detections d;
  ASSERT_NO_FATAL_FAILURE(BuildAndRun(
      graph,
      c.encodings.empty() ? std::vector<float>(c.boxes.size() * 4, 0.0f)
                          : c.encodings,
      predictions, &d));
  EXPECT_EQ(d.box_shape, (std::vector<int32_t>{1, c.output_rows, 4}));
  EXPECT_EQ(d.count, c.count);
  ExpectRows(d, c.rows);
}

INSTANTIATE_TEST_SUITE_P(Cases, DetectionHandTest,
                         ::testing::ValuesIn(kHandCases), CaseName());

TEST(DetectionPostprocessTest, QuantizedInputsAreDequantizedFirst) {
  // Box encodings (q - 128) * 0.5, anchors q * 0.25, scores q / 256:
  // encodings (148, 128, 128, 128) move the center down by 10 / 10 anchor
  // heights; anchor (2, 2, 4, 4) is the box (0, 0, 4, 4).
  DetectionGraph graph = GraphWithBoxes({kUnitBox, kFarBox}, 1);
  graph.box_type = graph.class_type = graph.anchor_type = DataType::kUInt8;
  graph.box_quantization = {{0.5f}, {128}};
  graph.anchor_quantization = {{0.25f}, {0}};
  graph.class_quantization = {{1.0f / 256}, {0}};
  graph.anchor_bytes = {8, 8, 16, 16, 40, 40, 4, 4};
  Detections d;
  ASSERT_NO_FATAL_FAILURE(BuildAndRun(
      graph, std::vector<uint8_t>{148, 128, 128, 128, 128, 128, 128, 128},
      std::vector<uint8_t>{0, 64, 255, 192}, &d));
  EXPECT_EQ(d.count, 2.0f);
  ExpectRows(d, {{0, {9.5f, 9.5f, 10.5f, 10.5f}, 0, 0.75f},
                 {1, {4, 0, 8, 4}, 0, 0.25f}});

  // INT8 (which TFLite 2.9 refuses) is read the same way: the same values
  // shifted by 128 give the same detections.
  DetectionGraph signed_graph = graph;
  signed_graph.box_type = signed_graph.class_type = signed_graph.anchor_type =
      DataType::kInt8;
  signed_graph.box_quantization = {{0.5f}, {0}};
  signed_graph.anchor_quantization = {{0.25f}, {-128}};
  signed_graph.class_quantization = {{1.0f / 256}, {-128}};
  for (uint8_t& q : signed_graph.anchor_bytes) q ^= 0x80;
  Detections s;
  ASSERT_NO_FATAL_FAILURE(BuildAndRun(
      signed_graph, std::vector<int8_t>{20, 0, 0, 0, 0, 0, 0, 0},
      std::vector<int8_t>{-128, -64, 127, 64}, &s));
  EXPECT_EQ(s.count, d.count);
  EXPECT_EQ(s.boxes, d.boxes);
  EXPECT_EQ(s.classes, d.classes);
  EXPECT_EQ(s.scores, d.scores);
}

TEST(DetectionPostprocessTest, FloatScoresWithQuantizedBoxes) {
  DetectionGraph graph = GraphWithBoxes({kUnitBox}, 1);
  graph.box_type = graph.anchor_type = DataType::kUInt8;
  graph.box_quantization = {{0.5f}, {128}};
  graph.anchor_quantization = {{0.25f}, {0}};
  graph.anchor_bytes = {2, 2, 4, 4};
  Detections d;
  ASSERT_NO_FATAL_FAILURE(
      BuildAndRun(graph, std::vector<uint8_t>{128, 128, 128, 128},
                  std::vector<float>{0, 0.625f}, &d));
  EXPECT_EQ(d.count, 1.0f);
  ExpectRows(d, {{0, kUnitBox, 0, 0.625f}});
}

TEST(DetectionPostprocessTest, SecondRunClearsTheFirstRunsRows) {
  DetectionGraph graph = GraphWithBoxes({kUnitBox, kFarBox}, 1);
  TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(BuildModel(graph)).ok());
  Detections d;
  const std::vector<float> encodings(8, 0.0f);
  ASSERT_NO_FATAL_FAILURE(RunDetection(
      interpreter, encodings, std::vector<float>{0, 0.9f, 0, 0.8f}, &d));
  EXPECT_EQ(d.count, 2.0f);
  ASSERT_NO_FATAL_FAILURE(
      RunDetection(interpreter, encodings, std::vector<float>(4, 0.0f), &d));
  EXPECT_EQ(d.count, 0.0f);
  ExpectRows(d, {});
}

TEST(DetectionPostprocessTest, InvertedBoxFailsAtInvoke) {
  // TFLite's NMS rejects a box whose anchor has a negative height.
  DetectionGraph graph = GraphWithBoxes({kUnitBox, kFarBox}, 1);
  graph.anchors_are_input = true;
  TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(BuildModel(graph)).ok());
  ASSERT_TRUE(interpreter.SetInput(0, std::vector<float>(8, 0.0f)).ok());
  ASSERT_TRUE(
      interpreter.SetInput(1, std::vector<float>{0, 0.9f, 0, 0.8f}).ok());
  ASSERT_TRUE(
      interpreter.SetInput(2, std::vector<float>{0.5f, 0.5f, 1, 1,
                                                 2.5f, 2.5f, -1, 1})
          .ok());
  const Status status = interpreter.Invoke();
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              ::testing::HasSubstr("node 0 (TFLite_Detection_PostProcess): "
                                   "box 1 decodes to (ymin 3, xmin 2, ymax 2, "
                                   "xmax 3), which is inverted"));
}

TEST(DetectionPostprocessTest, RunsOnTheReferencePath) {
  ExpectNodePath(BuildModel(DetectionGraph()), "reference");
}

// --- Random cases against a naive definition. ---

struct RandomCase {
  std::string name;
  bool regular = false;
  int32_t boxes = 1;
  int32_t num_classes = 1;
  int32_t background = 1;  // 0 or 1 leading background columns.
  int32_t max_detections = 1;
  int32_t classes_per_detection = 1;
  int32_t detections_per_class = 1;
  bool quantized = false;  // UINT8 inputs.
};

void PrintTo(const RandomCase& c, std::ostream* os) { *os << c.name; }

struct NaiveDetection {
  std::array<float, 4> box;
  int32_t class_index;
  float score;
};

constexpr float kYScale = 10, kXScale = 10, kHScale = 5, kWScale = 5;
constexpr float kScoreThreshold = 0.2f, kIouThreshold = 0.4f;

// SSD's decoding, in double, each result rounded once to float.
std::array<float, 4> NaiveDecode(const float* e, const float* a) {
  const float cy = static_cast<float>(double{e[0]} / kYScale * a[2] + a[0]);
  const float cx = static_cast<float>(double{e[1]} / kXScale * a[3] + a[1]);
  const float hh =
      static_cast<float>(0.5 * std::exp(double{e[2]} / kHScale) * a[2]);
  const float hw =
      static_cast<float>(0.5 * std::exp(double{e[3]} / kWScale) * a[3]);
  return {cy - hh, cx - hw, cy + hh, cx + hw};
}

float NaiveIou(const std::array<float, 4>& a, const std::array<float, 4>& b) {
  const float area_a = (a[2] - a[0]) * (a[3] - a[1]);
  const float area_b = (b[2] - b[0]) * (b[3] - b[1]);
  if (area_a <= 0 || area_b <= 0) return 0;
  const float h = std::max(std::min(a[2], b[2]) - std::max(a[0], b[0]), 0.0f);
  const float w = std::max(std::min(a[3], b[3]) - std::max(a[1], b[1]), 0.0f);
  return h * w / (area_a + area_b - h * w);
}

// Greedy NMS as a definition: repeatedly the best remaining box at or over
// the score threshold (the lowest index among equals), kept unless a kept
// box overlaps it by more than the IoU threshold.
std::vector<int32_t> NaiveNms(const std::vector<std::array<float, 4>>& boxes,
                              const std::vector<float>& scores,
                              int32_t limit) {
  std::vector<bool> seen(boxes.size(), false);
  std::vector<int32_t> kept;
  while (static_cast<int32_t>(kept.size()) < limit) {
    int32_t best = -1;
    for (size_t i = 0; i < boxes.size(); ++i) {
      if (!seen[i] && scores[i] >= kScoreThreshold &&
          (best < 0 || scores[i] > scores[best])) {
        best = static_cast<int32_t>(i);
      }
    }
    if (best < 0) break;
    seen[best] = true;
    const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](int32_t k) {
      return NaiveIou(boxes[k], boxes[best]) > kIouThreshold;
    });
    if (!overlaps) kept.push_back(best);
  }
  return kept;
}

// Rows of `c.max_detections * c.classes_per_detection` detections.
std::vector<NaiveDetection> NaiveDetect(const RandomCase& c,
                                        const std::vector<float>& encodings,
                                        const std::vector<float>& scores,
                                        const std::vector<float>& anchors,
                                        int32_t* count) {
  std::vector<std::array<float, 4>> boxes;
  for (int32_t b = 0; b < c.boxes; ++b) {
    boxes.push_back(NaiveDecode(&encodings[b * 4], &anchors[b * 4]));
  }
  const int32_t columns = c.num_classes + c.background;
  auto score = [&](int32_t b, int32_t k) {
    return scores[b * columns + c.background + k];
  };
  std::vector<NaiveDetection> rows(c.max_detections * c.classes_per_detection,
                                   NaiveDetection{{0, 0, 0, 0}, 0, 0.0f});
  if (c.regular) {
    // Every class's detections, then the best overall: on equal scores the
    // later class first, within a class the order NMS took them in.
    std::vector<NaiveDetection> all;
    for (int32_t k = 0; k < c.num_classes; ++k) {
      std::vector<float> column;
      for (int32_t b = 0; b < c.boxes; ++b) column.push_back(score(b, k));
      for (int32_t b : NaiveNms(boxes, column, std::min(c.detections_per_class,
                                                        c.max_detections))) {
        all.push_back({boxes[b], k, column[b]});
      }
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const NaiveDetection& a, const NaiveDetection& b) {
                       return a.score > b.score ||
                              (a.score == b.score &&
                               a.class_index > b.class_index);
                     });
    *count = std::min<int32_t>(all.size(), c.max_detections);
    std::copy(all.begin(), all.begin() + *count, rows.begin());
    return rows;
  }
  // Each box's classes by decreasing score (the random scores do not tie),
  // then NMS over each box's best score.
  const int32_t per_box = std::min(c.classes_per_detection, c.num_classes);
  std::vector<std::vector<int32_t>> ranked(c.boxes);
  std::vector<float> best;
  for (int32_t b = 0; b < c.boxes; ++b) {
    for (int32_t k = 0; k < c.num_classes; ++k) ranked[b].push_back(k);
    std::stable_sort(ranked[b].begin(), ranked[b].end(),
                     [&](int32_t i, int32_t j) {
                       return score(b, i) > score(b, j);
                     });
    best.push_back(score(b, ranked[b][0]));
  }
  const std::vector<int32_t> kept = NaiveNms(boxes, best, c.max_detections);
  *count = static_cast<int32_t>(kept.size());
  for (size_t d = 0; d < kept.size(); ++d) {
    for (int32_t k = 0; k < per_box; ++k) {
      const int32_t class_index = ranked[kept[d]][k];
      rows[d * c.classes_per_detection + k] = {
          boxes[kept[d]], class_index, score(kept[d], class_index)};
    }
  }
  return rows;
}

std::vector<RandomCase> AllRandomCases() {
  std::vector<RandomCase> cases;
  for (bool regular : {false, true}) {
    for (bool quantized : {false, true}) {
      const std::string name = std::string(regular ? "Regular" : "Fast") +
                               (quantized ? "Uint8" : "Float");
      cases.push_back({name + "OneBox", regular, 1, 3, 1, 1, 1, 1, quantized});
      cases.push_back(
          {name + "NoBackground", regular, 13, 4, 0, 5, 1, 3, quantized});
      cases.push_back(
          {name + "Crowded", regular, 60, 3, 1, 10, 1, 4, quantized});
      cases.push_back(
          {name + "FewerThanMax", regular, 7, 2, 1, 20, 1, 100, quantized});
      cases.push_back(
          {name + "ManyClasses", regular, 30, 13, 1, 8, 1, 2, quantized});
    }
  }
  // Several classes per detection (fast NMS only; float scores, which do
  // not tie, since std::partial_sort orders ties its own way).
  cases.push_back({"FastTwoClassesPerBox", false, 25, 5, 1, 6, 2, 1, false});
  cases.push_back({"FastAllClassesPerBox", false, 25, 3, 0, 6, 3, 1, false});
  cases.push_back({"FastMoreClassesThanExist", false, 9, 2, 1, 4, 3, 1, false});
  return cases;
}

class DetectionRandomTest : public ::testing::TestWithParam<RandomCase> {};

TEST_P(DetectionRandomTest, MatchesNaiveDefinition) {
  const RandomCase& c = GetParam();
  std::mt19937 rng(20260305);
  const int32_t columns = c.num_classes + c.background;
  // Anchors on a loose grid, so that neighbours overlap after decoding.
  std::vector<float> anchors;
  std::uniform_real_distribution<float> size(0.05f, 0.3f);
  std::uniform_real_distribution<float> center(0.0f, 1.0f);
  for (int32_t b = 0; b < c.boxes; ++b) {
    anchors.insert(anchors.end(), {center(rng), center(rng), size(rng),
                                   size(rng)});
  }
  DetectionGraph graph;
  graph.box_shape = {1, c.boxes, 4};
  graph.class_shape = {1, c.boxes, columns};
  graph.anchor_shape = {c.boxes, 4};
  graph.options.ints = {{"max_detections", c.max_detections},
                        {"max_classes_per_detection", c.classes_per_detection},
                        {"detections_per_class", c.detections_per_class},
                        {"num_classes", c.num_classes}};
  graph.options.floats["nms_score_threshold"] = kScoreThreshold;
  graph.options.floats["nms_iou_threshold"] = kIouThreshold;
  graph.options.bools["use_regular_nms"] = c.regular;

  const size_t score_count = static_cast<size_t>(c.boxes) * columns;
  std::vector<float> encodings = RandomVector(rng, c.boxes * 4, 2.0f);
  std::vector<float> scores = RandomVector(rng, score_count, 0.0f, 1.0f);
  Detections d;
  if (c.quantized) {
    // Every input quantized, and the naive definition fed the dequantized
    // values, which are exact in float.
    graph.box_type = graph.class_type = graph.anchor_type = DataType::kUInt8;
    graph.box_quantization = {{0.0625f}, {128}};
    graph.anchor_quantization = {{1.0f / 256}, {0}};
    graph.class_quantization = {{1.0f / 256}, {0}};
    std::uniform_int_distribution<int> byte(0, 255);
    std::vector<uint8_t> q_encodings(c.boxes * 4), q_scores(score_count),
        q_anchors(c.boxes * 4);
    for (size_t i = 0; i < q_encodings.size(); ++i) {
      q_encodings[i] = static_cast<uint8_t>(byte(rng));
      encodings[i] = (q_encodings[i] - 128) * 0.0625f;
      q_anchors[i] = static_cast<uint8_t>(std::lround(anchors[i] * 255));
      anchors[i] = q_anchors[i] / 256.0f;
    }
    for (size_t i = 0; i < score_count; ++i) {
      q_scores[i] = static_cast<uint8_t>(byte(rng));
      scores[i] = q_scores[i] / 256.0f;
    }
    graph.anchor_bytes = q_anchors;
    ASSERT_NO_FATAL_FAILURE(BuildAndRun(graph, q_encodings, q_scores, &d));
  } else {
    graph.anchor_bytes = RawBytes(anchors);
    ASSERT_NO_FATAL_FAILURE(BuildAndRun(graph, encodings, scores, &d));
  }

  int32_t count = 0;
  const std::vector<NaiveDetection> expected =
      NaiveDetect(c, encodings, scores, anchors, &count);
  EXPECT_GT(count, 0);
  EXPECT_EQ(d.count, static_cast<float>(count));
  ASSERT_EQ(d.classes.size(), expected.size());
  for (size_t row = 0; row < expected.size(); ++row) {
    SCOPED_TRACE("row " + std::to_string(row));
    for (int k = 0; k < 4; ++k) EXPECT_EQ(d.boxes[row * 4 + k],
                                          expected[row].box[k]);
    EXPECT_EQ(d.classes[row], static_cast<float>(expected[row].class_index));
    EXPECT_EQ(d.scores[row], expected[row].score);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, DetectionRandomTest,
                         ::testing::ValuesIn(AllRandomCases()), CaseName());

// --- Invalid models. ---

const ModelErrorCase<DetectionGraph> kDetectionErrorCases[] = {
    {"NoOptions", [](DetectionGraph& g) { g.has_options = false; },
     StatusCode::kInvalidModel,
     "node 0 (TFLite_Detection_PostProcess): has no custom options"},
    {"OptionsNotFlexbuffer",
     [](DetectionGraph& g) { g.raw_options = {1, 2, 3, 4, 5, 6, 7}; },
     StatusCode::kInvalidModel, "custom options (7 bytes) are not a valid "
                                "flexbuffer"},
    {"OptionsNotAMap",
     [](DetectionGraph& g) {
       flexbuffers::Builder fbb;
       fbb.Int(7);
       fbb.Finish();
       g.raw_options = fbb.GetBuffer();
     },
     StatusCode::kInvalidModel, "custom options are a flexbuffer of type 1; "
                                "expected a map"},
    {"StringOption",
     [](DetectionGraph& g) {
       g.options.ints.erase("num_classes");
       g.options.strings["num_classes"] = "3";
     },
     StatusCode::kInvalidModel,
     "custom option num_classes has flexbuffer type 5; expected a number"},
    {"MissingNumClasses",
     [](DetectionGraph& g) { g.options.ints.erase("num_classes"); },
     StatusCode::kInvalidModel,
     "custom option num_classes is 0; expected >= 1"},
    {"NegativeMaxDetections",
     [](DetectionGraph& g) { g.options.ints["max_detections"] = -1; },
     StatusCode::kInvalidModel,
     "custom option max_detections is -1; expected >= 0"},
    {"MaxDetectionsOverInt32",
     [](DetectionGraph& g) { g.options.ints["max_detections"] = 1LL << 32; },
     StatusCode::kInvalidModel,
     "custom option max_detections is 4.29497e+09, which does not fit int32"},
    {"NanMaxDetections",
     [](DetectionGraph& g) {
       g.options.ints.erase("max_detections");
       g.options.floats["max_detections"] = std::nan("");
     },
     StatusCode::kInvalidModel, "max_detections is nan, which does not fit"},
    {"ZeroClassesPerDetection",
     [](DetectionGraph& g) {
       g.options.ints["max_classes_per_detection"] = 0;
     },
     StatusCode::kInvalidModel,
     "custom option max_classes_per_detection is 0; expected >= 1"},
    {"RegularZeroDetectionsPerClass",
     [](DetectionGraph& g) {
       g.options.bools["use_regular_nms"] = true;
       g.options.ints["detections_per_class"] = 0;
     },
     StatusCode::kInvalidModel,
     "regular NMS needs max_detections and detections_per_class >= 1, but "
     "they are 3 and 0"},
    {"RegularZeroMaxDetections",
     [](DetectionGraph& g) {
       g.options.bools["use_regular_nms"] = true;
       g.options.ints["max_detections"] = 0;
     },
     StatusCode::kInvalidModel, "but they are 0 and 2"},
    {"InfiniteUseRegularNms",
     [](DetectionGraph& g) {
       g.options.bools.erase("use_regular_nms");
       g.options.floats["use_regular_nms"] = HUGE_VAL;
     },
     StatusCode::kInvalidModel,
     "custom option use_regular_nms is inf; expected a bool"},
    {"ZeroIouThreshold",
     [](DetectionGraph& g) { g.options.floats["nms_iou_threshold"] = 0; },
     StatusCode::kInvalidModel,
     "custom option nms_iou_threshold is 0; expected a value in (0, 1]"},
    {"IouThresholdOverOne",
     [](DetectionGraph& g) { g.options.floats["nms_iou_threshold"] = 1.5; },
     StatusCode::kInvalidModel, "nms_iou_threshold is 1.5; expected"},
    {"MissingIouThreshold",
     [](DetectionGraph& g) { g.options.floats.erase("nms_iou_threshold"); },
     StatusCode::kInvalidModel, "nms_iou_threshold is 0; expected"},
    {"NanScoreThreshold",
     [](DetectionGraph& g) {
       g.options.floats["nms_score_threshold"] = std::nan("");
     },
     StatusCode::kInvalidModel, "custom option nms_score_threshold is NaN"},
    {"MissingYScale",
     [](DetectionGraph& g) { g.options.floats.erase("y_scale"); },
     StatusCode::kInvalidModel,
     "custom option y_scale is 0; expected a finite value > 0 (a missing key "
     "reads as 0)"},
    {"NegativeHScale",
     [](DetectionGraph& g) { g.options.floats["h_scale"] = -5; },
     StatusCode::kInvalidModel, "custom option h_scale is -5; expected"},
    {"InfiniteWScale",
     [](DetectionGraph& g) { g.options.floats["w_scale"] = HUGE_VAL; },
     StatusCode::kInvalidModel, "custom option w_scale is inf; expected"},
    {"TooManyOutputRows",
     [](DetectionGraph& g) {
       g.options.ints["max_detections"] = 1 << 16;
       g.options.ints["max_classes_per_detection"] = 1 << 16;
     },
     StatusCode::kInvalidModel,
     "max_detections (65536) * max_classes_per_detection (65536) output rows "
     "do not fit int32"},
    {"TwoInputs", [](DetectionGraph& g) { g.node_inputs = {0, 1}; },
     StatusCode::kInvalidModel, "has 2 inputs; expected 3"},
    {"ThreeOutputs", [](DetectionGraph& g) { g.node_outputs = {3, 4, 5}; },
     StatusCode::kInvalidModel, "has 3 outputs; expected 4"},
    {"EncodingsRank2", [](DetectionGraph& g) { g.box_shape = {5, 4}; },
     StatusCode::kInvalidModel, "input 0 (tensor 0) has rank 2"},
    {"PredictionsRank2", [](DetectionGraph& g) { g.class_shape = {5, 4}; },
     StatusCode::kInvalidModel, "input 1 (tensor 1) has rank 2"},
    {"AnchorsRank3", [](DetectionGraph& g) { g.anchor_shape = {1, 5, 4}; },
     StatusCode::kInvalidModel, "input 2 (tensor 2) has rank 3"},
    {"BatchOfTwo",
     [](DetectionGraph& g) {
       g.box_shape = {2, 5, 4};
       g.class_shape = {2, 5, 4};
     },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0), the box encodings, has shape [2,5,4]; expected "
     "[1, boxes, 4 or more]"},
    {"ThreeCoordinates", [](DetectionGraph& g) { g.box_shape = {1, 5, 3}; },
     StatusCode::kInvalidModel, "has shape [1,5,3]; expected [1, boxes, 4"},
    {"PredictionsForOtherBoxes",
     [](DetectionGraph& g) { g.class_shape = {1, 6, 4}; },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1), the class predictions, has shape [1,6,4]; expected "
     "[1, 5, classes]"},
    {"TooFewClassColumns",
     [](DetectionGraph& g) { g.class_shape = {1, 5, 2}; },
     StatusCode::kInvalidModel,
     "has 2 scores per box; expected num_classes (3), or one more"},
    {"TwoBackgroundColumns",
     [](DetectionGraph& g) { g.class_shape = {1, 5, 5}; },
     StatusCode::kInvalidModel, "has 5 scores per box; expected num_classes"},
    {"TooFewAnchors", [](DetectionGraph& g) { g.anchor_shape = {4, 4}; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the anchors, has shape [4,4]; expected [5, 4]"},
    {"WideAnchors", [](DetectionGraph& g) { g.anchor_shape = {5, 5}; },
     StatusCode::kInvalidModel, "has shape [5,5]; expected [5, 4]"},
    {"Int32Encodings",
     [](DetectionGraph& g) { g.box_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "input 0 (tensor 0) has type INT32; expected FLOAT32, UINT8 or INT8"},
    {"Int16Predictions",
     [](DetectionGraph& g) {
       g.class_type = DataType::kInt16;
       g.class_quantization = {{0.5f}, {0}};
     },
     StatusCode::kUnsupported, "input 1 (tensor 1) has type INT16"},
    {"FloatAnchorsForUint8Encodings",
     [](DetectionGraph& g) {
       g.box_type = DataType::kUInt8;
       g.box_quantization = {{0.5f}, {128}};
     },
     StatusCode::kUnsupported,
     "input 2 (tensor 2), the anchors, has type FLOAT32; expected UINT8, the "
     "type of the box encodings"},
    {"UnquantizedUint8Predictions",
     [](DetectionGraph& g) { g.class_type = DataType::kUInt8; },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1) has type UINT8 but no quantization parameters"},
    {"PerAxisAnchors",
     [](DetectionGraph& g) {
       g.box_type = g.anchor_type = DataType::kUInt8;
       g.box_quantization = {{0.5f}, {128}};
       g.anchor_quantization = {{0.1f, 0.1f, 0.1f, 0.1f, 0.1f},
                                {0, 0, 0, 0, 0}};
     },
     StatusCode::kUnsupported, "input 2 (tensor 2) has 5 per-axis scales"},
    {"Int32Output",
     [](DetectionGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "output 0 (tensor 3) has type INT32; expected FLOAT32"},
    {"Version2", [](DetectionGraph& g) { g.version = 2; },
     StatusCode::kUnsupported, "version 2"},
};

LITEN_MODEL_ERROR_TESTS(DetectionPostprocess, BuildModel,
                        kDetectionErrorCases);

// Damaged copies of real options: the SSD model's keys, in TFLite's layout.
TEST(DetectionPostprocessOptionsTest, DamagedFlexbuffersFailCleanly) {
  DetectionGraph graph;
  graph.options.bools["_output_quantized"] = true;
  graph.options.bools["_support_output_type_float_in_quantized_op"] = true;
  const int loaded = CountLoadsOfDamagedOptions(
      EncodeOptions(graph.options), kNodeName,
      [&graph](const std::vector<uint8_t>& options) {
        graph.raw_options = options;
        return BuildModel(graph);
      });
  EXPECT_GT(loaded, 0);
}

TEST(DetectionPostprocessOptionsTest, UnterminatedKeyIsRefused) {
  DetectionGraph graph;
  graph.raw_options = UnterminatedKeyOptions();
  ExpectBuildFails(BuildModel(graph), StatusCode::kInvalidModel,
                   "node 0 (TFLite_Detection_PostProcess): custom options: "
                   "key 0 of the flexbuffer map runs past the end of the "
                   "buffer");
}

}  // namespace
}  // namespace testing
}  // namespace liten
