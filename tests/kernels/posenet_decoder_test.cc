// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Coral's PosenetDecoderOp through the loader and interpreter, on scenes
// drawn by hand: people whose keypoints lie on blocks of the grid, with
// heatmap peaks there and mid offsets along every edge of the skeleton, so
// that the decoded poses, their scores and masks follow from the drawing
// (one pose, two, one suppressed by the NMS radius, soft NMS rescoring,
// thresholds, sub-block positions, UINT8 and FLOAT32 inputs), and the
// errors of bad models and damaged options. The comparison with Coral's
// own outputs on its models is tests/models/posenet_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "flatbuffers/flexbuffers.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace testing {
namespace {

constexpr char kOpName[] = "PosenetDecoderOp";
constexpr int kNumKeypoints = 17;
constexpr int kNumEdges = 16;
constexpr int32_t kStride = 16;
// Every scene's grid: two people side by side fit.
constexpr int32_t kHeight = 7;
constexpr int32_t kWidth = 13;
constexpr float kBackgroundLogit = -6.0f;

// The skeleton as PersonLab and Coral define it. Keypoints: nose, left eye,
// right eye, left ear, right ear, then left and right shoulder, elbow,
// wrist, hip, knee and ankle. Forward edge e goes from kParent[child] to
// child = kEdgeChild[e]; backward edge e goes the other way.
constexpr int kParent[kNumKeypoints] = {-1, 0, 0, 1, 2, 0, 0, 5, 6,
                                        7,  8, 5, 6, 11, 12, 13, 14};
constexpr int kEdgeChild[kNumEdges] = {1, 3,  2, 4,  5,  7,  9,  11,
                                       13, 15, 6, 8, 10, 12, 14, 16};
constexpr int kNose = 0, kLeftEar = 3, kLeftShoulder = 5;

// Where each keypoint of a standing person lies, in blocks (row, column)
// from the top left of a 7 x 5 box.
constexpr int kBody[kNumKeypoints][2] = {
    {1, 2}, {0, 3}, {0, 1}, {1, 4}, {1, 0}, {2, 3}, {2, 1}, {3, 4}, {3, 0},
    {4, 4}, {4, 0}, {4, 3}, {4, 1}, {5, 3}, {5, 1}, {6, 3}, {6, 1}};

// A keypoint as the decoder should report it: its position in blocks and
// the heatmap's logit there.
struct Keypoint {
  float row;
  float col;
  float logit;
};
using Person = std::array<Keypoint, kNumKeypoints>;

// A person whose box starts at block (row, col), with logits from `logit`
// down to `logit` - 0.375 on its keypoints, and one more on `best`, where
// the decoding starts.
Person StandingPerson(int row, int col, float logit, int best) {
  Person person;
  for (int k = 0; k < kNumKeypoints; ++k) {
    person[k] = {static_cast<float>(row + kBody[k][0]),
                 static_cast<float>(col + kBody[k][1]),
                 logit + (k == best ? 1.0f : 0.0f) - 0.125f * (k % 4)};
  }
  return person;
}

double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// The mean of a person's keypoint scores, without those in `suppressed`.
double PoseScore(const Person& person,
                 const std::vector<int>& suppressed = {}) {
  double total = 0.0;
  for (int k = 0; k < kNumKeypoints; ++k) {
    if (std::find(suppressed.begin(), suppressed.end(), k) ==
        suppressed.end()) {
      total += Sigmoid(person[k].logit);
    }
  }
  return total / kNumKeypoints;
}

// The decoder's inputs as real values: logits, and offsets in pixels.
struct Scene {
  std::vector<float> heatmaps =
      std::vector<float>(kHeight * kWidth * kNumKeypoints, kBackgroundLogit);
  std::vector<float> short_offsets =
      std::vector<float>(kHeight * kWidth * 2 * kNumKeypoints);
  std::vector<float> mid_offsets =
      std::vector<float>(kHeight * kWidth * 4 * kNumEdges);
  std::vector<float> long_offsets =
      std::vector<float>(kHeight * kWidth * 2 * kNumKeypoints);

  static int64_t At(int row, int col, int channels, int channel) {
    return (static_cast<int64_t>(row) * kWidth + col) * channels + channel;
  }
  void SetLogit(int row, int col, int keypoint, float logit) {
    heatmaps[At(row, col, kNumKeypoints, keypoint)] = logit;
  }
  // Short and long offsets: the y of the 17 keypoints, then their x.
  void SetShortOffset(int row, int col, int keypoint, float dy, float dx) {
    short_offsets[At(row, col, 2 * kNumKeypoints, keypoint)] = dy;
    short_offsets[At(row, col, 2 * kNumKeypoints, kNumKeypoints + keypoint)] =
        dx;
  }
  void SetLongOffset(int row, int col, int keypoint, float dy, float dx) {
    long_offsets[At(row, col, 2 * kNumKeypoints, keypoint)] = dy;
    long_offsets[At(row, col, 2 * kNumKeypoints, kNumKeypoints + keypoint)] =
        dx;
  }
  // Mid offsets: the y of the 16 forward edges, their x, then the y and x
  // of the backward edges.
  void SetMidOffset(int row, int col, int edge, bool backward, float dy,
                    float dx) {
    const int y_channel = (backward ? 2 * kNumEdges : 0) + edge;
    mid_offsets[At(row, col, 4 * kNumEdges, y_channel)] = dy;
    mid_offsets[At(row, col, 4 * kNumEdges, y_channel + kNumEdges)] = dx;
  }
  // The person's logits on its keypoints' blocks, and along each edge, both
  // ways, the mid offset from one keypoint's block to the other's.
  void AddPerson(const Person& person) {
    for (int k = 0; k < kNumKeypoints; ++k) {
      SetLogit(person[k].row, person[k].col, k, person[k].logit);
    }
    for (int e = 0; e < kNumEdges; ++e) {
      const Keypoint& child = person[kEdgeChild[e]];
      const Keypoint& parent = person[kParent[kEdgeChild[e]]];
      const float dy = (child.row - parent.row) * kStride;
      const float dx = (child.col - parent.col) * kStride;
      SetMidOffset(parent.row, parent.col, e, false, dy, dx);
      SetMidOffset(child.row, child.col, e, true, -dy, -dx);
    }
  }
};

struct OptionValues {
  int64_t max_detections = 4;
  float score_threshold = 0.5f;
  int64_t stride = kStride;
  float nms_radius = 20.0f;
};

// The options as Coral's converter writes them, with the two flags it adds.
std::vector<uint8_t> EncodeOptions(const OptionValues& values) {
  flexbuffers::Builder fbb;
  fbb.Map([&fbb, &values]() {
    fbb.Bool("_output_quantized", true);
    fbb.Bool("_support_output_type_float_in_quantized_op", true);
    fbb.Int("max_detections", values.max_detections);
    fbb.Float("nms_radius", values.nms_radius);
    fbb.Float("score_threshold", values.score_threshold);
    fbb.Int("stride", values.stride);
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

struct InputSpec {
  DataType type = DataType::kFloat32;
  std::vector<int32_t> shape;
  std::vector<float> scales;  // Empty: no quantization.
  std::vector<int64_t> zero_points;
  int quantized_axis = 0;
};

InputSpec FloatInput(std::vector<int32_t> shape) {
  return {DataType::kFloat32, std::move(shape), {}, {}, 0};
}

// Power-of-two scales hold the scenes' logits and offsets exactly.
InputSpec Uint8Input(std::vector<int32_t> shape, float scale) {
  return {DataType::kUInt8, std::move(shape), {scale}, {128}, 0};
}

// A valid model to vary: FLOAT32 inputs on the 7 x 13 grid, outputs
// declared with shape [], as in Coral's models, and shaped by Prepare.
struct DecoderGraph {
  std::vector<InputSpec> inputs = {
      FloatInput({1, kHeight, kWidth, kNumKeypoints}),
      FloatInput({1, kHeight, kWidth, 2 * kNumKeypoints}),
      FloatInput({1, kHeight, kWidth, 4 * kNumEdges})};
  int num_outputs = 4;
  DataType output_type = DataType::kFloat32;
  std::vector<uint8_t> options = EncodeOptions({});
  int version = 1;

  void AddLongOffsets() {
    inputs.push_back(FloatInput({1, kHeight, kWidth, 2 * kNumKeypoints}));
    num_outputs = 5;
  }
  void QuantizeInputs() {
    const float scales[] = {0.125f, 4.0f, 4.0f, 4.0f};
    for (size_t i = 0; i < inputs.size(); ++i) {
      inputs[i] = Uint8Input(inputs[i].shape, scales[i]);
    }
  }
};

std::vector<uint8_t> BuildModel(const DecoderGraph& graph) {
  ModelBuilder builder;
  std::vector<int> inputs;
  for (const InputSpec& spec : graph.inputs) {
    inputs.push_back(builder.AddTensor(spec.type, spec.shape));
    if (!spec.scales.empty()) {
      builder.SetQuantization(inputs.back(), spec.scales, spec.zero_points,
                              spec.quantized_axis);
    }
  }
  std::vector<int> outputs;
  for (int i = 0; i < graph.num_outputs; ++i) {
    outputs.push_back(builder.AddTensor(graph.output_type, {}));
  }
  builder.AddCustomOperator(kOpName, inputs, outputs, graph.version,
                            graph.options);
  builder.SetInputs(inputs);
  builder.SetOutputs(outputs);
  return builder.Finish();
}

// The outputs of one run.
struct Decoded {
  std::vector<float> keypoints;  // [slot][keypoint][y, x], in pixels.
  std::vector<float> keypoint_scores;
  std::vector<float> pose_scores;
  float count = -1.0f;
  std::vector<float> masks;
  std::vector<std::vector<int32_t>> shapes;
};

// Sets input `i` to `values`, quantized when the input is UINT8; the
// scenes' values are multiples of the scale.
void SetInput(TestInterpreter& interpreter, const InputSpec& spec, size_t i,
              const std::vector<float>& values) {
  if (spec.type == DataType::kFloat32) {
    ASSERT_TRUE(interpreter.SetInput(i, values).ok());
    return;
  }
  std::vector<uint8_t> quantized;
  for (float v : values) {
    const float q = v / spec.scales[0] + spec.zero_points[0];
    ASSERT_EQ(q, std::round(q)) << "input " << i << " cannot hold " << v;
    ASSERT_TRUE(q >= 0 && q <= 255) << "input " << i << " cannot hold " << v;
    quantized.push_back(static_cast<uint8_t>(q));
  }
  ASSERT_TRUE(interpreter.SetInput(i, quantized).ok());
}

void RunDecoder(TestInterpreter& interpreter, const DecoderGraph& graph,
                const Scene& scene, Decoded* out) {
  const std::vector<float>* values[] = {&scene.heatmaps, &scene.short_offsets,
                                        &scene.mid_offsets,
                                        &scene.long_offsets};
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    ASSERT_NO_FATAL_FAILURE(
        SetInput(interpreter, graph.inputs[i], i, *values[i]));
  }
  const Status invoked = interpreter.Invoke();
  ASSERT_TRUE(invoked.ok()) << invoked.message();
  out->keypoints = interpreter.Output<float>(0);
  out->keypoint_scores = interpreter.Output<float>(1);
  out->pose_scores = interpreter.Output<float>(2);
  const std::vector<float> count = interpreter.Output<float>(3);
  ASSERT_EQ(count.size(), 1u);
  out->count = count[0];
  if (graph.num_outputs == 5) out->masks = interpreter.Output<float>(4);
  out->shapes.clear();
  for (int i = 0; i < graph.num_outputs; ++i) {
    out->shapes.push_back(interpreter.OutputShape(i));
  }
}

void Decode(const DecoderGraph& graph, const Scene& scene, Decoded* out) {
  TestInterpreter interpreter;
  const Status built = interpreter.Build(BuildModel(graph));
  ASSERT_TRUE(built.ok()) << built.message();
  RunDecoder(interpreter, graph, scene, out);
}

// Expects slot `slot` to hold `person`: keypoints at their blocks times the
// stride, scores the sigmoids of their logits, and `pose_score`.
void ExpectPose(const Decoded& decoded, int slot, const Person& person,
                double pose_score) {
  SCOPED_TRACE("pose " + std::to_string(slot));
  for (int k = 0; k < kNumKeypoints; ++k) {
    const int64_t i = static_cast<int64_t>(slot) * kNumKeypoints + k;
    EXPECT_FLOAT_EQ(decoded.keypoints[2 * i], person[k].row * kStride)
        << "keypoint " << k;
    EXPECT_FLOAT_EQ(decoded.keypoints[2 * i + 1], person[k].col * kStride)
        << "keypoint " << k;
    EXPECT_NEAR(decoded.keypoint_scores[i], Sigmoid(person[k].logit), 1e-6)
        << "keypoint " << k;
  }
  EXPECT_NEAR(decoded.pose_scores[slot], pose_score, 1e-6);
}

// Expects `count` poses and zeros in every slot after them.
void ExpectCount(const Decoded& decoded, int count) {
  EXPECT_EQ(decoded.count, static_cast<float>(count));
  const size_t slots = decoded.pose_scores.size();
  for (size_t s = count; s < slots; ++s) {
    EXPECT_EQ(decoded.pose_scores[s], 0.0f) << "slot " << s;
    for (int k = 0; k < kNumKeypoints; ++k) {
      EXPECT_EQ(decoded.keypoint_scores[s * kNumKeypoints + k], 0.0f);
      EXPECT_EQ(decoded.keypoints[(s * kNumKeypoints + k) * 2], 0.0f);
      EXPECT_EQ(decoded.keypoints[(s * kNumKeypoints + k) * 2 + 1], 0.0f);
    }
  }
}

// Starting from the left ear, the decoding follows backward edges (to the
// left eye, then the nose) before forward ones.
const Person kLeft = StandingPerson(0, 0, 2.5f, kLeftEar);
const Person kRight = StandingPerson(0, 8, 1.5f, kNose);

class PosenetDecoderTypeTest : public ::testing::TestWithParam<bool> {
 protected:
  DecoderGraph Graph() const {
    DecoderGraph graph;
    if (GetParam()) graph.QuantizeInputs();
    return graph;
  }
};

TEST_P(PosenetDecoderTypeTest, DecodesOnePose) {
  Scene scene;
  scene.AddPerson(kLeft);
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(Graph(), scene, &decoded));
  EXPECT_EQ(decoded.shapes[0], (std::vector<int32_t>{1, 4, 17, 2}));
  EXPECT_EQ(decoded.shapes[1], (std::vector<int32_t>{1, 4, 17}));
  EXPECT_EQ(decoded.shapes[2], (std::vector<int32_t>{1, 4}));
  EXPECT_EQ(decoded.shapes[3], (std::vector<int32_t>{1}));
  ExpectCount(decoded, 1);
  ExpectPose(decoded, 0, kLeft, PoseScore(kLeft));
}

TEST_P(PosenetDecoderTypeTest, DecodesTwoPosesBestFirst) {
  Scene scene;
  scene.AddPerson(kRight);
  scene.AddPerson(kLeft);
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(Graph(), scene, &decoded));
  ExpectCount(decoded, 2);
  ExpectPose(decoded, 0, kLeft, PoseScore(kLeft));
  ExpectPose(decoded, 1, kRight, PoseScore(kRight));
}

INSTANTIATE_TEST_SUITE_P(Inputs, PosenetDecoderTypeTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Uint8" : "Float32";
                         });

TEST(PosenetDecoderTest, MaxDetectionsStopsTheSearch) {
  Scene scene;
  scene.AddPerson(kLeft);
  scene.AddPerson(kRight);
  DecoderGraph graph;
  graph.options = EncodeOptions({/*max_detections=*/1});
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(graph, scene, &decoded));
  EXPECT_EQ(decoded.shapes[0], (std::vector<int32_t>{1, 1, 17, 2}));
  ExpectCount(decoded, 1);
  ExpectPose(decoded, 0, kLeft, PoseScore(kLeft));
}

// Two people two blocks (32 pixels) apart: every keypoint of the second
// lies that far from the same keypoint of the first.
TEST(PosenetDecoderTest, NmsRadiusDecidesWhetherANearbyPoseIsKept) {
  const Person nearby = StandingPerson(0, 2, 1.5f, kNose);
  Scene scene;
  scene.AddPerson(kLeft);
  scene.AddPerson(nearby);
  DecoderGraph graph;
  graph.options = EncodeOptions({4, 0.5f, kStride, /*nms_radius=*/40.0f});
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(graph, scene, &decoded));
  ExpectCount(decoded, 1);
  ExpectPose(decoded, 0, kLeft, PoseScore(kLeft));

  graph.options = EncodeOptions({4, 0.5f, kStride, /*nms_radius=*/30.0f});
  ASSERT_NO_FATAL_FAILURE(Decode(graph, scene, &decoded));
  ExpectCount(decoded, 2);
  ExpectPose(decoded, 0, kLeft, PoseScore(kLeft));
  ExpectPose(decoded, 1, nearby, PoseScore(nearby));
}

// The second person's nose lies 48 pixels from the first's, its other
// keypoints 32: its nose starts a pose, and soft NMS then counts only the
// nose in its score, which the final threshold may reject.
TEST(PosenetDecoderTest, SoftNmsRescoresKeypointsNearABetterPose) {
  Person nearby = StandingPerson(0, 2, 1.5f, kNose);
  nearby[kNose].col += 1;
  Scene scene;
  scene.AddPerson(kLeft);
  scene.AddPerson(nearby);
  const double rescored = PoseScore(nearby, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                                             11, 12, 13, 14, 15, 16});
  ASSERT_NEAR(rescored, 0.0544, 1e-4);
  DecoderGraph graph;
  graph.options = EncodeOptions({4, 0.05f, kStride, 40.0f});
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(graph, scene, &decoded));
  ExpectCount(decoded, 2);
  ExpectPose(decoded, 0, kLeft, PoseScore(kLeft));
  ExpectPose(decoded, 1, nearby, rescored);

  graph.options = EncodeOptions({4, 0.06f, kStride, 40.0f});
  ASSERT_NO_FATAL_FAILURE(Decode(graph, scene, &decoded));
  ExpectCount(decoded, 1);
  ExpectPose(decoded, 0, kLeft, PoseScore(kLeft));
}

TEST(PosenetDecoderTest, PoseBelowTheScoreThresholdIsDropped) {
  // One keypoint reaches the threshold; the mean of all 17 does not.
  Person weak = StandingPerson(0, 0, -3.0f, kNose);
  weak[kNose].logit = 3.0f;
  Scene scene;
  scene.AddPerson(weak);
  ASSERT_LT(PoseScore(weak), 0.5);
  ASSERT_GT(PoseScore(weak), 0.09);
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(DecoderGraph(), scene, &decoded));
  ExpectCount(decoded, 0);

  // With a lower threshold the same pose is found.
  DecoderGraph graph;
  graph.options = EncodeOptions({4, 0.09f, kStride, 20.0f});
  ASSERT_NO_FATAL_FAILURE(Decode(graph, scene, &decoded));
  ExpectCount(decoded, 1);
  ExpectPose(decoded, 0, weak, PoseScore(weak));
}

TEST(PosenetDecoderTest, NoKeypointAboveTheThresholdGivesNoPose) {
  Scene scene;
  scene.AddPerson(StandingPerson(0, 0, -2.0f, kNose));
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(DecoderGraph(), scene, &decoded));
  ExpectCount(decoded, 0);
}

// The root's short offset moves it half a block right, where its logit is
// interpolated between two blocks; one mid offset lands a block off and the
// short offsets there bring it back; another points above the grid and is
// clamped to its top row.
TEST(PosenetDecoderTest, FollowsShortOffsetsBetweenBlocksAndClamps) {
  Person person = StandingPerson(0, 0, 2.0f, kNose);
  Scene scene;
  scene.AddPerson(person);
  const Keypoint block = person[kNose];
  scene.SetShortOffset(block.row, block.col, kNose, 0.0f, 8.0f);
  scene.SetLogit(block.row, block.col + 1, kNose, 1.0f);
  person[kNose] = {block.row, block.col + 0.5f,
                   (person[kNose].logit + 1.0f) / 2};
  // The nose's edges out (forward edges 0, 2, 4 and 10), read half way
  // between the two blocks.
  for (int e : {0, 2, 4, 10}) {
    const Keypoint& child = person[kEdgeChild[e]];
    float dy = (child.row - person[kNose].row) * kStride;
    const float dx = (child.col - person[kNose].col) * kStride;
    if (kEdgeChild[e] == kLeftShoulder) {
      const Keypoint& shoulder = person[kLeftShoulder];
      scene.SetShortOffset(shoulder.row, shoulder.col + 1, kLeftShoulder, 0,
                           -kStride);
      scene.SetMidOffset(block.row, block.col, e, false, dy, dx + kStride);
      scene.SetMidOffset(block.row, block.col + 1, e, false, dy, dx + kStride);
      continue;
    }
    if (child.row == 0) dy -= 2 * kStride;
    scene.SetMidOffset(block.row, block.col, e, false, dy, dx);
    scene.SetMidOffset(block.row, block.col + 1, e, false, dy, dx);
  }
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(DecoderGraph(), scene, &decoded));
  ExpectCount(decoded, 1);
  ExpectPose(decoded, 0, person, PoseScore(person));
}

// BodyPix's masks: the long offsets of every block in columns 0 to 6 point
// at the left person's keypoints, the others at the right person's.
TEST(PosenetDecoderTest, MasksFollowTheLongOffsets) {
  Scene scene;
  scene.AddPerson(kLeft);
  scene.AddPerson(kRight);
  for (int row = 0; row < kHeight; ++row) {
    for (int col = 0; col < kWidth; ++col) {
      const Person& person = col < 7 ? kLeft : kRight;
      for (int k = 0; k < kNumKeypoints; ++k) {
        scene.SetLongOffset(row, col, k, (person[k].row - row) * kStride,
                            (person[k].col - col) * kStride);
      }
    }
  }
  for (bool quantized : {false, true}) {
    SCOPED_TRACE(quantized ? "UINT8" : "FLOAT32");
    DecoderGraph graph;
    graph.AddLongOffsets();
    if (quantized) graph.QuantizeInputs();
    Decoded decoded;
    ASSERT_NO_FATAL_FAILURE(Decode(graph, scene, &decoded));
    ExpectCount(decoded, 2);
    ExpectPose(decoded, 0, kLeft, PoseScore(kLeft));
    ExpectPose(decoded, 1, kRight, PoseScore(kRight));
    ASSERT_EQ(decoded.shapes[4],
              (std::vector<int32_t>{1, 4, kHeight, kWidth}));
    for (int slot = 0; slot < 4; ++slot) {
      for (int row = 0; row < kHeight; ++row) {
        for (int col = 0; col < kWidth; ++col) {
          const int owner = col < 7 ? 0 : 1;
          EXPECT_EQ(decoded.masks[(slot * kHeight + row) * kWidth + col],
                    slot == owner ? 1.0f : 0.0f)
              << "slot " << slot << " row " << row << " col " << col;
        }
      }
    }
  }
}

// Coral picks the nearest pose of an empty list as pose 0, so without a
// pose its first mask is all ones.
TEST(PosenetDecoderTest, MasksWithoutPosesAreCoralsFullFirstMask) {
  DecoderGraph graph;
  graph.AddLongOffsets();
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(graph, Scene(), &decoded));
  ExpectCount(decoded, 0);
  const size_t mask_size = kHeight * kWidth;
  ASSERT_EQ(decoded.masks.size(), 4 * mask_size);
  for (size_t i = 0; i < decoded.masks.size(); ++i) {
    EXPECT_EQ(decoded.masks[i], i < mask_size ? 1.0f : 0.0f) << "at " << i;
  }
}

TEST(PosenetDecoderTest, SecondRunClearsTheFirstRunsSlots) {
  Scene two;
  two.AddPerson(kLeft);
  two.AddPerson(kRight);
  Scene one;
  one.AddPerson(kLeft);
  const DecoderGraph graph;
  TestInterpreter interpreter;
  ASSERT_TRUE(interpreter.Build(BuildModel(graph)).ok());
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(RunDecoder(interpreter, graph, two, &decoded));
  ExpectCount(decoded, 2);
  ASSERT_NO_FATAL_FAILURE(RunDecoder(interpreter, graph, one, &decoded));
  ExpectCount(decoded, 1);
  ExpectPose(decoded, 0, kLeft, PoseScore(kLeft));
}

// NaN and infinities in FLOAT32 inputs are no error: every position stays
// on the image and every score in [0, 1].
TEST(PosenetDecoderTest, NonFiniteFloatInputsStayOnTheImage) {
  Scene scene;
  scene.AddPerson(kLeft);
  scene.AddPerson(kRight);
  const float kNan = std::numeric_limits<float>::quiet_NaN();
  const float kInf = std::numeric_limits<float>::infinity();
  const float specials[] = {kNan, kInf, -kInf};
  for (size_t i = 0; i < scene.heatmaps.size(); i += 7) {
    scene.heatmaps[i] = specials[i % 3];
  }
  for (size_t i = 0; i < scene.short_offsets.size(); i += 5) {
    scene.short_offsets[i] = specials[i % 3];
  }
  for (size_t i = 0; i < scene.mid_offsets.size(); i += 3) {
    scene.mid_offsets[i] = specials[i % 3];
  }
  for (size_t i = 0; i < scene.long_offsets.size(); i += 2) {
    scene.long_offsets[i] = specials[i % 3];
  }
  DecoderGraph graph;
  graph.AddLongOffsets();
  Decoded decoded;
  ASSERT_NO_FATAL_FAILURE(Decode(graph, scene, &decoded));
  EXPECT_TRUE(decoded.count >= 0 && decoded.count <= 4) << decoded.count;
  for (size_t i = 0; i < decoded.keypoints.size(); i += 2) {
    EXPECT_TRUE(decoded.keypoints[i] >= 0 &&
                decoded.keypoints[i] <= (kHeight - 1) * kStride)
        << decoded.keypoints[i];
    EXPECT_TRUE(decoded.keypoints[i + 1] >= 0 &&
                decoded.keypoints[i + 1] <= (kWidth - 1) * kStride)
        << decoded.keypoints[i + 1];
  }
  for (float score : decoded.keypoint_scores) {
    EXPECT_TRUE(score >= 0 && score <= 1) << score;
  }
  for (float score : decoded.pose_scores) {
    EXPECT_TRUE(score >= 0 && score <= 1) << score;
  }
  for (float mask : decoded.masks) EXPECT_TRUE(mask == 0 || mask == 1);
}

TEST(PosenetDecoderTest, RunsOnTheReferencePath) {
  ExpectNodePath(BuildModel(DecoderGraph()), "reference");
}

// --- Invalid models. ---

std::vector<uint8_t> OptionsWithout(const char* missing) {
  const OptionValues values;
  flexbuffers::Builder fbb;
  fbb.Map([&]() {
    if (std::string(missing) != "max_detections") {
      fbb.Int("max_detections", values.max_detections);
    }
    if (std::string(missing) != "nms_radius") {
      fbb.Float("nms_radius", values.nms_radius);
    }
    if (std::string(missing) != "score_threshold") {
      fbb.Float("score_threshold", values.score_threshold);
    }
    if (std::string(missing) != "stride") fbb.Int("stride", values.stride);
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

void SetShape(DecoderGraph& graph, int input, std::vector<int32_t> shape) {
  graph.inputs[input].shape = std::move(shape);
}

const ModelErrorCase<DecoderGraph> kDecoderErrorCases[] = {
    {"NoOptions", [](DecoderGraph& g) { g.options.clear(); },
     StatusCode::kInvalidModel,
     "node 0 (PosenetDecoderOp): has no custom options"},
    {"OptionsNotFlexbuffer",
     [](DecoderGraph& g) { g.options = {1, 2, 3, 4, 5, 6, 7}; },
     StatusCode::kInvalidModel,
     "custom options (7 bytes) are not a valid flexbuffer"},
    {"OptionsNotAMap",
     [](DecoderGraph& g) {
       flexbuffers::Builder fbb;
       fbb.Int(7);
       fbb.Finish();
       g.options = fbb.GetBuffer();
     },
     StatusCode::kInvalidModel,
     "custom options are a flexbuffer of type 1; expected a map"},
    {"MissingStride",
     [](DecoderGraph& g) { g.options = OptionsWithout("stride"); },
     StatusCode::kInvalidModel, "custom option stride is missing"},
    {"MissingNmsRadius",
     [](DecoderGraph& g) { g.options = OptionsWithout("nms_radius"); },
     StatusCode::kInvalidModel, "custom option nms_radius is missing"},
    {"StringMaxDetections",
     [](DecoderGraph& g) {
       flexbuffers::Builder fbb;
       fbb.Map([&fbb]() {
         fbb.String("max_detections", "4");
         fbb.Float("nms_radius", 20.0f);
         fbb.Float("score_threshold", 0.5f);
         fbb.Int("stride", kStride);
       });
       fbb.Finish();
       g.options = fbb.GetBuffer();
     },
     StatusCode::kInvalidModel,
     "custom option max_detections has flexbuffer type 5; expected a "
     "number"},
    {"ZeroStride",
     [](DecoderGraph& g) { g.options = EncodeOptions({4, 0.5f, 0, 20.0f}); },
     StatusCode::kInvalidModel,
     "custom option stride is 0; expected an integer in [1, 2^31 - 1]"},
    {"NegativeStride",
     [](DecoderGraph& g) { g.options = EncodeOptions({4, 0.5f, -16, 20.0f}); },
     StatusCode::kInvalidModel, "custom option stride is -16; expected"},
    {"ZeroMaxDetections",
     [](DecoderGraph& g) { g.options = EncodeOptions({0}); },
     StatusCode::kInvalidModel, "custom option max_detections is 0; expected"},
    {"NegativeMaxDetections",
     [](DecoderGraph& g) { g.options = EncodeOptions({-3}); },
     StatusCode::kInvalidModel,
     "custom option max_detections is -3; expected"},
    {"MaxDetectionsOverInt32",
     [](DecoderGraph& g) { g.options = EncodeOptions({int64_t{1} << 32}); },
     StatusCode::kInvalidModel,
     "custom option max_detections is 4.29497e+09; expected"},
    {"NegativeNmsRadius",
     [](DecoderGraph& g) {
       g.options = EncodeOptions({4, 0.5f, kStride, -1.0f});
     },
     StatusCode::kInvalidModel,
     "custom option nms_radius is -1; expected a finite float >= 0"},
    {"InfiniteNmsRadius",
     [](DecoderGraph& g) {
       g.options = EncodeOptions(
           {4, 0.5f, kStride, std::numeric_limits<float>::infinity()});
     },
     StatusCode::kInvalidModel, "custom option nms_radius is inf; expected"},
    {"NanScoreThreshold",
     [](DecoderGraph& g) {
       g.options = EncodeOptions({4, std::nanf(""), kStride, 20.0f});
     },
     StatusCode::kInvalidModel, "custom option score_threshold is nan"},
    {"ScoreThresholdOverOne",
     [](DecoderGraph& g) {
       g.options = EncodeOptions({4, 1.5f, kStride, 20.0f});
     },
     StatusCode::kInvalidModel,
     "custom option score_threshold is 1.5; expected a probability in "
     "[0, 1]"},
    {"TwoInputs", [](DecoderGraph& g) { g.inputs.pop_back(); },
     StatusCode::kInvalidModel, "has 2 inputs; expected 3 to 4"},
    {"LongOffsetsWithoutMasks",
     [](DecoderGraph& g) {
       g.AddLongOffsets();
       g.num_outputs = 4;
     },
     StatusCode::kInvalidModel, "has 4 outputs; expected 5"},
    {"MasksWithoutLongOffsets", [](DecoderGraph& g) { g.num_outputs = 5; },
     StatusCode::kInvalidModel, "has 5 outputs; expected 4"},
    {"HeatmapsRank3",
     [](DecoderGraph& g) { SetShape(g, 0, {kHeight, kWidth, 17}); },
     StatusCode::kInvalidModel, "input 0 (tensor 0) has rank 3"},
    {"BatchOfTwo",
     [](DecoderGraph& g) { SetShape(g, 0, {2, kHeight, kWidth, 17}); },
     StatusCode::kInvalidModel,
     "input 0 (tensor 0), the heatmaps, has shape [2,7,13,17]; expected "
     "[1, height >= 1, width >= 1, 17]"},
    {"SixteenHeatmaps",
     [](DecoderGraph& g) { SetShape(g, 0, {1, kHeight, kWidth, 16}); },
     StatusCode::kInvalidModel, "has shape [1,7,13,16]; expected [1, height"},
    {"EmptyGrid",
     [](DecoderGraph& g) {
       SetShape(g, 0, {1, 0, kWidth, 17});
       SetShape(g, 1, {1, 0, kWidth, 34});
       SetShape(g, 2, {1, 0, kWidth, 64});
     },
     StatusCode::kInvalidModel, "has shape [1,0,13,17]; expected [1, height"},
    {"ShortOffsetsOnAnotherGrid",
     [](DecoderGraph& g) { SetShape(g, 1, {1, kHeight, kWidth - 1, 34}); },
     StatusCode::kInvalidModel,
     "input 1 (tensor 1), the short offsets, has shape [1,7,12,34]; "
     "expected [1, 7, 13, 34], the heatmaps' grid"},
    {"MidOffsetsForEightEdges",
     [](DecoderGraph& g) { SetShape(g, 2, {1, kHeight, kWidth, 32}); },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the mid offsets, has shape [1,7,13,32]; expected "
     "[1, 7, 13, 64]"},
    {"LongOffsetsForHalfTheKeypoints",
     [](DecoderGraph& g) {
       g.AddLongOffsets();
       SetShape(g, 3, {1, 5, 5, 17});
     },
     StatusCode::kInvalidModel,
     "input 3 (tensor 3), the long offsets, has shape [1,5,5,17]; expected "
     "[1, height >= 1, width >= 1, 34]"},
    {"GridTooTallForFloatPositions",
     [](DecoderGraph& g) {
       const int32_t rows = (1 << 24) + 1;
       SetShape(g, 0, {1, rows, 1, 17});
       SetShape(g, 1, {1, rows, 1, 34});
       SetShape(g, 2, {1, rows, 1, 64});
     },
     StatusCode::kInvalidModel,
     "has shape [1,16777217,1,17]; its height and width must be at most "
     "16777216"},
    {"Int8Heatmaps",
     [](DecoderGraph& g) {
       g.inputs[0] = {DataType::kInt8, g.inputs[0].shape, {0.125f}, {0}, 0};
     },
     StatusCode::kUnsupported,
     "input 0 (tensor 0), the heatmaps, has type INT8; expected UINT8 or "
     "FLOAT32"},
    {"UnquantizedUint8MidOffsets",
     [](DecoderGraph& g) { g.inputs[2].type = DataType::kUInt8; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2) has type UINT8 but no quantization parameters"},
    {"PerAxisShortOffsets",
     [](DecoderGraph& g) {
       g.inputs[1] = {DataType::kUInt8, g.inputs[1].shape,
                      std::vector<float>(34, 4.0f),
                      std::vector<int64_t>(34, 128), 3};
     },
     StatusCode::kUnsupported, "input 1 (tensor 1) has 34 per-axis scales"},
    {"Int32Output",
     [](DecoderGraph& g) { g.output_type = DataType::kInt32; },
     StatusCode::kUnsupported,
     "output 0 (tensor 3) has type INT32; expected FLOAT32"},
    {"Version2", [](DecoderGraph& g) { g.version = 2; },
     StatusCode::kUnsupported, "version 2"},
};

LITEN_MODEL_ERROR_TESTS(PosenetDecoder, BuildModel, kDecoderErrorCases);

// Damaged copies of the options of Coral's models.
TEST(PosenetDecoderOptionsTest, DamagedOptionsFailCleanly) {
  DecoderGraph graph;
  const int loaded = CountLoadsOfDamagedOptions(
      EncodeOptions({20, 0.2f, kStride, 10.0f}), "node 0 (PosenetDecoderOp)",
      [&graph](const std::vector<uint8_t>& options) {
        graph.options = options;
        return BuildModel(graph);
      });
  // Flips inside the unused flags and some values leave a valid model.
  EXPECT_GT(loaded, 0);
}

TEST(PosenetDecoderOptionsTest, UnterminatedKeyIsRefused) {
  DecoderGraph graph;
  graph.options = UnterminatedKeyOptions();
  ExpectBuildFails(BuildModel(graph), StatusCode::kInvalidModel,
                   "node 0 (PosenetDecoderOp): custom options: key 0 of the "
                   "flexbuffer map runs past the end of the buffer");
}

}  // namespace
}  // namespace testing
}  // namespace liten
