// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// liten against TFLite 2.9.0's builtin kernels on the real float models: the
// same seeded inputs through both, every output compared.
#include <dirent.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "liten/model.h"
#include "tests/model_test_util.h"
#include "tools/tflite_reference/tflite_reference.h"

namespace liten {
namespace {

using ::testing::HasSubstr;
using tflite_reference::Backend;
using tflite_reference::TfLiteLibrary;
using tflite_reference::TfLiteRunner;

// The bound on max|liten - TFLite| relative to max|TFLite|, per output.
// Most outputs agree within 1e-6; summation order alone (XNNPACK's, TFLite's
// reference loops, liten's AVX2 microkernels) moves them by a few 1e-6.
constexpr double kTolerance = 1e-4;
// The pose landmark models' 256x256 segmentation output is ill-conditioned:
// TFLite's own builtin kernels at 1 and 2 threads differ there by about
// 1.5e-4 of its maximum, so summation order alone moves it that far.
constexpr double kSegmentationTolerance = 1e-3;

struct FloatModel {
  const char* file;  // Under $LITEN_MODELS_DIR.
  // Outputs with shape [1,256,256,1] get kSegmentationTolerance.
  bool has_ill_conditioned_segmentation;
  // Outputs computed by a LOGISTIC (then at most a RESHAPE), by name.
  // Random inputs drive their logits far into the tail (near -47 on
  // pose_landmark's 'Identity_1'), where sigmoid(x) ~ exp(x): the output's
  // relative error is the logit's absolute error, so the usual float
  // rounding of a logit of 47 (~4e-6 relative) shows as ~2e-4 relative on an
  // output whose largest value is 4e-21. These are compared as what they
  // are: probabilities, whose scale is 1 (|diff| <= kTolerance), and
  // logits, each within kTolerance of TFLite's relative to max(|logit|, 1).
  const char* logistic_outputs[2];
};

const FloatModel kFloatModels[] = {
    {"npm/face_detection_full_range_sparse.tflite", false, {}},
    {"npm/face_detection_short_range.tflite", false, {}},
    {"npm/face_landmark.tflite", false, {}},
    {"npm/hand_landmark_lite.tflite", false, {"Identity_1", "Identity_2"}},
    {"npm/hand_recrop.tflite", false, {}},
    {"npm/objectron_3d_camera.tflite", false, {"Identity"}},
    {"npm/objectron_3d_chair.tflite", false, {"Identity"}},
    {"npm/objectron_3d_cup.tflite", false, {"Identity"}},
    {"npm/palm_detection_full.tflite", false, {}},
    {"npm/palm_detection_lite.tflite", false, {}},
    {"npm/pose_detection.tflite", false, {}},
    {"npm/pose_detector_task.tflite", false, {}},
    {"npm/pose_landmark_full.tflite", true, {"Identity_1"}},
    {"npm/pose_landmark_lite.tflite", true, {"Identity_1"}},
    {"npm/pose_landmarks_detector_task.tflite", true, {"Identity_1"}},
    {"npm/ssd_mobilenetv2_oidv4_fp16.tflite", false, {}},
};

bool IsLogisticOutput(const FloatModel& model, const std::string& name) {
  for (const char* output : model.logistic_outputs) {
    if (output != nullptr && name == output) return true;
  }
  return false;
}

// The largest |logit(actual) - logit(expected)| relative to
// max(|logit(expected)|, 1), over elements strictly inside (0, 1) on both
// sides: a float sigmoid rounds to exactly 1 above x ~ 17 and to 0 below
// x ~ -104, where the probability check alone applies.
double MaxRelativeLogitDiff(const float* actual, const float* expected,
                            size_t count) {
  const auto logit = [](double p) { return std::log(p) - std::log1p(-p); };
  double worst = 0;
  for (size_t k = 0; k < count; ++k) {
    if (!(actual[k] > 0 && actual[k] < 1 && expected[k] > 0 &&
          expected[k] < 1)) {
      continue;
    }
    const double reference = logit(expected[k]);
    worst = std::max(worst, std::fabs(logit(actual[k]) - reference) /
                                std::max(std::fabs(reference), 1.0));
  }
  return worst;
}

// Models that neither stock TFLite nor liten (yet) can run, with the op and
// node liten must name.
struct UnsupportedModel {
  const char* file;
  const char* expected_message;
};

const UnsupportedModel kUnsupportedModels[] = {
    {"npm/face_landmark_with_attention.tflite",
     "liten has no kernel for this custom op"},
    {"npm/ssd_mobilenet_v2_coco_quant_postprocess_edgetpu.tflite",
     "node 0 (edgetpu-custom-op, version 1): liten has no kernel for this "
     "custom op"},
    {"coral/model_invoking_error.tflite",
     "node 0 (fake-op-double, version 1): liten has no kernel for this "
     "custom op"},
};

// MediaPipe's selfie segmentation models end in its custom op
// Convolution2DTransposeBias, on which TFLite 2.9's C library fails with its
// builtin kernels and with its XNNPACK delegate alike ("Encountered
// unresolved custom op"). liten's fast path is checked against liten's
// reference kernels instead, whose Convolution2DTransposeBias follows
// MediaPipe's own kernel and is tested against a naive definition in
// tests/kernels/transpose_conv_bias_test.cc.
const char* const kSelfieSegmentationModels[] = {
    "npm/selfie_segmentation.tflite",
    "npm/selfie_segmentation_landscape.tflite",
};

// Quantized npm models belong to the quantized-kernel work; listed so that
// the coverage check below accounts for every file.
const char* const kQuantizedNpmModels[] = {
    "npm/ssd_mobilenet_v2_coco_quant_postprocess.tflite",
};

std::string ShapeString(const std::vector<int32_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    text += (i ? "," : "") + std::to_string(shape[i]);
  }
  return text + "]";
}

class TfLiteComparisonTest : public ::testing::TestWithParam<FloatModel> {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    library_ = TfLiteLibrary::Load(testing::TfLiteLibraryPath(), &error)
                   .release();
    if (library_ == nullptr) load_error_ = error;
  }
  static void TearDownTestSuite() {
    delete library_;
    library_ = nullptr;
  }
  static TfLiteLibrary* library_;
  static std::string load_error_;
};

TfLiteLibrary* TfLiteComparisonTest::library_ = nullptr;
std::string TfLiteComparisonTest::load_error_;

// Runs `path` through TFLite's builtin kernels and liten (configured by
// `options`) on the same seeded inputs, with input 0 resized to
// `input_shape` when it is not empty, and checks every output against the
// tolerance.
void CompareWithTfLite(const TfLiteLibrary& library, const FloatModel& param,
                       const std::string& path,
                       const std::vector<int32_t>& input_shape,
                       const InterpreterOptions& options, Backend backend) {
  std::string error;
  std::unique_ptr<TfLiteRunner> tflite =
      TfLiteRunner::Create(library, path, backend, 1, &error);
  ASSERT_NE(tflite, nullptr) << error;

  std::shared_ptr<const Model> model;
  ASSERT_TRUE(Model::FromFile(path, &model).ok());
  std::unique_ptr<Interpreter> interpreter;
  Status status = Interpreter::Create(model, options, &interpreter);
  ASSERT_TRUE(status.ok()) << status.ToString();
  if (!input_shape.empty()) {
    ASSERT_TRUE(interpreter->ResizeInputTensor(0, input_shape).ok());
    ASSERT_TRUE(tflite->ResizeInput(
        0, std::vector<int>(input_shape.begin(), input_shape.end()), &error))
        << error;
  }
  status = interpreter->AllocateTensors();
  ASSERT_TRUE(status.ok()) << status.ToString();

  ASSERT_EQ(interpreter->num_inputs(),
            static_cast<size_t>(tflite->input_count()));
  for (size_t i = 0; i < interpreter->num_inputs(); ++i) {
    const std::vector<uint8_t> bytes =
        testing::RandomTensorBytes(interpreter->input(i), 1234 + i);
    ASSERT_TRUE(interpreter->SetInput(i, bytes.data(), bytes.size()).ok());
    ASSERT_TRUE(tflite->SetInput(static_cast<int>(i), bytes.data(),
                                 bytes.size(), &error))
        << error;
  }
  ASSERT_TRUE(tflite->Invoke(&error)) << error;
  status = interpreter->Invoke();
  ASSERT_TRUE(status.ok()) << status.ToString();

  const std::vector<tflite_reference::TensorData> expected = tflite->outputs();
  ASSERT_EQ(interpreter->num_outputs(), expected.size());
  for (size_t o = 0; o < expected.size(); ++o) {
    const TensorView actual = interpreter->output(o);
    ASSERT_EQ(actual.type, DataType::kFloat32);
    ASSERT_EQ(actual.shape, std::vector<int32_t>(expected[o].shape.begin(),
                                                 expected[o].shape.end()));
    ASSERT_EQ(actual.bytes, expected[o].bytes.size());
    const size_t count = actual.bytes / sizeof(float);
    std::vector<float> reference(count);
    std::memcpy(reference.data(), expected[o].bytes.data(), actual.bytes);
    const float* values = static_cast<const float*>(actual.data);
    double max_diff = 0, max_reference = 0;
    for (size_t k = 0; k < count; ++k) {
      ASSERT_TRUE(std::isfinite(values[k])) << "output " << o << "[" << k << "]";
      max_diff = std::max(max_diff, std::fabs(double{values[k]} - reference[k]));
      max_reference = std::max(max_reference, std::fabs(double{reference[k]}));
    }
    std::cout << "  " << param.file << " output " << o << " '" << actual.name
              << "' " << ShapeString(actual.shape) << ": max|diff| = "
              << max_diff << ", max|tflite| = " << max_reference;
    if (IsLogisticOutput(param, actual.name)) {
      const double logit_diff =
          MaxRelativeLogitDiff(values, reference.data(), count);
      std::cout << ", relative logit diff = " << logit_diff << "\n";
      EXPECT_LE(max_diff, kTolerance) << "output " << o << " '" << actual.name
                                      << "' (a probability)";
      EXPECT_LE(logit_diff, kTolerance)
          << "output " << o << " '" << actual.name << "' (its logits)";
      continue;
    }
    const double relative = max_reference > 0 ? max_diff / max_reference
                                               : max_diff;
    const bool segmentation =
        param.has_ill_conditioned_segmentation &&
        actual.shape == std::vector<int32_t>{1, 256, 256, 1};
    const double tolerance =
        segmentation ? kSegmentationTolerance : kTolerance;
    std::cout << ", relative = " << relative << "\n";
    EXPECT_LE(relative, tolerance) << "output " << o << " '" << actual.name
                                   << "'";
  }
}

// liten's fast path against TFLite's: XNNPACK on both sides.
TEST_P(TfLiteComparisonTest, OutputsMatchTfLiteXnnpack) {
  const std::string path = testing::ModelPath(GetParam().file);
  if (path.empty()) {
    GTEST_SKIP() << GetParam().file << " not found under $LITEN_MODELS_DIR="
                 << testing::ModelsDir() << "; set LITEN_MODELS_DIR to the "
                 << "shared models folder to run this test";
  }
  ASSERT_NE(library_, nullptr) << "cannot load TFLite: " << load_error_;
  CompareWithTfLite(*library_, GetParam(), path, {}, InterpreterOptions(),
                    Backend::kXnnpack);
}

// The same with XNNPACK where liten has its own AVX2 kernels: the path CPUs
// with AVX-512 take, checked on this CPU too.
TEST_P(TfLiteComparisonTest, XnnpackPreferredMatchesTfLiteXnnpack) {
  const std::string path = testing::ModelPath(GetParam().file);
  if (path.empty()) GTEST_SKIP() << GetParam().file << " not found";
  ASSERT_NE(library_, nullptr) << "cannot load TFLite: " << load_error_;
  InterpreterOptions options;
  options.prefer_xnnpack = true;
  CompareWithTfLite(*library_, GetParam(), path, {}, options,
                    Backend::kXnnpack);
}

// The reference kernels are the ground truth the fast paths are tested
// against, so they must match TFLite on their own too.
TEST_P(TfLiteComparisonTest, ReferenceKernelsMatchTfLiteBuiltinKernels) {
  const std::string path = testing::ModelPath(GetParam().file);
  if (path.empty()) GTEST_SKIP() << GetParam().file << " not found";
  ASSERT_NE(library_, nullptr) << "cannot load TFLite: " << load_error_;
  InterpreterOptions options;
  options.use_reference_kernels = true;
  CompareWithTfLite(*library_, GetParam(), path, {}, options,
                    Backend::kBuiltin);
}

// The objectron models declare a dynamic batch (shape_signature -1): resize
// to a batch of 2 and compare again.
TEST_F(TfLiteComparisonTest, DynamicBatchMatchesTfLite) {
  const FloatModel param = {"npm/objectron_3d_camera.tflite", false,
                            {"Identity"}};
  const std::string path = testing::ModelPath(param.file);
  if (path.empty()) GTEST_SKIP() << param.file << " not found";
  ASSERT_NE(library_, nullptr) << "cannot load TFLite: " << load_error_;
  CompareWithTfLite(*library_, param, path, {2, 224, 224, 3},
                    InterpreterOptions(), Backend::kXnnpack);
}

// Threads split the work, never the sums: outputs at 1 and 2 threads are
// bit for bit the same.
TEST(ThreadCountTest, OutputsAreIdenticalAtOneAndTwoThreads) {
  const std::string path =
      testing::ModelPath("npm/palm_detection_full.tflite");
  if (path.empty()) GTEST_SKIP() << "palm_detection_full.tflite not found";
  std::shared_ptr<const Model> model;
  ASSERT_TRUE(Model::FromFile(path, &model).ok());
  std::vector<std::vector<uint8_t>> outputs[2];
  for (int threads : {1, 2}) {
    InterpreterOptions options;
    options.num_threads = threads;
    std::unique_ptr<Interpreter> interpreter;
    ASSERT_TRUE(Interpreter::Create(model, options, &interpreter).ok());
    ASSERT_TRUE(interpreter->AllocateTensors().ok());
    const std::vector<uint8_t> input =
        testing::RandomTensorBytes(interpreter->input(0), 99);
    ASSERT_TRUE(interpreter->SetInput(0, input.data(), input.size()).ok());
    ASSERT_TRUE(interpreter->Invoke().ok());
    for (size_t o = 0; o < interpreter->num_outputs(); ++o) {
      const TensorView view = interpreter->output(o);
      const uint8_t* data = static_cast<const uint8_t*>(view.data);
      outputs[threads - 1].emplace_back(data, data + view.bytes);
    }
  }
  EXPECT_EQ(outputs[0], outputs[1]);
}

INSTANTIATE_TEST_SUITE_P(
    FloatModels, TfLiteComparisonTest, ::testing::ValuesIn(kFloatModels),
    [](const ::testing::TestParamInfo<FloatModel>& info) {
      std::string name = info.param.file;
      name = name.substr(name.find('/') + 1);
      name = name.substr(0, name.find('.'));
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

class UnsupportedModelTest : public ::testing::TestWithParam<UnsupportedModel> {};

TEST_P(UnsupportedModelTest, FailsWithTheOpAndNode) {
  const std::string path = testing::ModelPath(GetParam().file);
  if (path.empty()) GTEST_SKIP() << GetParam().file << " not found";
  std::shared_ptr<const Model> model;
  Status status = Model::FromFile(path, &model);
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::unique_ptr<Interpreter> interpreter;
  status = Interpreter::Create(model, {}, &interpreter);
  EXPECT_EQ(status.code(), StatusCode::kUnsupported);
  EXPECT_THAT(status.message(), HasSubstr(GetParam().expected_message));
}

INSTANTIATE_TEST_SUITE_P(
    CustomOps, UnsupportedModelTest, ::testing::ValuesIn(kUnsupportedModels),
    [](const ::testing::TestParamInfo<UnsupportedModel>& info) {
      std::string name = info.param.file;
      name = name.substr(name.find('/') + 1);
      name = name.substr(0, name.find('.'));
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

// Runs the model at `path` once with `options` on `input` (input 0's bytes;
// seeded random bytes when empty) and returns output 0 and its shape. Its one
// Convolution2DTransposeBias must take XNNPACK on the fast path: its float16
// weights, dequantized at prepare time, are constants by then.
void RunSelfieSegmentation(const std::string& path,
                           const InterpreterOptions& options,
                           const std::vector<uint8_t>& input,
                           std::vector<float>* mask,
                           std::vector<int32_t>* shape) {
  std::shared_ptr<const Model> model;
  Status status = Model::FromFile(path, &model);
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::unique_ptr<Interpreter> interpreter;
  status = Interpreter::Create(model, options, &interpreter);
  ASSERT_TRUE(status.ok()) << status.ToString();
  status = interpreter->AllocateTensors();
  ASSERT_TRUE(status.ok()) << status.ToString();
  int deconvolutions = 0;
  for (size_t n = 0; n < interpreter->num_nodes(); ++n) {
    if (interpreter->node_op_name(n) != "Convolution2DTransposeBias") continue;
    ++deconvolutions;
    EXPECT_EQ(interpreter->node_kernel_path(n),
              options.use_reference_kernels ? "reference" : "xnnpack")
        << "node " << n;
  }
  EXPECT_EQ(deconvolutions, 1);
  const std::vector<uint8_t> bytes =
      input.empty() ? testing::RandomTensorBytes(interpreter->input(0), 4321)
                    : input;
  status = interpreter->SetInput(0, bytes.data(), bytes.size());
  ASSERT_TRUE(status.ok()) << status.ToString();
  status = interpreter->Invoke();
  ASSERT_TRUE(status.ok()) << status.ToString();
  const TensorView output = interpreter->output(0);
  ASSERT_EQ(output.type, DataType::kFloat32);
  const float* values = static_cast<const float*>(output.data);
  mask->assign(values, values + output.bytes / sizeof(float));
  *shape = output.shape;
}

// Runs the model on liten's reference kernels and on its fast path at 1 and
// 2 threads, all on the same input, and expects the fast path within
// kTolerance of max|reference| everywhere. Both masks must be a plausible
// segmentation: [1, height, width, 1] for an input [1, height, width, 3],
// and, since the models end in a LOGISTIC, every value in [0, 1]. Returns
// the reference mask.
void CheckSelfieSegmentation(const std::string& path,
                             const std::vector<uint8_t>& input,
                             std::vector<float>* reference_mask,
                             std::vector<int32_t>* mask_shape) {
  InterpreterOptions reference_options;
  reference_options.use_reference_kernels = true;
  ASSERT_NO_FATAL_FAILURE(RunSelfieSegmentation(
      path, reference_options, input, reference_mask, mask_shape));
  ASSERT_EQ(mask_shape->size(), 4u);
  EXPECT_EQ((*mask_shape)[0], 1);
  EXPECT_EQ((*mask_shape)[3], 1);
  double max_reference = 0;
  for (float v : *reference_mask) {
    ASSERT_TRUE(v >= 0.0f && v <= 1.0f) << "reference mask value " << v;
    max_reference = std::max(max_reference, double{v});
  }
  for (int threads : {1, 2}) {
    InterpreterOptions options;
    options.num_threads = threads;
    std::vector<float> mask;
    std::vector<int32_t> shape;
    ASSERT_NO_FATAL_FAILURE(
        RunSelfieSegmentation(path, options, input, &mask, &shape));
    ASSERT_EQ(shape, *mask_shape);
    double max_diff = 0;
    for (size_t k = 0; k < mask.size(); ++k) {
      ASSERT_TRUE(mask[k] >= 0.0f && mask[k] <= 1.0f)
          << "mask[" << k << "] = " << mask[k] << " at " << threads
          << " thread(s)";
      max_diff = std::max(
          max_diff, std::fabs(double{mask[k]} - (*reference_mask)[k]));
    }
    std::cout << "  " << path << " " << ShapeString(shape) << " at "
              << threads << " thread(s): max|fast - reference| = " << max_diff
              << ", max|reference| = " << max_reference << "\n";
    // The mask is a probability: its scale is 1 whatever this input's
    // largest value. On random pixels every value is a LOGISTIC far in its
    // tail (max 0.006), where the relative error of the output is the
    // absolute error of the logit; measured against max|reference| alone,
    // summation order would look like 1e-4 there.
    EXPECT_LE(max_diff, kTolerance * std::max(max_reference, 1.0))
        << "at " << threads << " thread(s)";
  }
}

// Random pixels hold no person, so the masks stay near 0 and say little;
// the portrait below is the test that exercises the whole range.
TEST(SelfieSegmentationTest, FastPathMatchesReferenceKernelsOnSeededInputs) {
  for (const char* file : kSelfieSegmentationModels) {
    SCOPED_TRACE(file);
    const std::string path = testing::ModelPath(file);
    if (path.empty()) GTEST_SKIP() << file << " not found";
    std::vector<float> mask;
    std::vector<int32_t> shape;
    ASSERT_NO_FATAL_FAILURE(CheckSelfieSegmentation(path, {}, &mask, &shape));
  }
}

// An uncompressed 24-bit BMP as rows of RGB, top row first. False when the
// file is missing or not that format.
bool ReadRgbBmp(const std::string& path, int* width, int* height,
                std::vector<uint8_t>* rgb) {
  std::ifstream file(path, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                   std::istreambuf_iterator<char>());
  auto read32 = [&](size_t at) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = v << 8 | bytes[at + i];
    return v;
  };
  if (bytes.size() < 54 || bytes[0] != 'B' || bytes[1] != 'M') return false;
  const uint32_t offset = read32(10);
  const int32_t w = static_cast<int32_t>(read32(18));
  const int32_t h = static_cast<int32_t>(read32(22));
  const uint32_t bits_and_planes = read32(26);
  if (bits_and_planes != (24u << 16 | 1u) || read32(30) != 0 || w <= 0 ||
      h == 0 || w > 1 << 14 || h > 1 << 14 || h < -(1 << 14)) {
    return false;
  }
  const size_t rows = static_cast<size_t>(h > 0 ? h : -h);
  const size_t stride = (static_cast<size_t>(w) * 3 + 3) / 4 * 4;
  if (offset > bytes.size() || bytes.size() - offset < rows * stride) {
    return false;
  }
  rgb->resize(rows * w * 3);
  for (size_t y = 0; y < rows; ++y) {
    // Positive heights store the bottom row first.
    const uint8_t* row = &bytes[offset + (h > 0 ? rows - 1 - y : y) * stride];
    for (int32_t x = 0; x < w; ++x) {
      for (int c = 0; c < 3; ++c) {
        (*rgb)[(y * w + x) * 3 + c] = row[x * 3 + 2 - c];  // BGR to RGB.
      }
    }
  }
  *width = w;
  *height = static_cast<int>(rows);
  return true;
}

// The mean of mask rows [y0, y1) and columns [x0, x1), for a mask `width`
// wide.
double MaskMean(const std::vector<float>& mask, int width, int y0, int y1,
                int x0, int x1) {
  double sum = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) sum += mask[y * width + x];
  }
  return sum / ((y1 - y0) * (x1 - x0));
}

// Grace Hopper's portrait (coral/grace_hopper.bmp) scaled to each model's
// input by nearest neighbour, as RGB in [0, 1] (what MediaPipe feeds these
// models). Besides the fast path agreeing with the reference kernels, the
// mask must find her: the top corners of the frame, beside her head, are
// background; the centre (her face) and the bottom middle (her uniform) are
// person.
TEST(SelfieSegmentationTest, SegmentsThePersonInAPortrait) {
  const std::string image_path = testing::ModelPath("coral/grace_hopper.bmp");
  if (image_path.empty()) GTEST_SKIP() << "coral/grace_hopper.bmp not found";
  int image_width = 0, image_height = 0;
  std::vector<uint8_t> image;
  ASSERT_TRUE(ReadRgbBmp(image_path, &image_width, &image_height, &image));
  for (const char* file : kSelfieSegmentationModels) {
    SCOPED_TRACE(file);
    const std::string path = testing::ModelPath(file);
    if (path.empty()) GTEST_SKIP() << file << " not found";
    std::shared_ptr<const Model> model;
    ASSERT_TRUE(Model::FromFile(path, &model).ok());
    std::unique_ptr<Interpreter> interpreter;
    ASSERT_TRUE(Interpreter::Create(model, {}, &interpreter).ok());
    const std::vector<int32_t> input_shape = interpreter->input(0).shape;
    ASSERT_EQ(input_shape.size(), 4u);
    ASSERT_EQ(input_shape[3], 3);
    const int height = input_shape[1], width = input_shape[2];

    std::vector<float> pixels;
    for (int y = 0; y < height; ++y) {
      const int sy = static_cast<int>((y + 0.5) * image_height / height);
      for (int x = 0; x < width; ++x) {
        const int sx = static_cast<int>((x + 0.5) * image_width / width);
        for (int c = 0; c < 3; ++c) {
          pixels.push_back(image[(sy * image_width + sx) * 3 + c] / 255.0f);
        }
      }
    }
    std::vector<uint8_t> input(pixels.size() * sizeof(float));
    std::memcpy(input.data(), pixels.data(), input.size());

    std::vector<float> mask;
    std::vector<int32_t> shape;
    ASSERT_NO_FATAL_FAILURE(
        CheckSelfieSegmentation(path, input, &mask, &shape));
    ASSERT_EQ(shape, (std::vector<int32_t>{1, height, width, 1}));
    EXPECT_LT(MaskMean(mask, width, 0, height / 4, 0, width / 4), 0.05);
    EXPECT_LT(MaskMean(mask, width, 0, height / 4, 3 * width / 4, width),
              0.05);
    EXPECT_GT(MaskMean(mask, width, 3 * height / 8, 5 * height / 8,
                       3 * width / 8, 5 * width / 8),
              0.9);
    EXPECT_GT(MaskMean(mask, width, 7 * height / 8, height, 3 * width / 8,
                       5 * width / 8),
              0.9);
  }
}

// Every .tflite under npm/ is in one of the lists above, so a model added to
// the shared folder cannot go untested.
TEST(ModelCoverageTest, EveryNpmModelIsListed) {
  DIR* dir = opendir((testing::ModelsDir() + "/npm").c_str());
  if (dir == nullptr) GTEST_SKIP() << "no npm models folder";
  std::set<std::string> listed;
  for (const FloatModel& m : kFloatModels) listed.insert(m.file);
  for (const UnsupportedModel& m : kUnsupportedModels) listed.insert(m.file);
  for (const char* file : kSelfieSegmentationModels) listed.insert(file);
  for (const char* file : kQuantizedNpmModels) listed.insert(file);
  while (const dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() > 7 && name.substr(name.size() - 7) == ".tflite") {
      EXPECT_TRUE(listed.count("npm/" + name)) << name << " is not listed";
    }
  }
  closedir(dir);
}

}  // namespace
}  // namespace liten
