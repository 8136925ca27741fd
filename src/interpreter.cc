// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "liten/interpreter.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "kernels/xnnpack/xnnpack_util.h"
#include "src/arena_planner.h"
#include "src/graph_rewrite.h"
#include "src/model_internal.h"
#include "src/op_kernel.h"
#include "src/op_resolver.h"
#include "src/status_util.h"

namespace liten {

namespace {

// Zeroed memory whose data() is kArenaAlignment-aligned. calloc, unlike
// aligned_alloc + memset, lets the OS hand out large blocks as zero pages
// that cost nothing until touched.
class AlignedBuffer {
 public:
  explicit AlignedBuffer(size_t size)
      : memory_(std::calloc(size + kArenaAlignment, 1)) {
    const uintptr_t address = reinterpret_cast<uintptr_t>(memory_);
    data_ = memory_ == nullptr
                ? nullptr
                : reinterpret_cast<uint8_t*>(
                      (address + kArenaAlignment - 1) & ~(kArenaAlignment - 1));
  }
  ~AlignedBuffer() { std::free(memory_); }
  AlignedBuffer(AlignedBuffer&& other) noexcept
      : memory_(other.memory_), data_(other.data_) {
    other.memory_ = nullptr;
    other.data_ = nullptr;
  }
  AlignedBuffer& operator=(AlignedBuffer&& other) noexcept {
    std::swap(memory_, other.memory_);
    std::swap(data_, other.data_);
    return *this;
  }
  uint8_t* data() const { return data_; }

 private:
  void* memory_;
  uint8_t* data_;
};

// Puts the pool's workers to sleep. Without this they spin for a while
// after the last parallel op, taking cores from whatever the application
// runs between invocations (TFLite's XNNPACK delegate yields after its last
// operator for the same reason).
void YieldWorkers(pthreadpool_t threadpool) {
  if (threadpool == nullptr) return;
  pthreadpool_parallelize_1d(
      threadpool, [](void*, size_t) {}, nullptr,
      pthreadpool_get_threads_count(threadpool),
      PTHREADPOOL_FLAG_YIELD_WORKERS);
}

Status OutOfMemory(size_t bytes) {
  return Status(StatusCode::kInternal,
                StrFormat("cannot allocate %zu bytes", bytes));
}

QuantizationInfo ReadQuantization(const schema::Tensor& tensor) {
  QuantizationInfo info;
  const schema::QuantizationParameters* q = tensor.quantization();
  if (q == nullptr || q->scale() == nullptr) return info;
  info.scales.assign(q->scale()->begin(), q->scale()->end());
  if (q->zero_point() != nullptr) {
    info.zero_points.assign(q->zero_point()->begin(), q->zero_point()->end());
  } else {
    info.zero_points.assign(info.scales.size(), 0);
  }
  info.axis = q->quantized_dimension();
  return info;
}

}  // namespace

class InterpreterImpl {
 public:
  Status Init(std::shared_ptr<const Model> model,
              const InterpreterOptions& options);
  Status AllocateTensors();
  Status Invoke();
  TensorView View(int tensor_index) const;

  ~InterpreterImpl() {
    // Kernels may hold operators that run on the pool: release them first.
    nodes_.clear();
    if (environment_.threadpool != nullptr) {
      pthreadpool_destroy(environment_.threadpool);
    }
  }

  std::shared_ptr<const Model> model_;
  const schema::SubGraph* subgraph_ = nullptr;
  ExecutionEnvironment environment_;
  size_t max_memory_bytes_ = 0;
  bool enable_profiling_ = false;
  std::vector<double> node_milliseconds_;
  std::vector<Tensor> tensors_;
  std::vector<Node> nodes_;
  std::vector<int> inputs_;
  std::vector<int> outputs_;
  // Constants copied for alignment and variable tensors: live as long as
  // the interpreter.
  std::vector<AlignedBuffer> owned_;
  // Outputs of folded nodes, by tensor: rebuilt by every AllocateTensors,
  // and each freed once no kernel reads it any more.
  std::unordered_map<int, AlignedBuffer> folded_;
  AlignedBuffer arena_{0};
  ArenaStats stats_;
  bool allocated_ = false;

 private:
  Status CheckMemoryLimit(const Node& node, size_t more_bytes) const;
  Status FoldNode(Node& node);
  void ReleaseFoldedInputs(const Node& node);
  bool IsGraphOutput(int t) const;
  Status PlanMemory();

  // While AllocateTensors runs, per tensor: the node whose folding is
  // pending until a reader needs its outputs (-1: none), the readers not
  // yet prepared, and whether a kernel reads it in Eval.
  std::vector<int> pending_fold_;
  std::vector<int> unprepared_readers_;
  std::vector<bool> read_in_eval_;
};

Status InterpreterImpl::Init(std::shared_ptr<const Model> model,
                             const InterpreterOptions& options) {
  if (options.num_threads < 1) {
    return InvalidArgumentError("num_threads is %d; it must be at least 1",
                                options.num_threads);
  }
  environment_.num_threads = options.num_threads;
  environment_.use_reference_kernels = options.use_reference_kernels;
  environment_.prefer_xnnpack = options.prefer_xnnpack;
  if (options.num_threads > 1) {
    environment_.threadpool = pthreadpool_create(options.num_threads);
    if (environment_.threadpool == nullptr) {
      return Status(StatusCode::kInternal,
                    StrFormat("cannot create a pool of %d threads",
                              options.num_threads));
    }
  }
  max_memory_bytes_ = options.max_memory_bytes;
  enable_profiling_ = options.enable_profiling;
  model_ = std::move(model);
  const schema::Model& root = SchemaModel(*model_);
  subgraph_ = root.subgraphs()->Get(0);

  const auto* tensors = subgraph_->tensors();
  const int num_tensors = tensors == nullptr ? 0 : tensors->size();
  tensors_.resize(num_tensors);
  for (int t = 0; t < num_tensors; ++t) {
    const schema::Tensor& source = *tensors->Get(t);
    Tensor& tensor = tensors_[t];
    tensor.type = static_cast<DataType>(source.type());
    if (source.shape() != nullptr) {
      tensor.shape = Shape(source.shape()->data(), source.shape()->size());
    }
    tensor.bytes = static_cast<size_t>(
        CheckedByteSize(tensor.shape, DataTypeSize(tensor.type)));
    tensor.quantization = ReadQuantization(source);
    tensor.sparsity = source.sparsity();
    tensor.is_variable = source.is_variable();
    const ByteSpan data = TensorBytes(model_->data(), root, source);
    if (data.size != 0) {
      tensor.storage = Tensor::Storage::kModel;
      tensor.bytes = data.size;  // Differs from the shape's for sparse data.
      const size_t element_size = DataTypeSize(tensor.type);
      if (reinterpret_cast<uintptr_t>(data.data) % element_size == 0) {
        tensor.data = const_cast<uint8_t*>(data.data);
      } else {
        // Files from old converters may not align buffers; kernels read
        // typed elements, so give them an aligned copy.
        owned_.emplace_back(data.size);
        if (owned_.back().data() == nullptr) return OutOfMemory(data.size);
        std::memcpy(owned_.back().data(), data.data, data.size);
        tensor.data = owned_.back().data();
      }
    } else if (tensor.is_variable) {
      // Variable tensors (LSTM state) persist across invocations, from zero.
      owned_.emplace_back(tensor.bytes);
      if (owned_.back().data() == nullptr) return OutOfMemory(tensor.bytes);
      tensor.data = owned_.back().data();
      tensor.storage = Tensor::Storage::kPersistent;
    }
  }
  if (subgraph_->inputs() != nullptr) {
    inputs_.assign(subgraph_->inputs()->begin(), subgraph_->inputs()->end());
  }
  if (subgraph_->outputs() != nullptr) {
    outputs_.assign(subgraph_->outputs()->begin(), subgraph_->outputs()->end());
  }

  const OpResolver& resolver = BuiltinOpResolver();
  const auto* operators = subgraph_->operators();
  const int num_nodes = operators == nullptr ? 0 : operators->size();
  nodes_.resize(num_nodes);
  for (int n = 0; n < num_nodes; ++n) {
    const schema::Operator& op = *operators->Get(n);
    const schema::OperatorCode& code =
        *root.operator_codes()->Get(op.opcode_index());
    Node& node = nodes_[n];
    node.index = n;
    node.op = &op;
    node.op_name = OpName(code);
    node.version = code.version();
    if (op.inputs() != nullptr) {
      node.inputs.assign(op.inputs()->begin(), op.inputs()->end());
    }
    if (op.outputs() != nullptr) {
      node.outputs.assign(op.outputs()->begin(), op.outputs()->end());
    }
    const std::string custom_name =
        code.custom_code() != nullptr ? code.custom_code()->str() : "";
    std::string missing;
    node.registration =
        resolver.Find(BuiltinCode(code), custom_name, node.version, &missing);
    if (node.registration == nullptr) {
      return UnsupportedError("node %d (%s, version %d): %s", n,
                              node.op_name.c_str(), node.version,
                              missing.c_str());
    }
    node.kernel = node.registration->create();
  }
  // The reference path stays a plain per-op evaluation, the ground truth
  // the rewrites are tested against.
  if (!environment_.use_reference_kernels) {
    RewriteGraph(tensors_, outputs_, nodes_);
  }
  return Status::Ok();
}

Status InterpreterImpl::CheckMemoryLimit(const Node& node,
                                         size_t more_bytes) const {
  if (more_bytes > max_memory_bytes_ - stats_.persistent_bytes) {
    return Status(StatusCode::kFailedPrecondition,
                  StrFormat("node %d (%s): precomputing its constant outputs "
                            "needs %zu more bytes, over the limit of %zu "
                            "(InterpreterOptions::max_memory_bytes)",
                            node.index, node.op_name.c_str(), more_bytes,
                            max_memory_bytes_));
  }
  return Status::Ok();
}

Status InterpreterImpl::FoldNode(Node& node) {
  NodeContext context(&node, &tensors_, environment_);
  size_t bytes = node.scratch_bytes;
  for (int t : node.outputs) bytes += tensors_[t].bytes;
  LITEN_RETURN_IF_ERROR(CheckMemoryLimit(node, bytes));
  AlignedBuffer scratch(node.scratch_bytes);
  if (scratch.data() == nullptr) return OutOfMemory(node.scratch_bytes);
  node.scratch = scratch.data();
  for (int t : node.outputs) {
    AlignedBuffer buffer(tensors_[t].bytes);
    if (buffer.data() == nullptr) return OutOfMemory(tensors_[t].bytes);
    tensors_[t].data = buffer.data();
    folded_.insert_or_assign(t, std::move(buffer));
    stats_.persistent_bytes += tensors_[t].bytes;
    pending_fold_[t] = -1;
  }
  LITEN_RETURN_IF_ERROR(node.kernel->Eval(context));
  for (int t : node.outputs) tensors_[t].storage = Tensor::Storage::kPersistent;
  node.scratch = nullptr;
  node.folded = true;
  ReleaseFoldedInputs(node);
  return Status::Ok();
}

bool InterpreterImpl::IsGraphOutput(int t) const {
  return std::find(outputs_.begin(), outputs_.end(), t) != outputs_.end();
}

// Called once `node` is prepared (and folded, if it folds): frees the
// constants computed at Prepare that no kernel will read again, such as
// float16 weights expanded for an XNNPACK operator that packed its own copy.
void InterpreterImpl::ReleaseFoldedInputs(const Node& node) {
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    const int t = node.inputs[i];
    if (t < 0 || folded_.count(t) == 0) continue;
    if (!node.folded && node.kernel->ReadsInputInEval(static_cast<int>(i))) {
      read_in_eval_[t] = true;
    }
    if (--unprepared_readers_[t] > 0 || read_in_eval_[t] || IsGraphOutput(t)) {
      continue;
    }
    folded_.erase(t);
    tensors_[t].data = nullptr;
    stats_.persistent_bytes -= tensors_[t].bytes;
  }
}

Status InterpreterImpl::AllocateTensors() {
  allocated_ = false;
  arena_ = AlignedBuffer(0);
  folded_.clear();
  stats_ = ArenaStats();
  for (Tensor& tensor : tensors_) {
    if (tensor.storage == Tensor::Storage::kArena ||
        (tensor.storage == Tensor::Storage::kPersistent && !tensor.is_variable)) {
      tensor.storage = Tensor::Storage::kNone;
      tensor.data = nullptr;
    }
  }
  pending_fold_.assign(tensors_.size(), -1);
  unprepared_readers_.assign(tensors_.size(), 0);
  read_in_eval_.assign(tensors_.size(), false);
  for (Node& node : nodes_) {
    node.folded = false;
    node.aliased = false;
    node.scratch = nullptr;
    node.scratch_bytes = 0;
    if (node.removed) continue;
    for (int t : node.inputs) {
      if (t >= 0) ++unprepared_readers_[t];
    }
  }
  // A node whose inputs are all constant is evaluated once here (folded),
  // but only when its first reader is prepared, and its outputs are freed
  // after its last: expanded weights then live one layer at a time.
  for (Node& node : nodes_) {
    if (node.removed) continue;
    for (int t : node.inputs) {
      if (t >= 0 && pending_fold_[t] >= 0) {
        LITEN_RETURN_IF_ERROR(FoldNode(nodes_[pending_fold_[t]]));
      }
    }
    NodeContext context(&node, &tensors_, environment_);
    const uint64_t xnnpack_bytes = XnnpackBytesAllocatedOnThisThread();
    LITEN_RETURN_IF_ERROR(node.kernel->Prepare(context));
    stats_.packed_weight_bytes +=
        XnnpackBytesAllocatedOnThisThread() - xnnpack_bytes +
        node.kernel->packed_weight_bytes();
    bool all_constant = node.registration->builtin !=
                            schema::BuiltinOperator_CUSTOM &&
                        !node.inputs.empty();
    for (int t : node.inputs) {
      if (t >= 0 && !tensors_[t].is_constant()) all_constant = false;
    }
    if (all_constant) {
      for (int t : node.outputs) {
        if (t >= 0) pending_fold_[t] = node.index;
      }
    } else {
      ReleaseFoldedInputs(node);
    }
  }
  for (Node& node : nodes_) {
    const bool pending = std::any_of(
        node.outputs.begin(), node.outputs.end(),
        [this](int t) { return t >= 0 && pending_fold_[t] >= 0; });
    if (pending && !node.removed) LITEN_RETURN_IF_ERROR(FoldNode(node));
  }
  LITEN_RETURN_IF_ERROR(PlanMemory());
  allocated_ = true;
  return Status::Ok();
}

// Lifetimes in node indices: a tensor lives from the node that writes it to
// the last node that reads it; graph inputs from before the first node and
// graph outputs to after the last, so callers can read and write them
// around Invoke.
Status InterpreterImpl::PlanMemory() {
  const int num_nodes = static_cast<int>(nodes_.size());
  // A node that only copies its input gets no memory of its own: its output
  // shares the memory of the input (or of what that input shares).
  std::vector<int> shares(tensors_.size(), -1);
  auto owner = [&](int t) { return shares[t] >= 0 ? shares[t] : t; };
  for (Node& node : nodes_) {
    if (node.removed || node.folded || !node.kernel->OutputCopiesInput()) {
      continue;
    }
    const int in = node.inputs[0];
    const int out = node.outputs[0];
    if (in != out && tensors_[in].storage == Tensor::Storage::kNone &&
        tensors_[out].storage == Tensor::Storage::kNone &&
        tensors_[in].bytes == tensors_[out].bytes) {
      shares[out] = owner(in);
      node.aliased = true;
    }
  }
  const int kUnused = -1;
  std::vector<int> first(tensors_.size(), kUnused);
  std::vector<int> last(tensors_.size(), kUnused);
  auto touch = [&](int t, int when) {
    if (t < 0 || tensors_[t].storage != Tensor::Storage::kNone) return;
    t = owner(t);
    if (first[t] == kUnused || when < first[t]) first[t] = when;
    last[t] = std::max(last[t], when);
  };
  for (int t : inputs_) touch(t, 0);
  for (const Node& node : nodes_) {
    if (node.folded || node.removed) continue;
    for (int t : node.outputs) touch(t, node.index);
    for (int t : node.inputs) touch(t, node.index);
  }
  for (int t : outputs_) touch(t, std::max(num_nodes - 1, 0));
  for (int t : inputs_) touch(t, std::max(num_nodes - 1, 0));

  std::vector<BufferRequest> requests;
  std::vector<int> request_tensor;  // Tensor index, or -1 - node for scratch.
  for (size_t t = 0; t < tensors_.size(); ++t) {
    if (first[t] == kUnused) continue;
    requests.push_back({tensors_[t].bytes, first[t], last[t]});
    request_tensor.push_back(static_cast<int>(t));
    stats_.tensor_bytes += tensors_[t].bytes;
  }
  for (const Node& node : nodes_) {
    if (node.folded || node.removed || node.scratch_bytes == 0) continue;
    requests.push_back({node.scratch_bytes, node.index, node.index});
    request_tensor.push_back(-1 - node.index);
    stats_.scratch_bytes += node.scratch_bytes;
  }
  const ArenaPlan plan = PlanArena(requests);
  if (plan.arena_size > max_memory_bytes_ - stats_.persistent_bytes) {
    return Status(StatusCode::kFailedPrecondition,
                  StrFormat("the arena needs %zu bytes, over the limit of %zu "
                            "(InterpreterOptions::max_memory_bytes) minus %zu "
                            "bytes of constants computed at prepare",
                            plan.arena_size, max_memory_bytes_,
                            stats_.persistent_bytes));
  }
  arena_ = AlignedBuffer(plan.arena_size);
  if (arena_.data() == nullptr) return OutOfMemory(plan.arena_size);
  stats_.arena_bytes = plan.arena_size;
  for (size_t r = 0; r < requests.size(); ++r) {
    uint8_t* address = arena_.data() + plan.offsets[r];
    if (request_tensor[r] >= 0) {
      Tensor& tensor = tensors_[request_tensor[r]];
      tensor.data = address;
      tensor.storage = Tensor::Storage::kArena;
    } else {
      nodes_[-1 - request_tensor[r]].scratch = address;
    }
  }
  for (size_t t = 0; t < tensors_.size(); ++t) {
    if (shares[t] < 0) continue;
    tensors_[t].data = tensors_[shares[t]].data;
    tensors_[t].storage = Tensor::Storage::kArena;
  }
  return Status::Ok();
}

Status InterpreterImpl::Invoke() {
  if (!allocated_) {
    return Status(StatusCode::kFailedPrecondition,
                  "Invoke called before a successful AllocateTensors");
  }
  if (enable_profiling_) node_milliseconds_.assign(nodes_.size(), 0.0);
  environment_.threadpool_used = false;
  Status status;
  for (Node& node : nodes_) {
    if (node.folded || node.aliased || node.removed) continue;
    NodeContext context(&node, &tensors_, environment_);
    if (!enable_profiling_) {
      status = node.kernel->Eval(context);
    } else {
      const auto start = std::chrono::steady_clock::now();
      status = node.kernel->Eval(context);
      node_milliseconds_[node.index] =
          std::chrono::duration<double, std::milli>(
              std::chrono::steady_clock::now() - start)
              .count();
    }
    if (!status.ok()) break;
  }
  if (environment_.threadpool_used) YieldWorkers(environment_.threadpool);
  return status;
}

TensorView InterpreterImpl::View(int t) const {
  TensorView view;
  if (t < 0 || t >= static_cast<int>(tensors_.size())) return view;
  const Tensor& tensor = tensors_[t];
  const flatbuffers::String* name = subgraph_->tensors()->Get(t)->name();
  view.index = t;
  view.name = name == nullptr ? std::string() : name->str();
  view.type = tensor.type;
  view.shape.assign(tensor.shape.begin(), tensor.shape.end());
  view.quantization = tensor.quantization;
  view.data = tensor.data;
  view.bytes = tensor.bytes;
  return view;
}

Interpreter::Interpreter(std::unique_ptr<InterpreterImpl> impl)
    : impl_(std::move(impl)) {}
Interpreter::~Interpreter() = default;

Status Interpreter::Create(std::shared_ptr<const Model> model,
                           const InterpreterOptions& options,
                           std::unique_ptr<Interpreter>* interpreter) {
  if (model == nullptr) return InvalidArgumentError("model is null");
  auto impl = std::make_unique<InterpreterImpl>();
  LITEN_RETURN_IF_ERROR(impl->Init(std::move(model), options));
  interpreter->reset(new Interpreter(std::move(impl)));
  return Status::Ok();
}

size_t Interpreter::num_inputs() const { return impl_->inputs_.size(); }
size_t Interpreter::num_outputs() const { return impl_->outputs_.size(); }
size_t Interpreter::num_tensors() const { return impl_->tensors_.size(); }
size_t Interpreter::num_nodes() const { return impl_->nodes_.size(); }

TensorView Interpreter::input(size_t i) const {
  return i < impl_->inputs_.size() ? impl_->View(impl_->inputs_[i])
                                   : TensorView();
}
TensorView Interpreter::output(size_t i) const {
  return i < impl_->outputs_.size() ? impl_->View(impl_->outputs_[i])
                                    : TensorView();
}
TensorView Interpreter::tensor(int tensor_index) const {
  return impl_->View(tensor_index);
}

int Interpreter::FindTensor(const std::string& name) const {
  const auto* tensors = impl_->subgraph_->tensors();
  for (size_t t = 0; t < impl_->tensors_.size(); ++t) {
    const flatbuffers::String* tensor_name = tensors->Get(t)->name();
    if (tensor_name != nullptr && tensor_name->str() == name) {
      return static_cast<int>(t);
    }
  }
  return -1;
}

Status Interpreter::ResizeInputTensor(size_t i,
                                      const std::vector<int32_t>& shape) {
  if (i >= impl_->inputs_.size()) {
    return InvalidArgumentError("input %zu does not exist; the model has %zu "
                                "inputs", i, impl_->inputs_.size());
  }
  if (shape.size() > static_cast<size_t>(kMaxRank)) {
    return InvalidArgumentError("input %zu: rank %zu exceeds liten's limit of "
                                "%d", i, shape.size(), kMaxRank);
  }
  Tensor& tensor = impl_->tensors_[impl_->inputs_[i]];
  if (tensor.is_constant()) {
    return InvalidArgumentError("input %zu (tensor %d) is a constant and "
                                "cannot be resized", i, impl_->inputs_[i]);
  }
  const Shape new_shape(shape.data(), static_cast<int>(shape.size()));
  const int64_t bytes = CheckedByteSize(new_shape, DataTypeSize(tensor.type));
  if (bytes < 0) {
    return InvalidArgumentError("input %zu: shape %s is invalid or too large",
                                i, ShapeToString(new_shape).c_str());
  }
  tensor.shape = new_shape;
  tensor.bytes = static_cast<size_t>(bytes);
  impl_->allocated_ = false;
  return Status::Ok();
}

Status Interpreter::AllocateTensors() { return impl_->AllocateTensors(); }

Status Interpreter::SetInput(size_t i, const void* data, size_t bytes) {
  if (i >= impl_->inputs_.size()) {
    return InvalidArgumentError("input %zu does not exist; the model has %zu "
                                "inputs", i, impl_->inputs_.size());
  }
  if (!impl_->allocated_) {
    return Status(StatusCode::kFailedPrecondition,
                  "SetInput called before a successful AllocateTensors");
  }
  Tensor& tensor = impl_->tensors_[impl_->inputs_[i]];
  if (bytes != tensor.bytes) {
    return InvalidArgumentError(
        "input %zu (tensor %d, %s %s) takes %zu bytes, but %zu were given", i,
        impl_->inputs_[i], DataTypeName(tensor.type),
        ShapeToString(tensor.shape).c_str(), tensor.bytes, bytes);
  }
  if (bytes != 0) std::memcpy(tensor.data, data, bytes);
  return Status::Ok();
}

Status Interpreter::Invoke() { return impl_->Invoke(); }

ArenaStats Interpreter::arena_stats() const { return impl_->stats_; }

std::string Interpreter::node_op_name(size_t node) const {
  return node < impl_->nodes_.size() ? impl_->nodes_[node].op_name : "";
}

int Interpreter::node_op_version(size_t node) const {
  return node < impl_->nodes_.size() ? impl_->nodes_[node].version : 0;
}

std::string Interpreter::node_kernel_path(size_t node) const {
  if (node >= impl_->nodes_.size()) return "";
  const Node& n = impl_->nodes_[node];
  if (n.removed) return "fused";
  if (n.folded) return "constant";
  if (n.aliased) return "alias";
  return n.kernel->path();
}

const std::vector<double>& Interpreter::node_milliseconds() const {
  return impl_->node_milliseconds_;
}

int Interpreter::num_threads() const { return impl_->environment_.num_threads; }

}  // namespace liten
