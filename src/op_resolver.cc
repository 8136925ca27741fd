// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "src/op_resolver.h"

#include <algorithm>

#include "kernels/register.h"
#include "src/status_util.h"

namespace liten {

void OpResolver::Add(const OpRegistration& registration) {
  registrations_.push_back(registration);
}

const OpRegistration* OpResolver::Find(schema::BuiltinOperator code,
                                       const std::string& custom_name,
                                       int version, std::string* error) const {
  const bool custom = code == schema::BuiltinOperator_CUSTOM;
  std::string versions;
  for (const OpRegistration& registration : registrations_) {
    if (registration.builtin != code) continue;
    if (custom && custom_name != registration.custom_name) continue;
    if (version >= registration.min_version &&
        version <= registration.max_version) {
      return &registration;
    }
    if (!versions.empty()) versions += ", ";
    versions += registration.min_version == registration.max_version
                    ? StrFormat("%d", registration.min_version)
                    : StrFormat("%d-%d", registration.min_version,
                                registration.max_version);
  }
  if (versions.empty()) {
    *error = custom ? "liten has no kernel for this custom op"
                    : "liten has no kernel for this op";
  } else {
    *error = StrFormat("op version %d is not supported (liten has version%s %s)",
                       version, versions.find_first_of(",-") == std::string::npos ? "" : "s",
                       versions.c_str());
  }
  return nullptr;
}

const OpResolver& BuiltinOpResolver() {
  static const OpResolver* resolver = [] {
    auto* r = new OpResolver();
    RegisterBuiltinKernels(*r);
    return r;
  }();
  return *resolver;
}

}  // namespace liten
