#include "consumer/consumer.h"

#include "client/convert.h"
#include "consumer/batch_read.h"

namespace rdkafka_napi {
namespace {

// [code, list] for the synchronous calls that answer with a list.
Napi::Value CodeAndList(Napi::Env env, rd_kafka_resp_err_t code, const rd_kafka_topic_partition_list_t* list) {
  Napi::Array result = Napi::Array::New(env, 2);
  result.Set(0u, Napi::Number::New(env, code));
  result.Set(1u, PartitionListToJs(env, list));
  return result;
}

// null, or [code, librdkafka's message] (and the error is freed).
Napi::Value ErrorToJs(Napi::Env env, ErrorPtr error) {
  if (!error) return env.Null();
  Napi::Array result = Napi::Array::New(env, 2);
  result.Set(0u, Napi::Number::New(env, rd_kafka_error_code(error.get())));
  result.Set(1u, Napi::String::New(env, rd_kafka_error_string(error.get())));
  return result;
}

PartitionListPtr ListOrNull(Napi::Value value, const char* what) {
  if (value.IsNull() || value.IsUndefined()) return nullptr;
  return ToPartitionOffsets(value, what);
}

}  // namespace

Napi::Function Consumer::Define(Napi::Env env) {
  std::vector<Napi::ClassPropertyDescriptor<Consumer>> methods = ClientMethods();
  methods.insert(methods.end(), {
      InstanceMethod<&Consumer::JsPoll>("poll"),
      InstanceMethod<&Consumer::JsWant>("want"),
      InstanceMethod<&Consumer::JsHoldExtraction>("holdExtraction"),
      InstanceMethod<&Consumer::JsReleaseExtraction>("releaseExtraction"),
      InstanceMethod<&Consumer::JsTakeBatches>("takeBatches"),
      InstanceMethod<&Consumer::JsSetActive>("setActive"),
      InstanceMethod<&Consumer::JsWakeCount>("wakeCount"),
      InstanceMethod<&Consumer::JsRearm>("rearm"),
      InstanceMethod<&Consumer::JsSplitPartitionQueue>("splitPartitionQueue"),
      InstanceMethod<&Consumer::JsClosePartitionQueue>("closePartitionQueue"),
      InstanceMethod<&Consumer::JsPollQueue>("pollQueue"),
      InstanceMethod<&Consumer::JsSubscribe>("subscribe"),
      InstanceMethod<&Consumer::JsUnsubscribe>("unsubscribe"),
      InstanceMethod<&Consumer::JsAssign>("assign"),
      InstanceMethod<&Consumer::JsIncrementalAssign>("incrementalAssign"),
      InstanceMethod<&Consumer::JsIncrementalUnassign>("incrementalUnassign"),
      InstanceMethod<&Consumer::JsSubscription>("subscription"),
      InstanceMethod<&Consumer::JsAssignment>("assignment"),
      InstanceMethod<&Consumer::JsAssignmentLost>("assignmentLost"),
      InstanceMethod<&Consumer::JsRebalanceProtocol>("rebalanceProtocol"),
      InstanceMethod<&Consumer::JsGroupMetadata>("groupMetadata"),
      InstanceMethod<&Consumer::JsPosition>("position"),
      InstanceMethod<&Consumer::JsPause>("pause"),
      InstanceMethod<&Consumer::JsResume>("resume"),
      InstanceMethod<&Consumer::JsStoreOffsets>("storeOffsets"),
      InstanceMethod<&Consumer::JsCommit>("commit"),
      InstanceMethod<&Consumer::JsCommitSync>("commitSync"),
      InstanceMethod<&Consumer::JsCommitted>("committed"),
      InstanceMethod<&Consumer::JsOffsetsForTimes>("offsetsForTimes"),
      InstanceMethod<&Consumer::JsSeek>("seek"),
      InstanceMethod<&Consumer::JsSeekNow>("seekNow"),
      InstanceMethod<&Consumer::JsFetchGroupList>("fetchGroupList"),
      InstanceMethod<&Consumer::JsCloseConsumer>("closeConsumer"),
      InstanceMethod<&Consumer::JsConsumerClosed>("consumerClosed"),
  });
  return DefineClass(env, "Consumer", methods);
}

Consumer::Consumer(const Napi::CallbackInfo& info) : ClientWrap<Consumer>(info, RD_KAFKA_CONSUMER) {
  Napi::Env env = info.Env();
  const Client& client = *OpenClient(env);
  if (client.consumer_queue() == nullptr) legacy_ = std::make_unique<LegacyAssignment>(client.handle());
  per_event_ = ReadsPerEvent(client.handle());
  if (info[1].ToBoolean()) {
    auto max_messages = static_cast<size_t>(ToInt32InRange(info[2], "maxBatchSize", 1, 1 << 20));
    thread_ = std::make_unique<ConsumerThread>(env, client.main_queue(), ConsumerQueue(client), max_messages, ReadMode{per_event_, false}, ledger_,
                                               [this](Napi::Env env) { DrainBatches(env); });
  } else {
    main_waiting_.emplace(env, client.main_queue());
    info.This().As<Napi::Object>().Set("mainWaiting", main_waiting_->Buffer());
  }
}

Consumer::~Consumer() { Close(); }

void Consumer::ReleaseEvents() {
  if (main_waiting_) main_waiting_->Disable();
  if (thread_) thread_->Stop();
  thread_.reset();  // drops batches nobody dispatched, and the split queues it served
  split_queues_.clear();
  close_queue_.reset();
  legacy_.reset();
  if (leave_) {
    const bool left = leave_->Step();
    leave_.reset();
    // Past the teardown's deadline, rd_kafka_destroy may still wait for the group (a LeaveGroup or a commit
    // unanswered): not on this thread.
    if (!left) ReleaseClientElsewhere();
  } else if (closing_ && !closed()) {
    // A close JavaScript began and gives up on (its timeout) with a rebalance unanswered (a hook that never
    // ends): the group, and so rd_kafka_destroy, would wait for it.
    ledger_.AnswerWaiting(OpenClient(Env())->handle());
  }
}

bool Consumer::BeginTeardown() {
  bool began = false;
  AtBoundary(Env(), [&] {
    if (closed() || legacy_) return;
    const Client& client = *OpenClient(Env());
    // Nothing may serve the consumer's queues from now on; a close() under way hands its queue over.
    if (thread_) thread_->Stop();
    QueuePtr closing = !closing_ ? nullptr : thread_ ? thread_->TakeFollowed(0) : std::move(close_queue_);
    ReleaseEvents();
    leave_ = GroupLeave::Begin(client.handle(), client.consumer_queue(), std::move(closing), ledger_);
    began = leave_ != nullptr;
  });
  return began;
}

bool Consumer::TeardownStep() {
  bool done = true;
  AtBoundary(Env(), [&] { done = !leave_ || leave_->Step(); });
  return done;
}

void Consumer::StopPollThread(Napi::Env env) {
  if (!thread_) return;
  thread_->Stop();
  DrainBatches(env);
  thread_.reset();
}

void Consumer::DrainBatches(Napi::Env env) {
  if (!thread_) return;
  Napi::Value handler = Value().Get("onBatch");
  if (!handler.IsFunction()) return;
  Napi::Function on_batch = handler.As<Napi::Function>();
  std::deque<std::unique_ptr<ConsumeBatch>> batches = thread_->Take();
  // JavaScript re-arms the thread's wake-up from setImmediate once it has taken batches (rearm()); with none, now.
  if (batches.empty()) thread_->Rearm();
  for (std::unique_ptr<ConsumeBatch>& batch : batches) {
    // The TS side catches user exceptions itself; anything escaping here is a bug there.
    on_batch.Call(Value(), {batch->ToJs(env)});
  }
}

// rearm(): the JS thread is back in the event loop since the last batches; the thread may wake it again.
Napi::Value Consumer::JsRearm(const Napi::CallbackInfo& info) {
  if (thread_) thread_->Rearm();
  return info.Env().Undefined();
}

// poll(timeoutMs, discardMessages, maxMessages) -> [batch, ...] | null. BaseConsumer: serves the main queue, then
// reads up to maxMessages of the consumer queue, waiting up to the timeout for the first (a consumer without a
// group has none: it waits on the main queue). `discardMessages`: a consumer that is leaving drops what nobody
// will be handed (the next member of the group starts at the first of them).
Napi::Value Consumer::JsPoll(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Client& client = *OpenClient(env);
  const int timeout_ms = ToInt32InRange(info[0], "timeoutMs", -1, INT32_MAX);
  const bool discard_messages = info[1].ToBoolean();
  const auto max_messages = static_cast<size_t>(info[2].IsNumber() ? ToInt32InRange(info[2], "maxMessages", 0, 1 << 20) : 1);
  if (main_waiting_) main_waiting_->Clear();
  return ReadToJs(env, client.main_queue(), ConsumerQueue(client), 0, timeout_ms, max_messages, discard_messages);
}

Napi::Value Consumer::ReadToJs(Napi::Env env, rd_kafka_queue_t* main_queue, rd_kafka_queue_t* queue, uint32_t queue_id, int timeout_ms,
                               size_t max_messages, bool discard_messages) {
  std::vector<std::unique_ptr<ConsumeBatch>> batches;
  batches.push_back(std::make_unique<ConsumeBatch>(0, queue_id));
  if (!batches.back()->TakeMainEvents(main_queue) && main_waiting_) main_waiting_->Set();
  ReadQueue(queue, max_messages, batches.back()->empty() ? timeout_ms : 0, ReadMode{per_event_, discard_messages}, 0, queue_id, batches);
  if (batches.size() == 1 && batches.back()->empty()) return env.Null();
  Napi::Array result = Napi::Array::New(env, batches.size());
  for (size_t i = 0; i < batches.size(); i++) {
    NoteRebalance(*batches[i]);
    result.Set(static_cast<uint32_t>(i), batches[i]->ToJs(env));
  }
  return result;
}

// want(waiting, queue = 0): see ConsumerThread::Want.
Napi::Value Consumer::JsWant(const Napi::CallbackInfo& info) {
  if (thread_ && !closed()) thread_->Want(info[1].IsNumber() ? info[1].As<Napi::Number>().Uint32Value() : 0, info[0].ToBoolean());
  return info.Env().Undefined();
}

Napi::Value Consumer::JsWakeCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), thread_ ? static_cast<double>(thread_->wake_count()) : 0);
}

// splitPartitionQueue(topic, partition) -> queue id: the partition's messages stop going to the consumer
// queue and come to a queue of their own (rust-rdkafka's split_partition_queue).
Napi::Value Consumer::JsSplitPartitionQueue(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Client& client = *OpenClient(env);
  std::string topic = ToTopicName(info[0], "topic");
  int32_t partition = ToInt32InRange(info[1], "partition", 0, INT32_MAX);
  if (client.consumer_queue() == nullptr) return Napi::Number::New(env, 0);  // no group, nothing to split
  QueuePtr queue(rd_kafka_queue_get_partition(client.handle(), topic.c_str(), partition));
  if (!queue) return Napi::Number::New(env, 0);
  rd_kafka_queue_forward(queue.get(), nullptr);
  const uint32_t id = next_queue_id_++;
  if (thread_) {
    thread_->AddSource(id, std::move(queue));
  } else {
    split_queues_[id] = std::move(queue);
  }
  return Napi::Number::New(env, id);
}

// closePartitionQueue(id): the partition's messages go to the consumer queue again (Rust strands them).
Napi::Value Consumer::JsClosePartitionQueue(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Client& client = *OpenClient(env);
  const uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  QueuePtr queue;
  if (thread_) {
    queue = thread_->RemoveSource(id);
  } else if (auto it = split_queues_.find(id); it != split_queues_.end()) {
    queue = std::move(it->second);
    split_queues_.erase(it);
  }
  if (queue && client.consumer_queue() != nullptr) rd_kafka_queue_forward(queue.get(), client.consumer_queue());
  return env.Undefined();
}

// pollQueue(id, timeoutMs, maxMessages) -> [batch, ...] | null: a BaseConsumer's split queue, as poll() (main
// queue served first).
Napi::Value Consumer::JsPollQueue(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Client& client = *OpenClient(env);
  const uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  const int timeout_ms = ToInt32InRange(info[1], "timeoutMs", -1, INT32_MAX);
  const auto max_messages = static_cast<size_t>(info[2].IsNumber() ? ToInt32InRange(info[2], "maxMessages", 0, 1 << 20) : 1);
  auto it = split_queues_.find(id);
  if (it == split_queues_.end()) throw Napi::Error::New(env, "this partition queue is closed");
  if (main_waiting_) main_waiting_->Clear();
  return ReadToJs(env, client.main_queue(), it->second.get(), id, timeout_ms, max_messages, false);
}

Napi::Value Consumer::JsHoldExtraction(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  OpenClient(env);
  return Napi::Number::New(env, thread_ ? static_cast<double>(thread_->HoldExtraction()) : 0);
}

// takeBatches() -> [batch, ...]: what the thread gathered and JavaScript has not been woken for yet. With
// extraction held, everything popped from the consumer-side queues is then in JavaScript's hands.
Napi::Value Consumer::JsTakeBatches(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array list = Napi::Array::New(env);
  if (!thread_) return list;
  for (std::unique_ptr<ConsumeBatch>& batch : thread_->TakeAll()) list.Set(list.Length(), batch->ToJs(env));
  return list;
}

Napi::Value Consumer::JsReleaseExtraction(const Napi::CallbackInfo& info) {
  if (thread_) thread_->ReleaseExtraction();
  return info.Env().Undefined();
}

// setActive(bool): while JavaScript waits for messages (or a commit, or close), this object and the
// event loop stay alive; otherwise neither is held, and an idle consumer lets the process exit.
Napi::Value Consumer::JsSetActive(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (closed()) return env.Undefined();
  bool active = info[0].ToBoolean();
  Hold(active);
  if (thread_) thread_->SetActive(env, active);
  return env.Undefined();
}

// subscribe([topic, ...]) -> error code
Napi::Value Consumer::JsSubscribe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "topics must be an array");
  Napi::Array topics = info[0].As<Napi::Array>();
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.Length())));
  for (uint32_t i = 0; i < topics.Length(); i++) {
    rd_kafka_topic_partition_list_add(list.get(), ToTopicName(topics.Get(i), "topics[]").c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (GroupMayBeGone()) return Napi::Number::New(env, RD_KAFKA_RESP_ERR__DESTROY);
  return Napi::Number::New(env, rd_kafka_subscribe(rk, list.get()));
}

Napi::Value Consumer::JsUnsubscribe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  if (GroupMayBeGone()) return Napi::Number::New(env, RD_KAFKA_RESP_ERR__DESTROY);
  return Napi::Number::New(env, rd_kafka_unsubscribe(rk));
}

// assign(list | null) -> error code
Napi::Value Consumer::JsAssign(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  PartitionListPtr list = ListOrNull(info[0], "partitions");
  if (legacy_) return Napi::Number::New(env, legacy_->Assign(list.get()));
  if (GroupMayBeGone()) return Napi::Number::New(env, RD_KAFKA_RESP_ERR__DESTROY);
  // Taken before the call: a rebalance handed out after it began is a new one.
  const uint64_t before = ledger_.Before();
  const rd_kafka_resp_err_t code = rd_kafka_assign(rk, list.get());
  if (code == RD_KAFKA_RESP_ERR_NO_ERROR) ledger_.Answered(before);
  return Napi::Number::New(env, code);
}

// incrementalAssign(list) -> null | [code, message]
Napi::Value Consumer::JsIncrementalAssign(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  PartitionListPtr list = ToPartitionOffsets(info[0], "partitions");
  if (GroupMayBeGone()) return ErrorToJs(env, ErrorPtr(rd_kafka_error_new(RD_KAFKA_RESP_ERR__DESTROY, "the consumer has left its group")));
  const uint64_t before = ledger_.Before();
  ErrorPtr error(rd_kafka_incremental_assign(rk, list.get()));
  if (!error) ledger_.Answered(before);
  return ErrorToJs(env, std::move(error));
}

Napi::Value Consumer::JsIncrementalUnassign(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  PartitionListPtr list = ToPartitionOffsets(info[0], "partitions");
  if (GroupMayBeGone()) return ErrorToJs(env, ErrorPtr(rd_kafka_error_new(RD_KAFKA_RESP_ERR__DESTROY, "the consumer has left its group")));
  const uint64_t before = ledger_.Before();
  ErrorPtr error(rd_kafka_incremental_unassign(rk, list.get()));
  if (!error) ledger_.Answered(before);
  return ErrorToJs(env, std::move(error));
}

Napi::Value Consumer::JsSubscription(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  // Leaving, the subscription is gone.
  if (GroupMayBeGone()) return CodeAndList(env, RD_KAFKA_RESP_ERR_NO_ERROR, nullptr);
  rd_kafka_topic_partition_list_t* raw = nullptr;
  rd_kafka_resp_err_t code = rd_kafka_subscription(rk, &raw);
  PartitionListPtr list(raw);
  return CodeAndList(env, code, list.get());
}

Napi::Value Consumer::JsAssignment(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  // Leaving, once the final revoke is answered nothing is assigned.
  if (GroupMayBeGone()) return CodeAndList(env, RD_KAFKA_RESP_ERR_NO_ERROR, nullptr);
  rd_kafka_topic_partition_list_t* raw = nullptr;
  rd_kafka_resp_err_t code = rd_kafka_assignment(rk, &raw);
  PartitionListPtr list(raw);
  return CodeAndList(env, code, list.get());
}

Napi::Value Consumer::JsAssignmentLost(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Boolean::New(env, rd_kafka_assignment_lost(OpenClient(env)->handle()) != 0);
}

Napi::Value Consumer::JsRebalanceProtocol(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  if (GroupMayBeGone()) return Napi::String::New(env, "NONE");
  const char* protocol = rd_kafka_rebalance_protocol(rk);
  return Napi::String::New(env, protocol != nullptr ? protocol : "NONE");
}

// groupMetadata() -> null | [groupId, generationId, memberId, groupInstanceId | null]
Napi::Value Consumer::JsGroupMetadata(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GroupMetadataPtr metadata(rd_kafka_consumer_group_metadata(OpenClient(env)->handle()));
  if (!metadata) return env.Null();
  Napi::Array result = Napi::Array::New(env, 4);
  result.Set(0u, Napi::String::New(env, rd_kafka_consumer_group_metadata_group_id(metadata.get())));
  result.Set(1u, Napi::Number::New(env, rd_kafka_consumer_group_metadata_generation_id(metadata.get())));
  const char* member = rd_kafka_consumer_group_metadata_member_id(metadata.get());
  result.Set(2u, Napi::String::New(env, member != nullptr ? member : ""));
  const char* instance = rd_kafka_consumer_group_metadata_group_instance_id(metadata.get());
  result.Set(3u, instance != nullptr ? Napi::Value(Napi::String::New(env, instance)) : env.Null());
  return result;
}

// position(list) -> [code, list]: librdkafka's position (the offset after the last message popped).
Napi::Value Consumer::JsPosition(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  PartitionListPtr list = ToPartitionOffsets(info[0], "partitions");
  rd_kafka_resp_err_t code = rd_kafka_position(rk, list.get());
  return CodeAndList(env, code, list.get());
}

Napi::Value Consumer::JsPause(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  PartitionListPtr list = ToPartitionOffsets(info[0], "partitions");
  rd_kafka_resp_err_t code = rd_kafka_pause_partitions(rk, list.get());
  return CodeAndList(env, code, list.get());
}

Napi::Value Consumer::JsResume(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  PartitionListPtr list = ToPartitionOffsets(info[0], "partitions");
  rd_kafka_resp_err_t code = rd_kafka_resume_partitions(rk, list.get());
  return CodeAndList(env, code, list.get());
}

// storeOffsets(list) -> [code, list with per-partition errors]
Napi::Value Consumer::JsStoreOffsets(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  PartitionListPtr list = ToPartitionOffsets(info[0], "offsets");
  rd_kafka_resp_err_t code = rd_kafka_offsets_store(rk, list.get());
  return CodeAndList(env, code, list.get());
}

// commit(list | null, opaque) -> error code. Queued; the result comes to the main queue as a commit event
// carrying `opaque` (null: the stored offsets of the assignment).
Napi::Value Consumer::JsCommit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Client& client = *OpenClient(env);
  PartitionListPtr list = ListOrNull(info[0], "offsets");
  auto opaque = static_cast<uint32_t>(ToInt32InRange(info[1], "opaque", 0, INT32_MAX));
  rd_kafka_resp_err_t code = rd_kafka_commit_queue(client.handle(), list.get(), client.main_queue(), nullptr,
                                                   reinterpret_cast<void*>(static_cast<uintptr_t>(opaque)));
  return Napi::Number::New(env, code);
}

// seekNow(list) -> [code, list, message]: seeks without waiting for the outcome (librdkafka only queues the
// seeks), on this thread, so that seeks are applied in the order they were made.
Napi::Value Consumer::JsSeekNow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rd_kafka_t* rk = OpenClient(env)->handle();
  PartitionListPtr list = ToPartitionOffsets(info[0], "partitions");
  ErrorPtr error(rd_kafka_seek_partitions(rk, list.get(), 0));
  Napi::Array result = Napi::Array::New(env, 3);
  result.Set(0u, Napi::Number::New(env, error ? rd_kafka_error_code(error.get()) : RD_KAFKA_RESP_ERR_NO_ERROR));
  result.Set(1u, PartitionListToJs(env, list.get()));
  result.Set(2u, Napi::String::New(env, error ? rd_kafka_error_string(error.get()) : ""));
  return result;
}

// closeConsumer() -> null | [code, message]: starts leaving the group; the consumer queue then carries the
// final revoke, and must be served until consumerClosed().
Napi::Value Consumer::JsCloseConsumer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Client& client = *OpenClient(env);
  if (client.consumer_queue() == nullptr) return ErrorToJs(env, ErrorPtr(rd_kafka_error_new(RD_KAFKA_RESP_ERR__UNKNOWN_GROUP, "no consumer group")));
  // A queue of its own: librdkafka forwards the consumer queue there (passing the consumer queue itself would
  // forward it to itself). Polling the consumer queue then serves it.
  QueuePtr close_queue(rd_kafka_queue_new(client.handle()));
  ErrorPtr error(rd_kafka_consumer_close_queue(client.handle(), close_queue.get()));
  if (!error) {
    closing_ = true;
    if (thread_) {
      thread_->Follow(0, std::move(close_queue));
    } else {
      close_queue_ = std::move(close_queue);
    }
  }
  return ErrorToJs(env, std::move(error));
}

Napi::Value Consumer::JsConsumerClosed(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Boolean::New(env, rd_kafka_consumer_closed(OpenClient(env)->handle()) != 0);
}

}  // namespace rdkafka_napi
