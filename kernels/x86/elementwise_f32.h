// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// ADD and MUL of two float32 tensors of one shape, and PRELU with one slope
// per channel, for AVX2. Cheap as they are, they run on the same threads as
// the convolutions around them and split the work the same way, in
// contiguous slices of the tensor: each thread then finds its slice of the
// input in its own cache, where the previous op left it. XNNPACK's versions
// run these shapes on one thread, and moving the other thread's half of
// the data across costs more at two threads than the op itself.
#ifndef LITEN_KERNELS_X86_ELEMENTWISE_F32_H_
#define LITEN_KERNELS_X86_ELEMENTWISE_F32_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/kernel_util.h"
#include "kernels/x86/gemm_f32.h"
#include "pthreadpool.h"

namespace liten {

class BinaryF32Avx2 {
 public:
  // Null when the CPU lacks AVX2 or FMA3. `num_threads` bounds the slices.
  static std::unique_ptr<BinaryF32Avx2> Create(BinaryOperation operation,
                                               const ActivationRange& clamp,
                                               int num_threads);

  size_t packed_bytes() const { return 0; }

  // out[i] = clamp(a[i] op b[i]) for i in [0, count).
  void Run(const float* a, const float* b, float* out, size_t count,
           pthreadpool_t threadpool) const;

 private:
  BinaryF32Avx2() = default;

  BinaryOperation operation_ = BinaryOperation::kAdd;
  ActivationRange clamp_;
  int num_threads_ = 1;
};

class PReluF32Avx2 {
 public:
  // Copies `slopes` (one per channel). Null when the CPU lacks AVX2 or FMA3
  // or the copy cannot be allocated.
  static std::unique_ptr<PReluF32Avx2> Create(int32_t channels,
                                              const float* slopes,
                                              int num_threads);

  size_t packed_bytes() const { return padded_channels_ * sizeof(float); }

  // out = input where it is >= 0, else input * slope of its channel, over
  // `pixels` pixels of `channels` values.
  void Run(const float* input, float* out, size_t pixels,
           pthreadpool_t threadpool) const;

 private:
  PReluF32Avx2() = default;

  size_t channels_ = 0;
  size_t padded_channels_ = 0;  // A multiple of 8; the slopes are 0 past.
  int num_threads_ = 1;
  std::unique_ptr<float, FreeDeleter> slopes_;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_ELEMENTWISE_F32_H_
