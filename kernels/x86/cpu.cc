// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/x86/cpu.h"

#include "cpuinfo.h"

namespace liten {
namespace {

struct CpuFeatures {
  bool avx2_fma3 = false;
  bool avx512f = false;
};

const CpuFeatures& Features() {
  // cpuinfo_initialize is idempotent; a function-local static makes the
  // first call thread-safe. Its ISA flags include the OS's consent (XSAVE).
  static const CpuFeatures features = [] {
    CpuFeatures f;
    if (!cpuinfo_initialize()) return f;
    f.avx2_fma3 = cpuinfo_has_x86_avx2() && cpuinfo_has_x86_fma3();
    f.avx512f = cpuinfo_has_x86_avx512f();
    return f;
  }();
  return features;
}

}  // namespace

bool CpuHasAvx2Fma3() { return Features().avx2_fma3; }

bool PreferAvx2Kernels() { return Features().avx2_fma3 && !Features().avx512f; }

bool UseAvx2Kernels(const NodeContext& context) {
  return !context.prefer_xnnpack() && PreferAvx2Kernels();
}

}  // namespace liten
