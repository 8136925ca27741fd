// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// DENSIFY, run through the loader and interpreter. The tests sparsify random
// dense tensors themselves (CSR in several dims, with and without blocks) and
// expect the dense tensor back; malformed layouts must fail in Prepare; and
// every sparse weight of the real sparse models must densify as a plain
// recursive reading of the format says.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "tests/kernels/kernel_test_util.h"
#include "tests/model_builder.h"
#include "tests/model_test_util.h"

namespace liten {
namespace testing {
namespace {

constexpr schema::DimensionType kDense = schema::DimensionType_DENSE;
constexpr schema::DimensionType kCsr = schema::DimensionType_SPARSE_CSR;

// How to sparsify: the TFLite layout parameters, per traversed level.
struct Layout {
  std::vector<int32_t> shape;
  std::vector<int32_t> traversal_order;
  std::vector<int32_t> block_map;
  std::vector<int32_t> block_sizes;  // One per block_map entry.
  std::vector<schema::DimensionType> formats;
  schema::SparseIndexVector index_type = schema::SparseIndexVector_Int32Vector;
};

void PrintTo(const Layout& layout, std::ostream* os) {
  *os << "shape " << ::testing::PrintToString(layout.shape) << " order "
      << ::testing::PrintToString(layout.traversal_order) << " blocks "
      << ::testing::PrintToString(layout.block_map) << " of "
      << ::testing::PrintToString(layout.block_sizes);
}

schema::SparseIndexVectorUnion IndexVector(schema::SparseIndexVector type,
                                           const std::vector<int32_t>& values) {
  schema::SparseIndexVectorUnion vector;
  if (type == schema::SparseIndexVector_Uint8Vector) {
    schema::Uint8VectorT table;
    table.values.assign(values.begin(), values.end());
    vector.Set(std::move(table));
  } else if (type == schema::SparseIndexVector_Uint16Vector) {
    schema::Uint16VectorT table;
    table.values.assign(values.begin(), values.end());
    vector.Set(std::move(table));
  } else {
    schema::Int32VectorT table;
    table.values = values;
    vector.Set(std::move(table));
  }
  return vector;
}

// A dense tensor in TFLite's sparse format, built the way the format is
// defined: a sparse level keeps the indices whose subtree holds a nonzero, a
// dense level keeps all, and the stored values are the leaves in traversal
// order.
template <typename T>
class Sparsifier {
 public:
  Sparsifier(const Layout& layout, const std::vector<T>& dense)
      : layout_(layout), dense_(dense) {
    const int rank = static_cast<int>(layout.shape.size());
    const int levels = static_cast<int>(layout.traversal_order.size());
    block_of_.assign(rank, 1);
    for (size_t b = 0; b < layout.block_map.size(); ++b) {
      block_of_[layout.block_map[b]] = layout.block_sizes[b];
    }
    sizes_.resize(levels);
    for (int l = 0; l < levels; ++l) {
      const int dim = layout.traversal_order[l];
      sizes_[l] = dim < rank ? layout.shape[dim] / block_of_[dim]
                             : layout.block_sizes[dim - rank];
    }
    segments_.assign(levels, {0});
    indices_.assign(levels, {});
    index_.assign(levels, 0);
    Visit(0);
  }

  std::unique_ptr<schema::SparsityParametersT> Parameters() const {
    auto sparsity = std::make_unique<schema::SparsityParametersT>();
    sparsity->traversal_order = layout_.traversal_order;
    sparsity->block_map = layout_.block_map;
    for (size_t l = 0; l < sizes_.size(); ++l) {
      auto metadata = std::make_unique<schema::DimensionMetadataT>();
      metadata->format = layout_.formats[l];
      if (layout_.formats[l] == kDense) {
        metadata->dense_size = sizes_[l];
      } else {
        metadata->array_segments =
            IndexVector(layout_.index_type, segments_[l]);
        metadata->array_indices = IndexVector(layout_.index_type, indices_[l]);
      }
      sparsity->dim_metadata.push_back(std::move(metadata));
    }
    return sparsity;
  }

  const std::vector<T>& values() const { return values_; }

 private:
  // Dense offset of the element that `index_` addresses.
  int64_t DenseOffset() const {
    const int rank = static_cast<int>(layout_.shape.size());
    std::vector<int64_t> coordinate(rank, 0);
    for (size_t l = 0; l < index_.size(); ++l) {
      const int dim = layout_.traversal_order[l];
      if (dim < rank) {
        coordinate[dim] += static_cast<int64_t>(index_[l]) * block_of_[dim];
      } else {
        coordinate[layout_.block_map[dim - rank]] += index_[l];
      }
    }
    int64_t offset = 0;
    for (int d = 0; d < rank; ++d) {
      offset = offset * layout_.shape[d] + coordinate[d];
    }
    return offset;
  }

  bool SubtreeHasNonzero(size_t level) {
    if (level == sizes_.size()) return dense_[DenseOffset()] != T(0);
    for (index_[level] = 0; index_[level] < sizes_[level]; ++index_[level]) {
      if (SubtreeHasNonzero(level + 1)) return true;
    }
    return false;
  }

  void Visit(size_t level) {
    if (level == sizes_.size()) {
      values_.push_back(dense_[DenseOffset()]);
      return;
    }
    for (int32_t i = 0; i < sizes_[level]; ++i) {
      index_[level] = i;
      if (layout_.formats[level] == kCsr) {
        if (!SubtreeHasNonzero(level + 1)) continue;
        indices_[level].push_back(i);
      }
      Visit(level + 1);
    }
    if (layout_.formats[level] == kCsr) {
      segments_[level].push_back(static_cast<int32_t>(indices_[level].size()));
    }
  }

  const Layout& layout_;
  const std::vector<T>& dense_;
  std::vector<int32_t> block_of_;  // Block size per tensor dim.
  std::vector<int32_t> sizes_;     // Index range per level.
  std::vector<std::vector<int32_t>> segments_;
  std::vector<std::vector<int32_t>> indices_;
  std::vector<int32_t> index_;  // The current index at every level.
  std::vector<T> values_;
};

// The densified tensor as the format defines it, read recursively from the
// flatbuffer's own tables (for the real models' weights).
template <typename T>
std::vector<T> NaiveDensify(const std::vector<int32_t>& shape,
                            const schema::SparsityParametersT& sparsity,
                            const T* values) {
  const int rank = static_cast<int>(shape.size());
  const int levels = static_cast<int>(sparsity.traversal_order.size());
  auto read = [](const schema::SparseIndexVectorUnion& u, size_t i) -> int64_t {
    if (u.AsUint8Vector()) return u.AsUint8Vector()->values[i];
    if (u.AsUint16Vector()) return u.AsUint16Vector()->values[i];
    return u.AsInt32Vector()->values[i];
  };
  std::vector<int64_t> block_of(rank, 1);
  for (size_t b = 0; b < sparsity.block_map.size(); ++b) {
    for (int l = 0; l < levels; ++l) {
      if (sparsity.traversal_order[l] == rank + static_cast<int>(b)) {
        block_of[sparsity.block_map[b]] = sparsity.dim_metadata[l]->dense_size;
      }
    }
  }
  std::vector<T> dense(ElementCount(shape), T(0));
  std::vector<int64_t> index(levels);
  int64_t next_value = 0;
  std::function<void(int, int64_t)> visit = [&](int l, int64_t position) {
    if (l == levels) {
      std::vector<int64_t> coordinate(rank, 0);
      for (int k = 0; k < levels; ++k) {
        const int dim = sparsity.traversal_order[k];
        if (dim < rank) {
          coordinate[dim] += index[k] * block_of[dim];
        } else {
          coordinate[sparsity.block_map[dim - rank]] += index[k];
        }
      }
      int64_t offset = 0;
      for (int d = 0; d < rank; ++d) offset = offset * shape[d] + coordinate[d];
      dense[offset] = values[next_value++];
      return;
    }
    const schema::DimensionMetadataT& metadata = *sparsity.dim_metadata[l];
    if (metadata.format == kDense) {
      for (int32_t i = 0; i < metadata.dense_size; ++i) {
        index[l] = i;
        visit(l + 1, position * metadata.dense_size + i);
      }
      return;
    }
    for (int64_t j = read(metadata.array_segments, position);
         j < read(metadata.array_segments, position + 1); ++j) {
      index[l] = read(metadata.array_indices, j);
      visit(l + 1, j);
    }
  };
  visit(0, 0);
  return dense;
}

// Attaches `sparsity` to tensor `tensor` of a built model.
std::vector<uint8_t> WithSparsity(
    const std::vector<uint8_t>& bytes, int tensor,
    std::unique_ptr<schema::SparsityParametersT> sparsity) {
  std::unique_ptr<schema::ModelT> model = schema::UnPackModel(bytes.data());
  model->subgraphs[0]->tensors[tensor]->sparsity = std::move(sparsity);
  flatbuffers::FlatBufferBuilder fbb;
  schema::FinishModelBuffer(fbb, schema::Model::Pack(fbb, model.get()));
  return std::vector<uint8_t>(fbb.GetBufferPointer(),
                              fbb.GetBufferPointer() + fbb.GetSize());
}

// A DENSIFY model of a constant input (tensor 0) holding `values`, with
// `sparsity` attached to it when not null. The output is tensor 1.
template <typename T>
std::vector<uint8_t> BuildDensify(
    DataType type, const std::vector<int32_t>& shape,
    const std::vector<T>& values,
    std::unique_ptr<schema::SparsityParametersT> sparsity,
    DataType output_type) {
  ModelBuilder builder;
  const int in = builder.AddConstant(type, shape, values);
  const int out = builder.AddTensor(output_type, {});
  std::vector<uint8_t> bytes = FinishSingleOpModel(
      builder, schema::BuiltinOperator_DENSIFY, {in}, {out}, {});
  if (sparsity == nullptr) return bytes;
  return WithSparsity(bytes, in, std::move(sparsity));
}

template <typename T>
std::vector<T> RunDensify(
    DataType type, const std::vector<int32_t>& shape,
    const std::vector<T>& values,
    std::unique_ptr<schema::SparsityParametersT> sparsity) {
  std::vector<T> output;
  RunModel(BuildDensify(type, shape, values, std::move(sparsity), type), {},
           shape, &output);
  return output;
}

// About 60% zeros, so that whole rows and blocks are often empty.
template <typename T>
std::vector<T> RandomSparse(int64_t n, std::mt19937& rng,
                            const std::function<T(std::mt19937&)>& nonzero) {
  std::bernoulli_distribution keep(0.4);
  std::vector<T> values(n, T(0));
  for (T& v : values) {
    if (keep(rng)) v = nonzero(rng);
  }
  return values;
}

class DensifyTest : public ::testing::TestWithParam<Layout> {};

TEST_P(DensifyTest, Float32RoundTrip) {
  const Layout& layout = GetParam();
  std::mt19937 rng(2024);
  std::uniform_real_distribution<float> dist(0.5f, 4.0f);
  const std::vector<float> dense =
      RandomSparse<float>(ElementCount(layout.shape), rng,
                        [&dist](std::mt19937& r) { return dist(r); });
  const Sparsifier<float> sparse(layout, dense);
  EXPECT_EQ(RunDensify(DataType::kFloat32, layout.shape, sparse.values(),
                       sparse.Parameters()),
            dense);
}

// FLOAT16 data is moved as bits; -0 is avoided because TFLite's sparsifier
// treats it as zero.
TEST_P(DensifyTest, Float16RoundTrip) {
  const Layout& layout = GetParam();
  std::mt19937 rng(99);
  std::uniform_int_distribution<uint16_t> bits(1, 0x7bff);
  const std::vector<uint16_t> dense =
      RandomSparse<uint16_t>(ElementCount(layout.shape), rng,
                             [&bits](std::mt19937& r) { return bits(r); });
  const Sparsifier<uint16_t> sparse(layout, dense);
  EXPECT_EQ(RunDensify(DataType::kFloat16, layout.shape, sparse.values(),
                       sparse.Parameters()),
            dense);
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, DensifyTest,
    ::testing::Values(
        Layout{{13}, {0}, {}, {}, {kCsr}}, Layout{{1}, {0}, {}, {}, {kDense}},
        Layout{{3, 13}, {0, 1}, {}, {}, {kDense, kCsr}},
        Layout{{3, 13},
               {0, 1},
               {},
               {},
               {kCsr, kCsr},
               schema::SparseIndexVector_Uint8Vector},
        Layout{{3, 13},
               {0, 1},
               {},
               {},
               {kCsr, kDense},
               schema::SparseIndexVector_Uint16Vector},
        Layout{{3, 13}, {1, 0}, {}, {}, {kDense, kCsr}},
        Layout{{1, 3, 13}, {0, 1, 2}, {}, {}, {kCsr, kDense, kCsr}},
        Layout{{2, 1, 3, 13},
               {0, 1, 2, 3},
               {},
               {},
               {kDense, kDense, kDense, kCsr},
               schema::SparseIndexVector_Uint8Vector},
        Layout{{3, 2, 5, 7},
               {3, 1, 0, 2},
               {},
               {},
               {kDense, kCsr, kCsr, kCsr},
               schema::SparseIndexVector_Uint16Vector},
        // Blocks, as TFLite's block-sparse FULLY_CONNECTED weights use.
        Layout{{4, 6}, {0, 1, 2}, {1}, {2}, {kDense, kCsr, kDense}},
        Layout{{13, 8},
               {0, 1, 2},
               {1},
               {4},
               {kDense, kCsr, kDense},
               schema::SparseIndexVector_Uint8Vector},
        Layout{{4, 6},
               {0, 1, 2, 3},
               {0, 1},
               {2, 3},
               {kDense, kCsr, kDense, kDense}},
        Layout{
            {6, 4}, {1, 0, 3, 2}, {0, 1}, {3, 2}, {kCsr, kCsr, kDense, kDense}},
        Layout{
            {2, 6, 3}, {0, 1, 2, 3}, {1}, {3}, {kDense, kCsr, kCsr, kDense}}));

// The real sparse models' weights: every DENSIFY input in them must pass
// Prepare and densify as NaiveDensify reads it.
class DensifyModelTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DensifyModelTest, WeightsMatchNaiveReading) {
  const std::string path = ModelPath("npm/" + GetParam());
  if (path.empty()) {
    GTEST_SKIP() << "npm/" << GetParam() << " not found under "
                 << "$LITEN_MODELS_DIR=" << ModelsDir();
  }
  std::ifstream file(path, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                   std::istreambuf_iterator<char>());
  std::unique_ptr<schema::ModelT> model = schema::UnPackModel(bytes.data());
  const schema::SubGraphT& subgraph = *model->subgraphs[0];
  int densified = 0;
  for (const auto& op : subgraph.operators) {
    if (model->operator_codes[op->opcode_index]->builtin_code !=
        schema::BuiltinOperator_DENSIFY) {
      continue;
    }
    const schema::TensorT& tensor = *subgraph.tensors[op->inputs[0]];
    ASSERT_NE(tensor.sparsity, nullptr);
    ASSERT_EQ(tensor.type, schema::TensorType_FLOAT16);
    const std::vector<uint8_t>& data = model->buffers[tensor.buffer]->data;
    std::vector<uint16_t> values(data.size() / 2);
    std::memcpy(values.data(), data.data(), values.size() * 2);
    EXPECT_EQ(RunDensify(DataType::kFloat16, tensor.shape, values,
                         std::make_unique<schema::SparsityParametersT>(
                             *tensor.sparsity)),
              NaiveDensify(tensor.shape, *tensor.sparsity, values.data()))
        << "tensor " << tensor.name;
    ++densified;
  }
  EXPECT_GT(densified, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Models, DensifyModelTest,
    ::testing::Values("face_detection_full_range_sparse.tflite",
                      "pose_detection.tflite"));

// The valid layout the error cases start from: [3, 5], rows dense, columns
// CSR, with the stored values {1, 2, 3, 4} at (0,1), (0,4), (2,0), (2,2).
std::unique_ptr<schema::SparsityParametersT> ValidSparsity() {
  const Layout layout{{3, 5}, {0, 1}, {}, {}, {kDense, kCsr}};
  const std::vector<float> dense = {0, 1, 0, 0, 2, 0, 0, 0,
                                    0, 0, 3, 0, 4, 0, 0};
  return Sparsifier<float>(layout, dense).Parameters();
}

std::vector<int32_t>& Segments(schema::SparsityParametersT& s, int level) {
  return s.dim_metadata[level]->array_segments.AsInt32Vector()->values;
}

std::vector<int32_t>& Indices(schema::SparsityParametersT& s, int level) {
  return s.dim_metadata[level]->array_indices.AsInt32Vector()->values;
}

struct DensifyErrorCase {
  std::string name;
  std::function<void(schema::SparsityParametersT&)> edit;
  std::string message;
  int stored_values = 4;
};

class DensifyErrorTest : public ::testing::TestWithParam<DensifyErrorCase> {};

TEST_P(DensifyErrorTest, PrepareFails) {
  const DensifyErrorCase& c = GetParam();
  std::unique_ptr<schema::SparsityParametersT> sparsity = ValidSparsity();
  c.edit(*sparsity);
  const std::vector<float> values(c.stored_values, 1.0f);
  ExpectBuildFails(BuildDensify(DataType::kFloat32, {3, 5}, values,
                                std::move(sparsity), DataType::kFloat32),
                   c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DensifyErrorTest,
    ::testing::Values(
        DensifyErrorCase{"TooFewStoredValues",
                         [](schema::SparsityParametersT&) {},
                         "the layout addresses 4 values, but the buffer holds "
                         "12 bytes of FLOAT32",
                         3},
        DensifyErrorCase{
            "IndexPastDim",
            [](schema::SparsityParametersT& s) { Indices(s, 1)[1] = 5; },
            "node 0 (DENSIFY): input 0 (tensor 0) sparsity: dim_metadata[1] "
            "array_indices[1] = 5 is outside the dim's size 5"},
        DensifyErrorCase{
            "NegativeIndex",
            [](schema::SparsityParametersT& s) { Indices(s, 1)[0] = -1; },
            "array_indices[0] = -1 is outside"},
        DensifyErrorCase{"DecreasingSegments",
                         [](schema::SparsityParametersT& s) {
                           Segments(s, 1) = {0, 3, 2, 4};
                         },
                         "dim_metadata[1] array_segments decrease at 2"},
        DensifyErrorCase{"SegmentsPastIndices",
                         [](schema::SparsityParametersT& s) {
                           Segments(s, 1) = {0, 2, 2, 5};
                         },
                         "array_segments must run from 0 to 4"},
        DensifyErrorCase{"SegmentsNotFromZero",
                         [](schema::SparsityParametersT& s) {
                           Segments(s, 1) = {1, 2, 2, 4};
                         },
                         "they run from 1 to 4"},
        DensifyErrorCase{"TooFewSegments",
                         [](schema::SparsityParametersT& s) {
                           Segments(s, 1) = {0, 2, 4};
                         },
                         "dim_metadata[1] has 3 array_segments; expected 4"},
        DensifyErrorCase{"MissingIndices",
                         [](schema::SparsityParametersT& s) {
                           s.dim_metadata[1]->array_indices.Reset();
                         },
                         "dim_metadata[1] is SPARSE_CSR but lacks "
                         "array_segments or array_indices"},
        DensifyErrorCase{"WrongDenseSize",
                         [](schema::SparsityParametersT& s) {
                           s.dim_metadata[0]->dense_size = 4;
                         },
                         "dim_metadata[0] has dense_size 4; the dim it "
                         "traverses has size 3"},
        DensifyErrorCase{"UnknownFormat",
                         [](schema::SparsityParametersT& s) {
                           s.dim_metadata[0]->format =
                               static_cast<schema::DimensionType>(7);
                         },
                         "dim_metadata[0] has unknown format 7"},
        DensifyErrorCase{"RepeatedTraversalDim",
                         [](schema::SparsityParametersT& s) {
                           s.traversal_order = {0, 0};
                         },
                         "traversal_order[1] = 0"},
        DensifyErrorCase{"TraversalDimOutOfRange",
                         [](schema::SparsityParametersT& s) {
                           s.traversal_order = {0, 9};
                         },
                         "traversal_order[1] = 9"},
        DensifyErrorCase{
            "TooFewMetadata",
            [](schema::SparsityParametersT& s) { s.dim_metadata.pop_back(); },
            "needs 2 traversal_order and dim_metadata entries; it has 2 and 1"},
        DensifyErrorCase{
            "BlockMapWithoutBlockLevel",
            [](schema::SparsityParametersT& s) { s.block_map = {1}; },
            "needs 3 traversal_order"},
        DensifyErrorCase{
            "BlockNotDividingDim",
            [](schema::SparsityParametersT& s) {
              s.block_map = {1};
              s.traversal_order = {0, 1, 2};
              auto block = std::make_unique<schema::DimensionMetadataT>();
              block->dense_size = 2;
              s.dim_metadata.push_back(std::move(block));
            },
            "block dim 0 has size 2, which does not divide dim 1 of size 5"},
        DensifyErrorCase{"SparseBlock",
                         [](schema::SparsityParametersT& s) {
                           s.block_map = {1};
                           s.traversal_order = {0, 1, 2};
                           auto block =
                               std::make_unique<schema::DimensionMetadataT>(
                                   *s.dim_metadata[1]);
                           s.dim_metadata.push_back(std::move(block));
                         },
                         "block dim 0 is not DENSE"},
        DensifyErrorCase{"BlockMapOutOfOrder",
                         [](schema::SparsityParametersT& s) {
                           s.block_map = {1, 0};
                           s.traversal_order = {0, 1, 2, 3};
                           for (int b = 0; b < 2; ++b) {
                             auto block =
                                 std::make_unique<schema::DimensionMetadataT>();
                             block->dense_size = 1;
                             s.dim_metadata.push_back(std::move(block));
                           }
                         },
                         "block_map[1] = 0; entries must be increasing"}),
    CaseName());

// Inputs Prepare rejects before it reads the layout: tensor 0 holds four
// values under ValidSparsity(), or all 15 without sparsity.
struct DensifyInputCase {
  std::string name;
  DataType type;
  bool sparse;
  DataType output_type;
  std::string message;
};

class DensifyInputTest : public ::testing::TestWithParam<DensifyInputCase> {};

TEST_P(DensifyInputTest, PrepareFails) {
  const DensifyInputCase& c = GetParam();
  // FLOAT32 and INT32 elements have the same size, so float bytes serve both.
  const std::vector<float> values(c.sparse ? 4 : 15, 1.0f);
  ExpectBuildFails(BuildDensify(c.type, {3, 5}, values,
                                c.sparse ? ValidSparsity() : nullptr,
                                c.output_type),
                   c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DensifyInputTest,
    ::testing::Values(
        DensifyInputCase{"MissingSparsity", DataType::kFloat32, false,
                         DataType::kFloat32,
                         "input 0 (tensor 0) has no sparsity parameters"},
        DensifyInputCase{
            "OutputOfAnotherType", DataType::kFloat32, true, DataType::kFloat16,
            "output 0 (tensor 1) has type FLOAT16; expected FLOAT32"},
        DensifyInputCase{
            "Int32", DataType::kInt32, true, DataType::kInt32,
            "input 0 (tensor 0) has type INT32; expected FLOAT32 or FLOAT16"}),
    CaseName());

TEST(DensifyGraphTest, RejectsNonConstantInput) {
  ModelBuilder builder;
  const int in = builder.AddTensor(DataType::kFloat32, {3, 5});
  const int out = builder.AddTensor(DataType::kFloat32, {});
  ExpectBuildFails(FinishSingleOpModel(builder, schema::BuiltinOperator_DENSIFY,
                                       {in}, {out}, {in}),
                   "input 0 (tensor 0) must be a constant tensor");
}

}  // namespace
}  // namespace testing
}  // namespace liten
