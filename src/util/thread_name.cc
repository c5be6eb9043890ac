#include "util/thread_name.h"

#if defined(__linux__) || defined(__APPLE__)
#include <pthread.h>
#endif

namespace rdkafka_napi {

void NameThisThread(const char* name) {
#if defined(__linux__)
  pthread_setname_np(pthread_self(), name);
#elif defined(__APPLE__)
  pthread_setname_np(name);
#else
  (void)name;
#endif
}

}  // namespace rdkafka_napi
