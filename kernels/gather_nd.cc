// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// GATHER_ND: output[i...] = params[indices[i..., :]], the last axis of
// `indices` (INT32 or INT64) holding the first nd coordinates of a slice of
// `params` (any type). The output shape is
// indices.shape[:-1] + params.shape[nd:].
//
// Indices are run-time data, so Eval checks each coordinate against its axis
// and fails cleanly on one outside it. TFLite 2.9.0 fails on negative
// indices too, but reads past its slice for ones that are too large (its
// kernel has no upper bound check).
#include <cstdint>
#include <cstring>

#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kParams = 0, kIndices = 1;
constexpr int kOutput = 0;

class GatherNd : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  template <typename Index>
  Status Gather(NodeContext& context) const;

  int nd_ = 0;          // Coordinates per index.
  int64_t slices_ = 0;  // Indices, each one slice of the output.
  size_t slice_bytes_ = 0;
  // Bytes between neighbors along each of the first nd axes of params.
  int64_t strides_[kMaxRank] = {};
};

Status GatherNd::Prepare(NodeContext& context) {
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
  const Tensor& params = *context.input(kParams);
  const Tensor& indices = *context.input(kIndices);
  // The loader admits only types of a fixed element size.
  const size_t element_size = DataTypeSize(params.type);
  LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, params.type));
  if (indices.type != DataType::kInt32 && indices.type != DataType::kInt64) {
    return context.Unsupported(
        "input %d (tensor %d) has type %s; expected INT32 or INT64", kIndices,
        context.input_index(kIndices), DataTypeName(indices.type));
  }
  const int params_rank = params.shape.rank();
  const int indices_rank = indices.shape.rank();
  if (params_rank < 1 || indices_rank < 1) {
    return context.Error(
        "input %d (tensor %d) has shape %s and input %d (tensor %d) %s; "
        "both must have rank 1 or more",
        kParams, context.input_index(kParams),
        ShapeToString(params.shape).c_str(), kIndices,
        context.input_index(kIndices), ShapeToString(indices.shape).c_str());
  }
  nd_ = indices.shape.dim(indices_rank - 1);
  if (nd_ > params_rank) {
    return context.Error(
        "input %d (tensor %d) has indices of %d coordinates, more than input "
        "%d (tensor %d) has axes (%d)",
        kIndices, context.input_index(kIndices), nd_, kParams,
        context.input_index(kParams), params_rank);
  }
  const int output_rank = indices_rank - 1 + params_rank - nd_;
  if (output_rank > kMaxRank) {
    return context.Unsupported("the output would have rank %d; at most %d",
                               output_rank, kMaxRank);
  }
  int32_t dims[kMaxRank];
  int rank = 0;
  for (int d = 0; d < indices_rank - 1; ++d)
    dims[rank++] = indices.shape.dim(d);
  for (int d = nd_; d < params_rank; ++d) dims[rank++] = params.shape.dim(d);
  slices_ = indices.shape.FlatSize(0, indices_rank - 1);
  slice_bytes_ = params.shape.FlatSize(nd_, params_rank) * element_size;
  for (int d = 0; d < nd_; ++d) {
    strides_[d] = params.shape.FlatSize(d + 1, params_rank) * element_size;
  }
  return context.ResizeOutput(kOutput, Shape(dims, output_rank));
}

Status GatherNd::Eval(NodeContext& context) {
  return context.input(kIndices)->type == DataType::kInt32
             ? Gather<int32_t>(context)
             : Gather<int64_t>(context);
}

template <typename Index>
Status GatherNd::Gather(NodeContext& context) const {
  const Tensor& params = *context.input(kParams);
  const Index* indices = context.input(kIndices)->data_as<Index>();
  const uint8_t* in = params.data_as<uint8_t>();
  uint8_t* out = context.output(kOutput)->data_as<uint8_t>();
  for (int64_t i = 0; i < slices_; ++i, indices += nd_) {
    int64_t offset = 0;
    for (int d = 0; d < nd_; ++d) {
      const int64_t index = indices[d];
      if (index < 0 || index >= params.shape.dim(d)) {
        return context.Error(
            "input %d (tensor %d): index %lld of entry %lld is out of range "
            "for axis %d of input %d (tensor %d), of size %d",
            kIndices, context.input_index(kIndices),
            static_cast<long long>(index), static_cast<long long>(i), d,
            kParams, context.input_index(kParams), params.shape.dim(d));
      }
      offset += index * strides_[d];
    }
    if (slice_bytes_ != 0) {
      std::memcpy(out + i * slice_bytes_, in + offset, slice_bytes_);
    }
  }
  return Status::Ok();
}

}  // namespace

void RegisterGatherNdKernels(OpResolver& resolver) {
  // The versions TFLite 2.9.0 registers: past 1 they add INT8 and INT16
  // params, which gather alike.
  resolver.Add(
      {schema::BuiltinOperator_GATHER_ND, nullptr, 1, 3, MakeKernel<GatherNd>});
}

}  // namespace liten
