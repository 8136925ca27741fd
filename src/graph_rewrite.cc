// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "src/graph_rewrite.h"

#include <algorithm>
#include <cstring>

namespace liten {
namespace {

// Paddings beyond this are left to the PAD kernel: folding them would only
// make the convolution's padded extent a question of overflow.
constexpr int64_t kMaxFoldedPadding = 1 << 16;

// Who reads and writes each tensor, over the nodes not yet removed.
class TensorUses {
 public:
  TensorUses(size_t num_tensors, const std::vector<Node>& nodes)
      : producer_(num_tensors, -1), readers_(num_tensors) {
    for (const Node& node : nodes) {
      if (node.removed) continue;
      for (int t : node.outputs) {
        if (t >= 0) producer_[t] = node.index;
      }
      for (int t : node.inputs) {
        if (t >= 0) readers_[t].push_back(node.index);
      }
    }
  }
  int producer(int t) const { return producer_[t]; }
  const std::vector<int>& readers(int t) const { return readers_[t]; }
  // Output `t` of one node moved to another.
  void SetProducer(int t, int node) { producer_[t] = node; }

 private:
  std::vector<int> producer_;
  std::vector<std::vector<int>> readers_;
};

bool IsGraphOutput(const std::vector<int>& graph_outputs, int t) {
  return std::find(graph_outputs.begin(), graph_outputs.end(), t) !=
         graph_outputs.end();
}

schema::BuiltinOperator Builtin(const Node& node) {
  return node.registration->builtin;
}

// The [rank, 2] paddings of a PAD node when they add zeros only around
// height and width of an NHWC tensor, each side at most kMaxFoldedPadding.
bool ReadSpatialPadding(const Tensor& paddings, SpatialPadding* padding) {
  if (paddings.storage != Tensor::Storage::kModel ||
      paddings.shape != Shape({4, 2})) {
    return false;
  }
  int64_t values[8];
  if (paddings.type == DataType::kInt32 && paddings.bytes == 8 * 4) {
    int32_t narrow[8];
    std::memcpy(narrow, paddings.data, sizeof(narrow));
    std::copy(narrow, narrow + 8, values);
  } else if (paddings.type == DataType::kInt64 && paddings.bytes == 8 * 8) {
    std::memcpy(values, paddings.data, sizeof(values));
  } else {
    return false;
  }
  if (values[0] != 0 || values[1] != 0 || values[6] != 0 || values[7] != 0) {
    return false;
  }
  for (int i = 2; i < 6; ++i) {
    if (values[i] < 0 || values[i] > kMaxFoldedPadding) return false;
  }
  padding->top = static_cast<int32_t>(values[2]);
  padding->bottom = static_cast<int32_t>(values[3]);
  padding->left = static_cast<int32_t>(values[4]);
  padding->right = static_cast<int32_t>(values[5]);
  return true;
}

bool IsConvolution(const Node& node) {
  return Builtin(node) == schema::BuiltinOperator_CONV_2D ||
         Builtin(node) == schema::BuiltinOperator_DEPTHWISE_CONV_2D;
}

void FoldPadIntoConvolutions(const std::vector<Tensor>& tensors,
                             const std::vector<int>& graph_outputs,
                             const TensorUses& uses, Node& pad,
                             std::vector<Node>& nodes) {
  if (pad.inputs.size() != 2 || pad.outputs.size() != 1) return;
  const int input = pad.inputs[0];
  const int padded = pad.outputs[0];
  if (input < 0 || pad.inputs[1] < 0 || padded < 0) return;
  if (tensors[input].type != DataType::kFloat32 ||
      tensors[padded].type != DataType::kFloat32 ||
      tensors[input].is_constant() || tensors[input].shape.rank() != 4 ||
      IsGraphOutput(graph_outputs, padded)) {
    return;
  }
  SpatialPadding padding;
  if (!ReadSpatialPadding(tensors[pad.inputs[1]], &padding)) return;
  const std::vector<int>& readers = uses.readers(padded);
  if (readers.empty()) return;
  for (int r : readers) {
    const Node& reader = nodes[r];
    if (!IsConvolution(reader) || reader.inputs[0] != padded ||
        std::count(reader.inputs.begin(), reader.inputs.end(), padded) != 1 ||
        reader.folded_input_padding.top != 0 ||
        reader.folded_input_padding.bottom != 0 ||
        reader.folded_input_padding.left != 0 ||
        reader.folded_input_padding.right != 0) {
      return;
    }
  }
  for (int r : readers) {
    nodes[r].inputs[0] = input;
    nodes[r].folded_input_padding = padding;
  }
  pad.removed = true;
}

bool TakesFusedActivation(const Node& node) {
  switch (Builtin(node)) {
    case schema::BuiltinOperator_CONV_2D:
    case schema::BuiltinOperator_DEPTHWISE_CONV_2D:
    case schema::BuiltinOperator_FULLY_CONNECTED:
    case schema::BuiltinOperator_ADD:
    case schema::BuiltinOperator_MUL:
    case schema::BuiltinOperator_AVERAGE_POOL_2D:
    case schema::BuiltinOperator_MAX_POOL_2D:
      return true;
    default:
      return false;
  }
}

bool ActivationClamp(const Node& node, OutputClamp* clamp) {
  switch (Builtin(node)) {
    case schema::BuiltinOperator_RELU:
      clamp->min = 0.0f;
      return true;
    case schema::BuiltinOperator_RELU6:
      clamp->min = 0.0f;
      clamp->max = 6.0f;
      return true;
    case schema::BuiltinOperator_RELU_N1_TO_1:
      clamp->min = -1.0f;
      clamp->max = 1.0f;
      return true;
    default:
      return false;
  }
}

void FuseActivationIntoProducer(const std::vector<Tensor>& tensors,
                                const std::vector<int>& graph_outputs,
                                TensorUses& uses, Node& activation,
                                std::vector<Node>& nodes) {
  OutputClamp clamp;
  if (!ActivationClamp(activation, &clamp)) return;
  if (activation.inputs.size() != 1 || activation.outputs.size() != 1) return;
  const int input = activation.inputs[0];
  const int output = activation.outputs[0];
  if (input < 0 || output < 0 || input == output) return;
  if (tensors[input].type != DataType::kFloat32 ||
      tensors[output].type != DataType::kFloat32 ||
      tensors[input].is_variable || tensors[output].is_variable ||
      IsGraphOutput(graph_outputs, input) ||
      uses.readers(input).size() != 1 || uses.producer(input) < 0) {
    return;
  }
  Node& producer = nodes[uses.producer(input)];
  if (producer.removed || !TakesFusedActivation(producer) ||
      producer.outputs.size() != 1) {
    return;
  }
  producer.outputs[0] = output;
  OutputClamp& fused = producer.fused_output_clamp;
  fused.min = std::max(fused.min, clamp.min);
  fused.max = std::min(fused.max, clamp.max);
  uses.SetProducer(output, producer.index);
  activation.removed = true;
}

}  // namespace

void RewriteGraph(const std::vector<Tensor>& tensors,
                  const std::vector<int>& graph_outputs,
                  std::vector<Node>& nodes) {
  TensorUses uses(tensors.size(), nodes);
  for (Node& node : nodes) {
    if (Builtin(node) == schema::BuiltinOperator_PAD) {
      FoldPadIntoConvolutions(tensors, graph_outputs, uses, node, nodes);
    } else {
      FuseActivationIntoProducer(tensors, graph_outputs, uses, node, nodes);
    }
  }
}

}  // namespace liten
