// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "src/arena_planner.h"

#include <algorithm>
#include <numeric>

namespace liten {

namespace {

size_t AlignUp(size_t size) {
  return (size + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
}

bool LifetimesOverlap(const BufferRequest& a, const BufferRequest& b) {
  return a.first_use <= b.last_use && b.first_use <= a.last_use;
}

}  // namespace

ArenaPlan PlanArena(const std::vector<BufferRequest>& requests) {
  ArenaPlan plan;
  plan.offsets.assign(requests.size(), 0);
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  // Largest first; ties by earlier first use keep the plan deterministic.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (requests[a].size != requests[b].size) {
      return requests[a].size > requests[b].size;
    }
    return requests[a].first_use < requests[b].first_use;
  });

  struct Placed {
    size_t offset;
    size_t end;
    size_t request;
  };
  std::vector<Placed> placed;  // Kept sorted by offset.
  for (size_t r : order) {
    const size_t size = AlignUp(requests[r].size);
    if (size == 0) continue;
    // Scan the live neighbours in offset order for the first gap that fits.
    size_t candidate = 0;
    for (const Placed& p : placed) {
      if (!LifetimesOverlap(requests[r], requests[p.request])) continue;
      if (p.offset >= candidate + size) break;
      candidate = std::max(candidate, p.end);
    }
    plan.offsets[r] = candidate;
    plan.arena_size = std::max(plan.arena_size, candidate + size);
    const Placed entry{candidate, candidate + size, r};
    placed.insert(std::upper_bound(placed.begin(), placed.end(), entry,
                                   [](const Placed& a, const Placed& b) {
                                     return a.offset < b.offset;
                                   }),
                  entry);
  }
  return plan;
}

size_t PeakLiveBytes(const std::vector<BufferRequest>& requests) {
  int last_node = 0;
  for (const BufferRequest& r : requests) last_node = std::max(last_node, r.last_use);
  std::vector<size_t> live(static_cast<size_t>(last_node) + 2, 0);
  for (const BufferRequest& r : requests) {
    live[r.first_use] += AlignUp(r.size);
    live[r.last_use + 1] -= AlignUp(r.size);
  }
  size_t current = 0, peak = 0;
  for (size_t bytes : live) {
    current += bytes;
    peak = std::max(peak, current);
  }
  return peak;
}

}  // namespace liten
