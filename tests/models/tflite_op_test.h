// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Comparing one small model, built in the test, between TFLite 2.9.0's
// builtin kernels and liten, byte for byte: the harness of the tests that
// prove liten's quantized kernels are TFLite's.
#ifndef LITEN_TESTS_MODELS_TFLITE_OP_TEST_H_
#define LITEN_TESTS_MODELS_TFLITE_OP_TEST_H_

#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "tools/tflite_reference/tflite_reference.h"

namespace liten {
namespace testing {

template <typename T>
std::vector<uint8_t> Bytes(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// Skips when TFLite's library is absent (fetch it with ctest -R
// fetch_tflite_reference, or set LITEN_TFLITE_C_LIBRARY); fails when it is
// there but does not load.
class TfLiteOpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  // Runs `model` on `inputs` (the bytes of each input, in order) through
  // TFLite's builtin kernels and through liten (configured as the kernel
  // tests are: LITEN_TEST_KERNELS, LITEN_TEST_THREADS) and expects every
  // output byte to be the same. Returns the number of output bytes
  // compared, so that a caller can tell an empty comparison.
  size_t ExpectSameOutputs(const std::vector<uint8_t>& model,
                           const std::vector<std::vector<uint8_t>>& inputs);
  // The same for a model with one input.
  size_t ExpectSameOutput(const std::vector<uint8_t>& model,
                          const std::vector<uint8_t>& input) {
    return ExpectSameOutputs(model, {input});
  }

  static tflite_reference::TfLiteLibrary* library_;
  static std::string load_error_;
  static std::string skip_reason_;
};

// `count` values of T: every value of T first (up to half of `count`), both
// extremes, then random values alternately over the whole range and near
// zero (clamped to T's range).
template <typename T>
std::vector<T> IntegerInputs(std::mt19937& rng, int64_t count) {
  std::vector<T> values;
  for (int64_t v = std::numeric_limits<T>::min();
       v <= std::numeric_limits<T>::max() &&
       static_cast<int64_t>(values.size()) < count / 2;
       ++v) {
    values.push_back(static_cast<T>(v));
  }
  values.push_back(std::numeric_limits<T>::min());
  values.push_back(std::numeric_limits<T>::max());
  std::uniform_int_distribution<int64_t> any(std::numeric_limits<T>::min(),
                                             std::numeric_limits<T>::max());
  std::uniform_int_distribution<int64_t> near_zero(-1000, 1000);
  while (static_cast<int64_t>(values.size()) < count) {
    const int64_t v = values.size() % 2 ? any(rng) : near_zero(rng);
    values.push_back(static_cast<T>(
        std::min<int64_t>(std::max<int64_t>(v, std::numeric_limits<T>::min()),
                          std::numeric_limits<T>::max())));
  }
  values.resize(static_cast<size_t>(count));
  return values;
}

// IntegerInputs of `type` (UINT8, INT8, INT16 or INT32) as bytes.
std::vector<uint8_t> RandomIntegerBytes(DataType type, std::mt19937& rng,
                                        int64_t count);

}  // namespace testing
}  // namespace liten

#endif  // LITEN_TESTS_MODELS_TFLITE_OP_TEST_H_
