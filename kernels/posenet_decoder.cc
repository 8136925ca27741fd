// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Coral's custom op PosenetDecoderOp, the last node of Coral's PoseNet and
// BodyPix models: multi-person pose decoding after PersonLab (Papandreou et
// al., arXiv:1803.08225). Stock TFLite does not have it. This computes what
// Coral's CPU kernel computes (google-coral/libcoral, coral/pose_estimation/
// posenet_decoder_op.cc and posenet_decoder.cc), with the same float
// operations in the same order, so that it returns Coral's numbers.
//
// The network's outputs lie on a grid of blocks `stride` input pixels
// apart. Inputs, FLOAT32 or per-tensor quantized UINT8, each
// [1, height, width, channels]:
//   0 heatmaps, 17 channels: a logit per keypoint (nose, left and right
//     eye, left and right ear, then the left and right shoulder, elbow,
//     wrist, hip, knee and ankle);
//   1 short offsets, 34: from the block to the keypoint near it, the 17 y
//     then the 17 x, in pixels;
//   2 mid offsets, 64: along the skeleton's 16 edges, the y of the forward
//     edges, their x, then the y and x of the backward edges, in pixels;
//   3 (BodyPix only) long offsets, 34, on a grid of their own: from the
//     block to each keypoint of the person it shows, in pixels.
// Outputs, FLOAT32, shaped here, with N = max_detections: keypoints
// [1, N, 17, 2] as (y, x) in input pixels, keypoint scores [1, N, 17] and
// pose scores [1, N] in [0, 1], the number of poses [1] (a float), and with
// long offsets, instance masks [1, N, mask height, mask width] of 0 and 1.
// Poses come best first; the slots after them are zero (Coral leaves them
// unwritten).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

#include "kernels/custom_options.h"
#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

constexpr int kHeatmaps = 0, kShortOffsets = 1, kMidOffsets = 2,
              kLongOffsets = 3;
constexpr int kKeypoints = 0, kKeypointScores = 1, kPoseScores = 2,
              kPoseCount = 3, kInstanceMasks = 4;

constexpr int32_t kNumKeypoints = 17;
constexpr int32_t kNumEdges = 16;
// The channels of each input, in input order.
constexpr int32_t kInputChannels[] = {kNumKeypoints, 2 * kNumKeypoints,
                                      4 * kNumEdges, 2 * kNumKeypoints};
constexpr const char* kInputNames[] = {"heatmaps", "short offsets",
                                       "mid offsets", "long offsets"};

// Coral's fixed decoding parameters (DecodeAllPoses and the op's Eval).
constexpr int32_t kLocalMaximumRadius = 1;
constexpr int kShortOffsetSteps = 5;
constexpr int kLongOffsetSteps = 3;

// Positions are floats on the grid: below 2^24 blocks every integer
// coordinate, and so the clamp to the last row or column, is exact.
constexpr int32_t kMaxGridSize = 1 << 24;

enum Keypoint : int32_t {
  kNose,
  kLeftEye,
  kRightEye,
  kLeftEar,
  kRightEar,
  kLeftShoulder,
  kRightShoulder,
  kLeftElbow,
  kRightElbow,
  kLeftWrist,
  kRightWrist,
  kLeftHip,
  kRightHip,
  kLeftKnee,
  kRightKnee,
  kLeftAnkle,
  kRightAnkle,
};

struct Edge {
  Keypoint from;
  Keypoint to;
};

// Coral's skeleton, a tree rooted at the nose: the 16 forward edges, then
// the same edges backward. A pose grows along them in this order.
constexpr Edge kEdges[2 * kNumEdges] = {
    {kNose, kLeftEye},          {kLeftEye, kLeftEar},
    {kNose, kRightEye},         {kRightEye, kRightEar},
    {kNose, kLeftShoulder},     {kLeftShoulder, kLeftElbow},
    {kLeftElbow, kLeftWrist},   {kLeftShoulder, kLeftHip},
    {kLeftHip, kLeftKnee},      {kLeftKnee, kLeftAnkle},
    {kNose, kRightShoulder},    {kRightShoulder, kRightElbow},
    {kRightElbow, kRightWrist}, {kRightShoulder, kRightHip},
    {kRightHip, kRightKnee},    {kRightKnee, kRightAnkle},
    {kLeftEye, kNose},          {kLeftEar, kLeftEye},
    {kRightEye, kNose},         {kRightEar, kRightEye},
    {kLeftShoulder, kNose},     {kLeftElbow, kLeftShoulder},
    {kLeftWrist, kLeftElbow},   {kLeftHip, kLeftShoulder},
    {kLeftKnee, kLeftHip},      {kLeftAnkle, kLeftKnee},
    {kRightShoulder, kNose},    {kRightElbow, kRightShoulder},
    {kRightWrist, kRightElbow}, {kRightHip, kRightShoulder},
    {kRightKnee, kRightHip},    {kRightAnkle, kRightKnee},
};

struct DecoderOptions {
  int32_t max_detections = 0;
  int32_t stride = 0;
  float score_threshold = 0.0f;  // A probability.
  float nms_radius = 0.0f;       // In input pixels.
};

// Reads `key` of the options as a double. Coral reads a missing key as 0,
// which no converter writes and which makes no sense for any of the four,
// so here it is an error.
Status ReadNumber(const NodeContext& context, const flexbuffers::Map& map,
                  const char* key, double* value) {
  bool found = false;
  LITEN_RETURN_IF_ERROR(LookUpNumberOption(context, map, key, &found, value));
  if (!found) return context.Error("custom option %s is missing", key);
  return Status::Ok();
}

// Coral reads max_detections and stride with AsInt32, which truncates a
// float toward zero; both must then be at least 1.
Status ReadPositiveInt(const NodeContext& context, const flexbuffers::Map& map,
                       const char* key, int32_t* value) {
  double number = 0.0;
  LITEN_RETURN_IF_ERROR(ReadNumber(context, map, key, &number));
  const double truncated = std::trunc(number);
  if (!(truncated >= 1.0 &&
        truncated <= std::numeric_limits<int32_t>::max())) {
    return context.Error("custom option %s is %g; expected an integer in "
                         "[1, 2^31 - 1]", key, number);
  }
  *value = static_cast<int32_t>(truncated);
  return Status::Ok();
}

// AsFloat: the number rounded to float, which must not be negative. Coral
// would square a negative NMS radius; no converter writes one.
Status ReadNonNegativeFloat(const NodeContext& context,
                            const flexbuffers::Map& map, const char* key,
                            float* value) {
  double number = 0.0;
  LITEN_RETURN_IF_ERROR(ReadNumber(context, map, key, &number));
  if (!(number >= 0.0 && number <= std::numeric_limits<float>::max())) {
    return context.Error("custom option %s is %g; expected a finite float "
                         ">= 0", key, number);
  }
  *value = static_cast<float>(number);
  return Status::Ok();
}

// The options, a flexbuffer map (kernels/custom_options.h).
Status ReadOptions(const NodeContext& context, DecoderOptions* options) {
  flexbuffers::Map map = flexbuffers::Map::EmptyMap();
  LITEN_RETURN_IF_ERROR(ReadCustomOptionsMap(
      context, "max_detections, score_threshold, stride and nms_radius",
      &map));
  LITEN_RETURN_IF_ERROR(ReadPositiveInt(context, map, "max_detections",
                                        &options->max_detections));
  LITEN_RETURN_IF_ERROR(
      ReadPositiveInt(context, map, "stride", &options->stride));
  LITEN_RETURN_IF_ERROR(ReadNonNegativeFloat(context, map, "score_threshold",
                                             &options->score_threshold));
  // A probability: Coral compares pose scores with it, and logits with its
  // logit.
  if (options->score_threshold > 1.0f) {
    return context.Error("custom option score_threshold is %g; expected a "
                         "probability in [0, 1]", options->score_threshold);
  }
  return ReadNonNegativeFloat(context, map, "nms_radius",
                              &options->nms_radius);
}

// How Eval turns an input into the floats Coral decodes: UINT8 becomes
// (q - zero_point) * (scale * extra) and FLOAT32 x * extra, each a float
// operation as in Coral's DequantizeTensor, with extra 1 for the heatmaps
// and 1 / stride for the offsets, which turns pixels into blocks.
struct InputScaling {
  bool quantized = false;
  float zero_point = 0.0f;
  float scale = 1.0f;
};

void ScaleInput(const Tensor& tensor, const InputScaling& scaling,
                float* out) {
  const int64_t count = tensor.NumElements();
  if (scaling.quantized) {
    const uint8_t* in = tensor.data_as<uint8_t>();
    for (int64_t i = 0; i < count; ++i) {
      out[i] = (in[i] - scaling.zero_point) * scaling.scale;
    }
  } else {
    const float* in = tensor.data_as<float>();
    for (int64_t i = 0; i < count; ++i) out[i] = in[i] * scaling.scale;
  }
}

struct Point {
  float y;
  float x;
};

// A keypoint candidate: where, which keypoint, and its logit.
struct Candidate {
  Point point;
  int32_t id;
  float score;
};

// The order of Coral's std::priority_queue of candidates, best on top.
bool LowerScore(const Candidate& a, const Candidate& b) {
  return a.score < b.score;
}

// A [height, width, channels] input as floats, on the block grid.
struct FloatMap {
  const float* data = nullptr;
  int32_t height = 0;
  int32_t width = 0;
  int32_t channels = 0;
};

// Coral's clamp of a coordinate into [0, size - 1], except that NaN, which
// non-finite FLOAT32 inputs can produce, becomes 0 instead of an index.
float ClampCoordinate(float v, int32_t size) {
  if (!(v >= 0.0f)) return 0.0f;
  const float last = size - 1.0f;
  return v > last ? last : v;
}

// Coral's bilinear sampling of one channel at `p`, which lies inside the
// grid (ClampCoordinate): its corners, its weights and its order of float
// operations. On the last row or column the two corners coincide.
float Sample(const FloatMap& map, Point p, int32_t channel) {
  const int32_t top = static_cast<int32_t>(std::floor(p.y));
  const int32_t bottom = static_cast<int32_t>(std::ceil(p.y));
  const int32_t left = static_cast<int32_t>(std::floor(p.x));
  const int32_t right = static_cast<int32_t>(std::ceil(p.x));
  const float y_lerp = p.y - top;
  const float x_lerp = p.x - left;
  const auto at = [&map, channel](int32_t y, int32_t x) {
    return map.data[(static_cast<int64_t>(y) * map.width + x) * map.channels +
                    channel];
  };
  return (1 - y_lerp) * ((1 - x_lerp) * at(top, left) +
                         x_lerp * at(top, right)) +
         y_lerp * ((1 - x_lerp) * at(bottom, left) +
                   x_lerp * at(bottom, right));
}

// A heatmap logit between blocks. Coral would push a NaN (from non-finite
// FLOAT32 inputs) into its priority queue, whose order NaN breaks; here it
// is the lowest logit, whose sigmoid is 0.
float SampleLogit(const FloatMap& heatmaps, Point p, int32_t keypoint) {
  const float logit = Sample(heatmaps, p, keypoint);
  return std::isnan(logit) ? -std::numeric_limits<float>::infinity() : logit;
}

// One step along an offset field: both offsets are read at `p`, then added.
Point Displace(const FloatMap& offsets, Point p, int32_t y_channel,
               int32_t x_channel) {
  const float dy = Sample(offsets, p, y_channel);
  const float dx = Sample(offsets, p, x_channel);
  return {ClampCoordinate(p.y + dy, offsets.height),
          ClampCoordinate(p.x + dx, offsets.width)};
}

struct DecoderMaps {
  FloatMap heatmaps;
  FloatMap short_offsets;
  FloatMap mid_offsets;
};

// Coral's FindDisplacedPosition: from keypoint `edge.from` at `p` along the
// mid offset of edge `e`, then five steps along the short offsets of
// `edge.to`. Forward edge e has its y offset in channel e and its x offset
// in 16 + e; backward edge e (16 to 31) has them in 16 + e and 32 + e.
Point FollowEdge(const DecoderMaps& maps, Point p, int32_t e) {
  const int32_t y_channel = e < kNumEdges ? e : e + kNumEdges;
  p = Displace(maps.mid_offsets, p, y_channel, y_channel + kNumEdges);
  const int32_t target = kEdges[e].to;
  for (int step = 0; step < kShortOffsetSteps; ++step) {
    p = Displace(maps.short_offsets, p, target, target + kNumKeypoints);
  }
  return p;
}

// Coral's BacktrackDecodePose: keypoints are placed best logit first,
// starting from the root with the heatmap's logit at its position; each
// placed keypoint proposes its unplaced neighbours along the skeleton. The
// skeleton is connected, so all 17 are placed. Writes each keypoint's
// position (in blocks) and logit.
void DecodePose(const DecoderMaps& maps, const Candidate& root,
                Point* keypoints, float* logits) {
  // Each keypoint proposes once, along its edges out: at most 1 + 32.
  Candidate queue[1 + 2 * kNumEdges];
  int32_t queued = 0;
  const auto push = [&queue, &queued](const Candidate& candidate) {
    queue[queued++] = candidate;
    std::push_heap(queue, queue + queued, LowerScore);
  };
  bool placed[kNumKeypoints] = {};
  push({root.point, root.id, SampleLogit(maps.heatmaps, root.point, root.id)});
  while (queued > 0) {
    std::pop_heap(queue, queue + queued, LowerScore);
    const Candidate current = queue[--queued];
    if (placed[current.id]) continue;
    placed[current.id] = true;
    keypoints[current.id] = current.point;
    logits[current.id] = current.score;
    for (int32_t e = 0; e < 2 * kNumEdges; ++e) {
      const int32_t to = kEdges[e].to;
      if (kEdges[e].from != current.id || placed[to]) continue;
      const Point point = FollowEdge(maps, current.point, e);
      push({point, to, SampleLogit(maps.heatmaps, point, to)});
    }
  }
}

// Coral's BuildKeypointWithScoreQueue: every block and keypoint whose logit
// reaches `min_logit` and which no block of its 3x3 window beats, moved by
// its short offset. Pushed onto the heap `roots` one by one in scan order,
// as Coral pushes them into its std::priority_queue, so that candidates of
// equal logit come off in the same order. Returns how many.
int64_t FindRoots(const DecoderMaps& maps, float min_logit,
                  Candidate* roots) {
  const FloatMap& heatmaps = maps.heatmaps;
  const int32_t height = heatmaps.height;
  const int32_t width = heatmaps.width;
  const auto logit = [&heatmaps](int32_t y, int32_t x, int32_t k) {
    return heatmaps.data[(static_cast<int64_t>(y) * heatmaps.width + x) *
                             kNumKeypoints + k];
  };
  int64_t count = 0;
  for (int32_t y = 0; y < height; ++y) {
    for (int32_t x = 0; x < width; ++x) {
      for (int32_t k = 0; k < kNumKeypoints; ++k) {
        const float score = logit(y, x, k);
        if (!(score >= min_logit)) continue;
        bool local_maximum = true;
        const int32_t y_end = std::min(y + kLocalMaximumRadius + 1, height);
        const int32_t x_end = std::min(x + kLocalMaximumRadius + 1, width);
        for (int32_t wy = std::max(y - kLocalMaximumRadius, 0);
             wy < y_end && local_maximum; ++wy) {
          for (int32_t wx = std::max(x - kLocalMaximumRadius, 0); wx < x_end;
               ++wx) {
            if (logit(wy, wx, k) > score) {
              local_maximum = false;
              break;
            }
          }
        }
        if (!local_maximum) continue;
        const Point block = {static_cast<float>(y), static_cast<float>(x)};
        const int32_t short_y = k, short_x = kNumKeypoints + k;
        const float* offsets =
            maps.short_offsets.data +
            (static_cast<int64_t>(y) * width + x) * maps.short_offsets.channels;
        roots[count++] = {{ClampCoordinate(block.y + offsets[short_y], height),
                           ClampCoordinate(block.x + offsets[short_x], width)},
                          k,
                          score};
        std::push_heap(roots, roots + count, LowerScore);
      }
    }
  }
  return count;
}

float SquaredDistance(Point a, Point b) {
  const float dy = b.y - a.y;
  const float dx = b.x - a.x;
  return dy * dy + dx * dx;
}

// Coral's Sigmoid, in float.
float Sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// A pose's score: the mean of its keypoint scores (Coral's top k, with
// k = 17), summed in decreasing order as Coral does, without those marked
// in `suppressed` (may be null). Adding them as zeros instead gives the
// same float sum, since scores are not negative and x + 0 is x.
float MeanOfKeypointScores(const float* scores, const bool* suppressed) {
  float sorted[kNumKeypoints];
  for (int32_t k = 0; k < kNumKeypoints; ++k) {
    sorted[k] = suppressed != nullptr && suppressed[k] ? 0.0f : scores[k];
  }
  std::sort(sorted, sorted + kNumKeypoints, std::greater<float>());
  float total = 0.0f;
  for (float score : sorted) total += score;
  return total / kNumKeypoints;
}

// Pose indices [0, count) by decreasing score. Coral's std::sort leaves the
// order of ties to the library; here they keep detection order, as
// libstdc++'s std::sort does for up to 16 poses (an insertion sort).
void SortByDecreasingScore(const float* scores, int32_t count,
                           int32_t* order) {
  std::iota(order, order + count, 0);
  std::sort(order, order + count, [scores](int32_t a, int32_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  });
}

// Where each part of the scratch starts, in bytes from its base.
struct ScratchLayout {
  size_t inputs[4] = {};  // Each input as floats (InputScaling).
  size_t roots = 0;       // Candidate[height * width * 17].
  size_t keypoints = 0;   // Point[pose slots][17], in blocks.
  size_t scores = 0;      // float[pose slots][17]: logits, then sigmoids.
  size_t pose_scores = 0;  // float[pose slots].
  size_t order = 0;        // int32[pose slots].
};

class PosenetDecoder : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  Status PrepareInput(const NodeContext& context, int i, float extra_scale);
  Status PlanScratch(NodeContext& context);
  int32_t DecodePoses(const DecoderMaps& maps, uint8_t* scratch) const;
  int32_t WritePoses(const uint8_t* scratch, int32_t count,
                     NodeContext& context) const;
  void DecodeMasks(const FloatMap& long_offsets, const float* keypoints,
                   int32_t count, float* masks) const;

  DecoderOptions options_;
  int num_inputs_ = 3;
  InputScaling scaling_[4];
  FloatMap grids_[4];  // Each input's shape; data is set in Eval.
  float min_logit_ = 0.0f;
  float squared_nms_radius_ = 0.0f;  // In blocks.
  int64_t max_roots_ = 0;
  int32_t pose_slots_ = 0;
  ScratchLayout layout_;
};

// Input `i`: [1, height, width, channels] where height and width are the
// heatmaps' for the short and mid offsets; FLOAT32 or UINT8 with one scale.
Status PosenetDecoder::PrepareInput(const NodeContext& context, int i,
                                    float extra_scale) {
  const Tensor& tensor = *context.input(i);
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(i, 4));
  const Shape& shape = tensor.shape;
  const bool on_heatmap_grid = i == kShortOffsets || i == kMidOffsets;
  const FloatMap& heatmaps = grids_[kHeatmaps];
  if (shape.dim(0) != 1 || shape.dim(1) < 1 || shape.dim(2) < 1 ||
      shape.dim(3) != kInputChannels[i] ||
      (on_heatmap_grid && (shape.dim(1) != heatmaps.height ||
                           shape.dim(2) != heatmaps.width))) {
    if (on_heatmap_grid) {
      return context.Error("input %d (tensor %d), the %s, has shape %s; "
                           "expected [1, %d, %d, %d], the heatmaps' grid",
                           i, context.input_index(i), kInputNames[i],
                           ShapeToString(shape).c_str(), heatmaps.height,
                           heatmaps.width, kInputChannels[i]);
    }
    return context.Error("input %d (tensor %d), the %s, has shape %s; "
                         "expected [1, height >= 1, width >= 1, %d]",
                         i, context.input_index(i), kInputNames[i],
                         ShapeToString(shape).c_str(), kInputChannels[i]);
  }
  if (shape.dim(1) > kMaxGridSize || shape.dim(2) > kMaxGridSize) {
    return context.Error("input %d (tensor %d), the %s, has shape %s; its "
                         "height and width must be at most %d", i,
                         context.input_index(i), kInputNames[i],
                         ShapeToString(shape).c_str(), kMaxGridSize);
  }
  grids_[i] = {nullptr, shape.dim(1), shape.dim(2), shape.dim(3)};

  InputScaling& scaling = scaling_[i];
  scaling = InputScaling();
  scaling.scale = extra_scale;
  if (tensor.type == DataType::kUInt8) {
    TensorQuantization quantization;
    LITEN_RETURN_IF_ERROR(GetInputQuantization(context, i, &quantization));
    scaling.quantized = true;
    scaling.zero_point = static_cast<float>(quantization.zero_point);
    scaling.scale = quantization.scale * extra_scale;
  } else if (tensor.type != DataType::kFloat32) {
    return context.Unsupported("input %d (tensor %d), the %s, has type %s; "
                               "expected UINT8 or FLOAT32", i,
                               context.input_index(i), kInputNames[i],
                               DataTypeName(tensor.type));
  }
  return Status::Ok();
}

// Adds `count` elements of `size` bytes, 64-byte aligned, to the scratch
// plan in `total`; returns the offset, or false past 2^62 bytes, where no
// arena could hold it.
bool Reserve(int64_t count, size_t size, size_t* total, size_t* offset) {
  constexpr size_t kAlignment = 64;
  constexpr size_t kLimit = size_t{1} << 62;
  *offset = (*total + kAlignment - 1) / kAlignment * kAlignment;
  if (*offset > kLimit ||
      static_cast<uint64_t>(count) > (kLimit - *offset) / size) {
    return false;
  }
  *total = *offset + static_cast<size_t>(count) * size;
  return true;
}

Status PosenetDecoder::PlanScratch(NodeContext& context) {
  layout_ = ScratchLayout();
  size_t total = 0;
  bool fits = true;
  for (int i = 0; i < num_inputs_; ++i) {
    fits = fits && Reserve(context.input(i)->NumElements(), sizeof(float),
                           &total, &layout_.inputs[i]);
  }
  fits = fits && Reserve(max_roots_, sizeof(Candidate), &total, &layout_.roots);
  fits = fits && Reserve(int64_t{pose_slots_} * kNumKeypoints, sizeof(Point),
                         &total, &layout_.keypoints);
  fits = fits && Reserve(int64_t{pose_slots_} * kNumKeypoints, sizeof(float),
                         &total, &layout_.scores);
  fits = fits && Reserve(pose_slots_, sizeof(float), &total,
                         &layout_.pose_scores);
  fits = fits && Reserve(pose_slots_, sizeof(int32_t), &total, &layout_.order);
  if (!fits) {
    return context.Error("the inputs' grid of %d x %d blocks needs more "
                         "scratch memory than can be addressed",
                         grids_[kHeatmaps].height, grids_[kHeatmaps].width);
  }
  context.RequestScratch(total);
  return Status::Ok();
}

Status PosenetDecoder::Prepare(NodeContext& context) {
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(3, 4));
  num_inputs_ = context.num_inputs();
  const bool has_masks = num_inputs_ == 4;
  // Coral's kernel pairs long offsets with the instance masks.
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(has_masks ? 5 : 4));
  options_ = DecoderOptions();
  LITEN_RETURN_IF_ERROR(ReadOptions(context, &options_));

  // Coral's Eval passes 1.0 / stride, a double, as a float.
  const float pixels_to_blocks = static_cast<float>(1.0 / options_.stride);
  for (int i = 0; i < num_inputs_; ++i) {
    LITEN_RETURN_IF_ERROR(
        PrepareInput(context, i, i == kHeatmaps ? 1.0f : pixels_to_blocks));
  }
  // Coral's Logodds, with its mix of float and double: NaN for a threshold
  // near 1, which then admits no candidate.
  min_logit_ = static_cast<float>(
      -std::log(1.0f / (options_.score_threshold + 1e-6) - 1.0f));
  const float nms_radius = options_.nms_radius / options_.stride;
  squared_nms_radius_ = nms_radius * nms_radius;

  // Every pose starts from a candidate of its own.
  max_roots_ =
      static_cast<int64_t>(grids_[kHeatmaps].height) * grids_[kHeatmaps].width *
      kNumKeypoints;
  pose_slots_ = static_cast<int32_t>(
      std::min<int64_t>(options_.max_detections, max_roots_));

  const int32_t n = options_.max_detections;
  const int num_outputs = context.num_outputs();
  for (int i = 0; i < num_outputs; ++i) {
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(i, DataType::kFloat32));
  }
  LITEN_RETURN_IF_ERROR(
      context.ResizeOutput(kKeypoints, Shape({1, n, kNumKeypoints, 2})));
  LITEN_RETURN_IF_ERROR(
      context.ResizeOutput(kKeypointScores, Shape({1, n, kNumKeypoints})));
  LITEN_RETURN_IF_ERROR(context.ResizeOutput(kPoseScores, Shape({1, n})));
  LITEN_RETURN_IF_ERROR(context.ResizeOutput(kPoseCount, Shape({1})));
  if (has_masks) {
    // Coral always declares 33 x 33 masks (its models' long-offset grid)
    // and fills as many values as the long offsets have blocks; sizing them
    // by the long offsets is the same for those models and fits any other.
    const FloatMap& longs = grids_[kLongOffsets];
    LITEN_RETURN_IF_ERROR(context.ResizeOutput(
        kInstanceMasks, Shape({1, n, longs.height, longs.width})));
  }
  return PlanScratch(context);
}

// Coral's DecodeAllPoses, up to the final order: candidates come off best
// logit first; one within the NMS radius of the same keypoint of a pose
// already found is dropped, any other grows a pose, kept if its mean
// keypoint score reaches the threshold. Then poses are rescored (soft NMS):
// keypoints within the radius of the same keypoint of a better pose no
// longer count. Returns how many poses were kept; their keypoints, scores
// and order are in the scratch.
int32_t PosenetDecoder::DecodePoses(const DecoderMaps& maps,
                                    uint8_t* scratch) const {
  Candidate* roots = reinterpret_cast<Candidate*>(scratch + layout_.roots);
  Point* keypoints = reinterpret_cast<Point*>(scratch + layout_.keypoints);
  float* scores = reinterpret_cast<float*>(scratch + layout_.scores);
  float* pose_scores = reinterpret_cast<float*>(scratch + layout_.pose_scores);
  int32_t* order = reinterpret_cast<int32_t*>(scratch + layout_.order);

  int64_t num_roots = FindRoots(maps, min_logit_, roots);
  int32_t count = 0;
  while (count < options_.max_detections && num_roots > 0) {
    std::pop_heap(roots, roots + num_roots, LowerScore);
    const Candidate root = roots[--num_roots];
    bool near_a_pose = false;
    for (int32_t p = 0; p < count && !near_a_pose; ++p) {
      near_a_pose = SquaredDistance(root.point,
                                    keypoints[p * kNumKeypoints + root.id]) <=
                    squared_nms_radius_;
    }
    if (near_a_pose) continue;
    Point* pose = keypoints + count * kNumKeypoints;
    float* pose_keypoint_scores = scores + count * kNumKeypoints;
    DecodePose(maps, root, pose, pose_keypoint_scores);
    for (int32_t k = 0; k < kNumKeypoints; ++k) {
      pose_keypoint_scores[k] = Sigmoid(pose_keypoint_scores[k]);
    }
    const float score = MeanOfKeypointScores(pose_keypoint_scores, nullptr);
    if (score >= options_.score_threshold) pose_scores[count++] = score;
  }

  SortByDecreasingScore(pose_scores, count, order);
  for (int32_t i = 0; i < count; ++i) {
    const Point* pose = keypoints + order[i] * kNumKeypoints;
    bool suppressed[kNumKeypoints] = {};
    for (int32_t j = 0; j < i; ++j) {
      const Point* better = keypoints + order[j] * kNumKeypoints;
      for (int32_t k = 0; k < kNumKeypoints; ++k) {
        if (SquaredDistance(pose[k], better[k]) <= squared_nms_radius_) {
          suppressed[k] = true;
        }
      }
    }
    pose_scores[order[i]] = MeanOfKeypointScores(
        scores + order[i] * kNumKeypoints, suppressed);
  }
  SortByDecreasingScore(pose_scores, count, order);
  return count;
}

// The poses whose final score reaches the threshold, best first, in input
// pixels; zeros after them. Returns how many, also written as the count.
int32_t PosenetDecoder::WritePoses(const uint8_t* scratch, int32_t count,
                                NodeContext& context) const {
  const Point* keypoints =
      reinterpret_cast<const Point*>(scratch + layout_.keypoints);
  const float* scores =
      reinterpret_cast<const float*>(scratch + layout_.scores);
  const float* pose_scores =
      reinterpret_cast<const float*>(scratch + layout_.pose_scores);
  const int32_t* order =
      reinterpret_cast<const int32_t*>(scratch + layout_.order);
  float* out_keypoints = context.output(kKeypoints)->data_as<float>();
  float* out_scores = context.output(kKeypointScores)->data_as<float>();
  float* out_pose_scores = context.output(kPoseScores)->data_as<float>();

  int32_t written = 0;
  while (written < count && pose_scores[order[written]] >=
                                options_.score_threshold) {
    const int32_t pose = order[written];
    for (int32_t k = 0; k < kNumKeypoints; ++k) {
      const Point& point = keypoints[pose * kNumKeypoints + k];
      float* out = out_keypoints + (written * kNumKeypoints + k) * 2;
      out[0] = point.y * options_.stride;
      out[1] = point.x * options_.stride;
      out_scores[written * kNumKeypoints + k] =
          scores[pose * kNumKeypoints + k];
    }
    out_pose_scores[written] = pose_scores[pose];
    ++written;
  }
  const int64_t rest = options_.max_detections - written;
  std::fill_n(out_keypoints + int64_t{written} * kNumKeypoints * 2,
              rest * kNumKeypoints * 2, 0.0f);
  std::fill_n(out_scores + int64_t{written} * kNumKeypoints,
              rest * kNumKeypoints, 0.0f);
  std::fill_n(out_pose_scores + written, rest, 0.0f);
  context.output(kPoseCount)->data_as<float>()[0] =
      static_cast<float>(written);
  return written;
}

// Coral's DecodeInstanceMasks: each block of the long-offset grid follows
// the long offsets three steps towards each keypoint of its person, and
// joins the pose whose keypoints lie nearest those 17 points (least sum of
// squared distances in pixels, the first on ties). With no pose Coral's
// search of an empty list yields pose 0, so mask 0 is all ones; kept.
void PosenetDecoder::DecodeMasks(const FloatMap& long_offsets,
                                 const float* keypoints, int32_t count,
                                 float* masks) const {
  const int64_t mask_size =
      static_cast<int64_t>(long_offsets.height) * long_offsets.width;
  std::fill_n(masks, options_.max_detections * mask_size, 0.0f);
  for (int32_t y = 0; y < long_offsets.height; ++y) {
    for (int32_t x = 0; x < long_offsets.width; ++x) {
      Point embedding[kNumKeypoints];
      for (int32_t k = 0; k < kNumKeypoints; ++k) {
        Point p = {static_cast<float>(y), static_cast<float>(x)};
        for (int step = 0; step < kLongOffsetSteps; ++step) {
          p = Displace(long_offsets, p, k, kNumKeypoints + k);
        }
        embedding[k] = {p.y * options_.stride, p.x * options_.stride};
      }
      int32_t nearest = 0;
      float nearest_distance = 0.0f;
      for (int32_t pose = 0; pose < count; ++pose) {
        const float* pose_keypoints = keypoints + pose * kNumKeypoints * 2;
        float distance = 0.0f;
        for (int32_t k = 0; k < kNumKeypoints; ++k) {
          distance += SquaredDistance(
              embedding[k], {pose_keypoints[2 * k], pose_keypoints[2 * k + 1]});
        }
        if (pose == 0 || distance < nearest_distance) {
          nearest = pose;
          nearest_distance = distance;
        }
      }
      masks[nearest * mask_size + static_cast<int64_t>(y) * long_offsets.width +
            x] = 1.0f;
    }
  }
}

Status PosenetDecoder::Eval(NodeContext& context) {
  uint8_t* scratch = static_cast<uint8_t*>(context.scratch());
  FloatMap maps[4];
  for (int i = 0; i < num_inputs_; ++i) {
    float* values = reinterpret_cast<float*>(scratch + layout_.inputs[i]);
    ScaleInput(*context.input(i), scaling_[i], values);
    maps[i] = grids_[i];
    maps[i].data = values;
  }
  const int32_t count = DecodePoses(
      {maps[kHeatmaps], maps[kShortOffsets], maps[kMidOffsets]}, scratch);
  const int32_t written = WritePoses(scratch, count, context);
  if (num_inputs_ == 4) {
    DecodeMasks(maps[kLongOffsets],
                context.output(kKeypoints)->data_as<float>(), written,
                context.output(kInstanceMasks)->data_as<float>());
  }
  return Status::Ok();
}

}  // namespace

void RegisterPosenetDecoderKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_CUSTOM, "PosenetDecoderOp", 1, 1,
                MakeKernel<PosenetDecoder>});
}

}  // namespace liten
