// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// What the image examples share: reading a BMP into a model's image input
// and reading outputs back as floats.
#ifndef LITEN_EXAMPLES_IMAGE_INPUT_H_
#define LITEN_EXAMPLES_IMAGE_INPUT_H_

#include <string>
#include <vector>

#include "liten/interpreter.h"

namespace liten {

// Reads the BMP at `path`, resizes it to input `i` ([1, height, width, 3])
// and writes it there the way TFLite's image examples do: UINT8 takes the
// pixels as they are, INT8 the pixels minus 128, FLOAT32 (pixel - mean) /
// std. Returns an error message, empty on success.
std::string SetImageInput(Interpreter& interpreter, size_t i,
                          const std::string& path, float mean, float std);

// Output `i` as floats: FLOAT32 as is, UINT8 and INT8 dequantized with the
// tensor's scale and zero point.
std::vector<float> OutputAsFloats(const Interpreter& interpreter, size_t i);

// The lines of a text file; empty when it cannot be read.
std::vector<std::string> ReadLines(const std::string& path);

}  // namespace liten

#endif  // LITEN_EXAMPLES_IMAGE_INPUT_H_
