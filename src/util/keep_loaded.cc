#include "util/keep_loaded.h"

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#define NOMINMAX
#include <windows.h>
#else
#include <dlfcn.h>
#endif

#include <mutex>

namespace rdkafka_napi {

void KeepLoaded() {
  static std::once_flag once;
  std::call_once(once, [] {
#ifdef _WIN32
    // GET_MODULE_HANDLE_EX_FLAG_PIN: the module stays loaded until the process ends, whoever frees it.
    HMODULE module = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                       reinterpret_cast<LPCWSTR>(&KeepLoaded), &module);
#else
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&KeepLoaded), &info) == 0 || info.dli_fname == nullptr) return;
    // RTLD_NODELETE: dlclose never unmaps it. The handle is deliberately never closed either.
    dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
#endif
  });
}

}  // namespace rdkafka_napi
