// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// `liten bench`, end to end through the command line tool: the report's
// sections, the JSON file, the TFLite comparison, and usage errors. Runs are
// kept to a handful so that the suite stays fast under ASan as well.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/model_test_util.h"

namespace liten {
namespace {

using ::testing::ContainsRegex;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
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

// The value of the first `"key": <number>` in `json`; NaN when absent.
double JsonNumber(const std::string& json, const std::string& key) {
  std::smatch match;
  const std::regex pattern("\"" + key + "\": ([-+0-9.eE]+)");
  if (!std::regex_search(json, match, pattern)) return std::nan("");
  return std::stod(match[1].str());
}

// The value of the first `"key": "<string>"` in `json`; empty when absent.
std::string JsonString(const std::string& json, const std::string& key) {
  std::smatch match;
  const std::regex pattern("\"" + key + "\": \"([^\"]*)\"");
  if (!std::regex_search(json, match, pattern)) return "";
  return match[1].str();
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

// BenchTest with TFLite's library, which the test fixture fetches.
class BenchTfLiteTest : public BenchTest {
 protected:
  void SetUp() override {
    BenchTest::SetUp();
    if (IsSkipped()) return;
    library_ = testing::TfLiteLibraryPath();
    if (!FileExists(library_)) {
      GTEST_SKIP() << "TFLite C library not found at " << library_;
    }
  }

  std::string library_;
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
        "constants computed at prepare", "runtime: liten; threads: 1",
        "after liten's warmup",
        "profile: a separate pass of 3 runs", "by op type:"}) {
    EXPECT_THAT(run.output, HasSubstr(section));
  }
  // The profile table names each node's op and kernel path.
  EXPECT_THAT(run.output,
              ContainsRegex("\n +[0-9]+  CONV_2D +[a-z0-9]+ +[0-9.]+"));

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
                          "\"kernel_path\": ",    "\"op\": \"CONV_2D\"",
                          "\"runtime\": \"liten\"", "\"total_ms\": "}) {
    EXPECT_THAT(json, HasSubstr(key));
  }
  // One runtime: nothing was interleaved.
  EXPECT_THAT(json, Not(HasSubstr("\"interleaving\"")));
}

TEST_F(BenchTest, PreferXnnpackKeepsNodesOffTheAvx2Kernels) {
  const CliResult run = RunBench(model_ +
                                 " --prefer-xnnpack --runs 2 --min-secs 0"
                                 " --json " +
                                 json_path_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("kernels: XNNPACK preferred"));
  EXPECT_THAT(run.output, ContainsRegex("kernel paths:.* xnnpack [0-9]+"));
  EXPECT_THAT(run.output, Not(HasSubstr(" avx2 ")));
  EXPECT_THAT(ReadText(json_path_), HasSubstr("\"prefer_xnnpack\": true"));
}

TEST_F(BenchTest, PeakRssIsThisProcesssNotItsParents) {
  // Linux carries getrusage's ru_maxrss over exec, so a parent's peak could
  // pass for bench's: give this process a peak far above any of bench's.
  // Spawned straight from here: a shell in between would fork, which
  // (unlike exec) starts the count afresh.
  constexpr size_t kBallast = size_t{768} << 20;
  std::vector<char> ballast(kBallast);
  std::memset(ballast.data(), 1, ballast.size());
  const std::string cli = testing::CliPath();
  std::vector<std::string> args = {cli,         "bench",   model_,
                                   "--runs",    "1",       "--warmup",
                                   "0",         "--min-secs", "0",
                                   "--json",    json_path_};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(&arg[0]);
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, cli.c_str(), nullptr, nullptr, argv.data(),
                        environ),
            0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  const std::string json = ReadText(json_path_);
  EXPECT_GT(JsonNumber(json, "peak_rss_before_load_bytes"), 0);
  EXPECT_LT(JsonNumber(json, "peak_rss_at_end_bytes"), kBallast) << json;
  EXPECT_EQ(ballast[kBallast / 2], 1);  // Keeps the ballast alive until now.
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

TEST_F(BenchTfLiteTest, ComparesWithBothTfLitePaths) {
  const CliResult run = RunBench(model_ +
                                 " --compare-tflite --runs 2 --min-secs 0"
                                 " --tflite-library " +
                                 library_);
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

// liten's reference kernels run next to its default path, on the same
// inputs; on a quantized model the two give the same bytes.
TEST_F(BenchTfLiteTest, ComparisonAlsoTimesLitensReferenceKernels) {
  const std::string quantized =
      testing::ModelPath("coral/mobilenet_v1_0.25_128_quant.tflite");
  if (quantized.empty()) GTEST_SKIP() << "no coral models";
  const CliResult run =
      RunBench(quantized + " --compare-tflite --runs 4 --min-secs 0"
               " --tflite-library " + library_ + " --json " + json_path_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string number = " +[0-9]+\\.[0-9]+";
  EXPECT_THAT(run.output, ContainsRegex("\n  liten-reference" + number +
                                        " +" + number + number + "\n"))
      << run.output;
  EXPECT_THAT(run.output,
              ContainsRegex("0 of [0-9]+ output bytes differ from liten's "
                            "default path"));
  EXPECT_THAT(run.output, HasSubstr("rounds started: liten 1 liten-reference 1 "
                                    "tflite-builtin 1 tflite-xnnpack 1 (of 4)"));
  const std::string json = ReadText(json_path_);
  EXPECT_THAT(json, HasSubstr("\"liten_reference\": {"));
  EXPECT_EQ(JsonNumber(json, "differing_output_bytes"), 0);

  const CliResult skipped =
      RunBench(quantized + " --compare-tflite --skip-reference --runs 2"
               " --min-secs 0 --tflite-library " + library_);
  ASSERT_EQ(skipped.exit_code, 0) << skipped.output;
  EXPECT_THAT(skipped.output, Not(HasSubstr("liten-reference")));
}

TEST_F(BenchTfLiteTest, ComparisonRotatesTheOrderEveryRound) {
  const CliResult run = RunBench(model_ +
                                 " --compare-tflite --skip-reference"
                                 " --runs 6 --min-secs 0"
                                 " --max-secs 600 --tflite-library " +
                                 library_ + " --json " + json_path_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("rounds started: liten 2 tflite-builtin 2 "
                        "tflite-xnnpack 2 (of 6)"));
  // With L = liten, B = builtin, X = XNNPACK, the rule in --help gives the
  // rounds LBX BXL XLB LXB BLX XBL, so within a round each runtime follows
  // each other one twice; the boundaries between rounds add X>L, L>B, B>B,
  // L>X, X>X and X>B.
  const std::string json = ReadText(json_path_);
  EXPECT_THAT(json, HasSubstr("\"name\": \"liten\",\n"
                              "        \"rounds_started\": 2,\n"
                              "        \"ran_right_after\": {\n"
                              "          \"tflite-builtin\": 3,\n"
                              "          \"tflite-xnnpack\": 2\n"))
      << json;
  EXPECT_THAT(json, HasSubstr("\"name\": \"tflite-builtin\",\n"
                              "        \"rounds_started\": 2,\n"
                              "        \"ran_right_after\": {\n"
                              "          \"liten\": 2,\n"
                              "          \"tflite-builtin\": 1,\n"
                              "          \"tflite-xnnpack\": 3\n"));
  EXPECT_THAT(json, HasSubstr("\"name\": \"tflite-xnnpack\",\n"
                              "        \"rounds_started\": 2,\n"
                              "        \"ran_right_after\": {\n"
                              "          \"liten\": 3,\n"
                              "          \"tflite-builtin\": 2,\n"
                              "          \"tflite-xnnpack\": 1\n"));
}

TEST_F(BenchTfLiteTest, TfLiteAloneReportsItsOwnInitAndMemory) {
  for (const std::string runtime : {"tflite-builtin", "tflite-xnnpack"}) {
    SCOPED_TRACE(runtime);
    const CliResult run =
        RunBench(model_ + " --runtime " + runtime +
                 " --runs 3 --min-secs 0 --tflite-library " + library_ +
                 " --json " + json_path_);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    for (const std::string& line :
         {"runtime: " + runtime + " alone (TFLite 2.9.0, ",
          std::string("(TfLiteModelCreateFromFile)"),
          std::string("TfLiteInterpreterCreate + AllocateTensors)"),
          std::string("first inference"), std::string("total"),
          std::string("invoke (ms): count 3  min "),
          std::string("memory: peak RSS "),
          "after " + runtime + "'s warmup"}) {
      EXPECT_THAT(run.output, HasSubstr(line));
    }
    // Nothing of liten's: it did not run.
    EXPECT_THAT(run.output, Not(HasSubstr("kernel paths:")));
    EXPECT_THAT(run.output, Not(HasSubstr("arena ")));

    const std::string json = ReadText(json_path_);
    EXPECT_EQ(JsonString(json, "runtime"), runtime);
    EXPECT_EQ(JsonString(json, "version"), "2.9.0");
    EXPECT_EQ(JsonNumber(json, "count"), 3);
    for (const char* key : {"load_ms", "prepare_ms", "first_inference_ms",
                            "total_ms", "median_ms"}) {
      EXPECT_GT(JsonNumber(json, key), 0) << key;
    }
    EXPECT_NEAR(JsonNumber(json, "total_ms"),
                JsonNumber(json, "load_ms") + JsonNumber(json, "prepare_ms") +
                    JsonNumber(json, "first_inference_ms"),
                1e-3);
    const double rss = JsonNumber(json, "peak_rss_bytes");
    EXPECT_GT(rss, 0);
    EXPECT_GE(rss, JsonNumber(json, "peak_rss_before_load_bytes"));
    for (const char* liten_only :
         {"\"arena_bytes\"", "\"kernel_paths\"", "\"paths\"",
          "\"interleaving\""}) {
      EXPECT_THAT(json, Not(HasSubstr(liten_only)));
    }
  }
}

TEST_F(BenchTfLiteTest, RuntimesAloneSeeTheSameInputs) {
  // The fingerprint of the inputs, from a one-run benchmark of `runtime`.
  auto fingerprint = [&](const std::string& runtime, const char* seed) {
    const CliResult run = RunBench(
        model_ + " --runtime " + runtime + " --seed " + seed +
        " --runs 1 --warmup 0 --min-secs 0 --tflite-library " + library_ +
        " --json " + json_path_);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return JsonString(ReadText(json_path_), "inputs_fnv1a64");
  };
  const std::string liten = fingerprint("liten", "7");
  EXPECT_THAT(liten, ContainsRegex("^[0-9a-f]{16}$"));
  EXPECT_EQ(fingerprint("tflite-builtin", "7"), liten);
  EXPECT_EQ(fingerprint("tflite-xnnpack", "7"), liten);
  EXPECT_NE(fingerprint("liten", "8"), liten);
}

TEST(BenchUsageTest, RuntimeFlagRejectsWhatMakesNoSense) {
  // Usage errors are found before the model or the library is opened.
  struct Case {
    const char* args;
    const char* message;
  };
  for (const Case& c : {
           Case{"--runtime tflite", "--runtime must be liten, tflite-builtin "
                                    "or tflite-xnnpack, got 'tflite'"},
           Case{"--runtime", "flag --runtime needs a value"},
           Case{"--runtime tflite-xnnpack --compare-tflite",
                "--runtime benchmarks one runtime alone in the process, "
                "--compare-tflite several together"},
           Case{"--skip-reference",
                "--skip-reference leaves liten's reference kernels out of "
                "--compare-tflite; it needs --compare-tflite"},
           Case{"--compare-tflite --runtime liten",
                "--runtime benchmarks one runtime alone"},
           Case{"--runtime tflite-builtin --reference",
                "--reference picks liten's reference kernels; it does not "
                "apply to --runtime tflite-builtin"},
           Case{"--profile --runtime tflite-xnnpack",
                "--profile times liten's nodes; it does not apply to "
                "--runtime tflite-xnnpack"},
           Case{"--prefer-xnnpack --runtime tflite-xnnpack",
                "--prefer-xnnpack picks liten's kernels; it does not apply "
                "to --runtime tflite-xnnpack"},
           Case{"--reference --prefer-xnnpack",
                "--reference and --prefer-xnnpack pick different kernels"},
       }) {
    const CliResult run = RunBench(std::string("model.tflite ") + c.args);
    EXPECT_EQ(run.exit_code, 2) << c.args << "\n" << run.output;
    EXPECT_THAT(run.output, HasSubstr(c.message)) << c.args;
  }
  // liten alone takes both flags: this fails on the missing model instead.
  const CliResult run =
      RunBench("/nonexistent/model.tflite --runtime liten --reference --profile");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("/nonexistent/model.tflite"));
}

TEST(BenchUsageTest, TfLiteAloneWithoutTheLibrarySaysHowToFetchIt) {
  const CliResult run = RunBench(
      "model.tflite --runtime tflite-xnnpack --tflite-library "
      "/nonexistent/lib.so");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("--runtime tflite-xnnpack needs TFLite 2.9.0's C "
                        "library, but there is none at '/nonexistent/lib.so'"));
  EXPECT_THAT(run.output, HasSubstr("fetch_tflite_reference.sh"));
}

TEST(BenchUsageTest, TfLiteAloneReportsModelsItCannotRead) {
  const std::string library = testing::TfLiteLibraryPath();
  if (!FileExists(library)) {
    GTEST_SKIP() << "TFLite C library not found at " << library;
  }
  CliResult run = RunBench("/nonexistent/model.tflite --runtime tflite-builtin"
                           " --tflite-library " + library);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("TFLite cannot run this model: cannot open model "
                        "file '/nonexistent/model.tflite'"));

  const std::string junk =
      "/tmp/liten_bench_junk_" + std::to_string(getpid()) + ".tflite";
  {
    std::ofstream file(junk);
    file << "this is not a flatbuffer, only text posing as a model";
  }
  run = RunBench(junk + " --runtime tflite-xnnpack --tflite-library " +
                 library);
  std::remove(junk.c_str());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("TFLite cannot run this model: "
                        "TfLiteModelCreateFromFile('" +
                        junk + "') failed"));
}

}  // namespace
}  // namespace liten
