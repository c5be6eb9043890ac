#include "client/errors.h"

#include "addon.h"

namespace rdkafka_napi {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::ClientConfig:
      return "ClientConfig";
    case ErrorKind::ClientCreation:
      return "ClientCreation";
    case ErrorKind::MessageProduction:
      return "MessageProduction";
    case ErrorKind::MetadataFetch:
      return "MetadataFetch";
    case ErrorKind::Closed:
      return "Closed";
    case ErrorKind::MockCluster:
      return "MockCluster";
  }
  return "Global";
}

Napi::Error MakeKafkaError(Napi::Env env, ErrorKind kind, rd_kafka_resp_err_t code, const std::string& detail) {
  Napi::FunctionReference& factory = Addon::Of(env).error_factory;
  if (!factory.IsEmpty()) {
    Napi::Value error = factory.Call({Napi::String::New(env, ErrorKindName(kind)), Napi::Number::New(env, code),
                                      Napi::String::New(env, detail)});
    return Napi::Error(env, error);
  }
  // Only reachable before the TypeScript layer has loaded.
  Napi::Error error = Napi::Error::New(env, detail.empty() ? rd_kafka_err2str(code) : detail);
  error.Set("kind", ErrorKindName(kind));
  error.Set("code", Napi::Number::New(env, code));
  return error;
}

Napi::Error ClosedError(Napi::Env env, const std::string& detail) {
  return MakeKafkaError(env, ErrorKind::Closed, RD_KAFKA_RESP_ERR__DESTROY, detail);
}

}  // namespace rdkafka_napi
