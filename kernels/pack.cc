// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// PACK stacks values_count tensors of one shape along a new axis; UNPACK
// takes a tensor apart along one axis into `num` tensors. Any type: only
// bytes move, so, as TFLite 2.9.0 does, both require every packed or
// unpacked tensor to have the quantization of the other side.
#include <cstdint>
#include <cstring>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {
namespace {

bool SameQuantization(const Tensor& a, const Tensor& b) {
  return a.quantization.scales == b.quantization.scales &&
         a.quantization.zero_points == b.quantization.zero_points;
}

// The checks PACK's inputs and UNPACK's outputs share against the one
// tensor on the other side, `whole`: the same type and quantization.
// `role` and `i` name the part ("input", 2).
Status ExpectPartOf(const NodeContext& context, const char* role, int i,
                    int index, const Tensor& part, const char* whole_role,
                    int whole_index, const Tensor& whole) {
  if (part.type != whole.type) {
    return context.Unsupported("%s %d (tensor %d) has type %s; expected %s",
                               role, i, index, DataTypeName(part.type),
                               DataTypeName(whole.type));
  }
  if (!SameQuantization(part, whole)) {
    return context.Error(
        "%s %d (tensor %d) is quantized differently from %s (tensor %d); "
        "packing cannot rescale",
        role, i, index, whole_role, whole_index);
  }
  return Status::Ok();
}

// Along the stacking axis the packed tensor is, for each index of the axes
// before it, one run of bytes per part, in part order.
struct Interleaving {
  int64_t outer = 0;
  size_t run_bytes = 0;
};

class Pack : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    constexpr int kOutput = 0;
    // Absent options mean values_count 0, which TFLite then rejects.
    const schema::PackOptions* options =
        context.op().builtin_options_as_PackOptions();
    const int32_t count = options != nullptr ? options->values_count() : 0;
    const int32_t axis = options != nullptr ? options->axis() : 0;
    if (count < 1 || count != context.num_inputs()) {
      return context.Error("values_count is %d but the node has %d inputs",
                           count, context.num_inputs());
    }
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& output = *context.output(kOutput);
    const Tensor& first = *context.input(0);
    // The loader admits only types of a fixed element size.
    const size_t element_size = DataTypeSize(first.type);
    for (int i = 0; i < count; ++i) {
      const Tensor& input = *context.input(i);
      LITEN_RETURN_IF_ERROR(
          ExpectPartOf(context, "input", i, context.input_index(i), input,
                       "output 0", context.output_index(0), output));
      if (input.shape != first.shape) {
        return context.Error(
            "input %d (tensor %d) has shape %s; input 0 has %s", i,
            context.input_index(i), ShapeToString(input.shape).c_str(),
            ShapeToString(first.shape).c_str());
      }
    }
    const int rank = first.shape.rank();
    if (rank + 1 > kMaxRank) {
      return context.Unsupported(
          "packing rank-%d inputs would give the output more than %d "
          "dimensions",
          rank, kMaxRank);
    }
    int packed_axis = 0;
    LITEN_RETURN_IF_ERROR(NormalizeAxis(context, axis, rank + 1, &packed_axis));
    int32_t dims[kMaxRank];
    for (int d = 0, source = 0; d <= rank; ++d) {
      dims[d] = d == packed_axis ? count : first.shape.dim(source++);
    }
    layout_.outer = first.shape.FlatSize(0, packed_axis);
    layout_.run_bytes = first.shape.FlatSize(packed_axis, rank) * element_size;
    return context.ResizeOutput(kOutput, Shape(dims, rank + 1));
  }

  Status Eval(NodeContext& context) override {
    if (layout_.run_bytes == 0) return Status::Ok();
    uint8_t* out = context.output(0)->data_as<uint8_t>();
    for (int64_t o = 0; o < layout_.outer; ++o) {
      for (int i = 0; i < context.num_inputs(); ++i) {
        std::memcpy(
            out, context.input(i)->data_as<uint8_t>() + o * layout_.run_bytes,
            layout_.run_bytes);
        out += layout_.run_bytes;
      }
    }
    return Status::Ok();
  }

 private:
  Interleaving layout_;
};

class Unpack : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    constexpr int kInput = 0;
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    // Absent options mean num 0 and axis 0, as in TFLite.
    const schema::UnpackOptions* options =
        context.op().builtin_options_as_UnpackOptions();
    const int32_t num = options != nullptr ? options->num() : 0;
    const int32_t axis = options != nullptr ? options->axis() : 0;
    const Tensor& input = *context.input(kInput);
    const size_t element_size = DataTypeSize(input.type);
    const int rank = input.shape.rank();
    int unpacked_axis = 0;
    LITEN_RETURN_IF_ERROR(NormalizeAxis(context, axis, rank, &unpacked_axis));
    if (num != input.shape.dim(unpacked_axis)) {
      return context.Error(
          "num is %d but input %d (tensor %d) has %d elements along axis %d",
          num, kInput, context.input_index(kInput),
          input.shape.dim(unpacked_axis), unpacked_axis);
    }
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(num));
    int32_t dims[kMaxRank];
    for (int d = 0, target = 0; d < rank; ++d) {
      if (d != unpacked_axis) dims[target++] = input.shape.dim(d);
    }
    const Shape part(dims, rank - 1);
    for (int i = 0; i < num; ++i) {
      LITEN_RETURN_IF_ERROR(ExpectPartOf(
          context, "output", i, context.output_index(i), *context.output(i),
          "input 0", context.input_index(kInput), input));
      LITEN_RETURN_IF_ERROR(context.ResizeOutput(i, part));
    }
    layout_.outer = input.shape.FlatSize(0, unpacked_axis);
    layout_.run_bytes =
        input.shape.FlatSize(unpacked_axis + 1, rank) * element_size;
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    if (layout_.run_bytes == 0) return Status::Ok();
    const uint8_t* in = context.input(0)->data_as<uint8_t>();
    for (int64_t o = 0; o < layout_.outer; ++o) {
      for (int i = 0; i < context.num_outputs(); ++i) {
        std::memcpy(
            context.output(i)->data_as<uint8_t>() + o * layout_.run_bytes, in,
            layout_.run_bytes);
        in += layout_.run_bytes;
      }
    }
    return Status::Ok();
  }

 private:
  Interleaving layout_;
};

}  // namespace

void RegisterPackKernels(OpResolver& resolver) {
  // The versions TFLite 2.9.0 registers; they add types, which all move
  // alike.
  resolver.Add({schema::BuiltinOperator_PACK, nullptr, 1, 3, MakeKernel<Pack>});
  resolver.Add(
      {schema::BuiltinOperator_UNPACK, nullptr, 1, 4, MakeKernel<Unpack>});
}

}  // namespace liten
