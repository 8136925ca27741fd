// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/random_inputs.h"

#include <algorithm>

namespace liten {

namespace {

template <typename T>
void FillUniformInt(std::mt19937& rng, void* data, size_t count, long long lo,
                    long long hi) {
  std::uniform_int_distribution<long long> distribution(lo, hi);
  T* values = static_cast<T*>(data);
  for (size_t i = 0; i < count; ++i) {
    values[i] = static_cast<T>(distribution(rng));
  }
}

}  // namespace

bool FillRandomInput(std::mt19937& rng, const TensorView& view) {
  const size_t count =
      view.bytes / std::max<size_t>(DataTypeSize(view.type), 1);
  switch (view.type) {
    case DataType::kFloat32: {
      std::uniform_real_distribution<float> distribution(-1.0f, 1.0f);
      float* values = static_cast<float*>(view.data);
      for (size_t i = 0; i < count; ++i) values[i] = distribution(rng);
      return true;
    }
    case DataType::kUInt8:
      FillUniformInt<uint8_t>(rng, view.data, count, 0, 255);
      return true;
    case DataType::kInt8:
      FillUniformInt<int8_t>(rng, view.data, count, -128, 127);
      return true;
    case DataType::kInt16:
      FillUniformInt<int16_t>(rng, view.data, count, -32768, 32767);
      return true;
    case DataType::kInt32:
      FillUniformInt<int32_t>(rng, view.data, count, -100, 100);
      return true;
    case DataType::kInt64:
      FillUniformInt<int64_t>(rng, view.data, count, -100, 100);
      return true;
    case DataType::kBool:
      FillUniformInt<uint8_t>(rng, view.data, count, 0, 1);
      return true;
    default:
      return false;
  }
}

}  // namespace liten
