// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// How liten's own kernels use the interpreter's thread pool: the work is
// cut up front into contiguous slices, kSlicesPerThread per thread, each
// with its own scratch. pthreadpool hands thread t its own run of slices,
// in order: consecutive ops thus give each thread the part of their
// tensors that it wrote itself, still in its cache. A thread that finishes
// early takes slices from the end of another's run, so a thread delayed by
// other work on its core holds the op up by less than its whole share.
// Each output is computed the same way however the work is cut, so results
// do not depend on the thread count.
#ifndef LITEN_KERNELS_X86_SLICES_H_
#define LITEN_KERNELS_X86_SLICES_H_

#include <algorithm>
#include <cstddef>

#include "pthreadpool.h"

namespace liten {

constexpr size_t kSlicesPerThread = 4;

// The most slices a kernel prepared for `num_threads` threads cuts: what
// it sizes its scratch for.
inline size_t MaxSlices(int num_threads) {
  return num_threads <= 1 ? 1
                          : static_cast<size_t>(num_threads) * kSlicesPerThread;
}

// How many slices to cut on `threadpool` (null: run on the caller) for a
// kernel prepared for `num_threads` threads.
inline size_t SliceCount(pthreadpool_t threadpool, int num_threads) {
  if (threadpool == nullptr) return 1;
  return std::min(
      MaxSlices(num_threads),
      MaxSlices(static_cast<int>(pthreadpool_get_threads_count(threadpool))));
}

// Slices of fewer multiply-adds than this (about a microsecond on one
// core) cost more to hand to another thread than they save.
constexpr size_t kMinSliceMultiplyAdds = 32768;

// SliceCount for a kernel call of `multiply_adds` (or work costing as
// much), cut no finer than kMinSliceMultiplyAdds a slice: a small op runs
// on the caller alone.
inline size_t SliceCountForWork(pthreadpool_t threadpool, int num_threads,
                                size_t multiply_adds) {
  return std::max<size_t>(1, std::min(SliceCount(threadpool, num_threads),
                                      multiply_adds / kMinSliceMultiplyAdds));
}

// Whether SliceCountForWork may cut `multiply_adds` into more than one
// slice. A kernel takes the interpreter's pool only then: taking it makes
// Invoke yield the workers afterwards, which wakes them.
inline bool SharesWork(size_t multiply_adds) {
  return multiply_adds >= 2 * kMinSliceMultiplyAdds;
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
