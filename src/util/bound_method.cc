#include "util/bound_method.h"

namespace rdkafka_napi {

void BoundTarget::Define(Napi::Env env, Napi::Object holder, const char* name, napi_callback callback) {
  napi_value function;
  NAPI_THROW_IF_FAILED_VOID(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, this, &function));
  NAPI_THROW_IF_FAILED_VOID(env, napi_add_finalizer(env, function, this,
                                                    [](napi_env, void* data, void*) { static_cast<BoundTarget*>(data)->Release(); },
                                                    nullptr, nullptr));
  owners_++;
  holder.Set(name, Napi::Value(env, function));
}

void BoundTarget::Detach() {
  object_ = nullptr;
  Release();
}

void BoundTarget::Release() {
  if (--owners_ == 0) delete this;
}

}  // namespace rdkafka_napi
