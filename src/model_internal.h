// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// What the interpreter reads of a verified model.
#ifndef LITEN_SRC_MODEL_INTERNAL_H_
#define LITEN_SRC_MODEL_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "liten/model.h"
#include "schema/schema_generated.h"

namespace liten {

struct ByteSpan {
  const uint8_t* data = nullptr;
  size_t size = 0;
};

// The root table. Only valid for a Model that passed VerifyModel.
inline const schema::Model& SchemaModel(const Model& model) {
  return *schema::GetModel(model.data());
}

// Constant data of `tensor`: inline in the FlatBuffer or, for models over
// 2 GiB, at an offset of the file. Empty for tensors without data (buffer 0,
// or a model without a buffers table). The verifier has checked the buffer
// index and both forms against the file's bounds.
ByteSpan TensorBytes(const uint8_t* file, const schema::Model& model,
                     const schema::Tensor& tensor);

// The op's builtin code. Files written before codes outgrew a byte keep it
// in deprecated_builtin_code; newer ones write both (the old field saturated
// at 127), so the larger of the two is the real one.
schema::BuiltinOperator BuiltinCode(const schema::OperatorCode& code);

// "CONV_2D", the custom code for custom ops, or "BUILTIN_<n>" for codes
// outside the enum.
std::string OpName(const schema::OperatorCode& code);

// Runs the FlatBuffers verifier, then liten's semantic checks, on the whole
// file. The message names the field and index of the first problem found.
Status VerifyModel(const uint8_t* data, size_t size);

}  // namespace liten

#endif  // LITEN_SRC_MODEL_INTERNAL_H_
