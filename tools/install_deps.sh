#!/usr/bin/env bash
# Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#
# Installs the Debian 12 packages liten needs, if any are missing.
set -euo pipefail

packages=(cmake make g++ flatbuffers-compiler libflatbuffers-dev libxnnpack-dev
          libpthreadpool-dev libcpuinfo-dev libgtest-dev libgmock-dev
          libbenchmark-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$package")
done
# The TFLite reference library comes from the npm registry; any npm will do.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "liten: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
