// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/xnnpack/xnnpack_util.h"

#include <algorithm>
#include <cstdlib>

#include "src/status_util.h"

namespace liten {
namespace {

// XNNPACK allocates packed weights and operator state through the aligned
// functions of its allocator; counting them per thread attributes them to
// the Prepare call that created the operator.
thread_local uint64_t aligned_bytes_allocated = 0;

void* Allocate(void*, size_t size) { return std::malloc(size); }
void* Reallocate(void*, void* pointer, size_t size) {
  return std::realloc(pointer, size);
}
void Deallocate(void*, void* pointer) { std::free(pointer); }
void* AlignedAllocate(void*, size_t alignment, size_t size) {
  void* pointer = nullptr;
  if (posix_memalign(&pointer, std::max(alignment, sizeof(void*)), size) != 0) {
    return nullptr;
  }
  aligned_bytes_allocated += size;
  return pointer;
}
void AlignedDeallocate(void*, void* pointer) { std::free(pointer); }

const xnn_allocator kCountingAllocator = {
    nullptr, Allocate, Reallocate, Deallocate, AlignedAllocate,
    AlignedDeallocate};

}  // namespace

bool XnnpackAvailable() {
  // xnn_initialize detects the CPU (through cpuinfo) and picks the
  // micro-kernels; it is idempotent, and a function-local static makes the
  // first call thread-safe.
  static const bool available =
      xnn_initialize(&kCountingAllocator) == xnn_status_success;
  return available;
}

uint64_t XnnpackBytesAllocatedOnThisThread() {
  return aligned_bytes_allocated;
}

uint32_t PaddingAfter(const WindowAxis& axis, int32_t input, int32_t filter,
                      int32_t stride, int32_t dilation) {
  const int64_t effective_filter =
      (static_cast<int64_t>(filter) - 1) * dilation + 1;
  // The extent the last window reaches; input rows past it are never read.
  // A folded PAD can put more padding before than the windows need, so
  // the result can go below zero and is clamped.
  const int64_t reach =
      (static_cast<int64_t>(axis.output_size) - 1) * stride + effective_filter;
  return static_cast<uint32_t>(
      std::max<int64_t>(reach - input - axis.padding_before, 0));
}

Status RunXnnOperator(const NodeContext& context, const char* what,
                      xnn_operator_t op, xnn_status setup_status) {
  xnn_status status = setup_status;
  const char* stage = "setup";
  if (status == xnn_status_success) {
    status = xnn_run_operator(op, context.threadpool());
    stage = "run";
  }
  if (status == xnn_status_success) return Status::Ok();
  return Status(StatusCode::kInternal,
                StrFormat("node %d (%s): XNNPACK %s %s failed with status %d",
                          context.node_index(), context.op_name().c_str(),
                          what, stage, static_cast<int>(status)));
}

}  // namespace liten
