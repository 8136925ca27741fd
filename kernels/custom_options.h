// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Custom ops (TFLite_Detection_PostProcess, Coral's PosenetDecoderOp) take
// their options as a flexbuffer map, which TFLite and Coral read without
// verifying. The bytes come from the model, so liten verifies them first.
#ifndef LITEN_KERNELS_CUSTOM_OPTIONS_H_
#define LITEN_KERNELS_CUSTOM_OPTIONS_H_

#include "flatbuffers/flexbuffers.h"
#include "liten/status.h"
#include "src/op_kernel.h"

namespace liten {

// Verifies the node's custom options as a flexbuffer map whose every key
// ends inside the buffer, and points `map` at it. `expected` says what the
// map should hold, for the message when the options are absent.
Status ReadCustomOptionsMap(const NodeContext& context, const char* expected,
                            flexbuffers::Map* map);

// Looks up `key`: `*found` is false when it is absent or null. A value that
// is neither a number nor a bool is an error naming the key (TFLite would
// parse a string as a number, which no converter writes).
Status LookUpNumberOption(const NodeContext& context,
                          const flexbuffers::Map& map, const char* key,
                          bool* found, double* value);

}  // namespace liten

#endif  // LITEN_KERNELS_CUSTOM_OPTIONS_H_
