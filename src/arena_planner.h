// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// ArenaPlanner: places buffers with known lifetimes into one arena so that
// buffers alive at the same time never overlap and a buffer's bytes are
// reused after its last use.
//
// The algorithm is TFLM's greedy planner: take buffers from largest to
// smallest and put each at the lowest offset where it does not overlap any
// already placed buffer whose lifetime intersects its own. Greedy is not
// optimal (optimal placement is NP-complete, a form of dynamic storage
// allocation), but on inference graphs it comes close to the lower bound:
// the largest total of simultaneously live buffers.
#ifndef LITEN_SRC_ARENA_PLANNER_H_
#define LITEN_SRC_ARENA_PLANNER_H_

#include <cstddef>
#include <vector>

namespace liten {

// Every planned offset is a multiple of this, enough for any SIMD load.
constexpr size_t kArenaAlignment = 64;

struct BufferRequest {
  size_t size = 0;
  // Alive from the start of node `first_use` to the end of node `last_use`.
  int first_use = 0;
  int last_use = 0;
};

struct ArenaPlan {
  std::vector<size_t> offsets;  // One per request, in request order.
  size_t arena_size = 0;
};

ArenaPlan PlanArena(const std::vector<BufferRequest>& requests);

// The lower bound any plan needs: the largest sum of aligned sizes of the
// buffers alive during one node.
size_t PeakLiveBytes(const std::vector<BufferRequest>& requests);

}  // namespace liten

#endif  // LITEN_SRC_ARENA_PLANNER_H_
