#!/usr/bin/env bash
# Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#
# From a fresh Debian 12 machine to liten running a real model: installs
# what is missing, builds, and runs `liten info` and `liten run` on a
# MediaPipe model from $LITEN_MODELS_DIR (default ../shared/models), or, when
# that folder is absent, on one fetched from the npm registry.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${LITEN_BUILD_DIR:-$root/build}"

bash "$root/tools/install_deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target liten_cli

models="${LITEN_MODELS_DIR:-$root/../shared/models}"
model="$models/npm/hand_landmark_lite.tflite"
if [ ! -f "$model" ]; then
  # @mediapipe/hands ships hand_landmark_lite.tflite in its tarball.
  fetched="$build/models"
  model="$fetched/package/hand_landmark_lite.tflite"
  if [ ! -f "$model" ]; then
    mkdir -p "$fetched"
    tarball="$(cd "$fetched" && npm pack --silent @mediapipe/hands@0.4.1675469240)"
    tar -xzf "$fetched/$tarball" -C "$fetched" package/hand_landmark_lite.tflite
  fi
fi
"$build/liten" info "$model"
"$build/liten" run "$model" --seed 1
