#include "util/keep_loaded.h"

#include <dlfcn.h>

#include <mutex>

namespace rdkafka_napi {

void KeepLoaded() {
  static std::once_flag once;
  std::call_once(once, [] {
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&KeepLoaded), &info) == 0 || info.dli_fname == nullptr) return;
    // RTLD_NODELETE: dlclose never unmaps it. The handle is deliberately never closed either.
    dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
  });
}

}  // namespace rdkafka_napi
