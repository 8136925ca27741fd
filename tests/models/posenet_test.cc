// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Coral's PoseNet and BodyPix models, which end in Coral's custom op
// PosenetDecoderOp, on Coral's test image against Coral's reference outputs
// (coral/posenet/*_reference.csv, written by libcoral's pose estimation
// test on the CPU). Stock TFLite cannot run these models, so Coral's CSVs
// are the ground truth.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "examples/image_input.h"
#include "liten/interpreter.h"
#include "liten/model.h"
#include "tests/model_test_util.h"

namespace liten {
namespace {

constexpr int kNumKeypoints = 17;
constexpr char kImage[] = "coral/posenet/test_image.bmp";

// Coral's own test (libcoral, posenet test_utils.cc) accepts, for every
// keypoint it is confident of (score above 0.5), a score within 0.1 and a
// position within 4 pixels of these files: it resizes the image with its
// own resizer, so the pixels the backbone sees, and every value after them,
// may differ from liten's run by that much. Its pose scores only need to
// clear a threshold; liten's must be within the keypoint score tolerance.
constexpr double kConfidentScore = 0.5;
constexpr double kScoreTolerance = 0.1;
constexpr double kPixelTolerance = 4.0;

struct ReferenceKeypoint {
  double score = 0.0;
  double x = 0.0;  // Divided by the input's width.
  double y = 0.0;  // Divided by the input's height.
};

struct ReferencePose {
  double score = 0.0;
  std::array<ReferenceKeypoint, kNumKeypoints> keypoints;
};

// Coral's CSV: a header, then pose_id, pose_score, keypoint_id,
// keypoint_score, keypoint_x, keypoint_y, 17 rows per pose in order.
bool ParseReference(const std::string& path, std::vector<ReferencePose>* poses,
                    std::string* error) {
  const std::vector<std::string> lines = ReadLines(path);
  if (lines.empty()) {
    *error = "cannot read " + path;
    return false;
  }
  for (size_t row = 1; row < lines.size(); ++row) {
    if (lines[row].empty()) continue;
    std::vector<double> fields;
    std::stringstream line(lines[row]);
    for (std::string field; std::getline(line, field, ',');) {
      char* end = nullptr;
      fields.push_back(std::strtod(field.c_str(), &end));
      if (end == field.c_str() || *end != '\0') fields.clear();
    }
    const size_t keypoint = (row - 1) % kNumKeypoints;
    if (fields.size() != 6 || fields[0] != (row - 1) / kNumKeypoints ||
        fields[2] != keypoint) {
      *error = path + ": line " + std::to_string(row + 1) + " is not " +
               "pose, score, keypoint, score, x, y in order: " + lines[row];
      return false;
    }
    if (keypoint == 0) poses->push_back({fields[1], {}});
    poses->back().keypoints[keypoint] = {fields[3], fields[4], fields[5]};
  }
  return true;
}


struct Case {
  const char* name;
  const char* model;  // Under coral/, without ".tflite".
  bool reference_kernels;
};

class PosenetModelTest : public ::testing::TestWithParam<Case> {};

TEST_P(PosenetModelTest, MatchesCoralsReference) {
  const std::string name = GetParam().model;
  const std::string model_path = testing::ModelPath("coral/" + name + ".tflite");
  const std::string reference_path =
      testing::ModelPath("coral/posenet/" + name + "_reference.csv");
  const std::string image_path = testing::ModelPath(kImage);
  if (model_path.empty() || reference_path.empty() || image_path.empty()) {
    GTEST_SKIP() << name << ", its reference CSV or " << kImage
                 << " not found under $LITEN_MODELS_DIR="
                 << testing::ModelsDir()
                 << "; set LITEN_MODELS_DIR to the shared models folder";
  }
  std::vector<ReferencePose> expected;
  std::string error;
  ASSERT_TRUE(ParseReference(reference_path, &expected, &error)) << error;

  std::shared_ptr<const Model> model;
  ASSERT_TRUE(Model::FromFile(model_path, &model).ok());
  InterpreterOptions options;
  options.use_reference_kernels = GetParam().reference_kernels;
  std::unique_ptr<Interpreter> interpreter;
  ASSERT_TRUE(Interpreter::Create(model, options, &interpreter).ok());
  const Status allocated = interpreter->AllocateTensors();
  // The backbones' quantized ops may still be missing from liten; the
  // decoder itself must never be the reason.
  if (allocated.code() == StatusCode::kUnsupported &&
      allocated.message().find("PosenetDecoderOp") == std::string::npos) {
    GTEST_SKIP() << name << " needs an op liten cannot run yet: "
                 << allocated.message();
  }
  ASSERT_TRUE(allocated.ok()) << allocated.message();

  // The models take UINT8 pixels as they are.
  const std::string fed = SetImageInput(*interpreter, 0, image_path, 0, 1);
  ASSERT_EQ(fed, "");
  const Status invoked = interpreter->Invoke();
  ASSERT_TRUE(invoked.ok()) << invoked.message();

  const std::vector<int32_t> input_shape = interpreter->input(0).shape;
  const double height = input_shape[1];
  const double width = input_shape[2];
  const std::vector<float> keypoints = OutputAsFloats(*interpreter, 0);
  const std::vector<float> keypoint_scores = OutputAsFloats(*interpreter, 1);
  const std::vector<float> pose_scores = OutputAsFloats(*interpreter, 2);
  const std::vector<float> count = OutputAsFloats(*interpreter, 3);
  ASSERT_EQ(count.size(), 1u);
  ASSERT_EQ(count[0], static_cast<float>(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i) {
    const std::string pose = "pose " + std::to_string(i);
    EXPECT_NEAR(pose_scores[i], expected[i].score, kScoreTolerance) << pose;
    for (int k = 0; k < kNumKeypoints; ++k) {
      const ReferenceKeypoint& reference = expected[i].keypoints[k];
      if (reference.score <= kConfidentScore) continue;
      const std::string keypoint = pose + " keypoint " + std::to_string(k);
      const size_t at = i * kNumKeypoints + k;
      EXPECT_NEAR(keypoint_scores[at], reference.score, kScoreTolerance)
          << keypoint;
      EXPECT_NEAR(keypoints[2 * at], reference.y * height, kPixelTolerance)
          << keypoint << " y";
      EXPECT_NEAR(keypoints[2 * at + 1], reference.x * width, kPixelTolerance)
          << keypoint << " x";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Coral, PosenetModelTest,
    ::testing::ValuesIn(std::vector<Case>{
        {"Posenet353x481", "posenet_mobilenet_v1_075_353_481_16_quant_decoder",
         false},
        {"Posenet481x641", "posenet_mobilenet_v1_075_481_641_16_quant_decoder",
         false},
        {"Posenet721x1281",
         "posenet_mobilenet_v1_075_721_1281_16_quant_decoder", false},
        {"Bodypix512x512", "bodypix_mobilenet_v1_075_512_512_16_quant_decoder",
         false},
        {"Posenet353x481Reference",
         "posenet_mobilenet_v1_075_353_481_16_quant_decoder", true},
        {"Bodypix512x512Reference",
         "bodypix_mobilenet_v1_075_512_512_16_quant_decoder", true}}),
    [](const ::testing::TestParamInfo<Case>& info) {
      return std::string(info.param.name);
    });

}  // namespace
}  // namespace liten
