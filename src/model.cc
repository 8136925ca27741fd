// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "liten/model.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "src/model_internal.h"
#include "src/status_util.h"

namespace liten {

// Owns (or borrows) the bytes of a model.
class ModelStorage {
 public:
  ModelStorage(const uint8_t* data, size_t size, void* mapping)
      : data_(data), size_(size), mapping_(mapping) {}
  ~ModelStorage() {
    if (mapping_ != nullptr) munmap(mapping_, size_);
  }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  const uint8_t* data_;
  size_t size_;
  void* mapping_;  // Null when the caller owns the bytes.
};

Model::Model(std::unique_ptr<ModelStorage> storage)
    : storage_(std::move(storage)) {}
Model::~Model() = default;

const uint8_t* Model::data() const { return storage_->data(); }
size_t Model::size() const { return storage_->size(); }

std::string Model::description() const {
  const flatbuffers::String* description = SchemaModel(*this).description();
  return description == nullptr ? std::string() : description->str();
}

Status Model::FromFile(const std::string& path,
                       std::shared_ptr<const Model>* model) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status(errno == ENOENT ? StatusCode::kNotFound
                                  : StatusCode::kInvalidArgument,
                  StrFormat("cannot open model '%s': %s", path.c_str(),
                            std::strerror(errno)));
  }
  struct stat info;
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    close(fd);
    return InvalidArgumentError("'%s' is not a regular file", path.c_str());
  }
  const size_t size = static_cast<size_t>(info.st_size);
  if (size == 0) {
    close(fd);
    return InvalidModelError("'%s' is empty", path.c_str());
  }
  void* mapping = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int map_errno = errno;
  close(fd);  // The mapping keeps the file alive.
  if (mapping == MAP_FAILED) {
    return InvalidArgumentError("cannot map '%s': %s", path.c_str(),
                                std::strerror(map_errno));
  }
  auto storage = std::make_unique<ModelStorage>(
      static_cast<const uint8_t*>(mapping), size, mapping);
  Status status = VerifyModel(storage->data(), size);
  if (!status.ok()) {
    return Status(status.code(), path + ": " + status.message());
  }
  model->reset(new Model(std::move(storage)));
  return Status::Ok();
}

Status Model::FromBuffer(const void* data, size_t size,
                         std::shared_ptr<const Model>* model) {
  if (data == nullptr || size == 0) {
    return InvalidArgumentError("model buffer is empty");
  }
  if (reinterpret_cast<uintptr_t>(data) % 16 != 0) {
    return InvalidArgumentError(
        "model buffer at %p is not 16-byte aligned; tensor data inside it "
        "would be misaligned", data);
  }
  auto storage = std::make_unique<ModelStorage>(
      static_cast<const uint8_t*>(data), size, nullptr);
  LITEN_RETURN_IF_ERROR(VerifyModel(storage->data(), size));
  model->reset(new Model(std::move(storage)));
  return Status::Ok();
}

}  // namespace liten
