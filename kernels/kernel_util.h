// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the float reference kernels: fused activations, padding
// arithmetic and broadcasting. Each follows TFLite's definition exactly,
// because liten must return TFLite's numbers.
#ifndef LITEN_KERNELS_KERNEL_UTIL_H_
#define LITEN_KERNELS_KERNEL_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <limits>

#include "schema/schema_generated.h"
#include "src/op_kernel.h"
#include "src/tensor.h"

namespace liten {

// The clamp a fused activation applies: output = min(max(x, min), max).
struct ActivationRange {
  float min = std::numeric_limits<float>::lowest();
  float max = std::numeric_limits<float>::max();
};

// Fails for activations that are not a clamp (TANH, SIGN_BIT) or unknown.
Status GetActivationRange(const NodeContext& context,
                          schema::ActivationFunctionType activation,
                          ActivationRange* range);

inline float Clamp(float x, const ActivationRange& range) {
  return std::min(std::max(x, range.min), range.max);
}

// The arithmetic of ADD and MUL, for their fast paths.
enum class BinaryOperation { kAdd, kMultiply };

// Spatial geometry of one axis of a convolution or pooling window.
struct WindowAxis {
  int32_t output_size = 0;
  int32_t padding_before = 0;  // TFLite puts the odd padding pixel after.
};

// Output size and padding for `input` elements under SAME or VALID padding,
// as TFLite computes them. The caller has checked stride, dilation, filter
// >= 1. Fails when VALID leaves no output.
Status ComputeWindowAxis(const NodeContext& context, const char* axis_name,
                         schema::Padding padding, int32_t input, int32_t filter,
                         int32_t stride, int32_t dilation, WindowAxis* axis);

// The options CONV_2D and DEPTHWISE_CONV_2D share. Without options the
// strides stay 0, as TFLite's parser leaves them, and the node is rejected.
struct Conv2DParams {
  schema::Padding padding = schema::Padding_SAME;
  int32_t stride_h = 0;
  int32_t stride_w = 0;
  int32_t dilation_h = 1;
  int32_t dilation_w = 1;
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_NONE;
};

// The operand checks CONV_2D and DEPTHWISE_CONV_2D share: inputs 0 (input),
// 1 (filter) and an optional 2 (bias, checked by the caller), one output;
// input, filter and output FLOAT32; input and filter of rank 4.
Status ExpectConv2DOperands(const NodeContext& context);

// `options` is a Conv2DOptions or DepthwiseConv2DOptions table, or null.
template <typename Options>
Conv2DParams ReadConv2DParams(const Options* options) {
  Conv2DParams params;
  if (options == nullptr) return params;
  params.padding = options->padding();
  params.stride_h = options->stride_h();
  params.stride_w = options->stride_w();
  params.dilation_h = options->dilation_h_factor();
  params.dilation_w = options->dilation_w_factor();
  params.activation = options->fused_activation_function();
  return params;
}

// Where a convolution's filter lands on an NHWC input, and its clamp.
struct Conv2DWindow {
  int32_t stride_h = 1;
  int32_t stride_w = 1;
  int32_t dilation_h = 1;
  int32_t dilation_w = 1;
  WindowAxis rows;
  WindowAxis cols;
  ActivationRange activation;
};

// Checks strides and dilations (>= 1) and the activation, then lays a
// filter_h x filter_w filter (both >= 1, checked by the caller) over the
// height and width of `input`.
Status PrepareConv2DWindow(const NodeContext& context,
                           const Conv2DParams& params, const Shape& input,
                           int32_t filter_h, int32_t filter_w,
                           Conv2DWindow* window);

// PrepareConv2DWindow for the filter (input 1, [*, height, width, *]) over
// input 0, then sizes output 0 to [batch, output height, output width,
// out_channels]. For CONV_2D and DEPTHWISE_CONV_2D after
// ExpectConv2DOperands.
Status PrepareConv2DOutput(NodeContext& context, const Conv2DParams& params,
                           int32_t out_channels, Conv2DWindow* window);

// Shape of an elementwise result of `a` and `b` under numpy broadcasting.
Status BroadcastShape(const NodeContext& context, const Shape& a,
                      const Shape& b, Shape* output);

// Strides of `input` (rank <= output rank) for iterating over `output`:
// 0 along broadcast dimensions. Aligned to the right, as numpy does.
void BroadcastStrides(const Shape& input, const Shape& output,
                      int64_t strides[kMaxRank]);

// Calls body(a_offset, b_offset, out_offset) for every output element, in
// row-major order. The innermost axis runs as a tight loop.
template <typename Body>
void ForEachBroadcast(const Shape& a, const Shape& b, const Shape& output,
                      Body body) {
  const int rank = output.rank();
  if (rank == 0) {
    body(0, 0, 0);
    return;
  }
  int64_t a_strides[kMaxRank];
  int64_t b_strides[kMaxRank];
  BroadcastStrides(a, output, a_strides);
  BroadcastStrides(b, output, b_strides);
  int64_t index[kMaxRank] = {};
  const int last = rank - 1;
  const int32_t inner = output.dim(last);
  const int64_t outer = output.FlatSize(0, last);
  int64_t out_offset = 0;
  for (int64_t o = 0; o < outer; ++o) {
    int64_t a_offset = 0, b_offset = 0;
    for (int d = 0; d < last; ++d) {
      a_offset += index[d] * a_strides[d];
      b_offset += index[d] * b_strides[d];
    }
    for (int32_t i = 0; i < inner; ++i) {
      body(a_offset + i * a_strides[last], b_offset + i * b_strides[last],
           out_offset++);
    }
    for (int d = last - 1; d >= 0; --d) {
      if (++index[d] < output.dim(d)) break;
      index[d] = 0;
    }
  }
}

// Fills out[0, total) with repeats of the `unit_size` (> 0) bytes at `unit`:
// one copy, then the copied part doubled each step.
void FillRepeating(const uint8_t* unit, size_t unit_size, size_t total,
                   uint8_t* out);

// Writes the 8-bit values `data` of shape `input`, broadcast to `output`
// (which BroadcastShape made of it), to `dst` in row-major order: how a
// kernel of one shape takes broadcast operands.
void BroadcastBytes(const Shape& input, const uint8_t* data,
                    const Shape& output, uint8_t* dst);

// Whether a fast path may pack `tensor` at Prepare: constant, or an omitted
// optional input (null).
inline bool IsConstantOrOmitted(const Tensor* tensor) {
  return tensor == nullptr || tensor->is_constant();
}

// Resolves a possibly negative axis against `rank`; fails when out of range.
Status NormalizeAxis(const NodeContext& context, int32_t axis, int rank,
                     int* normalized);

}  // namespace liten

#endif  // LITEN_KERNELS_KERNEL_UTIL_H_
