// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// ARG_MAX of bytes (UINT8, INT8, BOOL) along the innermost axis for AVX2:
// each row's maximum found 32 bytes at a time, then its first position by
// comparison, which keeps TFLite's rule that ties go to the first index.
// Sliced over the interpreter's threads by rows.
#ifndef LITEN_KERNELS_X86_ARG_MAX_H_
#define LITEN_KERNELS_X86_ARG_MAX_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "pthreadpool.h"

namespace liten {

class ArgMaxBytesAvx2 {
 public:
  // For `rows` rows of `row_size` (>= 1) bytes, signed when `input_signed`,
  // writing INT64 indices when `int64_indices`, else INT32. Null when the
  // CPU lacks AVX2 or there is no row.
  static std::unique_ptr<ArgMaxBytesAvx2> Create(size_t rows, size_t row_size,
                                                 bool input_signed,
                                                 bool int64_indices,
                                                 int num_threads);

  // Whether Run would use a thread pool: pass Run one only then.
  bool SharesWork() const;

  void Run(const uint8_t* input, void* indices, pthreadpool_t threadpool) const;

 private:
  ArgMaxBytesAvx2() = default;

  // A 32-byte chunk of a row costs about what 16 multiply-adds do.
  size_t MultiplyAdds() const;

  size_t rows_ = 0;
  size_t row_size_ = 0;
  bool input_signed_ = false;
  bool int64_indices_ = false;
  int num_threads_ = 1;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_ARG_MAX_H_
