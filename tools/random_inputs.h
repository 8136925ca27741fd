// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Seeded pseudo-random inputs, shared by `liten run` and `liten bench` so
// that the same --seed gives both the same input bytes.
#ifndef LITEN_TOOLS_RANDOM_INPUTS_H_
#define LITEN_TOOLS_RANDOM_INPUTS_H_

#include <random>

#include "liten/interpreter.h"

namespace liten {

// Fills `view` from `rng`: floats uniform in [-1, 1), integers uniform over
// their type's range (int32 and int64: [-100, 100]), bools 0 or 1. False for
// types it cannot fill (float16, ...).
bool FillRandomInput(std::mt19937& rng, const TensorView& view);

}  // namespace liten

#endif  // LITEN_TOOLS_RANDOM_INPUTS_H_
