// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// Runs an SSD detector that ends in TFLite_Detection_PostProcess on a BMP
// image and prints each detection: label, score and box (normalized ymin,
// xmin, ymax, xmax):
//
//   detect MODEL.tflite IMAGE.bmp LABELS.txt [--threads N] [--threshold T]
//
// Detections scoring below --threshold (default 0.4) are left out.
// LABELS.txt has one label per line, indexed by the model's class ids.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "examples/image_input.h"
#include "liten/interpreter.h"
#include "liten/model.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "detect: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: %s MODEL.tflite IMAGE.bmp LABELS.txt [--threads N] "
                 "[--threshold T]\n",
                 argv[0]);
    return 2;
  }
  liten::InterpreterOptions options;
  float threshold = 0.4f;
  for (int i = 4; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--threads") == 0) {
      options.num_threads = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--threshold") == 0) {
      threshold = std::strtof(argv[i + 1], nullptr);
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
  if (interpreter->num_outputs() != 4) {
    return Fail("expected the 4 outputs of TFLite_Detection_PostProcess "
                "(boxes, classes, scores, count)");
  }

  const std::string error =
      liten::SetImageInput(*interpreter, 0, argv[2], 127.5f, 127.5f);
  if (!error.empty()) return Fail(error);
  status = interpreter->Invoke();
  if (!status.ok()) return Fail(status.ToString());

  const std::vector<float> boxes = liten::OutputAsFloats(*interpreter, 0);
  const std::vector<float> classes = liten::OutputAsFloats(*interpreter, 1);
  const std::vector<float> scores = liten::OutputAsFloats(*interpreter, 2);
  const std::vector<float> count = liten::OutputAsFloats(*interpreter, 3);
  const std::vector<std::string> labels = liten::ReadLines(argv[3]);
  const size_t detections =
      count.empty() ? 0 : static_cast<size_t>(std::max(0.0f, count[0]));
  for (size_t d = 0; d < detections && d < scores.size() &&
                     d < classes.size() && 4 * d + 3 < boxes.size();
       ++d) {
    if (scores[d] < threshold) continue;
    const size_t c = static_cast<size_t>(std::max(0.0f, classes[d]));
    std::printf("%-16s score %.3f box [%.3f, %.3f, %.3f, %.3f]\n",
                c < labels.size() ? labels[c].c_str() : "(no label)",
                scores[d], boxes[4 * d], boxes[4 * d + 1], boxes[4 * d + 2],
                boxes[4 * d + 3]);
  }
  return 0;
}
