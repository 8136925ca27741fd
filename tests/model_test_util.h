// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared by the model-level tests: where the real models and TFLite's
// library are, and how to feed both runtimes the same inputs.
#ifndef LITEN_TESTS_MODEL_TEST_UTIL_H_
#define LITEN_TESTS_MODEL_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "liten/interpreter.h"

namespace liten {
namespace testing {

// $LITEN_MODELS_DIR, else the folder CMake found (../shared/models).
std::string ModelsDir();
// Full path of `relative` under ModelsDir(), or "" when the file is absent.
std::string ModelPath(const std::string& relative);

// $LITEN_TFLITE_C_LIBRARY, else the library the test fixture fetches.
std::string TfLiteLibraryPath();

// $LITEN_CLI, else the `liten` tool of this build.
std::string CliPath();

// Runs the `liten` tool with `args` (a shell-quoted string); returns its
// exit code (128 + signal when killed) and, in `output`, what it printed on
// stdout and stderr.
int RunCli(const std::string& args, std::string* output);

// Seeded pseudo-random bytes for a tensor: floats uniform in [-1, 1),
// integers uniform over their range. The same (seed, view) gives the same
// bytes, so both runtimes see identical inputs.
std::vector<uint8_t> RandomTensorBytes(const TensorView& view, uint32_t seed);

}  // namespace testing
}  // namespace liten

#endif  // LITEN_TESTS_MODEL_TEST_UTIL_H_
