// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DENSIFY: expands a constant sparse tensor into its dense form.
//
// The sparse layout (TACO-style, as TFLite stores it) traverses n + k levels:
// the n tensor dims in `traversal_order`, then k block dims that split the
// dims named in `block_map` into blocks of `dense_size` elements. A DENSE
// level visits every index; a SPARSE_CSR level visits, for each position of
// the level above, the indices array_indices[segments[p], segments[p + 1]).
// The stored values are the leaves, in traversal order.
//
// The layout comes from the model file, so Prepare checks every segment and
// index against the dense shape: Eval can then neither read past the stored
// values nor write past the output.
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "kernels/register.h"
#include "src/op_kernel.h"
#include "src/status_util.h"
#include "src/tensor.h"

namespace liten {
namespace {

constexpr int kInput = 0;
constexpr int kOutput = 0;

// The indices of a SPARSE_CSR level, widened to int32 whatever the file used.
// False when the union is empty.
bool ReadIndexVector(schema::SparseIndexVector type, const void* table,
                     std::vector<int32_t>* values) {
  values->clear();
  auto assign = [values](const auto* vector) {
    if (vector != nullptr && vector->values() != nullptr) {
      values->assign(vector->values()->begin(), vector->values()->end());
    }
    return vector != nullptr;
  };
  switch (type) {
    case schema::SparseIndexVector_Int32Vector:
      return assign(static_cast<const schema::Int32Vector*>(table));
    case schema::SparseIndexVector_Uint16Vector:
      return assign(static_cast<const schema::Uint16Vector*>(table));
    case schema::SparseIndexVector_Uint8Vector:
      return assign(static_cast<const schema::Uint8Vector*>(table));
    default:
      return false;
  }
}

// Fails with "input 0 (tensor 5) sparsity: <message>".
Status SparsityError(const NodeContext& context, const char* format, ...)
    __attribute__((format(printf, 2, 3)));

Status SparsityError(const NodeContext& context, const char* format, ...) {
  char message[256];
  va_list args;
  va_start(args, format);
  std::vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  return context.Error("input %d (tensor %d) sparsity: %s", kInput,
                       context.input_index(kInput), message);
}

class DensifyReference : public OpKernel {
 public:
  Status Prepare(NodeContext& context) override {
    LITEN_RETURN_IF_ERROR(context.ExpectInputCount(1, 1));
    LITEN_RETURN_IF_ERROR(context.ExpectOutputCount(1));
    const Tensor& input = *context.input(kInput);
    if (input.type != DataType::kFloat32 && input.type != DataType::kFloat16) {
      return context.Unsupported(
          "input %d (tensor %d) has type %s; expected FLOAT32 or FLOAT16",
          kInput, context.input_index(kInput), DataTypeName(input.type));
    }
    LITEN_RETURN_IF_ERROR(context.ExpectOutputType(kOutput, input.type));
    LITEN_RETURN_IF_ERROR(context.ExpectConstantInput(kInput));
    if (input.sparsity == nullptr) {
      return context.Error("input %d (tensor %d) has no sparsity parameters",
                           kInput, context.input_index(kInput));
    }
    element_size_ = DataTypeSize(input.type);
    LITEN_RETURN_IF_ERROR(PrepareLevels(context, input));
    return context.ResizeOutput(kOutput, input.shape);
  }

  Status Eval(NodeContext& context) override {
    const Tensor& input = *context.input(kInput);
    Tensor& output = *context.output(kOutput);
    // All-zero bits are +0 in both FLOAT32 and FLOAT16.
    if (output.bytes != 0) std::memset(output.data, 0, output.bytes);
    Scatter(0, 0, 0, input.data_as<uint8_t>(), output.data_as<uint8_t>());
    return Status::Ok();
  }

 private:
  // One traversed level.
  struct Level {
    bool sparse = false;
    int32_t size = 0;               // Index range of the level.
    int64_t stride = 0;             // Output elements one index step moves.
    std::vector<int32_t> segments;  // SPARSE_CSR only.
    std::vector<int32_t> indices;
  };

  Status PrepareLevels(const NodeContext& context, const Tensor& input) {
    const schema::SparsityParameters& sparsity = *input.sparsity;
    const Shape& shape = input.shape;
    const int rank = shape.rank();
    const int blocks =
        sparsity.block_map() == nullptr ? 0 : sparsity.block_map()->size();
    const int levels = rank + blocks;
    const int order_size = sparsity.traversal_order() == nullptr
                               ? 0
                               : sparsity.traversal_order()->size();
    const int metadata_size = sparsity.dim_metadata() == nullptr
                                  ? 0
                                  : sparsity.dim_metadata()->size();
    if (order_size != levels || metadata_size != levels) {
      return SparsityError(
          context,
          "a rank-%d tensor with %d block dims needs %d traversal_order and "
          "dim_metadata entries; it has %d and %d",
          rank, blocks, levels, order_size, metadata_size);
    }
    // Which level traverses each of the n + k expanded dims. TFLite expects
    // the tensor dims first and the block dims after them.
    std::vector<int> level_of(levels, -1);
    for (int l = 0; l < levels; ++l) {
      const int dim = sparsity.traversal_order()->Get(l);
      const bool in_range =
          l < rank ? dim >= 0 && dim < rank : dim >= rank && dim < levels;
      if (!in_range || level_of[dim] != -1) {
        return SparsityError(
            context,
            "traversal_order[%d] = %d; the first %d entries must be a "
            "permutation of the tensor dims and the rest of the block dims",
            l, dim, rank);
      }
      level_of[dim] = l;
    }
    // Block size of each tensor dim; 1 where the dim is not blocked.
    std::vector<int32_t> block_size(rank, 1);
    for (int b = 0; b < blocks; ++b) {
      const int dim = sparsity.block_map()->Get(b);
      const int previous = b == 0 ? -1 : sparsity.block_map()->Get(b - 1);
      if (dim <= previous || dim >= rank) {
        return SparsityError(
            context,
            "block_map[%d] = %d; entries must be increasing tensor dims", b,
            dim);
      }
      const schema::DimensionMetadata& metadata =
          *sparsity.dim_metadata()->Get(level_of[rank + b]);
      const int32_t size = metadata.dense_size();
      if (metadata.format() != schema::DimensionType_DENSE) {
        return SparsityError(
            context,
            "block dim %d is not DENSE; only dense blocks are supported", b);
      }
      if (size < 1 || shape.dim(dim) % size != 0) {
        return SparsityError(
            context,
            "block dim %d has size %d, which does not divide dim %d of size %d",
            b, size, dim, shape.dim(dim));
      }
      block_size[dim] = size;
    }

    int64_t strides[kMaxRank];
    int64_t stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
      strides[d] = stride;
      stride *= shape.dim(d);
    }
    levels_.assign(levels, Level());
    // Positions (stored entries) at the level above; the root has one.
    int64_t positions = 1;
    for (int l = 0; l < levels; ++l) {
      const int dim = sparsity.traversal_order()->Get(l);
      Level& level = levels_[l];
      if (dim < rank) {
        level.size = shape.dim(dim) / block_size[dim];
        level.stride = strides[dim] * block_size[dim];
      } else {
        const int tensor_dim = sparsity.block_map()->Get(dim - rank);
        level.size = block_size[tensor_dim];
        level.stride = strides[tensor_dim];
      }
      const schema::DimensionMetadata& metadata =
          *sparsity.dim_metadata()->Get(l);
      LITEN_RETURN_IF_ERROR(
          metadata.format() == schema::DimensionType_SPARSE_CSR
              ? PrepareSparseLevel(context, metadata, l, &level, &positions)
              : PrepareDenseLevel(context, metadata, l, level.size,
                                  &positions));
    }
    const int64_t stored = static_cast<int64_t>(input.bytes / element_size_);
    if (input.bytes % element_size_ != 0 || positions != stored) {
      return SparsityError(context,
                           "the layout addresses %lld values, but the buffer "
                           "holds %zu bytes of %s",
                           static_cast<long long>(positions), input.bytes,
                           DataTypeName(input.type));
    }
    return Status::Ok();
  }

  Status PrepareDenseLevel(const NodeContext& context,
                           const schema::DimensionMetadata& metadata, int l,
                           int32_t size, int64_t* positions) const {
    if (metadata.format() != schema::DimensionType_DENSE) {
      return SparsityError(context, "dim_metadata[%d] has unknown format %d", l,
                           static_cast<int>(metadata.format()));
    }
    if (metadata.dense_size() != size) {
      return SparsityError(context,
                           "dim_metadata[%d] has dense_size %d; the dim it "
                           "traverses has size %d",
                           l, metadata.dense_size(), size);
    }
    // The last level's positions are the stored values, which fit in
    // memory; anything this large is malformed.
    if (size != 0 && *positions > (int64_t{1} << 40) / size) {
      return SparsityError(context,
                           "dim_metadata[%d] addresses too many values", l);
    }
    *positions *= size;
    return Status::Ok();
  }

  Status PrepareSparseLevel(const NodeContext& context,
                            const schema::DimensionMetadata& metadata, int l,
                            Level* level, int64_t* positions) const {
    level->sparse = true;
    if (!ReadIndexVector(metadata.array_segments_type(),
                         metadata.array_segments(), &level->segments) ||
        !ReadIndexVector(metadata.array_indices_type(),
                         metadata.array_indices(), &level->indices)) {
      return SparsityError(context,
                           "dim_metadata[%d] is SPARSE_CSR but lacks "
                           "array_segments or array_indices",
                           l);
    }
    const std::vector<int32_t>& segments = level->segments;
    const std::vector<int32_t>& indices = level->indices;
    if (static_cast<int64_t>(segments.size()) != *positions + 1) {
      return SparsityError(
          context, "dim_metadata[%d] has %zu array_segments; expected %lld", l,
          segments.size(), static_cast<long long>(*positions + 1));
    }
    if (segments.front() != 0 ||
        segments.back() != static_cast<int64_t>(indices.size())) {
      return SparsityError(
          context,
          "dim_metadata[%d] array_segments must run from 0 to %zu (the "
          "array_indices count); they run from %d to %d",
          l, indices.size(), segments.front(), segments.back());
    }
    for (size_t i = 1; i < segments.size(); ++i) {
      if (segments[i] < segments[i - 1]) {
        return SparsityError(
            context,
            "dim_metadata[%d] array_segments decrease at %zu (%d after %d)", l,
            i, segments[i], segments[i - 1]);
      }
    }
    for (size_t i = 0; i < indices.size(); ++i) {
      if (indices[i] < 0 || indices[i] >= level->size) {
        return SparsityError(context,
                             "dim_metadata[%d] array_indices[%zu] = %d is "
                             "outside the dim's size %d",
                             l, i, indices[i], level->size);
      }
    }
    *positions = static_cast<int64_t>(indices.size());
    return Status::Ok();
  }

  // Visits the entries below `position` of level `l`; `offset` is the output
  // element the levels above have addressed. At the leaves the position is
  // the stored value's index, because traversal visits them in order.
  void Scatter(size_t l, int64_t position, int64_t offset,
               const uint8_t* values, uint8_t* output) const {
    if (l == levels_.size()) {
      std::memcpy(output + offset * element_size_,
                  values + position * element_size_, element_size_);
      return;
    }
    const Level& level = levels_[l];
    if (level.sparse) {
      for (int32_t i = level.segments[position];
           i < level.segments[position + 1]; ++i) {
        Scatter(l + 1, i, offset + level.indices[i] * level.stride, values,
                output);
      }
    } else {
      for (int32_t i = 0; i < level.size; ++i) {
        Scatter(l + 1, position * level.size + i, offset + i * level.stride,
                values, output);
      }
    }
  }

  size_t element_size_ = 0;
  std::vector<Level> levels_;
};

}  // namespace

void RegisterDensifyKernels(OpResolver& resolver) {
  resolver.Add({schema::BuiltinOperator_DENSIFY, nullptr, 1, 1,
                MakeKernel<DensifyReference>});
}

}  // namespace liten
