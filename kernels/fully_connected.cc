// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// FULLY_CONNECTED: output[b, u] = act(sum_i input[b, i] * weights[u, i] +
// bias[u]), with the input read as [elements / depth, depth]. FLOAT32, and
// UINT8 or INT8 computed as TFLite 2.9.0's x86-64 build does.
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/kernel_util.h"
#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "kernels/x86/avx2_kernel.h"
#include "kernels/x86/qconv2d.h"
#include "kernels/xnnpack/convolution.h"
#include "src/status_util.h"

namespace liten {
namespace {

constexpr int kInput = 0, kWeights = 1, kBias = 2;
constexpr int kOutput = 0;

// What Prepare works out of a FULLY_CONNECTED node for Eval.
struct FullyConnectedShape {
  int64_t batches = 0;
  int32_t units = 0;
  int32_t depth = 0;
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_NONE;
  ActivationRange activation_range;
};

// Reads the options, checks the operands (`check_types` their types, between
// the counts and the shapes; a bias must be `bias_type`), computes the
// geometry and sizes the output.
Status PrepareFullyConnected(NodeContext& context,
                             Status (*check_types)(const NodeContext&),
                             DataType bias_type, FullyConnectedShape* shape) {
  // Absent options mean no activation, the default weights format and a
  // flattened output, as in TFLite. asymmetric_quantize_inputs only
  // concerns hybrid weights, which are rejected, and quantized_bias_type
  // versions past the 9 that TFLite 2.9 runs.
  const schema::FullyConnectedOptions* options =
      context.op().builtin_options_as_FullyConnectedOptions();
  shape->activation = options != nullptr
                          ? options->fused_activation_function()
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
  LITEN_RETURN_IF_ERROR(check_types(context));
  LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kWeights, 2));
  // TFLite takes only these clamps, whether FLOAT32 or quantized.
  LITEN_RETURN_IF_ERROR(GetActivationRange(context, shape->activation,
                                           &shape->activation_range));

  const Shape& input = context.input(kInput)->shape;
  const Shape& weights = context.input(kWeights)->shape;
  shape->units = weights.dim(0);
  shape->depth = weights.dim(1);
  if (shape->depth < 1) {
    return context.Error("input 1 (tensor %d), the weights, has shape %s; "
                         "its input depth (dim 1) must be >= 1",
                         context.input_index(kWeights),
                         ShapeToString(weights).c_str());
  }
  // TFLite floors the division and ignores the remainder; a remainder only
  // arises in a malformed model, so it is rejected here.
  const int64_t elements = input.NumElements();
  if (elements % shape->depth != 0) {
    return context.Error("input 0 (tensor %d) has shape %s, whose %lld "
                         "elements are not a multiple of the weights' input "
                         "depth %d (input 1, tensor %d)",
                         context.input_index(kInput),
                         ShapeToString(input).c_str(),
                         static_cast<long long>(elements), shape->depth,
                         context.input_index(kWeights));
  }
  shape->batches = elements / shape->depth;
  if (const Tensor* bias = context.input(kBias)) {
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kBias, bias_type));
    // TFLite checks only the element count, not the rank.
    if (bias->NumElements() != shape->units) {
      return context.Error("input 2 (tensor %d), the bias, has %lld elements; "
                           "expected %d, one per output unit",
                           context.input_index(kBias),
                           static_cast<long long>(bias->NumElements()),
                           shape->units);
    }
  }

  if (!keep_num_dims) {
    // A depth of 1 flattens the whole input into rows, which may outnumber
    // what one dim holds.
    if (shape->batches > std::numeric_limits<int32_t>::max()) {
      return context.Error("input 0 (tensor %d) flattens to %lld rows, more "
                           "than a dim can hold", context.input_index(kInput),
                           static_cast<long long>(shape->batches));
    }
    return context.ResizeOutput(
        kOutput, Shape({static_cast<int32_t>(shape->batches), shape->units}));
  }
  // Only the last axis is contracted; the leading ones are kept.
  if (input.rank() < 1 || input.dim(input.rank() - 1) != shape->depth) {
    return context.Error("keep_num_dims is set, so the last dim of input 0 "
                         "(tensor %d, shape %s) must equal the weights' input "
                         "depth %d", context.input_index(kInput),
                         ShapeToString(input).c_str(), shape->depth);
  }
  Shape output = input;
  output.dim(output.rank() - 1) = shape->units;
  return context.ResizeOutput(kOutput, output);
}

Status ExpectFloat32Operands(const NodeContext& context) {
  LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput, DataType::kFloat32));
  LITEN_RETURN_IF_ERROR(context.ExpectInputType(kWeights, DataType::kFloat32));
  return context.ExpectOutputType(kOutput, DataType::kFloat32);
}

// The reference loop of every type: each unit of each row summed in TFLite's
// reference order, finished by `math` (kernels/quantization_util.h).
template <typename Math>
void MultiplyReference(const FullyConnectedShape& shape, const Tensor& input,
                       const Tensor& weights, const Math& math,
                       typename Math::Value* out) {
  using Value = typename Math::Value;
  const Value* input_data = input.data_as<Value>();
  const Value* weights_data = weights.data_as<Value>();
  for (int64_t b = 0; b < shape.batches; ++b) {
    const Value* row = input_data + b * shape.depth;
    for (int32_t u = 0; u < shape.units; ++u) {
      const Value* unit_weights =
          weights_data + static_cast<int64_t>(u) * shape.depth;
      typename Math::Sum total = 0;
      for (int32_t i = 0; i < shape.depth; ++i) {
        math.Accumulate(total, row[i], unit_weights[i]);
      }
      *out++ = math.Finish(total, u);
    }
  }
}

// Weights [units, depth], optional bias [units]; any input whose element
// count is a multiple of depth. Runs on XNNPACK when the weights are
// constant and XNNPACK takes them, else on the reference loop.
class FullyConnectedFloat32 : public XnnpackOrReferenceKernel {
 public:
  FullyConnectedFloat32() : XnnpackOrReferenceKernel(kWeights) {}
  Status Prepare(NodeContext& context) override;
  Status Eval(NodeContext& context) override;

 private:
  void EvalReference(NodeContext& context) const;

  FullyConnectedShape shape_;
};

Status FullyConnectedFloat32::Prepare(NodeContext& context) {
  xnnpack_.reset();
  LITEN_RETURN_IF_ERROR(PrepareFullyConnected(context, ExpectFloat32Operands,
                                              DataType::kFloat32, &shape_));
  const Tensor* bias = context.input(kBias);
  if (context.use_reference_kernels() ||
      !context.input(kWeights)->is_constant() || !IsConstantOrOmitted(bias)) {
    return Status::Ok();
  }
  xnnpack_ = CreateFullyConnectedXnnpack(
      shape_.depth, shape_.units, context.input(kWeights)->data_as<float>(),
      bias != nullptr ? bias->data_as<float>() : nullptr,
      shape_.activation_range);
  return Status::Ok();
}

Status FullyConnectedFloat32::Eval(NodeContext& context) {
  if (xnnpack_ == nullptr) {
    EvalReference(context);
    return Status::Ok();
  }
  return RunFullyConnectedXnnpack(context, xnnpack_.get(), shape_.batches,
                                  context.input(kInput)->data_as<float>(),
                                  context.output(kOutput)->data_as<float>());
}

void FullyConnectedFloat32::EvalReference(NodeContext& context) const {
  const FloatConvolutionMath math(context.input(kBias),
                                  shape_.activation_range);
  MultiplyReference(shape_, *context.input(kInput), *context.input(kWeights),
                    math, context.output(kOutput)->data_as<float>());
}

// UINT8 or INT8 with per-tensor weights, zero points of both honoured:
// TFLite runs it as a ruy GEMM, so the sums are exact and only the
// requantization is ruy's (ConvolutionKind::kFullyConnected). With constant
// weights it runs on liten's 8-bit AVX2 GEMM, as a 1x1 CONV_2D. TFLite 2.9
// reads per-channel weight scales as a scale of 0 and outputs the zero point
// everywhere; liten rejects them instead.
class FullyConnectedQuantized
    : public Avx2OrReferenceKernel<QuantizedConv2DAvx2> {
 public:
  FullyConnectedQuantized() : Avx2OrReferenceKernel(kWeights) {}

  Status Prepare(NodeContext& context) override {
    avx2_.reset();
    LITEN_RETURN_IF_ERROR(PrepareFullyConnected(
        context, ExpectConvolutionTypes, DataType::kInt32, &shape_));
    LITEN_RETURN_IF_ERROR(PrepareConvolutionQuantization(
        context, ConvolutionKind::kFullyConnected, shape_.activation,
        shape_.units, &quantization_));

    const Tensor& weights = *context.input(kWeights);
    const Tensor* bias = context.input(kBias);
    if (context.use_reference_kernels() || !weights.is_constant() ||
        !IsConstantOrOmitted(bias) ||
        shape_.batches > std::numeric_limits<int32_t>::max()) {
      return Status::Ok();
    }
    // The rows of the input are the pixels of a 1x1 convolution whose
    // filter is the weights, [units, depth] being [units, 1, 1, depth].
    Conv2DWindow window;
    window.rows.output_size = static_cast<int32_t>(shape_.batches);
    window.cols.output_size = 1;
    QuantizedConv2DShape conv;
    conv.input_height = window.rows.output_size;
    conv.input_width = 1;
    conv.input_channels = shape_.depth;
    conv.filter_height = 1;
    conv.filter_width = 1;
    conv.output_channels = shape_.units;
    avx2_ = CreateQuantizedConv2DAvx2ForNode(
        context, window, conv, context.input(kInput)->type, weights, bias,
        quantization_, context.output(kOutput)->type);
    return Status::Ok();
  }

  Status Eval(NodeContext& context) override {
    if (avx2_ != nullptr) {
      avx2_->Run(1, context.input(kInput)->data,
                 context.output(kOutput)->data, context.scratch(),
                 avx2_->SharesWork(1) ? context.threadpool() : nullptr);
      return Status::Ok();
    }
    RunWithQuantizedMath(context, quantization_, [&](const auto& math) {
      using Value = typename std::decay_t<decltype(math)>::Value;
      MultiplyReference(shape_, *context.input(kInput),
                        *context.input(kWeights), math,
                        context.output(kOutput)->data_as<Value>());
    });
    return Status::Ok();
  }

 private:
  FullyConnectedShape shape_;
  ConvolutionQuantization quantization_;
};

}  // namespace

void RegisterFullyConnectedKernels(OpResolver& resolver) {
  // Versions 1-9, as TFLite 2.9 registers them; the type checks reject what
  // liten lacks of the later ones (INT16, hybrid and sparse weights).
  resolver.Add({schema::BuiltinOperator_FULLY_CONNECTED, nullptr, 1, 9,
                MakeKernel<FloatOrQuantizedKernel<FullyConnectedFloat32,
                                                  FullyConnectedQuantized>>});
}

}  // namespace liten
