#pragma once
// Functions bound to one native object, for the hot paths (send, poll: called once per message).
// An ObjectWrap method pays for napi_unwrap (a private-symbol lookup) and, past six arguments, a heap
// allocation in CallbackInfo on every call; a function created per object with the object as its
// data pays for neither.
//
// The target is shared by the object and its functions, and freed when the last of them is gone:
// a function may outlive its object (and the reverse), so the object detaches itself on destruction
// and calls after that see nullptr.
#include <napi.h>

#include "util/js_boundary.h"

namespace rdkafka_napi {

class BoundTarget {
 public:
  explicit BoundTarget(void* object) : object_(object) {}
  BoundTarget(const BoundTarget&) = delete;
  BoundTarget& operator=(const BoundTarget&) = delete;

  // Sets holder[name] to a function calling `callback`, whose data is this target.
  void Define(Napi::Env env, Napi::Object holder, const char* name, napi_callback callback);

  // The object is being destroyed: later calls find no object.
  void Detach();

  // In a callback: fills argv (up to *argc values; the rest undefined) and returns the object, or
  // nullptr once it is gone (or when the arguments cannot be read: the environment is going away).
  template <typename T>
  static T* Object(napi_env env, napi_callback_info info, size_t argc, napi_value* argv) {
    void* data = nullptr;
    if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok || data == nullptr) return nullptr;
    return static_cast<T*>(static_cast<BoundTarget*>(data)->object_);
  }

  // The same, reading no argument: sets *argc to how many the call was given.
  template <typename T>
  static T* Object(napi_env env, napi_callback_info info, size_t* argc) {
    void* data = nullptr;
    *argc = 0;
    if (napi_get_cb_info(env, info, argc, nullptr, nullptr, &data) != napi_ok || data == nullptr) return nullptr;
    return static_cast<T*>(static_cast<BoundTarget*>(data)->object_);
  }

 private:
  void Release();

  void* object_;
  int owners_ = 1;  // the object, plus one per function; all on the JS thread
};

}  // namespace rdkafka_napi
