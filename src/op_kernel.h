// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The kernel interface: what an op implementation provides and what it sees
// of its node.
//
// A kernel object is created per node. Prepare validates everything the model
// supplies (input counts, types, ranks, options, divisors), computes output
// shapes, picks a path, packs weights and requests scratch memory; it may
// allocate and may fail. Eval runs the op on data whose shapes and types
// Prepare already checked: it does not allocate and does not revalidate.
// Eval checks only run-time data that can index memory (gather indices).
#ifndef LITEN_SRC_OP_KERNEL_H_
#define LITEN_SRC_OP_KERNEL_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "liten/status.h"
#include "pthreadpool.h"
#include "schema/schema_generated.h"
#include "src/tensor.h"

namespace liten {

class OpKernel;
class NodeContext;

using KernelFactory = std::unique_ptr<OpKernel> (*)();

// How the op resolver finds a kernel: by builtin code, or by custom name when
// `builtin` is CUSTOM; any version in [min_version, max_version].
struct OpRegistration {
  schema::BuiltinOperator builtin = schema::BuiltinOperator_CUSTOM;
  const char* custom_name = nullptr;
  int min_version = 1;
  int max_version = 1;
  KernelFactory create = nullptr;
};

class OpKernel {
 public:
  virtual ~OpKernel() = default;
  virtual Status Prepare(NodeContext& context) = 0;
  virtual Status Eval(NodeContext& context) = 0;
  // The implementation Prepare picked, for profiles: "reference", "xnnpack".
  virtual const char* path() const { return "reference"; }
  // Whether Eval reads input `i`. False for weights a fast path packed into
  // its own layout at Prepare: the interpreter then frees constants it
  // computed for them (expanded float16 or sparse weights).
  virtual bool ReadsInputInEval(int /*input*/) const { return true; }
  // Bytes of weights Prepare packed into liten's own layout (XNNPACK's
  // packing is counted by the interpreter), for ArenaStats.
  virtual size_t packed_weight_bytes() const { return 0; }
  // True when Eval only copies input 0, unchanged, into output 0 (RESHAPE):
  // the interpreter may then give the output the input's memory and skip
  // the node.
  virtual bool OutputCopiesInput() const { return false; }
};

// Zeros around the height and width of a convolution's input, from a PAD
// node the interpreter folded into the convolution.
struct SpatialPadding {
  int32_t top = 0;
  int32_t bottom = 0;
  int32_t left = 0;
  int32_t right = 0;
};

// A clamp on a node's output, from an activation node (RELU, RELU6,
// RELU_N1_TO_1) the interpreter fused into it.
struct OutputClamp {
  float min = -std::numeric_limits<float>::infinity();
  float max = std::numeric_limits<float>::infinity();
};

// What every node of one interpreter shares while it runs.
struct ExecutionEnvironment {
  int num_threads = 1;
  // Null when num_threads is 1: kernels then run on the calling thread.
  pthreadpool_t threadpool = nullptr;
  // Forces every kernel onto its reference path.
  bool use_reference_kernels = false;
  // Keeps kernels off liten's own AVX2 paths (InterpreterOptions).
  bool prefer_xnnpack = false;
  // Set when a kernel asks for the pool: Invoke then puts its workers to
  // sleep at the end, which wakes them first, so a model with no parallel
  // work skips it.
  mutable bool threadpool_used = false;
};

// The factory of a kernel class, for OpRegistration::create:
//   resolver.Add({schema::BuiltinOperator_ADD, nullptr, 1, 4,
//                 MakeKernel<AddFloat32Reference>});
template <typename Kernel>
std::unique_ptr<OpKernel> MakeKernel() {
  return std::make_unique<Kernel>();
}

// One operator of the graph, as the interpreter keeps it.
struct Node {
  int index = 0;
  const schema::Operator* op = nullptr;  // Options live in the model.
  std::string op_name;                   // "CONV_2D" or the custom code.
  int version = 1;
  std::vector<int> inputs;   // Tensor indices; -1 marks an omitted input.
  std::vector<int> outputs;
  const OpRegistration* registration = nullptr;
  std::unique_ptr<OpKernel> kernel;
  size_t scratch_bytes = 0;
  void* scratch = nullptr;
  // Every input was constant, so Prepare also ran Eval once and the outputs
  // became constants; Invoke skips the node.
  bool folded = false;
  // Output 0 shares input 0's memory (OpKernel::OutputCopiesInput); Invoke
  // skips the node.
  bool aliased = false;

  // Graph rewrites of the fast path (src/graph_rewrite.h), made once at
  // Init. A removed node was merged into a neighbour: it is neither
  // prepared nor run.
  bool removed = false;
  SpatialPadding folded_input_padding;
  OutputClamp fused_output_clamp;
};

// A node's view of the graph during Prepare and Eval.
class NodeContext {
 public:
  NodeContext(Node* node, std::vector<Tensor>* tensors,
              const ExecutionEnvironment& environment)
      : node_(node), tensors_(tensors), environment_(environment) {}

  int node_index() const { return node_->index; }
  const std::string& op_name() const { return node_->op_name; }
  int op_version() const { return node_->version; }
  const schema::Operator& op() const { return *node_->op; }
  int num_threads() const { return environment_.num_threads; }
  pthreadpool_t threadpool() const {
    environment_.threadpool_used = true;
    return environment_.threadpool;
  }
  bool use_reference_kernels() const {
    return environment_.use_reference_kernels;
  }
  bool prefer_xnnpack() const { return environment_.prefer_xnnpack; }

  // Set by graph rewrites; kernels that take fused activations or folded
  // padding apply them, and the rewrites only target such kernels.
  const SpatialPadding& folded_input_padding() const {
    return node_->folded_input_padding;
  }
  const OutputClamp& fused_output_clamp() const {
    return node_->fused_output_clamp;
  }

  int num_inputs() const { return static_cast<int>(node_->inputs.size()); }
  int num_outputs() const { return static_cast<int>(node_->outputs.size()); }
  // Tensor index of input `i`; -1 for an omitted optional input.
  int input_index(int i) const { return node_->inputs[i]; }
  int output_index(int i) const { return node_->outputs[i]; }

  // Null for an omitted optional input or a position past the end.
  Tensor* input(int i) const;
  Tensor* output(int i) const;

  // Sets the shape of output `i` and its byte size, rejecting shapes whose
  // size overflows.
  Status ResizeOutput(int i, const Shape& shape);

  // Scratch memory for Eval, planned into the arena beside the tensors.
  // Valid from Prepare's return until the next Prepare.
  void RequestScratch(size_t bytes) { node_->scratch_bytes = bytes; }
  void* scratch() const { return node_->scratch; }

  // Errors prefixed with the node: "node 12 (CONV_2D): <message>".
  Status Error(const char* format, ...) const
      __attribute__((format(printf, 2, 3)));
  Status Unsupported(const char* format, ...) const
      __attribute__((format(printf, 2, 3)));

  // Validation helpers for Prepare; each message names the tensor.
  Status ExpectInputCount(int min, int max) const;
  Status ExpectOutputCount(int count) const;
  Status ExpectInputType(int i, DataType type) const;
  Status ExpectOutputType(int i, DataType type) const;
  Status ExpectInputRank(int i, int rank) const;
  // Input `i` must be present and constant (a weight or a static parameter).
  Status ExpectConstantInput(int i) const;

 private:
  Node* node_;
  std::vector<Tensor>* tensors_;
  const ExecutionEnvironment& environment_;
};

}  // namespace liten

#endif  // LITEN_SRC_OP_KERNEL_H_
