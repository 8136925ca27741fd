// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESIZE_BILINEAR: resizes the H and W axes of an NHWC tensor by bilinear
// interpolation, for FLOAT32, UINT8, INT8 and INT16.
//
// FLOAT32: the reference path maps output pixels to input coordinates
// exactly as TFLite's reference kernel does, float rounding included; the
// XNNPACK path is the one TFLite's XNNPACK delegate runs.
//
// The integer types follow TFLite 2.9.0's builtin kernel on x86-64
// (kGenericOptimized), which treats them differently:
// - UINT8 (optimized_ops::ResizeBilinear): the float coordinates of the
//   reference kernel, the four corner weights multiplied out in float, the
//   weighted sum plus 0.5 truncated. Its special integer path for exact x8
//   upscaling with half-pixel centers gives the same bytes: there every
//   weight is a multiple of 1/16 and the float sum is exact.
// - INT8 and INT16 (reference_ops::ResizeBilinearInteger): coordinates and
//   weights in fixed point with 10 fractional bits, the sum rounded half
//   away from zero.
// UINT8 and INT8 pixels of 8 channels or more run the same arithmetic on
// AVX2 (kernels/x86/resize_bilinear.h).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "kernels/x86/resize_bilinear.h"
#include "kernels/xnnpack/resize.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kSize = 1;
constexpr int kOutput = 0;

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
BilinearSample SampleAt(const AxisMapping& mapping, int32_t i) {
  const float value = static_cast<float>(i);
  const float position = mapping.half_pixel_centers
                             ? (value + 0.5f) * mapping.scale - 0.5f
                             : value * mapping.scale;
  const auto clamp = [&mapping](float index) {
    return static_cast<int32_t>(
        std::min<int64_t>(std::max<int64_t>(static_cast<int64_t>(index), 0),
                          mapping.input_size - 1));
  };
  BilinearSample sample;
  sample.lower = clamp(std::floor(position));
  sample.upper = clamp(std::ceil(position));
  sample.fraction = position - static_cast<float>(sample.lower);
  return sample;
}

// One axis in TFLite's 10-bit fixed point (ResizeBilinearInteger): input
// coordinates are multiples of 2^-10, the scale rounded to nearest.
struct FixedPointAxis {
  int32_t input_size = 1;
  int32_t scale = 0;  // Input pixels per output pixel, times 2^10.
  bool half_pixel_centers = false;
};

constexpr int kFractionBits = 10;
constexpr int32_t kOne = 1 << kFractionBits;

// Where output index `i` samples the input in fixed point: `lower` and
// `upper` as TFLite picks them, and the weight of `upper` in units of 2^-10.
// The weight may be negative (before the first pixel with half-pixel
// centers), as in TFLite, where both neighbors are then the first pixel.
BilinearSample SampleAt(const FixedPointAxis& axis, int32_t i) {
  // Prepare checked that these fit int32.
  const int32_t position = axis.half_pixel_centers
                               ? i * axis.scale + axis.scale / 2 - kOne / 2
                               : i * axis.scale;
  BilinearSample sample;
  // TFLite clamps `lower` only from below; when the rounded scale carries
  // the last positions of a huge upscale past the input's end it reads past
  // the row, where liten takes the last pixel.
  sample.lower = std::min(std::max(position / kOne, 0), axis.input_size - 1);
  sample.upper = std::min((position + kOne - 1) / kOne, axis.input_size - 1);
  sample.weight = position - sample.lower * kOne;
  return sample;
}

// TFLite's scale: round(2^10 * in / out), or (in - 1) / (out - 1) with
// align_corners. Fails when an input coordinate would not fit int32, where
// TFLite's int32 arithmetic overflows.
Status MapFixedPointAxis(const NodeContext& context, const char* name,
                         int32_t input_size, int32_t output_size,
                         bool align_corners, bool half_pixel_centers,
                         FixedPointAxis* axis) {
  int64_t numerator = input_size;
  int64_t denominator = output_size;
  if (align_corners && output_size > 1) {
    numerator = input_size - 1;
    denominator = output_size - 1;
  }
  const int64_t scaled = numerator * kOne + denominator / 2;
  const int64_t scale = scaled / denominator;
  const int64_t last = (output_size - 1) * scale + scale / 2 + kOne;
  if (scaled > std::numeric_limits<int32_t>::max() ||
      last > std::numeric_limits<int32_t>::max()) {
    return context.Unsupported(
        "resizing %s from %d to %d is too large for TFLite's 10-bit "
        "fixed-point coordinates",
        name, input_size, output_size);
  }
  axis->input_size = input_size;
  axis->scale = static_cast<int32_t>(scale);
  axis->half_pixel_centers = half_pixel_centers;
  return Status::Ok();
}

}  // namespace

// The checks and output shape RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR
// share, declared with its contract in resize_nearest_neighbor.cc; it
// belongs in kernel_util.h.
Status PrepareResizeOutput(NodeContext& context) {
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
  const DataType type = context.input(kInput)->type;
  if (type != DataType::kFloat32 && type != DataType::kUInt8 &&
      type != DataType::kInt8 && type != DataType::kInt16) {
    return context.Unsupported(
        "input %d (tensor %d) has type %s; expected FLOAT32, UINT8, INT8 or "
        "INT16",
        kInput, context.input_index(kInput), DataTypeName(type));
  }
  LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, type));
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
        "to resize",
        kInput, context.input_index(kInput), ShapeToString(input).c_str());
  }
  return context.ResizeOutput(
      kOutput, Shape({input.dim(0), height, width, input.dim(3)}));
}

namespace {

// Runs FLOAT32 on XNNPACK unless the tensors are empty or too large for it,
// and UINT8 and INT8 pixels of 8 channels or more on AVX2.
class ResizeBilinear : public XnnpackOrReferenceKernel {
 public:
  const char* path() const override {
    return avx2_ != nullptr ? "avx2" : XnnpackOrReferenceKernel::path();
  }
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  DataType type_ = DataType::kFloat32;
  AxisMapping rows_;
  AxisMapping columns_;
  FixedPointAxis fixed_rows_;
  FixedPointAxis fixed_columns_;
  std::unique_ptr<ResizeBilinear8BitAvx2> avx2_;
};

Status ResizeBilinear::Prepare(NodeContext& context) {
  xnnpack_.reset();
  avx2_.reset();
  LITEN_RETURN_IF_ERROR(PrepareResizeOutput(context));
  type_ = context.input(kInput)->type;
  const Shape& input = context.input(kInput)->shape;
  const Shape& output = context.output(kOutput)->shape;
  const int32_t height = output.dim(1);
  const int32_t width = output.dim(2);
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
  if (type_ == DataType::kInt8 || type_ == DataType::kInt16) {
    LITEN_RETURN_IF_ERROR(MapFixedPointAxis(context, "height", input.dim(1),
                                            height, align_corners,
                                            half_pixel_centers, &fixed_rows_));
    LITEN_RETURN_IF_ERROR(
        MapFixedPointAxis(context, "width", input.dim(2), width, align_corners,
                          half_pixel_centers, &fixed_columns_));
  }
  if (type_ == DataType::kFloat32 && !context.use_reference_kernels()) {
    xnnpack_ = CreateResizeBilinearXnnpack(input, output, align_corners,
                                           half_pixel_centers);
  }
  const bool signed_bytes = type_ == DataType::kInt8;
  if ((type_ == DataType::kUInt8 || signed_bytes) && output.NumElements() > 0 &&
      !context.use_reference_kernels()) {
    std::vector<BilinearSample> rows(height), columns(width);
    for (int32_t y = 0; y < height; ++y) {
      rows[y] = signed_bytes ? SampleAt(fixed_rows_, y) : SampleAt(rows_, y);
    }
    for (int32_t x = 0; x < width; ++x) {
      columns[x] =
          signed_bytes ? SampleAt(fixed_columns_, x) : SampleAt(columns_, x);
    }
    avx2_ = ResizeBilinear8BitAvx2::Create(
        signed_bytes, input.dim(0), input.dim(1), input.dim(2), input.dim(3),
        rows, columns, context.num_threads());
  }
  return Status::Ok();
}

// The four input pixels one output pixel blends.
template <typename T>
struct Neighbors {
  const T* top_left;
  const T* top_right;
  const T* bottom_left;
  const T* bottom_right;
};

// TFLite's reference float blend, in its operand order so that the rounding
// matches.
void BlendFloat32(const Neighbors<float>& n, const BilinearSample& row,
                  const BilinearSample& column, int64_t channels, float* out) {
  const float dy = row.fraction;
  const float dx = column.fraction;
  for (int64_t c = 0; c < channels; ++c) {
    out[c] = n.top_left[c] * (1 - dy) * (1 - dx) +
             n.bottom_left[c] * dy * (1 - dx) + n.top_right[c] * (1 - dy) * dx +
             n.bottom_right[c] * dy * dx;
  }
}

// TFLite's optimized UINT8 blend: the weights multiplied out first, the sum
// in this order plus 0.5, converted as x86-64 does (truncation, then the low
// byte).
void BlendUInt8(const Neighbors<uint8_t>& n, const BilinearSample& row,
                const BilinearSample& column, int64_t channels, uint8_t* out) {
  const float dy = row.fraction;
  const float dx = column.fraction;
  const float top_left = (1 - dy) * (1 - dx);
  const float top_right = (1 - dy) * dx;
  const float bottom_left = dy * (1 - dx);
  const float bottom_right = dy * dx;
  for (int64_t c = 0; c < channels; ++c) {
    const float sum = n.top_left[c] * top_left + n.top_right[c] * top_right +
                      n.bottom_left[c] * bottom_left +
                      n.bottom_right[c] * bottom_right + 0.5f;
    out[c] = static_cast<uint8_t>(TruncateToInt32(sum));
  }
}

// TFLite's ResizeBilinearInteger: weights in units of 2^-10, the sum divided
// by 2^20 rounding half away from zero.
template <typename T>
void BlendFixedPoint(const Neighbors<T>& n, const BilinearSample& row,
                     const BilinearSample& column, int64_t channels, T* out) {
  const int64_t dy = row.weight;
  const int64_t dx = column.weight;
  constexpr int64_t kHalf = int64_t{kOne} * kOne / 2;
  for (int64_t c = 0; c < channels; ++c) {
    const int64_t sum = n.top_left[c] * (kOne - dy) * (kOne - dx) +
                        n.bottom_left[c] * dy * (kOne - dx) +
                        n.top_right[c] * (kOne - dy) * dx +
                        n.bottom_right[c] * dy * dx;
    out[c] = static_cast<T>((sum + (sum > 0 ? kHalf : -kHalf)) / (2 * kHalf));
  }
}

// Blends every output pixel from its neighbors, in order; Axis is
// AxisMapping or FixedPointAxis.
template <typename T, typename Axis>
void Interpolate(NodeContext& context, const Axis& rows, const Axis& columns,
                 void (*blend)(const Neighbors<T>&, const BilinearSample&,
                               const BilinearSample&, int64_t, T*)) {
  const Tensor& input = *context.input(kInput);
  Tensor& output = *context.output(kOutput);
  const T* in = input.data_as<T>();
  T* out = output.data_as<T>();
  const int32_t batches = output.shape.dim(0);
  const int32_t height = output.shape.dim(1);
  const int32_t width = output.shape.dim(2);
  const int64_t channels = output.shape.dim(3);
  const int64_t input_height = input.shape.dim(1);
  const int64_t input_width = input.shape.dim(2);
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t y = 0; y < height; ++y) {
      const BilinearSample row = SampleAt(rows, y);
      const T* top =
          in + (b * input_height + row.lower) * input_width * channels;
      const T* bottom =
          in + (b * input_height + row.upper) * input_width * channels;
      for (int32_t x = 0; x < width; ++x, out += channels) {
        const BilinearSample column = SampleAt(columns, x);
        const int64_t left = column.lower * channels;
        const int64_t right = column.upper * channels;
        blend({top + left, top + right, bottom + left, bottom + right}, row,
              column, channels, out);
      }
    }
  }
}

Status ResizeBilinear::Eval(NodeContext& context) {
  if (xnnpack_ != nullptr) {
    return RunResizeBilinearXnnpack(context, xnnpack_.get(),
                                    *context.input(kInput),
                                    *context.output(kOutput));
  }
  if (avx2_ != nullptr) {
    avx2_->Run(context.input(kInput)->data, context.output(kOutput)->data,
               avx2_->SharesWork() ? context.threadpool() : nullptr);
    return Status::Ok();
  }
  // Empty tensors may have no data to point into.
  if (context.output(kOutput)->NumElements() == 0) return Status::Ok();
  switch (type_) {
    case DataType::kFloat32:
      Interpolate<float>(context, rows_, columns_, BlendFloat32);
      break;
    case DataType::kUInt8:
      Interpolate<uint8_t>(context, rows_, columns_, BlendUInt8);
      break;
    case DataType::kInt8:
      Interpolate<int8_t>(context, fixed_rows_, fixed_columns_,
                          BlendFixedPoint<int8_t>);
      break;
    default:
      Interpolate<int16_t>(context, fixed_rows_, fixed_columns_,
                           BlendFixedPoint<int16_t>);
      break;
  }
  return Status::Ok();
}

}  // namespace

void RegisterResizeBilinearKernels(OpResolver& resolver) {
  // Versions 2 and 4 add INT8 and INT16; version 3 adds half_pixel_centers.
  resolver.Add({schema::BuiltinOperator_RESIZE_BILINEAR, nullptr, 1, 4,
                MakeKernel<ResizeBilinear>});
}

}  // namespace liten
