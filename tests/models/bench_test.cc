// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// `liten bench`, end to end through the command line tool: the report's
// sections, the JSON file, the TFLite comparison, and usage errors. Runs are
// kept to a handful so that the suite stays fast under ASan as well.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/model_test_util.h"

namespace liten {
namespace {

using ::testing::ContainsRegex;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kModel[] = "npm/face_detection_short_range.tflite";

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved.
};

// Runs `liten bench <args>` and collects what it prints.
CliResult RunBench(const std::string& args) {
  CliResult result;
  result.exit_code = testing::RunCli("bench " + args, &result.output);
  return result;
}

std::string ReadText(const std::string& path) {
  std::ifstream file(path);
  return std::string((std::istreambuf_iterator<char>(file)),
                     std::istreambuf_iterator<char>());
}

bool FileExists(const std::string& path) {
  return access(path.c_str(), F_OK) == 0;
}

class BenchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = testing::ModelPath(kModel);
    if (model_.empty()) {
      GTEST_SKIP() << kModel << " not found under $LITEN_MODELS_DIR="
                   << testing::ModelsDir();
    }
    json_path_ = "/tmp/liten_bench_test_" + std::to_string(getpid()) + ".json";
  }
  void TearDown() override {
    if (!json_path_.empty()) std::remove(json_path_.c_str());
  }

  std::string model_;
  std::string json_path_;
};

TEST_F(BenchTest, ReportsEverySectionAndWritesJson) {
  const CliResult run = RunBench(model_ +
                                 " --runs 3 --min-secs 0 --warmup 1 --profile"
                                 " --json " +
                                 json_path_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const char* section :
       {"load + verify", "prepare", "first inference",
        "runs: 1 warmup, then 3 timed", "invoke (ms): count 3  min ",
        " median ", " p95 ", " max ", " mean ", " std ", "peak RSS", "arena ",
        "constants computed at prepare", "threads: 1",
        "profile: a separate pass of 3 runs", "by op type:"}) {
    EXPECT_THAT(run.output, HasSubstr(section));
  }
  // The profile table names each node's op and kernel path.
  EXPECT_THAT(run.output,
              ContainsRegex("\n +[0-9]+  CONV_2D +[a-z]+ +[0-9.]+"));

  const std::string json = ReadText(json_path_);
  EXPECT_THAT(json, StartsWith("{"));
  EXPECT_THAT(json, EndsWith("}\n"));
  for (const char* key : {"\"init\": {",          "\"load_ms\": ",
                          "\"prepare_ms\": ",     "\"first_inference_ms\": ",
                          "\"invoke\": {",        "\"count\": 3,",
                          "\"min_ms\": ",         "\"median_ms\": ",
                          "\"p95_ms\": ",         "\"max_ms\": ",
                          "\"mean_ms\": ",        "\"std_ms\": ",
                          "\"peak_rss_bytes\": ", "\"arena_bytes\": ",
                          "\"constant_bytes\": ", "\"threads\": 1,",
                          "\"stop_reason\": ",    "\"profile\": {",
                          "\"nodes\": [",         "\"ops\": [",
                          "\"kernel_path\": ",    "\"op\": \"CONV_2D\""}) {
    EXPECT_THAT(json, HasSubstr(key));
  }
}

TEST(BenchUsageTest, ThreadsMustBePositive) {
  // Flags are checked before the model is opened, so no model is needed.
  for (const char* threads : {"0", "-1", "two"}) {
    const CliResult run =
        RunBench(std::string("model.tflite --threads ") + threads);
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_THAT(run.output,
                HasSubstr("--threads must be an integer >= 1 (at most 1024), "
                          "got '" +
                          std::string(threads) + "'"));
  }
  const CliResult run = RunBench("model.tflite --runs 5 --bogus");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.output, HasSubstr("unknown flag --bogus"));
}

TEST(BenchUsageTest, MissingTfLiteLibrarySaysHowToFetchIt) {
  const CliResult run = RunBench(
      "model.tflite --compare-tflite --tflite-library /nonexistent/lib.so");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("none at '/nonexistent/lib.so'"));
  EXPECT_THAT(run.output, HasSubstr("fetch_tflite_reference.sh"));
}

TEST_F(BenchTest, ComparesWithBothTfLitePaths) {
  const std::string library = testing::TfLiteLibraryPath();
  if (!FileExists(library)) {
    GTEST_SKIP() << "TFLite C library not found at " << library;
  }
  const CliResult run = RunBench(model_ +
                                 " --compare-tflite --runs 2 --min-secs 0"
                                 " --tflite-library " +
                                 library);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // Each TFLite row: init, first, median and min ms, then both ratios.
  const std::string number = " +[0-9]+\\.[0-9]+";
  for (const char* path : {"tflite-builtin", "tflite-xnnpack"}) {
    EXPECT_THAT(run.output,
                ContainsRegex(std::string("\n  ") + path + number + number +
                              number + number + number + number + "\n"))
        << run.output;
  }
  EXPECT_THAT(run.output, HasSubstr("ratio median"));
  EXPECT_THAT(run.output, HasSubstr("output 0 'regressors' FLOAT32 "
                                    "[1,896,16]:  tflite-builtin "));
  EXPECT_THAT(run.output, ContainsRegex("output 1 'classificators' .* "
                                        "tflite-xnnpack [0-9.e+-]+ \\("));
}

}  // namespace
}  // namespace liten
