// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// How liten's own kernels use the interpreter's thread pool: the work is
// cut into one contiguous slice per thread, up front. A static split gives
// each slice its own scratch, and each output is computed the same way
// however the work is cut, so results do not depend on the thread count.
#ifndef LITEN_KERNELS_X86_SLICES_H_
#define LITEN_KERNELS_X86_SLICES_H_

#include <algorithm>
#include <cstddef>

#include "pthreadpool.h"

namespace liten {

// How many slices to cut for `threadpool` (null: run on the caller), at
// most `max_slices` (the thread count the kernel sized its scratch for).
inline size_t SliceCount(pthreadpool_t threadpool, size_t max_slices) {
  if (threadpool == nullptr) return 1;
  return std::max<size_t>(
      1, std::min(max_slices, pthreadpool_get_threads_count(threadpool)));
}

// Where slice `slice` of `slices` starts in [0, total).
inline size_t SliceBegin(size_t total, size_t slices, size_t slice) {
  return total * slice / slices;
}

// Calls run(slice) for every slice in [0, slices), on `threadpool` when
// there is more than one.
template <typename Fn>
void RunSlices(pthreadpool_t threadpool, size_t slices, const Fn& run) {
  if (slices <= 1) {
    run(size_t{0});
    return;
  }
  pthreadpool_parallelize_1d(
      threadpool,
      [](void* context, size_t slice) {
        (*static_cast<const Fn*>(context))(slice);
      },
      const_cast<Fn*>(&run), slices, /*flags=*/0);
}

}  // namespace liten

#endif  // LITEN_KERNELS_X86_SLICES_H_
