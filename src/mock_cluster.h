#pragma once
// librdkafka's in-process mock Kafka cluster: real Kafka protocol on loopback sockets, with
// fault injection. Owns a hidden client handle, as the mock cluster needs one to run on.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <napi.h>

#include "client/rd_ptr.h"
#include "util/reaper.h"

namespace rdkafka_napi {

class MockCluster : public Napi::ObjectWrap<MockCluster>, public Closable {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit MockCluster(const Napi::CallbackInfo& info);
  ~MockCluster() override;

  // Stops the cluster and its hidden client; from close(), the reaper, or garbage collection. Idempotent.
  void Close() override;

 private:
  Napi::Value BootstrapServers(const Napi::CallbackInfo& info);
  Napi::Value CreateTopic(const Napi::CallbackInfo& info);
  Napi::Value SetBrokerDown(const Napi::CallbackInfo& info);
  Napi::Value SetBrokerUp(const Napi::CallbackInfo& info);
  Napi::Value SetBrokerRtt(const Napi::CallbackInfo& info);
  Napi::Value SetPartitionLeader(const Napi::CallbackInfo& info);
  Napi::Value PushRequestErrors(const Napi::CallbackInfo& info);
  Napi::Value ClearRequestErrors(const Napi::CallbackInfo& info);
  Napi::Value PushBrokerRequestErrors(const Napi::CallbackInfo& info);
  Napi::Value SetTopicError(const Napi::CallbackInfo& info);
  Napi::Value SetCoordinator(const Napi::CallbackInfo& info);
  Napi::Value SetApiVersion(const Napi::CallbackInfo& info);
  Napi::Value SetGroupInitialRebalanceDelay(const Napi::CallbackInfo& info);
  Napi::Value SetGroupConsumerSessionTimeout(const Napi::CallbackInfo& info);
  Napi::Value SetGroupConsumerHeartbeatInterval(const Napi::CallbackInfo& info);
  Napi::Value StartRequestTracking(const Napi::CallbackInfo& info);
  Napi::Value StopRequestTracking(const Napi::CallbackInfo& info);
  Napi::Value Requests(const Napi::CallbackInfo& info);
  Napi::Value ClearRequests(const Napi::CallbackInfo& info);
  Napi::Value JsClose(const Napi::CallbackInfo& info);

  rd_kafka_mock_cluster_t* Open(Napi::Env env);
  int32_t BrokerId(Napi::Value value, bool allow_all);
  Napi::Value RequestList(Napi::Env env, rd_kafka_mock_cluster_t* cluster);
  Napi::Value Check(Napi::Env env, rd_kafka_resp_err_t err);

  // Destroyed in reverse order: the cluster before the client it runs on.
  KafkaPtr rk_;
  MockClusterPtr cluster_;
  int32_t broker_count_ = 0;
  bool held_ = false;  // a strong reference to this object, while the cluster serves
};

}  // namespace rdkafka_napi
