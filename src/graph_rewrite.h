// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Graph rewrites of the fast path, made once when an interpreter is built.
// Each merges a node into a neighbour whose kernel does the same work for
// free, without changing any output value:
//  - a PAD that adds zeros around the height and width of a float tensor,
//    read only as the input of CONV_2D or DEPTHWISE_CONV_2D nodes, becomes
//    padding of those convolutions (Node::folded_input_padding), saving a
//    pass over the padded tensor;
//  - a RELU, RELU6 or RELU_N1_TO_1 that is the only reader of the output of
//    a node with a fused activation (CONV_2D, DEPTHWISE_CONV_2D,
//    FULLY_CONNECTED, ADD, MUL, AVERAGE_POOL_2D, MAX_POOL_2D) becomes that
//    node's clamp (Node::fused_output_clamp).
// The merged node is marked removed; the tensor between the two keeps no
// data. A rewrite needs only what the model states: operator kinds,
// constant paddings and which nodes read which tensors. The kernels that
// receive the work still validate their operands at Prepare.
#ifndef LITEN_SRC_GRAPH_REWRITE_H_
#define LITEN_SRC_GRAPH_REWRITE_H_

#include <vector>

#include "src/op_kernel.h"
#include "src/tensor.h"

namespace liten {

// `nodes` in execution order, each with its registration set;
// `graph_outputs` are the tensors the caller reads after Invoke.
void RewriteGraph(const std::vector<Tensor>& tensors,
                  const std::vector<int>& graph_outputs,
                  std::vector<Node>& nodes);

}  // namespace liten

#endif  // LITEN_SRC_GRAPH_REWRITE_H_
