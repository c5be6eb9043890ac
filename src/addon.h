#pragma once
// Per-environment state of the addon: class constructors, the JS error factory and the reaper.
#include <napi.h>

#include "util/reaper.h"

namespace rdkafka_napi {

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports);

  static Addon& Of(Napi::Env env) { return *env.GetInstanceData<Addon>(); }

  Reaper reaper;
  // Builds the library's KafkaError objects (set from TypeScript at load time).
  Napi::FunctionReference error_factory;

 private:
  Napi::Value SetErrorFactory(const Napi::CallbackInfo& info);
  Napi::Value ErrorName(const Napi::CallbackInfo& info);
  Napi::Value ErrorDescription(const Napi::CallbackInfo& info);
  Napi::Value ErrorCodes(const Napi::CallbackInfo& info);
};

}  // namespace rdkafka_napi
