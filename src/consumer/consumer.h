#pragma once
// The JavaScript object of a consumer (both kinds: what differs is decided in TypeScript). Local calls are
// synchronous and return librdkafka's error codes (TypeScript makes the KafkaErrors); broker round trips
// run as blocking calls and settle a Promise with [code, result]. A StreamConsumer's queues are served by a
// ConsumerThread; a BaseConsumer's by poll() on the JS thread. Lifecycle and client methods: ClientWrap.
#include <napi.h>

#include <map>
#include <memory>
#include <optional>

#include "client/client_wrap.h"
#include "client/queue_signal.h"
#include "consumer/consume_batch.h"
#include "consumer/consumer_thread.h"
#include "consumer/group_leave.h"
#include "consumer/legacy_assignment.h"
#include "consumer/rebalance_ledger.h"

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
  // Environment teardown (Closable): a consumer in a group leaves it, natively (see GroupLeave).
  bool BeginTeardown() override;
  bool TeardownStep() override;

 private:
  // Where messages, consumer errors and rebalances come from: the consumer queue, or a group-less consumer's own.
  rd_kafka_queue_t* ConsumerQueue(const Client& client) const { return legacy_ ? legacy_->queue() : client.consumer_queue(); }
  // A batch about to be handed to JavaScript: its rebalance, if any, now waits for JavaScript's answer.
  void NoteRebalance(const ConsumeBatch& batch) {
    bool revoke = false;
    const rd_kafka_topic_partition_list_t* partitions = nullptr;
    if (batch.Rebalance(&revoke, &partitions)) ledger_.HandedOut(revoke, partitions);
  }
  // JS thread: hands every batch the thread made to the `onBatch` function.
  void DrainBatches(Napi::Env env);
  // BaseConsumer: the main queue's events, then up to `max_messages` of `queue` (see JsPoll).
  Napi::Value ReadToJs(Napi::Env env, rd_kafka_queue_t* main_queue, rd_kafka_queue_t* queue, uint32_t queue_id, int timeout_ms,
                       size_t max_messages, bool discard_messages);

  // Serving the queues.
  Napi::Value JsPoll(const Napi::CallbackInfo& info);
  Napi::Value JsWant(const Napi::CallbackInfo& info);
  Napi::Value JsHoldExtraction(const Napi::CallbackInfo& info);
  Napi::Value JsReleaseExtraction(const Napi::CallbackInfo& info);
  Napi::Value JsTakeBatches(const Napi::CallbackInfo& info);
  Napi::Value JsSetActive(const Napi::CallbackInfo& info);
  Napi::Value JsWakeCount(const Napi::CallbackInfo& info);
  Napi::Value JsRearm(const Napi::CallbackInfo& info);

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

  // Declared before the thread, which uses both (destroyed after it).
  // The rebalances handed to JavaScript, and whether one waits for its answer (see RebalanceLedger).
  RebalanceLedger ledger_;
  // Without group.id: the partitions assign() started; its queue stands for the consumer queue.
  std::unique_ptr<LegacyAssignment> legacy_;
  std::unique_ptr<ConsumerThread> thread_;
  // BaseConsumer: set when the main queue has events (commit results, logs), so that a poll served from what
  // JavaScript read ahead knows when it must come here.
  std::optional<QueueSignal> main_waiting_;
  // BaseConsumer's split partition queues (a StreamConsumer's thread owns its own), by id.
  std::map<uint32_t, QueuePtr> split_queues_;
  // BaseConsumer: where closing the consumer redirects its queue (a StreamConsumer's thread owns it).
  QueuePtr close_queue_;
  // Set once closeConsumer() has begun the close JavaScript serves.
  bool closing_ = false;
  // librdkafka's synchronous group calls (subscribe, assign, assignment, subscription, rebalance protocol) wait
  // for the group's answer without bound, and a group that has terminated drops them unanswered: the calling
  // thread would wait forever. A closing group can terminate whenever no rebalance is waiting for the
  // application, so those calls are answered here then (nothing assigned, nothing subscribed).
  bool GroupMayBeGone() const { return closing_ && !ledger_.unanswered(); }
  // A teardown's leave, finished (or given up) by ReleaseEvents().
  std::unique_ptr<GroupLeave> leave_;
  uint32_t next_queue_id_ = 1;
  // Read one event at a time (see ReadMode).
  bool per_event_ = false;
};

}  // namespace rdkafka_napi
