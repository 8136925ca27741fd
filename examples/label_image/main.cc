// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Classifies a BMP image with an image classifier and prints the five most
// likely labels with their scores:
//
//   label_image MODEL.tflite IMAGE.bmp LABELS.txt [--threads N]
//               [--mean M] [--std S]
//
// The image is resized to the model's input; --mean and --std (default
// 127.5 each) normalize the pixels of float models. LABELS.txt has one
// label per line, in the order of the model's scores.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "examples/image_input.h"
#include "liten/interpreter.h"
#include "liten/model.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "label_image: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: %s MODEL.tflite IMAGE.bmp LABELS.txt [--threads N] "
                 "[--mean M] [--std S]\n",
                 argv[0]);
    return 2;
  }
  liten::InterpreterOptions options;
  float mean = 127.5f, std = 127.5f;
  for (int i = 4; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--threads") == 0) {
      options.num_threads = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--mean") == 0) {
      mean = std::strtof(argv[i + 1], nullptr);
    } else if (std::strcmp(argv[i], "--std") == 0) {
      std = std::strtof(argv[i + 1], nullptr);
    } else {
      return Fail(std::string("unknown flag ") + argv[i]);
    }
  }

  std::shared_ptr<const liten::Model> model;
  liten::Status status = liten::Model::FromFile(argv[1], &model);
  std::unique_ptr<liten::Interpreter> interpreter;
  if (status.ok()) {
    status = liten::Interpreter::Create(model, options, &interpreter);
  }
  if (status.ok()) status = interpreter->AllocateTensors();
  if (!status.ok()) return Fail(status.ToString());

  const std::string error =
      liten::SetImageInput(*interpreter, 0, argv[2], mean, std);
  if (!error.empty()) return Fail(error);
  status = interpreter->Invoke();
  if (!status.ok()) return Fail(status.ToString());

  const std::vector<float> scores = liten::OutputAsFloats(*interpreter, 0);
  const std::vector<std::string> labels = liten::ReadLines(argv[3]);
  if (labels.empty()) return Fail(std::string("no labels in ") + argv[3]);
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  const size_t top = std::min<size_t>(5, order.size());
  std::partial_sort(order.begin(), order.begin() + top, order.end(),
                    [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  for (size_t k = 0; k < top; ++k) {
    const size_t c = order[k];
    std::printf("%.6f %s\n", scores[c],
                c < labels.size() ? labels[c].c_str() : "(no label)");
  }
  return 0;
}
