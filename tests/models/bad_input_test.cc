// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Bad input, end to end: damaged real models through the API, and every
// kind of bad input through the `liten` command line tool. Each must end in
// a clear message, never a crash (this suite also runs under ASan+UBSan).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "liten/interpreter.h"
#include "liten/model.h"
#include "tests/model_test_util.h"

namespace liten {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSmallModel[] = "npm/face_detection_short_range.tflite";

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(file)),
                              std::istreambuf_iterator<char>());
}

// A scratch directory for files the tests write, removed afterwards.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/liten_test_XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string Write(const std::string& name, const std::vector<uint8_t>& bytes) {
    const std::string path = path_ + "/" + name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Loads `path`; if that works, builds, allocates and runs it once.
Status LoadAndRun(const std::string& path) {
  std::shared_ptr<const Model> model;
  Status status = Model::FromFile(path, &model);
  if (!status.ok()) return status;
  std::unique_ptr<Interpreter> interpreter;
  InterpreterOptions options;
  options.max_memory_bytes = size_t{256} << 20;
  status = Interpreter::Create(model, options, &interpreter);
  if (!status.ok()) return status;
  status = interpreter->AllocateTensors();
  if (!status.ok()) return status;
  return interpreter->Invoke();
}

class DamagedModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::ModelPath(kSmallModel);
    if (path_.empty()) {
      GTEST_SKIP() << kSmallModel << " not found under $LITEN_MODELS_DIR="
                   << testing::ModelsDir();
    }
    bytes_ = ReadFile(path_);
  }
  std::string path_;
  std::vector<uint8_t> bytes_;
  TempDir dir_;
};

TEST_F(DamagedModelTest, TruncatedFilesAreRejected) {
  for (size_t size : {size_t{0}, size_t{3}, size_t{100}, bytes_.size() / 2,
                      bytes_.size() - 1}) {
    const std::string path = dir_.Write(
        "truncated.tflite",
        std::vector<uint8_t>(bytes_.begin(), bytes_.begin() + size));
    const Status status = LoadAndRun(path);
    EXPECT_FALSE(status.ok()) << "truncated to " << size << " bytes";
    EXPECT_THAT(status.message(), HasSubstr("truncated.tflite"));
  }
}

// Flips one random bit at a time: in the FlatBuffer's tables (the file's
// last kilobytes) the loader must reject or run the result; in the weights
// it simply runs. Either way, no crash.
TEST_F(DamagedModelTest, BitFlippedFilesNeverCrash) {
  std::mt19937 rng(42);
  int rejected = 0;
  for (int trial = 0; trial < 150; ++trial) {
    std::vector<uint8_t> flipped = bytes_;
    const size_t window = trial % 2 == 0 ? flipped.size()
                                         : std::min<size_t>(flipped.size(), 32768);
    const size_t position = flipped.size() - 1 - rng() % window;
    flipped[position] ^= static_cast<uint8_t>(1u << (rng() % 8));
    if (!LoadAndRun(dir_.Write("flipped.tflite", flipped)).ok()) ++rejected;
  }
  EXPECT_GT(rejected, 0);
}

class CliTest : public ::testing::Test {
 protected:
  // Path of a model; a test calls this only after checking models exist.
  std::string Model(const std::string& relative) {
    const std::string path = testing::ModelPath(relative);
    if (path.empty()) ADD_FAILURE() << relative << " not found";
    return path;
  }
  TempDir dir_;
  std::string output_;
};

TEST_F(CliTest, NotAModel) {
  const std::string path = dir_.Write(
      "notes.txt", std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o', ' ', 'w',
                                        'o', 'r', 'l', 'd', '\n'});
  EXPECT_EQ(testing::RunCli("run " + path, &output_), 1);
  EXPECT_THAT(output_, HasSubstr("not a .tflite model"));
}

TEST_F(CliTest, MissingModel) {
  EXPECT_EQ(testing::RunCli("info /nonexistent.tflite", &output_), 1);
  EXPECT_THAT(output_, HasSubstr("cannot open model '/nonexistent.tflite'"));
}

TEST_F(CliTest, BadFlags) {
  EXPECT_EQ(testing::RunCli("run model.tflite --threads 0", &output_), 2);
  EXPECT_THAT(output_, HasSubstr("--threads must be an integer in [1, 1024]"));
  EXPECT_EQ(testing::RunCli("run model.tflite --bogus 1", &output_), 2);
  EXPECT_THAT(output_, HasSubstr("unknown flag --bogus"));
  EXPECT_EQ(testing::RunCli("frobnicate model.tflite", &output_), 2);
  EXPECT_THAT(output_, HasSubstr("unknown command 'frobnicate'"));
  EXPECT_EQ(
      testing::RunCli("run model.tflite --reference --prefer-xnnpack", &output_),
      2);
  EXPECT_THAT(output_, HasSubstr("--reference and --prefer-xnnpack pick "
                                 "different kernels; give one or the other"));
}

TEST_F(CliTest, PreferXnnpackRunsOnXnnpack) {
  if (testing::ModelPath(kSmallModel).empty()) GTEST_SKIP() << "no models";
  ASSERT_EQ(testing::RunCli("run " + Model(kSmallModel) + " --prefer-xnnpack",
                            &output_),
            0)
      << output_;
  EXPECT_THAT(output_, HasSubstr("(1 thread, XNNPACK preferred)"));
}

TEST_F(CliTest, UnsupportedCustomOps) {
  if (testing::ModelPath(kSmallModel).empty()) GTEST_SKIP() << "no models";
  EXPECT_EQ(testing::RunCli("run " + Model("coral/model_invoking_error.tflite"), &output_), 1);
  EXPECT_THAT(output_, HasSubstr("node 0 (fake-op-double, version 1): liten "
                                 "has no kernel for this custom op"));
  EXPECT_EQ(testing::RunCli("run " + Model("npm/ssd_mobilenet_v2_coco_quant_postprocess_"
                                  "edgetpu.tflite"), &output_), 1);
  EXPECT_THAT(output_, HasSubstr("(edgetpu-custom-op, version 1): liten has "
                                 "no kernel for this custom op"));
}

TEST_F(CliTest, WrongInputFileSize) {
  if (testing::ModelPath(kSmallModel).empty()) GTEST_SKIP() << "no models";
  const std::string input = dir_.Write("input.bin", std::vector<uint8_t>(10));
  EXPECT_EQ(testing::RunCli("run " + Model(kSmallModel) + " --input " + input, &output_), 1);
  EXPECT_THAT(output_, HasSubstr("input 0 (tensor 0, FLOAT32 [1,128,128,3]) "
                                 "takes 196608 bytes, but 10 were given"));
  EXPECT_EQ(testing::RunCli("run " + Model(kSmallModel) + " --input " + input +
                       " --input " + input, &output_), 1);
  EXPECT_THAT(output_, HasSubstr("the model has 1 inputs, but 2 --input files"));
}

TEST_F(CliTest, RunWritesOutputsThatReproduce) {
  if (testing::ModelPath(kSmallModel).empty()) GTEST_SKIP() << "no models";
  // A seeded run, then the same bytes fed back through --input: identical
  // outputs, with the sizes `liten info` reports.
  ASSERT_EQ(testing::RunCli("run " + Model(kSmallModel) + " --seed 7 --output-dir " +
                       dir_.path(), &output_), 0) << output_;
  EXPECT_THAT(output_, HasSubstr("output 0 'regressors': FLOAT32 [1,896,16] min="));
  EXPECT_THAT(output_, HasSubstr("output 1 'classificators': FLOAT32 [1,896,1] min="));
  const std::vector<uint8_t> first = ReadFile(dir_.path() + "/output_0.bin");
  EXPECT_EQ(first.size(), 896u * 16 * 4);

  std::vector<float> input(128 * 128 * 3, 0.25f);
  const std::string input_path = dir_.Write(
      "input.bin", std::vector<uint8_t>(
                       reinterpret_cast<const uint8_t*>(input.data()),
                       reinterpret_cast<const uint8_t*>(input.data() + input.size())));
  const std::string out_a = dir_.path() + "/a";
  const std::string out_b = dir_.path() + "/b";
  ASSERT_EQ(mkdir(out_a.c_str(), 0700), 0);
  ASSERT_EQ(mkdir(out_b.c_str(), 0700), 0);
  ASSERT_EQ(testing::RunCli("run " + Model(kSmallModel) + " --input " + input_path +
                       " --output-dir " + out_a, &output_), 0) << output_;
  ASSERT_EQ(testing::RunCli("run " + Model(kSmallModel) + " --input " + input_path +
                       " --threads 2 --output-dir " + out_b, &output_), 0);
  EXPECT_EQ(ReadFile(out_a + "/output_0.bin"), ReadFile(out_b + "/output_0.bin"));
  EXPECT_NE(ReadFile(out_a + "/output_0.bin"), first);
}

TEST_F(CliTest, InfoListsOpsAndArena) {
  if (testing::ModelPath(kSmallModel).empty()) GTEST_SKIP() << "no models";
  ASSERT_EQ(testing::RunCli("info " + Model(kSmallModel), &output_), 0) << output_;
  EXPECT_THAT(output_, HasSubstr("input 0: 'input' (tensor 0) FLOAT32 [1,128,128,3]"));
  EXPECT_THAT(output_, HasSubstr("CONV_2D v1"));
  EXPECT_THAT(output_, HasSubstr("arena: "));
  // An unrunnable model still lists its ops, then says why it cannot run.
  EXPECT_EQ(testing::RunCli("info " + Model("coral/model_invoking_error.tflite"), &output_), 1);
  EXPECT_THAT(output_, HasSubstr("fake-op-double v1"));
  EXPECT_THAT(output_, HasSubstr("cannot run this model"));
}

}  // namespace
}  // namespace liten
