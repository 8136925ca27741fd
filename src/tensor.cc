// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "src/tensor.h"

#include <limits>
#include <string>

namespace liten {

Shape::Shape(std::initializer_list<int32_t> dims) : Shape(dims.begin(), static_cast<int>(dims.size())) {}

Shape::Shape(const int32_t* dims, int rank) : rank_(rank) {
  for (int i = 0; i < rank; ++i) dims_[i] = dims[i];
}

int64_t Shape::NumElements() const { return FlatSize(0, rank_); }

int64_t Shape::FlatSize(int first, int last) const {
  int64_t size = 1;
  for (int i = first; i < last; ++i) size *= dims_[i];
  return size;
}

bool Shape::operator==(const Shape& other) const {
  if (rank_ != other.rank_) return false;
  for (int i = 0; i < rank_; ++i) {
    if (dims_[i] != other.dims_[i]) return false;
  }
  return true;
}

std::string ShapeToString(const Shape& shape) {
  std::string result = "[";
  for (int i = 0; i < shape.rank(); ++i) {
    if (i > 0) result += ",";
    result += std::to_string(shape.dim(i));
  }
  return result + "]";
}

int64_t CheckedByteSize(const Shape& shape, size_t element_size) {
  // 2^62 bytes leaves headroom for offset arithmetic in the planner.
  constexpr int64_t kLimit = int64_t{1} << 62;
  int64_t bytes = static_cast<int64_t>(element_size);
  for (int i = 0; i < shape.rank(); ++i) {
    const int64_t dim = shape.dim(i);
    if (dim < 0) return -1;
    if (dim != 0 && bytes > kLimit / dim) return -1;
    bytes *= dim;
  }
  return bytes;
}

}  // namespace liten
