// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// SPLIT: cuts a tensor into num_splits equal parts along one axis. Input 0
// is the axis (a constant INT32 scalar, negative counting from the end),
// input 1 the tensor, of any type; the parts are outputs 0 to
// num_splits - 1, in order. Only bytes move, so quantized
// tensors split as they are (TFLite 2.9.0 checks no quantization either).
#include <cstdint>
#include <cstring>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kAxis = 0, kInput = 1;

class Split : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
    LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(kAxis));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kAxis, DataType::kInt32));
    const Tensor& axis = *context.input(kAxis);
    if (axis.NumElements() != 1) {
      return context.Error(
          "input %d (tensor %d) has shape %s; the axis must be one value",
          kAxis, context.input_index(kAxis), ShapeToString(axis.shape).c_str());
    }
    // Absent options mean num_splits 0, as in TFLite, which rejects it.
    const schema::SplitOptions* options =
        context.op().builtin_options_as_SplitOptions();
    const int32_t splits = options != nullptr ? options->num_splits() : 0;
    if (splits < 1) {
      return context.Error("num_splits is %d; expected >= 1", splits);
    }
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(splits));
    const Tensor& input = *context.input(kInput);
    // The loader admits only types of a fixed element size.
    element_size_ = DataTypeSize(input.type);
    LITEN_RETURN_IF_ERROR(NormalizeAxis(context, axis.data_as<int32_t>()[0],
                                        input.shape.rank(), &axis_));
    const int32_t size = input.shape.dim(axis_);
    if (size % splits != 0) {
      return context.Error(
          "input %d (tensor %d) has %d elements along axis %d, which do not "
          "split into %d equal parts",
          kInput, context.input_index(kInput), size, axis_, splits);
    }
    Shape part = input.shape;
    part.dim(axis_) = size / splits;
    outer_ = input.shape.FlatSize(0, axis_);
    run_bytes_ = part.FlatSize(axis_, part.rank()) * element_size_;
    for (int i = 0; i < splits; ++i) {
      LITEN_RETURN_IF_ERROR(context.ExpectOutputType(i, input.type));
      LITEN_RETURN_IF_ERROR(context.ResizeOutput(i, part));
    }
    return Status::Ok();
  }

  // The input is, for each index of the axes before `axis_`, one run of
  // bytes per output, in output order.
  Status Eval(NodeContext& context) override {
    // Empty tensors may have no data at all, which memcpy must not see.
    if (run_bytes_ == 0) return Status::Ok();
    const uint8_t* in = context.input(kInput)->data_as<uint8_t>();
    const size_t stride = run_bytes_ * context.num_outputs();
    for (int i = 0; i < context.num_outputs(); ++i) {
      uint8_t* out = context.output(i)->data_as<uint8_t>();
      const uint8_t* from = in + i * run_bytes_;
      // Splitting the channels of images gives runs of one element, too
      // short for a memcpy call each.
      if (run_bytes_ == 1) {
        for (int64_t o = 0; o < outer_; ++o) out[o] = from[o * stride];
        continue;
      }
      for (int64_t o = 0; o < outer_; ++o) {
        std::memcpy(out + o * run_bytes_, from + o * stride, run_bytes_);
      }
    }
    return Status::Ok();
  }

 private:
  int axis_ = 0;
  size_t element_size_ = 1;
  int64_t outer_ = 0;
  size_t run_bytes_ = 0;  // One output's share of one outer index.
};

}  // namespace

void RegisterSplitKernels(OpResolver& resolver) {
  // The versions TFLite 2.9.0 registers: past 1 they add INT8, INT32 and
  // INT16, which all split alike.
  resolver.Add(
      {schema::BuiltinOperator_SPLIT, nullptr, 1, 4, MakeKernel<Split>});
}

}  // namespace liten
