// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// TFLite_Detection_PostProcess, the custom op that ends SSD detectors, as
// TFLite 2.9.0's builtin kernel computes it (tensorflow/lite/kernels/
// detection_postprocess.cc). Box encodings are decoded against their anchors
// into corner boxes, then greedy non-max suppression (NMS) picks the
// detections: per class ("regular") or once over each anchor's best class
// scores ("fast"). Inputs are FLOAT32, or UINT8 dequantized as TFLite does;
// INT8, which TFLite 2.9 refuses at Invoke, is dequantized the same way.
//
// Inputs: box encodings [1, boxes, 4 or more] (y, x, h, w first), class
// predictions [1, boxes, classes (+1 background, first)], anchors
// [boxes, 4] (y, x, h, w). Outputs, FLOAT32, shaped here: boxes [1, N, 4]
// (ymin, xmin, ymax, xmax), classes [1, N], scores [1, N], the number of
// detections [1], with N = max_detections * max_classes_per_detection. Rows
// past the detections are zero (TFLite leaves most of them unwritten).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
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

constexpr int kBoxEncodings = 0, kClassPredictions = 1, kAnchors = 2;
constexpr int kDetectionBoxes = 0, kDetectionClasses = 1,
              kDetectionScores = 2, kNumDetections = 3;
constexpr int kNumOutputs = 4;
constexpr int32_t kBoxCoordinates = 4;

// The custom options, with the values TFLite's Init gives missing keys.
struct DetectionOptions {
  int32_t max_detections = 0;
  int32_t max_classes_per_detection = 0;  // Fast NMS: classes per box.
  int32_t detections_per_class = 100;     // Regular NMS.
  bool use_regular_nms = false;
  float score_threshold = 0.0f;
  float iou_threshold = 0.0f;
  int32_t num_classes = 0;
  // Divisors of the encoded center offsets (y, x) and log sizes (h, w).
  float y_scale = 0.0f;
  float x_scale = 0.0f;
  float h_scale = 0.0f;
  float w_scale = 0.0f;
};

// Reads a numeric option into `*value`, which keeps its default when the
// key is absent or null (TFLite reads both alike).
Status LookUpNumber(const NodeContext& context, const flexbuffers::Map& map,
                    const char* key, double* value) {
  bool found = false;
  double number = 0.0;
  LITEN_RETURN_IF_ERROR(LookUpNumberOption(context, map, key, &found, &number));
  if (found) *value = number;
  return Status::Ok();
}

// TFLite reads integers with AsInt32, which truncates a float toward zero
// and wraps a value outside int32; the wrap is refused here.
Status ReadIntOption(const NodeContext& context, const flexbuffers::Map& map,
                     const char* key, int32_t* value) {
  double number = *value;
  LITEN_RETURN_IF_ERROR(LookUpNumber(context, map, key, &number));
  const double truncated = std::trunc(number);
  if (!(truncated >= std::numeric_limits<int32_t>::min() &&
        truncated <= std::numeric_limits<int32_t>::max())) {
    return context.Error("custom option %s is %g, which does not fit int32",
                         key, number);
  }
  *value = static_cast<int32_t>(truncated);
  return Status::Ok();
}

// AsFloat: the double rounded to float.
Status ReadFloatOption(const NodeContext& context, const flexbuffers::Map& map,
                       const char* key, float* value) {
  double number = *value;
  LITEN_RETURN_IF_ERROR(LookUpNumber(context, map, key, &number));
  *value = static_cast<float>(number);
  return Status::Ok();
}

// AsBool: any number that truncates to non-zero.
Status ReadBoolOption(const NodeContext& context, const flexbuffers::Map& map,
                      const char* key, bool* value) {
  double number = *value ? 1.0 : 0.0;
  LITEN_RETURN_IF_ERROR(LookUpNumber(context, map, key, &number));
  if (!std::isfinite(number)) {
    return context.Error("custom option %s is %g; expected a bool", key,
                         number);
  }
  *value = std::trunc(number) != 0.0;
  return Status::Ok();
}

Status ValidateDetectionOptions(const NodeContext& context,
                                const DetectionOptions& options) {
  if (options.num_classes < 1) {
    return context.Error("custom option num_classes is %d; expected >= 1",
                         options.num_classes);
  }
  if (options.max_detections < 0) {
    return context.Error("custom option max_detections is %d; expected >= 0",
                         options.max_detections);
  }
  // TFLite's regular NMS writes max_detections rows into outputs sized by
  // this, so 0 would overflow them.
  if (options.max_classes_per_detection < 1) {
    return context.Error("custom option max_classes_per_detection is %d; "
                         "expected >= 1",
                         options.max_classes_per_detection);
  }
  if (options.use_regular_nms &&
      (options.max_detections < 1 || options.detections_per_class < 1)) {
    return context.Error("regular NMS needs max_detections and "
                         "detections_per_class >= 1, but they are %d and %d",
                         options.max_detections,
                         options.detections_per_class);
  }
  if (!(options.iou_threshold > 0.0f && options.iou_threshold <= 1.0f)) {
    return context.Error("custom option nms_iou_threshold is %g; expected a "
                         "value in (0, 1]", options.iou_threshold);
  }
  if (std::isnan(options.score_threshold)) {
    return context.Error("custom option nms_score_threshold is NaN");
  }
  const struct {
    const char* name;
    float value;
  } scales[] = {{"y_scale", options.y_scale},
                {"x_scale", options.x_scale},
                {"h_scale", options.h_scale},
                {"w_scale", options.w_scale}};
  for (const auto& scale : scales) {
    if (!(scale.value > 0.0f && std::isfinite(scale.value))) {
      return context.Error("custom option %s is %g; expected a finite value "
                           "> 0 (a missing key reads as 0)",
                           scale.name, scale.value);
    }
  }
  return Status::Ok();
}

// The options, a flexbuffer map (kernels/custom_options.h).
Status ReadDetectionOptions(const NodeContext& context,
                            DetectionOptions* options) {
  flexbuffers::Map map = flexbuffers::Map::EmptyMap();
  LITEN_RETURN_IF_ERROR(ReadCustomOptionsMap(
      context, "max_detections, num_classes, ...", &map));
  LITEN_RETURN_IF_ERROR(
      ReadIntOption(context, map, "max_detections", &options->max_detections));
  LITEN_RETURN_IF_ERROR(ReadIntOption(context, map,
                                      "max_classes_per_detection",
                                      &options->max_classes_per_detection));
  LITEN_RETURN_IF_ERROR(ReadIntOption(context, map, "detections_per_class",
                                      &options->detections_per_class));
  LITEN_RETURN_IF_ERROR(ReadBoolOption(context, map, "use_regular_nms",
                                       &options->use_regular_nms));
  LITEN_RETURN_IF_ERROR(ReadFloatOption(context, map, "nms_score_threshold",
                                        &options->score_threshold));
  LITEN_RETURN_IF_ERROR(ReadFloatOption(context, map, "nms_iou_threshold",
                                        &options->iou_threshold));
  LITEN_RETURN_IF_ERROR(
      ReadIntOption(context, map, "num_classes", &options->num_classes));
  LITEN_RETURN_IF_ERROR(
      ReadFloatOption(context, map, "y_scale", &options->y_scale));
  LITEN_RETURN_IF_ERROR(
      ReadFloatOption(context, map, "x_scale", &options->x_scale));
  LITEN_RETURN_IF_ERROR(
      ReadFloatOption(context, map, "h_scale", &options->h_scale));
  LITEN_RETURN_IF_ERROR(
      ReadFloatOption(context, map, "w_scale", &options->w_scale));
  return ValidateDetectionOptions(context, *options);
}

// An input read as floats. UINT8 and INT8 become (q - zero_point) * scale in
// float: TFLite's Dequantizer (boxes, anchors) computes exactly that, and its
// optimized Dequantize (class predictions) computes the same exact product
// in double before rounding it to float, which rounds identically.
struct FloatValues {
  DataType type = DataType::kFloat32;
  const void* data = nullptr;
  float scale = 1.0f;
  float zero_point = 0.0f;

  float operator[](int64_t i) const {
    switch (type) {
      case DataType::kUInt8:
        return (static_cast<float>(static_cast<const uint8_t*>(data)[i]) -
                zero_point) * scale;
      case DataType::kInt8:
        return (static_cast<float>(static_cast<const int8_t*>(data)[i]) -
                zero_point) * scale;
      default:
        return static_cast<const float*>(data)[i];
    }
  }
};

// Input `i` must be FLOAT32, UINT8 or INT8, the integer types with one scale;
// returns its type and quantization, the data pointer left for Eval.
Status PrepareFloatValues(const NodeContext& context, int i,
                          FloatValues* values) {
  const Tensor& tensor = *context.input(i);
  values->type = tensor.type;
  switch (tensor.type) {
    case DataType::kFloat32:
      return Status::Ok();
    case DataType::kUInt8:
    case DataType::kInt8: {
      TensorQuantization quantization;
      LITEN_RETURN_IF_ERROR(GetInputQuantization(context, i, &quantization));
      values->scale = quantization.scale;
      values->zero_point = static_cast<float>(quantization.zero_point);
      return Status::Ok();
    }
    default:
      return context.Unsupported("input %d (tensor %d) has type %s; expected "
                                 "FLOAT32, UINT8 or INT8", i,
                                 context.input_index(i),
                                 DataTypeName(tensor.type));
  }
}

struct CornerBox {
  float ymin;
  float xmin;
  float ymax;
  float xmax;
};

// TFLite's decoding: center = encoded / scale * anchor size + anchor center
// and half size = 0.5 * exp(encoded / scale) * anchor size, each evaluated
// in double, in that order, and rounded to float once; the corners are then
// float sums.
void DecodeBoxes(const FloatValues& encodings, int32_t encoding_length,
                 const FloatValues& anchors, int32_t num_boxes,
                 const DetectionOptions& options, CornerBox* boxes) {
  for (int32_t i = 0; i < num_boxes; ++i) {
    const int64_t e = static_cast<int64_t>(i) * encoding_length;
    const int64_t a = static_cast<int64_t>(i) * kBoxCoordinates;
    const double anchor_y = anchors[a];
    const double anchor_x = anchors[a + 1];
    const double anchor_h = anchors[a + 2];
    const double anchor_w = anchors[a + 3];
    const float center_y = static_cast<float>(
        static_cast<double>(encodings[e]) / options.y_scale * anchor_h +
        anchor_y);
    const float center_x = static_cast<float>(
        static_cast<double>(encodings[e + 1]) / options.x_scale * anchor_w +
        anchor_x);
    const double log_h =
        static_cast<double>(encodings[e + 2]) / options.h_scale;
    const double log_w =
        static_cast<double>(encodings[e + 3]) / options.w_scale;
    const float half_h = static_cast<float>(0.5 * std::exp(log_h) * anchor_h);
    const float half_w = static_cast<float>(0.5 * std::exp(log_w) * anchor_w);
    boxes[i] = {center_y - half_h, center_x - half_w, center_y + half_h,
                center_x + half_w};
  }
}

// TFLite's ComputeIntersectionOverUnion, operand order included: std::max
// and std::min return their first operand when a NaN is involved.
float IntersectionOverUnion(const CornerBox& a, const CornerBox& b) {
  const float area_a = (a.ymax - a.ymin) * (a.xmax - a.xmin);
  const float area_b = (b.ymax - b.ymin) * (b.xmax - b.xmin);
  if (area_a <= 0 || area_b <= 0) return 0.0f;
  const float ymin = std::max(a.ymin, b.ymin);
  const float xmin = std::max(a.xmin, b.xmin);
  const float ymax = std::min(a.ymax, b.ymax);
  const float xmax = std::min(a.xmax, b.xmax);
  const float intersection =
      std::max(ymax - ymin, 0.0f) * std::max(xmax - xmin, 0.0f);
  return intersection / (area_a + area_b - intersection);
}

// Scratch for one NMS pass over `num_boxes` boxes.
struct NmsBuffers {
  int32_t* candidates;  // Boxes that pass the score threshold.
  int32_t* selected;    // Boxes taken, best first.
};

constexpr int32_t kSuppressed = -1;

// TFLite's NonMaxSuppressionSingleClassHelper, one score per box: boxes
// scoring at least the threshold (NaN never does), best first, ties by
// increasing box index (TFLite stable-sorts them in index order, which
// sorting by score and index reproduces without std::stable_sort's buffer);
// each is taken unless a box taken before overlaps it with IoU above the
// threshold, until `limit` are taken. Returns how many, their indices in
// `selected`.
int32_t SelectBoxes(const CornerBox* boxes, const float* scores,
                    int32_t num_boxes, const DetectionOptions& options,
                    int32_t limit, const NmsBuffers& buffers) {
  int32_t* candidates = buffers.candidates;
  int32_t count = 0;
  for (int32_t i = 0; i < num_boxes; ++i) {
    if (scores[i] >= options.score_threshold) candidates[count++] = i;
  }
  std::sort(candidates, candidates + count, [scores](int32_t a, int32_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  });
  int32_t taken = 0;
  for (int32_t i = 0; i < count && taken < limit; ++i) {
    const int32_t box = candidates[i];
    if (box == kSuppressed) continue;
    buffers.selected[taken++] = box;
    for (int32_t j = i + 1; j < count; ++j) {
      if (candidates[j] != kSuppressed &&
          IntersectionOverUnion(boxes[box], boxes[candidates[j]]) >
              options.iou_threshold) {
        candidates[j] = kSuppressed;
      }
    }
  }
  return taken;
}

// optimized_ops::ArgMaxVector: the first index of the largest value.
int32_t FirstArgMax(const float* values, int32_t count) {
  int32_t best = 0;
  for (int32_t i = 1; i < count; ++i) {
    if (values[i] > values[best]) best = i;
  }
  return best;
}

struct DetectionOutputs {
  float* boxes;
  float* classes;
  float* scores;
};

void WriteDetection(const DetectionOutputs& out, int64_t row,
                    const CornerBox& box, int32_t class_index, float score) {
  out.boxes[row * kBoxCoordinates] = box.ymin;
  out.boxes[row * kBoxCoordinates + 1] = box.xmin;
  out.boxes[row * kBoxCoordinates + 2] = box.ymax;
  out.boxes[row * kBoxCoordinates + 3] = box.xmax;
  out.classes[row] = static_cast<float>(class_index);
  out.scores[row] = score;
}

// A detection of regular NMS.
struct Detection {
  float score;
  int32_t box;
  int32_t class_index;
};

// Where each scratch buffer starts, in bytes from the scratch base.
struct ScratchLayout {
  size_t boxes = 0;           // num_boxes CornerBox.
  size_t scores = 0;          // Dequantized class predictions, if integer.
  size_t nms_scores = 0;      // One score per box for an NMS pass.
  size_t candidates = 0;      // num_boxes int32.
  size_t selected = 0;        // num_boxes int32.
  size_t class_order = 0;     // Fast NMS: each box's best classes.
  size_t row_order = 0;       // Fast NMS: one box's classes, sorted.
  size_t detections = 0;      // Regular NMS: the best detections so far.
};

size_t Reserve(size_t bytes, size_t* total) {
  constexpr size_t kAlignment = 64;
  const size_t offset = (*total + kAlignment - 1) / kAlignment * kAlignment;
  *total = offset + bytes;
  return offset;
}

class DetectionPostprocess : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  Status PrepareInputs(const NodeContext& context);
  void PlanScratch(NodeContext& context);
  int32_t FastNms(const CornerBox* boxes, const float* scores,
                  uint8_t* scratch, const DetectionOutputs& out) const;
  int32_t RegularNms(const CornerBox* boxes, const float* scores,
                     uint8_t* scratch, const DetectionOutputs& out) const;

  DetectionOptions options_;
  int32_t num_boxes_ = 0;
  int32_t encoding_length_ = kBoxCoordinates;
  int32_t classes_with_background_ = 0;
  int32_t label_offset_ = 0;  // 1 when class 0 is the background.
  FloatValues encodings_;
  FloatValues class_predictions_;
  FloatValues anchors_;
  // Fast NMS: classes reported per detection, and regular NMS: detections
  // kept per class.
  int32_t classes_per_box_ = 1;
  int32_t detections_per_class_ = 1;
  ScratchLayout layout_;
};

Status DetectionPostprocess::PrepareInputs(const NodeContext& context) {
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kBoxEncodings, 3));
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kClassPredictions, 3));
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kAnchors, 2));
  const Shape& encodings = context.input(kBoxEncodings)->shape;
  const Shape& predictions = context.input(kClassPredictions)->shape;
  const Shape& anchors = context.input(kAnchors)->shape;
  if (encodings.dim(0) != 1 || encodings.dim(2) < kBoxCoordinates) {
    return context.Error("input 0 (tensor %d), the box encodings, has shape "
                         "%s; expected [1, boxes, 4 or more]",
                         context.input_index(kBoxEncodings),
                         ShapeToString(encodings).c_str());
  }
  num_boxes_ = encodings.dim(1);
  encoding_length_ = encodings.dim(2);
  if (predictions.dim(0) != 1 || predictions.dim(1) != num_boxes_) {
    return context.Error("input 1 (tensor %d), the class predictions, has "
                         "shape %s; expected [1, %d, classes], one row per "
                         "box", context.input_index(kClassPredictions),
                         ShapeToString(predictions).c_str(), num_boxes_);
  }
  classes_with_background_ = predictions.dim(2);
  const int64_t offset =
      static_cast<int64_t>(classes_with_background_) - options_.num_classes;
  if (offset != 0 && offset != 1) {
    return context.Error("input 1 (tensor %d), the class predictions, has %d "
                         "scores per box; expected num_classes (%d), or one "
                         "more for a leading background class",
                         context.input_index(kClassPredictions),
                         classes_with_background_, options_.num_classes);
  }
  label_offset_ = static_cast<int32_t>(offset);
  if (anchors.dim(0) != num_boxes_ || anchors.dim(1) != kBoxCoordinates) {
    return context.Error("input 2 (tensor %d), the anchors, has shape %s; "
                         "expected [%d, 4], one (y, x, h, w) per box",
                         context.input_index(kAnchors),
                         ShapeToString(anchors).c_str(), num_boxes_);
  }
  LITEN_RETURN_IF_ERROR(
      PrepareFloatValues(context, kBoxEncodings, &encodings_));
  LITEN_RETURN_IF_ERROR(
      PrepareFloatValues(context, kClassPredictions, &class_predictions_));
  // TFLite reads the anchors with the element type of the box encodings.
  const DataType anchor_type = context.input(kAnchors)->type;
  if (anchor_type != encodings_.type) {
    return context.Unsupported("input 2 (tensor %d), the anchors, has type "
                               "%s; expected %s, the type of the box "
                               "encodings", context.input_index(kAnchors),
                               DataTypeName(anchor_type),
                               DataTypeName(encodings_.type));
  }
  return PrepareFloatValues(context, kAnchors, &anchors_);
}

void DetectionPostprocess::PlanScratch(NodeContext& context) {
  const size_t boxes = static_cast<size_t>(num_boxes_);
  layout_ = ScratchLayout();
  size_t total = 0;
  layout_.boxes = Reserve(boxes * sizeof(CornerBox), &total);
  if (class_predictions_.type != DataType::kFloat32) {
    layout_.scores =
        Reserve(boxes * classes_with_background_ * sizeof(float), &total);
  }
  layout_.nms_scores = Reserve(boxes * sizeof(float), &total);
  layout_.candidates = Reserve(boxes * sizeof(int32_t), &total);
  layout_.selected = Reserve(boxes * sizeof(int32_t), &total);
  if (options_.use_regular_nms) {
    // Up to max_detections kept, plus one class's new detections.
    const int64_t kept =
        std::min<int64_t>(options_.max_detections,
                          static_cast<int64_t>(num_boxes_) *
                              options_.num_classes);
    const int64_t added = std::min(detections_per_class_, num_boxes_);
    layout_.detections = Reserve(
        static_cast<size_t>(kept + added) * sizeof(Detection), &total);
  } else {
    layout_.class_order =
        Reserve(boxes * classes_per_box_ * sizeof(int32_t), &total);
    layout_.row_order = Reserve(
        static_cast<size_t>(options_.num_classes) * sizeof(int32_t), &total);
  }
  context.RequestScratch(total);
}

Status DetectionPostprocess::Prepare(NodeContext& context) {
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(3, 3));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(kNumOutputs));
  options_ = DetectionOptions();
  LITEN_RETURN_IF_ERROR(ReadDetectionOptions(context, &options_));
  LITEN_RETURN_IF_ERROR(PrepareInputs(context));
  classes_per_box_ =
      std::min(options_.max_classes_per_detection, options_.num_classes);
  detections_per_class_ =
      std::min(options_.detections_per_class, options_.max_detections);

  const int64_t rows = static_cast<int64_t>(options_.max_detections) *
                       options_.max_classes_per_detection;
  if (rows > std::numeric_limits<int32_t>::max()) {
    return context.Error("max_detections (%d) * max_classes_per_detection "
                         "(%d) output rows do not fit int32",
                         options_.max_detections,
                         options_.max_classes_per_detection);
  }
  for (int i = 0; i < kNumOutputs; ++i) {
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(i, DataType::kFloat32));
  }
  const int32_t n = static_cast<int32_t>(rows);
  LITEN_RETURN_IF_ERROR(
      context.ResizeOutput(kDetectionBoxes, Shape({1, n, kBoxCoordinates})));
  LITEN_RETURN_IF_ERROR(context.ResizeOutput(kDetectionClasses, Shape({1, n})));
  LITEN_RETURN_IF_ERROR(context.ResizeOutput(kDetectionScores, Shape({1, n})));
  LITEN_RETURN_IF_ERROR(context.ResizeOutput(kNumDetections, Shape({1})));
  PlanScratch(context);
  return Status::Ok();
}

// TFLite's NonMaxSuppressionMultiClassFastHelper: each box's best
// classes_per_box_ classes (the first largest score when it is one;
// otherwise std::partial_sort's order, as in TFLite's build, which also
// uses libstdc++), then one NMS pass over each box's best score. Detection d
// fills rows d * max_classes_per_detection onward, one per class.
int32_t DetectionPostprocess::FastNms(const CornerBox* boxes,
                                      const float* scores, uint8_t* scratch,
                                      const DetectionOutputs& out) const {
  float* best_scores = reinterpret_cast<float*>(scratch + layout_.nms_scores);
  int32_t* class_order =
      reinterpret_cast<int32_t*>(scratch + layout_.class_order);
  int32_t* row_order = reinterpret_cast<int32_t*>(scratch + layout_.row_order);
  const int32_t num_classes = options_.num_classes;
  for (int32_t b = 0; b < num_boxes_; ++b) {
    const float* row = scores +
                       static_cast<int64_t>(b) * classes_with_background_ +
                       label_offset_;
    int32_t* order = class_order + static_cast<int64_t>(b) * classes_per_box_;
    if (classes_per_box_ == 1) {
      order[0] = FirstArgMax(row, num_classes);
    } else {
      std::iota(row_order, row_order + num_classes, 0);
      std::partial_sort(
          row_order, row_order + classes_per_box_, row_order + num_classes,
          [row](int32_t i, int32_t j) { return row[i] > row[j]; });
      std::copy(row_order, row_order + classes_per_box_, order);
    }
    best_scores[b] = row[order[0]];
  }
  const NmsBuffers buffers = {
      reinterpret_cast<int32_t*>(scratch + layout_.candidates),
      reinterpret_cast<int32_t*>(scratch + layout_.selected)};
  const int32_t count =
      SelectBoxes(boxes, best_scores, num_boxes_, options_,
                  options_.max_detections, buffers);
  for (int32_t d = 0; d < count; ++d) {
    const int32_t b = buffers.selected[d];
    const float* row = scores +
                       static_cast<int64_t>(b) * classes_with_background_ +
                       label_offset_;
    const int32_t* order =
        class_order + static_cast<int64_t>(b) * classes_per_box_;
    for (int32_t k = 0; k < classes_per_box_; ++k) {
      WriteDetection(out,
                     static_cast<int64_t>(d) *
                             options_.max_classes_per_detection + k,
                     boxes[b], order[k], row[order[k]]);
    }
  }
  return count;
}

// TFLite's NonMaxSuppressionMultiClassRegularHelper, on one thread: an NMS
// pass per class, each merged into the best detections so far and cut to
// max_detections. TFLite merges with std::inplace_merge under the
// comparator a.score >= b.score, which puts the new class's detections
// before equal-scored earlier ones; the backward merge here does the same.
int32_t DetectionPostprocess::RegularNms(const CornerBox* boxes,
                                         const float* scores, uint8_t* scratch,
                                         const DetectionOutputs& out) const {
  float* class_scores = reinterpret_cast<float*>(scratch + layout_.nms_scores);
  Detection* best = reinterpret_cast<Detection*>(scratch + layout_.detections);
  const NmsBuffers buffers = {
      reinterpret_cast<int32_t*>(scratch + layout_.candidates),
      reinterpret_cast<int32_t*>(scratch + layout_.selected)};
  int32_t kept = 0;
  for (int32_t c = 0; c < options_.num_classes; ++c) {
    const float* column = scores + label_offset_ + c;
    for (int32_t b = 0; b < num_boxes_; ++b) {
      class_scores[b] = column[static_cast<int64_t>(b) *
                               classes_with_background_];
    }
    const int32_t added = SelectBoxes(boxes, class_scores, num_boxes_,
                                      options_, detections_per_class_, buffers);
    int32_t next = kept + added;
    int32_t old = kept - 1;
    for (int32_t fresh = added - 1; fresh >= 0;) {
      const int32_t box = buffers.selected[fresh];
      if (old >= 0 && best[old].score <= class_scores[box]) {
        best[--next] = best[old--];
      } else {
        best[--next] = {class_scores[box], box, c};
        --fresh;
      }
    }
    kept = std::min(kept + added, options_.max_detections);
  }
  for (int32_t d = 0; d < kept; ++d) {
    WriteDetection(out, d, boxes[best[d].box], best[d].class_index,
                   best[d].score);
  }
  return kept;
}

Status DetectionPostprocess::Eval(NodeContext& context) {
  uint8_t* scratch = static_cast<uint8_t*>(context.scratch());
  CornerBox* boxes = reinterpret_cast<CornerBox*>(scratch + layout_.boxes);
  FloatValues encodings = encodings_;
  encodings.data = context.input(kBoxEncodings)->data;
  FloatValues anchors = anchors_;
  anchors.data = context.input(kAnchors)->data;
  DecodeBoxes(encodings, encoding_length_, anchors, num_boxes_, options_,
              boxes);
  // TFLite's NMS refuses inverted boxes at Invoke; they come from negative
  // anchor sizes, which may be run-time data.
  for (int32_t b = 0; b < num_boxes_; ++b) {
    if (boxes[b].ymin > boxes[b].ymax || boxes[b].xmin > boxes[b].xmax) {
      return context.Error("box %d decodes to (ymin %g, xmin %g, ymax %g, "
                           "xmax %g), which is inverted; are its anchor's "
                           "height and width negative?", b, boxes[b].ymin,
                           boxes[b].xmin, boxes[b].ymax, boxes[b].xmax);
    }
  }

  const Tensor& predictions = *context.input(kClassPredictions);
  const float* scores = predictions.data_as<float>();
  if (class_predictions_.type != DataType::kFloat32) {
    float* dequantized = reinterpret_cast<float*>(scratch + layout_.scores);
    FloatValues values = class_predictions_;
    values.data = predictions.data;
    const int64_t count = predictions.NumElements();
    for (int64_t i = 0; i < count; ++i) dequantized[i] = values[i];
    scores = dequantized;
  }

  const DetectionOutputs out = {
      context.output(kDetectionBoxes)->data_as<float>(),
      context.output(kDetectionClasses)->data_as<float>(),
      context.output(kDetectionScores)->data_as<float>()};
  for (int i = 0; i < kNumOutputs; ++i) {
    Tensor& output = *context.output(i);
    std::fill_n(output.data_as<float>(), output.NumElements(), 0.0f);
  }
  const int32_t count = options_.use_regular_nms
                            ? RegularNms(boxes, scores, scratch, out)
                            : FastNms(boxes, scores, scratch, out);
  context.output(kNumDetections)->data_as<float>()[0] =
      static_cast<float>(count);
  return Status::Ok();
}

}  // namespace

void RegisterDetectionPostprocessKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_CUSTOM, "TFLite_Detection_PostProcess",
                1, 1, MakeKernel<DetectionPostprocess>});
}

}  // namespace liten
