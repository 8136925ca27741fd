// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// STRIDED_SLICE: numpy-style slicing, input[begin:end:stride, ...], with the
// five masks of StridedSliceOptions and TFLite's index clamping, for any
// type (TFLite 2.9.0 takes FLOAT32, INT32, INT64, UINT8, INT8, INT16 and
// BOOL). Only elements move, so quantized tensors slice as they are.
//
// The slice spec (begin, end, strides and the mask bits) is read at Prepare
// and resolved into one (start, step, count) triple per input axis. New axes
// and shrunk axes only change the output shape, never the element order, so
// Eval walks the input axes and writes the output sequentially.
#include <algorithm>
#include <cstdint>

#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kBegin = 1, kEnd = 2, kStrides = 3;
constexpr int kOutput = 0;

// Masks are 32-bit; positions past bit 31 are never set.
bool MaskBit(int32_t mask, int position) {
  return position < 32 && ((static_cast<uint32_t>(mask) >> position) & 1u);
}

// What the model says to slice: the begin, end and strides tensors' data
// (`entries` values each) and the options, all zero when the model omits
// them, as in TFLite.
struct SliceSpec {
  int entries = 0;
  const int32_t* begin = nullptr;
  const int32_t* end = nullptr;
  const int32_t* strides = nullptr;
  int32_t begin_mask = 0;
  int32_t end_mask = 0;
  int32_t ellipsis_mask = 0;
  int32_t new_axis_mask = 0;
  int32_t shrink_axis_mask = 0;
  bool offset = false;  // End is relative to begin.
};

// Elements taken along one input axis.
struct AxisSlice {
  int64_t start = 0;
  int64_t stride = 1;
  int64_t count = 0;
};

// Resolves spec entry `entry` against input axis `axis` of size `dim`.
Status ResolveAxis(const NodeContext& context, const SliceSpec& spec, int entry,
                   int axis, int64_t dim, AxisSlice* slice) {
  const int64_t stride = spec.strides[entry];
  if (stride == 0) {
    return context.Error(
        "input %d (tensor %d): strides[%d] is 0; strides must be non-zero",
        kStrides, context.input_index(kStrides), entry);
  }
  const bool forward = stride > 0;
  const int64_t begin = spec.begin[entry];
  if (MaskBit(spec.shrink_axis_mask, entry)) {
    // A shrunk axis takes the one element at begin (element 0 under
    // begin_mask, as in TFLite). TFLite reads out of bounds when that index
    // is outside the axis and writes nothing when the stride is negative;
    // TensorFlow rejects both, and so do we.
    if (!forward) {
      return context.Error(
          "spec entry %d shrinks its axis but has negative stride %lld", entry,
          static_cast<long long>(stride));
    }
    const int64_t index = MaskBit(spec.begin_mask, entry) ? 0
                          : begin < 0                     ? begin + dim
                                                          : begin;
    if (index < 0 || index >= dim) {
      return context.Error(
          "begin[%d] = %lld is out of range for shrunk axis %d of size %lld",
          entry, static_cast<long long>(begin), axis,
          static_cast<long long>(dim));
    }
    *slice = {index, 1, 1};
    return Status::Ok();
  }
  // Negative indices count from the end; the rest clamp to the positions a
  // walk in the stride's direction can start or stop at.
  const auto clamp = [dim, forward](int64_t index) {
    if (index < 0) index += dim;
    return forward ? std::min(std::max<int64_t>(index, 0), dim)
                   : std::min(std::max<int64_t>(index, -1), dim - 1);
  };
  const int64_t start =
      MaskBit(spec.begin_mask, entry) ? (forward ? 0 : dim - 1) : clamp(begin);
  int64_t stop = forward ? dim : -1;
  if (!MaskBit(spec.end_mask, entry)) {
    stop = clamp(spec.offset ? start + spec.end[entry] : spec.end[entry]);
  }
  // ceil(span / |stride|). TFLite computes it in float, which agrees for
  // every axis shorter than 2^24.
  const int64_t span = forward ? stop - start : start - stop;
  const int64_t magnitude = forward ? stride : -stride;
  const int64_t count = span > 0 ? (span + magnitude - 1) / magnitude : 0;
  *slice = {start, stride, count};
  return Status::Ok();
}

// Reads the spec from the node, checking the tensors that hold it.
Status ReadSliceSpec(const NodeContext& context, SliceSpec* spec) {
  for (int i : {kBegin, kEnd, kStrides}) {
    LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(i));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(i, DataType::kInt32));
    LITEN_RETURN_IF_ERROR(context.ExpectInputRank(i, 1));
  }
  spec->entries = context.input(kBegin)->shape.dim(0);
  for (int i : {kEnd, kStrides}) {
    if (context.input(i)->shape.dim(0) != spec->entries) {
      return context.Error(
          "input %d (tensor %d) has %d entries, but begin (tensor %d) has %d",
          i, context.input_index(i), context.input(i)->shape.dim(0),
          context.input_index(kBegin), spec->entries);
    }
  }
  spec->begin = context.input(kBegin)->data_as<int32_t>();
  spec->end = context.input(kEnd)->data_as<int32_t>();
  spec->strides = context.input(kStrides)->data_as<int32_t>();
  if (const schema::StridedSliceOptions* options =
          context.op().builtin_options_as_StridedSliceOptions()) {
    spec->begin_mask = options->begin_mask();
    spec->end_mask = options->end_mask();
    spec->ellipsis_mask = options->ellipsis_mask();
    spec->new_axis_mask = options->new_axis_mask();
    spec->shrink_axis_mask = options->shrink_axis_mask();
    spec->offset = options->offset();
  }
  return Status::Ok();
}

// The 16 bytes of a COMPLEX128 element.
struct ComplexBits {
  uint64_t real;
  uint64_t imaginary;
};

class StridedSliceReference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  template <typename T>
  void Copy(const T* input, T* output) const;

  size_t element_size_ = 4;
  int rank_ = 0;
  int64_t first_ = 0;             // Input offset of the first element.
  int64_t step_[kMaxRank] = {};   // Input offset between neighbors.
  int64_t count_[kMaxRank] = {};  // Elements taken along each axis.
  int64_t output_elements_ = 0;
};

Status StridedSliceReference::Prepare(NodeContext& context) {
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(4, 4));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
  const Tensor& input = *context.input(kInput);
  // The loader admits only types of a fixed element size.
  element_size_ = DataTypeSize(input.type);
  LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, input.type));
  SliceSpec spec;
  LITEN_RETURN_IF_ERROR(ReadSliceSpec(context, &spec));

  int ellipsis = -1;
  int new_axes = 0;
  for (int entry = 0; entry < spec.entries; ++entry) {
    if (MaskBit(spec.ellipsis_mask, entry)) {
      if (ellipsis >= 0) {
        return context.Error(
            "ellipsis_mask has more than one bit set (entries %d and %d)",
            ellipsis, entry);
      }
      ellipsis = entry;
    } else if (MaskBit(spec.new_axis_mask, entry)) {
      ++new_axes;
    }
  }
  rank_ = input.shape.rank();
  const int indexing = spec.entries - new_axes - (ellipsis >= 0 ? 1 : 0);
  if (indexing > rank_) {
    return context.Error(
        "begin (tensor %d) indexes %d axes; input %d (tensor %d) has %d",
        context.input_index(kBegin), indexing, kInput,
        context.input_index(kInput), rank_);
  }
  // An ellipsis stands for every axis the other entries leave out; without
  // one, the axes after the last entry are taken whole.
  if (ellipsis < 0) ellipsis = spec.entries;
  const int ellipsis_axes = rank_ - indexing;

  AxisSlice slices[kMaxRank];
  int32_t output_dims[kMaxRank];
  int output_rank = 0;
  const auto append_output_dim = [&](int64_t dim) {
    if (output_rank == kMaxRank) {
      return context.Unsupported(
          "the slice's new axes give the output more than %d dimensions",
          kMaxRank);
    }
    output_dims[output_rank++] = static_cast<int32_t>(dim);
    return Status::Ok();
  };
  int axis = 0;
  for (int entry = 0; entry <= spec.entries; ++entry) {
    if (entry == ellipsis) {
      for (int i = 0; i < ellipsis_axes; ++i, ++axis) {
        slices[axis] = {0, 1, input.shape.dim(axis)};
        LITEN_RETURN_IF_ERROR(append_output_dim(slices[axis].count));
      }
    } else if (entry < spec.entries) {
      if (MaskBit(spec.new_axis_mask, entry)) {
        LITEN_RETURN_IF_ERROR(append_output_dim(1));
        continue;
      }
      LITEN_RETURN_IF_ERROR(ResolveAxis(context, spec, entry, axis,
                                        input.shape.dim(axis), &slices[axis]));
      if (!MaskBit(spec.shrink_axis_mask, entry)) {
        LITEN_RETURN_IF_ERROR(append_output_dim(slices[axis].count));
      }
      ++axis;
    }
  }

  // Offsets in elements, from the input's row-major layout.
  int64_t axis_stride = 1;
  first_ = 0;
  output_elements_ = 1;
  for (int d = rank_ - 1; d >= 0; --d) {
    first_ += slices[d].start * axis_stride;
    step_[d] = slices[d].stride * axis_stride;
    count_[d] = slices[d].count;
    output_elements_ *= slices[d].count;
    axis_stride *= input.shape.dim(d);
  }
  return context.ResizeOutput(kOutput, Shape(output_dims, output_rank));
}

template <typename T>
void StridedSliceReference::Copy(const T* input, T* output) const {
  int64_t index[kMaxRank] = {};
  int64_t offset = first_;
  for (int64_t o = 0; o < output_elements_; ++o) {
    output[o] = input[offset];
    for (int d = rank_ - 1; d >= 0; --d) {
      offset += step_[d];
      if (++index[d] < count_[d]) break;
      offset -= step_[d] * count_[d];
      index[d] = 0;
    }
  }
}

// Elements are copied as unsigned integers of their size, whatever they
// hold.
Status StridedSliceReference::Eval(NodeContext& context) {
  const void* in = context.input(kInput)->data;
  void* out = context.output(kOutput)->data;
  switch (element_size_) {
    case 1:
      Copy(static_cast<const uint8_t*>(in), static_cast<uint8_t*>(out));
      break;
    case 2:
      Copy(static_cast<const uint16_t*>(in), static_cast<uint16_t*>(out));
      break;
    case 4:
      Copy(static_cast<const uint32_t*>(in), static_cast<uint32_t*>(out));
      break;
    case 8:
      Copy(static_cast<const uint64_t*>(in), static_cast<uint64_t*>(out));
      break;
    default:
      Copy(static_cast<const ComplexBits*>(in), static_cast<ComplexBits*>(out));
      break;
  }
  return Status::Ok();
}

}  // namespace

void RegisterStridedSliceKernels(OpResolver& resolver) {
  // TFLite 2.9.0 registers versions 1 to 6; version 7 adds UINT32 input and
  // version 8 the offset option, which liten takes too.
  resolver.Add({schema::BuiltinOperator_STRIDED_SLICE, nullptr, 1, 8,
                MakeKernel<StridedSliceReference>});
}

}  // namespace liten
