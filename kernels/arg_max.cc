// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// ARG_MAX along a constant axis, for FLOAT32, UINT8, INT8, INT32 and BOOL
// inputs (the types TFLite 2.9.0 takes), with INT32 or INT64 indices as the
// options ask. Ties go to the first index; a NaN never replaces the running
// maximum (it only wins when it comes first), as in TFLite's loop. Bytes
// along the innermost axis run on AVX2 (kernels/x86/arg_max.h).
#include <cstdint>
#include <limits>
#include <memory>

#include "kernels/kernel_util.h"
#include "kernels/register.h"
#include "kernels/x86/arg_max.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

constexpr int kInput = 0, kAxis = 1;
constexpr int kOutput = 0;

// The input as outer x axis x inner elements.
struct ArgMaxGeometry {
  int64_t outer = 0;
  int32_t axis_size = 0;
  int64_t inner = 0;
};

template <typename T, typename Index>
void ArgMaxAlongAxis(const T* in, const ArgMaxGeometry& g, Index* out) {
  for (int64_t o = 0; o < g.outer; ++o) {
    const T* slice = in + o * g.axis_size * g.inner;
    for (int64_t k = 0; k < g.inner; ++k) {
      T best = slice[k];
      Index best_index = 0;
      for (int32_t i = 1; i < g.axis_size; ++i) {
        const T value = slice[i * g.inner + k];
        if (value > best) {
          best = value;
          best_index = static_cast<Index>(i);
        }
      }
      *out++ = best_index;
    }
  }
}

class ArgMax : public OpKernel {
 public:
  const char* path() const override {
    return avx2_ != nullptr ? "avx2" : OpKernel::path();
  }

  Status Prepare(NodeContext& context) override {
    avx2_.reset();
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(2, 2));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    switch (input.type) {
      case DataType::kFloat32:
      case DataType::kUInt8:
      case DataType::kInt8:
      case DataType::kInt32:
      case DataType::kBool:
        break;
      default:
        return context.Unsupported(
            "input %d (tensor %d) has type %s; expected FLOAT32, UINT8, INT8, "
            "INT32 or BOOL",
            kInput, context.input_index(kInput), DataTypeName(input.type));
    }
    int axis = 0;
    LITEN_RETURN_IF_ERROR(ReadAxis(context, input.shape.rank(), &axis));

    // TFLite's parser leaves the index type unset without options, and its
    // Prepare then fails; so does liten.
    const schema::ArgMaxOptions* options =
        context.op().builtin_options_as_ArgMaxOptions();
    const DataType index_type =
        options != nullptr ? static_cast<DataType>(options->output_type())
                           : DataType::kFloat32;
    if (options == nullptr || (index_type != DataType::kInt32 &&
                               index_type != DataType::kInt64)) {
      return context.Error(
          "output_type is %s; ARG_MAX options must ask for INT32 or INT64 "
          "indices",
          options == nullptr ? "missing" : DataTypeName(index_type));
    }
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, index_type));

    geometry_.axis_size = input.shape.dim(axis);
    if (geometry_.axis_size == 0) {
      return context.Error(
          "input %d (tensor %d) has shape %s: axis %d is empty, so there is "
          "no maximum",
          kInput, context.input_index(kInput),
          ShapeToString(input.shape).c_str(), axis);
    }
    geometry_.outer = input.shape.FlatSize(0, axis);
    geometry_.inner = input.shape.FlatSize(axis + 1, input.shape.rank());
    input_type_ = input.type;
    index_type_ = index_type;
    const bool bytes = input.type == DataType::kUInt8 ||
                       input.type == DataType::kInt8 ||
                       input.type == DataType::kBool;
    if (bytes && geometry_.inner == 1 && !context.use_reference_kernels()) {
      avx2_ = ArgMaxBytesAvx2::Create(static_cast<size_t>(geometry_.outer),
                                      static_cast<size_t>(geometry_.axis_size),
                                      input.type == DataType::kInt8,
                                      index_type == DataType::kInt64,
                                      context.num_threads());
    }
    int32_t dims[kMaxRank];
    int rank = 0;
    for (int d = 0; d < input.shape.rank(); ++d) {
      if (d != axis) dims[rank++] = input.shape.dim(d);
    }
    return context.ResizeOutput(kOutput, Shape(dims, rank));
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    if (avx2_ != nullptr) {
      avx2_->Run(input.data_as<uint8_t>(), output.data,
                 avx2_->SharesWork() ? context.threadpool() : nullptr);
      return Status::Ok();
    }
    if (index_type_ == DataType::kInt32) {
      Dispatch(input, output.data_as<int32_t>());
    } else {
      Dispatch(input, output.data_as<int64_t>());
    }
    return Status::Ok();
  }

 private:
  // The axis: a constant INT32 or INT64 tensor of one element, in
  // [-rank, rank).
  static Status ReadAxis(const NodeContext& context, int rank, int* axis) {
    LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(kAxis));
    const Tensor& tensor = *context.input(kAxis);
    if (tensor.type != DataType::kInt32 && tensor.type != DataType::kInt64) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s; expected INT32 or INT64", kAxis,
          context.input_index(kAxis), DataTypeName(tensor.type));
    }
    if (tensor.NumElements() != 1) {
      return context.Error(
          "input %d (tensor %d) has %lld elements; the axis is one value",
          kAxis, context.input_index(kAxis),
          static_cast<long long>(tensor.NumElements()));
    }
    const int64_t value = tensor.type == DataType::kInt64
                              ? tensor.data_as<int64_t>()[0]
                              : tensor.data_as<int32_t>()[0];
    if (value < -rank || value >= rank) {
      return context.Error("axis %lld is out of range for rank %d",
                           static_cast<long long>(value), rank);
    }
    return NormalizeAxis(context, static_cast<int32_t>(value), rank, axis);
  }

  template <typename Index>
  void Dispatch(const Tensor& input, Index* out) const {
    switch (input_type_) {
      case DataType::kFloat32:
        ArgMaxAlongAxis(input.data_as<float>(), geometry_, out);
        break;
      case DataType::kUInt8:
        ArgMaxAlongAxis(input.data_as<uint8_t>(), geometry_, out);
        break;
      case DataType::kInt8:
        ArgMaxAlongAxis(input.data_as<int8_t>(), geometry_, out);
        break;
      case DataType::kInt32:
        ArgMaxAlongAxis(input.data_as<int32_t>(), geometry_, out);
        break;
      default:
        // BOOL compares its bytes (0 or 1 in a valid tensor): reading a
        // caller's other byte values as bool would be undefined.
        ArgMaxAlongAxis(input.data_as<uint8_t>(), geometry_, out);
        break;
    }
  }

  ArgMaxGeometry geometry_;
  DataType input_type_ = DataType::kFloat32;
  DataType index_type_ = DataType::kInt32;
  std::unique_ptr<ArgMaxBytesAvx2> avx2_;
};

}  // namespace

void RegisterArgMaxKernels(OpResolver& resolver) {
  resolver.Add(
      {schema::BuiltinOperator_ARG_MAX, nullptr, 1, 3, MakeKernel<ArgMax>});
}

}  // namespace liten
