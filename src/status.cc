// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include <cstdarg>
#include <cstdio>

#include "liten/status.h"
#include "src/status_util.h"

namespace liten {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid argument";
    case StatusCode::kInvalidModel: return "invalid model";
    case StatusCode::kUnsupported: return "unsupported";
    case StatusCode::kNotFound: return "not found";
    case StatusCode::kFailedPrecondition: return "failed precondition";
    case StatusCode::kInternal: return "internal error";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return std::string();
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

namespace {

std::string VFormat(const char* format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  const int length = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (length <= 0) return std::string();
  std::string result(static_cast<size_t>(length) + 1, '\0');
  std::vsnprintf(&result[0], result.size(), format, args);
  result.resize(static_cast<size_t>(length));
  return result;
}

}  // namespace

std::string StrFormat(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string result = VFormat(format, args);
  va_end(args);
  return result;
}

#define LITEN_DEFINE_ERROR(function, code)      \
  Status function(const char* format, ...) {    \
    va_list args;                               \
    va_start(args, format);                     \
    std::string message = VFormat(format, args); \
    va_end(args);                               \
    return Status(code, std::move(message));    \
  }

LITEN_DEFINE_ERROR(InvalidModelError, StatusCode::kInvalidModel)
LITEN_DEFINE_ERROR(UnsupportedError, StatusCode::kUnsupported)
LITEN_DEFINE_ERROR(InvalidArgumentError, StatusCode::kInvalidArgument)

#undef LITEN_DEFINE_ERROR

}  // namespace liten
