// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal helpers for building and forwarding Status values.
#ifndef LITEN_SRC_STATUS_UTIL_H_
#define LITEN_SRC_STATUS_UTIL_H_

#include <string>

#include "liten/status.h"

namespace liten {

// printf-style message formatting; messages are short, so a std::string
// result is cheap enough everywhere a Status is built.
std::string StrFormat(const char* format, ...)
    __attribute__((format(printf, 1, 2)));

Status InvalidModelError(const char* format, ...)
    __attribute__((format(printf, 1, 2)));
Status UnsupportedError(const char* format, ...)
    __attribute__((format(printf, 1, 2)));
Status InvalidArgumentError(const char* format, ...)
    __attribute__((format(printf, 1, 2)));

}  // namespace liten

#define LITEN_RETURN_IF_ERROR(expr)              \
  do {                                           \
    ::liten::Status liten_status_ = (expr);      \
    if (!liten_status_.ok()) return liten_status_; \
  } while (0)

#endif  // LITEN_SRC_STATUS_UTIL_H_
