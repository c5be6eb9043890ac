#include "mock_cluster.h"

#include <string>
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
// The group timers take milliseconds in an int and count microseconds in one (ms * 1000): beyond this
// the product overflows.
constexpr int32_t kMaxGroupTimerMs = INT32_MAX / 1000;

// The versions of each API the mock implements: rd_kafka_mock_api_handlers in rdkafka_mock_handlers.c
// (2.12.0, ApiVersions v3 from deps/patches/0002). A version outside them would be parsed and answered
// as another version, which the header forbids ("MaxVersion MUST not exceed the maximum implemented
// value"), so setApiVersion only narrows these, or turns an API off. The mock's own ApiVersions answer
// is checked against this table by test/mock/mock-consumer-additions.test.ts.
struct ServedApi {
  int16_t key;
  int16_t min;
  int16_t max;
  const char* name;
};
constexpr ServedApi kServedApis[] = {
    {0, 0, 10, "Produce"},
    {1, 0, 16, "Fetch"},
    {2, 0, 7, "ListOffsets"},
    {3, 0, 12, "Metadata"},
    {8, 0, 9, "OffsetCommit"},
    {9, 0, 6, "OffsetFetch"},
    {10, 0, 3, "FindCoordinator"},
    {11, 0, 6, "JoinGroup"},
    {12, 0, 5, "Heartbeat"},
    {13, 0, 4, "LeaveGroup"},
    {14, 0, 4, "SyncGroup"},
    {18, 0, 3, "ApiVersions"},
    {22, 0, 4, "InitProducerId"},
    {23, 2, 2, "OffsetForLeaderEpoch"},
    {24, 0, 1, "AddPartitionsToTxn"},
    {25, 0, 1, "AddOffsetsToTxn"},
    {26, 0, 1, "EndTxn"},
    {28, 0, 3, "TxnOffsetCommit"},
    {68, 1, 1, "ConsumerGroupHeartbeat"},
    {71, 0, 0, "GetTelemetrySubscriptions"},
    {72, 0, 0, "PushTelemetry"},
};

const ServedApi* FindServedApi(int32_t key) {
  for (const ServedApi& api : kServedApis) {
    if (api.key == key) return &api;
  }
  return nullptr;
}

// rd_kafka_mock_get_requests' array and the copies in it, freed on every path.
class MockRequests {
 public:
  explicit MockRequests(rd_kafka_mock_cluster_t* cluster) : list_(rd_kafka_mock_get_requests(cluster, &count_)) {}
  ~MockRequests() { rd_kafka_mock_request_destroy_array(list_, count_); }
  MockRequests(const MockRequests&) = delete;
  MockRequests& operator=(const MockRequests&) = delete;

  size_t size() const { return count_; }
  rd_kafka_mock_request_t* operator[](size_t i) const { return list_[i]; }

 private:
  size_t count_ = 0;
  rd_kafka_mock_request_t** list_;
};

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
      InstanceMethod<&MockCluster::PushBrokerRequestErrors>("pushBrokerRequestErrors"),
      InstanceMethod<&MockCluster::SetTopicError>("setTopicError"),
      InstanceMethod<&MockCluster::SetCoordinator>("setCoordinator"),
      InstanceMethod<&MockCluster::SetApiVersion>("setApiVersion"),
      InstanceMethod<&MockCluster::SetGroupInitialRebalanceDelay>("setGroupInitialRebalanceDelay"),
      InstanceMethod<&MockCluster::SetGroupConsumerSessionTimeout>("setGroupConsumerSessionTimeout"),
      InstanceMethod<&MockCluster::SetGroupConsumerHeartbeatInterval>("setGroupConsumerHeartbeatInterval"),
      InstanceMethod<&MockCluster::StartRequestTracking>("startRequestTracking"),
      InstanceMethod<&MockCluster::StopRequestTracking>("stopRequestTracking"),
      InstanceMethod<&MockCluster::Requests>("requests"),
      InstanceMethod<&MockCluster::ClearRequests>("clearRequests"),
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

Napi::Value MockCluster::PushBrokerRequestErrors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_mock_cluster_t* cluster = Open(env);
  int32_t broker = BrokerId(info[0], false);
  int16_t api_key = static_cast<int16_t>(ToInt32InRange(info[1], "apiKey", 0, INT16_MAX));
  if (!info[2].IsArray() || !info[3].IsArray()) throw Napi::TypeError::New(env, "codes and rttsMs must be arrays");
  Napi::Array codes = info[2].As<Napi::Array>();
  Napi::Array rtts = info[3].As<Napi::Array>();
  if (codes.Length() != rtts.Length()) throw Napi::TypeError::New(env, "codes and rttsMs must be as long as each other");
  // Every entry is read before the first is pushed: a bad one leaves the broker's list as it was.
  std::vector<std::pair<rd_kafka_resp_err_t, int>> entries;
  entries.reserve(codes.Length());
  for (uint32_t i = 0; i < codes.Length(); i++) {
    entries.emplace_back(static_cast<rd_kafka_resp_err_t>(ToInt32InRange(codes.Get(i), "error code", INT32_MIN, INT32_MAX)),
                         ToInt32InRange(rtts.Get(i), "rttMs", 0, INT32_MAX));
  }
  // The C API takes its (error, rtt) pairs as variadic arguments only: one call per pair appends them in order.
  for (const auto& [code, rtt_ms] : entries) {
    Check(env, rd_kafka_mock_broker_push_request_error_rtts(cluster, broker, api_key, 1, code, rtt_ms));
  }
  return env.Undefined();
}

Napi::Value MockCluster::SetTopicError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_mock_cluster_t* cluster = Open(env);
  std::string topic = ToTopicName(info[0], "topic");
  // A broker's error code: the mock writes it into a 16-bit field, and librdkafka's own (below -1) are not one.
  auto code = static_cast<rd_kafka_resp_err_t>(ToInt32InRange(info[1], "code", -1, INT16_MAX));
  rd_kafka_mock_topic_set_error(cluster, topic.c_str(), code);
  return env.Undefined();
}

Napi::Value MockCluster::SetCoordinator(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_mock_cluster_t* cluster = Open(env);
  std::string type = ToString(info[0], "type");
  if (type != "group" && type != "transaction") throw Napi::TypeError::New(env, "type must be 'group' or 'transaction'");
  std::string key = ToString(info[1], "key");
  if (key.empty() || key.find('\0') != std::string::npos) throw Napi::TypeError::New(env, "key must be a non-empty string without NUL characters");
  // An existing broker only: the mock's FindCoordinator handler asserts that the coordinator exists.
  int32_t broker = BrokerId(info[2], false);
  return Check(env, rd_kafka_mock_coordinator_set(cluster, type.c_str(), key.c_str(), broker));
}

Napi::Value MockCluster::SetApiVersion(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_mock_cluster_t* cluster = Open(env);
  int32_t key = ToInt32InRange(info[0], "apiKey", 0, INT16_MAX);
  int32_t min = ToInt32InRange(info[1], "minVersion", -1, INT16_MAX);
  int32_t max = ToInt32InRange(info[2], "maxVersion", -1, INT16_MAX);
  const ServedApi* api = FindServedApi(key);
  if (api == nullptr) throw Napi::RangeError::New(env, "apiKey " + std::to_string(key) + " is not an API the mock cluster serves");
  const std::string which = std::string(" for ") + api->name + " (apiKey " + std::to_string(key) + ")";
  if (min == -1 || max == -1) {
    if (min != max) {
      throw Napi::RangeError::New(env, "minVersion and maxVersion must be -1 together (to turn the API off)" + which + ", got " + std::to_string(min) +
                                           " and " + std::to_string(max));
    }
  } else {
    if (min < api->min || min > api->max) {
      throw Napi::RangeError::New(env, "minVersion must be from " + std::to_string(api->min) + " to " + std::to_string(api->max) + which +
                                           " (or -1 to turn it off), got " + std::to_string(min));
    }
    if (max < min || max > api->max) {
      throw Napi::RangeError::New(env, "maxVersion must be from " + std::to_string(min) + " (minVersion) to " + std::to_string(api->max) +
                                           which + ", got " + std::to_string(max));
    }
  }
  return Check(env, rd_kafka_mock_set_apiversion(cluster, static_cast<int16_t>(key), static_cast<int16_t>(min), static_cast<int16_t>(max)));
}

Napi::Value MockCluster::SetGroupInitialRebalanceDelay(const Napi::CallbackInfo& info) {
  rd_kafka_mock_cluster_t* cluster = Open(info.Env());
  rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, ToInt32InRange(info[0], "delayMs", 0, kMaxGroupTimerMs));
  return info.Env().Undefined();
}

Napi::Value MockCluster::SetGroupConsumerSessionTimeout(const Napi::CallbackInfo& info) {
  rd_kafka_mock_cluster_t* cluster = Open(info.Env());
  rd_kafka_mock_set_group_consumer_session_timeout_ms(cluster, ToInt32InRange(info[0], "timeoutMs", 1, kMaxGroupTimerMs));
  return info.Env().Undefined();
}

Napi::Value MockCluster::SetGroupConsumerHeartbeatInterval(const Napi::CallbackInfo& info) {
  rd_kafka_mock_cluster_t* cluster = Open(info.Env());
  rd_kafka_mock_set_group_consumer_heartbeat_interval_ms(cluster, ToInt32InRange(info[0], "intervalMs", 1, kMaxGroupTimerMs));
  return info.Env().Undefined();
}

Napi::Value MockCluster::StartRequestTracking(const Napi::CallbackInfo& info) {
  rd_kafka_mock_start_request_tracking(Open(info.Env()));
  return info.Env().Undefined();
}

Napi::Value MockCluster::StopRequestTracking(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_mock_cluster_t* cluster = Open(env);
  // Stopping discards what was recorded (whatever rdkafka_mock.h says): it is read first, and returned.
  Napi::Value recorded = RequestList(env, cluster);
  rd_kafka_mock_stop_request_tracking(cluster);
  return recorded;
}

Napi::Value MockCluster::Requests(const Napi::CallbackInfo& info) {
  return RequestList(info.Env(), Open(info.Env()));
}

Napi::Value MockCluster::ClearRequests(const Napi::CallbackInfo& info) {
  rd_kafka_mock_clear_requests(Open(info.Env()));
  return info.Env().Undefined();
}

// [apiKey, brokerId, timestampUs] for each request, one after the other. A timestamp in microseconds
// is exact in a double for 285 years of uptime.
Napi::Value MockCluster::RequestList(Napi::Env env, rd_kafka_mock_cluster_t* cluster) {
  MockRequests requests(cluster);
  std::vector<double> flat;
  flat.reserve(requests.size() * 3);
  for (size_t i = 0; i < requests.size(); i++) {
    flat.push_back(rd_kafka_mock_request_api_key(requests[i]));
    flat.push_back(rd_kafka_mock_request_id(requests[i]));
    flat.push_back(static_cast<double>(rd_kafka_mock_request_timestamp(requests[i])));
  }
  return TypedArrayOf<Napi::Float64Array>(env, flat);
}

Napi::Value MockCluster::JsClose(const Napi::CallbackInfo& info) {
  Close();
  return info.Env().Undefined();
}

}  // namespace rdkafka_napi
