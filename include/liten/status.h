// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Status: how every liten call reports failure. No liten function throws; a
// call that can fail returns a Status, and a failed Status carries a message
// that names what is wrong and where (file offset, tensor, node, op).
#ifndef LITEN_STATUS_H_
#define LITEN_STATUS_H_

#include <string>
#include <utility>

namespace liten {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // The caller passed something wrong (size, index, name).
  kInvalidModel,     // The model file is malformed or inconsistent.
  kUnsupported,      // The model is valid, but liten cannot run it.
  kNotFound,         // A file or name does not exist.
  kFailedPrecondition,  // A call out of order (Invoke before AllocateTensors).
  kInternal,         // A liten bug or an out-of-memory condition.
};

class Status {
 public:
  Status() = default;  // OK.
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid model: subgraph 0, operator 3 (CONV_2D): ...". Empty when ok().
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

const char* StatusCodeName(StatusCode code);

}  // namespace liten

#endif  // LITEN_STATUS_H_
