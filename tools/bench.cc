// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// `liten bench`: load, prepare and run a model repeatedly and report where
// the time and memory go, optionally next to TFLite 2.9.0 on the same inputs.
//
// The phases are kept apart on purpose, because each answers a different
// question: load + verify is the cost of trusting a file, prepare is where
// weights get packed, the first inference pays for lazy set-up and cold
// caches, and only the steady-state runs say how fast inference is. The
// per-node profile runs in its own pass so that the timer calls around every
// node never leak into the steady-state numbers.
#include "tools/bench.h"

#include "tools/random_inputs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "liten/interpreter.h"
#include "liten/model.h"
#include "liten/status.h"
#include "tools/tflite_reference/tflite_reference.h"

namespace liten {
namespace {

namespace tfl = ::liten::tflite_reference;
using Clock = std::chrono::steady_clock;

constexpr char kUsage[] =
    "usage: liten bench MODEL [--threads N] [--warmup N] [--runs N]\n"
    "         [--min-secs S] [--max-secs S] [--seed N]\n"
    "         [--reference | --prefer-xnnpack]\n"
    "         [--profile] [--compare-tflite | --runtime NAME]\n"
    "         [--tflite-library PATH] [--json FILE]\n"
    "  Times loading, preparing and running MODEL; reports its memory.\n"
    "\n"
    "  Phases, each timed on its own with a monotonic clock:\n"
    "    load + verify    Model::FromFile (map and verify the whole file)\n"
    "    prepare          Interpreter::Create + AllocateTensors (kernels\n"
    "                     are chosen and weights packed here)\n"
    "    first inference  the first Invoke, never in the statistics\n"
    "    warmup           --warmup N more untimed Invokes (default 1)\n"
    "    timed runs       after each timed run, stop if --max-secs S\n"
    "                     (default 10) have passed since the first timed\n"
    "                     run began, or if at least --runs N runs (default\n"
    "                     50) were made AND --min-secs S (default 1.0)\n"
    "                     have passed. At least one timed run is always\n"
    "                     made. Either of --min-secs and --max-secs given\n"
    "                     alone moves the other's default if needed; given\n"
    "                     both, min <= max.\n"
    "  Prints count, min, median, p95 (nearest rank), max, mean and std\n"
    "  (population) of the Invoke wall time; the process's peak RSS\n"
    "  (VmHWM); the arena and prepare-time constant bytes; and the\n"
    "  threads that ran.\n"
    "  Inputs are set once, pseudo-random from --seed (default 1) exactly\n"
    "  as in `liten run`: floats uniform in [-1, 1), integers uniform over\n"
    "  their type's range (int32/int64: [-100, 100]).\n"
    "\n"
    "  --threads N        worker threads, an integer >= 1 (default 1)\n"
    "  --reference        run every op on its portable reference kernel\n"
    "  --prefer-xnnpack   run on XNNPACK the ops liten has its own AVX2\n"
    "                     kernels for (CONV_2D, DEPTHWISE_CONV_2D, ADD,\n"
    "                     MUL, PRELU), as on CPUs where liten prefers\n"
    "                     XNNPACK\n"
    "  --profile          then, in a separate pass on a second interpreter\n"
    "                     with per-node timing (so its overhead stays out\n"
    "                     of the numbers above), one untimed Invoke and as\n"
    "                     many runs as were timed (also stopping at\n"
    "                     --max-secs); prints each node's average time,\n"
    "                     slowest first, and a summary by op type (nodes\n"
    "                     computed once at prepare are counted, not listed)\n"
    "  --compare-tflite   also runs TFLite 2.9.0 with its builtin kernels\n"
    "                     and with XNNPACK (same threads, same input\n"
    "                     bytes), and liten's reference kernels next to\n"
    "                     its default path (unless --reference, or\n"
    "                     --skip-reference), with how many output bytes\n"
    "                     the two liten paths differ in. Each gets a\n"
    "                     first inference, TFLite the warmup too; then\n"
    "                     the timed runs go in rounds, each runtime\n"
    "                     running once per round, one round counting as\n"
    "                     one run. The order changes every round so that\n"
    "                     no runtime always runs right after the same\n"
    "                     one: of the k runtimes taking part (in the\n"
    "                     order liten, liten reference, TFLite builtin,\n"
    "                     TFLite XNNPACK), round r starts with runtime\n"
    "                     r mod k and goes forward through that order\n"
    "                     when r / k is even, backward when it is odd;\n"
    "                     over 2k rounds each runtime then runs right\n"
    "                     after each other one equally often within a\n"
    "                     round. Prints each one's median and min, the\n"
    "                     ratios liten/TFLite (below 1: liten is faster)\n"
    "                     and, per output, the largest |liten - TFLite|,\n"
    "                     also relative to max |TFLite|. A model TFLite\n"
    "                     cannot run is reported, skipped. Peak RSS is\n"
    "                     the process's, so it cannot be split between\n"
    "                     runtimes here: compare --runtime runs for that.\n"
    "  --runtime NAME     benchmarks NAME alone in this process: liten\n"
    "                     (the default), tflite-builtin or tflite-xnnpack\n"
    "                     (TFLite 2.9.0 with the same threads, and the\n"
    "                     same input bytes as liten for the same --seed).\n"
    "                     For TFLite, load is TfLiteModelCreateFromFile;\n"
    "                     prepare is the interpreter options, the XNNPACK\n"
    "                     delegate, TfLiteInterpreterCreate (which applies\n"
    "                     the delegate) and AllocateTensors; the rest is\n"
    "                     as for liten, and the peak RSS is then TFLite's\n"
    "                     own. Not with --compare-tflite; a TFLite runtime\n"
    "                     not with --reference or --profile either.\n"
    "  --tflite-library PATH\n"
    "                     TFLite's C library. Default:\n"
    "                     $LITEN_TFLITE_C_LIBRARY, else\n"
    "                     tflite_reference/libtensorflowlite_c.so next to\n"
    "                     the liten executable. To fetch it, run from\n"
    "                     liten's source tree:\n"
    "                       tools/tflite_reference/"
    "fetch_tflite_reference.sh DIR\n"
    "  --json FILE        also writes all of the above to FILE as JSON\n"
    "\n"
    "  Exit status: 0 on success; 1 if the model cannot be loaded or run,\n"
    "  or the TFLite library or the JSON file cannot be used; 2 for bad\n"
    "  usage.\n";

// ---------------------------------------------------------------------------
// Options.

struct BenchOptions {
  std::string model;
  int threads = 1;
  int64_t warmup = 1;
  int64_t runs = 50;
  double min_secs = 1.0;
  double max_secs = 10.0;
  uint32_t seed = 1;
  bool reference = false;
  bool prefer_xnnpack = false;
  bool profile = false;
  bool compare_tflite = false;
  bool skip_reference = false;  // No liten-reference under --compare-tflite.
  // --runtime: liten (also under --compare-tflite, which adds both TFLite
  // paths next to it) unless `tflite_alone`, then that TFLite path alone.
  bool runtime_given = false;
  bool tflite_alone = false;
  tfl::Backend tflite_backend = tfl::Backend::kXnnpack;
  std::string tflite_library;  // Empty: $LITEN_TFLITE_C_LIBRARY or default.
  std::string json_path;       // Empty: no JSON.
};

constexpr char kLiten[] = "liten";

const char* PathName(tfl::Backend backend) {
  return backend == tfl::Backend::kXnnpack ? "tflite-xnnpack"
                                           : "tflite-builtin";
}

// The name --runtime gave, as reports and JSON call the runtime.
std::string RuntimeName(const BenchOptions& options) {
  return options.tflite_alone ? PathName(options.tflite_backend) : kLiten;
}

// Parses a whole decimal integer in [min, max]; false on anything else.
bool ParseInt(const char* text, long long min, long long max,
              long long* value) {
  char* end = nullptr;
  errno = 0;
  const long long parsed = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || parsed < min ||
      parsed > max) {
    return false;
  }
  *value = parsed;
  return true;
}

// Parses a whole finite decimal number in [min, max].
bool ParseSeconds(const char* text, double min, double max, double* value) {
  char* end = nullptr;
  errno = 0;
  const double parsed = std::strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || !std::isfinite(parsed) ||
      parsed < min || parsed > max) {
    return false;
  }
  *value = parsed;
  return true;
}

// Fills `options` from argv (argv[0] is "bench"); on failure sets `error` to
// a one-line message for a usage error.
bool ParseBenchArgs(int argc, char** argv, BenchOptions* options,
                    std::string* error) {
  // Generous bounds: they only exist so that absurd values are rejected
  // instead of overflowing.
  constexpr long long kMaxCount = 1000000000;
  constexpr double kMaxSecs = 1e6;
  bool min_secs_given = false;
  bool max_secs_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.empty() || arg[0] != '-') {
      if (!options->model.empty()) {
        *error = "more than one model given: '" + options->model + "' and '" +
                 arg + "'";
        return false;
      }
      options->model = arg;
      continue;
    }
    if (arg == "--reference") {
      options->reference = true;
      continue;
    }
    if (arg == "--prefer-xnnpack") {
      options->prefer_xnnpack = true;
      continue;
    }
    if (arg == "--profile") {
      options->profile = true;
      continue;
    }
    if (arg == "--skip-reference") {
      options->skip_reference = true;
      continue;
    }
    if (arg == "--compare-tflite") {
      options->compare_tflite = true;
      continue;
    }
    const bool takes_value = arg == "--threads" || arg == "--warmup" ||
                             arg == "--runs" || arg == "--min-secs" ||
                             arg == "--max-secs" || arg == "--seed" ||
                             arg == "--json" || arg == "--tflite-library" ||
                             arg == "--runtime";
    if (!takes_value) {
      *error = "unknown flag " + arg;
      return false;
    }
    if (i + 1 >= argc) {
      *error = "flag " + arg + " needs a value";
      return false;
    }
    const char* value = argv[++i];
    const std::string quoted = std::string(", got '") + value + "'";
    long long number = 0;
    if (arg == "--threads") {
      if (!ParseInt(value, 1, 1024, &number)) {
        *error = "--threads must be an integer >= 1 (at most 1024)" + quoted;
        return false;
      }
      options->threads = static_cast<int>(number);
    } else if (arg == "--warmup") {
      if (!ParseInt(value, 0, kMaxCount, &number)) {
        *error = "--warmup must be an integer >= 0" + quoted;
        return false;
      }
      options->warmup = number;
    } else if (arg == "--runs") {
      if (!ParseInt(value, 1, kMaxCount, &number)) {
        *error = "--runs must be an integer >= 1" + quoted;
        return false;
      }
      options->runs = number;
    } else if (arg == "--min-secs") {
      if (!ParseSeconds(value, 0.0, kMaxSecs, &options->min_secs)) {
        *error = "--min-secs must be a number of seconds >= 0" + quoted;
        return false;
      }
      min_secs_given = true;
    } else if (arg == "--max-secs") {
      if (!ParseSeconds(value, 0.0, kMaxSecs, &options->max_secs) ||
          options->max_secs <= 0) {
        *error = "--max-secs must be a number of seconds > 0" + quoted;
        return false;
      }
      max_secs_given = true;
    } else if (arg == "--seed") {
      if (!ParseInt(value, 0, UINT32_MAX, &number)) {
        *error = "--seed must be an integer in [0, 2^32)" + quoted;
        return false;
      }
      options->seed = static_cast<uint32_t>(number);
    } else if (arg == "--runtime") {
      options->runtime_given = true;
      options->tflite_alone = false;
      if (std::strcmp(value, PathName(tfl::Backend::kBuiltin)) == 0) {
        options->tflite_alone = true;
        options->tflite_backend = tfl::Backend::kBuiltin;
      } else if (std::strcmp(value, PathName(tfl::Backend::kXnnpack)) == 0) {
        options->tflite_alone = true;
        options->tflite_backend = tfl::Backend::kXnnpack;
      } else if (std::strcmp(value, kLiten) != 0) {
        *error = std::string("--runtime must be liten, tflite-builtin or "
                             "tflite-xnnpack") +
                 quoted;
        return false;
      }
    } else if (arg == "--json") {
      options->json_path = value;
    } else {
      options->tflite_library = value;
    }
  }
  if (options->model.empty()) {
    *error = "expected a model";
    return false;
  }
  if (options->runtime_given && options->compare_tflite) {
    *error =
        "--runtime benchmarks one runtime alone in the process, "
        "--compare-tflite several together; give one or the other";
    return false;
  }
  if (options->skip_reference && !options->compare_tflite) {
    *error = "--skip-reference leaves liten's reference kernels out of "
             "--compare-tflite; it needs --compare-tflite";
    return false;
  }
  if (options->reference && options->prefer_xnnpack) {
    *error = "--reference and --prefer-xnnpack pick different kernels; give "
             "one or the other";
    return false;
  }
  if (options->tflite_alone &&
      (options->reference || options->prefer_xnnpack || options->profile)) {
    *error = std::string(options->reference ? "--reference picks liten's "
                                              "reference kernels"
                         : options->prefer_xnnpack
                             ? "--prefer-xnnpack picks liten's kernels"
                             : "--profile times liten's nodes") +
             "; it does not apply to --runtime " + RuntimeName(*options);
    return false;
  }
  // A --min-secs beyond --max-secs could never be honoured; say so rather
  // than silently running shorter than asked. With only one of them given,
  // the other follows, so `--min-secs 30` alone just means "at least 30 s".
  if (options->min_secs > options->max_secs) {
    if (min_secs_given && max_secs_given) {
      *error = "--min-secs must not exceed --max-secs";
      return false;
    }
    if (min_secs_given) options->max_secs = options->min_secs;
    if (max_secs_given) options->min_secs = options->max_secs;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Measurements.

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

// Summary of a set of run times, all in milliseconds.
struct Stats {
  size_t count = 0;
  double min = 0, median = 0, p95 = 0, max = 0, mean = 0, std = 0;
};

Stats Summarize(std::vector<double> ms) {
  Stats stats;
  stats.count = ms.size();
  if (ms.empty()) return stats;
  std::sort(ms.begin(), ms.end());
  const size_t n = ms.size();
  stats.min = ms.front();
  stats.max = ms.back();
  stats.median = n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  // Nearest rank: the smallest sample with at least 95% of them at or
  // below, i.e. rank ceil(0.95 n), in integers to stay clear of rounding.
  const size_t rank = (95 * n + 99) / 100;
  stats.p95 = ms[rank - 1];
  double sum = 0;
  for (double v : ms) sum += v;
  const double samples = static_cast<double>(n);
  stats.mean = sum / samples;
  // Two passes, so that a large mean does not swallow a small spread.
  double squares = 0;
  for (double v : ms) squares += (v - stats.mean) * (v - stats.mean);
  stats.std = std::sqrt(squares / samples);
  return stats;
}

// The stopping rule of the timed phase, as the usage text states it.
struct RunPlan {
  int64_t runs = 1;
  double min_secs = 0;
  double max_secs = 0;

  bool Done(int64_t count, double elapsed_secs) const {
    return elapsed_secs >= max_secs ||
           (count >= runs && elapsed_secs >= min_secs);
  }
  std::string StopReason(int64_t count, double elapsed_secs) const {
    if (count >= runs && elapsed_secs >= min_secs) {
      return "--runs and --min-secs reached";
    }
    return "--max-secs reached";
  }
};

// Peak resident set size of the whole process so far. It only grows, so
// reading it at a chosen moment bounds what was resident up to then.
// VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over exec, so
// bench started by a large parent (a Python script, a test) would report
// the parent's peak instead of its own.
size_t PeakRssBytes() {
  FILE* status = std::fopen("/proc/self/status", "r");
  if (status == nullptr) return 0;
  char line[256];
  unsigned long long kib = 0;
  while (std::fgets(line, sizeof(line), status) != nullptr) {
    if (std::sscanf(line, "VmHWM: %llu kB", &kib) == 1) break;
  }
  std::fclose(status);
  return static_cast<size_t>(kib) * 1024;
}

// What the timed phase recorded of one runtime.
struct TimedRuns {
  std::string name;
  std::vector<double> times_ms;
  std::string error;  // Why its Invoke failed; it sat out from then on.
  // How the order came out: the rounds it started, and how often it ran
  // right after each runtime (itself too, across a round boundary).
  int64_t rounds_first = 0;
  std::map<std::string, int64_t> ran_after;
};

// One runtime in the timed phase.
struct Contender {
  // One Invoke; false, with `error` set, when it failed.
  std::function<bool(std::string* error)> invoke;
  // Whether its failure ends the benchmark (liten, or the runtime benchmarked
  // alone) rather than only its own runs (a TFLite path next to liten).
  bool required = true;
  TimedRuns runs;
};

// The order of round `round` among `k` runtimes, as the usage text states:
// start at r mod k, forward when r / k is even, backward when it is odd.
// Rotation alone would keep the cyclic order, so with three runtimes each
// would still run right after the same one in two rounds of three.
std::vector<size_t> RoundOrder(int64_t round, size_t k) {
  const size_t first = static_cast<size_t>(round) % k;
  const bool backward = (static_cast<size_t>(round) / k) % 2 == 1;
  std::vector<size_t> order(k);
  for (size_t i = 0; i < k; ++i) {
    order[i] = backward ? (first + k - i) % k : (first + i) % k;
  }
  return order;
}

struct TimedPhase {
  int64_t rounds = 0;
  double secs = 0;
  std::string stop_reason;
};

// Runs rounds of one Invoke per contender still taking part until `plan`
// says stop, or until a required contender fails (its runs.error then says
// why), so a required one always takes part. Interleaving exposes all
// runtimes alike to slow drifts of the machine (frequency, other load).
TimedPhase RunTimedRounds(const RunPlan& plan,
                          std::vector<Contender>* contenders) {
  TimedPhase phase;
  const Clock::time_point phase_start = Clock::now();
  const TimedRuns* previous = nullptr;
  do {
    std::vector<Contender*> taking_part;
    for (Contender& c : *contenders) {
      if (c.runs.error.empty()) taking_part.push_back(&c);
    }
    const std::vector<size_t> order =
        RoundOrder(phase.rounds, taking_part.size());
    ++taking_part[order.front()]->runs.rounds_first;
    for (const size_t i : order) {
      Contender& c = *taking_part[i];
      std::string error;
      const Clock::time_point start = Clock::now();
      const bool ok = c.invoke(&error);
      c.runs.times_ms.push_back(MillisecondsSince(start));
      if (previous != nullptr) ++c.runs.ran_after[previous->name];
      previous = &c.runs;
      if (!ok) {
        c.runs.error = error.empty() ? "Invoke failed" : error;
        if (c.required) return phase;
      }
    }
    ++phase.rounds;
    phase.secs = MillisecondsSince(phase_start) / 1000;
  } while (!plan.Done(phase.rounds, phase.secs));
  phase.stop_reason = plan.StopReason(phase.rounds, phase.secs);
  return phase;
}

// FNV-1a (64-bit) of the input bytes in input order. Two runs, in one
// process or in two, were fed the same inputs when these agree.
uint64_t InputsFingerprint(const std::vector<TensorView>& inputs) {
  uint64_t hash = 14695981039346656037ull;
  for (const TensorView& input : inputs) {
    const auto* bytes = static_cast<const uint8_t*>(input.data);
    for (size_t i = 0; i < input.bytes; ++i) {
      hash = (hash ^ bytes[i]) * 1099511628211ull;
    }
  }
  return hash;
}

// ---------------------------------------------------------------------------
// Inputs: the same generator, order and distributions as `liten run`, so
// that `liten run --seed N` reproduces the inputs bench used.



// Element `i` of a buffer of `type`, widened to double; false for types
// whose values cannot be compared that way (float16, strings, ...).
bool ElementAsDouble(DataType type, const uint8_t* data, size_t i,
                     double* value) {
  // memcpy: TFLite's copies of outputs carry no alignment guarantee.
  auto load = [&](auto zero) {
    decltype(zero) element;
    std::memcpy(&element, data + i * sizeof(element), sizeof(element));
    *value = static_cast<double>(element);
  };
  switch (type) {
    case DataType::kFloat32:
      load(float{});
      return true;
    case DataType::kFloat64:
      load(double{});
      return true;
    case DataType::kUInt8:
    case DataType::kBool:
      load(uint8_t{});
      return true;
    case DataType::kInt8:
      load(int8_t{});
      return true;
    case DataType::kInt16:
      load(int16_t{});
      return true;
    case DataType::kUInt16:
      load(uint16_t{});
      return true;
    case DataType::kInt32:
      load(int32_t{});
      return true;
    case DataType::kUInt32:
      load(uint32_t{});
      return true;
    case DataType::kInt64:
      load(int64_t{});
      return true;
    default:
      return false;
  }
}

std::string ShapeString(const std::vector<int32_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    text += (i ? "," : "") + std::to_string(shape[i]);
  }
  return text + "]";
}

// ---------------------------------------------------------------------------
// TFLite, for --compare-tflite.

// How one liten output differs from the same output of one TFLite path.
struct OutputDiff {
  size_t index = 0;
  std::string name;
  std::string type_and_shape;  // liten's, e.g. "FLOAT32 [1,896,16]".
  bool comparable = false;
  std::string why_not;  // When !comparable.
  double max_abs_diff = 0;
  double max_abs_tflite = 0;
  // max_abs_diff / max_abs_tflite; infinite when TFLite's output is all zero
  // but liten's is not.
  double relative_diff = 0;
};

// One TFLite configuration being measured next to liten.
struct TfLitePath {
  tfl::Backend backend = tfl::Backend::kBuiltin;
  std::unique_ptr<tfl::TfLiteRunner> runner;
  // Why this path was given up; empty while it runs. A TFLite failure is a
  // fact about TFLite, not a failure of the benchmark: liten carries on.
  std::string error;
  double init_ms = 0;
  double first_ms = 0;
  Stats stats;
  std::vector<OutputDiff> diffs;

  bool usable() const { return runner != nullptr; }
  void GiveUp(const std::string& why) {
    error = why;
    runner.reset();  // Frees TFLite's memory right away.
  }
};

std::string ExecutableDir() {
  std::vector<char> path(4096);
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
  if (n <= 0) return ".";
  const std::string text(path.data(), static_cast<size_t>(n));
  const size_t slash = text.rfind('/');
  return slash == std::string::npos ? "." : text.substr(0, slash);
}

bool FileExists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

// Finds and loads TFLite's C library; on failure sets `error` to a message
// that says how to get it.
std::unique_ptr<tfl::TfLiteLibrary> LoadTfLite(const BenchOptions& options,
                                               std::string* error) {
  const std::string needed_by = options.tflite_alone
                                    ? "--runtime " + RuntimeName(options)
                                    : std::string("--compare-tflite");
  const std::string default_path =
      ExecutableDir() + "/tflite_reference/libtensorflowlite_c.so";
  std::string path = options.tflite_library;
  std::string source = "--tflite-library";
  if (path.empty()) {
    path = tfl::FindLibraryPath(default_path);
    source = path == default_path ? "the default next to the liten executable"
                                  : std::string("$") + tfl::kLibraryPathEnvVar;
  }
  if (!FileExists(path)) {
    *error =
        needed_by + " needs TFLite 2.9.0's C library, but there is none at '" +
        path + "' (" + source +
        ").\n"
        "  Fetch it (needs npm) from liten's source tree with\n"
        "    tools/tflite_reference/fetch_tflite_reference.sh " +
        ExecutableDir() +
        "/tflite_reference\n"
        "  or pass --tflite-library PATH, or set " +
        tfl::kLibraryPathEnvVar + ".";
    return nullptr;
  }
  return tfl::TfLiteLibrary::Load(path, error);
}

// Builds `path`'s TFLite interpreter; false, after path->GiveUp(), when
// TFLite cannot run the model.
bool CreateTfLitePath(const tfl::TfLiteLibrary& library,
                      const BenchOptions& options, TfLitePath* path) {
  std::string error;
  const Clock::time_point start = Clock::now();
  path->runner = tfl::TfLiteRunner::Create(
      library, options.model, path->backend, options.threads, &error);
  path->init_ms = MillisecondsSince(start);
  if (path->runner == nullptr) {
    path->GiveUp("TFLite cannot run this model: " + error);
    return false;
  }
  return true;
}

// Feeds `path` the input bytes of `inputs` and runs its first inference and
// the warmup; false after path->GiveUp() when TFLite fails.
bool StartTfLitePath(const BenchOptions& options,
                     const std::vector<TensorView>& inputs, TfLitePath* path) {
  std::string error;
  if (static_cast<size_t>(path->runner->input_count()) != inputs.size()) {
    path->GiveUp("TFLite sees " + std::to_string(path->runner->input_count()) +
                 " inputs, liten " + std::to_string(inputs.size()));
    return false;
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!path->runner->SetInput(static_cast<int>(i), inputs[i].data,
                                inputs[i].bytes, &error)) {
      path->GiveUp("cannot set TFLite's input " + std::to_string(i) + ": " +
                   error);
      return false;
    }
  }
  const Clock::time_point start = Clock::now();
  if (!path->runner->Invoke(&error)) {
    path->GiveUp("TFLite's Invoke failed: " + error);
    return false;
  }
  path->first_ms = MillisecondsSince(start);
  for (int64_t i = 0; i < options.warmup; ++i) {
    if (!path->runner->Invoke(&error)) {
      path->GiveUp("TFLite's Invoke failed: " + error);
      return false;
    }
  }
  return true;
}

// Seeded inputs for a TFLite interpreter run without liten: drawn exactly as
// liten's are (FillRandomInput, in input order, from one generator), so that
// a --runtime tflite-* run sees the bytes liten sees for the same --seed.
// The views point into `buffers`.
bool RandomTfLiteInputs(const tfl::TfLiteLibrary& library,
                        const tfl::TfLiteRunner& runner, uint32_t seed,
                        std::vector<std::vector<uint8_t>>* buffers,
                        std::vector<TensorView>* views, std::string* error) {
  std::mt19937 rng(seed);
  buffers->resize(static_cast<size_t>(runner.input_count()));
  for (int i = 0; i < runner.input_count(); ++i) {
    const tfl::TensorData info = runner.input_info(i);
    // TFLite numbers its types differently from the .tflite schema that
    // liten's DataType follows; both name them alike ("FLOAT32").
    const std::string type_name = library.TypeName(info.type);
    TensorView view;
    view.type = DataType::kString;  // Not fillable: stays so if unmatched.
    for (int t = 0; t <= std::numeric_limits<int8_t>::max(); ++t) {
      if (type_name == DataTypeName(static_cast<DataType>(t))) {
        view.type = static_cast<DataType>(t);
        break;
      }
    }
    std::vector<uint8_t>& buffer = (*buffers)[static_cast<size_t>(i)];
    buffer.resize(info.byte_size);
    view.data = buffer.data();
    view.bytes = buffer.size();
    if (!FillRandomInput(rng, view)) {
      *error = "input " + std::to_string(i) + " has type " + type_name +
               ", which bench cannot fill at random";
      return false;
    }
    views->push_back(view);
  }
  return true;
}

// Compares liten's outputs (as of its last Invoke) with `path`'s.
void CompareOutputs(const tfl::TfLiteLibrary& library,
                    const Interpreter& interpreter, TfLitePath* path) {
  const std::vector<tfl::TensorData> theirs = path->runner->outputs();
  for (size_t o = 0; o < interpreter.num_outputs(); ++o) {
    const TensorView ours = interpreter.output(o);
    OutputDiff diff;
    diff.index = o;
    diff.name = ours.name;
    diff.type_and_shape =
        std::string(DataTypeName(ours.type)) + " " + ShapeString(ours.shape);
    const size_t element_size = DataTypeSize(ours.type);
    double probe = 0;
    if (o >= theirs.size()) {
      diff.why_not = "TFLite has no output " + std::to_string(o);
    } else if (library.TypeName(theirs[o].type) != DataTypeName(ours.type)) {
      diff.why_not =
          "types differ: TFLite has " + library.TypeName(theirs[o].type);
    } else if (std::vector<int32_t>(theirs[o].shape.begin(),
                                    theirs[o].shape.end()) != ours.shape ||
               theirs[o].bytes.size() != ours.bytes) {
      diff.why_not = "shapes differ: TFLite has " +
                     ShapeString(std::vector<int32_t>(theirs[o].shape.begin(),
                                                      theirs[o].shape.end()));
    } else if (element_size == 0 ||
               !ElementAsDouble(ours.type, theirs[o].bytes.data(), 0, &probe)) {
      diff.why_not = std::string("values of type ") + DataTypeName(ours.type) +
                     " are not compared";
    } else {
      diff.comparable = true;
      const auto* mine = static_cast<const uint8_t*>(ours.data);
      const uint8_t* reference = theirs[o].bytes.data();
      for (size_t i = 0; i < ours.bytes / element_size; ++i) {
        double a = 0, b = 0;
        ElementAsDouble(ours.type, mine, i, &a);
        ElementAsDouble(ours.type, reference, i, &b);
        // A NaN on one side only is as wrong as it gets; NaN on both agrees.
        double d = std::fabs(a - b);
        if (std::isnan(a) || std::isnan(b)) {
          d = std::isnan(a) && std::isnan(b)
                  ? 0
                  : std::numeric_limits<double>::infinity();
        }
        diff.max_abs_diff = std::max(diff.max_abs_diff, d);
        if (!std::isnan(b)) {
          diff.max_abs_tflite = std::max(diff.max_abs_tflite, std::fabs(b));
        }
      }
      diff.relative_diff =
          diff.max_abs_tflite > 0  ? diff.max_abs_diff / diff.max_abs_tflite
          : diff.max_abs_diff == 0 ? 0
                                   : std::numeric_limits<double>::infinity();
    }
    path->diffs.push_back(diff);
  }
}

// ---------------------------------------------------------------------------
// Per-node profile.

struct NodeTime {
  size_t node = 0;
  std::string op;
  std::string kernel_path;
  double avg_ms = 0;
};

struct OpTime {
  std::string op;
  int count = 0;
  double avg_ms = 0;
};

// Nodes computed once at prepare time (kernel path "constant") take no time
// at Invoke; they are counted, not listed, so the tables show only work
// that Invoke does.
struct Profile {
  Stats invoke;            // Invoke times with profiling on.
  double node_sum_ms = 0;  // Average over runs of the sum over nodes.
  int constant_nodes = 0;
  std::vector<NodeTime> nodes;  // Slowest first.
  std::vector<OpTime> ops;      // Slowest first.
};

// Runs a second interpreter with per-node timing on the same inputs:
// one untimed Invoke (lazy set-up), then `runs` Invokes or until `max_secs`.
Status ProfilePass(const std::shared_ptr<const Model>& model,
                   InterpreterOptions interpreter_options,
                   const Interpreter& timed, int64_t runs, double max_secs,
                   Profile* profile) {
  interpreter_options.enable_profiling = true;
  std::unique_ptr<Interpreter> interpreter;
  Status status = Interpreter::Create(model, interpreter_options, &interpreter);
  if (status.ok()) status = interpreter->AllocateTensors();
  for (size_t i = 0; status.ok() && i < timed.num_inputs(); ++i) {
    const TensorView input = timed.input(i);
    status = interpreter->SetInput(i, input.data, input.bytes);
  }
  if (status.ok()) status = interpreter->Invoke();
  if (!status.ok()) return status;

  const size_t num_nodes = interpreter->num_nodes();
  std::vector<double> node_total_ms(num_nodes, 0.0);
  std::vector<double> invoke_ms;
  const Clock::time_point pass_start = Clock::now();
  while (static_cast<int64_t>(invoke_ms.size()) < runs &&
         MillisecondsSince(pass_start) < max_secs * 1000) {
    const Clock::time_point start = Clock::now();
    status = interpreter->Invoke();
    invoke_ms.push_back(MillisecondsSince(start));
    if (!status.ok()) return status;
    const std::vector<double>& node_ms = interpreter->node_milliseconds();
    for (size_t n = 0; n < num_nodes && n < node_ms.size(); ++n) {
      node_total_ms[n] += node_ms[n];
    }
  }
  const double count = static_cast<double>(invoke_ms.size());
  profile->invoke = Summarize(invoke_ms);
  std::map<std::string, OpTime> by_op;
  for (size_t n = 0; n < num_nodes; ++n) {
    NodeTime node;
    node.node = n;
    node.op = interpreter->node_op_name(n);
    node.kernel_path = interpreter->node_kernel_path(n);
    if (node.kernel_path == "constant") {
      ++profile->constant_nodes;
      continue;
    }
    node.avg_ms = node_total_ms[n] / count;
    profile->node_sum_ms += node.avg_ms;
    OpTime& op = by_op[node.op];
    op.op = node.op;
    ++op.count;
    op.avg_ms += node.avg_ms;
    profile->nodes.push_back(std::move(node));
  }
  // Stable sorts: equal times keep node order, so the table is repeatable.
  std::stable_sort(
      profile->nodes.begin(), profile->nodes.end(),
      [](const NodeTime& a, const NodeTime& b) { return a.avg_ms > b.avg_ms; });
  for (auto& entry : by_op) profile->ops.push_back(entry.second);
  std::stable_sort(
      profile->ops.begin(), profile->ops.end(),
      [](const OpTime& a, const OpTime& b) { return a.avg_ms > b.avg_ms; });
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Results and their two renderings.

struct BenchResult {
  BenchOptions options;
  size_t model_bytes = 0;
  int threads_used = 0;
  double load_ms = 0;
  double prepare_ms = 0;
  double first_ms = 0;
  std::map<std::string, int> kernel_paths;  // Path -> node count.
  size_t num_outputs = 0;
  uint64_t inputs_fingerprint = 0;
  TimedPhase timed;
  std::vector<TimedRuns> runs;  // Liten's first, if it ran.
  Stats invoke;  // Of the runtime benchmarked: liten unless --runtime.
  size_t rss_before_load = 0;
  // After the benchmarked runtime's warmup, before TFLite (next to liten)
  // or the profiling pass: that runtime's own peak.
  size_t rss_after_warmup = 0;
  size_t rss_at_end = 0;
  ArenaStats arena;

  bool profiled = false;
  Profile profile;

  bool compared = false;
  std::string tflite_library;
  std::string tflite_version;
  std::vector<TfLitePath> tflite;

  // Under --compare-tflite without --reference: liten's reference kernels
  // too, timed in the same rounds.
  struct ReferencePath {
    bool ran = false;
    std::string error;
    double init_ms = 0;
    Stats stats;
    // Output bytes where the reference kernels and liten's default path
    // differ after the first invocation: 0 for quantized models.
    size_t differing_bytes = 0;
    size_t compared_bytes = 0;
  } reference;
};

double Ratio(double ours, double theirs) {
  return theirs > 0 ? ours / theirs : std::numeric_limits<double>::quiet_NaN();
}

double Percent(double part, double whole) {
  return whole > 0 ? 100.0 * part / whole : 0.0;
}

// TFLite's messages span lines; indent the later ones under the first.
std::string Indented(const std::string& text) {
  std::string indented;
  for (const char c : text) {
    indented += c;
    if (c == '\n') indented += "                  ";
  }
  return indented;
}

double Mib(size_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

void PrintReport(const BenchResult& r) {
  const BenchOptions& o = r.options;
  const std::string runtime = RuntimeName(o);
  std::printf("model: %s (%zu bytes)\n", o.model.c_str(), r.model_bytes);
  if (o.tflite_alone) {
    std::printf("runtime: %s alone (TFLite %s, %s); threads: %d\n",
                runtime.c_str(), r.tflite_version.c_str(),
                r.tflite_library.c_str(), r.threads_used);
    std::printf("init:\n");
    std::printf("  load             %10.3f ms  (TfLiteModelCreateFromFile)\n",
                r.load_ms);
    std::printf(
        "  prepare          %10.3f ms  (options, %sTfLiteInterpreterCreate "
        "+ AllocateTensors)\n",
        r.prepare_ms,
        o.tflite_backend == tfl::Backend::kXnnpack ? "XNNPACK delegate, "
                                                   : "");
  } else {
    std::printf("runtime: %s; threads: %d (requested %d); kernels: %s\n",
                runtime.c_str(), r.threads_used, o.threads,
                o.reference        ? "reference only"
                : o.prefer_xnnpack ? "XNNPACK preferred"
                                   : "default");
    std::printf("kernel paths:");
    for (const auto& entry : r.kernel_paths) {
      std::printf(" %s %d", entry.first.c_str(), entry.second);
    }
    std::printf(" (nodes)\n");
    std::printf("init:\n");
    std::printf("  load + verify    %10.3f ms  (Model::FromFile)\n",
                r.load_ms);
    std::printf(
        "  prepare          %10.3f ms  (Interpreter::Create + "
        "AllocateTensors)\n",
        r.prepare_ms);
  }
  std::printf("  first inference  %10.3f ms\n", r.first_ms);
  std::printf("  total            %10.3f ms\n",
              r.load_ms + r.prepare_ms + r.first_ms);
  std::printf("runs: %" PRId64 " warmup, then %" PRId64
              " timed in %.2f s (%s)\n",
              o.warmup, r.timed.rounds, r.timed.secs,
              r.timed.stop_reason.c_str());
  const Stats& s = r.invoke;
  std::printf(
      "invoke (ms): count %zu  min %.3f  median %.3f  p95 %.3f  "
      "max %.3f  mean %.3f  std %.3f\n",
      s.count, s.min, s.median, s.p95, s.max, s.mean, s.std);
  std::printf(
      "memory: peak RSS %.1f MiB after %s's warmup (%.1f MiB "
      "before loading the model)",
      Mib(r.rss_after_warmup), runtime.c_str(), Mib(r.rss_before_load));
  if (r.rss_at_end != r.rss_after_warmup) {
    std::printf("; %.1f MiB at the end%s", Mib(r.rss_at_end),
                r.compared ? ", TFLite included" : "");
  }
  std::printf("\n");
  if (!o.tflite_alone) {
    std::printf(
        "  arena %zu bytes (tensors %zu, scratch %zu); constants "
        "computed at prepare %zu bytes\n",
        r.arena.arena_bytes, r.arena.tensor_bytes, r.arena.scratch_bytes,
        r.arena.persistent_bytes);
  }

  if (r.compared) {
    std::printf(
        "\nTFLite %s (%s), same inputs and threads, timed runs "
        "interleaved in rotating order:\n",
        r.tflite_version.c_str(), r.tflite_library.c_str());
    std::printf("  %-15s %9s %9s %10s %9s %13s %10s\n", "runtime", "init ms",
                "first ms", "median ms", "min ms", "ratio median", "ratio min");
    std::printf("  %-15s %9.3f %9.3f %10.3f %9.3f\n", "liten",
                r.load_ms + r.prepare_ms, r.first_ms, r.invoke.median,
                r.invoke.min);
    if (r.reference.ran && !r.reference.error.empty()) {
      std::printf("  %-15s %s\n", "liten-reference",
                  Indented(r.reference.error).c_str());
    } else if (r.reference.ran) {
      std::printf("  %-15s %9.3f %9s %10.3f %9.3f\n", "liten-reference",
                  r.reference.init_ms, "", r.reference.stats.median,
                  r.reference.stats.min);
    }
    for (const TfLitePath& path : r.tflite) {
      if (!path.error.empty()) {
        std::printf("  %-15s %s\n", PathName(path.backend),
                    Indented(path.error).c_str());
        continue;
      }
      std::printf("  %-15s %9.3f %9.3f %10.3f %9.3f %13.3f %10.3f\n",
                  PathName(path.backend), path.init_ms, path.first_ms,
                  path.stats.median, path.stats.min,
                  Ratio(r.invoke.median, path.stats.median),
                  Ratio(r.invoke.min, path.stats.min));
    }
    std::printf(
        "  ratio: liten / TFLite, below 1 when liten is faster.\n"
        "  init: load + prepare; for TFLite, model + interpreter + "
        "delegate + allocation.\n");
    if (r.reference.ran && r.reference.error.empty()) {
      std::printf(
          "  liten-reference: liten's reference kernels (--reference); init "
          "includes a first inference; %zu of %zu output bytes differ from "
          "liten's default path.\n",
          r.reference.differing_bytes, r.reference.compared_bytes);
    }
    if (r.runs.size() > 1) {
      std::printf("  rounds started:");
      for (const TimedRuns& runs : r.runs) {
        std::printf(" %s %" PRId64, runs.name.c_str(), runs.rounds_first);
      }
      std::printf(" (of %" PRId64 ")\n", r.timed.rounds);
    }
    bool any_diffs = false;
    for (const TfLitePath& path : r.tflite) any_diffs |= !path.diffs.empty();
    if (any_diffs) {
      std::printf(
          "output differences, max |liten - TFLite| (relative to max "
          "|TFLite|):\n");
      for (size_t output = 0; output < r.num_outputs; ++output) {
        bool named = false;
        for (const TfLitePath& path : r.tflite) {
          if (output >= path.diffs.size()) continue;
          const OutputDiff& d = path.diffs[output];
          if (!named) {
            std::printf("  output %zu '%s' %s:", d.index, d.name.c_str(),
                        d.type_and_shape.c_str());
            named = true;
          }
          if (d.comparable) {
            std::printf("  %s %.3g (%.3g)", PathName(path.backend),
                        d.max_abs_diff, d.relative_diff);
          } else {
            std::printf("  %s not compared: %s", PathName(path.backend),
                        d.why_not.c_str());
          }
        }
        std::printf("\n");
      }
    }
  }

  if (r.profiled) {
    const Profile& p = r.profile;
    std::printf(
        "\nprofile: a separate pass of %zu runs with per-node timing; "
        "invoke mean %.3f ms,\n  of which the nodes' own times sum "
        "to %.3f ms\n",
        p.invoke.count, p.invoke.mean, p.node_sum_ms);
    std::printf("  %5s  %-26s %-10s %9s %7s %7s\n", "node", "op", "kernel",
                "avg ms", "%", "cum %");
    double cumulative = 0;
    for (const NodeTime& n : p.nodes) {
      cumulative += n.avg_ms;
      std::printf("  %5zu  %-26s %-10s %9.3f %7.2f %7.2f\n", n.node,
                  n.op.c_str(), n.kernel_path.c_str(), n.avg_ms,
                  Percent(n.avg_ms, p.node_sum_ms),
                  Percent(cumulative, p.node_sum_ms));
    }
    if (p.constant_nodes > 0) {
      std::printf("  (%d nodes computed once at prepare time are not listed)\n",
                  p.constant_nodes);
    }
    std::printf("by op type:\n");
    std::printf("  %-26s %5s %9s %7s\n", "op", "count", "avg ms", "%");
    for (const OpTime& op : p.ops) {
      std::printf("  %-26s %5d %9.3f %7.2f\n", op.op.c_str(), op.count,
                  op.avg_ms, Percent(op.avg_ms, p.node_sum_ms));
    }
  }
}

// A small streaming JSON writer: pretty-printed, keys in insertion order,
// non-finite numbers written as null (JSON has no NaN or infinity).
class JsonWriter {
 public:
  void BeginObject(const char* key = nullptr) { Open(key, '{'); }
  void EndObject() { Close('}'); }
  void BeginArray(const char* key = nullptr) { Open(key, '['); }
  void EndArray() { Close(']'); }

  void String(const char* key, const std::string& value) {
    Prefix(key);
    text_ += Quote(value);
  }
  void Number(const char* key, double value) {
    Prefix(key);
    if (!std::isfinite(value)) {
      text_ += "null";
      return;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.9g", value);
    text_ += buffer;
  }
  void Integer(const char* key, long long value) {
    Prefix(key);
    text_ += std::to_string(value);
  }
  void Bool(const char* key, bool value) {
    Prefix(key);
    text_ += value ? "true" : "false";
  }

  const std::string& text() const { return text_; }

  static std::string Quote(const std::string& value) {
    std::string quoted = "\"";
    for (const char c : value) {
      switch (c) {
        case '"':
          quoted += "\\\"";
          break;
        case '\\':
          quoted += "\\\\";
          break;
        case '\n':
          quoted += "\\n";
          break;
        case '\r':
          quoted += "\\r";
          break;
        case '\t':
          quoted += "\\t";
          break;
        case '\b':
          quoted += "\\b";
          break;
        case '\f':
          quoted += "\\f";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof(buffer), "\\u%04x",
                          static_cast<unsigned>(c));
            quoted += buffer;
          } else {
            quoted += c;
          }
      }
    }
    return quoted + "\"";
  }

 private:
  void Prefix(const char* key) {
    if (!first_.empty()) {
      if (!first_.back()) text_ += ',';
      first_.back() = false;
      text_ += '\n';
      text_.append(2 * first_.size(), ' ');
    }
    if (key != nullptr) text_ += Quote(key) + ": ";
  }
  void Open(const char* key, char bracket) {
    Prefix(key);
    text_ += bracket;
    first_.push_back(true);
  }
  void Close(char bracket) {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty) {
      text_ += '\n';
      text_.append(2 * first_.size(), ' ');
    }
    text_ += bracket;
  }

  std::string text_;
  std::vector<bool> first_;  // Per open container: nothing written yet.
};

void WriteStats(JsonWriter& json, const char* key, const Stats& s) {
  json.BeginObject(key);
  json.Integer("count", static_cast<long long>(s.count));
  json.Number("min_ms", s.min);
  json.Number("median_ms", s.median);
  json.Number("p95_ms", s.p95);
  json.Number("max_ms", s.max);
  json.Number("mean_ms", s.mean);
  json.Number("std_ms", s.std);
  json.EndObject();
}

std::string ToJson(const BenchResult& r) {
  const BenchOptions& o = r.options;
  JsonWriter json;
  json.BeginObject();
  json.String("model", o.model);
  json.Integer("model_bytes", static_cast<long long>(r.model_bytes));
  json.String("runtime", RuntimeName(o));
  json.Integer("threads_requested", o.threads);
  json.Integer("threads", r.threads_used);
  json.Integer("seed", o.seed);
  char fingerprint[24];
  std::snprintf(fingerprint, sizeof(fingerprint), "%016" PRIx64,
                r.inputs_fingerprint);
  json.String("inputs_fnv1a64", fingerprint);
  if (!o.tflite_alone) {
    json.Bool("reference_kernels", o.reference);
    json.Bool("prefer_xnnpack", o.prefer_xnnpack);
    json.BeginObject("kernel_paths");
    for (const auto& entry : r.kernel_paths) {
      json.Integer(entry.first.c_str(), entry.second);
    }
    json.EndObject();
  }

  json.BeginObject("init");
  json.Number("load_ms", r.load_ms);
  json.Number("prepare_ms", r.prepare_ms);
  json.Number("first_inference_ms", r.first_ms);
  json.Number("total_ms", r.load_ms + r.prepare_ms + r.first_ms);
  json.EndObject();

  json.BeginObject("plan");
  json.Integer("warmup_runs", o.warmup);
  json.Integer("runs", o.runs);
  json.Number("min_secs", o.min_secs);
  json.Number("max_secs", o.max_secs);
  json.Integer("timed_runs", r.timed.rounds);
  json.Number("timed_secs", r.timed.secs);
  json.String("stop_reason", r.timed.stop_reason);
  json.EndObject();
  WriteStats(json, "invoke", r.invoke);

  json.BeginObject("memory");
  json.Integer("peak_rss_bytes", static_cast<long long>(r.rss_after_warmup));
  json.Integer("peak_rss_before_load_bytes",
               static_cast<long long>(r.rss_before_load));
  json.Integer("peak_rss_at_end_bytes", static_cast<long long>(r.rss_at_end));
  if (!o.tflite_alone) {
    json.Integer("arena_bytes", static_cast<long long>(r.arena.arena_bytes));
    json.Integer("tensor_bytes", static_cast<long long>(r.arena.tensor_bytes));
    json.Integer("scratch_bytes",
                 static_cast<long long>(r.arena.scratch_bytes));
    json.Integer("constant_bytes",
                 static_cast<long long>(r.arena.persistent_bytes));
  }
  json.EndObject();

  if (r.profiled) {
    const Profile& p = r.profile;
    json.BeginObject("profile");
    WriteStats(json, "invoke", p.invoke);
    json.Number("node_sum_ms", p.node_sum_ms);
    json.Integer("constant_nodes", p.constant_nodes);
    json.BeginArray("nodes");
    double cumulative = 0;
    for (const NodeTime& n : p.nodes) {
      cumulative += n.avg_ms;
      json.BeginObject();
      json.Integer("node", static_cast<long long>(n.node));
      json.String("op", n.op);
      json.String("kernel_path", n.kernel_path);
      json.Number("avg_ms", n.avg_ms);
      json.Number("percent", Percent(n.avg_ms, p.node_sum_ms));
      json.Number("cumulative_percent", Percent(cumulative, p.node_sum_ms));
      json.EndObject();
    }
    json.EndArray();
    json.BeginArray("ops");
    for (const OpTime& op : p.ops) {
      json.BeginObject();
      json.String("op", op.op);
      json.Integer("count", op.count);
      json.Number("avg_ms", op.avg_ms);
      json.Number("percent", Percent(op.avg_ms, p.node_sum_ms));
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }

  if (r.runs.size() > 1) {
    json.BeginObject("interleaving");
    json.String("order", "rotating, alternating direction");
    json.BeginArray("runtimes");
    for (const TimedRuns& runs : r.runs) {
      json.BeginObject();
      json.String("name", runs.name);
      json.Integer("rounds_started", runs.rounds_first);
      json.BeginObject("ran_right_after");
      for (const auto& entry : runs.ran_after) {
        json.Integer(entry.first.c_str(), entry.second);
      }
      json.EndObject();
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }

  if (r.reference.ran) {
    json.BeginObject("liten_reference");
    json.Bool("ok", r.reference.error.empty());
    json.String("error", r.reference.error);
    if (r.reference.error.empty()) {
      json.Number("init_ms", r.reference.init_ms);
      WriteStats(json, "invoke", r.reference.stats);
      json.Integer("differing_output_bytes",
                   static_cast<long long>(r.reference.differing_bytes));
      json.Integer("compared_output_bytes",
                   static_cast<long long>(r.reference.compared_bytes));
    }
    json.EndObject();
  }
  if (o.tflite_alone || r.compared) {
    json.BeginObject("tflite");
    json.String("library", r.tflite_library);
    json.String("version", r.tflite_version);
  }
  if (r.compared) {
    json.BeginArray("paths");
    for (const TfLitePath& path : r.tflite) {
      json.BeginObject();
      json.String("name", PathName(path.backend));
      json.Bool("ok", path.error.empty());
      json.String("error", path.error);
      if (path.error.empty()) {
        json.Number("init_ms", path.init_ms);
        json.Number("first_inference_ms", path.first_ms);
        WriteStats(json, "invoke", path.stats);
        json.Number("ratio_median", Ratio(r.invoke.median, path.stats.median));
        json.Number("ratio_min", Ratio(r.invoke.min, path.stats.min));
      }
      json.BeginArray("outputs");
      for (const OutputDiff& d : path.diffs) {
        json.BeginObject();
        json.Integer("index", static_cast<long long>(d.index));
        json.String("name", d.name);
        json.Bool("compared", d.comparable);
        if (d.comparable) {
          json.Number("max_abs_diff", d.max_abs_diff);
          json.Number("max_abs_tflite", d.max_abs_tflite);
          json.Number("relative_diff", d.relative_diff);
        } else {
          json.String("why_not", d.why_not);
        }
        json.EndObject();
      }
      json.EndArray();
      json.EndObject();
    }
    json.EndArray();
  }
  if (o.tflite_alone || r.compared) json.EndObject();
  json.EndObject();
  return json.text() + "\n";
}

// ---------------------------------------------------------------------------
// The command.

int UsageError(const std::string& message) {
  std::fprintf(stderr, "liten bench: %s\n%s", message.c_str(), kUsage);
  return 2;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "liten bench: %s\n", message.c_str());
  return 1;
}

// The JSON file is opened before the benchmark so that a bad path fails in
// a second, not after minutes of runs; if the benchmark then fails, the
// empty file is removed rather than left for a script to misread.
class JsonFile {
 public:
  ~JsonFile() {
    if (file_ == nullptr) return;
    std::fclose(file_);
    if (!committed_) std::remove(path_.c_str());
  }
  bool Open(const std::string& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "w");
    return file_ != nullptr;
  }
  bool Commit(const std::string& text) {
    committed_ = true;
    const bool written =
        std::fwrite(text.data(), 1, text.size(), file_) == text.size();
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    return written && closed;
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Benchmarks liten, with both TFLite paths interleaved when `library` is
// set (--compare-tflite). Returns an error message, empty on success.
std::string BenchLiten(const tfl::TfLiteLibrary* library, const RunPlan& plan,
                       BenchResult* result) {
  BenchResult& r = *result;
  const BenchOptions& options = r.options;
  r.rss_before_load = PeakRssBytes();
  std::shared_ptr<const Model> model;
  Clock::time_point start = Clock::now();
  Status status = Model::FromFile(options.model, &model);
  r.load_ms = MillisecondsSince(start);
  if (!status.ok()) return status.ToString();
  r.model_bytes = model->size();

  InterpreterOptions interpreter_options;
  interpreter_options.num_threads = options.threads;
  interpreter_options.use_reference_kernels = options.reference;
  interpreter_options.prefer_xnnpack = options.prefer_xnnpack;
  std::unique_ptr<Interpreter> interpreter;
  start = Clock::now();
  status = Interpreter::Create(model, interpreter_options, &interpreter);
  if (status.ok()) status = interpreter->AllocateTensors();
  r.prepare_ms = MillisecondsSince(start);
  if (!status.ok()) return "cannot run this model: " + status.ToString();
  r.threads_used = interpreter->num_threads();
  r.num_outputs = interpreter->num_outputs();
  r.arena = interpreter->arena_stats();
  for (size_t n = 0; n < interpreter->num_nodes(); ++n) {
    ++r.kernel_paths[interpreter->node_kernel_path(n)];
  }

  std::mt19937 rng(options.seed);
  std::vector<TensorView> inputs;
  for (size_t i = 0; i < interpreter->num_inputs(); ++i) {
    inputs.push_back(interpreter->input(i));
    if (!FillRandomInput(rng, inputs.back())) {
      return "input " + std::to_string(i) + " has type " +
             DataTypeName(inputs.back().type) +
             ", which bench cannot fill at random";
    }
  }
  r.inputs_fingerprint = InputsFingerprint(inputs);

  start = Clock::now();
  status = interpreter->Invoke();
  r.first_ms = MillisecondsSince(start);
  for (int64_t i = 0; status.ok() && i < options.warmup; ++i) {
    status = interpreter->Invoke();
  }
  if (!status.ok()) return "Invoke failed: " + status.ToString();
  // Everything liten needs is resident now; TFLite and the profiling
  // interpreter come later, so this figure is liten's alone.
  r.rss_after_warmup = PeakRssBytes();

  if (library != nullptr) {
    for (tfl::Backend backend :
         {tfl::Backend::kBuiltin, tfl::Backend::kXnnpack}) {
      TfLitePath path;
      path.backend = backend;
      if (CreateTfLitePath(*library, options, &path)) {
        StartTfLitePath(options, inputs, &path);
      }
      r.tflite.push_back(std::move(path));
    }
  }

  // liten's reference kernels next to its default path, on the same
  // inputs, so that one run shows both paths against TFLite's two.
  std::unique_ptr<Interpreter> reference;
  if (library != nullptr && !options.reference && !options.skip_reference) {
    InterpreterOptions reference_options = interpreter_options;
    reference_options.use_reference_kernels = true;
    reference_options.prefer_xnnpack = false;
    start = Clock::now();
    status = Interpreter::Create(model, reference_options, &reference);
    if (status.ok()) status = reference->AllocateTensors();
    for (size_t i = 0; status.ok() && i < inputs.size(); ++i) {
      status = reference->SetInput(i, inputs[i].data, inputs[i].bytes);
    }
    if (status.ok()) status = reference->Invoke();
    r.reference.init_ms = MillisecondsSince(start);
    r.reference.ran = true;
    if (!status.ok()) {
      r.reference.error = status.ToString();
      reference.reset();
    } else {
      for (size_t o = 0; o < interpreter->num_outputs(); ++o) {
        const TensorView ours = interpreter->output(o);
        const TensorView theirs = reference->output(o);
        const size_t bytes = std::min(ours.bytes, theirs.bytes);
        const uint8_t* a = static_cast<const uint8_t*>(ours.data);
        const uint8_t* b = static_cast<const uint8_t*>(theirs.data);
        for (size_t k = 0; k < bytes; ++k) r.reference.differing_bytes += a[k] != b[k];
        r.reference.compared_bytes += bytes;
      }
    }
  }

  std::vector<Contender> contenders(1);
  contenders[0].runs.name = kLiten;
  contenders[0].invoke = [&interpreter](std::string* error) {
    const Status invoked = interpreter->Invoke();
    if (!invoked.ok()) *error = invoked.ToString();
    return invoked.ok();
  };
  if (reference != nullptr) {
    Contender contender;
    contender.runs.name = "liten-reference";
    contender.required = false;
    contender.invoke = [&reference](std::string* error) {
      const Status invoked = reference->Invoke();
      if (!invoked.ok()) *error = invoked.ToString();
      return invoked.ok();
    };
    contenders.push_back(std::move(contender));
  }
  const size_t first_tflite = contenders.size();
  std::vector<TfLitePath*> compared;  // The path of contenders[first + i].
  for (TfLitePath& path : r.tflite) {
    if (!path.usable()) continue;
    Contender contender;
    contender.runs.name = PathName(path.backend);
    contender.required = false;
    contender.invoke = [&path](std::string* error) {
      return path.runner->Invoke(error);
    };
    contenders.push_back(std::move(contender));
    compared.push_back(&path);
  }
  r.timed = RunTimedRounds(plan, &contenders);
  if (!contenders[0].runs.error.empty()) {
    return "Invoke failed: " + contenders[0].runs.error;
  }
  r.invoke = Summarize(contenders[0].runs.times_ms);
  if (reference != nullptr) {
    const TimedRuns& runs = contenders[1].runs;
    if (runs.error.empty()) {
      r.reference.stats = Summarize(runs.times_ms);
    } else {
      r.reference.error = runs.error;
    }
  }
  for (size_t i = 0; i < compared.size(); ++i) {
    TfLitePath& path = *compared[i];
    const TimedRuns& runs = contenders[first_tflite + i].runs;
    if (!runs.error.empty()) {
      path.GiveUp("TFLite's Invoke failed: " + runs.error);
      continue;
    }
    path.stats = Summarize(runs.times_ms);
    CompareOutputs(*library, *interpreter, &path);
  }
  for (Contender& contender : contenders) {
    r.runs.push_back(std::move(contender.runs));
  }

  if (options.profile) {
    status = ProfilePass(model, interpreter_options, *interpreter,
                         r.timed.rounds, options.max_secs, &r.profile);
    if (!status.ok()) return "profiling pass failed: " + status.ToString();
    r.profiled = true;
  }
  r.rss_at_end = PeakRssBytes();
  return "";
}

// Benchmarks one TFLite path alone (--runtime tflite-*), phase by phase as
// BenchLiten does, so that the two reports line up. Returns an error
// message, empty on success.
std::string BenchTfLiteAlone(const tfl::TfLiteLibrary& library,
                             const RunPlan& plan, BenchResult* result) {
  BenchResult& r = *result;
  const BenchOptions& options = r.options;
  r.rss_before_load = PeakRssBytes();
  struct stat file_info;
  if (stat(options.model.c_str(), &file_info) == 0) {
    r.model_bytes = static_cast<size_t>(file_info.st_size);
  }
  TfLitePath path;
  path.backend = options.tflite_backend;
  if (!CreateTfLitePath(library, options, &path)) return path.error;
  r.load_ms = path.runner->load_ms();
  r.prepare_ms = path.runner->prepare_ms();
  r.threads_used = options.threads;
  r.num_outputs = static_cast<size_t>(path.runner->output_count());

  std::vector<std::vector<uint8_t>> buffers;
  std::vector<TensorView> inputs;
  std::string error;
  if (!RandomTfLiteInputs(library, *path.runner, options.seed, &buffers,
                          &inputs, &error)) {
    return error;
  }
  r.inputs_fingerprint = InputsFingerprint(inputs);
  if (!StartTfLitePath(options, inputs, &path)) return path.error;
  r.first_ms = path.first_ms;
  r.rss_after_warmup = PeakRssBytes();

  std::vector<Contender> contenders(1);
  contenders[0].runs.name = PathName(path.backend);
  contenders[0].invoke = [&path](std::string* invoke_error) {
    return path.runner->Invoke(invoke_error);
  };
  r.timed = RunTimedRounds(plan, &contenders);
  if (!contenders[0].runs.error.empty()) {
    return "TFLite's Invoke failed: " + contenders[0].runs.error;
  }
  r.invoke = Summarize(contenders[0].runs.times_ms);
  r.runs.push_back(std::move(contenders[0].runs));
  r.rss_at_end = PeakRssBytes();
  return "";
}

int Bench(const BenchOptions& options) {
  // Declared first so that it is destroyed last: the TFLite runners in
  // `r` use the library until their own destruction.
  std::unique_ptr<tfl::TfLiteLibrary> library;
  BenchResult r;
  r.options = options;
  const RunPlan plan{options.runs, options.min_secs, options.max_secs};

  JsonFile json_file;
  if (!options.json_path.empty() && !json_file.Open(options.json_path)) {
    return Fail("cannot write JSON file '" + options.json_path +
                "': " + std::strerror(errno));
  }
  // Load TFLite up front as well: a missing library should not cost a full
  // liten benchmark before it is noticed.
  if (options.compare_tflite || options.tflite_alone) {
    std::string error;
    library = LoadTfLite(options, &error);
    if (library == nullptr) return Fail(error);
    r.compared = options.compare_tflite;
    r.tflite_library = library->path();
    r.tflite_version = library->version();
  }

  const std::string error = options.tflite_alone
                                ? BenchTfLiteAlone(*library, plan, &r)
                                : BenchLiten(library.get(), plan, &r);
  if (!error.empty()) return Fail(error);

  PrintReport(r);
  if (!options.json_path.empty() && !json_file.Commit(ToJson(r))) {
    return Fail("cannot write JSON file '" + options.json_path + "'");
  }
  return 0;
}

}  // namespace

const char* BenchUsage() { return kUsage; }

int RunBench(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 ||
        std::strcmp(argv[i], "-h") == 0) {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  BenchOptions options;
  std::string error;
  if (!ParseBenchArgs(argc, argv, &options, &error)) return UsageError(error);
  return Bench(options);
}

}  // namespace liten
