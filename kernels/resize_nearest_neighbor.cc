// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESIZE_NEAREST_NEIGHBOR: resizes the H and W axes of an NHWC tensor by
// copying, for each output pixel, the input pixel nearest to where it maps;
// FLOAT32, UINT8, INT8 and INT16, as in TFLite 2.9.0.
//
// Which pixel is nearest depends on the type in TFLite 2.9.0's builtin
// kernel on x86-64 (kGenericOptimized), and liten follows it:
// - in general (reference_ops::GetNearestNeighbor), the position
//   (out + offset) * scale in float, with offset 0.5 under
//   half_pixel_centers, floored (rounded half away from zero under
//   align_corners) and clamped into the input;
// - for UINT8 without either option (optimized_ops::ResizeNearestNeighbor),
//   the scale in 16.16 fixed point, (in << 16) / out + 1, which picks a
//   different pixel for some sizes. liten computes it in 64 bits, which
//   agrees wherever TFLite's 32-bit arithmetic does not overflow.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {

// Checks the operands RESIZE_NEAREST_NEIGHBOR shares with RESIZE_BILINEAR
// (defined in resize_bilinear.cc; it belongs in kernel_util.h): input 0 an
// NHWC tensor of FLOAT32, UINT8, INT8 or INT16 with height and width of at
// least 1, input 1 a constant INT32 [2] holding the output height and width
// (both > 0), output 0 of input 0's type; then sizes output 0.
Status PrepareResizeOutput(NodeContext& context);

namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

// How one axis picks input indices.
struct NearestAxis {
  int32_t input_size = 1;
  int32_t output_size = 1;
  bool align_corners = false;
  bool half_pixel_centers = false;
  bool fixed_point = false;
  int64_t fixed_point_scale = 0;  // Input pixels per output pixel, x 2^16.
};

NearestAxis MapAxis(int32_t input_size, int32_t output_size, bool align_corners,
                    bool half_pixel_centers, bool fixed_point) {
  NearestAxis axis;
  axis.input_size = input_size;
  axis.output_size = output_size;
  axis.align_corners = align_corners;
  axis.half_pixel_centers = half_pixel_centers;
  axis.fixed_point = fixed_point;
  axis.fixed_point_scale = (int64_t{input_size} << 16) / output_size + 1;
  return axis;
}

int32_t NearestIndex(const NearestAxis& axis, int32_t i) {
  if (axis.fixed_point) {
    return static_cast<int32_t>(std::min<int64_t>(
        (i * axis.fixed_point_scale) >> 16, axis.input_size - 1));
  }
  const float scale =
      axis.align_corners && axis.output_size > 1
          ? static_cast<float>(axis.input_size - 1) / (axis.output_size - 1)
          : static_cast<float>(axis.input_size) / axis.output_size;
  const float offset = axis.half_pixel_centers ? 0.5f : 0.0f;
  const float position = (static_cast<float>(i) + offset) * scale;
  // Positions lie in [0, input_size], well inside int32.
  const int32_t index = static_cast<int32_t>(
      axis.align_corners ? std::round(position) : std::floor(position));
  return std::max(std::min(index, axis.input_size - 1), 0);
}

class ResizeNearestNeighbor : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  NearestAxis rows_;
  NearestAxis columns_;
  size_t element_size_ = 1;
};

Status ResizeNearestNeighbor::Prepare(NodeContext& context) {
  LITEN_RETURN_IF_ERROR(PrepareResizeOutput(context));
  const DataType type = context.input(kInput)->type;
  const Shape& input = context.input(kInput)->shape;
  const Shape& output = context.output(kOutput)->shape;
  // TFLite accepts both options at once: align_corners picks the scale and
  // the rounding, half_pixel_centers the offset.
  bool align_corners = false;
  bool half_pixel_centers = false;
  if (const schema::ResizeNearestNeighborOptions* options =
          context.op().builtin_options_as_ResizeNearestNeighborOptions()) {
    align_corners = options->align_corners();
    half_pixel_centers = options->half_pixel_centers();
  }
  const bool fixed_point =
      type == DataType::kUInt8 && !align_corners && !half_pixel_centers;
  rows_ = MapAxis(input.dim(1), output.dim(1), align_corners,
                  half_pixel_centers, fixed_point);
  columns_ = MapAxis(input.dim(2), output.dim(2), align_corners,
                     half_pixel_centers, fixed_point);
  element_size_ = DataTypeSize(type);
  return Status::Ok();
}

Status ResizeNearestNeighbor::Eval(NodeContext& context) {
  const Tensor& input = *context.input(kInput);
  Tensor& output = *context.output(kOutput);
  // Empty tensors may have no data at all, which memcpy must not see.
  if (output.NumElements() == 0) return Status::Ok();
  const uint8_t* in = input.data_as<uint8_t>();
  uint8_t* out = output.data_as<uint8_t>();
  const int32_t batches = output.shape.dim(0);
  const size_t pixel_bytes = output.shape.dim(3) * element_size_;
  const int64_t input_height = input.shape.dim(1);
  const int64_t input_width = input.shape.dim(2);
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t y = 0; y < rows_.output_size; ++y) {
      const int64_t row =
          (b * input_height + NearestIndex(rows_, y)) * input_width;
      for (int32_t x = 0; x < columns_.output_size; ++x) {
        std::memcpy(out, in + (row + NearestIndex(columns_, x)) * pixel_bytes,
                    pixel_bytes);
        out += pixel_bytes;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

void RegisterResizeNearestNeighborKernels(OpResolver& resolver) {
  // Versions 2, 3 and 4 add INT8, half_pixel_centers and INT16.
  resolver.Add({schema::BuiltinOperator_RESIZE_NEAREST_NEIGHBOR, nullptr, 1, 4,
                MakeKernel<ResizeNearestNeighbor>});
}

}  // namespace liten
