#!/usr/bin/env bash
# Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#
# Builds and runs liten's whole test suite twice: an optimized build, then a
# build under AddressSanitizer + UndefinedBehaviorSanitizer. Installs missing
# Debian packages first. Model tests read $LITEN_MODELS_DIR (default
# ../shared/models) and skip with a message when it is absent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jobs="$(nproc)"

bash "$root/tools/install_deps.sh"

run_suite() {
  local build="$1"; shift
  cmake -S "$root" -B "$build" "$@" >/dev/null
  cmake --build "$build" -j "$jobs"
  ctest --test-dir "$build" --output-on-failure -j "$jobs"
}

run_suite "$root/build" -DCMAKE_BUILD_TYPE=Release
# Leak checking stays on; sanitizer findings abort the test that hit them.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
run_suite "$root/build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLITEN_SANITIZE=ON
