// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// CONCATENATION: joins FLOAT32 tensors along one axis.
//
// TFLite 2.9's kernel rejects fused activations other than NONE; liten
// applies them, so models TFLite accepts give identical results and the rest
// get the activation the converter meant.
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kOutput = 0;

class ConcatenationFloat32Reference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    const int count = context.num_inputs();
    if (count < 1) return context.Error("has no inputs; expected at least 1");
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    LITEN_RETURN_IF_ERROR(
        context.ExpectOutputType(kOutput, DataType::kFloat32));
    for (int i = 0; i < count; ++i) {
      if (context.input(i) == nullptr) {
        return context.Error("input %d is required but omitted", i);
      }
      LITEN_RETURN_IF_ERROR(context.ExpectInputType(i, DataType::kFloat32));
    }
    int32_t axis = 0;
    schema::ActivationFunctionType activation =
        schema::ActivationFunctionType_NONE;
    if (const schema::ConcatenationOptions* options =
            context.op().builtin_options_as_ConcatenationOptions()) {
      axis = options->axis();
      activation = options->fused_activation_function();
    }
    LITEN_RETURN_IF_ERROR(GetActivationRange(context, activation, &range_));
    clamp_ = activation != schema::ActivationFunctionType_NONE;

    const Shape& first = context.input(0)->shape;
    LITEN_RETURN_IF_ERROR(NormalizeAxis(context, axis, first.rank(), &axis_));
    Shape output_shape = first;
    int64_t axis_size = 0;
    for (int i = 0; i < count; ++i) {
      const Tensor* input = context.input(i);
      LITEN_RETURN_IF_ERROR(context.ExpectInputRank(i, first.rank()));
      for (int d = 0; d < first.rank(); ++d) {
        if (d != axis_ && input->shape.dim(d) != first.dim(d)) {
          return context.Error(
              "input %d (tensor %d) has shape %s, which differs from input 0's "
              "%s outside axis %d",
              i, context.input_index(i), ShapeToString(input->shape).c_str(),
              ShapeToString(first).c_str(), axis_);
        }
      }
      axis_size += input->shape.dim(axis_);
    }
    if (axis_size > std::numeric_limits<int32_t>::max()) {
      return context.Error(
          "the inputs' axis %d sizes sum to %lld, more than a dim can hold",
          axis_, static_cast<long long>(axis_size));
    }
    output_shape.dim(axis_) = static_cast<int32_t>(axis_size);
    return context.ResizeOutput(kOutput, output_shape);
  }

  Status Eval(NodeContext& context) override {
    Tensor& output = *context.output(kOutput);
    float* out = output.data_as<float>();
    const int rank = output.shape.rank();
    const int64_t outer = output.shape.FlatSize(0, axis_);
    const int64_t inner = output.shape.FlatSize(axis_ + 1, rank);
    // The output is, for each outer index, input 0's slab, input 1's, ...
    for (int64_t o = 0; o < outer; ++o) {
      for (int i = 0; i < context.num_inputs(); ++i) {
        const Tensor& input = *context.input(i);
        const int64_t slab = input.shape.dim(axis_) * inner;
        const float* in = input.data_as<float>() + o * slab;
        if (clamp_) {
          for (int64_t k = 0; k < slab; ++k) out[k] = Clamp(in[k], range_);
        } else if (slab != 0) {
          // Without an activation TFLite copies, so infinities pass through.
          std::memcpy(out, in, slab * sizeof(float));
        }
        out += slab;
      }
    }
    return Status::Ok();
  }

 private:
  int axis_ = 0;
  bool clamp_ = false;
  ActivationRange range_;
};

}  // namespace

void RegisterConcatenationKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_CONCATENATION, nullptr, 1, 3,
                MakeKernel<ConcatenationFloat32Reference>});
}

}  // namespace liten
