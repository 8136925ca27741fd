// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "tests/models/tflite_op_test.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>

#include "tests/model_builder.h"
#include "tests/model_test_util.h"

namespace liten {
namespace testing {

using tflite_reference::Backend;
using tflite_reference::TfLiteLibrary;
using tflite_reference::TfLiteRunner;

TfLiteLibrary* TfLiteOpTest::library_ = nullptr;
std::string TfLiteOpTest::load_error_;
std::string TfLiteOpTest::skip_reason_;

void TfLiteOpTest::SetUpTestSuite() {
  const std::string path = TfLiteLibraryPath();
  if (access(path.c_str(), R_OK) != 0) {
    skip_reason_ = "TFLite's library is not at " + path +
                   " (fetch it with ctest -R fetch_tflite_reference, or set "
                   "LITEN_TFLITE_C_LIBRARY)";
    return;
  }
  library_ = TfLiteLibrary::Load(path, &load_error_).release();
}

void TfLiteOpTest::TearDownTestSuite() {
  delete library_;
  library_ = nullptr;
}

void TfLiteOpTest::SetUp() {
  if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
  ASSERT_NE(library_, nullptr) << "cannot load TFLite: " << load_error_;
}

size_t TfLiteOpTest::ExpectSameOutputs(
    const std::vector<uint8_t>& model,
    const std::vector<std::vector<uint8_t>>& inputs) {
  const std::string path = ::testing::TempDir() + "liten_tflite_op_" +
                           std::to_string(getpid()) + ".tflite";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(model.data()), model.size());
  std::string error;
  std::unique_ptr<TfLiteRunner> tflite =
      TfLiteRunner::Create(*library_, path, Backend::kBuiltin, 1, &error);
  std::remove(path.c_str());
  EXPECT_NE(tflite, nullptr) << error;
  if (tflite == nullptr) return 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_TRUE(tflite->SetInput(static_cast<int>(i), inputs[i].data(),
                                 inputs[i].size(), &error))
        << "input " << i << ": " << error;
  }
  EXPECT_TRUE(tflite->Invoke(&error)) << error;
  const std::vector<tflite_reference::TensorData> expected = tflite->outputs();

  TestInterpreter interpreter;
  Status status = interpreter.Build(model);
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    status = interpreter.interpreter().SetInput(i, inputs[i].data(),
                                                inputs[i].size());
    EXPECT_TRUE(status.ok()) << "input " << i << ": " << status.message();
  }
  status = interpreter.Invoke();
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(interpreter.interpreter().num_outputs(), expected.size());
  size_t compared = 0;
  for (size_t o = 0;
       o < std::min(interpreter.interpreter().num_outputs(), expected.size());
       ++o) {
    const TensorView view = interpreter.interpreter().output(o);
    const uint8_t* actual = static_cast<const uint8_t*>(view.data);
    const std::vector<uint8_t>& bytes = expected[o].bytes;
    EXPECT_EQ(view.bytes, bytes.size()) << "output " << o;
    size_t mismatches = 0, first = 0;
    for (size_t i = 0; i < std::min(view.bytes, bytes.size()); ++i) {
      if (actual[i] != bytes[i] && mismatches++ == 0) first = i;
    }
    EXPECT_EQ(mismatches, 0u)
        << "output " << o << ": first differing byte " << first
        << ": liten " << int{actual[first]} << ", TFLite "
        << int{bytes[first]};
    compared += bytes.size();
  }
  return compared;
}

std::vector<uint8_t> RandomIntegerBytes(DataType type, std::mt19937& rng,
                                        int64_t count) {
  switch (type) {
    case DataType::kUInt8:
      return Bytes(IntegerInputs<uint8_t>(rng, count));
    case DataType::kInt8:
      return Bytes(IntegerInputs<int8_t>(rng, count));
    case DataType::kInt16:
      return Bytes(IntegerInputs<int16_t>(rng, count));
    default:
      return Bytes(IntegerInputs<int32_t>(rng, count));
  }
}

}  // namespace testing
}  // namespace liten
