// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESIZE_BILINEAR of UINT8 for AVX2, eight channels at a time, with the
// float arithmetic of TFLite 2.9's optimized kernel (see
// kernels/resize_bilinear.cc): the same corner weights and the same sum,
// in the same order, so the bytes are the reference loop's. Sliced over
// the interpreter's threads by output rows.
#ifndef LITEN_KERNELS_X86_RESIZE_BILINEAR_H_
#define LITEN_KERNELS_X86_RESIZE_BILINEAR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "pthreadpool.h"

namespace liten {

// Where one output row (or column) samples the input: between `lower` and
// `upper`, `fraction` of the way from `lower`.
struct BilinearSample {
  int32_t lower = 0;
  int32_t upper = 0;
  float fraction = 0.0f;
};

class ResizeBilinearUInt8Avx2 {
 public:
  // Resizes [batches, input_height, input_width, channels] to
  // [batches, rows.size(), columns.size(), channels], output row y and
  // column x blending the input where rows[y] and columns[x] say. Null when
  // the CPU lacks AVX2 or a pixel has fewer than eight channels.
  static std::unique_ptr<ResizeBilinearUInt8Avx2> Create(
      int32_t batches, int32_t input_height, int32_t input_width,
      int32_t channels, const std::vector<BilinearSample>& rows,
      const std::vector<BilinearSample>& columns, int num_threads);

  // Whether Run would use a thread pool: pass Run one only then.
  bool SharesWork() const;

  void Run(const uint8_t* input, uint8_t* output,
           pthreadpool_t threadpool) const;

 private:
  // A column's two neighbors as byte offsets into an input row.
  struct ColumnTaps {
    size_t left = 0;
    size_t right = 0;
    float fraction = 0.0f;
  };

  ResizeBilinearUInt8Avx2() = default;

  // Blending an output byte costs about what 4 multiply-adds do.
  size_t MultiplyAdds() const;

  int32_t batches_ = 0;
  int32_t input_height_ = 0;
  size_t input_row_bytes_ = 0;
  size_t channels_ = 0;
  std::vector<BilinearSample> rows_;
  std::vector<ColumnTaps> columns_;
  int num_threads_ = 1;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_RESIZE_BILINEAR_H_
