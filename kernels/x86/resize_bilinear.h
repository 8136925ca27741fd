// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESIZE_BILINEAR of 8-bit pixels for AVX2, eight channels at a time, with
// the arithmetic of TFLite 2.9's kernels on x86-64 (see
// kernels/resize_bilinear.cc), so the bytes are the reference loop's:
// UINT8 with the float corner weights and sum of its optimized kernel, in
// the same order; INT8 with the 10-bit fixed-point weights of
// ResizeBilinearInteger, the sum in int32 (Create checks that it fits).
// Sliced over the interpreter's threads by output rows.
#ifndef LITEN_KERNELS_X86_RESIZE_BILINEAR_H_
#define LITEN_KERNELS_X86_RESIZE_BILINEAR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "pthreadpool.h"

namespace liten {

// Where one output row (or column) samples the input: between `lower` and
// `upper`, `fraction` of the way from `lower` (UINT8), or `weight` 2^-10
// steps of the way (INT8; negative before the first pixel with half-pixel
// centers, where both neighbors are the first pixel).
struct BilinearSample {
  int32_t lower = 0;
  int32_t upper = 0;
  float fraction = 0.0f;
  int32_t weight = 0;
};

class ResizeBilinear8BitAvx2 {
 public:
  // Resizes [batches, input_height, input_width, channels] to
  // [batches, rows.size(), columns.size(), channels], output row y and
  // column x blending the input where rows[y] and columns[x] say; INT8
  // with the samples' weights when `input_signed`, else UINT8 with their
  // fractions. Null when the CPU lacks AVX2, a pixel has fewer than eight
  // channels, an input row has 2^31 bytes or more, or an INT8 weight lies
  // outside [-512, 1536], where the sum could overflow int32.
  static std::unique_ptr<ResizeBilinear8BitAvx2> Create(
      bool input_signed, int32_t batches, int32_t input_height,
      int32_t input_width, int32_t channels,
      const std::vector<BilinearSample>& rows,
      const std::vector<BilinearSample>& columns, int num_threads);

  // Whether Run would use a thread pool: pass Run one only then.
  bool SharesWork() const;

  void Run(const void* input, void* output, pthreadpool_t threadpool) const;

 private:
  ResizeBilinear8BitAvx2() = default;

  // Blending an output byte costs about what 4 multiply-adds do.
  size_t MultiplyAdds() const;

  bool input_signed_ = false;
  int32_t batches_ = 0;
  int32_t input_height_ = 0;
  size_t input_row_bytes_ = 0;
  size_t channels_ = 0;
  std::vector<BilinearSample> rows_;
  // As given, `lower` and `upper` multiplied by the channels: byte offsets
  // into an input row.
  std::vector<BilinearSample> columns_;
  int num_threads_ = 1;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_RESIZE_BILINEAR_H_
