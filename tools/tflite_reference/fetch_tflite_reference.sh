#!/usr/bin/env bash
# Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#
# Fetches the reference TensorFlow Lite 2.9.0 C library (linux x86-64, with
# the XNNPACK delegate built in) that liten's tests and benchmarks compare
# against. The binary is never committed: the npm package tfjs-tflite-node
# ships a prebuilt copy, so we pull it from the npm registry on demand.
#
# Usage: fetch_tflite_reference.sh DEST_DIR
# Prints the absolute path of DEST_DIR/libtensorflowlite_c.so on success.
# Idempotent, and safe to run concurrently with itself for the same DEST_DIR.

set -euo pipefail

readonly PACKAGE="tfjs-tflite-node@0.0.2"
readonly SO_IN_TARBALL="package/cc_deps/linux_amd64/libtensorflowlite_c.so"
readonly SO_NAME="libtensorflowlite_c.so"
# SHA-256 of the library in that package (TFLite 2.9.0, linux x86-64). liten's
# loader declares C API structs whose layout was checked against exactly this
# binary, so refuse anything else.
readonly SO_SHA256="dc89b4cd86d956516570bd483668e6dd98907f49901d0567dedc69a29a56b7f7"

die() {
  echo "fetch_tflite_reference.sh: error: $*" >&2
  exit 1
}

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 DEST_DIR" >&2
  exit 2
fi

# Fast path first, so that an existing copy needs neither npm nor network.
if [[ -f "$1/${SO_NAME}" ]]; then
  echo "$(cd -- "$1" && pwd)/${SO_NAME}"
  exit 0
fi

command -v npm >/dev/null 2>&1 ||
  die "npm not found on PATH; install Node.js/npm, or download ${PACKAGE} \
and copy ${SO_IN_TARBALL} to $1/${SO_NAME} by hand"
command -v tar >/dev/null 2>&1 || die "tar not found on PATH"

mkdir -p -- "$1" || die "cannot create directory '$1'"
dest_dir="$(cd -- "$1" && pwd)"
dest="${dest_dir}/${SO_NAME}"

# The work directory lives inside DEST_DIR so that the final mv is a rename
# within one file system, which is atomic.
work_dir="$(mktemp -d "${dest_dir}/.fetch_tflite.XXXXXX")"
trap 'rm -rf -- "${work_dir}"' EXIT

if ! (cd -- "${work_dir}" &&
      npm pack --pack-destination "${work_dir}" "${PACKAGE}" \
        >"${work_dir}/npm.log" 2>&1); then
  tail -n 20 "${work_dir}/npm.log" >&2 || true
  die "'npm pack ${PACKAGE}' failed (is the npm registry reachable?)"
fi

shopt -s nullglob
tarballs=("${work_dir}"/*.tgz)
shopt -u nullglob
[[ ${#tarballs[@]} -eq 1 ]] ||
  die "expected one tarball from npm pack in ${work_dir}, found ${#tarballs[@]}"

tar -xzf "${tarballs[0]}" -C "${work_dir}" "${SO_IN_TARBALL}" ||
  die "${SO_IN_TARBALL} not found in ${tarballs[0]}"

extracted="${work_dir}/${SO_IN_TARBALL}"
[[ -s "${extracted}" ]] || die "extracted ${SO_IN_TARBALL} is empty"
if command -v sha256sum >/dev/null 2>&1; then
  actual_sha256="$(sha256sum "${extracted}" | cut -d' ' -f1)"
  [[ "${actual_sha256}" == "${SO_SHA256}" ]] ||
    die "unexpected SHA-256 ${actual_sha256} for ${SO_IN_TARBALL} \
(expected ${SO_SHA256})"
fi
chmod 0755 "${extracted}"

# Rename into place. A concurrent run may have won the race; either copy is
# identical, and rename(2) replaces the target atomically, so readers never
# see a partially written file.
mv -f -- "${extracted}" "${dest}"
echo "${dest}"
