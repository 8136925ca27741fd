// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Which of liten's own x86 kernels this CPU runs, from cpuinfo.
#ifndef LITEN_KERNELS_X86_CPU_H_
#define LITEN_KERNELS_X86_CPU_H_

#include "src/op_kernel.h"

namespace liten {

// Whether the CPU and the OS run AVX2 and FMA3 instructions. liten's AVX2
// microkernels may only be called when this is true.
bool CpuHasAvx2Fma3();

// Whether kernels should take liten's AVX2 microkernels before XNNPACK: on
// CPUs with AVX2 and FMA3 but without AVX-512F. There, XNNPACK as Debian 12
// builds it runs its float GEMM at about a third of the FMA peak (its 5x16
// FMA3 kernel keeps one accumulator on the stack) and its depthwise kernels
// as one chain of dependent FMAs; liten's kernels measure 2-3x faster (see
// docs/PERFORMANCE.md). CPUs with AVX-512F keep XNNPACK, whose 16-wide
// kernels liten has not been measured against.
bool PreferAvx2Kernels();

// Whether the node should take liten's AVX2 kernel where it has one:
// PreferAvx2Kernels(), unless the interpreter was told to prefer XNNPACK.
bool UseAvx2Kernels(const NodeContext& context);

}  // namespace liten

#endif  // LITEN_KERNELS_X86_CPU_H_
