// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/kernel_util.h"

#include <cstring>

#include "src/status_util.h"

namespace liten {
namespace {

// Operand positions of CONV_2D and DEPTHWISE_CONV_2D.
constexpr int kConvInput = 0, kConvFilter = 1;
constexpr int kConvOutput = 0;

}  // namespace

namespace {

Status ActivationFunctionRange(const NodeContext& context,
                               schema::ActivationFunctionType activation,
                               ActivationRange* range) {
  *range = ActivationRange();
  switch (activation) {
    case schema::ActivationFunctionType_NONE:
      return Status::Ok();
    case schema::ActivationFunctionType_RELU:
      range->min = 0.0f;
      return Status::Ok();
    case schema::ActivationFunctionType_RELU_N1_TO_1:
      range->min = -1.0f;
      range->max = 1.0f;
      return Status::Ok();
    case schema::ActivationFunctionType_RELU6:
      range->min = 0.0f;
      range->max = 6.0f;
      return Status::Ok();
    default:
      return context.Unsupported("fused activation %d is not supported",
                                 static_cast<int>(activation));
  }
}

}  // namespace

Status GetActivationRange(const NodeContext& context,
                          schema::ActivationFunctionType activation,
                          ActivationRange* range) {
  LITEN_RETURN_IF_ERROR(ActivationFunctionRange(context, activation, range));
  // Clamps compose by intersecting; a fused RELU6 after a fused RELU is a
  // RELU6.
  const OutputClamp& fused = context.fused_output_clamp();
  range->min = std::max(range->min, fused.min);
  range->max = std::min(range->max, fused.max);
  return Status::Ok();
}

Status ComputeWindowAxis(const NodeContext& context, const char* axis_name,
                         schema::Padding padding, int32_t input, int32_t filter,
                         int32_t stride, int32_t dilation, WindowAxis* axis) {
  const int64_t effective_filter =
      (static_cast<int64_t>(filter) - 1) * dilation + 1;
  int64_t output = 0;
  if (padding == schema::Padding_SAME) {
    output = (static_cast<int64_t>(input) + stride - 1) / stride;
  } else if (padding == schema::Padding_VALID) {
    output = (static_cast<int64_t>(input) - effective_filter + stride) / stride;
  } else {
    return context.Error("unknown padding %d", static_cast<int>(padding));
  }
  if (output <= 0) {
    return context.Error("%s: input size %d is smaller than the filter's "
                         "extent %lld, leaving no output", axis_name, input,
                         static_cast<long long>(effective_filter));
  }
  const int64_t total =
      std::max<int64_t>((output - 1) * stride + effective_filter - input, 0);
  axis->output_size = static_cast<int32_t>(output);
  axis->padding_before = static_cast<int32_t>(total / 2);
  return Status::Ok();
}

Status ExpectConv2DOperands(const NodeContext& context) {
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 3));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
  LITEN_RETURN_IF_ERROR(
      context.ExpectInputType(kConvInput, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(
      context.ExpectInputType(kConvFilter, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(
      context.ExpectOutputType(kConvOutput, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kConvInput, 4));
  return context.ExpectInputRank(kConvFilter, 4);
}

Status PrepareConv2DWindow(const NodeContext& context,
                           const Conv2DParams& params, const Shape& input,
                           int32_t filter_h, int32_t filter_w,
                           Conv2DWindow* window) {
  if (params.stride_h < 1 || params.stride_w < 1) {
    return context.Error("stride is %d x %d (height x width); both must be "
                         ">= 1", params.stride_h, params.stride_w);
  }
  if (params.dilation_h < 1 || params.dilation_w < 1) {
    return context.Error("dilation is %d x %d (height x width); both must be "
                         ">= 1", params.dilation_h, params.dilation_w);
  }
  window->stride_h = params.stride_h;
  window->stride_w = params.stride_w;
  window->dilation_h = params.dilation_h;
  window->dilation_w = params.dilation_w;
  LITEN_RETURN_IF_ERROR(
      GetActivationRange(context, params.activation, &window->activation));
  LITEN_RETURN_IF_ERROR(ComputeWindowAxis(
      context, "height", params.padding, input.dim(1), filter_h,
      params.stride_h, params.dilation_h, &window->rows));
  return ComputeWindowAxis(context, "width", params.padding, input.dim(2),
                           filter_w, params.stride_w, params.dilation_w,
                           &window->cols);
}

Status PrepareConv2DOutput(NodeContext& context, const Conv2DParams& params,
                           int32_t out_channels, Conv2DWindow* window) {
  const Shape& input = context.input(kConvInput)->shape;
  const Shape& filter = context.input(kConvFilter)->shape;
  // A folded PAD: lay the window over the padded input, then count the
  // zeros the PAD put before the input as padding of our own.
  const SpatialPadding& folded = context.folded_input_padding();
  const int64_t padded_height =
      static_cast<int64_t>(input.dim(1)) + folded.top + folded.bottom;
  const int64_t padded_width =
      static_cast<int64_t>(input.dim(2)) + folded.left + folded.right;
  if (padded_height > std::numeric_limits<int32_t>::max() ||
      padded_width > std::numeric_limits<int32_t>::max()) {
    return context.Error("input 0 (tensor %d) is too large once padded",
                         context.input_index(kConvInput));
  }
  Shape padded = input;
  padded.dim(1) = static_cast<int32_t>(padded_height);
  padded.dim(2) = static_cast<int32_t>(padded_width);
  LITEN_RETURN_IF_ERROR(PrepareConv2DWindow(context, params, padded,
                                            filter.dim(1), filter.dim(2),
                                            window));
  window->rows.padding_before += folded.top;
  window->cols.padding_before += folded.left;
  return context.ResizeOutput(
      kConvOutput, Shape({input.dim(0), window->rows.output_size,
                          window->cols.output_size, out_channels}));
}

Status BroadcastShape(const NodeContext& context, const Shape& a,
                      const Shape& b, Shape* output) {
  const int rank = std::max(a.rank(), b.rank());
  Shape result;
  int32_t dims[kMaxRank];
  for (int i = 0; i < rank; ++i) {
    const int ai = a.rank() - rank + i;
    const int bi = b.rank() - rank + i;
    const int32_t ad = ai >= 0 ? a.dim(ai) : 1;
    const int32_t bd = bi >= 0 ? b.dim(bi) : 1;
    if (ad != bd && ad != 1 && bd != 1) {
      return context.Error("shapes %s and %s cannot be broadcast together",
                           ShapeToString(a).c_str(), ShapeToString(b).c_str());
    }
    dims[i] = ad == 1 ? bd : ad;
  }
  *output = Shape(dims, rank);
  return Status::Ok();
}

void BroadcastStrides(const Shape& input, const Shape& output,
                      int64_t strides[kMaxRank]) {
  const int offset = output.rank() - input.rank();
  int64_t stride = 1;
  for (int d = output.rank() - 1; d >= 0; --d) {
    const int id = d - offset;
    if (id < 0 || input.dim(id) == 1) {
      strides[d] = 0;
    } else {
      strides[d] = stride;
    }
    if (id >= 0) stride *= input.dim(id);
  }
}

void FillRepeating(const uint8_t* unit, size_t unit_size, size_t total,
                   uint8_t* out) {
  if (total == 0) return;
  std::memcpy(out, unit, unit_size);
  for (size_t filled = unit_size; filled < total;) {
    const size_t n = std::min(filled, total - filled);
    std::memcpy(out + filled, out, n);
    filled += n;
  }
}

void BroadcastBytes(const Shape& input, const uint8_t* data,
                    const Shape& output, uint8_t* dst) {
  const int64_t total = output.NumElements();
  if (total == 0) return;
  // An input whose dimensions past its leading ones all match the output's
  // is the output's repeating unit: copy it once, then double the copy.
  const int offset = output.rank() - input.rank();
  int first = input.rank();
  for (int d = 0; d < input.rank() && first == input.rank(); ++d) {
    if (input.dim(d) != 1) first = d;
  }
  bool repeats = true;
  for (int d = first; d < input.rank(); ++d) {
    repeats = repeats && input.dim(d) == output.dim(d + offset);
  }
  if (repeats) {
    FillRepeating(data, static_cast<size_t>(input.NumElements()),
                  static_cast<size_t>(total), dst);
    return;
  }
  ForEachBroadcast(input, input, output,
                   [&](int64_t i, int64_t, int64_t k) { dst[k] = data[i]; });
}

Status NormalizeAxis(const NodeContext& context, int32_t axis, int rank,
                     int* normalized) {
  const int64_t resolved = axis < 0 ? static_cast<int64_t>(axis) + rank : axis;
  if (resolved < 0 || resolved >= rank) {
    return context.Error("axis %d is out of range for rank %d", axis, rank);
  }
  *normalized = static_cast<int>(resolved);
  return Status::Ok();
}

}  // namespace liten
