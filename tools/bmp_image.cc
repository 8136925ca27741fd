// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/bmp_image.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

namespace liten {
namespace {

uint32_t Read32(const std::vector<uint8_t>& bytes, size_t at) {
  return static_cast<uint32_t>(bytes[at]) |
         static_cast<uint32_t>(bytes[at + 1]) << 8 |
         static_cast<uint32_t>(bytes[at + 2]) << 16 |
         static_cast<uint32_t>(bytes[at + 3]) << 24;
}

uint16_t Read16(const std::vector<uint8_t>& bytes, size_t at) {
  return static_cast<uint16_t>(bytes[at] | bytes[at + 1] << 8);
}

bool Fail(std::string* error, const std::string& path,
          const std::string& why) {
  *error = path + ": " + why;
  return false;
}

}  // namespace

bool ReadBmp(const std::string& path, RgbImage* image, std::string* error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Fail(error, path, "cannot open the file");
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                   std::istreambuf_iterator<char>());
  // The 14-byte file header, then at least the 40-byte BITMAPINFOHEADER.
  if (bytes.size() < 54 || bytes[0] != 'B' || bytes[1] != 'M') {
    return Fail(error, path, "not a BMP file");
  }
  const uint32_t data_offset = Read32(bytes, 10);
  const uint32_t header_size = Read32(bytes, 14);
  const int32_t width = static_cast<int32_t>(Read32(bytes, 18));
  const int32_t signed_height = static_cast<int32_t>(Read32(bytes, 22));
  const uint16_t bits = Read16(bytes, 28);
  const uint32_t compression = Read32(bytes, 30);
  if (header_size < 40 || 14 + static_cast<size_t>(header_size) > bytes.size()) {
    return Fail(error, path, "truncated header");
  }
  if (compression != 0 || (bits != 24 && bits != 8)) {
    return Fail(error, path,
                "only uncompressed 24-bit and 8-bit palette BMPs are read, "
                "this one has " + std::to_string(bits) +
                    " bits per pixel and compression " +
                    std::to_string(compression));
  }
  constexpr int32_t kMaxSide = 1 << 14;
  if (width <= 0 || width > kMaxSide || signed_height == 0 ||
      signed_height > kMaxSide || signed_height < -kMaxSide) {
    return Fail(error, path, "unsupported size " + std::to_string(width) +
                                 " x " + std::to_string(signed_height));
  }
  const size_t height = static_cast<size_t>(std::abs(signed_height));
  const size_t row_bytes = (static_cast<size_t>(width) * bits / 8 + 3) / 4 * 4;
  if (data_offset > bytes.size() ||
      bytes.size() - data_offset < row_bytes * height) {
    return Fail(error, path, "truncated pixel data");
  }
  // The palette (B, G, R, 0 per entry) follows the info header.
  const size_t palette = 14 + static_cast<size_t>(header_size);
  if (bits == 8 && (palette > data_offset || data_offset - palette < 256 * 4)) {
    return Fail(error, path, "the 8-bit image has no full palette");
  }
  image->width = width;
  image->height = static_cast<int>(height);
  image->pixels.resize(height * static_cast<size_t>(width) * 3);
  for (size_t y = 0; y < height; ++y) {
    // A positive height stores the bottom row first.
    const size_t source_row = signed_height > 0 ? height - 1 - y : y;
    const uint8_t* row = &bytes[data_offset + source_row * row_bytes];
    for (int32_t x = 0; x < width; ++x) {
      uint8_t* out = &image->pixels[(y * width + x) * 3];
      const uint8_t* bgr =
          bits == 24 ? row + static_cast<size_t>(x) * 3
                     : &bytes[palette + static_cast<size_t>(row[x]) * 4];
      out[0] = bgr[2];
      out[1] = bgr[1];
      out[2] = bgr[0];
    }
  }
  return true;
}

RgbImage ResizeBilinear(const RgbImage& image, int width, int height) {
  RgbImage out;
  out.width = width;
  out.height = height;
  out.pixels.resize(static_cast<size_t>(width) * height * 3);
  const float scale_x = static_cast<float>(image.width) / width;
  const float scale_y = static_cast<float>(image.height) / height;
  for (int y = 0; y < height; ++y) {
    // TFLite's bilinear weights: the fraction is taken from the clamped
    // lower neighbour, so it only matters where both neighbours coincide.
    const float source_y = (y + 0.5f) * scale_y - 0.5f;
    const int y0 = std::max(static_cast<int>(std::floor(source_y)), 0);
    const int y1 = std::min(static_cast<int>(std::ceil(source_y)),
                            image.height - 1);
    const float dy = source_y - y0;
    for (int x = 0; x < width; ++x) {
      const float source_x = (x + 0.5f) * scale_x - 0.5f;
      const int x0 = std::max(static_cast<int>(std::floor(source_x)), 0);
      const int x1 = std::min(static_cast<int>(std::ceil(source_x)),
                              image.width - 1);
      const float dx = source_x - x0;
      for (int c = 0; c < 3; ++c) {
        const auto at = [&](int yy, int xx) {
          return static_cast<float>(
              image.pixels[(static_cast<size_t>(yy) * image.width + xx) * 3 +
                           c]);
        };
        const float value = at(y0, x0) * (1 - dy) * (1 - dx) +
                            at(y1, x0) * dy * (1 - dx) +
                            at(y0, x1) * (1 - dy) * dx +
                            at(y1, x1) * dy * dx;
        // Truncated, as Coral's and TFLite's example code store the float
        // result of TFLite's resize into bytes.
        out.pixels[(static_cast<size_t>(y) * width + x) * 3 + c] =
            static_cast<uint8_t>(std::min(255.0f, std::max(0.0f, value)));
      }
    }
  }
  return out;
}

}  // namespace liten
