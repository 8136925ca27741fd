// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// OpResolver: finds the kernel for an (op, version) pair.
#ifndef LITEN_SRC_OP_RESOLVER_H_
#define LITEN_SRC_OP_RESOLVER_H_

#include <string>
#include <vector>

#include "src/op_kernel.h"

namespace liten {

class OpResolver {
 public:
  // Registrations are kept by value; custom_name must be a string literal or
  // otherwise outlive the resolver.
  void Add(const OpRegistration& registration);

  // The registration for builtin `code` (or custom op `custom_name` when code
  // is CUSTOM) that covers `version`. On failure returns null and sets
  // `error` to what is missing, e.g. "op version 7 is not supported (liten
  // has versions 1-5)" or "no kernel for this op".
  const OpRegistration* Find(schema::BuiltinOperator code,
                             const std::string& custom_name, int version,
                             std::string* error) const;

 private:
  std::vector<OpRegistration> registrations_;
};

// A resolver holding every builtin kernel liten has.
const OpResolver& BuiltinOpResolver();

}  // namespace liten

#endif  // LITEN_SRC_OP_RESOLVER_H_
