#pragma once
// The JavaScript object of a consumer (both kinds: what differs is decided in TypeScript). Local calls are
// synchronous and return librdkafka's error codes (TypeScript makes the KafkaErrors); broker round trips
// run as blocking calls and settle a Promise with [code, result]. A StreamConsumer's queues are served by a
// ConsumerThread; a BaseConsumer's by poll() on the JS thread. Lifecycle and client methods: ClientWrap.
#include <napi.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>

#include "client/client_wrap.h"
#include "consumer/consume_batch.h"
#include "consumer/consumer_thread.h"
#include "consumer/group_leave.h"
#include "consumer/legacy_assignment.h"

namespace rdkafka_napi {

class Consumer final : public ClientWrap<Consumer> {
 public:
  static Napi::Function Define(Napi::Env env);
  // new Consumer(configEntries, withPollThread, maxBatchSize)
  explicit Consumer(const Napi::CallbackInfo& info);
  ~Consumer() override;

 private:
  friend class ClientWrap<Consumer>;
  static constexpr const char* kNoun = "consumer";
  // ClientWrap's hooks (see client_wrap.h).
  void StopPollThread(Napi::Env env);
  bool HasPollThread() const { return thread_ != nullptr; }
  void ReleaseEvents();
 public:
  // Environment teardown (Closable): a consumer in a group starts leaving it, natively (see GroupLeave).
  bool BeginTeardown(std::chrono::steady_clock::time_point deadline) override;

 private:
  // Where messages, consumer errors and rebalances come from: the consumer queue, or a group-less consumer's own.
  rd_kafka_queue_t* ConsumerQueue(const Client& client) const { return legacy_ ? legacy_->queue() : client.consumer_queue(); }
  // JS thread: hands every batch the thread made to the `onBatch` function.
  void DrainBatches(Napi::Env env);

  // Serving the queues.
  Napi::Value JsPoll(const Napi::CallbackInfo& info);
  Napi::Value JsWant(const Napi::CallbackInfo& info);
  Napi::Value JsHoldExtraction(const Napi::CallbackInfo& info);
  Napi::Value JsReleaseExtraction(const Napi::CallbackInfo& info);
  Napi::Value JsTakeBatches(const Napi::CallbackInfo& info);
  Napi::Value JsSetActive(const Napi::CallbackInfo& info);
  Napi::Value JsWakeCount(const Napi::CallbackInfo& info);

  // Partition queues split off the consumer queue (A22).
  Napi::Value JsSplitPartitionQueue(const Napi::CallbackInfo& info);
  Napi::Value JsClosePartitionQueue(const Napi::CallbackInfo& info);
  Napi::Value JsPollQueue(const Napi::CallbackInfo& info);

  // Subscriptions and assignments.
  Napi::Value JsSubscribe(const Napi::CallbackInfo& info);
  Napi::Value JsUnsubscribe(const Napi::CallbackInfo& info);
  Napi::Value JsAssign(const Napi::CallbackInfo& info);
  Napi::Value JsIncrementalAssign(const Napi::CallbackInfo& info);
  Napi::Value JsIncrementalUnassign(const Napi::CallbackInfo& info);
  Napi::Value JsSubscription(const Napi::CallbackInfo& info);
  Napi::Value JsAssignment(const Napi::CallbackInfo& info);
  Napi::Value JsAssignmentLost(const Napi::CallbackInfo& info);
  Napi::Value JsRebalanceProtocol(const Napi::CallbackInfo& info);
  Napi::Value JsGroupMetadata(const Napi::CallbackInfo& info);

  // Positions and offsets.
  Napi::Value JsPosition(const Napi::CallbackInfo& info);
  Napi::Value JsPause(const Napi::CallbackInfo& info);
  Napi::Value JsResume(const Napi::CallbackInfo& info);
  Napi::Value JsStoreOffsets(const Napi::CallbackInfo& info);
  Napi::Value JsCommit(const Napi::CallbackInfo& info);
  Napi::Value JsSeekNow(const Napi::CallbackInfo& info);

  // Broker round trips (consumer/consumer_calls.cc).
  Napi::Value JsCommitSync(const Napi::CallbackInfo& info);
  Napi::Value JsCommitted(const Napi::CallbackInfo& info);
  Napi::Value JsOffsetsForTimes(const Napi::CallbackInfo& info);
  Napi::Value JsSeek(const Napi::CallbackInfo& info);
  Napi::Value JsFetchGroupList(const Napi::CallbackInfo& info);

  // Closing the consumer (leaving the group) before the handle goes.
  Napi::Value JsCloseConsumer(const Napi::CallbackInfo& info);
  Napi::Value JsConsumerClosed(const Napi::CallbackInfo& info);

  std::unique_ptr<ConsumerThread> thread_;
  // BaseConsumer's split partition queues (a StreamConsumer's thread owns its own), by id.
  std::map<uint32_t, QueuePtr> split_queues_;
  // BaseConsumer: where closing the consumer redirects its queue (a StreamConsumer's thread owns it).
  QueuePtr close_queue_;
  // Set once closeConsumer() has begun the close JavaScript serves.
  bool closing_ = false;
  // Set when a rebalance is handed to JavaScript, cleared when it calls assign/unassign: while set, librdkafka
  // waits for that call (and a closing consumer with it), so a teardown makes it instead. Only then: an
  // assign nobody waits for may reach a group that has just terminated, which never answers it.
  std::atomic<bool> rebalance_handed_out_{false};
  // A teardown's leave, finished by ReleaseEvents().
  std::unique_ptr<GroupLeave> leave_;
  // Without group.id: the partitions assign() started; its queue stands for the consumer queue.
  std::unique_ptr<LegacyAssignment> legacy_;
  uint32_t next_queue_id_ = 1;
};

}  // namespace rdkafka_napi
