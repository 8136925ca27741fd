// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// UNIDIRECTIONAL_SEQUENCE_LSTM against a naive definition of TFLite 2.9's
// integer LSTM written out here: zero points subtracted element by element,
// gemmlowp's 16-bit fixed-point sigmoid and tanh spelled out on plain
// integers, the state carried from step to step and from Invoke to Invoke.
// tests/models/lstm_tflite_test.cc compares with TFLite itself.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/quantization_util.h"
#include "liten/interpreter.h"
#include "schema/schema_generated.h"
#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"

namespace liten {
namespace {

using testing::ElementCount;
using testing::ModelBuilder;
using testing::ModelErrorCase;
using testing::TestInterpreter;

// TFLite's operand positions (lstm_shared.h), and the gates in the order
// of its weights: input, forget, cell, output.
constexpr int kNumGates = 4;
constexpr int kInputGate = 0, kForgetGate = 1, kCellGate = 2, kOutputGate = 3;
constexpr int kFirstInputWeights = 1;      // 1 to 4.
constexpr int kFirstRecurrentWeights = 5;  // 5 to 8.
constexpr int kFirstBias = 12;             // 12 to 15.
constexpr int kOutputState = 18, kCellState = 19;

struct Quantization {
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int axis = 0;
};

// An LSTM node and its model. The defaults are a valid integer LSTM; the
// cases below change sizes and scales, and the error table breaks one
// thing at a time through the maps and flags at the end.
struct LstmGraph {
  int32_t batches = 2;
  int32_t steps = 3;
  int32_t input_size = 5;
  int32_t cells = 4;
  bool time_major = false;
  int num_inputs = 24;
  int version = 1;
  bool has_options = true;
  schema::ActivationFunctionType activation =
      schema::ActivationFunctionType_TANH;
  float cell_clip = 10.0f;
  float proj_clip = 0.0f;
  float input_scale = 1.0f / 128;
  int32_t input_zero_point = -7;
  // The input weights of gate g at g, its recurrent weights at 4 + g.
  std::array<float, 2 * kNumGates> weights_scales = {
      0.021f, 0.017f, 0.025f, 0.019f, 0.013f, 0.011f, 0.016f, 0.014f};
  float output_state_scale = 1.0f / 128;
  int32_t output_state_zero_point = 5;
  int cell_scale_log2 = -12;
  float hidden_scale = 1.0f / 128;
  int32_t hidden_zero_point = 5;
  int32_t bias_range = 20000;  // Biases are drawn from +-bias_range.
  uint32_t seed = 1;

  // Changes, by input position: another type, shape or quantization;
  // omitted; given a tensor where the default omits it (peephole,
  // projection, layer normalization); a graph input instead of a constant.
  std::map<int, DataType> types;
  std::map<int, std::vector<int32_t>> shapes;
  std::map<int, Quantization> quantization;
  std::set<int> omitted;
  std::set<int> added;
  std::set<int> graph_inputs;
  bool states_are_variables = true;
  DataType output_type = DataType::kInt8;
  bool output_quantized = true;
  int num_intermediates = 5;
  bool hidden_quantized = true;
};

std::vector<int32_t> InputShape(const LstmGraph& g) {
  return g.time_major ? std::vector<int32_t>{g.steps, g.batches, g.input_size}
                      : std::vector<int32_t>{g.batches, g.steps, g.input_size};
}

// The constant operands, drawn from the graph's seed.
struct LstmValues {
  std::array<std::vector<int8_t>, 2 * kNumGates> weights;
  std::array<std::vector<int32_t>, kNumGates> biases;
};

LstmValues RandomValues(const LstmGraph& g) {
  std::mt19937 rng(g.seed);
  std::uniform_int_distribution<int> weight(-127, 127);
  std::uniform_int_distribution<int32_t> bias(-g.bias_range, g.bias_range);
  LstmValues values;
  for (int w = 0; w < 2 * kNumGates; ++w) {
    values.weights[w].resize(static_cast<size_t>(
        g.cells * (w < kNumGates ? g.input_size : g.cells)));
    for (int8_t& v : values.weights[w]) v = static_cast<int8_t>(weight(rng));
  }
  for (std::vector<int32_t>& b : values.biases) {
    b.resize(static_cast<size_t>(g.cells));
    for (int32_t& v : b) v = bias(rng);
  }
  return values;
}

template <typename T>
std::vector<uint8_t> AsBytes(const std::vector<T>& values) {
  const uint8_t* begin = reinterpret_cast<const uint8_t*>(values.data());
  return std::vector<uint8_t>(begin, begin + values.size() * sizeof(T));
}

std::vector<uint8_t> BuildLstm(const LstmGraph& g) {
  const LstmValues values = RandomValues(g);
  ModelBuilder builder;
  std::vector<int> inputs(static_cast<size_t>(g.num_inputs), -1);
  std::vector<int> graph_inputs;
  // Adds input `position` with the graph's changes applied; `bytes` holds
  // a constant's data (zeros when a change resizes it), none for the rest.
  auto add = [&](int position, DataType type, std::vector<int32_t> shape,
                 std::vector<uint8_t> bytes, Quantization quantization) {
    if (position >= g.num_inputs || g.omitted.count(position) != 0) return -1;
    if (g.types.count(position) != 0) type = g.types.at(position);
    if (g.shapes.count(position) != 0) shape = g.shapes.at(position);
    if (g.quantization.count(position) != 0) {
      quantization = g.quantization.at(position);
    }
    int tensor = 0;
    if (bytes.empty() || g.graph_inputs.count(position) != 0) {
      tensor = builder.AddTensor(type, shape);
      if (position != kOutputState && position != kCellState) {
        graph_inputs.push_back(tensor);
      }
    } else {
      bytes.resize(static_cast<size_t>(ElementCount(shape)) *
                   DataTypeSize(type));
      tensor = builder.AddConstantBytes(type, shape, bytes);
    }
    if (!quantization.scales.empty()) {
      builder.SetQuantization(tensor, quantization.scales,
                              quantization.zero_points, quantization.axis);
    }
    inputs[static_cast<size_t>(position)] = tensor;
    return tensor;
  };
  add(0, DataType::kInt8, InputShape(g), {},
      {{g.input_scale}, {g.input_zero_point}});
  for (int w = 0; w < 2 * kNumGates; ++w) {
    const int32_t columns = w < kNumGates ? g.input_size : g.cells;
    add(kFirstInputWeights + w, DataType::kInt8, {g.cells, columns},
        AsBytes(values.weights[w]), {{g.weights_scales[w]}, {0}});
  }
  for (int gate = 0; gate < kNumGates; ++gate) {
    add(kFirstBias + gate, DataType::kInt32, {g.cells},
        AsBytes(values.biases[gate]), {});
  }
  for (int position : g.added) {
    const bool matrix = position == 16;
    add(position, matrix ? DataType::kInt8 : DataType::kInt16,
        matrix ? std::vector<int32_t>{g.cells, g.cells}
               : std::vector<int32_t>{g.cells},
        std::vector<uint8_t>(1), {{1.0f}, {0}});
  }
  const int output_state =
      add(kOutputState, DataType::kInt8, {g.batches, g.cells}, {},
          {{g.output_state_scale}, {g.output_state_zero_point}});
  const int cell_state =
      add(kCellState, DataType::kInt16, {g.batches, g.cells}, {},
          {{std::ldexp(1.0f, g.cell_scale_log2)}, {0}});
  std::vector<int32_t> output_shape = InputShape(g);
  output_shape.back() = g.cells;
  const int output = builder.AddTensor(g.output_type, output_shape);
  if (g.output_quantized) {
    builder.SetQuantization(output, {g.output_state_scale},
                            {g.output_state_zero_point});
  }
  std::vector<int> intermediates;
  for (int i = 0; i < g.num_intermediates; ++i) {
    const bool hidden = i == 4;
    intermediates.push_back(builder.AddTensor(
        hidden ? DataType::kInt8 : DataType::kFloat32, {0}));
    if (hidden && g.hidden_quantized) {
      builder.SetQuantization(intermediates.back(), {g.hidden_scale},
                              {g.hidden_zero_point});
    }
  }
  flatbuffers::Offset<void> options = 0;
  if (g.has_options) {
    options = schema::CreateUnidirectionalSequenceLSTMOptions(
                  builder.fbb(), g.activation, g.cell_clip, g.proj_clip,
                  g.time_major)
                  .Union();
  }
  builder.AddOperator(
      schema::BuiltinOperator_UNIDIRECTIONAL_SEQUENCE_LSTM, inputs, {output},
      g.has_options ? schema::BuiltinOptions_UnidirectionalSequenceLSTMOptions
                    : schema::BuiltinOptions_NONE,
      options, g.version);
  if (!g.states_are_variables) {
    for (int state : {output_state, cell_state}) {
      if (state >= 0) graph_inputs.push_back(state);
    }
  }
  builder.SetInputs(graph_inputs);
  builder.SetOutputs({output});
  // ModelBuilder has no variable tensors or intermediates: set them in the
  // object form of the model.
  const std::vector<uint8_t> bytes = builder.Finish();
  std::unique_ptr<schema::ModelT> model = schema::UnPackModel(bytes.data());
  schema::SubGraphT& subgraph = *model->subgraphs[0];
  if (g.states_are_variables) {
    for (int state : {output_state, cell_state}) {
      if (state >= 0) subgraph.tensors[static_cast<size_t>(state)]->is_variable = true;
    }
  }
  subgraph.operators[0]->intermediates = intermediates;
  flatbuffers::FlatBufferBuilder fbb;
  schema::FinishModelBuffer(fbb, schema::Model::Pack(fbb, model.get()));
  return std::vector<uint8_t>(fbb.GetBufferPointer(),
                              fbb.GetBufferPointer() + fbb.GetSize());
}

// gemmlowp's 16-bit fixed point (fixedpoint.h), which TFLite's integer LSTM
// applies its activations in, as plain integer arithmetic: a raw int16
// value with n integer bits stands for raw / 2^(15 - n).
int16_t Wrap16(int32_t x) { return static_cast<int16_t>(x); }

int16_t Saturate16(int64_t x) {
  return static_cast<int16_t>(std::min<int64_t>(std::max<int64_t>(x, -32768),
                                                32767));
}

// a * b / 2^15 rounded half up; -1 * -1 (which would be 1) saturates.
int16_t FixedMul(int16_t a, int16_t b) {
  if (a == -32768 && b == -32768) return 32767;
  return static_cast<int16_t>(std::floor(a * b / 32768.0 + 0.5));
}

int16_t FixedShiftLeft(int16_t x, int exponent) {
  return Saturate16(int64_t{x} * (int64_t{1} << exponent));
}

int16_t FixedHalve(int16_t x, int exponent) {
  return static_cast<int16_t>(RoundingDivideByPOT(x, exponent));
}

// gemmlowp writes constants as 32-bit raw values, rounded to 16 bits here.
int16_t Constant16(int32_t raw32) {
  return static_cast<int16_t>(RoundingDivideByPOT(raw32, 16));
}

// exp(a) for a in [-1/4, 0) in Q0.15.
int16_t NaiveExpNearZero(int16_t a) {
  const int16_t x = Wrap16(a + 4096);  // a + 1/8.
  const int16_t x2 = FixedMul(x, x);
  const int16_t x3 = FixedMul(x2, x);
  const int16_t x4 = FixedMul(x2, x2);
  const int16_t x4_over_4 = FixedHalve(x4, 2);
  const int16_t terms = FixedHalve(
      Wrap16(FixedMul(Wrap16(x4_over_4 + x3), Constant16(715827883)) + x2),
      1);
  const int16_t exp_minus_eighth = Constant16(1895147668);
  return Saturate16(exp_minus_eighth +
                    FixedMul(exp_minus_eighth, Wrap16(x + terms)));
}

// exp(a) in Q0.15 for a <= 0 with `bits` integer bits.
int16_t NaiveExp(int16_t a, int bits) {
  const int fraction = 15 - bits;
  const int16_t quarter = static_cast<int16_t>(1 << (fraction - 2));
  const int16_t low = Wrap16((a & (quarter - 1)) - quarter);
  int16_t result = NaiveExpNearZero(FixedShiftLeft(low, bits));
  const int16_t high = Wrap16(low - a);
  const struct {
    int exponent;
    int32_t raw32;  // exp(-2^exponent).
  } kFactors[] = {{-2, 1672461947}, {-1, 1302514674}, {0, 790015084},
                  {1, 290630308},   {2, 39332535},    {3, 720401},
                  {4, 242}};
  for (const auto& factor : kFactors) {
    if (bits > factor.exponent &&
        (high & (1 << (fraction + factor.exponent))) != 0) {
      result = FixedMul(result, Constant16(factor.raw32));
    }
  }
  if (bits > 5 && a < Constant16(-(1 << (36 - bits)))) result = 0;  // -32.
  return a == 0 ? 32767 : result;
}

// gemmlowp's Newton-Raphson division: 1 / ((a + 1) / 2) in Q2.13 for a in
// Q0.15.
int16_t NaiveReciprocal(int16_t a) {
  const int32_t sum = a + 32767;
  const int16_t half = static_cast<int16_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
  int16_t x = Wrap16(Constant16(1515870810) +
                     FixedMul(half, Constant16(-1010580540)));
  for (int i = 0; i < 3; ++i) {
    x = Wrap16(x + FixedShiftLeft(
                       FixedMul(x, Wrap16(8192 - FixedMul(half, x))), 2));
  }
  return x;
}

int16_t NaiveTanh(int16_t a, int bits) {
  if (a == 0) return 0;
  const int16_t negative_abs = a < 0 ? a : Wrap16(-a);
  const int16_t e = NaiveExp(negative_abs, bits + 1);  // exp(-2|a|).
  const int16_t t =
      FixedShiftLeft(Wrap16(NaiveReciprocal(e) - 8192), 2);  // (1-e)/(1+e).
  return a < 0 ? Wrap16(-t) : t;
}

int16_t NaiveSigmoid(int16_t a, int bits) {
  if (a == 0) return 16384;
  const int16_t negative_abs = a > 0 ? Wrap16(-a) : a;
  const int16_t s = FixedShiftLeft(
      NaiveReciprocal(NaiveExp(negative_abs, bits)), 1);  // 1/(1+e).
  return a > 0 ? s : Wrap16(32767 - s);
}

// The LSTM of a graph, one Invoke at a time, keeping the state as TFLite
// does: the output state starts at its zero point, the cell state at 0.
class NaiveLstm {
 public:
  explicit NaiveLstm(const LstmGraph& g)
      : g_(g),
        values_(RandomValues(g)),
        h_(static_cast<size_t>(g.batches * g.cells),
           static_cast<int8_t>(g.output_state_zero_point)),
        c_(static_cast<size_t>(g.batches * g.cells), 0) {
    // TFLite multiplies the scales in float and divides by 2^-12, the scale
    // of the gates' inputs.
    for (int w = 0; w < 2 * kNumGates; ++w) {
      const float other =
          w < kNumGates ? g.input_scale : g.output_state_scale;
      const float product = g.weights_scales[w] * other;
      multipliers_[w] = QuantizeMultiplier(product / (1.0f / 4096));
    }
    // o * tanh(c) has scale 2^-30.
    hidden_multiplier_ = QuantizeMultiplier(
        static_cast<float>(std::ldexp(1.0, -30) / g.hidden_scale));
  }

  std::vector<int8_t> Invoke(const std::vector<int8_t>& input) {
    std::vector<int8_t> output(static_cast<size_t>(g_.batches * g_.steps *
                                                   g_.cells));
    for (int b = 0; b < g_.batches; ++b) {
      for (int t = 0; t < g_.steps; ++t) {
        const int row = g_.time_major ? t * g_.batches + b
                                      : b * g_.steps + t;
        Step(&input[static_cast<size_t>(row * g_.input_size)], b);
        for (int r = 0; r < g_.cells; ++r) {
          output[static_cast<size_t>(row * g_.cells + r)] = h(b, r);
        }
      }
    }
    return output;
  }

 private:
  int8_t& h(int b, int r) { return h_[static_cast<size_t>(b * g_.cells + r)]; }
  int16_t& c(int b, int r) { return c_[static_cast<size_t>(b * g_.cells + r)]; }

  // W * (v - zero point) + bias, requantized to Q3.12.
  int32_t Product(int w, const int8_t* v, int32_t zero_point, int32_t size,
                  int r, int32_t bias) const {
    int32_t sum = bias;
    for (int k = 0; k < size; ++k) {
      sum += (v[k] - zero_point) *
             values_.weights[static_cast<size_t>(w)]
                            [static_cast<size_t>(r * size + k)];
    }
    return MultiplyByQuantizedMultiplier(sum, multipliers_[w]);
  }

  void Step(const int8_t* x, int b) {
    const std::vector<int8_t> h_before(&h(b, 0), &h(b, 0) + g_.cells);
    std::vector<std::vector<int16_t>> gate(
        kNumGates, std::vector<int16_t>(static_cast<size_t>(g_.cells)));
    for (int g = 0; g < kNumGates; ++g) {
      for (int r = 0; r < g_.cells; ++r) {
        const int16_t from_input = Saturate16(
            Product(g, x, g_.input_zero_point, g_.input_size, r,
                    values_.biases[static_cast<size_t>(g)]
                                  [static_cast<size_t>(r)]));
        const int16_t sum = Saturate16(
            int64_t{from_input} +
            Product(kNumGates + g, h_before.data(),
                    g_.output_state_zero_point, g_.cells, r, 0));
        gate[g][r] =
            g == kCellGate ? NaiveTanh(sum, 3) : NaiveSigmoid(sum, 3);
      }
    }
    const int cell_bits = 15 + g_.cell_scale_log2;
    const int16_t clip = static_cast<int16_t>(std::min(
        g_.cell_clip / std::ldexp(1.0f, g_.cell_scale_log2), 32767.0f));
    for (int r = 0; r < g_.cells; ++r) {
      const int32_t forget_term =
          RoundingDivideByPOT(gate[kForgetGate][r] * c(b, r), 15);
      const int32_t input_term = RoundingDivideByPOT(
          gate[kInputGate][r] * gate[kCellGate][r], 15 + cell_bits);
      int16_t cell = Saturate16(forget_term + input_term);
      if (clip > 0) cell = std::min(std::max<int16_t>(cell, -clip), clip);
      c(b, r) = cell;
      const int32_t hidden = MultiplyByQuantizedMultiplier(
          gate[kOutputGate][r] * NaiveTanh(cell, cell_bits),
          hidden_multiplier_);
      h(b, r) = static_cast<int8_t>(std::min(
          std::max(hidden - g_.hidden_zero_point, -128), 127));
    }
  }

  LstmGraph g_;
  LstmValues values_;
  std::vector<int8_t> h_;
  std::vector<int16_t> c_;
  std::array<QuantizedMultiplier, 2 * kNumGates> multipliers_;
  QuantizedMultiplier hidden_multiplier_;
};

TEST(NaiveLstmActivationTest, ApproximateTheirDefinitions) {
  // The fixed-point functions above are the oracle of the tests below:
  // check that they compute what their names say, to within a few units
  // of 2^-15.
  double worst_sigmoid = 0.0, worst_tanh = 0.0;
  for (int a = -32768; a <= 32767; ++a) {
    const int16_t raw = static_cast<int16_t>(a);
    worst_sigmoid = std::max(
        worst_sigmoid,
        std::fabs(NaiveSigmoid(raw, 3) / 32768.0 -
                  1.0 / (1.0 + std::exp(-std::ldexp(a, -12)))));
    for (int bits = 0; bits <= 6; ++bits) {
      worst_tanh = std::max(
          worst_tanh, std::fabs(NaiveTanh(raw, bits) / 32768.0 -
                                std::tanh(std::ldexp(a, bits - 15))));
    }
  }
  EXPECT_LT(worst_sigmoid, 4e-4);
  EXPECT_LT(worst_tanh, 4e-4);
}

// Random INT8 inputs for one Invoke of `g`.
std::vector<int8_t> RandomInput(const LstmGraph& g, std::mt19937& rng) {
  std::uniform_int_distribution<int> value(-128, 127);
  std::vector<int8_t> input(static_cast<size_t>(ElementCount(InputShape(g))));
  for (int8_t& v : input) v = static_cast<int8_t>(value(rng));
  return input;
}

struct LstmCase {
  const char* name;
  void (*change)(LstmGraph& g);
};

class LstmTest : public ::testing::TestWithParam<LstmCase> {};

TEST_P(LstmTest, MatchesNaiveDefinitionAcrossInvokes) {
  LstmGraph g;
  GetParam().change(g);
  const std::vector<uint8_t> model = BuildLstm(g);
  ASSERT_NO_FATAL_FAILURE(testing::ExpectNodePath(model, "reference"));
  TestInterpreter interpreter;
  const Status built = interpreter.Build(model);
  ASSERT_TRUE(built.ok()) << built.message();
  std::vector<int32_t> output_shape = InputShape(g);
  output_shape.back() = g.cells;
  NaiveLstm naive(g);
  std::mt19937 rng(g.seed + 100);
  // The state carries over from one Invoke to the next.
  for (int invoke = 0; invoke < 3; ++invoke) {
    const std::vector<int8_t> input = RandomInput(g, rng);
    ASSERT_TRUE(interpreter.SetInput(0, input).ok());
    const Status invoked = interpreter.Invoke();
    ASSERT_TRUE(invoked.ok()) << invoked.message();
    EXPECT_EQ(interpreter.OutputShape(0), output_shape);
    EXPECT_EQ(interpreter.Output<int8_t>(0), naive.Invoke(input))
        << "invoke " << invoke;
  }
}

const LstmCase kLstmCases[] = {
    {"Default", [](LstmGraph&) {}},
    {"OneOfEach",
     [](LstmGraph& g) {
       g.batches = g.steps = g.input_size = g.cells = 1;
       g.num_inputs = 20;
     }},
    {"TimeMajor",
     [](LstmGraph& g) {
       g.time_major = true;
       g.batches = 3;
       g.steps = 7;
       g.input_size = 13;
       g.cells = 8;
       g.version = 3;
     }},
    {"MnistShape",
     [](LstmGraph& g) {
       g.batches = 1;
       g.steps = 28;
       g.input_size = 28;
       g.cells = 20;
       g.input_zero_point = -128;
       g.output_state_zero_point = g.hidden_zero_point = -1;
     }},
    // Large products saturate the gates; a clip of 0.25 is 1024 in Q3.12.
    {"SaturatedAndClipped",
     [](LstmGraph& g) {
       g.cells = 16;
       g.input_size = 3;
       for (float& s : g.weights_scales) s *= 8.0f;
       g.bias_range = 1 << 20;
       g.cell_clip = 0.25f;
     }},
    {"NoClipAndOtherHiddenScale",
     [](LstmGraph& g) {
       g.cell_clip = 0.0f;
       g.hidden_scale = 1.0f / 300;
       g.hidden_zero_point = -20;
       g.output_state_zero_point = 40;
       g.seed = 7;
     }},
    // The tanh of the cell state takes 15 + log2(cell scale) integer bits.
    {"CellScale2ToMinus15", [](LstmGraph& g) { g.cell_scale_log2 = -15; }},
    {"CellScale2ToMinus11", [](LstmGraph& g) { g.cell_scale_log2 = -11; }},
    {"CellScale2ToMinus9",
     [](LstmGraph& g) {
       g.cell_scale_log2 = -9;
       g.steps = 12;
     }},
};

INSTANTIATE_TEST_SUITE_P(Cases, LstmTest, ::testing::ValuesIn(kLstmCases),
                         testing::CaseName());

// TFLite resets the state at every AllocateTensors.
TEST(LstmStateTest, AllocateTensorsResetsTheState) {
  const LstmGraph g;
  TestInterpreter interpreter;
  const Status built = interpreter.Build(BuildLstm(g));
  ASSERT_TRUE(built.ok()) << built.message();
  std::mt19937 rng(5);
  const std::vector<int8_t> input = RandomInput(g, rng);
  ASSERT_TRUE(interpreter.SetInput(0, input).ok());
  ASSERT_TRUE(interpreter.Invoke().ok());
  const std::vector<int8_t> first = interpreter.Output<int8_t>(0);
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_NE(interpreter.Output<int8_t>(0), first);  // The state moved on.
  ASSERT_TRUE(interpreter.interpreter().AllocateTensors().ok());
  ASSERT_TRUE(interpreter.SetInput(0, input).ok());
  ASSERT_TRUE(interpreter.Invoke().ok());
  EXPECT_EQ(interpreter.Output<int8_t>(0), first);
}

const ModelErrorCase<LstmGraph> kLstmErrors[] = {
    {"TwentyOneInputs", [](LstmGraph& g) { g.num_inputs = 21; },
     StatusCode::kInvalidModel, "has 21 inputs; expected 20, or 24"},
    {"ForgetWeightsOmitted", [](LstmGraph& g) { g.omitted = {2}; },
     StatusCode::kInvalidModel, "input 2 is required but omitted"},
    {"CellStateOmitted", [](LstmGraph& g) { g.omitted = {kCellState}; },
     StatusCode::kInvalidModel, "input 19 is required but omitted"},
    {"Cifg", [](LstmGraph& g) { g.omitted = {1, 5, 12}; },
     StatusCode::kUnsupported, "input 1 is omitted, which makes a CIFG LSTM"},
    {"Peephole", [](LstmGraph& g) { g.added = {9, 10, 11}; },
     StatusCode::kUnsupported, "peephole weights"},
    {"Projection", [](LstmGraph& g) { g.added = {16}; },
     StatusCode::kUnsupported, "a projection"},
    {"LayerNorm", [](LstmGraph& g) { g.added = {20, 21, 22, 23}; },
     StatusCode::kUnsupported, "layer normalization coefficients"},
    {"FloatInput",
     [](LstmGraph& g) {
       g.types[0] = DataType::kFloat32;
       g.quantization[0] = {};
     },
     StatusCode::kUnsupported, "has type FLOAT32; liten runs only the "
                               "integer LSTM"},
    {"Rank2Input", [](LstmGraph& g) { g.shapes[0] = {2, 5}; },
     StatusCode::kInvalidModel, "has shape [2,5]; expected rank 3"},
    {"InputWeightsWrongShape", [](LstmGraph& g) { g.shapes[2] = {4, 6}; },
     StatusCode::kInvalidModel,
     "input 2 (tensor 2), the forget gate's input weights, has shape [4,6]; "
     "expected [4,5]"},
    {"RecurrentWeightsWrongShape", [](LstmGraph& g) { g.shapes[7] = {4, 3}; },
     StatusCode::kInvalidModel,
     "the cell gate's recurrent weights, has shape [4,3]; expected [4,4]"},
    {"BiasWrongShape", [](LstmGraph& g) { g.shapes[15] = {4, 1}; },
     StatusCode::kInvalidModel,
     "the output gate's bias, has shape [4,1]; expected [4]"},
    {"Int16Weights", [](LstmGraph& g) { g.types[6] = DataType::kInt16; },
     StatusCode::kUnsupported, "input 6 (tensor 6) has type INT16; expected "
                               "INT8"},
    {"Int8Bias", [](LstmGraph& g) { g.types[13] = DataType::kInt8; },
     StatusCode::kUnsupported, "input 13 (tensor 10) has type INT8; expected "
                               "INT32"},
    {"WeightsNotConstant", [](LstmGraph& g) { g.graph_inputs = {3}; },
     StatusCode::kUnsupported, "input 3 (tensor 3) must be a constant"},
    {"StatesNotVariables",
     [](LstmGraph& g) { g.states_are_variables = false; },
     StatusCode::kInvalidModel,
     "the output state, must be a variable tensor without data"},
    {"CellStateWrongType",
     [](LstmGraph& g) { g.types[kCellState] = DataType::kInt8; },
     StatusCode::kUnsupported, "input 19 (tensor 14) has type INT8; expected "
                               "INT16"},
    {"OutputStateWrongSize",
     [](LstmGraph& g) { g.shapes[kOutputState] = {2, 5}; },
     StatusCode::kInvalidModel,
     "the output state, has shape [2,5]; expected 8 elements"},
    {"Int16Output", [](LstmGraph& g) { g.output_type = DataType::kInt16; },
     StatusCode::kUnsupported, "output 0"},
    {"OutputNotQuantized", [](LstmGraph& g) { g.output_quantized = false; },
     StatusCode::kInvalidModel, "output 0"},
    {"NoOptions", [](LstmGraph& g) { g.has_options = false; },
     StatusCode::kUnsupported, "activation NONE is not supported"},
    {"ReluActivation",
     [](LstmGraph& g) { g.activation = schema::ActivationFunctionType_RELU; },
     StatusCode::kUnsupported, "activation RELU is not supported"},
    {"NegativeCellClip", [](LstmGraph& g) { g.cell_clip = -1.0f; },
     StatusCode::kInvalidModel, "cell_clip is -1"},
    {"NanProjClip", [](LstmGraph& g) { g.proj_clip = std::nanf(""); },
     StatusCode::kInvalidModel, "proj_clip nan"},
    {"CellScaleNotPowerOfTwo",
     [](LstmGraph& g) { g.quantization[kCellState] = {{0.0003f}, {0}}; },
     StatusCode::kUnsupported, "a power of two from 2^-15 to 2^-9"},
    {"CellScaleTooLarge", [](LstmGraph& g) { g.cell_scale_log2 = -8; },
     StatusCode::kUnsupported, "a power of two from 2^-15 to 2^-9"},
    {"CellZeroPoint",
     [](LstmGraph& g) {
       g.quantization[kCellState] = {{1.0f / 4096}, {3}};
     },
     StatusCode::kUnsupported, "the cell state, has zero point 3"},
    {"AsymmetricWeights",
     [](LstmGraph& g) { g.quantization[7] = {{0.01f}, {2}}; },
     StatusCode::kUnsupported, "input 7 (tensor 7) has zero point 2"},
    {"WeightsNotQuantized", [](LstmGraph& g) { g.quantization[8] = {}; },
     StatusCode::kInvalidModel, "input 8 (tensor 8) has type INT8 but no "
                                "quantization parameters"},
    {"PerAxisWeights",
     [](LstmGraph& g) {
       g.quantization[1] = {{0.01f, 0.02f, 0.01f, 0.02f}, {0, 0, 0, 0}, 0};
     },
     StatusCode::kUnsupported, "input 1 (tensor 1) has 4 per-axis scales"},
    {"InputNotQuantized", [](LstmGraph& g) { g.quantization[0] = {}; },
     StatusCode::kInvalidModel, "input 0 (tensor 0) has type INT8 but no "
                                "quantization parameters"},
    {"HugeWeightsScale", [](LstmGraph& g) { g.weights_scales[2] = 1e30f; },
     StatusCode::kInvalidModel,
     "the scales of the cell gate's input product give a multiplier of"},
    {"LargeRecurrentScale",
     [](LstmGraph& g) { g.output_state_scale = 1e9f; },
     StatusCode::kInvalidModel,
     "the input gate's recurrent product give a multiplier"},
    {"TinyHiddenScale", [](LstmGraph& g) { g.hidden_scale = 1e-25f; },
     StatusCode::kInvalidModel, "output gate times tanh of the cell state"},
    {"NoIntermediates", [](LstmGraph& g) { g.num_intermediates = 0; },
     StatusCode::kInvalidModel, "has 0 intermediate tensors; the integer "
                                "LSTM needs 5"},
    {"HiddenNotQuantized", [](LstmGraph& g) { g.hidden_quantized = false; },
     StatusCode::kInvalidModel,
     "intermediate 4 (tensor 20), the hidden state, has 0 scales"},
    {"Version4", [](LstmGraph& g) { g.version = 4; },
     StatusCode::kUnsupported, "op version 4 is not supported"},
};

LITEN_MODEL_ERROR_TESTS(Lstm, BuildLstm, kLstmErrors);

}  // namespace
}  // namespace liten
