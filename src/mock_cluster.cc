#include "mock_cluster.h"

#include <vector>

#include "addon.h"
#include "client/convert.h"
#include "client/errors.h"
#include "util/js_boundary.h"
#include "util/js_values.h"

namespace rdkafka_napi {
namespace {

// librdkafka's mock cluster trusts its arguments (a negative partition count or index is
// memory corruption), so every number is range-checked here before it gets there.
constexpr int32_t kMaxBrokers = 64;
constexpr int32_t kMaxPartitions = 10000;

}  // namespace

Napi::Function MockCluster::Define(Napi::Env env) {
  return DefineClass(env, "MockCluster", {
      InstanceMethod<&MockCluster::BootstrapServers>("bootstrapServers"),
      InstanceMethod<&MockCluster::CreateTopic>("createTopic"),
      InstanceMethod<&MockCluster::SetBrokerDown>("setBrokerDown"),
      InstanceMethod<&MockCluster::SetBrokerUp>("setBrokerUp"),
      InstanceMethod<&MockCluster::SetBrokerRtt>("setBrokerRtt"),
      InstanceMethod<&MockCluster::SetPartitionLeader>("setPartitionLeader"),
      InstanceMethod<&MockCluster::PushRequestErrors>("pushRequestErrors"),
      InstanceMethod<&MockCluster::ClearRequestErrors>("clearRequestErrors"),
      InstanceMethod<&MockCluster::JsClose>("close"),
  });
}

MockCluster::MockCluster(const Napi::CallbackInfo& info) : Napi::ObjectWrap<MockCluster>(info) {
  Napi::Env env = info.Env();
  int32_t brokers = ToInt32InRange(info[0], "brokers", 1, kMaxBrokers);

  char errstr[512];
  ConfPtr conf(rd_kafka_conf_new());
  // The hidden client never connects anywhere; its log lines would only be noise.
  rd_kafka_conf_set_log_cb(conf.get(), nullptr);
  KafkaPtr rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof(errstr)));
  if (!rk) throw MakeKafkaError(env, ErrorKind::MockCluster, RD_KAFKA_RESP_ERR__FAIL, errstr);
  conf.release();  // rd_kafka_new took it
  MockClusterPtr cluster(rd_kafka_mock_cluster_new(rk.get(), brokers));
  if (!cluster) throw MakeKafkaError(env, ErrorKind::MockCluster, RD_KAFKA_RESP_ERR__FAIL, "could not start the mock cluster");
  rk_ = std::move(rk);
  cluster_ = std::move(cluster);
  broker_count_ = brokers;
  Addon::Of(env).reaper.Add(this);
  // Clients may know the cluster only by its bootstrap servers: it must not be collected while it
  // serves them. Held until close() (or the environment's teardown, through the reaper).
  Ref();
  held_ = true;
}

MockCluster::~MockCluster() { Close(); }

void MockCluster::Close() {
  if (!cluster_) return;
  AtBoundary(Env(), [&] {
    Addon::Of(Env()).reaper.Remove(this);
    cluster_.reset();
    rk_.reset();
    if (held_) {
      held_ = false;
      Unref();
    }
  });
}

rd_kafka_mock_cluster_t* MockCluster::Open(Napi::Env env) {
  if (!cluster_) throw ClosedError(env, "the mock cluster is closed");
  return cluster_.get();
}

int32_t MockCluster::BrokerId(Napi::Value value, bool allow_all) {
  return ToInt32InRange(value, "broker id", allow_all ? -1 : 1, broker_count_);
}

Napi::Value MockCluster::Check(Napi::Env env, rd_kafka_resp_err_t err) {
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw MakeKafkaError(env, ErrorKind::MockCluster, err);
  return env.Undefined();
}

Napi::Value MockCluster::BootstrapServers(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), rd_kafka_mock_cluster_bootstraps(Open(info.Env())));
}

Napi::Value MockCluster::CreateTopic(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_mock_cluster_t* cluster = Open(env);
  std::string topic = ToTopicName(info[0], "topic");
  int32_t partitions = ToInt32InRange(info[1], "partitions", 1, kMaxPartitions);
  int32_t replication = ToInt32InRange(info[2], "replicationFactor", 1, broker_count_);
  return Check(env, rd_kafka_mock_topic_create(cluster, topic.c_str(), partitions, replication));
}

Napi::Value MockCluster::SetBrokerDown(const Napi::CallbackInfo& info) {
  rd_kafka_mock_cluster_t* cluster = Open(info.Env());
  return Check(info.Env(), rd_kafka_mock_broker_set_down(cluster, BrokerId(info[0], true)));
}

Napi::Value MockCluster::SetBrokerUp(const Napi::CallbackInfo& info) {
  rd_kafka_mock_cluster_t* cluster = Open(info.Env());
  return Check(info.Env(), rd_kafka_mock_broker_set_up(cluster, BrokerId(info[0], true)));
}

Napi::Value MockCluster::SetBrokerRtt(const Napi::CallbackInfo& info) {
  rd_kafka_mock_cluster_t* cluster = Open(info.Env());
  int32_t broker = BrokerId(info[0], true);
  int32_t rtt_ms = ToInt32InRange(info[1], "rttMs", 0, INT32_MAX);
  return Check(info.Env(), rd_kafka_mock_broker_set_rtt(cluster, broker, rtt_ms));
}

Napi::Value MockCluster::SetPartitionLeader(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_mock_cluster_t* cluster = Open(env);
  std::string topic = ToTopicName(info[0], "topic");
  int32_t partition = ToInt32InRange(info[1], "partition", 0, kMaxPartitions - 1);
  // -1 leaves the partition without a leader.
  int32_t broker = BrokerId(info[2], true);
  return Check(env, rd_kafka_mock_partition_set_leader(cluster, topic.c_str(), partition, broker));
}

Napi::Value MockCluster::PushRequestErrors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_mock_cluster_t* cluster = Open(env);
  int16_t api_key = static_cast<int16_t>(ToInt32InRange(info[0], "apiKey", 0, INT16_MAX));
  if (!info[1].IsArray()) throw Napi::TypeError::New(env, "codes must be an array of error codes");
  Napi::Array list = info[1].As<Napi::Array>();
  std::vector<rd_kafka_resp_err_t> codes;
  codes.reserve(list.Length());
  for (uint32_t i = 0; i < list.Length(); i++) {
    codes.push_back(static_cast<rd_kafka_resp_err_t>(ToInt32InRange(list.Get(i), "error code", INT32_MIN, INT32_MAX)));
  }
  rd_kafka_mock_push_request_errors_array(cluster, api_key, codes.size(), codes.data());
  return env.Undefined();
}

Napi::Value MockCluster::ClearRequestErrors(const Napi::CallbackInfo& info) {
  rd_kafka_mock_cluster_t* cluster = Open(info.Env());
  rd_kafka_mock_clear_request_errors(cluster, static_cast<int16_t>(ToInt32InRange(info[0], "apiKey", 0, INT16_MAX)));
  return info.Env().Undefined();
}

Napi::Value MockCluster::JsClose(const Napi::CallbackInfo& info) {
  Close();
  return info.Env().Undefined();
}

}  // namespace rdkafka_napi
