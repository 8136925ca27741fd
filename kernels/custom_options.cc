// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "kernels/custom_options.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace liten {

Status ReadCustomOptionsMap(const NodeContext& context, const char* expected,
                            flexbuffers::Map* map) {
  const flatbuffers::Vector<uint8_t>* bytes = context.op().custom_options();
  const size_t size = bytes != nullptr ? bytes->size() : 0;
  if (size == 0) {
    return context.Error("has no custom options; expected a flexbuffer map "
                         "of %s", expected);
  }
  // The verifier asserts the size limit; the tracker keeps it linear.
  std::vector<uint8_t> reuse_tracker;
  if (size >= FLATBUFFERS_MAX_BUFFER_SIZE ||
      !flexbuffers::VerifyBuffer(bytes->data(), size, &reuse_tracker)) {
    return context.Error("custom options (%zu bytes) are not a valid "
                         "flexbuffer", size);
  }
  const flexbuffers::Reference root = flexbuffers::GetRoot(bytes->data(), size);
  if (!root.IsMap()) {
    return context.Error("custom options are a flexbuffer of type %d; "
                         "expected a map", static_cast<int>(root.GetType()));
  }
  *map = root.AsMap();
  // Flatbuffers 2.0.8's verifier checks only a key's first byte, and
  // lookups compare keys with strcmp: each must end in the buffer.
  const flexbuffers::TypedVector keys = map->Keys();
  const uint8_t* end = bytes->data() + size;
  for (size_t i = 0; i < keys.size(); ++i) {
    const uint8_t* key = reinterpret_cast<const uint8_t*>(keys[i].AsKey());
    if (key >= end || std::find(key, end, 0) == end) {
      return context.Error("custom options: key %zu of the flexbuffer map "
                           "runs past the end of the buffer", i);
    }
  }
  return Status::Ok();
}

Status LookUpNumberOption(const NodeContext& context,
                          const flexbuffers::Map& map, const char* key,
                          bool* found, double* value) {
  const flexbuffers::Reference reference = map[key];
  *found = !reference.IsNull();
  if (!*found) return Status::Ok();
  if (!reference.IsNumeric() && !reference.IsBool()) {
    return context.Error("custom option %s has flexbuffer type %d; expected a "
                         "number", key, static_cast<int>(reference.GetType()));
  }
  *value = reference.AsDouble();
  return Status::Ok();
}

}  // namespace liten
