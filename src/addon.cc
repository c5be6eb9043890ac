#include "addon.h"

#include <librdkafka/rdkafka.h>

#include <chrono>

#include "client/rd_ptr.h"
#include "consumer/consumer.h"
#include "mock_cluster.h"
#include "producer/producer.h"
#include "util/js_boundary.h"
#include "util/keep_loaded.h"
#include "vocabulary.h"

namespace rdkafka_napi {
namespace {

// How long an environment's teardown may wait for its consumers to leave their groups (all at once): long
// enough for a LeaveGroup round trip, short enough that a worker's terminate() or the process's exit is not
// held up by a coordinator that does not answer.
constexpr std::chrono::milliseconds kTeardownBound{2000};

// librdkafka's "builtin.features", read from a fresh configuration object.
Napi::Array BuiltinFeatures(Napi::Env env) {
  ConfPtr conf(rd_kafka_conf_new());
  char value[512];
  size_t size = sizeof(value);
  Napi::Array features = Napi::Array::New(env);
  if (rd_kafka_conf_get(conf.get(), "builtin.features", value, &size) == RD_KAFKA_CONF_OK) {
    std::string list(value);
    size_t start = 0;
    while (start < list.size()) {
      size_t end = list.find(',', start);
      if (end == std::string::npos) end = list.size();
      if (end > start) features.Set(features.Length(), list.substr(start, end - start));
      start = end + 1;
    }
  }
  return features;
}

}  // namespace

Addon::Addon(Napi::Env env, Napi::Object exports) {
  KeepLoaded();
  DefineAddon(exports, {
      InstanceValue("librdkafkaVersion", Napi::String::New(env, rd_kafka_version_str()), napi_enumerable),
      InstanceValue("librdkafkaVersionNumber", Napi::Number::New(env, rd_kafka_version()), napi_enumerable),
      InstanceValue("features", BuiltinFeatures(env), napi_enumerable),
      InstanceValue("vocabulary", Vocabulary(env), napi_enumerable),
      InstanceMethod("setErrorFactory", &Addon::SetErrorFactory),
      InstanceMethod("errorName", &Addon::ErrorName),
      InstanceMethod("errorDescription", &Addon::ErrorDescription),
      InstanceMethod("errorCodes", &Addon::ErrorCodes),
  });
  exports.Set("Producer", Producer::Define(env));
  exports.Set("Consumer", Consumer::Define(env));
  exports.Set("MockCluster", MockCluster::Define(env));
  // Runs before the environment's objects are finalized: stop every librdkafka thread while
  // the environment can still be reached, whatever the order of finalizers afterwards.
  env.AddCleanupHook([this, env]() {
    AtBoundary(env, [&] {
      // Cleanup hooks run without a handle scope; closing creates no JS values, but librdkafka
      // handles' teardown may reach code that does.
      Napi::HandleScope scope(env);
      reaper.CloseAll(kTeardownBound);
    });
  });
}

Napi::Value Addon::SetErrorFactory(const Napi::CallbackInfo& info) {
  error_factory = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

Napi::Value Addon::ErrorName(const Napi::CallbackInfo& info) {
  auto code = static_cast<rd_kafka_resp_err_t>(info[0].As<Napi::Number>().Int32Value());
  return Napi::String::New(info.Env(), rd_kafka_err2name(code));
}

Napi::Value Addon::ErrorDescription(const Napi::CallbackInfo& info) {
  auto code = static_cast<rd_kafka_resp_err_t>(info[0].As<Napi::Number>().Int32Value());
  return Napi::String::New(info.Env(), rd_kafka_err2str(code));
}

// Every code librdkafka defines: [[code, name], ...] (its table has gaps, marked by a null name).
Napi::Value Addon::ErrorCodes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const rd_kafka_err_desc* descs = nullptr;
  size_t count = 0;
  rd_kafka_get_err_descs(&descs, &count);
  Napi::Array codes = Napi::Array::New(env);
  for (size_t i = 0; i < count; i++) {
    if (descs[i].name == nullptr) continue;
    Napi::Array entry = Napi::Array::New(env, 2);
    entry.Set(0u, Napi::Number::New(env, descs[i].code));
    entry.Set(1u, Napi::String::New(env, descs[i].name));
    codes.Set(codes.Length(), entry);
  }
  return codes;
}

}  // namespace rdkafka_napi

// The macro pastes the class name into an identifier, so it needs an unqualified name.
using RdKafkaNapiAddon = rdkafka_napi::Addon;
NODE_API_ADDON(RdKafkaNapiAddon)
