// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "tests/models/model_test_util.h"

#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <random>

namespace liten {
namespace testing {

std::string ModelsDir() {
  const char* dir = std::getenv("LITEN_MODELS_DIR");
  return dir != nullptr ? dir : "../shared/models";
}

std::string ModelPath(const std::string& relative) {
  const std::string path = ModelsDir() + "/" + relative;
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? path : std::string();
}

std::string TfLiteLibraryPath() {
  const char* path = std::getenv("LITEN_TFLITE_C_LIBRARY");
  return path != nullptr ? path : "";
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
