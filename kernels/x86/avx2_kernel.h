// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The bases of kernels with one of liten's AVX2 operators as their fast
// path, and XNNPACK (float) or nothing (quantized) as the next one before
// the reference loop.
#ifndef LITEN_KERNELS_X86_AVX2_KERNEL_H_
#define LITEN_KERNELS_X86_AVX2_KERNEL_H_

#include <cstddef>
#include <memory>

#include "kernels/xnnpack/xnnpack_util.h"

namespace liten {

// Prepare resets `avx2_` and `xnnpack_` and sets at most one of them;
// neither sends Eval down the reference path. `Avx2Operator` reports the
// bytes its packed weights take (packed_bytes()).
template <typename Avx2Operator>
class Avx2XnnpackOrReferenceKernel : public XnnpackOrReferenceKernel {
 public:
  using XnnpackOrReferenceKernel::XnnpackOrReferenceKernel;

  const char* path() const override {
    return avx2_ != nullptr ? "avx2" : XnnpackOrReferenceKernel::path();
  }
  bool ReadsInputInEval(int input) const override {
    return avx2_ != nullptr ? input < first_packed_input()
                            : XnnpackOrReferenceKernel::ReadsInputInEval(input);
  }
  size_t packed_weight_bytes() const override {
    return avx2_ != nullptr ? avx2_->packed_bytes() : 0;
  }

 protected:
  std::unique_ptr<Avx2Operator> avx2_;
};

// Quantized kernels, which XNNPACK's quantized operators do not serve (see
// docs/DESIGN.md): Prepare resets `avx2_` and maybe sets it; inputs from
// `first_packed_input` on (weights and bias) are packed into it.
template <typename Avx2Operator>
class Avx2OrReferenceKernel : public OpKernel {
 public:
  explicit Avx2OrReferenceKernel(int first_packed_input)
      : first_packed_input_(first_packed_input) {}

  const char* path() const override {
    return avx2_ != nullptr ? "avx2" : "reference";
  }
  bool ReadsInputInEval(int input) const override {
    return avx2_ == nullptr || input < first_packed_input_;
  }
  size_t packed_weight_bytes() const override {
    return avx2_ != nullptr ? avx2_->packed_bytes() : 0;
  }

 protected:
  std::unique_ptr<Avx2Operator> avx2_;

 private:
  int first_packed_input_;
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_AVX2_KERNEL_H_
