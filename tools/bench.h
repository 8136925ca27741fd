// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// `liten bench`: how long liten takes to load, prepare and run a model, how
// much memory it holds, where the time goes per node (--profile), and how it
// compares with TFLite 2.9.0 on the same inputs (--compare-tflite).
//
// The tool engineers should reach for instead of TFLite's benchmark_model:
// the statistics, stopping rule and output are documented in BenchUsage().
#ifndef LITEN_TOOLS_BENCH_H_
#define LITEN_TOOLS_BENCH_H_

namespace liten {

// Runs the `bench` command. argv[0] is "bench", argv[1] the model path, the
// rest flags; `liten bench --help` prints the usage. Prints a report to
// stdout and messages to stderr. Returns the process exit status: 0 on
// success, 1 when the model cannot be loaded or run (or a requested TFLite
// library or JSON file cannot be used), 2 for bad usage.
int RunBench(int argc, char** argv);

// The usage text of `liten bench`, for the tool's overall help.
const char* BenchUsage();

}  // namespace liten

#endif  // LITEN_TOOLS_BENCH_H_
