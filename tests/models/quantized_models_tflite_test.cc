// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Every quantized model of the shared folder that stock TFLite runs, on
// seeded random inputs and on a real image, through TFLite 2.9.0's builtin
// kernels and through liten: liten's reference kernels and its fast path
// (liten's AVX2 integer kernels, at 1 and 2 threads) must give the same
// output bytes. Both of liten's paths use TFLite's integer arithmetic, so
// the bound is 0 LSB; XNNPACK's quantized operators, which requantize in
// float, are not one of liten's paths (see docs/DESIGN.md).
//
// Also the checks of Coral's models with known answers: MoveNet's pose on
// coral/squat.bmp against Coral's reference, and label_image finding the
// military uniform in Grace Hopper's portrait.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "examples/image_input.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "liten/model.h"
#include "tests/model_test_util.h"
#include "tests/models/tflite_op_test.h"
#include "tools/tflite_reference/tflite_reference.h"

namespace liten {
namespace {

using tflite_reference::Backend;
using tflite_reference::TfLiteRunner;

struct QuantizedModel {
  const char* name;   // The test's name.
  const char* file;   // Under the models folder.
  const char* image;  // An image for input 0, or null for random inputs only.
};

const QuantizedModel kQuantizedModels[] = {
    {"DeepLabV3", "coral/deeplabv3_mnv2_pascal_quant.tflite",
     "coral/dog_segmentation_256.bmp"},
    {"KerasLstmMnist", "coral/keras_lstm_mnist_ptq.tflite", nullptr},
    {"MobilenetV1HeadLayers", "coral/mobilenet_quant_v1_224_head_layers.tflite",
     nullptr},
    {"MobilenetV1_025_128", "coral/mobilenet_v1_0.25_128_quant.tflite",
     "coral/cat.bmp"},
    {"MobilenetV1_05_160", "coral/mobilenet_v1_0.5_160_quant.tflite",
     "coral/cat.bmp"},
    {"MobilenetV1EmbeddingExtractor",
     "coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite",
     "coral/grace_hopper.bmp"},
    {"MobilenetV2InatBird", "coral/mobilenet_v2_1.0_224_inat_bird_quant.tflite",
     "coral/bird.bmp"},
    {"MobilenetV2", "coral/mobilenet_v2_1.0_224_quant.tflite",
     "coral/grace_hopper.bmp"},
    {"MovenetLightning", "coral/movenet_single_pose_lightning_ptq.tflite",
     "coral/squat.bmp"},
    {"SplitConcat", "coral/split_concat.tflite", nullptr},
    {"Tf2MobilenetV2", "coral/tf2_mobilenet_v2_1.0_224_ptq.tflite",
     "coral/grace_hopper.bmp"},
    {"SsdMobilenetV2Coco", "npm/ssd_mobilenet_v2_coco_quant_postprocess.tflite",
     "coral/cat.bmp"},
};

// The bytes of every input, for one invocation.
using InputSet = std::vector<std::vector<uint8_t>>;

struct LitenConfig {
  const char* name;
  bool reference_kernels;
  int threads;
};

const LitenConfig kLitenConfigs[] = {
    {"reference kernels", true, 1},
    {"fast path, 1 thread", false, 1},
    {"fast path, 2 threads", false, 2},
};

class QuantizedModelTest
    : public testing::TfLiteOpTest,
      public ::testing::WithParamInterface<QuantizedModel> {};

std::unique_ptr<Interpreter> MakeInterpreter(
    const std::shared_ptr<const Model>& model,
    const InterpreterOptions& options) {
  std::unique_ptr<Interpreter> interpreter;
  Status status = Interpreter::Create(model, options, &interpreter);
  if (status.ok()) status = interpreter->AllocateTensors();
  EXPECT_TRUE(status.ok()) << status.message();
  return status.ok() ? std::move(interpreter) : nullptr;
}

TEST_P(QuantizedModelTest, SameBytesAsTfLiteBuiltinKernels) {
  const QuantizedModel& param = GetParam();
  const std::string path = testing::ModelPath(param.file);
  if (path.empty()) {
    GTEST_SKIP() << param.file << " not found under $LITEN_MODELS_DIR="
                 << testing::ModelsDir();
  }
  std::shared_ptr<const Model> model;
  const Status loaded = Model::FromFile(path, &model);
  ASSERT_TRUE(loaded.ok()) << loaded.message();

  // Two seeded random invocations, then the image, if any, resized to input
  // 0 as the examples do.
  std::unique_ptr<Interpreter> probe = MakeInterpreter(model, {});
  ASSERT_NE(probe, nullptr);
  std::vector<InputSet> invocations;
  for (uint32_t seed : {1u, 2u}) {
    InputSet inputs;
    for (size_t i = 0; i < probe->num_inputs(); ++i) {
      inputs.push_back(testing::RandomTensorBytes(
          probe->input(i), seed * 100 + static_cast<uint32_t>(i)));
    }
    invocations.push_back(inputs);
  }
  if (param.image != nullptr) {
    const std::string image = testing::ModelPath(param.image);
    ASSERT_FALSE(image.empty()) << param.image << " not found";
    ASSERT_EQ(SetImageInput(*probe, 0, image, 127.5f, 127.5f), "");
    const TensorView input = probe->input(0);
    const uint8_t* bytes = static_cast<const uint8_t*>(input.data);
    InputSet inputs = invocations[0];
    inputs[0].assign(bytes, bytes + input.bytes);
    invocations.push_back(inputs);
  }

  std::string error;
  std::unique_ptr<TfLiteRunner> tflite =
      TfLiteRunner::Create(*library_, path, Backend::kBuiltin, 1, &error);
  ASSERT_NE(tflite, nullptr) << error;
  std::vector<std::vector<tflite_reference::TensorData>> expected;
  for (const InputSet& inputs : invocations) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      ASSERT_TRUE(tflite->SetInput(static_cast<int>(i), inputs[i].data(),
                                   inputs[i].size(), &error))
          << error;
    }
    ASSERT_TRUE(tflite->Invoke(&error)) << error;
    expected.push_back(tflite->outputs());
  }

  for (const LitenConfig& config : kLitenConfigs) {
    SCOPED_TRACE(config.name);
    InterpreterOptions options;
    options.use_reference_kernels = config.reference_kernels;
    options.num_threads = config.threads;
    std::unique_ptr<Interpreter> interpreter = MakeInterpreter(model, options);
    ASSERT_NE(interpreter, nullptr);
    for (size_t n = 0; n < invocations.size(); ++n) {
      SCOPED_TRACE("invocation " + std::to_string(n));
      for (size_t i = 0; i < invocations[n].size(); ++i) {
        const Status set = interpreter->SetInput(i, invocations[n][i].data(),
                                                 invocations[n][i].size());
        ASSERT_TRUE(set.ok()) << set.message();
      }
      const Status invoked = interpreter->Invoke();
      ASSERT_TRUE(invoked.ok()) << invoked.message();
      ASSERT_EQ(interpreter->num_outputs(), expected[n].size());
      for (size_t o = 0; o < expected[n].size(); ++o) {
        const TensorView output = interpreter->output(o);
        const std::vector<uint8_t>& want = expected[n][o].bytes;
        ASSERT_EQ(output.bytes, want.size()) << "output " << o;
        const uint8_t* got = static_cast<const uint8_t*>(output.data);
        size_t mismatches = 0, first = 0;
        for (size_t k = 0; k < want.size(); ++k) {
          if (got[k] != want[k] && mismatches++ == 0) first = k;
        }
        EXPECT_EQ(mismatches, 0u)
            << "output " << o << " ('" << output.name << "'): first differing "
            << "byte " << first << ": liten " << int{got[first]}
            << ", TFLite " << int{want[first]};
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Models, QuantizedModelTest, ::testing::ValuesIn(kQuantizedModels),
    [](const ::testing::TestParamInfo<QuantizedModel>& info) {
      return std::string(info.param.name);
    });

// Coral's reference for MoveNet on coral/squat.bmp: a header, then
// pose_id, pose_score, keypoint_id, keypoint_score, keypoint_x, keypoint_y
// (x and y as fractions of the image), one row per keypoint in order.
// MoveNet's output is [1, 1, 17, 3]: y, x and score of each keypoint.
//
// The file cannot be matched closely: TFLite 2.9's builtin kernels give
// liten's bytes exactly on the same pixels (QuantizedModelTest above, on
// this image), yet no resize we tried (TFLite's bilinear, PIL's
// antialiasing Lanczos, as Coral's Python example uses) brings single
// scores within 0.3 of the file's, whose values are not among those this
// model's dequantized output takes here. They come from another build of
// the model (the example runs the Edge TPU one). What such a run preserves
// is the pose: every keypoint within 6 pixels (3%) of the model's 192-pixel
// input (4.9 and 5.0 pixels measured at worst with the two resizes) and the
// mean keypoint score within 0.1 (0.05 measured).
TEST(MovenetTest, MatchesCoralsReferencePoseOnSquat) {
  const std::string model_path =
      testing::ModelPath("coral/movenet_single_pose_lightning_ptq.tflite");
  const std::string reference_path = testing::ModelPath(
      "coral/movenet_single_pose_lightning_ptq_reference.csv");
  const std::string image_path = testing::ModelPath("coral/squat.bmp");
  if (model_path.empty() || reference_path.empty() || image_path.empty()) {
    GTEST_SKIP() << "MoveNet, its reference or coral/squat.bmp not found "
                 << "under $LITEN_MODELS_DIR=" << testing::ModelsDir();
  }
  const std::vector<std::string> lines = ReadLines(reference_path);
  ASSERT_EQ(lines.size(), 18u) << "a header and 17 keypoints";
  constexpr double kPixelTolerance = 6.0;
  constexpr double kMeanScoreTolerance = 0.1;

  for (bool reference_kernels : {true, false}) {
    SCOPED_TRACE(reference_kernels ? "reference kernels" : "fast path");
    std::shared_ptr<const Model> model;
    ASSERT_TRUE(Model::FromFile(model_path, &model).ok());
    InterpreterOptions options;
    options.use_reference_kernels = reference_kernels;
    std::unique_ptr<Interpreter> interpreter = MakeInterpreter(model, options);
    ASSERT_NE(interpreter, nullptr);
    ASSERT_EQ(SetImageInput(*interpreter, 0, image_path, 127.5f, 127.5f), "");
    ASSERT_TRUE(interpreter->Invoke().ok());
    const int size = interpreter->input(0).shape[1];
    const std::vector<float> keypoints = OutputAsFloats(*interpreter, 0);
    ASSERT_EQ(keypoints.size(), 17u * 3);
    double score_difference = 0;
    for (int k = 0; k < 17; ++k) {
      std::stringstream line(lines[k + 1]);
      std::vector<double> fields;
      for (std::string field; std::getline(line, field, ',');) {
        fields.push_back(std::strtod(field.c_str(), nullptr));
      }
      ASSERT_EQ(fields.size(), 6u) << lines[k + 1];
      ASSERT_EQ(fields[2], k) << lines[k + 1];
      const std::string keypoint = "keypoint " + std::to_string(k);
      score_difference += keypoints[3 * k + 2] - fields[3];
      EXPECT_NEAR(keypoints[3 * k + 1] * size, fields[4] * size,
                  kPixelTolerance)
          << keypoint << " x";
      EXPECT_NEAR(keypoints[3 * k] * size, fields[5] * size, kPixelTolerance)
          << keypoint << " y";
    }
    EXPECT_NEAR(score_difference / 17, 0.0, kMeanScoreTolerance);
  }
}

// The example users copy, run as they would run it.
TEST(LabelImageTest, FindsTheMilitaryUniformInGraceHoppersPortrait) {
  const std::string model =
      testing::ModelPath("coral/mobilenet_v2_1.0_224_quant.tflite");
  const std::string image = testing::ModelPath("coral/grace_hopper.bmp");
  const std::string labels = testing::ModelPath("coral/imagenet_labels.txt");
  if (model.empty() || image.empty() || labels.empty()) {
    GTEST_SKIP() << "the model, image or labels not found under "
                 << "$LITEN_MODELS_DIR=" << testing::ModelsDir();
  }
  const std::string command = std::string(LITEN_LABEL_IMAGE) + " '" + model +
                              "' '" + image + "' '" + labels + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) output += buffer;
  ASSERT_EQ(pclose(pipe), 0) << output;
  const std::string first_line = output.substr(0, output.find('\n'));
  EXPECT_NE(first_line.find("military uniform"), std::string::npos) << output;
}

}  // namespace
}  // namespace liten
