// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// MEAN over a constant set of axes, on float32 tensors.
#include <cstdint>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kAxis = 1;
constexpr int kOutput = 0;

class MeanFloat32Reference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kAxis, DataType::kInt32));
    LITEN_RETURN_IF_ERROR(
        context.ExpectOutputType(kOutput, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(kAxis));

    const Shape& input = context.input(kInput)->shape;
    const Tensor& axis = *context.input(kAxis);
    // Like TFLite, the axis tensor is read as a flat list whatever its rank;
    // negative axes count from the end and repeats are ignored.
    bool reduced[kMaxRank] = {};
    const int32_t* axes = axis.data_as<int32_t>();
    for (int64_t i = 0; i < axis.NumElements(); ++i) {
      int normalized = 0;
      LITEN_RETURN_IF_ERROR(
          NormalizeAxis(context, axes[i], input.rank(), &normalized));
      reduced[normalized] = true;
    }

    const schema::ReducerOptions* options =
        context.op().builtin_options_as_ReducerOptions();
    const bool keep_dims = options != nullptr && options->keep_dims();
    int32_t kept_dims[kMaxRank];
    int32_t output_dims[kMaxRank];
    int output_rank = 0;
    count_ = 1;
    for (int d = 0; d < input.rank(); ++d) {
      kept_dims[d] = reduced[d] ? 1 : input.dim(d);
      if (reduced[d]) count_ *= input.dim(d);
      if (!reduced[d] || keep_dims) output_dims[output_rank++] = kept_dims[d];
    }
    kept_shape_ = Shape(kept_dims, input.rank());
    return context.ResizeOutput(kOutput, Shape(output_dims, output_rank));
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    const float* in = input.data_as<float>();
    float* out = output.data_as<float>();
    // The output doubles as the accumulator. Visiting the input in row-major
    // order adds each output's terms in the order TFLite's reference does.
    const int64_t output_size = output.NumElements();
    for (int64_t i = 0; i < output_size; ++i) out[i] = 0.0f;
    ForEachBroadcast(kept_shape_, input.shape, input.shape,
                     [&](int64_t sum_index, int64_t, int64_t in_index) {
                       out[sum_index] += in[in_index];
                     });
    // An empty reduction gives 0/0 = NaN, as numpy's mean does.
    const float count = static_cast<float>(count_);
    for (int64_t i = 0; i < output_size; ++i) out[i] /= count;
    return Status::Ok();
  }

 private:
  // The input's shape with reduced axes set to 1; it indexes the output in
  // either keep_dims mode, since dropping size-1 axes keeps the layout.
  Shape kept_shape_;
  int64_t count_ = 1;
};

}  // namespace

void RegisterMeanKernels(OpResolver& resolver) {
  // Versions 2 and 3 add int8/uint8 and int16, which the type checks reject.
  resolver.Add({schema::BuiltinOperator_MEAN, nullptr, 1, 3,
                MakeKernel<MeanFloat32Reference>});
}

}  // namespace liten
