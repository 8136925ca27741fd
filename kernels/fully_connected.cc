// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// FULLY_CONNECTED for float32: output[b, u] = act(sum_i input[b, i] *
// weights[u, i] + bias[u]), with the input read as [elements / depth, depth].
#include <cstdint>
#include <limits>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "kernels/xnnpack/convolution.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kWeights = 1, kBias = 2;
constexpr int kOutput = 0;

// Weights [units, depth], optional bias [units]; any input whose element
// count is a multiple of depth. Runs on XNNPACK when the weights are
// constant and XNNPACK takes them, else on the reference loop.
class FullyConnectedFloat32 : public XnnpackOrReferenceKernel {
 public:
  FullyConnectedFloat32() : XnnpackOrReferenceKernel(kWeights) {}
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  Status PrepareShapes(NodeContext& context);
  void EvalReference(NodeContext& context) const;

  int64_t batches_ = 0;
  int32_t units_ = 0;
  int32_t depth_ = 0;
  ActivationRange activation_;
};

Status FullyConnectedFloat32::Prepare(NodeContext& context) {
  xnnpack_.reset();
  LITEN_RETURN_IF_ERROR(PrepareShapes(context));
  const Tensor* bias = context.input(kBias);
  if (context.use_reference_kernels() ||
      !context.input(kWeights)->is_constant() || !IsConstantOrOmitted(bias)) {
    return Status::Ok();
  }
  xnnpack_ = CreateFullyConnectedXnnpack(
      depth_, units_, context.input(kWeights)->data_as<float>(),
      bias != nullptr ? bias->data_as<float>() : nullptr, activation_);
  return Status::Ok();
}

Status FullyConnectedFloat32::Eval(NodeContext& context) {
  if (xnnpack_ == nullptr) {
    EvalReference(context);
    return Status::Ok();
  }
  return RunFullyConnectedXnnpack(context, xnnpack_.get(), batches_,
                                  context.input(kInput)->data_as<float>(),
                                  context.output(kOutput)->data_as<float>());
}

Status FullyConnectedFloat32::PrepareShapes(NodeContext& context) {
  // Absent options mean no activation, the default weights format and a
  // flattened output, as in TFLite. asymmetric_quantize_inputs and
  // quantized_bias_type only concern quantized weights, which are rejected.
  const schema::FullyConnectedOptions* options =
      context.op().builtin_options_as_FullyConnectedOptions();
  const schema::ActivationFunctionType activation =
      options != nullptr ? options->fused_activation_function()
                         : schema::ActivationFunctionType_NONE;
  const bool keep_num_dims = options != nullptr && options->keep_num_dims();
  // Checked before the output count: the shuffled format has a second
  // output, and the right answer for it is that the format is unsupported.
  const schema::FullyConnectedOptionsWeightsFormat format =
      options != nullptr ? options->weights_format()
                         : schema::FullyConnectedOptionsWeightsFormat_DEFAULT;
  if (format != schema::FullyConnectedOptionsWeightsFormat_DEFAULT) {
    return context.Unsupported(
        "weights format %d (%s) is not supported; only DEFAULT is",
        static_cast<int>(format),
        schema::EnumNameFullyConnectedOptionsWeightsFormat(format));
  }
  LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 3));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
  LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(context.ExpectInputType(kWeights, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kWeights, 2));
  LITEN_RETURN_IF_ERROR(GetActivationRange(context, activation, &activation_));

  const Shape& input = context.input(kInput)->shape;
  const Shape& weights = context.input(kWeights)->shape;
  units_ = weights.dim(0);
  depth_ = weights.dim(1);
  if (depth_ < 1) {
    return context.Error("input 1 (tensor %d), the weights, has shape %s; "
                         "its input depth (dim 1) must be >= 1",
                         context.input_index(kWeights),
                         ShapeToString(weights).c_str());
  }
  // TFLite floors the division and ignores the remainder; a remainder only
  // arises in a malformed model, so it is rejected here.
  const int64_t elements = input.NumElements();
  if (elements % depth_ != 0) {
    return context.Error("input 0 (tensor %d) has shape %s, whose %lld "
                         "elements are not a multiple of the weights' input "
                         "depth %d (input 1, tensor %d)",
                         context.input_index(kInput),
                         ShapeToString(input).c_str(),
                         static_cast<long long>(elements), depth_,
                         context.input_index(kWeights));
  }
  batches_ = elements / depth_;
  if (const Tensor* bias = context.input(kBias)) {
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kBias, DataType::kFloat32));
    // TFLite checks only the element count, not the rank.
    if (bias->NumElements() != units_) {
      return context.Error("input 2 (tensor %d), the bias, has %lld elements; "
                           "expected %d, one per output unit",
                           context.input_index(kBias),
                           static_cast<long long>(bias->NumElements()),
                           units_);
    }
  }

  if (!keep_num_dims) {
    // A depth of 1 flattens the whole input into rows, which may outnumber
    // what one dim holds.
    if (batches_ > std::numeric_limits<int32_t>::max()) {
      return context.Error("input 0 (tensor %d) flattens to %lld rows, more "
                           "than a dim can hold", context.input_index(kInput),
                           static_cast<long long>(batches_));
    }
    return context.ResizeOutput(
        kOutput, Shape({static_cast<int32_t>(batches_), units_}));
  }
  // Only the last axis is contracted; the leading ones are kept.
  if (input.rank() < 1 || input.dim(input.rank() - 1) != depth_) {
    return context.Error("keep_num_dims is set, so the last dim of input 0 "
                         "(tensor %d, shape %s) must equal the weights' input "
                         "depth %d", context.input_index(kInput),
                         ShapeToString(input).c_str(), depth_);
  }
  Shape output = input;
  output.dim(output.rank() - 1) = units_;
  return context.ResizeOutput(kOutput, output);
}

// Sums in TFLite's reference order, then adds the bias and clamps.
void FullyConnectedFloat32::EvalReference(NodeContext& context) const {
  const float* input = context.input(kInput)->data_as<float>();
  const float* weights = context.input(kWeights)->data_as<float>();
  const Tensor* bias = context.input(kBias);
  const float* bias_data = bias != nullptr ? bias->data_as<float>() : nullptr;
  float* out = context.output(kOutput)->data_as<float>();

  for (int64_t b = 0; b < batches_; ++b) {
    const float* row = input + b * depth_;
    for (int32_t u = 0; u < units_; ++u) {
      const float* unit_weights = weights + static_cast<int64_t>(u) * depth_;
      float total = 0.0f;
      for (int32_t i = 0; i < depth_; ++i) total += row[i] * unit_weights[i];
      const float bias_value = bias_data != nullptr ? bias_data[u] : 0.0f;
      *out++ = Clamp(total + bias_value, activation_);
    }
  }
}

}  // namespace

void RegisterFullyConnectedKernels(OpResolver& resolver) {
  // Versions 1-9, as TFLite 2.9 registers them; the type checks reject what
  // the quantized and hybrid versions add.
  resolver.Add({schema::BuiltinOperator_FULLY_CONNECTED, nullptr, 1, 9,
                MakeKernel<FullyConnectedFloat32>});
}

}  // namespace liten
