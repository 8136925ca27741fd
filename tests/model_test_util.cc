// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "tests/model_test_util.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

namespace liten {
namespace testing {

namespace {

std::string EnvironmentOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0' ? value : fallback;
}

}  // namespace

std::string ModelsDir() {
  return EnvironmentOr("LITEN_MODELS_DIR", LITEN_DEFAULT_MODELS_DIR);
}

std::string ModelPath(const std::string& relative) {
  const std::string path = ModelsDir() + "/" + relative;
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? path : std::string();
}

std::string TfLiteLibraryPath() {
  return EnvironmentOr("LITEN_TFLITE_C_LIBRARY", LITEN_DEFAULT_TFLITE_C_LIBRARY);
}

std::string CliPath() { return EnvironmentOr("LITEN_CLI", LITEN_DEFAULT_CLI); }

int RunCli(const std::string& args, std::string* output) {
  output->clear();
  FILE* pipe = popen((CliPath() + " " + args + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) {
    output->append(buffer, n);
  }
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<uint8_t> RandomTensorBytes(const TensorView& view, uint32_t seed) {
  std::vector<uint8_t> bytes(view.bytes);
  std::mt19937 rng(seed);
  if (view.type == DataType::kFloat32) {
    std::uniform_real_distribution<float> distribution(-1.0f, 1.0f);
    for (size_t i = 0; i + 4 <= bytes.size(); i += 4) {
      const float value = distribution(rng);
      std::memcpy(&bytes[i], &value, 4);
    }
  } else {
    for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(rng());
  }
  return bytes;
}

}  // namespace testing
}  // namespace liten
