// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/resize_bilinear.h"

#include <immintrin.h>

#include <algorithm>

#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"

namespace liten {
namespace {

__attribute__((target("avx2"))) inline __m256 LoadEightBytes(const uint8_t* p) {
  return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(
      _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}

// Blends the `channels` (>= 8) bytes of one output pixel, eight at a time,
// the last eight overlapping the ones before when `channels` is not a
// multiple of 8. Compiled for AVX2 without FMA, so that each product is
// rounded before it is added, as in TFLite's sum; the sum is truncated and
// its low byte kept, as TFLite's conversion to uint8 does.
__attribute__((target("avx2"))) inline void BlendPixel(
    const uint8_t* top_left, const uint8_t* top_right,
    const uint8_t* bottom_left, const uint8_t* bottom_right, __m256 w_top_left,
    __m256 w_top_right, __m256 w_bottom_left, __m256 w_bottom_right,
    size_t channels, uint8_t* out) {
  const __m256 half = _mm256_set1_ps(0.5f);
  // The low byte of each 32-bit lane, in each 128-bit half.
  const __m256i low_bytes = _mm256_setr_epi8(
      0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,  //
      0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  for (size_t c = 0; c < channels; c += 8) {
    const size_t at = std::min(c, channels - 8);
    __m256 sum = _mm256_mul_ps(LoadEightBytes(top_left + at), w_top_left);
    sum = _mm256_add_ps(
        sum, _mm256_mul_ps(LoadEightBytes(top_right + at), w_top_right));
    sum = _mm256_add_ps(
        sum, _mm256_mul_ps(LoadEightBytes(bottom_left + at), w_bottom_left));
    sum = _mm256_add_ps(
        sum, _mm256_mul_ps(LoadEightBytes(bottom_right + at), w_bottom_right));
    const __m256i bytes = _mm256_shuffle_epi8(
        _mm256_cvttps_epi32(_mm256_add_ps(sum, half)), low_bytes);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out + at),
                     _mm_unpacklo_epi32(_mm256_castsi256_si128(bytes),
                                        _mm256_extracti128_si256(bytes, 1)));
  }
}

}  // namespace

std::unique_ptr<ResizeBilinearUInt8Avx2> ResizeBilinearUInt8Avx2::Create(
    int32_t batches, int32_t input_height, int32_t input_width,
    int32_t channels, const std::vector<BilinearSample>& rows,
    const std::vector<BilinearSample>& columns, int num_threads) {
  if (!CpuHasAvx2Fma3() || channels < 8) return nullptr;
  std::unique_ptr<ResizeBilinearUInt8Avx2> op(new ResizeBilinearUInt8Avx2());
  op->batches_ = batches;
  op->input_height_ = input_height;
  op->channels_ = static_cast<size_t>(channels);
  op->input_row_bytes_ = static_cast<size_t>(input_width) * op->channels_;
  op->rows_ = rows;
  op->columns_.reserve(columns.size());
  for (const BilinearSample& column : columns) {
    op->columns_.push_back({column.lower * op->channels_,
                            column.upper * op->channels_, column.fraction});
  }
  op->num_threads_ = std::max(num_threads, 1);
  return op;
}

size_t ResizeBilinearUInt8Avx2::MultiplyAdds() const {
  return static_cast<size_t>(batches_) * rows_.size() * columns_.size() *
         channels_ * 4;
}

bool ResizeBilinearUInt8Avx2::SharesWork() const {
  return liten::SharesWork(MultiplyAdds());
}

__attribute__((target("avx2"))) void ResizeBilinearUInt8Avx2::Run(
    const uint8_t* input, uint8_t* output, pthreadpool_t threadpool) const {
  const size_t height = rows_.size();
  const size_t output_rows = static_cast<size_t>(batches_) * height;
  const size_t output_row_bytes = columns_.size() * channels_;
  const size_t slices = std::min(
      output_rows, SliceCountForWork(threadpool, num_threads_, MultiplyAdds()));
  RunSlices(
      threadpool, slices, [&](size_t slice) __attribute__((target("avx2"))) {
        const size_t end = SliceBegin(output_rows, slices, slice + 1);
        for (size_t r = SliceBegin(output_rows, slices, slice); r < end; ++r) {
          const size_t batch = r / height;
          const BilinearSample& row = rows_[r % height];
          const uint8_t* image =
              input +
              batch * static_cast<size_t>(input_height_) * input_row_bytes_;
          const uint8_t* top = image + row.lower * input_row_bytes_;
          const uint8_t* bottom = image + row.upper * input_row_bytes_;
          const float dy = row.fraction;
          uint8_t* out = output + r * output_row_bytes;
          for (const ColumnTaps& column : columns_) {
            const float dx = column.fraction;
            // The weights as TFLite multiplies them out, before any sum.
            BlendPixel(
                top + column.left, top + column.right, bottom + column.left,
                bottom + column.right, _mm256_set1_ps((1 - dy) * (1 - dx)),
                _mm256_set1_ps((1 - dy) * dx), _mm256_set1_ps(dy * (1 - dx)),
                _mm256_set1_ps(dy * dx), channels_, out);
            out += channels_;
          }
        }
      });
}

}  // namespace liten
