// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// The smallest complete use of liten's C++ API: load a model, fill its
// inputs with zeros, run it, and print the size of each output.
#include <cstdio>
#include <cstring>
#include <memory>

#include "liten/interpreter.h"
#include "liten/model.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s MODEL.tflite\n", argv[0]);
    return 2;
  }
  std::shared_ptr<const liten::Model> model;
  liten::Status status = liten::Model::FromFile(argv[1], &model);

  std::unique_ptr<liten::Interpreter> interpreter;
  if (status.ok()) {
    liten::InterpreterOptions options;
    options.num_threads = 2;
    status = liten::Interpreter::Create(model, options, &interpreter);
  }
  if (status.ok()) status = interpreter->AllocateTensors();
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }

  for (size_t i = 0; i < interpreter->num_inputs(); ++i) {
    liten::TensorView input = interpreter->input(i);
    std::memset(input.data, 0, input.bytes);
  }
  status = interpreter->Invoke();
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  for (size_t i = 0; i < interpreter->num_outputs(); ++i) {
    const liten::TensorView output = interpreter->output(i);
    std::printf("output %zu '%s': %zu bytes of %s\n", i, output.name.c_str(),
                output.bytes, liten::DataTypeName(output.type));
  }
  return 0;
}
