// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The `liten` command line tool: inspect and run .tflite models.
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "liten/interpreter.h"
#include "liten/model.h"
#include "src/model_internal.h"
#include "tools/bench.h"
#include "tools/random_inputs.h"

namespace liten {
namespace {

constexpr char kUsage[] =
    "usage:\n"
    "  liten info MODEL [--threads N] [--reference | --prefer-xnnpack]\n"
    "      Inputs and outputs, ops with versions and counts, arena size.\n"
    "  liten run MODEL [--input FILE.bin]... [--output-dir DIR] [--seed N]\n"
    "            [--threads N] [--reference | --prefer-xnnpack]\n"
    "      Runs the model once. Each --input file holds exactly one input\n"
    "      tensor's bytes (little-endian, the tensor's own type), in input\n"
    "      order. Without --input, inputs are pseudo-random from --seed\n"
    "      (default 1): floats uniform in [-1, 1), integers uniform over\n"
    "      their type's range (int32/int64: [-100, 100]). Writes\n"
    "      DIR/output_<i>.bin when --output-dir is given.\n"
    "  --reference runs every op on its portable reference kernel;\n"
    "  --prefer-xnnpack runs on XNNPACK the ops liten has its own AVX2\n"
    "  kernels for (CONV_2D, DEPTHWISE_CONV_2D, ADD, MUL, PRELU).\n";

struct Options {
  std::string command;
  std::string model;
  std::vector<std::string> inputs;
  std::string output_dir;
  uint32_t seed = 1;
  int threads = 1;
  bool reference = false;
  bool prefer_xnnpack = false;
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "liten: %s\n", message.c_str());
  return 1;
}

// Parses a decimal integer in [min, max]; false on anything else.
bool ParseInt(const char* text, long long min, long long max, long long* value) {
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

bool ParseArgs(int argc, char** argv, Options* options, std::string* error) {
  if (argc < 3) {
    *error = "expected a command and a model";
    return false;
  }
  options->command = argv[1];
  options->model = argv[2];
  for (int i = 3; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--reference") {
      options->reference = true;
      continue;
    }
    if (flag == "--prefer-xnnpack") {
      options->prefer_xnnpack = true;
      continue;
    }
    if (i + 1 >= argc) {
      *error = "flag " + flag + " needs a value";
      return false;
    }
    const char* value = argv[++i];
    long long number = 0;
    if (flag == "--input") {
      options->inputs.push_back(value);
    } else if (flag == "--output-dir") {
      options->output_dir = value;
    } else if (flag == "--seed") {
      if (!ParseInt(value, 0, UINT32_MAX, &number)) {
        *error = std::string("--seed must be an integer in [0, 2^32): ") + value;
        return false;
      }
      options->seed = static_cast<uint32_t>(number);
    } else if (flag == "--threads") {
      if (!ParseInt(value, 1, 1024, &number)) {
        *error = std::string("--threads must be an integer in [1, 1024]: ") +
                 value;
        return false;
      }
      options->threads = static_cast<int>(number);
    } else {
      *error = "unknown flag " + flag;
      return false;
    }
  }
  if (options->reference && options->prefer_xnnpack) {
    *error = "--reference and --prefer-xnnpack pick different kernels; give "
             "one or the other";
    return false;
  }
  return true;
}

std::string ShapeString(const std::vector<int32_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    text += (i ? "," : "") + std::to_string(shape[i]);
  }
  return text + "]";
}

std::string QuantizationString(const QuantizationInfo& q) {
  if (q.scales.empty()) return "";
  char text[128];
  if (q.scales.size() == 1) {
    std::snprintf(text, sizeof(text), "  scale=%g zero_point=%" PRId64,
                  q.scales[0], q.zero_points[0]);
  } else {
    std::snprintf(text, sizeof(text), "  per-axis(axis=%d, %zu scales)",
                  q.axis, q.scales.size());
  }
  return text;
}

void PrintTensorLine(const char* role, size_t i, const TensorView& view) {
  std::printf("  %s %zu: '%s' (tensor %d) %s %s%s\n", role, i,
              view.name.c_str(), view.index, DataTypeName(view.type),
              ShapeString(view.shape).c_str(),
              QuantizationString(view.quantization).c_str());
}

InterpreterOptions ToInterpreterOptions(const Options& options) {
  InterpreterOptions interpreter_options;
  interpreter_options.num_threads = options.threads;
  interpreter_options.use_reference_kernels = options.reference;
  interpreter_options.prefer_xnnpack = options.prefer_xnnpack;
  return interpreter_options;
}

Status LoadInterpreter(const Options& options,
                       std::shared_ptr<const Model>* model,
                       std::unique_ptr<Interpreter>* interpreter) {
  Status status = Model::FromFile(options.model, model);
  if (!status.ok()) return status;
  status = Interpreter::Create(*model, ToInterpreterOptions(options),
                               interpreter);
  if (!status.ok()) return status;
  return (*interpreter)->AllocateTensors();
}

int Info(const Options& options) {
  std::shared_ptr<const Model> model;
  Status status = Model::FromFile(options.model, &model);
  if (!status.ok()) return Fail(status.ToString());
  std::printf("model: %s (%zu bytes)\n", options.model.c_str(), model->size());
  if (!model->description().empty()) {
    std::printf("description: %s\n", model->description().c_str());
  }

  // Op counts come from the file itself, so they print even when liten
  // cannot run the model.
  const schema::Model& root = SchemaModel(*model);
  const schema::SubGraph& subgraph = *root.subgraphs()->Get(0);
  std::map<std::string, int> op_counts;
  const int num_ops = subgraph.operators() ? subgraph.operators()->size() : 0;
  for (int n = 0; n < num_ops; ++n) {
    const schema::OperatorCode& code =
        *root.operator_codes()->Get(subgraph.operators()->Get(n)->opcode_index());
    ++op_counts[OpName(code) + " v" + std::to_string(code.version())];
  }

  std::unique_ptr<Interpreter> interpreter;
  status = Interpreter::Create(model, ToInterpreterOptions(options),
                               &interpreter);
  if (status.ok()) {
    std::printf("inputs:\n");
    for (size_t i = 0; i < interpreter->num_inputs(); ++i) {
      PrintTensorLine("input", i, interpreter->input(i));
    }
    std::printf("outputs:\n");
    for (size_t i = 0; i < interpreter->num_outputs(); ++i) {
      PrintTensorLine("output", i, interpreter->output(i));
    }
  }
  std::printf("ops: %d nodes, %zu subgraph(s)\n", num_ops,
              static_cast<size_t>(root.subgraphs()->size()));
  for (const auto& entry : op_counts) {
    std::printf("  %-32s x%d\n", entry.first.c_str(), entry.second);
  }
  if (status.ok()) status = interpreter->AllocateTensors();
  if (!status.ok()) {
    return Fail("cannot run this model: " + status.ToString());
  }
  const ArenaStats stats = interpreter->arena_stats();
  std::printf("arena: %zu bytes (sum of arena tensor sizes %zu, scratch %zu)\n",
              stats.arena_bytes, stats.tensor_bytes, stats.scratch_bytes);
  std::printf("constants computed at prepare: %zu bytes\n",
              stats.persistent_bytes);
  return 0;
}



template <typename T>
void Summarize(const void* data, size_t count, double* min, double* max,
               double* mean) {
  const T* values = static_cast<const T*>(data);
  double sum = 0;
  *min = count ? static_cast<double>(values[0]) : 0;
  *max = *min;
  for (size_t i = 0; i < count; ++i) {
    const double v = static_cast<double>(values[i]);
    *min = std::min(*min, v);
    *max = std::max(*max, v);
    sum += v;
  }
  *mean = count ? sum / static_cast<double>(count) : 0;
}

void PrintSummary(size_t i, const TensorView& view) {
  const size_t count = view.bytes / std::max<size_t>(DataTypeSize(view.type), 1);
  double min = 0, max = 0, mean = 0;
  switch (view.type) {
    case DataType::kFloat32: Summarize<float>(view.data, count, &min, &max, &mean); break;
    case DataType::kUInt8: Summarize<uint8_t>(view.data, count, &min, &max, &mean); break;
    case DataType::kInt8: Summarize<int8_t>(view.data, count, &min, &max, &mean); break;
    case DataType::kInt16: Summarize<int16_t>(view.data, count, &min, &max, &mean); break;
    case DataType::kInt32: Summarize<int32_t>(view.data, count, &min, &max, &mean); break;
    case DataType::kInt64: Summarize<int64_t>(view.data, count, &min, &max, &mean); break;
    default: break;
  }
  std::printf("output %zu '%s': %s %s min=%.6g max=%.6g mean=%.6g\n", i,
              view.name.c_str(), DataTypeName(view.type),
              ShapeString(view.shape).c_str(), min, max, mean);
}

int Run(const Options& options) {
  std::shared_ptr<const Model> model;
  std::unique_ptr<Interpreter> interpreter;
  Status status = LoadInterpreter(options, &model, &interpreter);
  if (!status.ok()) return Fail(status.ToString());

  if (!options.inputs.empty() &&
      options.inputs.size() != interpreter->num_inputs()) {
    return Fail("the model has " + std::to_string(interpreter->num_inputs()) +
                " inputs, but " + std::to_string(options.inputs.size()) +
                " --input files were given");
  }
  std::mt19937 rng(options.seed);
  for (size_t i = 0; i < interpreter->num_inputs(); ++i) {
    const TensorView view = interpreter->input(i);
    if (options.inputs.empty()) {
      if (!FillRandomInput(rng, view)) {
        return Fail("input " + std::to_string(i) + " has type " +
                    DataTypeName(view.type) +
                    ", which cannot be filled at random; pass --input");
      }
      continue;
    }
    std::ifstream file(options.inputs[i], std::ios::binary);
    if (!file) return Fail("cannot open input file " + options.inputs[i]);
    std::vector<char> bytes((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
    status = interpreter->SetInput(i, bytes.data(), bytes.size());
    if (!status.ok()) {
      return Fail(options.inputs[i] + ": " + status.ToString());
    }
  }

  const auto start = std::chrono::steady_clock::now();
  status = interpreter->Invoke();
  const auto end = std::chrono::steady_clock::now();
  if (!status.ok()) return Fail(status.ToString());
  std::printf("invoke: %.3f ms (%d thread%s%s)\n",
              std::chrono::duration<double, std::milli>(end - start).count(),
              options.threads, options.threads == 1 ? "" : "s",
              options.reference        ? ", reference kernels"
              : options.prefer_xnnpack ? ", XNNPACK preferred"
                                       : "");

  for (size_t i = 0; i < interpreter->num_outputs(); ++i) {
    const TensorView view = interpreter->output(i);
    PrintSummary(i, view);
    if (options.output_dir.empty()) continue;
    const std::string path =
        options.output_dir + "/output_" + std::to_string(i) + ".bin";
    std::ofstream file(path, std::ios::binary);
    file.write(static_cast<const char*>(view.data),
               static_cast<std::streamsize>(view.bytes));
    if (!file) return Fail("cannot write " + path);
  }
  return 0;
}

int Main(int argc, char** argv) {
  // bench has flags of its own.
  if (argc >= 2 && std::strcmp(argv[1], "bench") == 0) {
    return RunBench(argc - 1, argv + 1);
  }
  if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 ||
                    std::strcmp(argv[1], "help") == 0)) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  Options options;
  std::string error;
  if (!ParseArgs(argc, argv, &options, &error)) {
    std::fprintf(stderr, "liten: %s\n%s", error.c_str(), kUsage);
    return 2;
  }
  if (options.command == "info") return Info(options);
  if (options.command == "run") return Run(options);
  std::fprintf(stderr, "liten: unknown command '%s'\n%s",
               options.command.c_str(), kUsage);
  return 2;
}

}  // namespace
}  // namespace liten

int main(int argc, char** argv) { return liten::Main(argc, argv); }
