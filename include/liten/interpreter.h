// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Interpreter: runs the main subgraph of a Model.
//
//   std::shared_ptr<const liten::Model> model;
//   liten::Status s = liten::Model::FromFile("model.tflite", &model);
//   std::unique_ptr<liten::Interpreter> interpreter;
//   if (s.ok()) s = liten::Interpreter::Create(model, {}, &interpreter);
//   if (s.ok()) s = interpreter->AllocateTensors();
//   ... fill interpreter->input(0).data ...
//   if (s.ok()) s = interpreter->Invoke();
//   ... read interpreter->output(0).data ...
//
// Threading: an Interpreter is used by one thread at a time. Several
// interpreters may share one Model concurrently.
//
// Lifetimes: TensorView pointers stay valid until the next
// ResizeInputTensor or AllocateTensors call, or the interpreter's
// destruction, whichever comes first.
#ifndef LITEN_INTERPRETER_H_
#define LITEN_INTERPRETER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "liten/model.h"
#include "liten/status.h"

namespace liten {

// Element types. The values are those of the .tflite TensorType enum.
enum class DataType : int8_t {
  kFloat32 = 0,
  kFloat16 = 1,
  kInt32 = 2,
  kUInt8 = 3,
  kInt64 = 4,
  kString = 5,
  kBool = 6,
  kInt16 = 7,
  kComplex64 = 8,
  kInt8 = 9,
  kFloat64 = 10,
  kComplex128 = 11,
  kUInt64 = 12,
  kResource = 13,
  kVariant = 14,
  kUInt32 = 15,
  kUInt16 = 16,
  kInt4 = 17,
  kBFloat16 = 18,
};

// "FLOAT32", "UINT8", ...; "UNKNOWN" for values outside the enum.
const char* DataTypeName(DataType type);

// Bytes per element; 0 for types without a fixed element size.
size_t DataTypeSize(DataType type);

// Affine quantization: real = scale * (quantized - zero_point). Per-axis
// quantization has one scale and zero point per slice along `axis`;
// per-tensor quantization has exactly one. Empty when not quantized.
struct QuantizationInfo {
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int axis = 0;
};

// A view of one tensor of the interpreter. `data` is null until
// AllocateTensors succeeds.
struct TensorView {
  int index = -1;  // Tensor index in the subgraph.
  std::string name;
  DataType type = DataType::kFloat32;
  std::vector<int32_t> shape;
  QuantizationInfo quantization;
  void* data = nullptr;
  size_t bytes = 0;
};

struct InterpreterOptions {
  // Worker threads for kernels that can use them; must be >= 1.
  int num_threads = 1;
  // Upper bound on the memory AllocateTensors may take for the arena and
  // for constants computed at prepare time. A model is untrusted input, and
  // a few bytes of shape can ask for terabytes; past this bound
  // AllocateTensors fails instead of exhausting the machine.
  size_t max_memory_bytes = size_t{4} << 30;
  // Runs every op on its portable reference kernel, the ground truth that
  // fast paths are tested against.
  bool use_reference_kernels = false;
  // Runs the ops that liten has its own AVX2 kernels for (CONV_2D,
  // DEPTHWISE_CONV_2D, ADD, MUL, PRELU) on XNNPACK instead, as on CPUs where
  // liten prefers XNNPACK: for comparing the two and for testing XNNPACK's
  // paths on any CPU. Has no effect with use_reference_kernels.
  bool prefer_xnnpack = false;
  // Times every node of each Invoke; see Interpreter::node_milliseconds.
  bool enable_profiling = false;
};

// Memory the interpreter holds beside the model's own bytes.
struct ArenaStats {
  size_t arena_bytes = 0;         // Size of the one planned arena.
  size_t tensor_bytes = 0;        // Sum of all arena tensors' sizes.
  size_t scratch_bytes = 0;       // Kernel scratch buffers, in the arena too.
  size_t persistent_bytes = 0;    // Constants computed at prepare time.
  // Weights XNNPACK operators packed into their own layout at prepare time
  // (with the operators' state), held outside the arena.
  size_t packed_weight_bytes = 0;
};

class InterpreterImpl;

class Interpreter {
 public:
  // Builds an interpreter for subgraph 0 of `model`. Fails with a message
  // naming the node if the model uses an op (or op version) liten lacks.
  static Status Create(std::shared_ptr<const Model> model,
                       const InterpreterOptions& options,
                       std::unique_ptr<Interpreter>* interpreter);
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  size_t num_inputs() const;
  size_t num_outputs() const;
  size_t num_tensors() const;
  size_t num_nodes() const;

  // Graph inputs and outputs, by position in the model's input/output list.
  // Out-of-range positions return a view with index -1.
  TensorView input(size_t i) const;
  TensorView output(size_t i) const;
  // Any tensor by subgraph index; index -1 view when out of range.
  TensorView tensor(int tensor_index) const;
  // Tensor index of the tensor called `name`, or -1.
  int FindTensor(const std::string& name) const;

  // Changes the shape of graph input `i`. Takes effect at the next
  // AllocateTensors, which must be called before Invoke.
  Status ResizeInputTensor(size_t i, const std::vector<int32_t>& shape);

  // Runs every node's Prepare (shapes, validation) and lays out the arena.
  Status AllocateTensors();

  // Copies `bytes` into graph input `i`; the size must match exactly.
  Status SetInput(size_t i, const void* data, size_t bytes);

  // Runs the graph.
  Status Invoke();

  ArenaStats arena_stats() const;

  // Op name of node `node` ("CONV_2D", or the custom code) and its version.
  std::string node_op_name(size_t node) const;
  int node_op_version(size_t node) const;
  // The kernel implementation Prepare chose for the node ("reference",
  // "xnnpack"), or "constant" for a node computed once at prepare time.
  std::string node_kernel_path(size_t node) const;
  // With InterpreterOptions::enable_profiling: the wall time of each node
  // during the last Invoke (0 for nodes computed at prepare time).
  const std::vector<double>& node_milliseconds() const;

  // Worker threads kernels use (InterpreterOptions::num_threads).
  int num_threads() const;

 private:
  explicit Interpreter(std::unique_ptr<InterpreterImpl> impl);
  std::unique_ptr<InterpreterImpl> impl_;
};

}  // namespace liten

#endif  // LITEN_INTERPRETER_H_
