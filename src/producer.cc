#include "producer.h"

#include "addon.h"

namespace rdkafka_napi {

Napi::Function Producer::Define(Napi::Env env) {
  return DefineClass(env, "Producer", {
      InstanceMethod<&Producer::Name>("name"),
      InstanceMethod<&Producer::FetchMetadata>("fetchMetadata"),
      InstanceMethod<&Producer::CloseMethod>("close"),
  });
}

Producer::Producer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Producer>(info) {
  Napi::Env env = info.Env();
  ClientError error;
  client_ = Client::Create(RD_KAFKA_PRODUCER, ToConfigEntries(info[0]), error);
  if (!client_) throw MakeKafkaError(env, error.kind, error.code, error.message);
  closed_ = false;
  Addon::Of(env).reaper.Add(this);
}

Producer::~Producer() { Close(); }

void Producer::Close() {
  if (closed_) return;
  closed_ = true;
  Napi::Env env = Env();
  Addon::Of(env).reaper.Remove(this);
  calls_.Stop(env, [](Napi::Env env) { return MakeKafkaError(env, "Closed", RD_KAFKA_RESP_ERR__DESTROY).Value(); });
  client_.reset();
}

Client& Producer::OpenClient(Napi::Env env) {
  if (closed_) throw MakeKafkaError(env, "Closed", RD_KAFKA_RESP_ERR__DESTROY);
  return *client_;
}

Napi::Value Producer::Name(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), OpenClient(info.Env()).Name());
}

Napi::Value Producer::FetchMetadata(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Client& client = OpenClient(env);
  std::shared_ptr<std::string> topic;
  if (!info[0].IsNull() && !info[0].IsUndefined()) topic = std::make_shared<std::string>(ToTopicName(info[0], "topic"));
  int timeout_ms = ToInt32InRange(info[1], "timeoutMs", -1, INT32_MAX);

  Ref();  // the object, and so its client, stays alive until the promise settles
  return calls_.Run(env, [this, &client, topic, timeout_ms]() -> BlockingCalls::Settle {
    const rd_kafka_metadata_t* metadata = nullptr;
    rd_kafka_resp_err_t err = client.FetchMetadata(topic.get(), timeout_ms, &metadata);
    return [this, err, metadata](Napi::Env env, Napi::Promise::Deferred& deferred) {
      Unref();
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        deferred.Reject(MakeKafkaError(env, "MetadataFetch", err).Value());
        return;
      }
      Napi::Object result = MetadataToJs(env, *metadata);
      rd_kafka_metadata_destroy(metadata);
      deferred.Resolve(result);
    };
  });
}

Napi::Value Producer::CloseMethod(const Napi::CallbackInfo& info) {
  Close();
  return info.Env().Undefined();
}

}  // namespace rdkafka_napi
