// Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0

#include "tools/tflite_reference/tflite_reference.h"

#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace liten::tflite_reference {
namespace capi {

// Our own minimal declarations of the TFLite 2.9.0 C API (c_api.h,
// c_api_types.h, xnnpack_delegate.h), so that no TFLite headers are needed.
// Enum-typed results are declared as plain int: the C ABI is the same, and it
// keeps UBSan quiet about values we do not list.
using TfLiteStatus = int;
constexpr TfLiteStatus kTfLiteOk = 0;
using TfLiteType = int;

struct TfLiteQuantizationParams {
  float scale;
  int32_t zero_point;
};

// Layout as of TFLite 2.9.0, verified against the shipped binary:
// TfLiteXNNPackDelegateOptionsDefault() is `xor eax,eax; ret` (an 8-byte
// struct returned in RAX) and TfLiteXNNPackDelegateCreate() reads the options
// with one 8-byte load. Later releases append fields (weights_cache,
// handle_variable_ops, ...), which changes how the struct is returned, so
// TfLiteLibrary only enables XNNPACK for 2.9.x libraries.
struct TfLiteXNNPackDelegateOptions {
  int32_t num_threads;
  uint32_t flags;
};
static_assert(sizeof(TfLiteXNNPackDelegateOptions) == 8,
              "must match TFLite 2.9.0's TfLiteXNNPackDelegateOptions");

using ErrorReporterFn = void (*)(void* user_data, const char* format,
                                 va_list args);

}  // namespace capi

using namespace capi;  // NOLINT(build/namespaces): the C API names read best.

struct CApi {
  const char* (*TfLiteVersion)();
  TfLiteModel* (*TfLiteModelCreateFromFile)(const char* model_path);
  void (*TfLiteModelDelete)(TfLiteModel* model);
  TfLiteInterpreterOptions* (*TfLiteInterpreterOptionsCreate)();
  void (*TfLiteInterpreterOptionsDelete)(TfLiteInterpreterOptions* options);
  void (*TfLiteInterpreterOptionsSetNumThreads)(
      TfLiteInterpreterOptions* options, int32_t num_threads);
  void (*TfLiteInterpreterOptionsAddDelegate)(TfLiteInterpreterOptions* options,
                                              TfLiteDelegate* delegate);
  void (*TfLiteInterpreterOptionsSetErrorReporter)(
      TfLiteInterpreterOptions* options, ErrorReporterFn reporter,
      void* user_data);
  TfLiteInterpreter* (*TfLiteInterpreterCreate)(
      const TfLiteModel* model, const TfLiteInterpreterOptions* options);
  void (*TfLiteInterpreterDelete)(TfLiteInterpreter* interpreter);
  int32_t (*TfLiteInterpreterGetInputTensorCount)(
      const TfLiteInterpreter* interpreter);
  TfLiteTensor* (*TfLiteInterpreterGetInputTensor)(
      const TfLiteInterpreter* interpreter, int32_t index);
  int32_t (*TfLiteInterpreterGetOutputTensorCount)(
      const TfLiteInterpreter* interpreter);
  const TfLiteTensor* (*TfLiteInterpreterGetOutputTensor)(
      const TfLiteInterpreter* interpreter, int32_t index);
  TfLiteStatus (*TfLiteInterpreterResizeInputTensor)(
      TfLiteInterpreter* interpreter, int32_t index, const int* dims,
      int32_t dims_size);
  TfLiteStatus (*TfLiteInterpreterAllocateTensors)(
      TfLiteInterpreter* interpreter);
  TfLiteStatus (*TfLiteInterpreterInvoke)(TfLiteInterpreter* interpreter);
  TfLiteType (*TfLiteTensorType)(const TfLiteTensor* tensor);
  int32_t (*TfLiteTensorNumDims)(const TfLiteTensor* tensor);
  int32_t (*TfLiteTensorDim)(const TfLiteTensor* tensor, int32_t dim_index);
  size_t (*TfLiteTensorByteSize)(const TfLiteTensor* tensor);
  void* (*TfLiteTensorData)(const TfLiteTensor* tensor);
  const char* (*TfLiteTensorName)(const TfLiteTensor* tensor);
  TfLiteQuantizationParams (*TfLiteTensorQuantizationParams)(
      const TfLiteTensor* tensor);
  TfLiteStatus (*TfLiteTensorCopyFromBuffer)(TfLiteTensor* tensor,
                                             const void* data, size_t size);
  TfLiteStatus (*TfLiteTensorCopyToBuffer)(const TfLiteTensor* tensor,
                                           void* data, size_t size);
  const char* (*TfLiteTypeGetName)(TfLiteType type);

  // Optional: null when the library has no (usable) XNNPACK delegate.
  TfLiteXNNPackDelegateOptions (*TfLiteXNNPackDelegateOptionsDefault)();
  TfLiteDelegate* (*TfLiteXNNPackDelegateCreate)(
      const TfLiteXNNPackDelegateOptions* options);
  void (*TfLiteXNNPackDelegateDelete)(TfLiteDelegate* delegate);
};

namespace {

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

void SetError(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
}

// Resolves `name` into `*fn`. Appends `name` to `*missing` if absent.
template <typename Fn>
void Resolve(void* handle, const char* name, Fn* fn, std::string* missing) {
  // POSIX guarantees that dlsym() results can be converted to function
  // pointers.
  *fn = reinterpret_cast<Fn>(dlsym(handle, name));
  if (*fn == nullptr && missing != nullptr) {
    if (!missing->empty()) *missing += ", ";
    *missing += name;
  }
}

const char* StatusName(TfLiteStatus status) {
  switch (status) {
    case 0:
      return "kTfLiteOk";
    case 1:
      return "kTfLiteError";
    case 2:
      return "kTfLiteDelegateError";
    case 3:
      return "kTfLiteApplicationError";
    case 4:
      return "kTfLiteDelegateDataNotFound";
    case 5:
      return "kTfLiteDelegateDataWriteError";
    case 6:
      return "kTfLiteDelegateDataReadError";
    case 7:
      return "kTfLiteUnresolvedOps";
    case 8:
      return "kTfLiteCancelled";
    default:
      return "unknown TfLiteStatus";
  }
}

std::string ShapeString(const std::vector<int>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ",";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

}  // namespace

std::string FindLibraryPath(const std::string& fallback_path) {
  const char* env = std::getenv(kLibraryPathEnvVar);
  if (env != nullptr && env[0] != '\0') return env;
  return fallback_path;
}

const char* BackendName(Backend backend) {
  switch (backend) {
    case Backend::kBuiltin:
      return "builtin";
    case Backend::kXnnpack:
      return "xnnpack";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------
// TfLiteLibrary

std::unique_ptr<TfLiteLibrary> TfLiteLibrary::Load(const std::string& so_path,
                                                   std::string* error) {
  // RTLD_LOCAL keeps TFLite's symbols (and those of the flatbuffers, XNNPACK,
  // Eigen, ... copies inside it) from interposing on liten's. RTLD_DEEPBIND
  // would add nothing here and breaks ASan.
  // RTLD_NODELETE keeps the code mapped after dlclose(): TFLite and XNNPACK
  // hold process-wide singletons (allocated once, never freed) and
  // thread-locals; unmapping them makes LeakSanitizer report those
  // singletons as leaks and would leave dangling thread-local destructors.
  void* handle = dlopen(so_path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (handle == nullptr) {
    const char* why = dlerror();
    SetError(error, "cannot load TFLite C library '" + so_path +
                        "': " + (why != nullptr ? why : "unknown error") +
                        " (fetch it with tools/tflite_reference/"
                        "fetch_tflite_reference.sh, or set " +
                        kLibraryPathEnvVar + ")");
    return nullptr;
  }

  auto api = std::make_unique<CApi>();
  std::string missing;
  // Stringizing keeps each symbol name and table entry in sync.
#define LITEN_RESOLVE(name) Resolve(handle, #name, &api->name, &missing)
  LITEN_RESOLVE(TfLiteVersion);
  LITEN_RESOLVE(TfLiteModelCreateFromFile);
  LITEN_RESOLVE(TfLiteModelDelete);
  LITEN_RESOLVE(TfLiteInterpreterOptionsCreate);
  LITEN_RESOLVE(TfLiteInterpreterOptionsDelete);
  LITEN_RESOLVE(TfLiteInterpreterOptionsSetNumThreads);
  LITEN_RESOLVE(TfLiteInterpreterOptionsAddDelegate);
  LITEN_RESOLVE(TfLiteInterpreterOptionsSetErrorReporter);
  LITEN_RESOLVE(TfLiteInterpreterCreate);
  LITEN_RESOLVE(TfLiteInterpreterDelete);
  LITEN_RESOLVE(TfLiteInterpreterGetInputTensorCount);
  LITEN_RESOLVE(TfLiteInterpreterGetInputTensor);
  LITEN_RESOLVE(TfLiteInterpreterGetOutputTensorCount);
  LITEN_RESOLVE(TfLiteInterpreterGetOutputTensor);
  LITEN_RESOLVE(TfLiteInterpreterResizeInputTensor);
  LITEN_RESOLVE(TfLiteInterpreterAllocateTensors);
  LITEN_RESOLVE(TfLiteInterpreterInvoke);
  LITEN_RESOLVE(TfLiteTensorType);
  LITEN_RESOLVE(TfLiteTensorNumDims);
  LITEN_RESOLVE(TfLiteTensorDim);
  LITEN_RESOLVE(TfLiteTensorByteSize);
  LITEN_RESOLVE(TfLiteTensorData);
  LITEN_RESOLVE(TfLiteTensorName);
  LITEN_RESOLVE(TfLiteTensorQuantizationParams);
  LITEN_RESOLVE(TfLiteTensorCopyFromBuffer);
  LITEN_RESOLVE(TfLiteTensorCopyToBuffer);
  LITEN_RESOLVE(TfLiteTypeGetName);
#undef LITEN_RESOLVE
  if (!missing.empty()) {
    dlclose(handle);
    SetError(error,
             "'" + so_path +
                 "' is not a usable TFLite C library; missing: " + missing);
    return nullptr;
  }

  // XNNPACK is optional. Its options struct is returned by value, so calling
  // TfLiteXNNPackDelegateOptionsDefault() with the wrong layout would corrupt
  // the stack: only use it with the release whose layout we declare.
  const std::string version = api->TfLiteVersion();
  if (version.rfind("2.9.", 0) == 0) {
    Resolve(handle, "TfLiteXNNPackDelegateOptionsDefault",
            &api->TfLiteXNNPackDelegateOptionsDefault, nullptr);
    Resolve(handle, "TfLiteXNNPackDelegateCreate",
            &api->TfLiteXNNPackDelegateCreate, nullptr);
    Resolve(handle, "TfLiteXNNPackDelegateDelete",
            &api->TfLiteXNNPackDelegateDelete, nullptr);
  }
  return std::unique_ptr<TfLiteLibrary>(
      new TfLiteLibrary(handle, so_path, std::move(api)));
}

TfLiteLibrary::TfLiteLibrary(void* handle, std::string path,
                             std::unique_ptr<CApi> api)
    : handle_(handle), path_(std::move(path)), api_(std::move(api)) {}

TfLiteLibrary::~TfLiteLibrary() {
  // Drops our reference; RTLD_NODELETE keeps the code itself loaded.
  dlclose(handle_);
}

std::string TfLiteLibrary::version() const { return api_->TfLiteVersion(); }

bool TfLiteLibrary::has_xnnpack() const {
  return api_->TfLiteXNNPackDelegateOptionsDefault != nullptr &&
         api_->TfLiteXNNPackDelegateCreate != nullptr &&
         api_->TfLiteXNNPackDelegateDelete != nullptr;
}

std::string TfLiteLibrary::TypeName(int type) const {
  const char* name = api_->TfLiteTypeGetName(type);
  return name != nullptr ? name : "unknown";
}

// ---------------------------------------------------------------------------
// TfLiteRunner

TfLiteRunner::TfLiteRunner(const TfLiteLibrary& library, Backend backend,
                           int num_threads)
    : library_(library), backend_(backend), num_threads_(num_threads) {}

TfLiteRunner::~TfLiteRunner() {
  const CApi& api = library_.api();
  // The interpreter references the delegate (and, through the error
  // reporter, this object), so it goes first.
  if (interpreter_ != nullptr) api.TfLiteInterpreterDelete(interpreter_);
  if (delegate_ != nullptr) api.TfLiteXNNPackDelegateDelete(delegate_);
  if (options_ != nullptr) api.TfLiteInterpreterOptionsDelete(options_);
  if (model_ != nullptr) api.TfLiteModelDelete(model_);
}

std::unique_ptr<TfLiteRunner> TfLiteRunner::Create(
    const TfLiteLibrary& library, const std::string& model_path,
    Backend backend, int num_threads, std::string* error,
    uint32_t xnnpack_extra_flags) {
  const CApi& api = library.api();
  std::unique_ptr<TfLiteRunner> runner(
      new TfLiteRunner(library, backend, num_threads));

  // TfLiteModelCreateFromFile() only says "null" (and logs to stderr via the
  // default reporter), so check the obvious cause ourselves first.
  if (std::FILE* f = std::fopen(model_path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    SetError(error, "cannot open model file '" + model_path + "'");
    return nullptr;
  }
  const auto load_start = std::chrono::steady_clock::now();
  runner->model_ = api.TfLiteModelCreateFromFile(model_path.c_str());
  runner->load_ms_ = MillisecondsSince(load_start);
  if (runner->model_ == nullptr) {
    SetError(error, "TfLiteModelCreateFromFile('" + model_path +
                        "') failed: not a valid TFLite flatbuffer?");
    return nullptr;
  }

  const auto prepare_start = std::chrono::steady_clock::now();
  runner->options_ = api.TfLiteInterpreterOptionsCreate();
  if (runner->options_ == nullptr) {
    SetError(error, "TfLiteInterpreterOptionsCreate() failed");
    return nullptr;
  }
  api.TfLiteInterpreterOptionsSetNumThreads(runner->options_, num_threads);
  // Route TFLite's error reporter into the runner so failures carry TFLite's
  // own explanation (e.g. "Encountered unresolved custom op: ...").
  api.TfLiteInterpreterOptionsSetErrorReporter(
      runner->options_, &TfLiteRunner::ReportError, runner.get());

  if (backend == Backend::kXnnpack) {
    if (!library.has_xnnpack()) {
      SetError(error, "TFLite library '" + library.path() + "' (version " +
                          library.version() +
                          ") has no usable XNNPACK delegate");
      return nullptr;
    }
    TfLiteXNNPackDelegateOptions xnnpack_options =
        api.TfLiteXNNPackDelegateOptionsDefault();
    xnnpack_options.num_threads = num_threads;
    xnnpack_options.flags |= xnnpack_extra_flags;
    runner->delegate_ = api.TfLiteXNNPackDelegateCreate(&xnnpack_options);
    if (runner->delegate_ == nullptr) {
      SetError(error, "TfLiteXNNPackDelegateCreate() failed");
      return nullptr;
    }
    api.TfLiteInterpreterOptionsAddDelegate(runner->options_,
                                            runner->delegate_);
  }

  runner->interpreter_ =
      api.TfLiteInterpreterCreate(runner->model_, runner->options_);
  if (runner->interpreter_ == nullptr) {
    std::string message = "TfLiteInterpreterCreate() failed for '" +
                          model_path + "' (" + BackendName(backend) + ")";
    const std::string reported = runner->TakeReported();
    if (!reported.empty()) message += ": " + reported;
    SetError(error, std::move(message));
    return nullptr;
  }

  const TfLiteStatus status =
      api.TfLiteInterpreterAllocateTensors(runner->interpreter_);
  if (status != kTfLiteOk) {
    SetError(error,
             runner->Failure("TfLiteInterpreterAllocateTensors()", status));
    return nullptr;
  }
  runner->prepare_ms_ = MillisecondsSince(prepare_start);
  runner->TakeReported();  // Drop any warnings; only errors matter later.
  return runner;
}

void TfLiteRunner::ReportError(void* user_data, const char* format,
                               va_list args) {
  auto* runner = static_cast<TfLiteRunner*>(user_data);
  va_list args_copy;
  va_copy(args_copy, args);
  const int length = std::vsnprintf(nullptr, 0, format, args_copy);
  va_end(args_copy);
  if (length < 0) return;
  std::string text(static_cast<size_t>(length) + 1, '\0');
  std::vsnprintf(&text[0], text.size(), format, args);
  text.resize(static_cast<size_t>(length));
  while (!text.empty() && text.back() == '\n') text.pop_back();

  // TFLite may report from worker threads; keep the buffer consistent.
  std::lock_guard<std::mutex> lock(runner->reported_mutex_);
  if (!runner->reported_.empty()) runner->reported_ += "\n";
  runner->reported_ += text;
}

std::string TfLiteRunner::TakeReported() {
  std::lock_guard<std::mutex> lock(reported_mutex_);
  std::string text;
  text.swap(reported_);
  return text;
}

std::string TfLiteRunner::Failure(const std::string& what, int status) {
  std::string message = what + " failed (" + StatusName(status) + ")";
  const std::string reported = TakeReported();
  if (!reported.empty()) message += ": " + reported;
  return message;
}

int TfLiteRunner::input_count() const {
  return library_.api().TfLiteInterpreterGetInputTensorCount(interpreter_);
}

int TfLiteRunner::output_count() const {
  return library_.api().TfLiteInterpreterGetOutputTensorCount(interpreter_);
}

TensorData TfLiteRunner::Describe(const TfLiteTensor* tensor) const {
  const CApi& api = library_.api();
  TensorData data;
  if (tensor == nullptr) return data;
  data.type = api.TfLiteTensorType(tensor);
  const int32_t num_dims = api.TfLiteTensorNumDims(tensor);
  for (int32_t d = 0; d < num_dims; ++d) {
    data.shape.push_back(api.TfLiteTensorDim(tensor, d));
  }
  const char* name = api.TfLiteTensorName(tensor);
  if (name != nullptr) data.name = name;
  data.byte_size = api.TfLiteTensorByteSize(tensor);
  const TfLiteQuantizationParams quantization =
      api.TfLiteTensorQuantizationParams(tensor);
  data.scale = quantization.scale;
  data.zero_point = quantization.zero_point;
  return data;
}

TensorData TfLiteRunner::input_info(int index) const {
  if (index < 0 || index >= input_count()) return TensorData();
  return Describe(
      library_.api().TfLiteInterpreterGetInputTensor(interpreter_, index));
}

TensorData TfLiteRunner::output_info(int index) const {
  if (index < 0 || index >= output_count()) return TensorData();
  return Describe(
      library_.api().TfLiteInterpreterGetOutputTensor(interpreter_, index));
}

bool TfLiteRunner::EnsureAllocated(std::string* error) {
  return !needs_allocation_ || AllocateTensors(error);
}

bool TfLiteRunner::SetInput(int index, const void* data, size_t bytes,
                            std::string* error) {
  if (index < 0 || index >= input_count()) {
    SetError(error, "input index " + std::to_string(index) +
                        " out of range [0, " + std::to_string(input_count()) +
                        ")");
    return false;
  }
  if (!EnsureAllocated(error)) return false;
  const CApi& api = library_.api();
  TfLiteTensor* tensor =
      api.TfLiteInterpreterGetInputTensor(interpreter_, index);
  const size_t expected = api.TfLiteTensorByteSize(tensor);
  if (bytes != expected) {
    SetError(error, "input " + std::to_string(index) + " expects " +
                        std::to_string(expected) + " bytes, got " +
                        std::to_string(bytes));
    return false;
  }
  if (bytes == 0) return true;
  if (data == nullptr) {
    SetError(error, "input " + std::to_string(index) + ": null data");
    return false;
  }
  const TfLiteStatus status =
      api.TfLiteTensorCopyFromBuffer(tensor, data, bytes);
  if (status != kTfLiteOk) {
    SetError(error, Failure("TfLiteTensorCopyFromBuffer(input " +
                                std::to_string(index) + ")",
                            status));
    return false;
  }
  return true;
}

bool TfLiteRunner::ResizeInput(int index, const std::vector<int>& shape,
                               std::string* error) {
  if (index < 0 || index >= input_count()) {
    SetError(error, "input index " + std::to_string(index) +
                        " out of range [0, " + std::to_string(input_count()) +
                        ")");
    return false;
  }
  const TfLiteStatus status = library_.api().TfLiteInterpreterResizeInputTensor(
      interpreter_, index, shape.data(), static_cast<int32_t>(shape.size()));
  if (status != kTfLiteOk) {
    SetError(error, Failure("TfLiteInterpreterResizeInputTensor(input " +
                                std::to_string(index) + ", " +
                                ShapeString(shape) + ")",
                            status));
    return false;
  }
  needs_allocation_ = true;
  return true;
}

bool TfLiteRunner::AllocateTensors(std::string* error) {
  const TfLiteStatus status =
      library_.api().TfLiteInterpreterAllocateTensors(interpreter_);
  if (status != kTfLiteOk) {
    SetError(error, Failure("TfLiteInterpreterAllocateTensors()", status));
    return false;
  }
  needs_allocation_ = false;
  return true;
}

bool TfLiteRunner::Invoke(std::string* error) {
  if (!EnsureAllocated(error)) return false;
  const TfLiteStatus status =
      library_.api().TfLiteInterpreterInvoke(interpreter_);
  if (status != kTfLiteOk) {
    SetError(error, Failure("TfLiteInterpreterInvoke()", status));
    return false;
  }
  return true;
}

std::vector<TensorData> TfLiteRunner::outputs() const {
  const CApi& api = library_.api();
  std::vector<TensorData> result;
  const int count = output_count();
  result.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    const TfLiteTensor* tensor =
        api.TfLiteInterpreterGetOutputTensor(interpreter_, i);
    TensorData data = Describe(tensor);
    // A dynamically sized output has no buffer until it has been computed;
    // leave `bytes` empty rather than copying from null.
    if (data.byte_size > 0 && api.TfLiteTensorData(tensor) != nullptr) {
      data.bytes.resize(data.byte_size);
      if (api.TfLiteTensorCopyToBuffer(tensor, data.bytes.data(),
                                       data.bytes.size()) != kTfLiteOk) {
        data.bytes.clear();
      }
    }
    result.push_back(std::move(data));
  }
  return result;
}

}  // namespace liten::tflite_reference
