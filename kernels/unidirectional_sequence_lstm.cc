// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// UNIDIRECTIONAL_SEQUENCE_LSTM, fully integer ("8x8->16"): INT8 input,
// weights and output state, INT32 gate biases, an INT16 cell state whose
// scale is a power of two, and 16-bit fixed-point gates. It computes exactly
// what TFLite 2.9.0's builtin kernel computes on x86-64
// (unidirectional_sequence_lstm.cc, lstm_eval.cc's EvalInteger8x8_16 and the
// portable tensor_utils every x86 build runs for it), for the LSTM that
// post-training quantization produces: input, forget, cell and output gates
// (no CIFG), no peephole, no projection, no layer normalization, TANH.
// Other configurations, float and hybrid LSTMs among them, are rejected at
// Prepare.
//
// One step for one batch row x, with state h (output) and c (cell):
//   gate = act(sat16(M_h(Wh * h + bh) + sat16(M_x(Wx * x + bx))))
//     where M_* requantize the int32 sums to Q3.12, bx is the gate bias
//     minus the input zero point times the rows of Wx, bh the output state's
//     zero point times the rows of Wh (negated), and act is the fixed-point
//     sigmoid, or tanh for the cell gate, each giving Q0.15;
//   c = clip(sat16(f * c / 2^15 + i * g / 2^(30 + log2(cell scale))));
//   h = sat8(M_hidden(o * tanh(c)) - hidden zero point), copied to the output.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "kernels/quantization_util.h"
#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

// Input positions, as TFLite's lstm_shared.h numbers them.
constexpr int kInput = 0;
constexpr int kInputToInputWeights = 1;
constexpr int kRecurrentToInputWeights = 5;
constexpr int kInputToOutputWeights = 4;
constexpr int kCellToInputWeights = 9;
constexpr int kCellToOutputWeights = 11;
constexpr int kInputGateBias = 12;
constexpr int kProjectionWeights = 16;
constexpr int kProjectionBias = 17;
constexpr int kOutputState = 18;
constexpr int kCellState = 19;
constexpr int kInputLayerNormCoefficients = 20;
constexpr int kOutputLayerNormCoefficients = 23;
constexpr int kOutput = 0;
// The fifth intermediate carries the scale and zero point of the hidden
// state o * tanh(c); the other four only matter with layer normalization.
constexpr int kNumIntermediates = 5;
constexpr int kHiddenIntermediate = 4;

// The operands of one gate, in the order TFLite evaluates the gates'
// pre-activations. Every gate but the cell gate ends in a sigmoid.
struct GateOperands {
  const char* name;
  int input_weights;
  int recurrent_weights;
  int bias;
};
enum Gate { kInputGate, kForgetGate, kCellGate, kOutputGate, kNumGates };
constexpr GateOperands kGates[kNumGates] = {{"input", 1, 5, 12},
                                            {"forget", 2, 6, 13},
                                            {"cell", 3, 7, 14},
                                            {"output", 4, 8, 15}};

// gemmlowp's fixedpoint.h on int16 raw values, which TFLite's ApplySigmoid
// and ApplyTanh run: a value with `integer_bits` integer bits represents
// raw / 2^(15 - integer_bits). Additions and negations wrap around, as
// gemmlowp's int16 arithmetic does on x86-64; products and shifts saturate.
namespace fixed16 {

constexpr int16_t kOne = std::numeric_limits<int16_t>::max();  // Q0.15.

int16_t Wrap(int32_t x) { return static_cast<int16_t>(x); }

// gemmlowp writes its constants as 32-bit raw values and rounds them to 16
// bits for int16 arithmetic.
int16_t Constant(int32_t raw32) {
  return static_cast<int16_t>(RoundingDivideByPOT(raw32, 16));
}

// SaturatingRoundingDoublingHighMul for int16: a * b / 2^15, rounded to
// nearest with ties upward (a negative tie toward zero); -1 * -1 saturates.
int16_t Mul(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) return kOne;
  const int32_t product = int32_t{a} * b;
  const int32_t nudge = product >= 0 ? (1 << 14) : 1 - (1 << 14);
  return static_cast<int16_t>((product + nudge) / (1 << 15));
}

// x * 2^exponent for exponent >= 0, saturating.
int16_t ShiftLeftSaturating(int16_t x, int exponent) {
  const int32_t threshold = (1 << (15 - exponent)) - 1;
  if (x > threshold) return kOne;
  if (x < -threshold) return std::numeric_limits<int16_t>::min();
  return Wrap(x * (1 << exponent));
}

// exp(a) for a in [-1/4, 0), a in Q0.15: a Taylor series around -1/8.
int16_t ExpOnQuarterInterval(int16_t a) {
  static const int16_t kExpMinusEighth = Constant(1895147668);
  static const int16_t kOneThird = Constant(715827883);
  const int16_t x = Wrap(a + (1 << 12));  // a + 1/8.
  const int16_t x2 = Mul(x, x);
  const int16_t x3 = Mul(x2, x);
  const int16_t x4 = Mul(x2, x2);
  const int16_t x4_over_4 = static_cast<int16_t>(RoundingDivideByPOT(x4, 2));
  const int16_t sum = static_cast<int16_t>(RoundingDivideByPOT(
      Wrap(Mul(Wrap(x4_over_4 + x3), kOneThird) + x2), 1));
  return SaturateCast<int16_t>(kExpMinusEighth +
                               Mul(kExpMinusEighth, Wrap(x + sum)));
}

// exp(a) in Q0.15 for a <= 0 with `integer_bits` integer bits: exp of a
// modulo 1/4 times exp(-2^k) for each bit k set in the rest.
int16_t ExpOnNegativeValues(int16_t a, int integer_bits) {
  static const int16_t kExpOfMinusPowerOfTwo[] = {
      Constant(1672461947), Constant(1302514674), Constant(790015084),
      Constant(290630308),  Constant(39332535),   Constant(720401),
      Constant(242)};  // exp(-2^k) for k = -2 .. 4.
  const int fractional_bits = 15 - integer_bits;
  const int16_t one_quarter = static_cast<int16_t>(1 << (fractional_bits - 2));
  const int16_t mod_quarter_minus_quarter =
      Wrap((a & (one_quarter - 1)) - one_quarter);
  int16_t result = ExpOnQuarterInterval(
      ShiftLeftSaturating(mod_quarter_minus_quarter, integer_bits));
  const int16_t remainder = Wrap(mod_quarter_minus_quarter - a);
  for (int k = -2; k <= 4 && k < integer_bits; ++k) {
    if (remainder & (1 << (fractional_bits + k))) {
      result = Mul(result, kExpOfMinusPowerOfTwo[k + 2]);
    }
  }
  // Below -32, exp rounds to zero.
  if (integer_bits > 5 &&
      a < static_cast<int16_t>(
              RoundingDivideByPOT(-(1 << (36 - integer_bits)), 16))) {
    result = 0;
  }
  return a == 0 ? kOne : result;
}

// The Newton-Raphson iteration gemmlowp divides with: for a in Q0.15,
// about 1 / ((a + 1) / 2), in Q2.13.
int16_t InverseOfHalfOnePlus(int16_t a) {
  static const int16_t k48Over17 = Constant(1515870810);
  static const int16_t kMinus32Over17 = Constant(-1010580540);
  constexpr int16_t kOneQ2 = 1 << 13;
  const int32_t sum = int32_t{a} + kOne;
  const int16_t half_denominator =
      static_cast<int16_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
  int16_t x = Wrap(k48Over17 + Mul(half_denominator, kMinus32Over17));
  for (int i = 0; i < 3; ++i) {
    const int16_t error = Wrap(kOneQ2 - Mul(half_denominator, x));
    x = Wrap(x + ShiftLeftSaturating(Mul(x, error), 2));
  }
  return x;
}

// tanh(a) in Q0.15 for a with `integer_bits` integer bits, from
// (1 - exp(-2|a|)) / (1 + exp(-2|a|)).
int16_t Tanh(int16_t a, int integer_bits) {
  if (a == 0) return 0;
  const bool negative = a < 0;
  const int16_t minus_abs = negative ? a : Wrap(-a);
  // -2|a| is the same raw value with one more integer bit.
  const int16_t e = ExpOnNegativeValues(minus_abs, integer_bits + 1);
  const int16_t magnitude =
      ShiftLeftSaturating(Wrap(InverseOfHalfOnePlus(e) - (1 << 13)), 2);
  return negative ? Wrap(-magnitude) : magnitude;
}

// 1 / (1 + exp(-a)) in Q0.15 for a with `integer_bits` integer bits.
int16_t Logistic(int16_t a, int integer_bits) {
  if (a == 0) return 1 << 14;
  const bool positive = a > 0;
  const int16_t minus_abs = positive ? Wrap(-a) : a;
  const int16_t e = ExpOnNegativeValues(minus_abs, integer_bits);
  const int16_t of_abs = ShiftLeftSaturating(InverseOfHalfOnePlus(e), 1);
  return positive ? of_abs : Wrap(kOne - of_abs);
}

}  // namespace fixed16

// The integer bits of the gates' pre-activations (Q3.12), which TFLite
// fixes when there is no layer normalization.
constexpr int kGateIntegerBits = 3;
constexpr float kGateScale = 1.0f / 4096;

// The int16 pre-activation of one gate for one cell: the input and the
// recurrent products, each requantized to Q3.12 and saturated, the second
// on top of the first (TFLite's two MatrixBatchVectorMultiplyAccumulate
// calls into one zeroed buffer).
int16_t AccumulateProduct(const int8_t* vector, const int8_t* row,
                          int32_t size, int32_t bias,
                          const QuantizedMultiplier& multiplier,
                          int16_t accumulated) {
  // TFLite's int32 sums wrap around; unsigned sums wrap without undefined
  // behaviour.
  uint32_t sum = static_cast<uint32_t>(bias);
  for (int32_t k = 0; k < size; ++k) {
    sum += static_cast<uint32_t>(int32_t{vector[k]} * row[k]);
  }
  return SaturateCast<int16_t>(WrappingAdd(
      MultiplyByQuantizedMultiplier(static_cast<int32_t>(sum), multiplier),
      accumulated));
}

// The quantized parameters of one gate, worked out by Prepare.
struct QuantizedGate {
  // The bias of each cell's input product and recurrent product, with the
  // zero points of the input and of the output state folded in.
  std::vector<int32_t> input_bias;
  std::vector<int32_t> recurrent_bias;
  QuantizedMultiplier input_multiplier;
  QuantizedMultiplier recurrent_multiplier;
};

// The node's options; without any, TFLite's parser leaves no activation,
// no clipping and batch-major input.
struct LstmOptions {
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_NONE;
  float cell_clip = 0.0f;
  float proj_clip = 0.0f;
  bool time_major = false;
};

LstmOptions ReadOptions(const NodeContext& context) {
  LstmOptions options;
  if (const auto* table =
          context.op().builtin_options_as_UnidirectionalSequenceLSTMOptions()) {
    options.activation = table->fused_activation_function();
    options.cell_clip = table->cell_clip();
    options.proj_clip = table->proj_clip();
    options.time_major = table->time_major();
  }
  return options;
}

struct LstmDims {
  int32_t batches = 0;
  int32_t steps = 0;
  int32_t input_size = 0;
  int32_t cells = 0;
  bool time_major = false;
};

class UnidirectionalSequenceLstmInt8 : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    const LstmOptions options = ReadOptions(context);
    LITEN_RETURN_IF_ERROR(CheckOperands(context));
    LITEN_RETURN_IF_ERROR(CheckOptions(context, options));
    LITEN_RETURN_IF_ERROR(CheckShapes(context, options.time_major));
    LITEN_RETURN_IF_ERROR(PrepareQuantization(context, options));
    PrepareBiases(context);
    ResetState(context);
    context.RequestScratch(sizeof(int16_t) * kNumGates *
                           static_cast<size_t>(dims_.cells));
    Shape output = context.input(kInput)->shape;
    output.dim(2) = dims_.cells;
    return context.ResizeOutput(kOutput, output);
  }

  Status Eval(NodeContext& context) override {
    const int8_t* input = context.input(kInput)->data_as<int8_t>();
    int8_t* output_state = context.input(kOutputState)->data_as<int8_t>();
    int16_t* cell_state = context.input(kCellState)->data_as<int16_t>();
    int8_t* output = context.output(kOutput)->data_as<int8_t>();
    const int64_t cells = dims_.cells;
    for (int64_t b = 0; b < dims_.batches; ++b) {
      for (int64_t t = 0; t < dims_.steps; ++t) {
        const int64_t row = dims_.time_major ? t * dims_.batches + b
                                             : b * dims_.steps + t;
        int8_t* h = output_state + b * cells;
        Step(context, input + row * dims_.input_size, h,
             cell_state + b * cells);
        std::memcpy(output + row * cells, h, static_cast<size_t>(cells));
      }
    }
    return Status::Ok();
  }

 private:
  // Counts, presence, the configurations TFLite's integer kernel takes,
  // types, constness and the state tensors' nature.
  static Status CheckOperands(const NodeContext& context) {
    if (context.num_inputs() != 20 && context.num_inputs() != 24) {
      return context.Error("has %d inputs; expected 20, or 24 with layer "
                           "normalization coefficients",
                           context.num_inputs());
    }
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const struct {
      int first, last;
      const char* what;
    } kOptionalParts[] = {
        {kCellToInputWeights, kCellToOutputWeights, "peephole weights"},
        {kProjectionWeights, kProjectionBias, "a projection"},
        {kInputLayerNormCoefficients, kOutputLayerNormCoefficients,
         "layer normalization coefficients"}};
    for (const auto& part : kOptionalParts) {
      for (int i = part.first; i <= part.last; ++i) {
        if (context.input(i) != nullptr) {
          return context.Unsupported(
              "input %d (tensor %d) gives the LSTM %s, which liten does not "
              "support",
              i, context.input_index(i), part.what);
        }
      }
    }
    for (int i : {kInputToInputWeights, kRecurrentToInputWeights,
                  kInputGateBias}) {
      if (context.input(i) == nullptr) {
        return context.Unsupported(
            "input %d is omitted, which makes a CIFG LSTM (coupled input and "
            "forget gates); liten does not support it",
            i);
      }
    }
    for (int i : {kInput, kOutputState, kCellState}) {
      LITEN_RETURN_IF_ERROR(ExpectPresent(context, i));
    }
    for (const GateOperands& gate : kGates) {
      for (int i : {gate.input_weights, gate.recurrent_weights, gate.bias}) {
        LITEN_RETURN_IF_ERROR(ExpectPresent(context, i));
      }
    }
    const DataType input_type = context.input(kInput)->type;
    if (input_type != DataType::kInt8) {
      return context.Unsupported(
          "input 0 (tensor %d) has type %s; liten runs only the integer LSTM "
          "(INT8 input and weights), not float or hybrid ones",
          context.input_index(kInput), DataTypeName(input_type));
    }
    for (const GateOperands& gate : kGates) {
      for (int i : {gate.input_weights, gate.recurrent_weights}) {
        LITEN_RETURN_IF_ERROR(context.ExpectInputType(i, DataType::kInt8));
        LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(i));
      }
      LITEN_RETURN_IF_ERROR(context.ExpectInputType(gate.bias,
                                                    DataType::kInt32));
      LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(gate.bias));
    }
    LITEN_RETURN_IF_ERROR(
        context.ExpectInputType(kOutputState, DataType::kInt8));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kCellState, DataType::kInt16));
    for (int i : {kOutputState, kCellState}) {
      const Tensor& state = *context.input(i);
      // Eval writes the state: it must be the interpreter's own memory.
      if (!state.is_variable || state.is_constant()) {
        return context.Error(
            "input %d (tensor %d), the %s state, must be a variable tensor "
            "without data",
            i, context.input_index(i), i == kOutputState ? "output" : "cell");
      }
    }
    return context.ExpectOutputType(kOutput, DataType::kInt8);
  }

  static Status ExpectPresent(const NodeContext& context, int i) {
    if (context.input(i) == nullptr) {
      return context.Error("input %d is required but omitted", i);
    }
    return Status::Ok();
  }

  static Status CheckOptions(const NodeContext& context,
                             const LstmOptions& options) {
    if (options.activation != schema::ActivationFunctionType_TANH) {
      return context.Unsupported(
          "activation %s is not supported: the integer LSTM computes its "
          "cell gate and output with TANH",
          schema::EnumNameActivationFunctionType(options.activation));
    }
    // TFLite requires clips >= 0, which also rejects NaN.
    if (!(options.cell_clip >= 0.0f) || !(options.proj_clip >= 0.0f)) {
      return context.Error("cell_clip is %g and proj_clip %g; both must be "
                           ">= 0 (0: no clipping)",
                           options.cell_clip, options.proj_clip);
    }
    return Status::Ok();
  }

  // Every weight, bias and state agrees with the input and with
  // input_to_output_weights, which give the sizes.
  Status CheckShapes(const NodeContext& context, bool time_major) {
    const Tensor& input = *context.input(kInput);
    if (input.shape.rank() != 3) {
      return context.Error(
          "input 0 (tensor %d) has shape %s; expected rank 3: %s",
          context.input_index(kInput), ShapeToString(input.shape).c_str(),
          time_major ? "[time, batch, input size]"
                     : "[batch, time, input size]");
    }
    dims_.time_major = time_major;
    dims_.batches = input.shape.dim(time_major ? 1 : 0);
    dims_.steps = input.shape.dim(time_major ? 0 : 1);
    dims_.input_size = input.shape.dim(2);
    LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kInputToOutputWeights, 2));
    dims_.cells = context.input(kInputToOutputWeights)->shape.dim(0);
    // Constant weights from the file have data, but ones computed at
    // Prepare (an empty slice) may not.
    if (dims_.cells < 1) {
      return context.Error("input %d (tensor %d), input_to_output_weights, "
                           "gives %d cells; an LSTM needs at least one",
                           kInputToOutputWeights,
                           context.input_index(kInputToOutputWeights),
                           dims_.cells);
    }
    for (const GateOperands& gate : kGates) {
      LITEN_RETURN_IF_ERROR(ExpectShape(context, gate.input_weights,
                                        Shape({dims_.cells, dims_.input_size}),
                                        gate.name, "input weights"));
      // Without a projection the output state has one value per cell, so
      // the recurrent weights are square.
      LITEN_RETURN_IF_ERROR(ExpectShape(context, gate.recurrent_weights,
                                        Shape({dims_.cells, dims_.cells}),
                                        gate.name, "recurrent weights"));
      LITEN_RETURN_IF_ERROR(ExpectShape(context, gate.bias,
                                        Shape({dims_.cells}), gate.name,
                                        "bias"));
    }
    // TFLite accepts a state of any shape with the right element count.
    const int64_t state_elements = int64_t{dims_.batches} * dims_.cells;
    for (int i : {kOutputState, kCellState}) {
      const Tensor& state = *context.input(i);
      if (state.NumElements() != state_elements) {
        return context.Error(
            "input %d (tensor %d), the %s state, has shape %s; expected %lld "
            "elements (batch %d x %d cells)",
            i, context.input_index(i), i == kOutputState ? "output" : "cell",
            ShapeToString(state.shape).c_str(),
            static_cast<long long>(state_elements), dims_.batches,
            dims_.cells);
      }
    }
    return Status::Ok();
  }

  static Status ExpectShape(const NodeContext& context, int i,
                            const Shape& expected, const char* gate,
                            const char* what) {
    const Shape& shape = context.input(i)->shape;
    if (shape != expected) {
      return context.Error(
          "input %d (tensor %d), the %s gate's %s, has shape %s; expected %s "
          "(from input 0 and input_to_output_weights)",
          i, context.input_index(i), gate, what, ShapeToString(shape).c_str(),
          ShapeToString(expected).c_str());
    }
    return Status::Ok();
  }

  // TFLite's PopulateQuantizedLstmParams8x8_16 without layer normalization,
  // peephole or projection.
  Status PrepareQuantization(const NodeContext& context,
                             const LstmOptions& options) {
    TensorQuantization input, output_state, cell_state, output;
    LITEN_RETURN_IF_ERROR(GetInputQuantization(context, kInput, &input));
    LITEN_RETURN_IF_ERROR(
        GetInputQuantization(context, kOutputState, &output_state));
    LITEN_RETURN_IF_ERROR(
        GetInputQuantization(context, kCellState, &cell_state));
    // TFLite only requires the output to be quantized: Eval copies the
    // output state into it.
    LITEN_RETURN_IF_ERROR(GetOutputQuantization(context, kOutput, &output));
    input_zero_point_ = input.zero_point;
    output_state_zero_point_ = output_state.zero_point;

    LITEN_RETURN_IF_ERROR(PrepareCellScale(context, cell_state));
    // TFLite's quantized_cell_clip: the clip divided by the cell scale in
    // float, clamped to int16 and truncated.
    const float clip = options.cell_clip / cell_state.scale;
    cell_clip_ = clip > 0.0f
                     ? static_cast<int16_t>(std::min(clip, 32767.0f))
                     : 0;

    for (int g = 0; g < kNumGates; ++g) {
      const GateOperands& gate = kGates[g];
      // TFLite multiplies the weight, input and state scales in float and
      // divides by the gate scale 2^-12.
      float weights_scale = 0.0f;
      LITEN_RETURN_IF_ERROR(
          GetWeightsScale(context, gate.input_weights, &weights_scale));
      LITEN_RETURN_IF_ERROR(MakeMultiplier(
          context, weights_scale * input.scale / kGateScale,
          StrFormat("%s gate's input product", gate.name),
          &gates_[g].input_multiplier));
      LITEN_RETURN_IF_ERROR(
          GetWeightsScale(context, gate.recurrent_weights, &weights_scale));
      LITEN_RETURN_IF_ERROR(MakeMultiplier(
          context, weights_scale * output_state.scale / kGateScale,
          StrFormat("%s gate's recurrent product", gate.name),
          &gates_[g].recurrent_multiplier));
    }

    const Tensor* hidden = nullptr;
    LITEN_RETURN_IF_ERROR(GetHiddenIntermediate(context, &hidden));
    // The product o * tanh(c) is in Q0.30; TFLite computes 2^-30 / scale in
    // double and rounds it to float.
    const float hidden_scale = static_cast<float>(
        std::pow(2.0, -15) / hidden->quantization.scales[0] *
        std::pow(2.0, -15));
    hidden_zero_point_ =
        static_cast<int32_t>(hidden->quantization.zero_points[0]);
    return MakeMultiplier(context, hidden_scale,
                          "output gate times tanh of the cell state",
                          &hidden_multiplier_);
  }

  // TFLite's CheckedLog2 in float: the cell scale must be 2^k. Its tanh of
  // the cell state takes 15 + k integer bits, and only 0 to 6 do anything.
  Status PrepareCellScale(const NodeContext& context,
                          const TensorQuantization& cell_state) {
    const float log2 = std::log(cell_state.scale) * (1.0f / std::log(2.0f));
    const float rounded = std::round(log2);
    if (!(std::fabs(log2 - rounded) < 1e-3f) || rounded < -15.0f ||
        rounded > -9.0f) {
      return context.Unsupported(
          "input %d (tensor %d), the cell state, has scale %g; the integer "
          "LSTM needs a power of two from 2^-15 to 2^-9",
          kCellState, context.input_index(kCellState), cell_state.scale);
    }
    if (cell_state.zero_point != 0) {
      return context.Unsupported(
          "input %d (tensor %d), the cell state, has zero point %d; the "
          "integer LSTM needs 0",
          kCellState, context.input_index(kCellState), cell_state.zero_point);
    }
    cell_scale_log2_ = static_cast<int>(rounded);
    return Status::Ok();
  }

  // TFLite ignores the weights' zero points, so only symmetric weights mean
  // what the model says.
  static Status GetWeightsScale(const NodeContext& context, int i,
                                float* scale) {
    TensorQuantization weights;
    LITEN_RETURN_IF_ERROR(GetInputQuantization(context, i, &weights));
    if (weights.zero_point != 0) {
      return context.Unsupported(
          "input %d (tensor %d) has zero point %d; LSTM weights must be "
          "symmetric (zero point 0)",
          i, context.input_index(i), weights.zero_point);
    }
    *scale = weights.scale;
    return Status::Ok();
  }

  // `product` names the product the multiplier requantizes, for messages.
  static Status MakeMultiplier(const NodeContext& context, float real,
                               const std::string& product,
                               QuantizedMultiplier* multiplier) {
    if (std::isfinite(real)) {
      *multiplier = QuantizeMultiplier(real);
      if (multiplier->shift <= kMaxMultiplierShift) return Status::Ok();
    }
    return context.Error(
        "the scales of the %s give a multiplier of %g, which is not "
        "representable (it must be below 2^31)",
        product.c_str(), real);
  }

  // The node's intermediates are in the model's operator, but NodeContext
  // only reaches tensors through inputs and outputs. The interpreter keeps
  // all of a subgraph's tensors in one array indexed by tensor index
  // (src/interpreter.cc), so the intermediate is found from input 0; the
  // loader checked that its index is in range.
  static Status GetHiddenIntermediate(const NodeContext& context,
                                      const Tensor** hidden) {
    const flatbuffers::Vector<int32_t>* intermediates =
        context.op().intermediates();
    const int count = intermediates == nullptr ? 0 : intermediates->size();
    if (count != kNumIntermediates) {
      return context.Error(
          "has %d intermediate tensors; the integer LSTM needs %d, the last "
          "one quantized as the hidden state",
          count, kNumIntermediates);
    }
    const int index = intermediates->Get(kHiddenIntermediate);
    *hidden = context.input(kInput) - context.input_index(kInput) + index;
    const QuantizationInfo& quantization = (*hidden)->quantization;
    if (quantization.scales.size() != 1) {
      return context.Error(
          "intermediate %d (tensor %d), the hidden state, has %zu scales; "
          "expected one",
          kHiddenIntermediate, index, quantization.scales.size());
    }
    return Status::Ok();
  }

  // TFLite folds the zero points into the biases once: each cell's input
  // product gets bias - input_zero_point * (sum of its weights), its
  // recurrent product -output_state_zero_point * (sum of its weights).
  void PrepareBiases(const NodeContext& context) {
    for (int g = 0; g < kNumGates; ++g) {
      const GateOperands& gate = kGates[g];
      const int32_t* bias = context.input(gate.bias)->data_as<int32_t>();
      gates_[g].input_bias.assign(bias, bias + dims_.cells);
      FoldZeroPoint(context.input(gate.input_weights)->data_as<int8_t>(),
                    dims_.input_size, -input_zero_point_,
                    &gates_[g].input_bias);
      gates_[g].recurrent_bias.assign(static_cast<size_t>(dims_.cells), 0);
      FoldZeroPoint(context.input(gate.recurrent_weights)->data_as<int8_t>(),
                    dims_.cells, -output_state_zero_point_,
                    &gates_[g].recurrent_bias);
    }
  }

  static void FoldZeroPoint(const int8_t* weights, int32_t columns,
                            int32_t factor, std::vector<int32_t>* bias) {
    for (int32_t& b : *bias) {
      uint32_t row_sum = 0;
      for (int32_t k = 0; k < columns; ++k) {
        row_sum += static_cast<uint32_t>(int32_t{*weights++});
      }
      b = WrappingAdd(b, static_cast<int32_t>(row_sum *
                                              static_cast<uint32_t>(factor)));
    }
  }

  // TFLite's AllocateTensors resets every variable tensor: INT8 ones to
  // their zero point, others to zero. liten's interpreter zeroes them once,
  // so the LSTM does TFLite's reset itself.
  void ResetState(const NodeContext& context) const {
    Tensor& output_state = *context.input(kOutputState);
    std::memset(output_state.data, output_state_zero_point_,
                output_state.bytes);
    Tensor& cell_state = *context.input(kCellState);
    std::memset(cell_state.data, 0, cell_state.bytes);
  }

  // One time step of one batch row: `h` and `c` are its output and cell
  // state, updated in place.
  void Step(const NodeContext& context, const int8_t* x, int8_t* h,
            int16_t* c) const {
    const int32_t cells = dims_.cells;
    int16_t* gate_values = static_cast<int16_t*>(context.scratch());
    for (int g = 0; g < kNumGates; ++g) {
      const QuantizedGate& gate = gates_[g];
      const int8_t* input_weights =
          context.input(kGates[g].input_weights)->data_as<int8_t>();
      const int8_t* recurrent_weights =
          context.input(kGates[g].recurrent_weights)->data_as<int8_t>();
      int16_t* values = gate_values + g * cells;
      for (int32_t r = 0; r < cells; ++r) {
        const int16_t from_input = AccumulateProduct(
            x, input_weights + int64_t{r} * dims_.input_size,
            dims_.input_size, gate.input_bias[r], gate.input_multiplier, 0);
        const int16_t sum = AccumulateProduct(
            h, recurrent_weights + int64_t{r} * cells, cells,
            gate.recurrent_bias[r], gate.recurrent_multiplier, from_input);
        values[r] = g == kCellGate ? fixed16::Tanh(sum, kGateIntegerBits)
                                   : fixed16::Logistic(sum, kGateIntegerBits);
      }
    }
    const int16_t* input_gate = gate_values + kInputGate * cells;
    const int16_t* forget_gate = gate_values + kForgetGate * cells;
    const int16_t* cell_gate = gate_values + kCellGate * cells;
    const int16_t* output_gate = gate_values + kOutputGate * cells;
    for (int32_t r = 0; r < cells; ++r) {
      // Each product fits int16 after its shift; TFLite then adds them
      // saturating and clips.
      const int32_t kept =
          RoundingDivideByPOT(int32_t{forget_gate[r]} * c[r], 15);
      const int32_t added = RoundingDivideByPOT(
          int32_t{input_gate[r]} * cell_gate[r], 30 + cell_scale_log2_);
      int16_t cell = SaturateCast<int16_t>(kept + added);
      if (cell_clip_ > 0) {
        cell = std::min<int16_t>(std::max<int16_t>(cell, -cell_clip_),
                                 cell_clip_);
      }
      c[r] = cell;
      const int16_t activated = fixed16::Tanh(cell, 15 + cell_scale_log2_);
      // TFLite 2.9's CwiseMul subtracts the hidden zero point.
      h[r] = SaturateCast<int8_t>(WrappingAdd(
          MultiplyByQuantizedMultiplier(int32_t{output_gate[r]} * activated,
                                        hidden_multiplier_),
          -hidden_zero_point_));
    }
  }

  LstmDims dims_;
  QuantizedGate gates_[kNumGates];
  QuantizedMultiplier hidden_multiplier_;
  int32_t hidden_zero_point_ = 0;
  int32_t input_zero_point_ = 0;
  int32_t output_state_zero_point_ = 0;
  int cell_scale_log2_ = -12;
  int16_t cell_clip_ = 0;
};

}  // namespace

void RegisterUnidirectionalSequenceLstmKernels(OpResolver& resolver) {
  // TFLite 2.9 registers versions 1 to 3.
  resolver.Add({schema::BuiltinOperator_UNIDIRECTIONAL_SEQUENCE_LSTM, nullptr,
                1, 3, MakeKernel<UnidirectionalSequenceLstmInt8>});
}

}  // namespace liten
