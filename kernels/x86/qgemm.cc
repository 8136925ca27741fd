// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/qgemm.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/avx2_quantized.h"

namespace liten {
namespace {

constexpr size_t kPanelWidth = 16;
constexpr size_t kBiasBytes = kPanelWidth * sizeof(int32_t);  // 64.
// Two steps of k for the panel's sixteen channels, one byte each.
constexpr size_t kPairBytes = 2 * kPanelWidth;

// Stores the first `nc` of sixteen requantized outputs of one row (y0 of
// the first eight output channels, y1 of the next), clamped to [min, max]
// (broadcast int16).
__attribute__((target("avx2"))) inline void StoreQuantizedRow(
    uint8_t* c, __m256i y0, __m256i y1, __m256i min, __m256i max,
    bool output_signed, size_t nc) {
  const __m256i words = PackClamped(y0, y1, min, max);
  // int32 -> int16 interleaves the 128-bit halves; put them back in order.
  StoreBytes(
      c, PackToBytes(_mm256_permute4x64_epi64(words, 0xD8), output_signed), nc);
}

__attribute__((target("avx2"))) inline __m256i BroadcastPair(
    const int16_t* pair) {
  int32_t both;
  std::memcpy(&both, pair, sizeof(both));
  return _mm256_set1_epi32(both);
}

// The outputs of one panel (at `panel`) for kRows rows of A (int16,
// a_stride apart), each row's accumulators starting from the bias plus its
// entry of `row_corrections` (when not null): the first `nc` of its sixteen
// output channels, computed as two halves of eight, or as the first half
// alone (kHalves 1) when `nc` is at most eight.
template <size_t kRows, size_t kHalves, bool kTiesUp, RequantizeShifts kShifts>
__attribute__((target("avx2"), always_inline)) inline void QuantizedGemmPanel(
    size_t pairs, const int16_t* a, size_t a_stride,
    const int32_t* row_corrections, const uint8_t* panel, uint8_t* c,
    size_t c_stride, size_t nc, __m256i min, __m256i max, bool output_signed) {
  const __m256i* bias = reinterpret_cast<const __m256i*>(panel);
  __m256i acc[kRows][2];
#pragma GCC unroll 4
  for (size_t r = 0; r < kRows; ++r) {
    acc[r][0] = _mm256_load_si256(bias);
    // A lone first half stores zeros past its eight channels.
    acc[r][1] =
        kHalves == 2 ? _mm256_load_si256(bias + 1) : _mm256_setzero_si256();
    if (row_corrections != nullptr) {
      const __m256i correction = _mm256_set1_epi32(row_corrections[r]);
      for (size_t h = 0; h < kHalves; ++h) {
        acc[r][h] = _mm256_add_epi32(acc[r][h], correction);
      }
    }
  }
  const uint8_t* w = panel + kBiasBytes;
  for (size_t p = 0; p < pairs; ++p, w += kPairBytes) {
    __m256i b[kHalves];
    for (size_t h = 0; h < kHalves; ++h) {
      b[h] = _mm256_cvtepi8_epi16(
          _mm_load_si128(reinterpret_cast<const __m128i*>(w + 16 * h)));
    }
#pragma GCC unroll 4
    for (size_t r = 0; r < kRows; ++r) {
      const __m256i x = BroadcastPair(a + r * a_stride + 2 * p);
      for (size_t h = 0; h < kHalves; ++h) {
        acc[r][h] = _mm256_add_epi32(acc[r][h], _mm256_madd_epi16(x, b[h]));
      }
    }
  }
  const Requantization8* stage = reinterpret_cast<const Requantization8*>(w);
  // Every row is requantized before any is stored: a byte store could
  // alias `stage` for all the compiler knows, so stores in between would
  // make it load the constants again for every row.
#pragma GCC unroll 4
  for (size_t r = 0; r < kRows; ++r) {
    for (size_t h = 0; h < kHalves; ++h) {
      acc[r][h] = Requantize8(acc[r][h], stage[h], kTiesUp, kShifts);
    }
  }
#pragma GCC unroll 4
  for (size_t r = 0; r < kRows; ++r) {
    StoreQuantizedRow(c + r * c_stride, acc[r][0], acc[r][1], min, max,
                      output_signed, nc);
  }
}

// C[kRows x n] from A[kRows x 2 * pairs] (int16) and `row_corrections`
// (may be null): the outputs of panels [panel_begin, panel_end) of packed
// weights `panels` (panel_bytes apart), one call for all of them. Fewer rows
// than kQuantizedGemmTileRows (the last tile, a single-row FULLY_CONNECTED) get
// a kernel of their own rather than repeated rows; the rounding and the
// RequantizeShifts are template parameters too, which keeps branches out of the
// requantization.
template <size_t kRows, bool kTiesUp, RequantizeShifts kShifts>
__attribute__((target("avx2"))) void QuantizedGemmMicrokernel(
    size_t n, size_t pairs, const int16_t* a, size_t a_stride,
    const int32_t* row_corrections, const uint8_t* panels, size_t panel_bytes,
    size_t panel_begin, size_t panel_end, uint8_t* c, size_t c_stride,
    const QuantizedGemmClamp& clamp) {
  // Copies: the byte stores below could alias `clamp` for all the compiler
  // knows, which would make it reload these after every row.
  const __m256i min = _mm256_set1_epi16(static_cast<int16_t>(clamp.min));
  const __m256i max = _mm256_set1_epi16(static_cast<int16_t>(clamp.max));
  const bool output_signed = clamp.output_signed;
  for (size_t panel = panel_begin; panel < panel_end; ++panel) {
    const uint8_t* w = panels + panel * panel_bytes;
    const size_t first = panel * kPanelWidth;
    const size_t nc = std::min(kPanelWidth, n - first);
    if (nc > kPanelWidth / 2) {
      QuantizedGemmPanel<kRows, 2, kTiesUp, kShifts>(
          pairs, a, a_stride, row_corrections, w, c + first, c_stride, nc, min,
          max, output_signed);
    } else {
      QuantizedGemmPanel<kRows, 1, kTiesUp, kShifts>(
          pairs, a, a_stride, row_corrections, w, c + first, c_stride, nc, min,
          max, output_signed);
    }
  }
}

// Indexed by the number of rows (1 to kQuantizedGemmTileRows).
template <bool kTiesUp, RequantizeShifts kShifts>
constexpr PackedQuantizedGemmWeights::Microkernel kMicrokernelsFor[] = {
    nullptr, QuantizedGemmMicrokernel<1, kTiesUp, kShifts>,
    QuantizedGemmMicrokernel<2, kTiesUp, kShifts>,
    QuantizedGemmMicrokernel<3, kTiesUp, kShifts>,
    QuantizedGemmMicrokernel<4, kTiesUp, kShifts>};
static_assert(sizeof(kMicrokernelsFor<false, RequantizeShifts::kAny>) /
                      sizeof(PackedQuantizedGemmWeights::Microkernel) ==
                  kQuantizedGemmTileRows + 1,
              "one microkernel per row count");

int32_t LoadWeight(const void* weights, bool weights_signed, size_t index) {
  return weights_signed ? static_cast<const int8_t*>(weights)[index]
                        : static_cast<const uint8_t*>(weights)[index];
}

}  // namespace

QuantizedGemmOutput GemmOutputFor(const ConvolutionQuantization& quantization,
                                  DataType output_type) {
  QuantizedGemmOutput output;
  for (const QuantizedMultiplier& m : quantization.multipliers) {
    output.multipliers.push_back(m.multiplier);
    output.shifts.push_back(m.shift);
  }
  output.zero_point = quantization.output_zero_point;
  output.min = quantization.activation_min;
  output.max = quantization.activation_max;
  output.output_signed = output_type == DataType::kInt8;
  output.ties_up = quantization.rounding == RequantizeRounding::kRuy;
  return output;
}

std::unique_ptr<PackedQuantizedGemmWeights> PackedQuantizedGemmWeights::Pack(
    int32_t n, int32_t k, const void* weights, bool weights_signed,
    int32_t weight_zero_point, const int32_t* bias,
    const QuantizedGemmOutput& output) {
  if (k < 1 || static_cast<size_t>(k) > kMaxQuantizedGemmDepth || n < 1) {
    return nullptr;
  }
  std::unique_ptr<PackedQuantizedGemmWeights> packed(
      new PackedQuantizedGemmWeights());
  packed->n_ = n;
  packed->padded_k_ = (static_cast<size_t>(k) + 1) / 2 * 2;
  packed->num_panels_ =
      (static_cast<size_t>(n) + kPanelWidth - 1) / kPanelWidth;
  const size_t pairs = packed->padded_k_ / 2;
  // Bias, the weight pairs, then the requantization of both halves.
  packed->panel_bytes_ =
      kBiasBytes + kPairBytes * pairs + 2 * sizeof(Requantization8);
  // UINT8 weights are packed minus 128: w - zero point = (w - 128) +
  // (128 - zero point), the second term times the sum of A's row.
  const int32_t packed_offset = weights_signed ? 0 : 128;
  packed->row_sum_factor_ = packed_offset - weight_zero_point;
  packed->panels_per_block_ =
      std::max<size_t>(1, kGemmBlockBytes / packed->panel_bytes_);
  packed->clamp_ = {output.min, output.max, output.output_signed};
  packed->microkernels_ = WithRequantization(
      output.ties_up, ShiftsOf(output.shifts.data(), output.shifts.size()),
      [](auto ties, auto shifts) {
        return kMicrokernelsFor<decltype(ties)::value, decltype(shifts)::value>;
      });
  void* memory = nullptr;
  if (posix_memalign(&memory, 32, packed->bytes()) != 0) return nullptr;
  packed->data_.reset(static_cast<uint8_t*>(memory));
  std::memset(memory, 0, packed->bytes());

  const bool per_channel = output.multipliers.size() > 1;
  for (size_t p = 0; p < packed->num_panels_; ++p) {
    uint8_t* panel = packed->data_.get() + p * packed->panel_bytes_;
    int32_t* panel_bias = reinterpret_cast<int32_t*>(panel);
    int8_t* panel_weights = reinterpret_cast<int8_t*>(panel + kBiasBytes);
    Requantization8* stage = reinterpret_cast<Requantization8*>(
        panel + kBiasBytes + kPairBytes * pairs);
    for (size_t j = 0; j < kPanelWidth; ++j) {
      const size_t column = p * kPanelWidth + j;
      if (column >= static_cast<size_t>(n)) break;
      panel_bias[j] = bias != nullptr ? bias[column] : 0;
      // Pair q of column j sits at 16-bit lane j % 8, once widened, of
      // half j / 8 of pair q's 32 bytes.
      for (size_t i = 0; i < static_cast<size_t>(k); ++i) {
        const size_t slot =
            i / 2 * kPairBytes + j / 8 * 16 + (j % 8) * 2 + i % 2;
        panel_weights[slot] = static_cast<int8_t>(
            LoadWeight(weights, weights_signed, column * k + i) -
            packed_offset);
      }
      const size_t q = per_channel ? column : 0;
      SetRequantizationLane(&stage[j / 8], j % 8, output.multipliers[q],
                            output.shifts[q], output.ties_up,
                            output.zero_point);
    }
  }
  return packed;
}

void PackedQuantizedGemmWeights::ComputeTile(size_t mr, const int16_t* a,
                                             const int32_t* row_corrections,
                                             void* c, size_t c_stride,
                                             size_t panel_begin,
                                             size_t panel_end) const {
  microkernels_[mr](static_cast<size_t>(n_), padded_k_ / 2, a, padded_k_,
                    row_corrections, data_.get(), panel_bytes_, panel_begin,
                    panel_end, static_cast<uint8_t*>(c), c_stride, clamp_);
}

__attribute__((target("avx2"))) void ScaledRowSums(const int16_t* a,
                                                   size_t length, size_t rows,
                                                   int32_t factor,
                                                   int32_t* sums) {
  const __m256i ones = _mm256_set1_epi16(1);
  for (size_t r = 0; r < rows; ++r, a += length) {
    __m256i acc = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 16 <= length; i += 16) {
      acc = _mm256_add_epi32(
          acc, _mm256_madd_epi16(
                   _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i)),
                   ones));
    }
    __m128i half = _mm_add_epi32(_mm256_castsi256_si128(acc),
                                 _mm256_extracti128_si256(acc, 1));
    half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0x4E));
    half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0xB1));
    int32_t sum = _mm_cvtsi128_si32(half);
    for (; i < length; ++i) sum += a[i];
    sums[r] = factor * sum;
  }
}

__attribute__((target("avx2"))) void WidenMinusZeroPoint(const void* values,
                                                         bool is_signed,
                                                         int32_t zero_point,
                                                         size_t count,
                                                         int16_t* out) {
  const uint8_t* bytes = static_cast<const uint8_t*>(values);
  const __m256i zero = _mm256_set1_epi16(static_cast<int16_t>(zero_point));
  size_t i = 0;
  for (; i + 16 <= count; i += 16) {
    WidenSixteen(bytes + i, is_signed, zero, out + i);
  }
  // Short runs (the rows of a 1x1 convolution over an odd number of
  // channels, the last pixels of an input) deserve a half-width step.
  if (i + 8 <= count) {
    const __m128i raw =
        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(bytes + i));
    const __m128i wide =
        is_signed ? _mm_cvtepi8_epi16(raw) : _mm_cvtepu8_epi16(raw);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                     _mm_sub_epi16(wide, _mm256_castsi256_si128(zero)));
    i += 8;
  }
  for (; i < count; ++i) {
    const int32_t value = is_signed ? static_cast<int8_t>(bytes[i]) : bytes[i];
    out[i] = static_cast<int16_t>(value - zero_point);
  }
}

}  // namespace liten
