// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/xnnpack/xnnpack_util.h"

#include "src/status_util.h"

namespace liten {

bool XnnpackAvailable() {
  // xnn_initialize detects the CPU (through cpuinfo) and picks the
  // micro-kernels; it is idempotent, and a function-local static makes the
  // first call thread-safe.
  static const bool available = xnn_initialize(nullptr) == xnn_status_success;
  return available;
}

Status XnnStatusToError(const NodeContext& context, const char* what,
                        xnn_status status) {
  if (status == xnn_status_success) return Status::Ok();
  return Status(StatusCode::kInternal,
                StrFormat("node %d (%s): XNNPACK %s failed with status %d",
                          context.node_index(), context.op_name().c_str(),
                          what, static_cast<int>(status)));
}

}  // namespace liten
