#pragma once
// Native code entered from outside a JavaScript call (thread-safe function callbacks, finalizers,
// cleanup hooks, raw napi_callbacks) has nobody above it to catch a C++ exception: one escaping there is
// std::terminate, and the whole process goes. Node-API calls fail, and node-addon-api throws, whenever
// the environment cannot run JavaScript any more, as when a worker is terminated. So each such entry
// point runs its body through AtBoundary or GuardedCall.
#include <napi.h>

#include <exception>

namespace rdkafka_napi {

// Makes an error the pending JavaScript exception (in a thread-safe function callback, Node then reports
// it as an uncaught exception); drops it when the environment is going away and nobody can be told.
inline void ThrowToJs(napi_env env, const Napi::Error& error) noexcept {
  try {
    error.ThrowAsJavaScriptException();
  } catch (...) {
  }
}

inline void ThrowToJs(napi_env env, const std::exception& error) noexcept {
  try {
    Napi::Error::New(env, error.what()).ThrowAsJavaScriptException();
  } catch (...) {
  }
}

template <typename Body>
void AtBoundary(napi_env env, Body&& body) noexcept {
  try {
    body();
  } catch (const Napi::Error& error) {
    ThrowToJs(env, error);
  } catch (const std::exception& error) {
    ThrowToJs(env, error);
  } catch (...) {
  }
}

// For raw napi_callbacks: the body's value, or nullptr with the error thrown into JavaScript.
template <typename Body>
napi_value GuardedCall(napi_env env, Body&& body) noexcept {
  try {
    return body();
  } catch (const Napi::Error& error) {
    ThrowToJs(env, error);
  } catch (const std::exception& error) {
    ThrowToJs(env, error);
  } catch (...) {
  }
  return nullptr;
}

}  // namespace rdkafka_napi
