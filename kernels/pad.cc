// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// PAD: surrounds a FLOAT32 tensor with zeros, by constant per-dim amounts.
// Runs on XNNPACK unless the input is empty or of a rank it cannot take.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/register.h"
#include "kernels/xnnpack/data_movement.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kPaddings = 1;
constexpr int kOutput = 0;

class PadFloat32 : public XnnpackOrReferenceKernel {
 public:
  Status Prepare(NodeContext& context) override {
    xnnpack_.reset();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    LITEN_RETURN_IF_ERROR(context.ExpectInputType(kInput, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(
        context.ExpectOutputType(kOutput, DataType::kFloat32));
    LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(kPaddings));
    LITEN_RETURN_IF_ERROR(context.ExpectInputRank(kPaddings, 2));
    const Tensor& input = *context.input(kInput);
    const Tensor& paddings = *context.input(kPaddings);
    const int rank = input.shape.rank();
    if (paddings.shape.dim(0) != rank || paddings.shape.dim(1) != 2) {
      return context.Error(
          "input %d (tensor %d) has shape %s; expected [%d,2] for a rank-%d "
          "input",
          kPaddings, context.input_index(kPaddings),
          ShapeToString(paddings.shape).c_str(), rank, rank);
    }
    if (paddings.type != DataType::kInt32 &&
        paddings.type != DataType::kInt64) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s; expected INT32 or INT64",
          kPaddings, context.input_index(kPaddings),
          DataTypeName(paddings.type));
    }
    Shape output_shape = input.shape;
    for (int d = 0; d < rank; ++d) {
      const int64_t before = PaddingValue(paddings, 2 * d);
      const int64_t after = PaddingValue(paddings, 2 * d + 1);
      constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
      if (before < 0 || after < 0 || before > kMax || after > kMax) {
        return context.Error(
            "input %d (tensor %d) pads dim %d by [%lld,%lld]; paddings must be "
            "non-negative int32 values",
            kPaddings, context.input_index(kPaddings), d,
            static_cast<long long>(before), static_cast<long long>(after));
      }
      const int64_t size = input.shape.dim(d) + before + after;
      if (size > kMax) {
        return context.Error(
            "input %d (tensor %d) pads dim %d to %lld elements, more than a "
            "dim can hold",
            kPaddings, context.input_index(kPaddings), d,
            static_cast<long long>(size));
      }
      output_shape.dim(d) = static_cast<int32_t>(size);
      before_[d] = before;
    }
    if (!context.use_reference_kernels() && input.NumElements() > 0) {
      xnnpack_ = CreateZeroPadXnnpack(rank);
    }
    return context.ResizeOutput(kOutput, output_shape);
  }

  Status Eval(NodeContext& context) override {
    if (xnnpack_ != nullptr) {
      return RunZeroPadXnnpack(context, xnnpack_.get(), before_);
    }
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    float* out = output.data_as<float>();
    std::fill(out, out + output.NumElements(), 0.0f);
    const Shape& in_shape = input.shape;
    const Shape& out_shape = output.shape;
    const int rank = in_shape.rank();
    if (input.NumElements() == 0) return Status::Ok();
    if (rank == 0) {
      out[0] = input.data_as<float>()[0];
      return Status::Ok();
    }
    // Copy the input one innermost row at a time; `index` walks the outer
    // dims of the input like an odometer.
    const int last = rank - 1;
    const int32_t row = in_shape.dim(last);
    const int64_t rows = in_shape.FlatSize(0, last);
    const float* in = input.data_as<float>();
    int64_t index[kMaxRank] = {};
    for (int64_t r = 0; r < rows; ++r) {
      int64_t offset = 0;
      for (int d = 0; d < rank; ++d) {
        offset = offset * out_shape.dim(d) + index[d] + before_[d];
      }
      std::memcpy(out + offset, in + r * row, row * sizeof(float));
      for (int d = last - 1; d >= 0; --d) {
        if (++index[d] < in_shape.dim(d)) break;
        index[d] = 0;
      }
    }
    return Status::Ok();
  }

 private:
  static int64_t PaddingValue(const Tensor& paddings, int i) {
    return paddings.type == DataType::kInt64 ? paddings.data_as<int64_t>()[i]
                                             : paddings.data_as<int32_t>()[i];
  }

  int64_t before_[kMaxRank] = {};  // Padding before each dim.
};

}  // namespace

void RegisterPadKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_PAD, nullptr, 1, 4,
                MakeKernel<PadFloat32>});
}

}  // namespace liten
