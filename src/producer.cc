#include "producer.h"

#include <optional>

#include "addon.h"
#include "timeout_slices.h"

namespace rdkafka_napi {
namespace {

Napi::Error ClosedError(Napi::Env env) {
  return MakeKafkaError(env, "Closed", RD_KAFKA_RESP_ERR__DESTROY, "this producer is closed");
}

// A blocking call still running when the producer is closed ends with this; its librdkafka call
// finishes on its own thread and the result is dropped.
Napi::Value ClosedWhileRunning(Napi::Env env) {
  return MakeKafkaError(env, "Closed", RD_KAFKA_RESP_ERR__DESTROY, "the producer was closed before this call finished").Value();
}

// Flushes are made of calls this long, so that closing the producer does not wait out the timeout.
constexpr int kSliceMs = 100;

// What a transactional call's rd_kafka_error_t says, copied so it can cross threads.
struct TxnOutcome {
  bool failed = false;
  rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string message;
  bool fatal = false;
  bool retriable = false;
  bool requires_abort = false;

  explicit TxnOutcome(rd_kafka_error_t* error) {
    if (error == nullptr) return;
    failed = true;
    code = rd_kafka_error_code(error);
    message = rd_kafka_error_string(error);
    fatal = rd_kafka_error_is_fatal(error);
    retriable = rd_kafka_error_is_retriable(error);
    requires_abort = rd_kafka_error_txn_requires_abort(error);
    rd_kafka_error_destroy(error);
  }

  Napi::Value ToJs(Napi::Env env) const {
    if (!failed) return env.Null();
    Napi::Array result = Napi::Array::New(env, 5);
    result.Set(0u, Napi::Number::New(env, code));
    result.Set(1u, Napi::String::New(env, message));
    result.Set(2u, Napi::Boolean::New(env, fatal));
    result.Set(3u, Napi::Boolean::New(env, retriable));
    result.Set(4u, Napi::Boolean::New(env, requires_abort));
    return result;
  }
};

}  // namespace

Napi::Function Producer::Define(Napi::Env env) {
  return DefineClass(env, "Producer", {
      InstanceMethod<&Producer::Name>("name"),
      InstanceMethod<&Producer::RegisterTopic>("registerTopic"),
      InstanceMethod<&Producer::FlushNow>("flushNow"),
      InstanceMethod<&Producer::Flush>("flush"),
      InstanceMethod<&Producer::Purge>("purge"),
      InstanceMethod<&Producer::OutqLen>("outqLen"),
      InstanceMethod<&Producer::SetActive>("setActive"),
      InstanceMethod<&Producer::StopPollThread>("stopPollThread"),
      InstanceMethod<&Producer::Destroy>("destroy"),
      InstanceMethod<&Producer::FetchMetadata>("fetchMetadata"),
      InstanceMethod<&Producer::FetchWatermarks>("fetchWatermarks"),
      InstanceMethod<&Producer::FatalError>("fatalError"),
      InstanceMethod<&Producer::TestFatalError>("testFatalError"),
      InstanceMethod<&Producer::SetLogLevel>("setLogLevel"),
      InstanceMethod<&Producer::InitTransactions>("initTransactions"),
      InstanceMethod<&Producer::BeginTransaction>("beginTransaction"),
      InstanceMethod<&Producer::SendOffsetsToTransaction>("sendOffsetsToTransaction"),
      InstanceMethod<&Producer::CommitTransaction>("commitTransaction"),
      InstanceMethod<&Producer::AbortTransaction>("abortTransaction"),
      InstanceMethod<&Producer::CloseMethod>("close"),
  });
}

// new Producer(entries, withPollThread); the entries carry log_level.
Producer::Producer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Producer>(info) {
  Napi::Env env = info.Env();
  ClientError error;
  client_ = Client::Create(RD_KAFKA_PRODUCER, ToConfigEntries(info[0]), error);
  if (!client_) throw MakeKafkaError(env, error.kind, error.code, error.message);
  Napi::Object self = info.This().As<Napi::Object>();
  bound_ = new BoundTarget(this);
  bound_->Define(env, self, "send", &Producer::SendCallback);
  bound_->Define(env, self, "poll", &Producer::PollCallback);
  if (info[1].ToBoolean()) {
    poll_thread_ = std::make_unique<PollThread>(env, client_->handle(), [this](Napi::Env env) { DrainReports(env); });
  } else {
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, sizeof(int32_t));
    reports_waiting_ = static_cast<int32_t*>(buffer.Data());
    *reports_waiting_ = 1;  // whatever is already queued is served by the first poll
    reports_waiting_buffer_ = Napi::Persistent(buffer);
    self.Set("reportsWaiting", buffer);
    rd_kafka_queue_cb_event_enable(client_->main_queue(), &Producer::OnReportsWaiting, reports_waiting_);
  }
  closed_ = false;
  Addon::Of(env).reaper.Add(this);
}

Producer::~Producer() {
  Close();
  bound_->Detach();
}

void Producer::OnReportsWaiting(rd_kafka_t*, void* flag) {
  __atomic_store_n(static_cast<int32_t*>(flag), 1, __ATOMIC_RELEASE);
}

void Producer::Close() {
  AtBoundary(Env(), [&] { Shutdown(Env(), nullptr); });
}

void Producer::Shutdown(Napi::Env env, const BlockingCalls::CancelError& cancel) {
  if (closed_) return;
  closed_ = true;
  Addon::Of(env).reaper.Remove(this);
  // Disabling takes the queue's lock: once it returns, librdkafka no longer touches the flag.
  if (reports_waiting_ != nullptr) rd_kafka_queue_cb_event_enable(client_->main_queue(), nullptr, nullptr);
  if (poll_thread_) poll_thread_->Stop();
  calls_.Stop(env, cancel);
  poll_thread_.reset();  // drops batches nobody dispatched, releasing their events
  client_.reset();       // destroyed here, or by a blocking call still running, on its thread
}

const std::shared_ptr<Client>& Producer::OpenClient(Napi::Env env) {
  if (closed_ || !client_) throw ClosedError(env);
  return client_;
}

Napi::Promise Producer::RunBlocking(Napi::Env env, BlockingCalls::Work work) {
  Napi::Promise promise = calls_.Run(env, std::move(work), [this]() { Unref(); });
  Ref();  // this object stays alive until the call has ended
  return promise;
}

Napi::Value Producer::Name(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), OpenClient(info.Env())->Name());
}

// registerTopic(name) -> id. Topic handles are created once and named by their index, which is
// also their opaque, so delivery reports carry a number instead of a string.
Napi::Value Producer::RegisterTopic(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Client& client = *OpenClient(env);
  uint32_t id;
  rd_kafka_resp_err_t err = client.AddTopic(ToTopicName(info[0], "topic"), &id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw MakeKafkaError(env, "MessageProduction", err);
  return Napi::Number::New(env, id);
}

// send(topicId, partition, opaqueId, shape, payload, key, headers, timestamp) -> error code (0 =
// queued). `shape` says which of the last four are present (kHas* bits), so absent ones cost nothing:
// no conversion, and no field for librdkafka to read. Validated in TypeScript; this is the hot path.
namespace {
constexpr uint32_t kHasPayload = 1;
constexpr uint32_t kHasKey = 2;
constexpr uint32_t kHasHeaders = 4;
constexpr uint32_t kHasTimestamp = 8;
}  // namespace

napi_value Producer::SendCallback(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  Producer* self = BoundTarget::Object<Producer>(env, info, 8, argv);
  return GuardedCall(env, [&] {
    if (self == nullptr) throw ClosedError(env);
    return self->Send(env, argv);
  });
}

napi_value Producer::Send(napi_env env, napi_value* argv) {
  if (closed_ || !client_) throw ClosedError(env);
  // TypeScript has checked the values; these reads still must not leave anything undefined if it has not.
  uint32_t topic_id = 0;
  int32_t partition = RD_KAFKA_PARTITION_UA;
  uint32_t opaque = 0;
  uint32_t shape = 0;
  if (napi_get_value_uint32(env, argv[0], &topic_id) != napi_ok || napi_get_value_int32(env, argv[1], &partition) != napi_ok ||
      napi_get_value_uint32(env, argv[2], &opaque) != napi_ok || napi_get_value_uint32(env, argv[3], &shape) != napi_ok) {
    throw Napi::TypeError::New(Napi::Env(env), "send: the topic id, partition, opaque id and shape must be numbers");
  }
  rd_kafka_topic_t* topic = client_->topic(topic_id);
  if (topic == nullptr) throw Napi::RangeError::New(Napi::Env(env), "unknown topic id");
  if (partition < RD_KAFKA_PARTITION_UA) throw Napi::RangeError::New(Napi::Env(env), "record.partition must be >= -1");

  rd_kafka_vu_t fields[8];
  size_t count = 0;
  fields[count].vtype = RD_KAFKA_VTYPE_RKT;
  fields[count++].u.rkt = topic;
  fields[count].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  fields[count++].u.i = RD_KAFKA_MSG_F_COPY;
  fields[count].vtype = RD_KAFKA_VTYPE_OPAQUE;
  fields[count++].u.ptr = reinterpret_cast<void*>(static_cast<uintptr_t>(opaque));
  if (partition != RD_KAFKA_PARTITION_UA) {
    fields[count].vtype = RD_KAFKA_VTYPE_PARTITION;
    fields[count++].u.i32 = partition;
  }
  // Views into the JS values (or their UTF-8): alive until librdkafka has copied them.
  std::optional<ByteView> payload;
  std::optional<ByteView> key;
  if (shape & kHasPayload) {
    payload.emplace(env, argv[4], "record.payload");
    fields[count].vtype = RD_KAFKA_VTYPE_VALUE;
    fields[count].u.mem.ptr = const_cast<void*>(payload->data());
    fields[count++].u.mem.size = payload->size();
  }
  if (shape & kHasKey) {
    key.emplace(env, argv[5], "record.key");
    fields[count].vtype = RD_KAFKA_VTYPE_KEY;
    fields[count].u.mem.ptr = const_cast<void*>(key->data());
    fields[count++].u.mem.size = key->size();
  }
  if (shape & kHasTimestamp) {
    int64_t timestamp = 0;
    // Unlike a cast from double, defined for every number (NaN is 0, beyond int64 saturates).
    if (napi_get_value_int64(env, argv[7], &timestamp) != napi_ok || timestamp < 0) {
      throw Napi::TypeError::New(Napi::Env(env), "record.timestamp must be whole milliseconds since the epoch (>= 0)");
    }
    fields[count].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    fields[count++].u.i64 = timestamp;
  }
  rd_kafka_headers_t* headers = nullptr;
  if (shape & kHasHeaders) {
    headers = ToHeaders(env, argv[6]);
    fields[count].vtype = RD_KAFKA_VTYPE_HEADERS;
    fields[count++].u.headers = headers;
  }

  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  if (rd_kafka_error_t* error = rd_kafka_produceva(client_->handle(), fields, count)) {
    // As rd_kafka_producev (and rust-rdkafka) report it: a fatal error as __FATAL, its cause in fatalError().
    err = rd_kafka_error_is_fatal(error) ? RD_KAFKA_RESP_ERR__FATAL : rd_kafka_error_code(error);
    rd_kafka_error_destroy(error);
    // librdkafka owns the headers only once the message is accepted.
    if (headers != nullptr) rd_kafka_headers_destroy(headers);
  }
  napi_value result;
  napi_create_int32(env, err, &result);
  return result;
}

// poll(timeoutMs) -> batch, or null when nothing came within the timeout. Waits for the first
// event only, then takes whatever else is already there (rd_kafka_poll's semantics).
napi_value Producer::PollCallback(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  Producer* self = BoundTarget::Object<Producer>(env, info, 1, argv);
  return GuardedCall(env, [&] {
    if (self == nullptr) throw ClosedError(env);
    return self->Poll(env, argv[0]);
  });
}

napi_value Producer::Poll(napi_env env, napi_value timeout) {
  rd_kafka_queue_t* queue = OpenClient(env)->main_queue();
  int timeout_ms = ToInt32InRange(Napi::Value(env, timeout), "timeoutMs", -1, INT32_MAX);
  // Cleared before taking: a report arriving after the queue is found empty sets it again.
  if (reports_waiting_ != nullptr) __atomic_store_n(reports_waiting_, 0, __ATOMIC_SEQ_CST);
  DeliveryBatch batch;
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, timeout_ms);
  while (event != nullptr) {
    batch.Add(event);
    event = rd_kafka_queue_poll(queue, 0);
  }
  if (batch.event_count() == 0) return Napi::Env(env).Null();
  return batch.ToJs(env);
}

// flushNow() -> rd_kafka_flush(rk, 0): 0 when nothing is outstanding, else OperationTimedOut.
Napi::Value Producer::FlushNow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Number::New(env, rd_kafka_flush(OpenClient(env)->handle(), 0));
}

// flush(timeoutMs) -> Promise<error code>, waiting on a thread of its own while the poll thread
// serves the reports: resolves 0 once every message is resolved and its report dispatched.
Napi::Value Producer::Flush(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<Client> client = OpenClient(env);
  int timeout_ms = ToInt32InRange(info[0], "timeoutMs", -1, INT32_MAX);
  return RunBlocking(env, [client, timeout_ms](const BlockingCalls::Stopping& stopping) -> BlockingCalls::Settle {
    TimeoutSlices slices(timeout_ms, kSliceMs);
    rd_kafka_resp_err_t err;
    do {
      err = rd_kafka_flush(client->handle(), slices.Next());
    } while (err == RD_KAFKA_RESP_ERR__TIMED_OUT && slices.Again(stopping));
    return [err](Napi::Env env, Napi::Promise::Deferred& deferred) { deferred.Resolve(Napi::Number::New(env, err)); };
  });
}

Napi::Value Producer::Purge(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  int flags = ToInt32InRange(info[0], "flags", 0, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT | RD_KAFKA_PURGE_F_NON_BLOCKING);
  return Napi::Number::New(env, rd_kafka_purge(rk, flags));
}

Napi::Value Producer::OutqLen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Number::New(env, rd_kafka_outq_len(OpenClient(env)->handle()));
}

// setActive(bool): while messages are in flight, this object and the event loop stay alive, so
// their reports are delivered; once idle, neither is held (an idle producer lets the process exit).
Napi::Value Producer::SetActive(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  bool active = info[0].ToBoolean();
  if (closed_ || active == active_) return env.Undefined();
  active_ = active;
  if (active) {
    Ref();
  } else {
    Unref();
  }
  if (poll_thread_) poll_thread_->SetActive(env, active);
  return env.Undefined();
}

// stopPollThread(): joins the poll thread, then dispatches what it had gathered.
Napi::Value Producer::StopPollThread(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (poll_thread_) {
    poll_thread_->Stop();
    DrainReports(env);
    poll_thread_.reset();
  }
  return env.Undefined();
}

// destroy() -> Promise: rd_kafka_destroy on a thread of its own (it may take a while), after
// which only close() remains.
Napi::Value Producer::Destroy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<Client> client = OpenClient(env);
  if (poll_thread_) throw Napi::Error::New(env, "stop the poll thread before destroying the producer");
  client_.reset();
  // Moved into the work, which is then the last owner (or a running call is): released on the call's
  // thread, never on this one, whichever thread is quicker.
  return RunBlocking(env, [client = std::move(client)](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
    return [](Napi::Env env, Napi::Promise::Deferred& deferred) { deferred.Resolve(env.Undefined()); };
  });
}

void Producer::DrainReports(Napi::Env env) {
  if (!poll_thread_) return;
  Napi::Value handler = Value().Get("onReports");
  if (!handler.IsFunction()) return;  // nothing can dispatch them; they stay queued until close
  Napi::Function on_reports = handler.As<Napi::Function>();
  for (std::unique_ptr<DeliveryBatch>& batch : poll_thread_->Take()) {
    Napi::Object reports = batch->ToJs(env);
    // The TS dispatcher catches user exceptions itself; anything escaping here is a bug there.
    on_reports.Call(Value(), {reports});
    batch.reset();  // only now do the messages stop counting against the queue
  }
}

Napi::Value Producer::FetchMetadata(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<Client> client = OpenClient(env);
  std::shared_ptr<std::string> topic;
  if (!info[0].IsNull() && !info[0].IsUndefined()) topic = std::make_shared<std::string>(ToTopicName(info[0], "topic"));
  int timeout_ms = ToInt32InRange(info[1], "timeoutMs", -1, INT32_MAX);
  return RunBlocking(env, [client, topic, timeout_ms](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
    const rd_kafka_metadata_t* raw = nullptr;
    rd_kafka_resp_err_t err = client->FetchMetadata(topic.get(), timeout_ms, &raw);
    // Freed whichever way the call ends, including when it is never delivered.
    std::shared_ptr<const rd_kafka_metadata_t> metadata(raw, [](const rd_kafka_metadata_t* m) {
      if (m != nullptr) rd_kafka_metadata_destroy(m);
    });
    return [err, metadata](Napi::Env env, Napi::Promise::Deferred& deferred) {
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        deferred.Reject(MakeKafkaError(env, "MetadataFetch", err).Value());
        return;
      }
      deferred.Resolve(MetadataToJs(env, *metadata));
    };
  });
}

// fetchWatermarks(topic, partition, timeoutMs) -> Promise<{ low, high }>
Napi::Value Producer::FetchWatermarks(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<Client> client = OpenClient(env);
  std::string topic = ToTopicName(info[0], "topic");
  int32_t partition = ToInt32InRange(info[1], "partition", 0, INT32_MAX);
  int timeout_ms = ToInt32InRange(info[2], "timeoutMs", -1, INT32_MAX);
  return RunBlocking(env, [client, topic, partition, timeout_ms](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
    int64_t low = 0;
    int64_t high = 0;
    rd_kafka_resp_err_t err =
        rd_kafka_query_watermark_offsets(client->handle(), topic.c_str(), partition, &low, &high, timeout_ms);
    return [err, low, high](Napi::Env env, Napi::Promise::Deferred& deferred) {
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        deferred.Reject(MakeKafkaError(env, "MetadataFetch", err).Value());
        return;
      }
      Napi::Object result = Napi::Object::New(env);
      result.Set("low", Napi::Number::New(env, static_cast<double>(low)));
      result.Set("high", Napi::Number::New(env, static_cast<double>(high)));
      deferred.Resolve(result);
    };
  });
}

// fatalError() -> null | [code, reason]
Napi::Value Producer::FatalError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  char reason[512];
  rd_kafka_resp_err_t err = rd_kafka_fatal_error(OpenClient(env)->handle(), reason, sizeof(reason));
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return env.Null();
  Napi::Array result = Napi::Array::New(env, 2);
  result.Set(0u, Napi::Number::New(env, err));
  result.Set(1u, Napi::String::New(env, reason));
  return result;
}

// testFatalError(code, reason): librdkafka's test hook that raises a fatal error.
Napi::Value Producer::TestFatalError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  auto code = static_cast<rd_kafka_resp_err_t>(ToInt32InRange(info[0], "code", INT32_MIN, INT32_MAX));
  std::string reason = info[1].As<Napi::String>().Utf8Value();
  return Napi::Number::New(env, rd_kafka_test_fatal_error(rk, code, reason.c_str()));
}

Napi::Value Producer::SetLogLevel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_set_log_level(OpenClient(env)->handle(), ToInt32InRange(info[0], "logLevel", 0, 7));
  return env.Undefined();
}

Napi::Promise Producer::RunTransactional(Napi::Env env, std::function<rd_kafka_error_t*(rd_kafka_t*)> call) {
  std::shared_ptr<Client> client = OpenClient(env);
  return RunBlocking(env, [client, call = std::move(call)](const BlockingCalls::Stopping&) -> BlockingCalls::Settle {
    auto outcome = std::make_shared<TxnOutcome>(call(client->handle()));
    return [outcome](Napi::Env env, Napi::Promise::Deferred& deferred) { deferred.Resolve(outcome->ToJs(env)); };
  });
}

Napi::Value Producer::InitTransactions(const Napi::CallbackInfo& info) {
  int timeout_ms = ToInt32InRange(info[0], "timeoutMs", -1, INT32_MAX);
  return RunTransactional(info.Env(), [timeout_ms](rd_kafka_t* rk) { return rd_kafka_init_transactions(rk, timeout_ms); });
}

// beginTransaction() -> null | error tuple. Does not block.
Napi::Value Producer::BeginTransaction(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return TxnOutcome(rd_kafka_begin_transaction(OpenClient(env)->handle())).ToJs(env);
}

// sendOffsetsToTransaction([[topic, partition, offset], ...], groupId, timeoutMs)
Napi::Value Producer::SendOffsetsToTransaction(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "offsets must be an array");
  Napi::Array list = info[0].As<Napi::Array>();
  // Owned by the call, whichever way it ends.
  auto offsets = std::shared_ptr<rd_kafka_topic_partition_list_t>(rd_kafka_topic_partition_list_new(static_cast<int>(list.Length())),
                                                                  rd_kafka_topic_partition_list_destroy);
  for (uint32_t i = 0; i < list.Length(); i++) {
    Napi::Array entry = list.Get(i).As<Napi::Array>();
    std::string topic = ToTopicName(entry.Get(0u), "offsets[].topic");
    int32_t partition = ToInt32InRange(entry.Get(1u), "offsets[].partition", 0, INT32_MAX);
    double offset = entry.Get(2u).As<Napi::Number>().DoubleValue();
    rd_kafka_topic_partition_list_add(offsets.get(), topic.c_str(), partition)->offset = static_cast<int64_t>(offset);
  }
  std::string group_id = info[1].As<Napi::String>().Utf8Value();
  int timeout_ms = ToInt32InRange(info[2], "timeoutMs", -1, INT32_MAX);
  return RunTransactional(env, [offsets, group_id, timeout_ms](rd_kafka_t* rk) {
    rd_kafka_consumer_group_metadata_t* group = rd_kafka_consumer_group_metadata_new(group_id.c_str());
    rd_kafka_error_t* error = rd_kafka_send_offsets_to_transaction(rk, offsets.get(), group, timeout_ms);
    rd_kafka_consumer_group_metadata_destroy(group);
    return error;
  });
}

Napi::Value Producer::CommitTransaction(const Napi::CallbackInfo& info) {
  int timeout_ms = ToInt32InRange(info[0], "timeoutMs", -1, INT32_MAX);
  return RunTransactional(info.Env(), [timeout_ms](rd_kafka_t* rk) { return rd_kafka_commit_transaction(rk, timeout_ms); });
}

Napi::Value Producer::AbortTransaction(const Napi::CallbackInfo& info) {
  int timeout_ms = ToInt32InRange(info[0], "timeoutMs", -1, INT32_MAX);
  return RunTransactional(info.Env(), [timeout_ms](rd_kafka_t* rk) { return rd_kafka_abort_transaction(rk, timeout_ms); });
}

Napi::Value Producer::CloseMethod(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (active_) {
    active_ = false;
    Unref();
  }
  Shutdown(env, ClosedWhileRunning);
  return env.Undefined();
}

}  // namespace rdkafka_napi
