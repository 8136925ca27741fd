// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Just enough image handling for the examples and tests: reading the
// uncompressed BMP files of the test data and resizing them to a model's
// input.
#ifndef LITEN_TOOLS_BMP_IMAGE_H_
#define LITEN_TOOLS_BMP_IMAGE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace liten {

// An 8-bit RGB image, rows top first, pixels as R, G, B.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height * 3.
};

// Reads an uncompressed BMP with 24 bits per pixel, or 8 bits through a
// palette. On failure returns false and says why in `error`: the file is
// not trusted, so every size is checked against the bytes read.
bool ReadBmp(const std::string& path, RgbImage* image, std::string* error);

// `image` resized to width x height (both >= 1) the way Coral's tests feed
// their models: TFLite's float RESIZE_BILINEAR with half-pixel centers, each
// value truncated to a byte.
RgbImage ResizeBilinear(const RgbImage& image, int width, int height);

}  // namespace liten

#endif  // LITEN_TOOLS_BMP_IMAGE_H_
