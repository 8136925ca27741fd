// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESIZE_BILINEAR: resizes the H and W axes of an NHWC tensor by bilinear
// interpolation. The reference path maps output pixels to input coordinates
// exactly as TFLite's reference kernel does, float rounding included; the
// XNNPACK path is the one TFLite's XNNPACK delegate runs.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "kernels/register.h"
#include "kernels/xnnpack/resize.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kSize = 1;
constexpr int kOutput = 0;

// Where one output row (or column) samples the input: between `lower` and
// `upper`, `fraction` of the way from `lower`.
struct Sample {
  int32_t lower = 0;
  int32_t upper = 0;
  float fraction = 0.0f;
};

// How one axis maps output indices to input coordinates.
struct AxisMapping {
  int32_t input_size = 1;
  float scale = 1.0f;
  bool half_pixel_centers = false;
};

AxisMapping MapAxis(int32_t input_size, int32_t output_size, bool align_corners,
                    bool half_pixel_centers) {
  AxisMapping mapping;
  mapping.input_size = input_size;
  mapping.scale = static_cast<float>(input_size) / output_size;
  if (align_corners && output_size > 1) {
    mapping.scale = static_cast<float>(input_size - 1) / (output_size - 1);
  }
  mapping.half_pixel_centers = half_pixel_centers;
  return mapping;
}

// TFLite clamps the neighbors into the input but keeps the fraction
// measured from the clamped lower one: with half_pixel_centers the first
// position is negative, and so is its fraction. TFLite clamps `lower` only
// from below; clamping it from above too changes nothing unless float
// rounding would put it past the input's end.
Sample SampleAt(const AxisMapping& mapping, int32_t i) {
  const float value = static_cast<float>(i);
  const float position = mapping.half_pixel_centers
                             ? (value + 0.5f) * mapping.scale - 0.5f
                             : value * mapping.scale;
  const auto clamp = [&mapping](float index) {
    return static_cast<int32_t>(
        std::min<int64_t>(std::max<int64_t>(static_cast<int64_t>(index), 0),
                          mapping.input_size - 1));
  };
  Sample sample;
  sample.lower = clamp(std::floor(position));
  sample.upper = clamp(std::ceil(position));
  sample.fraction = position - static_cast<float>(sample.lower);
  return sample;
}

// Runs on XNNPACK unless the tensors are empty or too large for it.
class ResizeBilinearFloat32 : public XnnpackOrReferenceKernel {
 public:
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  void EvalReference(NodeContext& context) const;

  AxisMapping rows_;
  AxisMapping columns_;
};

Status ResizeBilinearFloat32::Prepare(NodeContext& context) {
  xnnpack_.reset();
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
  LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kInput, 4));
  LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(kSize));
  LITEN_RETURN_IF_ERROR(context.ExpectInputType(kSize, DataType::kInt32));
  const Tensor& size = *context.input(kSize);
  if (size.shape != Shape({2})) {
    return context.Error(
        "input %d (tensor %d) has shape %s; expected [2]: height, width", kSize,
        context.input_index(kSize), ShapeToString(size.shape).c_str());
  }
  const int32_t height = size.data_as<int32_t>()[0];
  const int32_t width = size.data_as<int32_t>()[1];
  if (height <= 0 || width <= 0) {
    return context.Error(
        "input %d (tensor %d) asks for size %d x %d; both must be > 0", kSize,
        context.input_index(kSize), height, width);
  }
  const Shape& input = context.input(kInput)->shape;
  if (input.dim(1) < 1 || input.dim(2) < 1) {
    return context.Error(
        "input %d (tensor %d) has shape %s; its height and width must be >= 1 "
        "to interpolate from",
        kInput, context.input_index(kInput), ShapeToString(input).c_str());
  }
  bool align_corners = false;
  bool half_pixel_centers = false;
  if (const schema::ResizeBilinearOptions* options =
          context.op().builtin_options_as_ResizeBilinearOptions()) {
    align_corners = options->align_corners();
    half_pixel_centers = options->half_pixel_centers();
  }
  if (align_corners && half_pixel_centers) {
    return context.Error("align_corners and half_pixel_centers are both set");
  }
  rows_ = MapAxis(input.dim(1), height, align_corners, half_pixel_centers);
  columns_ = MapAxis(input.dim(2), width, align_corners, half_pixel_centers);
  const Shape output({input.dim(0), height, width, input.dim(3)});
  LITEN_RETURN_IF_ERROR(context.ResizeOutput(kOutput, output));
  if (!context.use_reference_kernels()) {
    xnnpack_ = CreateResizeBilinearXnnpack(input, output, align_corners,
                                           half_pixel_centers);
  }
  return Status::Ok();
}

Status ResizeBilinearFloat32::Eval(NodeContext& context) {
  if (xnnpack_ != nullptr) {
    return RunResizeBilinearXnnpack(context, xnnpack_.get(),
                                    *context.input(kInput),
                                    *context.output(kOutput));
  }
  EvalReference(context);
  return Status::Ok();
}

void ResizeBilinearFloat32::EvalReference(NodeContext& context) const {
  const Tensor& input = *context.input(kInput);
  Tensor& output = *context.output(kOutput);
  // Empty tensors may have no data to point into.
  if (output.NumElements() == 0) return;
  const float* in = input.data_as<float>();
  float* out = output.data_as<float>();
  const int32_t batches = output.shape.dim(0);
  const int32_t height = output.shape.dim(1);
  const int32_t width = output.shape.dim(2);
  const int64_t channels = output.shape.dim(3);
  const int64_t input_height = input.shape.dim(1);
  const int64_t input_width = input.shape.dim(2);
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t y = 0; y < height; ++y) {
      const Sample row = SampleAt(rows_, y);
      const int64_t top = (b * input_height + row.lower) * input_width;
      const int64_t bottom = (b * input_height + row.upper) * input_width;
      const float dy = row.fraction;
      for (int32_t x = 0; x < width; ++x) {
        const Sample column = SampleAt(columns_, x);
        const float* top_left = in + (top + column.lower) * channels;
        const float* top_right = in + (top + column.upper) * channels;
        const float* bottom_left = in + (bottom + column.lower) * channels;
        const float* bottom_right = in + (bottom + column.upper) * channels;
        const float dx = column.fraction;
        // TFLite's operand order, so that the rounding matches.
        for (int64_t c = 0; c < channels; ++c) {
          *out++ = top_left[c] * (1 - dy) * (1 - dx) +
                   bottom_left[c] * dy * (1 - dx) +
                   top_right[c] * (1 - dy) * dx + bottom_right[c] * dy * dx;
        }
      }
    }
  }
}

}  // namespace

void RegisterResizeBilinearKernels(OpResolver& resolver) {
  // Versions 2 and 4 add INT8 and INT16, which the type checks reject;
  // version 3 adds half_pixel_centers.
  resolver.Add({schema::BuiltinOperator_RESIZE_BILINEAR, nullptr, 1, 4,
                MakeKernel<ResizeBilinearFloat32>});
}

}  // namespace liten
