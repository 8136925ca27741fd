// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// What the XNNPACK fast paths share. liten uses XNNPACK's operator API
// (Debian 12's 2022-02 snapshot): an operator is created, with its weights
// packed, once in Prepare; Eval sets up the tensor pointers and runs it.
#ifndef LITEN_KERNELS_XNNPACK_XNNPACK_UTIL_H_
#define LITEN_KERNELS_XNNPACK_XNNPACK_UTIL_H_

#include <cstdint>
#include <limits>
#include <memory>

#include "kernels/kernel_util.h"
#include "src/op_kernel.h"
#include "xnnpack.h"

namespace liten {

// Initializes XNNPACK once per process. False when XNNPACK cannot run on
// this CPU; kernels then stay on their reference paths.
bool XnnpackAvailable();

// The bytes of packed weights and operator state XNNPACK has allocated on
// the calling thread so far; the difference across a Prepare is what its
// operators hold. Stays 0 when the application initialized XNNPACK with
// its own allocator before liten did.
uint64_t XnnpackBytesAllocatedOnThisThread();

struct XnnOperatorDeleter {
  void operator()(xnn_operator_t op) const { xnn_delete_operator(op); }
};
using XnnOperator = std::unique_ptr<xnn_operator, XnnOperatorDeleter>;

// A kernel with an XNNPACK path and a reference path. Prepare resets
// `xnnpack_` and creates it when XNNPACK takes the node's configuration; a
// null operator sends Eval down the reference path.
class XnnpackOrReferenceKernel : public OpKernel {
 public:
  // `first_packed_input`: inputs from this position on are weights that the
  // XNNPACK operator packs at creation, so its Eval does not read them.
  explicit XnnpackOrReferenceKernel(
      int first_packed_input = std::numeric_limits<int>::max())
      : first_packed_input_(first_packed_input) {}

  const char* path() const override {
    return xnnpack_ != nullptr ? "xnnpack" : "reference";
  }
  bool ReadsInputInEval(int input) const override {
    return xnnpack_ == nullptr || input < first_packed_input_;
  }

 protected:
  int first_packed_input() const { return first_packed_input_; }

  XnnOperator xnnpack_;

 private:
  int first_packed_input_;
};

// The padding after `axis` (height or width) of a window of `filter` taps,
// `dilation` apart, moved by `stride` over `input` elements. TFLite keeps only
// the padding before and puts the odd pixel after; XNNPACK takes both sides.
// Never negative: when a folded PAD puts more padding before than the
// windows need, XNNPACK's output size (it floors) still comes out right.
uint32_t PaddingAfter(const WindowAxis& axis, int32_t input, int32_t filter,
                      int32_t stride, int32_t dilation);

// Runs `op` on the node's thread pool once its xnn_setup_* call, which
// returned `setup_status`, has bound the node's tensors. A failure of either
// becomes a Status that names the node and `what` ("convolution").
Status RunXnnOperator(const NodeContext& context, const char* what,
                      xnn_operator_t op, xnn_status setup_status);

}  // namespace liten

#endif  // LITEN_KERNELS_XNNPACK_XNNPACK_UTIL_H_
