// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/xnnpack/resize.h"

#include <cstdint>

#include "src/status_util.h"

namespace liten {

namespace {

// XNNPACK computes coordinates in float and rejects heights and widths of
// 2**24 or more.
bool FitsXnnpack(const Shape& shape) {
  constexpr int32_t kMaxSize = 1 << 24;
  return shape.NumElements() > 0 && shape.dim(1) < kMaxSize &&
         shape.dim(2) < kMaxSize;
}

}  // namespace

// The flags are those TFLite's XNNPACK delegate sets: XNNPACK's default is
// half_pixel_centers, and its legacy mode TensorFlow's original mapping,
// out * input_size / output_size.
XnnOperator CreateResizeBilinearXnnpack(const Shape& input,
                                        const Shape& output,
                                        bool align_corners,
                                        bool half_pixel_centers) {
  if (!XnnpackAvailable() || !FitsXnnpack(input) || !FitsXnnpack(output)) {
    return nullptr;
  }
  uint32_t flags = 0;
  if (align_corners) {
    flags = XNN_FLAG_ALIGN_CORNERS;
  } else if (!half_pixel_centers) {
    flags = XNN_FLAG_TENSORFLOW_LEGACY_MODE;
  }
  const size_t channels = input.dim(3);
  xnn_operator_t op = nullptr;
  const xnn_status status = xnn_create_resize_bilinear2d_nhwc_f32(
      channels, channels, channels, flags, &op);
  return XnnOperator(status == xnn_status_success ? op : nullptr);
}

Status RunResizeBilinearXnnpack(const NodeContext& context, xnn_operator_t op,
                                const Tensor& input, Tensor& output) {
  return RunXnnOperator(
      context, "resize", op,
      xnn_setup_resize_bilinear2d_nhwc_f32(
          op, input.shape.dim(0), input.shape.dim(1), input.shape.dim(2),
          output.shape.dim(1), output.shape.dim(2), input.data_as<float>(),
          output.data_as<float>(), context.threadpool()));
}

}  // namespace liten
