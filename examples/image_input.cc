// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
#include "examples/image_input.h"

#include <cstdint>
#include <fstream>

#include "tools/bmp_image.h"

namespace liten {

std::string SetImageInput(Interpreter& interpreter, size_t i,
                          const std::string& path, float mean, float std) {
  const TensorView input = interpreter.input(i);
  if (input.shape.size() != 4 || input.shape[0] != 1 || input.shape[3] != 3) {
    return "input " + std::to_string(i) + " is not an image [1, height, " +
           "width, 3]";
  }
  RgbImage image;
  std::string error;
  if (!ReadBmp(path, &image, &error)) return error;
  const RgbImage resized =
      ResizeBilinear(image, input.shape[2], input.shape[1]);
  const std::vector<uint8_t>& pixels = resized.pixels;
  switch (input.type) {
    case DataType::kUInt8: {
      const Status status = interpreter.SetInput(i, pixels.data(),
                                                 pixels.size());
      return status.ok() ? "" : status.ToString();
    }
    case DataType::kInt8: {
      std::vector<int8_t> values(pixels.size());
      for (size_t k = 0; k < pixels.size(); ++k) {
        values[k] = static_cast<int8_t>(pixels[k] - 128);
      }
      const Status status =
          interpreter.SetInput(i, values.data(), values.size());
      return status.ok() ? "" : status.ToString();
    }
    case DataType::kFloat32: {
      std::vector<float> values(pixels.size());
      for (size_t k = 0; k < pixels.size(); ++k) {
        values[k] = (pixels[k] - mean) / std;
      }
      const Status status = interpreter.SetInput(
          i, values.data(), values.size() * sizeof(float));
      return status.ok() ? "" : status.ToString();
    }
    default:
      return std::string("input ") + std::to_string(i) + " has type " +
             DataTypeName(input.type) + "; expected UINT8, INT8 or FLOAT32";
  }
}

std::vector<float> OutputAsFloats(const Interpreter& interpreter, size_t i) {
  const TensorView output = interpreter.output(i);
  std::vector<float> values;
  const float scale = output.quantization.scales.empty()
                          ? 1.0f
                          : output.quantization.scales[0];
  const float zero_point = output.quantization.zero_points.empty()
                               ? 0.0f
                               : output.quantization.zero_points[0];
  switch (output.type) {
    case DataType::kFloat32: {
      const float* data = static_cast<const float*>(output.data);
      values.assign(data, data + output.bytes / sizeof(float));
      break;
    }
    case DataType::kUInt8: {
      const uint8_t* data = static_cast<const uint8_t*>(output.data);
      for (size_t k = 0; k < output.bytes; ++k) {
        values.push_back(scale * (data[k] - zero_point));
      }
      break;
    }
    case DataType::kInt8: {
      const int8_t* data = static_cast<const int8_t*>(output.data);
      for (size_t k = 0; k < output.bytes; ++k) {
        values.push_back(scale * (data[k] - zero_point));
      }
      break;
    }
    default:
      break;
  }
  return values;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  return lines;
}

}  // namespace liten
