#pragma once
// Memory a producer's sends reuse, one per producer (so used by one JavaScript thread, one send at a time: reading
// a send's values runs no JavaScript): room for the UTF-8 of string keys, payloads and header keys and values,
// and sendMany's arguments. On the heap, not the stack, for Utf8Room's reason (client/convert.h).
#include <napi.h>

#include <cstddef>
#include <vector>

namespace rdkafka_napi {

struct SendScratch {
  // Strings up to about this many UTF-8 bytes need no allocation.
  static constexpr size_t kRoom = 2048;
  char payload[kRoom];
  char key[kRoom];
  char header_key[kRoom];
  char header_value[kRoom];
  // sendMany's arguments, read once per call.
  std::vector<napi_value> arguments;
};

}  // namespace rdkafka_napi
