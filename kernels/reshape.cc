// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// RESHAPE: the same elements under a new shape.
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kShape = 1;
constexpr int kOutput = 0;

class ReshapeReference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 2));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, input.type));
    std::vector<int32_t> requested;
    LITEN_RETURN_IF_ERROR(RequestedShape(context, &requested));
    Shape shape;
    LITEN_RETURN_IF_ERROR(
        ResolveShape(context, requested, input.NumElements(), &shape));
    return context.ResizeOutput(kOutput, shape);
  }

  // The bytes stay as they are; only the shape changes.
  bool OutputCopiesInput() const override { return true; }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    if (output.data != input.data && output.bytes != 0) {
      std::memcpy(output.data, input.data, output.bytes);
    }
    return Status::Ok();
  }

 private:
  // The new shape as the model states it, -1 included. Like TFLite, reads the
  // shape input when it is a 1-D INT32 tensor and ReshapeOptions.new_shape
  // otherwise, where the legacy value [0] means a scalar.
  static Status RequestedShape(const NodeContext& context,
                               std::vector<int32_t>* requested) {
    const Tensor* shape = context.input(kShape);
    if (shape != nullptr && shape->shape.rank() == 1 &&
        shape->type == DataType::kInt32) {
      // An empty shape tensor (a scalar result) may have no buffer at all.
      if (shape->shape.dim(0) == 0) return Status::Ok();
      LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(kShape));
      const int32_t* values = shape->data_as<int32_t>();
      requested->assign(values, values + shape->shape.dim(0));
      return Status::Ok();
    }
    const schema::ReshapeOptions* options =
        context.op().builtin_options_as_ReshapeOptions();
    if (options != nullptr && options->new_shape() != nullptr) {
      requested->assign(options->new_shape()->begin(),
                        options->new_shape()->end());
    }
    if (requested->size() == 1 && (*requested)[0] == 0) requested->clear();
    return Status::Ok();
  }

  // Fills in the -1 dim and checks that the element counts agree.
  static Status ResolveShape(const NodeContext& context,
                             const std::vector<int32_t>& requested,
                             int64_t input_elements, Shape* shape) {
    const std::string text = RequestedToString(requested);
    if (requested.size() > static_cast<size_t>(kMaxRank)) {
      return context.Unsupported(
          "new shape %s has rank %zu; liten supports up to %d", text.c_str(),
          requested.size(), kMaxRank);
    }
    const int rank = static_cast<int>(requested.size());
    int inferred = -1;
    // Product of the other dims, saturated just above the input's count: it
    // can then only mismatch, and 8 int32 dims could overflow int64.
    int64_t known_elements = 1;
    bool has_zero_dim = false;
    for (int d = 0; d < rank; ++d) {
      const int32_t dim = requested[d];
      if (dim == -1) {
        if (inferred != -1) {
          return context.Error("new shape %s has more than one -1 dim",
                               text.c_str());
        }
        inferred = d;
      } else if (dim < 0) {
        return context.Error("new shape %s has negative dim %d", text.c_str(),
                             dim);
      } else if (dim == 0) {
        has_zero_dim = true;
      } else if (known_elements > input_elements / dim) {
        known_elements = input_elements + 1;
      } else {
        known_elements *= dim;
      }
    }
    if (has_zero_dim) known_elements = 0;
    *shape = Shape(requested.data(), rank);
    if (inferred != -1) {
      if (known_elements == 0) {
        return context.Error(
            "new shape %s: the -1 dim cannot be inferred when the other dims "
            "hold no elements",
            text.c_str());
      }
      const int64_t dim = input_elements / known_elements;
      if (dim > std::numeric_limits<int32_t>::max()) {
        return context.Error(
            "new shape %s: the -1 dim would be %lld, more than a dim can hold",
            text.c_str(), static_cast<long long>(dim));
      }
      shape->dim(inferred) = static_cast<int32_t>(dim);
      known_elements *= dim;
    }
    if (known_elements != input_elements) {
      return context.Error(
          "input %d (tensor %d) has %lld elements, but new shape %s does not "
          "hold that many",
          kInput, context.input_index(kInput),
          static_cast<long long>(input_elements), text.c_str());
    }
    return Status::Ok();
  }

  static std::string RequestedToString(const std::vector<int32_t>& dims) {
    std::string text = "[";
    for (size_t i = 0; i < dims.size(); ++i) {
      if (i > 0) text += ",";
      text += std::to_string(dims[i]);
    }
    return text + "]";
  }
};

}  // namespace

void RegisterReshapeKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_RESHAPE, nullptr, 1, 1,
                MakeKernel<ReshapeReference>});
}

}  // namespace liten
