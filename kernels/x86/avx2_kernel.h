// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The bases of kernels with one of liten's AVX2 operators as their fast
// path, and XNNPACK (float) or nothing (quantized) as the next one before
// the reference loop.
#ifndef LITEN_KERNELS_X86_AVX2_KERNEL_H_
#define LITEN_KERNELS_X86_AVX2_KERNEL_H_

#include <cstddef>
#include <limits>
#include <memory>

#include "kernels/xnnpack/xnnpack_util.h"

namespace liten {

// What a kernel whose first choice is one of liten's AVX2 operators,
// `avx2_`, reports about itself: "avx2" while avx2_ is set, which packed
// the inputs from Base::first_packed_input() on (weights and bias) at
// Prepare, so Eval does not read them; Base's answers otherwise.
// `Avx2Operator` reports the bytes its packed weights take
// (packed_bytes()).
template <typename Avx2Operator, typename Base>
class Avx2FirstKernel : public Base {
 public:
  explicit Avx2FirstKernel(int first_packed_input) : Base(first_packed_input) {}

  const char* path() const override {
    return avx2_ != nullptr ? "avx2" : Base::path();
  }
  bool ReadsInputInEval(int input) const override {
    return avx2_ != nullptr ? input < this->first_packed_input()
                            : Base::ReadsInputInEval(input);
  }
  size_t packed_weight_bytes() const override {
    return avx2_ != nullptr ? avx2_->packed_bytes()
                            : Base::packed_weight_bytes();
  }

 protected:
  std::unique_ptr<Avx2Operator> avx2_;
};

// Float kernels: Prepare resets `avx2_` and `xnnpack_` and sets at most one
// of them; neither sends Eval down the reference path.
template <typename Avx2Operator>
class Avx2XnnpackOrReferenceKernel
    : public Avx2FirstKernel<Avx2Operator, XnnpackOrReferenceKernel> {
 public:
  // No input packed by default, as XnnpackOrReferenceKernel.
  explicit Avx2XnnpackOrReferenceKernel(
      int first_packed_input = std::numeric_limits<int>::max())
      : Avx2FirstKernel<Avx2Operator, XnnpackOrReferenceKernel>(
            first_packed_input) {}
};

// The reference path under a quantized kernel's AVX2 one.
class PackedInputsKernel : public OpKernel {
 public:
  explicit PackedInputsKernel(int first_packed_input)
      : first_packed_input_(first_packed_input) {}

 protected:
  int first_packed_input() const { return first_packed_input_; }

 private:
  int first_packed_input_;
};

// Quantized kernels, which XNNPACK's quantized operators do not serve (see
// docs/DESIGN.md): Prepare resets `avx2_` and maybe sets it.
template <typename Avx2Operator>
class Avx2OrReferenceKernel
    : public Avx2FirstKernel<Avx2Operator, PackedInputsKernel> {
 public:
  explicit Avx2OrReferenceKernel(int first_packed_input)
      : Avx2FirstKernel<Avx2Operator, PackedInputsKernel>(first_packed_input) {}
};

}  // namespace liten

#endif  // LITEN_KERNELS_X86_AVX2_KERNEL_H_
