// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/arg_max.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/cpu.h"
#include "kernels/x86/slices.h"

namespace liten {
namespace {

constexpr size_t kChunk = 32;

// Chunk `offset` of a row as unsigned bytes (signed ones with their sign
// bit flipped, which keeps their order), bytes past the row's end 0: the
// least value, so that they neither raise the maximum nor come before a
// real byte that equals it. Reads a padded copy where 32 bytes would run
// past the end of the input.
__attribute__((target("avx2"))) inline __m256i LoadChunk(const uint8_t* row,
                                                         size_t offset,
                                                         size_t row_size,
                                                         const uint8_t* end,
                                                         __m256i sign_flip) {
  const size_t count = std::min(kChunk, row_size - offset);
  const uint8_t* p = row + offset;
  alignas(32) uint8_t padded[kChunk];
  if (static_cast<size_t>(end - p) < kChunk) {
    std::memset(padded, 0, kChunk);
    std::memcpy(padded, p, count);
    p = padded;
  }
  __m256i bytes = _mm256_xor_si256(
      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), sign_flip);
  if (count < kChunk) {
    // Lanes [count, 32) cleared: count - lane > 0 only below count.
    const __m256i lanes = _mm256_setr_epi8(
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
    const __m256i keep =
        _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(count)), lanes);
    bytes = _mm256_and_si256(bytes, keep);
  }
  return bytes;
}

// The maximum of 32 unsigned bytes, in every byte.
__attribute__((target("avx2"))) inline __m256i BroadcastMax(__m256i v) {
  __m128i m =
      _mm_max_epu8(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  m = _mm_max_epu8(m, _mm_srli_si128(m, 8));
  m = _mm_max_epu8(m, _mm_srli_si128(m, 4));
  m = _mm_max_epu8(m, _mm_srli_si128(m, 2));
  m = _mm_max_epu8(m, _mm_srli_si128(m, 1));
  return _mm256_broadcastb_epi8(m);
}

template <typename Index>
__attribute__((target("avx2"))) void ArgMaxRows(const uint8_t* input,
                                                const uint8_t* end,
                                                size_t row_size, size_t first,
                                                size_t last, bool input_signed,
                                                Index* indices) {
  const __m256i sign_flip =
      _mm256_set1_epi8(static_cast<char>(input_signed ? 0x80 : 0));
  for (size_t r = first; r < last; ++r) {
    const uint8_t* row = input + r * row_size;
    // Kept for the search below: most rows are this one chunk.
    const __m256i first_chunk = LoadChunk(row, 0, row_size, end, sign_flip);
    __m256i max = first_chunk;
    for (size_t offset = kChunk; offset < row_size; offset += kChunk) {
      max = _mm256_max_epu8(max,
                            LoadChunk(row, offset, row_size, end, sign_flip));
    }
    max = BroadcastMax(max);
    // The first lane equal to the maximum: padding lanes come after the
    // row's bytes, so this is always one of them.
    for (size_t offset = 0;; offset += kChunk) {
      const __m256i chunk =
          offset == 0 ? first_chunk
                      : LoadChunk(row, offset, row_size, end, sign_flip);
      const uint32_t equal = static_cast<uint32_t>(
          _mm256_movemask_epi8(_mm256_cmpeq_epi8(chunk, max)));
      if (equal != 0) {
        indices[r] = static_cast<Index>(offset + __builtin_ctz(equal));
        break;
      }
    }
  }
}

}  // namespace

std::unique_ptr<ArgMaxBytesAvx2> ArgMaxBytesAvx2::Create(size_t rows,
                                                         size_t row_size,
                                                         bool input_signed,
                                                         bool int64_indices,
                                                         int num_threads) {
  if (!CpuHasAvx2Fma3() || rows == 0 || row_size == 0) return nullptr;
  std::unique_ptr<ArgMaxBytesAvx2> op(new ArgMaxBytesAvx2());
  op->rows_ = rows;
  op->row_size_ = row_size;
  op->input_signed_ = input_signed;
  op->int64_indices_ = int64_indices;
  op->num_threads_ = std::max(num_threads, 1);
  return op;
}

size_t ArgMaxBytesAvx2::MultiplyAdds() const {
  return rows_ * (1 + row_size_ / kChunk) * 16;
}

bool ArgMaxBytesAvx2::SharesWork() const {
  return liten::SharesWork(MultiplyAdds());
}

void ArgMaxBytesAvx2::Run(const uint8_t* input, void* indices,
                          pthreadpool_t threadpool) const {
  const uint8_t* end = input + rows_ * row_size_;
  const size_t slices = std::min(
      rows_, SliceCountForWork(threadpool, num_threads_, MultiplyAdds()));
  RunSlices(threadpool, slices, [&](size_t slice) {
    const size_t first = SliceBegin(rows_, slices, slice);
    const size_t last = SliceBegin(rows_, slices, slice + 1);
    if (int64_indices_) {
      ArgMaxRows(input, end, row_size_, first, last, input_signed_,
                 static_cast<int64_t*>(indices));
    } else {
      ArgMaxRows(input, end, row_size_, first, last, input_signed_,
                 static_cast<int32_t*>(indices));
    }
  });
}

}  // namespace liten
