#include "producer/producer.h"

#include "producer/message_fields.h"
#include "producer/staged_records.h"
#include "util/timeout_slices.h"

#include <algorithm>
#include <cstdlib>

namespace rdkafka_napi {
namespace {

// Flushes are made of calls this long, so that closing the producer does not wait out the timeout.
constexpr int kSliceMs = 100;

// Upper bound of events gathered into one batch before JS is woken (one delivery event may itself carry
// thousands of messages).
constexpr size_t kMaxEventsPerBatch = 1024;

// Reports waiting for JavaScript beyond which a poll thread releases their messages at once (PollThread): JavaScript
// that keeps up never has that many (about 10 MB of messages at 100 B), a loop that never yields soon does.
constexpr size_t kReleaseAfterMessages = 32768;

// sendMany's records per call (STAGED_RECORDS in ts/producer/send-staging.ts), and so its arguments: the staging,
// the count, and up to three values per record.
constexpr uint32_t kMaxStagedRecords = 1024;
constexpr size_t kMaxSendManyArguments = 2 + 3 * kMaxStagedRecords;

// queue.buffering.max.messages, as librdkafka took it: how many released reports a poll thread gathers ahead of
// JavaScript (PollThread), so what waits for JavaScript stays bounded as librdkafka's own queue is.
size_t MaxQueuedMessages(rd_kafka_t* rk) {
  char value[32];
  size_t size = sizeof(value);
  if (rd_kafka_conf_get(rd_kafka_conf(rk), "queue.buffering.max.messages", value, &size) != RD_KAFKA_CONF_OK) return 100000;
  const long long parsed = std::strtoll(value, nullptr, 10);
  return parsed > 0 ? static_cast<size_t>(parsed) : 100000;
}

// TypeScript has checked it is a whole number >= 0 (and at most 2^53): a cast is exact.
int64_t StagedTimestamp(double timestamp) { return timestamp >= 0 && timestamp <= 9007199254740992.0 ? static_cast<int64_t>(timestamp) : -1; }

}  // namespace

Napi::Function Producer::Define(Napi::Env env) {
  std::vector<Napi::ClassPropertyDescriptor<Producer>> methods = ClientMethods();
  methods.insert(methods.end(), {
      InstanceMethod<&Producer::JsRegisterTopic>("registerTopic"),
      InstanceMethod<&Producer::JsFlushNow>("flushNow"),
      InstanceMethod<&Producer::JsFlush>("flush"),
      InstanceMethod<&Producer::JsPurge>("purge"),
      InstanceMethod<&Producer::JsOutqLen>("outqLen"),
      InstanceMethod<&Producer::JsDispatchGathered>("dispatchGathered"),
      InstanceMethod<&Producer::JsSetActive>("setActive"),
      InstanceMethod<&Producer::JsInitTransactions>("initTransactions"),
      InstanceMethod<&Producer::JsBeginTransaction>("beginTransaction"),
      InstanceMethod<&Producer::JsSendOffsetsToTransaction>("sendOffsetsToTransaction"),
      InstanceMethod<&Producer::JsCommitTransaction>("commitTransaction"),
      InstanceMethod<&Producer::JsAbortTransaction>("abortTransaction"),
  });
  return DefineClass(env, "Producer", methods);
}

Producer::Producer(const Napi::CallbackInfo& info) : ClientWrap<Producer>(info, RD_KAFKA_PRODUCER) {
  Napi::Env env = info.Env();
  Napi::Object self = info.This().As<Napi::Object>();
  bound_ = new BoundTarget(this);
  bound_->Define(env, self, "send", &Producer::SendCallback);
  bound_->Define(env, self, "sendMany", &Producer::SendManyCallback);
  bound_->Define(env, self, "poll", &Producer::PollCallback);
  rd_kafka_t* rk = OpenClient(env)->handle();
  if (info[1].ToBoolean()) {
    poll_thread_ = std::make_unique<PollThread<DeliveryBatch>>(env, QueuePtr(rd_kafka_queue_get_main(rk)), kMaxEventsPerBatch,
                                                               kReleaseAfterMessages, MaxQueuedMessages(rk), [this](Napi::Env env) { DrainReports(env); });
  } else {
    reports_waiting_.emplace(env, OpenClient(env)->main_queue());
    self.Set("reportsWaiting", reports_waiting_->Buffer());
  }
}

Producer::~Producer() {
  Close();
  bound_->Detach();
}

void Producer::ReleaseEvents() {
  if (reports_waiting_) reports_waiting_->Disable();
  if (poll_thread_) poll_thread_->Stop();
  poll_thread_.reset();  // drops batches nobody dispatched, releasing their events
}

// registerTopic(name) -> id. Topic handles are created once and named by their index, which is
// also their opaque, so delivery reports carry a number instead of a string.
Napi::Value Producer::JsRegisterTopic(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Client& client = *OpenClient(env);
  uint32_t id;
  rd_kafka_resp_err_t err = client.AddTopic(ToTopicName(info[0], "topic"), &id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw MakeKafkaError(env, ErrorKind::MessageProduction, err);
  return Napi::Number::New(env, id);
}

// send(topicId, partition, opaqueId, shape, payload, key, headers, timestamp) -> error code (0 =
// queued). `shape` says which of the last four are present (SendShape bits), so absent ones cost
// nothing: no conversion, and no field for librdkafka to read. Validated in TypeScript; the hot path.
napi_value Producer::SendCallback(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  Producer* self = BoundTarget::Object<Producer>(env, info, 8, argv);
  return GuardedCall(env, [&] {
    if (self == nullptr) throw ClosedError(env);
    return self->Send(env, argv);
  });
}

napi_value Producer::Send(napi_env env, napi_value* argv) {
  Client& client = *OpenClient(env);
  // TypeScript has checked the values; these reads still must not leave anything undefined if it has not.
  uint32_t topic_id = 0;
  int32_t partition = RD_KAFKA_PARTITION_UA;
  uint32_t opaque = 0;
  uint32_t shape = 0;
  if (napi_get_value_uint32(env, argv[0], &topic_id) != napi_ok || napi_get_value_int32(env, argv[1], &partition) != napi_ok ||
      napi_get_value_uint32(env, argv[2], &opaque) != napi_ok || napi_get_value_uint32(env, argv[3], &shape) != napi_ok) {
    throw Napi::TypeError::New(Napi::Env(env), "send: the topic id, partition, opaque id and shape must be numbers");
  }
  if (poll_thread_) poll_thread_->DestroyReleasedEvents();
  MessageFields fields(env, client, topic_id, partition, opaque, *scratch_);
  fields.Read(env, shape, argv[4], argv[5], argv[6]);
  if (Has(shape, SendShape::Timestamp)) {
    int64_t timestamp = -1;
    // Unlike a cast from double, defined for every number (NaN is 0, beyond int64 saturates).
    napi_get_value_int64(env, argv[7], &timestamp);
    fields.Timestamp(env, timestamp);
  }
  napi_value result;
  napi_create_int32(env, fields.Produce(client.handle()), &result);
  return result;
}

// sendMany(staged, count, ...values) -> how many records were queued, in order, stopping at the first refused
// (its error code then in the staged header). Record i's numbers are staged (staged_records.h); its payload, key
// and headers, those its shape says are present, are the next arguments in turn: arguments, unlike the elements
// of an array, cost nothing to read. One call for many records: the crossing into native code, not librdkafka,
// is what a single send spends most on.
napi_value Producer::SendManyCallback(napi_env env, napi_callback_info info) {
  // First how many arguments there are (asked for more than it was given, Node-API fills the rest with
  // undefined), then all of them, into the producer's scratch.
  size_t argc = 0;
  Producer* self = BoundTarget::Object<Producer>(env, info, &argc);
  return GuardedCall(env, [&] {
    if (self == nullptr) throw ClosedError(env);
    std::vector<napi_value>& argv = self->scratch_->arguments;
    const size_t wanted = std::min(std::max<size_t>(argc, 2), kMaxSendManyArguments);
    if (argv.size() < wanted) argv.resize(wanted);
    // In: how many argv holds; out: how many the call was given, which may be more than were read.
    size_t count = wanted;
    if (napi_get_cb_info(env, info, &count, argv.data(), nullptr, nullptr) != napi_ok) throw ClosedError(env);
    return self->SendMany(env, argv.data(), std::min(count, wanted));
  });
}

napi_value Producer::SendMany(napi_env env, const napi_value* argv, size_t argc) {
  Client& client = *OpenClient(env);
  if (poll_thread_) poll_thread_->DestroyReleasedEvents();
  StagedRecords staged(env, argv[0], argv[1]);
  if (staged.count() > kMaxStagedRecords) throw Napi::RangeError::New(Napi::Env(env), "sendMany: too many records for one call");
  staged.header() = {RD_KAFKA_RESP_ERR_NO_ERROR, 0};
  const napi_value* next_value = argv + 2;
  const napi_value* const end = argv + argc;
  auto take_value = [&]() {
    if (next_value == end) throw Napi::TypeError::New(Napi::Env(env), "sendMany: fewer values than the staged shapes name");
    return *next_value++;
  };
  uint32_t queued = 0;
  for (; queued < staged.count(); queued++) {
    const StagedRecord& record = staged[queued];
    const uint32_t shape = record.shape;
    napi_value payload = Has(shape, SendShape::Payload) ? take_value() : nullptr;
    napi_value key = Has(shape, SendShape::Key) ? take_value() : nullptr;
    napi_value headers = Has(shape, SendShape::Headers) ? take_value() : nullptr;
    MessageFields fields(env, client, record.topic_id, record.partition, record.opaque, *scratch_);
    fields.Read(env, shape, payload, key, headers);
    if (Has(shape, SendShape::Timestamp)) fields.Timestamp(env, StagedTimestamp(record.timestamp));
    rd_kafka_resp_err_t err = fields.Produce(client.handle());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      staged.header().refusal = err;
      break;
    }
    staged.header().enqueued = queued + 1;
  }
  napi_value result;
  napi_create_uint32(env, queued, &result);
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
  if (reports_waiting_) reports_waiting_->Clear();
  DeliveryBatch batch;
  PollInto(batch, queue, timeout_ms, SIZE_MAX);
  if (batch.event_count() == 0) return Napi::Env(env).Null();
  return batch.ToJs(env);
}

// flushNow() -> rd_kafka_flush(rk, 0): 0 when nothing is outstanding, else OperationTimedOut.
Napi::Value Producer::JsFlushNow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Number::New(env, rd_kafka_flush(OpenClient(env)->handle(), 0));
}

// flush(timeoutMs) -> Promise<error code>, waiting on a thread of its own while the poll thread
// serves the reports: resolves 0 once every message is resolved and its report dispatched.
Napi::Value Producer::JsFlush(const Napi::CallbackInfo& info) {
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

// purge(flags) -> error code; flags are librdkafka's RD_KAFKA_PURGE_F_* (PurgeFlag in ts/native.ts).
Napi::Value Producer::JsPurge(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  int flags = ToInt32InRange(info[0], "flags", 0, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT | RD_KAFKA_PURGE_F_NON_BLOCKING);
  return Napi::Number::New(env, rd_kafka_purge(rk, flags));
}

// outqLen() -> what librdkafka counts (messages, events queued) plus the reports a poll thread gathered that
// JavaScript has not dispatched yet.
Napi::Value Producer::JsOutqLen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const double gathered = poll_thread_ ? static_cast<double>(poll_thread_->Released()) : 0;
  return Napi::Number::New(env, rd_kafka_outq_len(OpenClient(env)->handle()) + gathered);
}

// dispatchGathered(): dispatches now the batches the poll thread has gathered (a flush that librdkafka has
// finished calls it, so that it resolves after the callbacks of what it waited for, not before their wake-up).
Napi::Value Producer::JsDispatchGathered(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  OpenClient(env);
  DrainReports(env);
  return env.Undefined();
}

// setActive(bool): while messages are in flight, this object and the event loop stay alive, so
// their reports are delivered; once idle, neither is held (an idle producer lets the process exit).
Napi::Value Producer::JsSetActive(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (closed()) return env.Undefined();
  bool active = info[0].ToBoolean();
  Hold(active);
  if (poll_thread_) poll_thread_->SetActive(env, active);
  return env.Undefined();
}

void Producer::StopPollThread(Napi::Env env) {
  if (!poll_thread_) return;
  poll_thread_->Stop();
  DrainReports(env);
  poll_thread_.reset();
}

void Producer::DrainReports(Napi::Env env) {
  if (!poll_thread_) return;
  poll_thread_->DestroyReleasedEvents();
  Napi::Value handler = Value().Get("onReports");
  if (!handler.IsFunction()) return;  // nothing can dispatch them; they stay queued until close
  Napi::Function on_reports = handler.As<Napi::Function>();
  std::deque<std::unique_ptr<DeliveryBatch>> taken = poll_thread_->Take();
  for (size_t i = 0; i < taken.size(); i++) {
    try {
      on_reports.Call(Value(), {taken[i]->ToJs(env)});
    } catch (...) {
      // The TS dispatcher catches user exceptions itself; anything escaping here is a bug there. This batch and
      // those after it (dropped with `taken`) still count as dispatched, or the poll thread could stop gathering.
      for (size_t j = i; j < taken.size(); j++) poll_thread_->Dispatched(*taken[j]);
      throw;
    }
    poll_thread_->Dispatched(*taken[i]);
    taken[i].reset();  // only now do the messages it kept stop counting against the queue
  }
}

}  // namespace rdkafka_napi
