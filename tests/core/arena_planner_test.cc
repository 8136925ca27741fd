// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "src/arena_planner.h"

#include <random>

#include "gtest/gtest.h"

namespace liten {
namespace {

// Checks the two properties every plan must have: buffers alive at the same
// time never overlap, and every buffer lies inside the arena and is aligned.
void ExpectValidPlan(const std::vector<BufferRequest>& requests,
                     const ArenaPlan& plan) {
  ASSERT_EQ(plan.offsets.size(), requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(plan.offsets[i] % kArenaAlignment, 0u);
    EXPECT_LE(plan.offsets[i] + requests[i].size, plan.arena_size);
    for (size_t j = i + 1; j < requests.size(); ++j) {
      const bool live_together = requests[i].first_use <= requests[j].last_use &&
                                 requests[j].first_use <= requests[i].last_use;
      if (!live_together || requests[i].size == 0 || requests[j].size == 0) {
        continue;
      }
      const bool disjoint =
          plan.offsets[i] + requests[i].size <= plan.offsets[j] ||
          plan.offsets[j] + requests[j].size <= plan.offsets[i];
      EXPECT_TRUE(disjoint) << "buffers " << i << " and " << j << " overlap";
    }
  }
}

TEST(ArenaPlannerTest, ChainReusesMemory) {
  // A chain a -> b -> c -> d: each buffer is dead two nodes later, so the
  // arena needs two buffers at a time, not four.
  const std::vector<BufferRequest> requests = {
      {1024, 0, 1}, {1024, 1, 2}, {1024, 2, 3}, {1024, 3, 4}};
  const ArenaPlan plan = PlanArena(requests);
  ExpectValidPlan(requests, plan);
  EXPECT_EQ(plan.arena_size, 2048u);
  EXPECT_EQ(PeakLiveBytes(requests), 2048u);
}

TEST(ArenaPlannerTest, OverlappingLifetimesGetDisjointMemory) {
  const std::vector<BufferRequest> requests = {{100, 0, 5}, {200, 2, 3}};
  const ArenaPlan plan = PlanArena(requests);
  ExpectValidPlan(requests, plan);
  EXPECT_EQ(plan.arena_size, 64u * 2 + 64u * 4);
}

TEST(ArenaPlannerTest, ZeroSizedBuffersTakeNoSpace) {
  const std::vector<BufferRequest> requests = {{0, 0, 3}, {64, 0, 3}};
  const ArenaPlan plan = PlanArena(requests);
  ExpectValidPlan(requests, plan);
  EXPECT_EQ(plan.arena_size, 64u);
}

TEST(ArenaPlannerTest, RandomGraphsAreValidAndNearTheLowerBound) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<BufferRequest> requests;
    const int nodes = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < 60; ++i) {
      const int first = static_cast<int>(rng() % nodes);
      const int last = first + static_cast<int>(rng() % 4);
      requests.push_back({1 + rng() % 5000, first, last});
    }
    const ArenaPlan plan = PlanArena(requests);
    ExpectValidPlan(requests, plan);
    EXPECT_GE(plan.arena_size, PeakLiveBytes(requests));
    // Greedy-by-size stays within a small factor of the bound in practice;
    // a plan that wastes more than 2x points at a broken gap search.
    EXPECT_LE(plan.arena_size, 2 * PeakLiveBytes(requests));
  }
}

}  // namespace
}  // namespace liten
