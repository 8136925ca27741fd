// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// liten's AVX2 microkernels called directly, against naive definitions, on
// any CPU with AVX2 and FMA3: the interpreter only picks them where
// PreferAvx2Kernels(), so without these tests a CPU with AVX-512 would never
// run them. Shapes cover every tile edge: rows past a multiple of 6, output
// channels past a multiple of 16 or 8, channel blocks past 16, 8 and under
// 8, windows at every border; each convolution also runs on two threads.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/quantization_util.h"
#include "kernels/x86/avx2_quantized.h"
#include "kernels/x86/conv2d_f32.h"
#include "kernels/x86/cpu.h"
#include "kernels/x86/depthwise_conv2d_f32.h"
#include "kernels/x86/elementwise_f32.h"
#include "kernels/x86/gemm_f32.h"
#include "kernels/x86/qconv2d.h"
#include "kernels/x86/qdepthwise_conv2d.h"
#include "pthreadpool.h"

namespace liten {
namespace {

std::vector<float> Random(std::mt19937& rng, size_t count) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float& v : values) v = uniform(rng);
  return values;
}

void ExpectClose(const std::vector<float>& actual,
                 const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    ASSERT_NEAR(actual[i], expected[i],
                1e-5 * std::max(1.0, std::fabs(expected[i])))
        << "at " << i;
  }
}

class X86KernelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!CpuHasAvx2Fma3()) GTEST_SKIP() << "this CPU lacks AVX2 or FMA3";
  }
};

// Requantize8 on eight values, for a test function without AVX2 enabled.
__attribute__((target("avx2"))) void RequantizeLanes(const int32_t* x,
                                                     const Requantization8& r,
                                                     bool ties_up,
                                                     RequantizeShifts shifts,
                                                     int32_t* out) {
  _mm256_storeu_si256(
      reinterpret_cast<__m256i*>(out),
      Requantize8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x)), r,
                  ties_up, shifts));
}

// Output zero points over both 8-bit types' ranges.
int32_t ZeroPoint(size_t lane) { return static_cast<int32_t>(lane) * 53 - 128; }

// The vector requantization against the scalar definitions of TFLite's
// rounding (MultiplyByQuantizedMultiplier) and ruy's, over every shift, the
// extreme multipliers and accumulators, and values that land on ties; each
// way Requantize8 has (right shifts a shift apart between lanes, or equal).
TEST_F(X86KernelTest, RequantizationMatchesScalarRoundingExactly) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> any(
      std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  std::uniform_int_distribution<int32_t> mantissa(
      1 << 30, std::numeric_limits<int32_t>::max());
  std::uniform_int_distribution<int32_t> small(-100000, 100000);
  for (bool ties_up : {false, true}) {
    for (int shift = -31; shift <= kMaxMultiplierShift; ++shift) {
      for (int trial = 0; trial < 200; ++trial) {
        int32_t x[8], multipliers[8];
        for (size_t lane = 0; lane < 8; ++lane) {
          multipliers[lane] = trial == 0   ? 1 << 30
                              : trial == 1 ? std::numeric_limits<int32_t>::max()
                                           : mantissa(rng);
          // A multiplier of exactly 2^30 halves, so odd values are ties.
          if (trial % 3 == 2) multipliers[lane] = 1 << 30;
          // -1 times 2^30 is where x < 0 and x * m < -2^30 part.
          x[lane] = lane == 0   ? std::numeric_limits<int32_t>::min()
                    : lane == 1 ? std::numeric_limits<int32_t>::max()
                    : lane == 2 ? -1
                    : lane % 2  ? small(rng)
                                : any(rng);
        }
        for (RequantizeShifts mode :
             {RequantizeShifts::kAny, RequantizeShifts::kRight,
              RequantizeShifts::kEqualRight}) {
          if (mode != RequantizeShifts::kAny && shift >= 0) continue;
          Requantization8 r = {};
          int32_t shifts[8], out[8];
          for (size_t lane = 0; lane < 8; ++lane) {
            // Odd lanes shift one further right (one less at -31), unless
            // all are to be equal.
            const bool apart = shift < 0 &&
                               mode != RequantizeShifts::kEqualRight &&
                               lane % 2 == 1;
            shifts[lane] =
                apart ? (shift > -31 ? shift - 1 : shift + 1) : shift;
            SetRequantizationLane(&r, lane, multipliers[lane], shifts[lane],
                                  ties_up, ZeroPoint(lane));
          }
          ASSERT_TRUE(mode == RequantizeShifts::kAny ||
                      ShiftsOf(shifts, 8) == mode);
          RequantizeLanes(x, r, ties_up, mode, out);
          for (size_t lane = 0; lane < 8; ++lane) {
            const int32_t scaled =
                ties_up ? RuyMultiplyByQuantizedMultiplier(
                              x[lane], multipliers[lane], shifts[lane])
                        : MultiplyByQuantizedMultiplier(
                              x[lane], multipliers[lane], shifts[lane]);
            // The zero point wraps as int32 lanes do.
            const int32_t expected =
                static_cast<int32_t>(static_cast<uint32_t>(scaled) +
                                     static_cast<uint32_t>(ZeroPoint(lane)));
            ASSERT_EQ(out[lane], expected)
                << "x " << x[lane] << " multiplier " << multipliers[lane]
                << " shift " << shifts[lane] << (ties_up ? " ruy" : " TFLite")
                << ", RequantizeShifts " << static_cast<int>(mode);
          }
        }
      }
    }
  }
}

struct GemmCase {
  size_t m, k, n;
};

TEST_F(X86KernelTest, GemmMatchesNaiveProduct) {
  std::mt19937 rng(11);
  for (const GemmCase& c :
       {GemmCase{1, 1, 1}, GemmCase{5, 7, 8}, GemmCase{6, 16, 9},
        GemmCase{7, 3, 16}, GemmCase{13, 64, 24}, GemmCase{12, 33, 33},
        GemmCase{50, 300, 300}}) {
    SCOPED_TRACE(::testing::Message() << c.m << "x" << c.k << "x" << c.n);
    // Rows of A and C further apart than their lengths.
    const size_t a_stride = c.k + 3, c_stride = c.n + 5;
    const std::vector<float> a = Random(rng, c.m * a_stride);
    const std::vector<float> w = Random(rng, c.n * c.k);
    const std::vector<float> bias = Random(rng, c.n);
    const std::unique_ptr<PackedGemmWeights> packed = PackedGemmWeights::Pack(
        static_cast<int32_t>(c.n), static_cast<int32_t>(c.k), w.data(),
        bias.data());
    ASSERT_NE(packed, nullptr);
    ActivationRange clamp;
    clamp.min = -2.0f;
    clamp.max = 2.5f;
    std::vector<float> out(c.m * c_stride, 7.0f);
    packed->Compute(c.m, a.data(), a_stride, out.data(), c_stride, 0,
                    packed->num_panels(), clamp);
    std::vector<float> actual;
    std::vector<double> expected;
    for (size_t i = 0; i < c.m; ++i) {
      for (size_t j = 0; j < c_stride; ++j) {
        double sum = 7.0;  // Past the row's end, untouched.
        if (j < c.n) {
          sum = bias[j];
          for (size_t l = 0; l < c.k; ++l) {
            sum += double{a[i * a_stride + l]} * w[j * c.k + l];
          }
          sum = std::min(std::max(sum, -2.0), 2.5);
        }
        actual.push_back(out[i * c_stride + j]);
        expected.push_back(sum);
      }
    }
    ExpectClose(actual, expected);
  }
}

TEST_F(X86KernelTest, BinaryAndPReluMatchNaiveOnOneAndTwoThreads) {
  std::mt19937 rng(5);
  pthreadpool_t two_threads = pthreadpool_create(2);
  ASSERT_NE(two_threads, nullptr);
  ActivationRange clamp;
  clamp.min = -0.5f;
  clamp.max = 0.75f;
  for (const size_t count : {size_t{1}, size_t{7}, size_t{8}, size_t{100}}) {
    const std::vector<float> a = Random(rng, count);
    const std::vector<float> b = Random(rng, count);
    for (const BinaryOperation operation :
         {BinaryOperation::kAdd, BinaryOperation::kMultiply}) {
      std::vector<double> expected;
      for (size_t i = 0; i < count; ++i) {
        const double y = operation == BinaryOperation::kAdd
                             ? double{a[i]} + b[i]
                             : double{a[i]} * b[i];
        expected.push_back(std::min(std::max(y, -0.5), 0.75));
      }
      for (int threads : {1, 2}) {
        const auto op = BinaryF32Avx2::Create(operation, clamp, threads);
        ASSERT_NE(op, nullptr);
        std::vector<float> out(count);
        op->Run(a.data(), b.data(), out.data(), count,
                threads == 2 ? two_threads : nullptr);
        ExpectClose(out, expected);
      }
    }
  }
  for (const int32_t channels : {1, 8, 13, 24}) {
    const size_t pixels = 9;
    const std::vector<float> slopes = Random(rng, channels);
    const std::vector<float> x = Random(rng, pixels * channels);
    std::vector<double> expected;
    for (size_t i = 0; i < x.size(); ++i) {
      expected.push_back(x[i] >= 0 ? x[i]
                                   : double{x[i]} * slopes[i % channels]);
    }
    for (int threads : {1, 2}) {
      const auto op = PReluF32Avx2::Create(channels, slopes.data(), threads);
      ASSERT_NE(op, nullptr);
      std::vector<float> out(x.size());
      op->Run(x.data(), out.data(), pixels,
              threads == 2 ? two_threads : nullptr);
      ExpectClose(out, expected);
    }
  }
  pthreadpool_destroy(two_threads);
}

struct ConvCase {
  int32_t batch, height, width, channels;
  int32_t filter_h, filter_w, out_channels;
  int32_t stride, dilation, pad_top, pad_left;
  bool depthwise;
};

// The window of `c` as the kernels take it: the output covers every
// position whose window starts inside the padded input.
Conv2DWindow Window(const ConvCase& c) {
  Conv2DWindow window;
  window.stride_h = window.stride_w = c.stride;
  window.dilation_h = window.dilation_w = c.dilation;
  window.rows.padding_before = c.pad_top;
  window.cols.padding_before = c.pad_left;
  const auto size = [&](int32_t input, int32_t filter, int32_t pad) {
    return (input + 2 * pad - (filter - 1) * c.dilation - 1) / c.stride + 1;
  };
  window.rows.output_size = size(c.height, c.filter_h, c.pad_top);
  window.cols.output_size = size(c.width, c.filter_w, c.pad_left);
  window.activation.min = -1.5f;
  window.activation.max = 1.5f;
  return window;
}

// Naive convolution: filter [out, h, w, in], or [1, h, w, channels] for a
// depthwise one.
std::vector<double> NaiveConv(const ConvCase& c, const Conv2DWindow& window,
                              const std::vector<float>& input,
                              const std::vector<float>& filter,
                              const std::vector<float>& bias) {
  std::vector<double> out;
  const int32_t outs = c.depthwise ? c.channels : c.out_channels;
  for (int32_t b = 0; b < c.batch; ++b) {
    for (int32_t oy = 0; oy < window.rows.output_size; ++oy) {
      for (int32_t ox = 0; ox < window.cols.output_size; ++ox) {
        for (int32_t o = 0; o < outs; ++o) {
          double sum = bias[o];
          for (int32_t fy = 0; fy < c.filter_h; ++fy) {
            for (int32_t fx = 0; fx < c.filter_w; ++fx) {
              const int32_t y = oy * c.stride - c.pad_top + fy * c.dilation;
              const int32_t x = ox * c.stride - c.pad_left + fx * c.dilation;
              if (y < 0 || y >= c.height || x < 0 || x >= c.width) continue;
              const float* pixel =
                  &input[((b * c.height + y) * c.width + x) * c.channels];
              if (c.depthwise) {
                sum += double{pixel[o]} *
                       filter[(fy * c.filter_w + fx) * c.channels + o];
                continue;
              }
              for (int32_t i = 0; i < c.channels; ++i) {
                sum += double{pixel[i]} *
                       filter[((o * c.filter_h + fy) * c.filter_w + fx) *
                                  c.channels +
                              i];
              }
            }
          }
          out.push_back(std::min(std::max(sum, -1.5), 1.5));
        }
      }
    }
  }
  return out;
}

class X86ConvTest : public X86KernelTest,
                    public ::testing::WithParamInterface<ConvCase> {};

TEST_P(X86ConvTest, MatchesNaiveConvolutionOnOneAndTwoThreads) {
  const ConvCase& c = GetParam();
  std::mt19937 rng(23);
  const Conv2DWindow window = Window(c);
  const int32_t outs = c.depthwise ? c.channels : c.out_channels;
  const std::vector<float> input = Random(
      rng, static_cast<size_t>(c.batch) * c.height * c.width * c.channels);
  const std::vector<float> filter =
      Random(rng, static_cast<size_t>(c.depthwise ? 1 : c.out_channels) *
                      c.filter_h * c.filter_w * c.channels);
  const std::vector<float> bias = Random(rng, static_cast<size_t>(outs));
  const std::vector<double> expected =
      NaiveConv(c, window, input, filter, bias);

  pthreadpool_t two_threads = pthreadpool_create(2);
  ASSERT_NE(two_threads, nullptr);
  std::vector<float> outputs[2];
  for (int threads : {1, 2}) {
    SCOPED_TRACE(::testing::Message() << threads << " thread(s)");
    std::vector<float>& output = outputs[threads - 1];
    output.assign(expected.size(), 0.0f);
    pthreadpool_t pool = threads == 2 ? two_threads : nullptr;
    if (c.depthwise) {
      DepthwiseConv2DF32Shape shape{c.height, c.width, c.channels, c.filter_h,
                                    c.filter_w};
      const auto conv = DepthwiseConv2DF32Avx2::Create(
          window, shape, filter.data(), bias.data(), threads);
      ASSERT_NE(conv, nullptr);
      conv->Run(c.batch, input.data(), output.data(), pool);
    } else {
      Conv2DF32Shape shape{c.height,   c.width,    c.channels,
                           c.filter_h, c.filter_w, c.out_channels};
      const auto conv = Conv2DF32Avx2::Create(window, shape, filter.data(),
                                              bias.data(), threads);
      ASSERT_NE(conv, nullptr);
      std::vector<uint8_t> scratch(conv->scratch_bytes());
      conv->Run(c.batch, input.data(), output.data(), scratch.data(), pool);
    }
    ExpectClose(output, expected);
  }
  pthreadpool_destroy(two_threads);
  EXPECT_EQ(outputs[0], outputs[1]);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, X86ConvTest,
    ::testing::Values(
        // GEMM in place (1x1, stride 1), then gathered windows.
        ConvCase{2, 5, 7, 17, 1, 1, 40, 1, 1, 0, 0, false},
        ConvCase{1, 2, 3, 256, 1, 1, 300, 1, 1, 0, 0, false},
        ConvCase{1, 11, 13, 3, 3, 3, 24, 2, 1, 1, 1, false},
        ConvCase{2, 9, 8, 5, 5, 5, 9, 1, 2, 4, 3, false},
        ConvCase{1, 7, 7, 16, 1, 1, 8, 2, 1, 0, 0, false},
        // One and two output channels: the channel dot kernel.
        ConvCase{1, 12, 13, 8, 3, 3, 1, 1, 1, 1, 1, false},
        ConvCase{2, 6, 9, 16, 2, 3, 2, 2, 1, 0, 1, false},
        // Depthwise: channel blocks of 16, 8 and fewer; tiles of 4 pixels
        // inside; strides, dilations and borders.
        ConvCase{1, 12, 14, 28, 3, 3, 0, 1, 1, 1, 1, true},
        ConvCase{2, 10, 13, 40, 5, 5, 0, 2, 1, 2, 2, true},
        ConvCase{1, 9, 17, 7, 3, 3, 0, 1, 2, 2, 2, true},
        ConvCase{1, 3, 2, 33, 5, 5, 0, 1, 1, 2, 2, true}));

struct QuantizedConvCase {
  int32_t batch, height, width, channels;
  int32_t filter_h, filter_w, out_channels;
  int32_t stride, dilation, pad_top, pad_left;
  bool signed_int8;  // INT8 per channel, else UINT8 per tensor.
  bool depthwise;    // Filter [1, h, w, channels]; out_channels ignored.
  // Every fifth INT8 output channel's real multiplier above one, so that
  // its shift is left; else every shift is right.
  bool left_shifts = true;
  bool ties_up = false;  // ruy's rounding rather than TFLite's.
  // The filter's zero point; unset: 117 for UINT8, 0 for INT8. The GEMM
  // packs UINT8 weights minus 128 and adds (128 - zero point) times each
  // row's sum, INT8 ones as they are and -zero point times it.
  std::optional<int32_t> filter_zero = std::nullopt;
};

class X86QuantizedConvTest
    : public X86KernelTest,
      public ::testing::WithParamInterface<QuantizedConvCase> {};

// The naive definition: int32 sums of (input - zero point) * (filter -
// zero point) over the window (padding contributes nothing), plus the bias,
// through TFLite's scalar requantization, plus the output zero point,
// clamped.
TEST_P(X86QuantizedConvTest, MatchesNaiveIntegerConvolutionExactly) {
  QuantizedConvCase c = GetParam();
  if (c.depthwise) c.out_channels = c.channels;
  std::mt19937 rng(31);
  ConvCase geometry{c.batch,    c.height,   c.width,        c.channels,
                    c.filter_h, c.filter_w, c.out_channels, c.stride,
                    c.dilation, c.pad_top,  c.pad_left,     false};
  const Conv2DWindow window = Window(geometry);
  std::uniform_int_distribution<int> byte(c.signed_int8 ? -128 : 0,
                                          c.signed_int8 ? 127 : 255);
  const auto bytes = [&](size_t count) {
    std::vector<uint8_t> values(count);
    for (uint8_t& v : values) v = static_cast<uint8_t>(byte(rng));
    return values;
  };
  const auto value = [&](uint8_t b) -> int32_t {
    return c.signed_int8 ? static_cast<int8_t>(b) : b;
  };
  const std::vector<uint8_t> input =
      bytes(static_cast<size_t>(c.batch) * c.height * c.width * c.channels);
  const std::vector<uint8_t> filter =
      bytes(static_cast<size_t>(c.depthwise ? 1 : c.out_channels) * c.filter_h *
            c.filter_w * c.channels);
  std::uniform_int_distribution<int32_t> bias_values(-20000, 20000);
  std::vector<int32_t> bias(c.out_channels);
  for (int32_t& b : bias) b = bias_values(rng);
  const int32_t input_zero = c.signed_int8 ? -5 : 131;
  const int32_t filter_zero = c.filter_zero.value_or(c.signed_int8 ? 0 : 117);
  QuantizedGemmOutput out;
  out.ties_up = c.ties_up;
  out.output_signed = c.signed_int8;
  out.zero_point = c.signed_int8 ? 3 : 120;
  out.min = c.signed_int8 ? -100 : 10;
  out.max = c.signed_int8 ? 127 : 250;
  // Real multipliers below and above one, so both shift directions run.
  std::uniform_real_distribution<double> reals(0.0002, 0.03);
  for (int32_t o = 0; o < (c.signed_int8 ? c.out_channels : 1); ++o) {
    const double real = c.left_shifts && o % 5 == 4 ? 1.7 : reals(rng);
    const QuantizedMultiplier m = QuantizeMultiplier(real);
    out.multipliers.push_back(m.multiplier);
    out.shifts.push_back(m.shift);
  }

  std::vector<uint8_t> expected;
  for (int32_t b = 0; b < c.batch; ++b) {
    for (int32_t oy = 0; oy < window.rows.output_size; ++oy) {
      for (int32_t ox = 0; ox < window.cols.output_size; ++ox) {
        for (int32_t o = 0; o < c.out_channels; ++o) {
          int32_t acc = bias[o];
          for (int32_t fy = 0; fy < c.filter_h; ++fy) {
            for (int32_t fx = 0; fx < c.filter_w; ++fx) {
              const int32_t y = oy * c.stride - c.pad_top + fy * c.dilation;
              const int32_t x = ox * c.stride - c.pad_left + fx * c.dilation;
              if (y < 0 || y >= c.height || x < 0 || x >= c.width) continue;
              const size_t pixel =
                  static_cast<size_t>((b * c.height + y) * c.width + x) *
                  c.channels;
              if (c.depthwise) {
                acc += (value(input[pixel + o]) - input_zero) *
                       (value(filter[(fy * c.filter_w + fx) * c.channels + o]) -
                        filter_zero);
                continue;
              }
              for (int32_t i = 0; i < c.channels; ++i) {
                acc += (value(input[pixel + i]) - input_zero) *
                       (value(filter[((o * c.filter_h + fy) * c.filter_w + fx) *
                                         c.channels +
                                     i]) -
                        filter_zero);
              }
            }
          }
          const size_t q = c.signed_int8 ? o : 0;
          int32_t y =
              (c.ties_up ? RuyMultiplyByQuantizedMultiplier(
                               acc, out.multipliers[q], out.shifts[q])
                         : MultiplyByQuantizedMultiplier(
                               acc, out.multipliers[q], out.shifts[q])) +
              out.zero_point;
          y = std::min(std::max(y, out.min), out.max);
          expected.push_back(static_cast<uint8_t>(y));
        }
      }
    }
  }

  QuantizedConv2DShape shape;
  shape.input_height = c.height;
  shape.input_width = c.width;
  shape.input_channels = c.channels;
  shape.filter_height = c.filter_h;
  shape.filter_width = c.filter_w;
  shape.output_channels = c.out_channels;
  shape.input_signed = c.signed_int8;
  shape.input_zero_point = input_zero;
  pthreadpool_t two_threads = pthreadpool_create(2);
  ASSERT_NE(two_threads, nullptr);
  for (int threads : {1, 2}) {
    SCOPED_TRACE(::testing::Message() << threads << " thread(s)");
    pthreadpool_t pool = threads == 2 ? two_threads : nullptr;
    std::vector<uint8_t> output(expected.size());
    if (c.depthwise) {
      QuantizedDepthwiseShape dw{c.height,   c.width,    c.channels,
                                 c.filter_h, c.filter_w, c.signed_int8,
                                 input_zero};
      const auto conv = QuantizedDepthwiseConv2DAvx2::Create(
          window, dw, filter.data(), filter_zero, bias.data(), out, threads);
      ASSERT_NE(conv, nullptr);
      conv->Run(c.batch, input.data(), output.data(), pool);
    } else {
      const auto conv = QuantizedConv2DAvx2::Create(
          window, shape, filter.data(), c.signed_int8, filter_zero, bias.data(),
          out, threads);
      ASSERT_NE(conv, nullptr);
      std::vector<uint8_t> scratch(conv->scratch_bytes());
      conv->Run(c.batch, input.data(), output.data(), scratch.data(), pool);
    }
    ASSERT_EQ(output, expected);
  }
  pthreadpool_destroy(two_threads);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, X86QuantizedConvTest,
    ::testing::Values(
        QuantizedConvCase{2, 5, 7, 17, 1, 1, 40, 1, 1, 0, 0, false, false},
        QuantizedConvCase{1, 5, 7, 17, 1, 1, 40, 1, 1, 0, 0, true, false},
        QuantizedConvCase{1, 11, 13, 3, 3, 3, 24, 2, 1, 1, 1, false, false},
        QuantizedConvCase{1, 11, 13, 3, 3, 3, 24, 2, 1, 1, 1, true, false},
        QuantizedConvCase{2, 9, 8, 5, 5, 5, 9, 1, 2, 4, 3, true, false},
        QuantizedConvCase{1, 3, 4, 256, 1, 1, 33, 1, 1, 0, 0, false, false},
        // Weights past one cache block (256 KiB), over several tiles.
        QuantizedConvCase{1, 3, 5, 256, 1, 1, 600, 1, 1, 0, 0, true, false},
        QuantizedConvCase{1, 7, 7, 16, 3, 3, 1, 2, 1, 1, 1, true, false},
        // Per-channel shifts all right; ruy's rounding.
        QuantizedConvCase{1, 5, 7, 17, 1, 1, 40, 1, 1, 0, 0, true, false,
                          false},
        QuantizedConvCase{1, 11, 13, 3, 3, 3, 24, 2, 1, 1, 1, true, false,
                          false, true},
        QuantizedConvCase{1, 11, 13, 3, 3, 3, 24, 2, 1, 1, 1, false, false,
                          true, true},
        // Enough work for every slice two threads cut.
        QuantizedConvCase{1, 30, 30, 20, 3, 3, 24, 1, 1, 1, 1, false, false},
        // Filter zero points at the ends of the range, and 128, where the
        // row sums drop out; an odd depth over several 16-value steps.
        QuantizedConvCase{1, 5, 7, 37, 1, 1, 20, 1, 1, 0, 0, false, false, true,
                          false, 0},
        QuantizedConvCase{1, 5, 7, 37, 1, 1, 20, 1, 1, 0, 0, false, false, true,
                          false, 255},
        QuantizedConvCase{1, 11, 13, 3, 3, 3, 24, 2, 1, 1, 1, false, false,
                          true, true, 128},
        QuantizedConvCase{1, 5, 7, 37, 1, 1, 20, 1, 1, 0, 0, true, false, true,
                          false, -128},
        QuantizedConvCase{1, 11, 13, 3, 3, 3, 24, 2, 1, 1, 1, true, false,
                          false, true, 127},
        // Depthwise: blocks of 16 channels and a partial one, odd and even
        // tap counts, strides, dilations and borders.
        QuantizedConvCase{1, 9, 11, 32, 3, 3, 0, 1, 1, 1, 1, false, true},
        QuantizedConvCase{2, 8, 7, 40, 3, 3, 0, 2, 1, 1, 1, true, true},
        QuantizedConvCase{1, 10, 9, 7, 5, 5, 0, 1, 2, 4, 4, true, true},
        QuantizedConvCase{1, 6, 6, 24, 2, 2, 0, 2, 1, 0, 0, false, true},
        QuantizedConvCase{1, 40, 40, 48, 3, 3, 0, 1, 1, 1, 1, true, true},
        QuantizedConvCase{2, 8, 7, 40, 3, 3, 0, 2, 1, 1, 1, true, true, false},
        QuantizedConvCase{1, 10, 9, 7, 5, 5, 0, 1, 2, 4, 4, true, true, false,
                          true}));

}  // namespace
}  // namespace liten
