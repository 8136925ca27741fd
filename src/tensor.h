// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The interpreter's tensors, as kernels see them.
#ifndef LITEN_SRC_TENSOR_H_
#define LITEN_SRC_TENSOR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "liten/interpreter.h"
#include "schema/schema_generated.h"

namespace liten {

// Rank limit for every tensor. The loader rejects higher ranks, so kernels
// can keep shapes and index arithmetic on the stack.
constexpr int kMaxRank = 8;

// A tensor shape, stored inline so that Eval never allocates.
class Shape {
 public:
  Shape() = default;
  Shape(std::initializer_list<int32_t> dims);
  // `rank` must be <= kMaxRank (the caller checks).
  Shape(const int32_t* dims, int rank);

  int rank() const { return rank_; }
  int32_t dim(int i) const { return dims_[i]; }
  int32_t& dim(int i) { return dims_[i]; }
  const int32_t* begin() const { return dims_.data(); }
  const int32_t* end() const { return dims_.data() + rank_; }

  // Product of all dims; 1 for a scalar. Shapes are checked for overflow when
  // they are set, so this cannot overflow.
  int64_t NumElements() const;
  // Product of dims [first, last).
  int64_t FlatSize(int first, int last) const;

  bool operator==(const Shape& other) const;
  bool operator!=(const Shape& other) const { return !(*this == other); }

 private:
  std::array<int32_t, kMaxRank> dims_{};
  int rank_ = 0;
};

// "[1,224,224,3]".
std::string ShapeToString(const Shape& shape);

// Elements in `shape`, or -1 if a dim is negative or the count (times
// `element_size` bytes) would exceed what size_t / int64 arithmetic can hold.
int64_t CheckedByteSize(const Shape& shape, size_t element_size);

struct Tensor {
  enum class Storage : uint8_t {
    kNone,        // No data yet (not planned, or unused).
    kModel,       // Constant data read in place from the model.
    kArena,       // Planned into the interpreter's arena.
    kPersistent,  // Owned by the interpreter (constants folded at prepare).
  };

  DataType type = DataType::kFloat32;
  Shape shape;
  void* data = nullptr;
  size_t bytes = 0;
  Storage storage = Storage::kNone;
  bool is_variable = false;

  // Quantization; per-tensor when scales.size() == 1.
  QuantizationInfo quantization;
  // Sparse constant (DENSIFY's input): its layout, verified by the loader
  // only for index ranges; DENSIFY's Prepare checks the rest.
  const schema::SparsityParameters* sparsity = nullptr;

  // Variables (LSTM state) live in persistent memory but change each Invoke.
  bool is_constant() const {
    return storage == Storage::kModel ||
           (storage == Storage::kPersistent && !is_variable);
  }

  template <typename T>
  T* data_as() {
    return static_cast<T*>(data);
  }
  template <typename T>
  const T* data_as() const {
    return static_cast<const T*>(data);
  }
  int64_t NumElements() const { return shape.NumElements(); }
};

}  // namespace liten

#endif  // LITEN_SRC_TENSOR_H_
