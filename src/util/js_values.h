#pragma once
// Reading JavaScript values into C++ ones and back, with errors that name the value; nothing here
// knows Kafka.
#include <napi.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace rdkafka_napi {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

// [[key, value], ...] with string keys and values; throws TypeError otherwise.
StringPairs ToStringPairs(Napi::Value value, const char* what);

// A whole number in [min, max]; throws RangeError/TypeError naming `what` otherwise.
int32_t ToInt32InRange(Napi::Value value, const char* what, int32_t min, int32_t max);

// A string; throws TypeError naming `what` otherwise.
std::string ToString(Napi::Value value, const char* what);

// A typed array holding a copy of `values` (one allocation, one memcpy).
template <typename Array, typename T>
Array TypedArrayOf(Napi::Env env, const std::vector<T>& values) {
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(buffer.Data(), values.data(), values.size() * sizeof(T));
  return Array::New(env, values.size(), buffer, 0);
}

// A Buffer holding a copy of the bytes, or null when `data` is.
Napi::Value BytesOrNull(Napi::Env env, const void* data, size_t size);

}  // namespace rdkafka_napi
