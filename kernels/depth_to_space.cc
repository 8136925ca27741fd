// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DEPTH_TO_SPACE: moves channel blocks of an NHWC tensor into block_size x
// block_size spatial tiles, in TFLite's DCR order: input channel
// ((dy * block_size) + dx) * output_channels + c lands at tile offset
// (dy, dx), output channel c. Any type (TFLite 2.9.0 takes FLOAT32, UINT8,
// INT8, INT32 and INT64): only elements move, so quantized tensors rearrange
// as they are.
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/register.h"
#include "kernels/xnnpack/data_movement.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

// Runs FLOAT32 on XNNPACK unless the output is empty.
class DepthToSpace : public XnnpackOrReferenceKernel {
 public:
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  int32_t block_size_ = 1;
  size_t element_size_ = 4;
};

Status DepthToSpace::Prepare(NodeContext& context) {
  xnnpack_.reset();
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
  const DataType type = context.input(kInput)->type;
  // The loader admits only types of a fixed element size.
  element_size_ = DataTypeSize(type);
  LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, type));
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kInput, 4));
  // Absent options mean block_size 0, as in TFLite (which then divides by
  // zero).
  const schema::DepthToSpaceOptions* options =
      context.op().builtin_options_as_DepthToSpaceOptions();
  block_size_ = options != nullptr ? options->block_size() : 0;
  if (block_size_ < 1) {
    return context.Error("block_size is %d; expected >= 1", block_size_);
  }
  const Shape& input = context.input(kInput)->shape;
  const int64_t block_area = static_cast<int64_t>(block_size_) * block_size_;
  if (input.dim(3) % block_area != 0) {
    return context.Error(
        "input %d (tensor %d) has %d channels, which is not a multiple of "
        "block_size^2 = %lld",
        kInput, context.input_index(kInput), input.dim(3),
        static_cast<long long>(block_area));
  }
  const int64_t height = static_cast<int64_t>(input.dim(1)) * block_size_;
  const int64_t width = static_cast<int64_t>(input.dim(2)) * block_size_;
  if (height > std::numeric_limits<int32_t>::max() ||
      width > std::numeric_limits<int32_t>::max()) {
    return context.Error(
        "output %d (tensor %d) would be %lld x %lld, larger than a dimension "
        "can be",
        kOutput, context.output_index(kOutput), static_cast<long long>(height),
        static_cast<long long>(width));
  }
  const Shape output({input.dim(0), static_cast<int32_t>(height),
                      static_cast<int32_t>(width),
                      static_cast<int32_t>(input.dim(3) / block_area)});
  if (type == DataType::kFloat32 && !context.use_reference_kernels() &&
      output.NumElements() > 0) {
    xnnpack_ = CreateDepthToSpaceXnnpack(output.dim(3), block_size_);
  }
  return context.ResizeOutput(kOutput, output);
}

Status DepthToSpace::Eval(NodeContext& context) {
  if (xnnpack_ != nullptr) {
    return RunDepthToSpaceXnnpack(context, xnnpack_.get());
  }
  const Tensor& input = *context.input(kInput);
  Tensor& output = *context.output(kOutput);
  // Empty tensors may have no data at all, which memcpy must not see.
  if (output.NumElements() == 0) return Status::Ok();
  const uint8_t* in = input.data_as<uint8_t>();
  uint8_t* out = output.data_as<uint8_t>();
  const int32_t batches = output.shape.dim(0);
  const int32_t height = output.shape.dim(1);
  const int32_t width = output.shape.dim(2);
  // Offsets in bytes: channels of one output pixel, pixels of the input.
  const int64_t channel_bytes = output.shape.dim(3) * element_size_;
  const int64_t input_height = input.shape.dim(1);
  const int64_t input_width = input.shape.dim(2);
  const int64_t input_pixel_bytes = input.shape.dim(3) * element_size_;
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t y = 0; y < height; ++y) {
      const int64_t in_row = b * input_height + y / block_size_;
      for (int32_t x = 0; x < width; ++x) {
        // The tile position selects which run of `channels` inputs to take.
        const int64_t block = (y % block_size_) * block_size_ + x % block_size_;
        const uint8_t* source =
            in + (in_row * input_width + x / block_size_) * input_pixel_bytes +
            block * channel_bytes;
        std::memcpy(out, source, channel_bytes);
        out += channel_bytes;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

void RegisterDepthToSpaceKernels(OpResolver& resolver) {
  // Version 2 adds INT8.
  resolver.Add({schema::BuiltinOperator_DEPTH_TO_SPACE, nullptr, 1, 2,
                MakeKernel<DepthToSpace>});
}

}  // namespace liten
