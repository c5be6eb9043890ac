#include "util/js_values.h"

#include <cmath>

namespace rdkafka_napi {

StringPairs ToStringPairs(Napi::Value value, const char* what) {
  Napi::Env env = value.Env();
  const std::string name(what);
  if (!value.IsArray()) throw Napi::TypeError::New(env, name + " must be an array of [key, value] pairs");
  Napi::Array array = value.As<Napi::Array>();
  StringPairs pairs;
  pairs.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value pair = array.Get(i);
    if (!pair.IsArray() || pair.As<Napi::Array>().Length() != 2) throw Napi::TypeError::New(env, name + " must be [key, value] pairs");
    Napi::Value key = pair.As<Napi::Array>().Get(0u);
    Napi::Value val = pair.As<Napi::Array>().Get(1u);
    if (!key.IsString() || !val.IsString()) throw Napi::TypeError::New(env, name + ": keys and values must be strings");
    pairs.emplace_back(key.As<Napi::String>().Utf8Value(), val.As<Napi::String>().Utf8Value());
  }
  return pairs;
}

int32_t ToInt32InRange(Napi::Value value, const char* what, int32_t min, int32_t max) {
  Napi::Env env = value.Env();
  if (!value.IsNumber()) throw Napi::TypeError::New(env, std::string(what) + " must be a number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (std::trunc(number) != number || number < min || number > max) {
    throw Napi::RangeError::New(env, std::string(what) + " must be a whole number from " + std::to_string(min) + " to " +
                                         std::to_string(max));
  }
  return static_cast<int32_t>(number);
}

std::string ToString(Napi::Value value, const char* what) {
  if (!value.IsString()) throw Napi::TypeError::New(value.Env(), std::string(what) + " must be a string");
  return value.As<Napi::String>().Utf8Value();
}

Napi::Value BytesOrNull(Napi::Env env, const void* data, size_t size) {
  if (data == nullptr) return env.Null();
  return Napi::Buffer<uint8_t>::Copy(env, static_cast<const uint8_t*>(data), size);
}

}  // namespace rdkafka_napi
