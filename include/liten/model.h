// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Model: a verified, read-only .tflite file.
//
// The file is untrusted input. Every load runs the FlatBuffers verifier and
// then liten's own semantic checks (indices in range, constant sizes matching
// shapes, a valid execution order, ...); there is no unverified path. Weights
// are read in place from the mapped file or the caller's buffer: nothing is
// copied at load.
//
// A Model is immutable after loading and may be shared by any number of
// interpreters on any number of threads. It must outlive every interpreter
// built from it, which std::shared_ptr arranges.
#ifndef LITEN_MODEL_H_
#define LITEN_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "liten/status.h"

namespace liten {

class ModelStorage;

class Model {
 public:
  // Maps `path` read-only and verifies it.
  static Status FromFile(const std::string& path,
                         std::shared_ptr<const Model>* model);

  // Verifies `data` in place. The caller keeps `data` alive and unchanged for
  // the lifetime of the model. FlatBuffers needs `data` aligned to at least 16
  // bytes for tensors with 16-byte-aligned buffers; misaligned data is
  // rejected with an error rather than read unaligned.
  static Status FromBuffer(const void* data, size_t size,
                           std::shared_ptr<const Model>* model);

  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // The raw, verified FlatBuffer bytes.
  const uint8_t* data() const;
  size_t size() const;

  // The `description` string of the file, or "".
  std::string description() const;

 private:
  explicit Model(std::unique_ptr<ModelStorage> storage);
  std::unique_ptr<ModelStorage> storage_;
};

}  // namespace liten

#endif  // LITEN_MODEL_H_
