// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
//
// A thin C++ wrapper around the TensorFlow Lite 2.9.0 C API, used by liten's
// tests and benchmarks to compare liten against TFLite itself.
//
// The TFLite C library is loaded with dlopen() at run time instead of being
// linked, so that:
//   * liten builds and its other tests pass on machines without the binary
//     (tests that need it can skip when Load() fails);
//   * no TFLite headers or build system are needed: the handful of C API
//     entry points used are declared privately in tflite_reference.cc;
//   * the library's symbols stay out of the global namespace (RTLD_LOCAL), so
//     they cannot clash with anything liten links.
//
// The library is fetched by tools/tflite_reference/fetch_tflite_reference.sh.
//
// Nothing here throws; failures are reported as false / nullptr plus a
// human-readable message in `*error`.

#ifndef LITEN_TOOLS_TFLITE_REFERENCE_TFLITE_REFERENCE_H_
#define LITEN_TOOLS_TFLITE_REFERENCE_TFLITE_REFERENCE_H_

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace liten::tflite_reference {

// Environment variable that, when set and non-empty, overrides the library
// path handed to FindLibraryPath().
inline constexpr char kLibraryPathEnvVar[] = "LITEN_TFLITE_C_LIBRARY";

// Returns $LITEN_TFLITE_C_LIBRARY if set and non-empty, else `fallback_path`.
std::string FindLibraryPath(const std::string& fallback_path);

// Flags for TfLiteXNNPackDelegateOptions::flags (TFLite 2.9.0 values). The
// 2.9.0 default is 0, i.e. XNNPACK only takes float32 operators; quantized
// models then run almost entirely on the builtin kernels unless these are set.
// Beware: with these set, 2.9.0's delegate rejects some models outright
// ("failed to delegate CONV_2D node #0"), which makes TfLiteRunner::Create()
// fail rather than fall back.
inline constexpr uint32_t kXnnpackFlagQs8 = 0x1;  // Signed 8-bit quantized.
inline constexpr uint32_t kXnnpackFlagQu8 = 0x2;  // Unsigned 8-bit quantized.

// Opaque TFLite C API types. They live in our namespace rather than at global
// scope so that this header can coexist with the real TFLite headers.
namespace capi {
struct TfLiteModel;
struct TfLiteInterpreterOptions;
struct TfLiteInterpreter;
struct TfLiteTensor;
struct TfLiteDelegate;
}  // namespace capi

// Function pointer table for the C API; defined in tflite_reference.cc so
// that the C API's function declarations stay private.
struct CApi;

// Owns the dlopen() handle of libtensorflowlite_c.so and the resolved C API
// entry points. Must outlive every TfLiteRunner created from it. Immutable
// after Load(), so it may be shared between threads.
class TfLiteLibrary {
 public:
  // Loads the library at `so_path`. Returns nullptr and sets `*error` (if
  // non-null) when the file cannot be loaded or lacks a required symbol.
  static std::unique_ptr<TfLiteLibrary> Load(const std::string& so_path,
                                             std::string* error);

  ~TfLiteLibrary();
  TfLiteLibrary(const TfLiteLibrary&) = delete;
  TfLiteLibrary& operator=(const TfLiteLibrary&) = delete;

  // TfLiteVersion(), e.g. "2.9.0".
  std::string version() const;
  // Whether the XNNPACK delegate entry points were found.
  bool has_xnnpack() const;
  const std::string& path() const { return path_; }
  // Name of a TfLiteType value, e.g. "FLOAT32" (TfLiteTypeGetName()).
  std::string TypeName(int type) const;

  const CApi& api() const { return *api_; }

 private:
  TfLiteLibrary(void* handle, std::string path, std::unique_ptr<CApi> api);

  void* handle_;
  std::string path_;
  std::unique_ptr<CApi> api_;
};

// A tensor's description and, for outputs(), a copy of its contents.
struct TensorData {
  int type = 0;  // TfLiteType value (1 = FLOAT32, 3 = UINT8, ...).
  std::vector<int> shape;
  std::vector<uint8_t> bytes;  // Empty for *_info(); filled by outputs().
  std::string name;
  size_t byte_size = 0;  // TfLiteTensorByteSize().
  // Affine quantization parameters (scale == 0 when not quantized).
  float scale = 0.0f;
  int32_t zero_point = 0;
};

enum class Backend {
  kBuiltin,  // TFLite's builtin kernels only (no delegate added by us).
  kXnnpack,  // TfLiteXNNPackDelegateCreate() added to the interpreter.
};

const char* BackendName(Backend backend);

// One TFLite interpreter for one model. Not thread-safe: use one runner per
// thread (independent runners may run concurrently).
class TfLiteRunner {
 public:
  // Builds the model, the interpreter and (for kXnnpack) the delegate, then
  // allocates tensors. `num_threads` goes to both the interpreter and the
  // XNNPACK delegate. `xnnpack_extra_flags` (kXnnpackFlag*) are OR-ed into
  // TfLiteXNNPackDelegateOptionsDefault().flags. On failure returns nullptr
  // and sets `*error`, including whatever TFLite reported (e.g. an
  // unresolved custom op). `library` must outlive the runner.
  static std::unique_ptr<TfLiteRunner> Create(const TfLiteLibrary& library,
                                              const std::string& model_path,
                                              Backend backend, int num_threads,
                                              std::string* error,
                                              uint32_t xnnpack_extra_flags = 0);

  ~TfLiteRunner();
  TfLiteRunner(const TfLiteRunner&) = delete;
  TfLiteRunner& operator=(const TfLiteRunner&) = delete;

  int input_count() const;
  int output_count() const;
  // Type, shape, name, byte size and quantization; `bytes` stays empty.
  // Returns a default TensorData for an out-of-range index.
  TensorData input_info(int index) const;
  TensorData output_info(int index) const;

  // Copies `bytes` bytes into input `index`; fails unless `bytes` equals the
  // tensor's byte size. Allocates tensors first if a resize is pending.
  bool SetInput(int index, const void* data, size_t bytes, std::string* error);

  // Changes the shape of input `index` (e.g. a dynamic batch). Tensors are
  // reallocated lazily by the next SetInput()/Invoke(), or explicitly by
  // AllocateTensors(), so several inputs can be resized at once.
  bool ResizeInput(int index, const std::vector<int>& shape,
                   std::string* error);
  bool AllocateTensors(std::string* error);

  bool Invoke(std::string* error);

  // Copies of all output tensors, as of the last Invoke().
  std::vector<TensorData> outputs() const;

  Backend backend() const { return backend_; }
  int num_threads() const { return num_threads_; }

  // Where Create() spent its time, in milliseconds, for benchmarks that
  // report TFLite's initialization the way they report liten's: loading
  // (TfLiteModelCreateFromFile), then preparing (options, the delegate,
  // TfLiteInterpreterCreate, which applies the delegate, and
  // AllocateTensors).
  double load_ms() const { return load_ms_; }
  double prepare_ms() const { return prepare_ms_; }

 private:
  TfLiteRunner(const TfLiteLibrary& library, Backend backend, int num_threads);

  // Error reporter callback installed on the interpreter options.
  static void ReportError(void* user_data, const char* format, va_list args);
  // Returns and clears what TFLite reported since the last call.
  std::string TakeReported();
  // "<what> failed (<status>)[: <reported text>]".
  std::string Failure(const std::string& what, int status);
  TensorData Describe(const capi::TfLiteTensor* tensor) const;
  bool EnsureAllocated(std::string* error);

  const TfLiteLibrary& library_;
  Backend backend_;
  int num_threads_;
  bool needs_allocation_ = false;
  double load_ms_ = 0;
  double prepare_ms_ = 0;

  // Owned C objects, in order of creation; the destructor releases them in
  // reverse order, so the delegate outlives the interpreter that uses it.
  capi::TfLiteModel* model_ = nullptr;
  capi::TfLiteInterpreterOptions* options_ = nullptr;
  capi::TfLiteDelegate* delegate_ = nullptr;  // Only for Backend::kXnnpack.
  capi::TfLiteInterpreter* interpreter_ = nullptr;

  // Text from the error reporter. TFLite holds a pointer to this runner, so
  // runners are heap-allocated by Create() and never move.
  std::mutex reported_mutex_;
  std::string reported_;
};

}  // namespace liten::tflite_reference

#endif  // LITEN_TOOLS_TFLITE_REFERENCE_TFLITE_REFERENCE_H_
