#pragma once
// A StreamConsumer's native thread. It serves the main queue (logs, statistics, global errors, commit
// results) continuously, and each consumer-side queue (the consumer queue: messages, consumer errors,
// rebalances; and the partition queues split off it) only when JavaScript wants more of it (Want()): at most
// one batch of each is pulled ahead, so librdkafka's max.poll.interval.ms still measures the application, as
// with rust-rdkafka's StreamConsumer.
//
// Every queue tells the thread when it goes from empty to non-empty (rd_kafka_queue_cb_event_enable), and the
// thread waits on one condition variable for any of them.
//
// Right after handing JavaScript a batch it asked for, the thread may read the next one and hold it until
// JavaScript asks (one batch, then it waits): reading overlaps with JavaScript taking in the batch before.
//
// Extraction epochs make read-ahead invisible: a command that must not see messages popped before it (pause,
// seek, assign) runs between HoldExtraction() and ReleaseExtraction(); holding waits for an extraction under
// way to end, forbids new ones, and starts a new epoch. Every batch carries the epoch it was extracted in, so
// JavaScript drops the messages of batches older than the command for the partitions it concerned; batches
// extracted after it are clean (librdkafka's own version barrier).
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "client/poll_thread.h"
#include "consumer/batch_read.h"
#include "consumer/consume_batch.h"
#include "consumer/rebalance_ledger.h"

namespace rdkafka_napi {

class ConsumerThread final : public PollThreadBase {
 public:
  // The consumer queue is source 0 (absent without a group). The queues must outlive the thread.
  // Every rebalance a batch made carries is entered in `ledger` (see Consumer).
  ConsumerThread(Napi::Env env, rd_kafka_queue_t* main_queue, rd_kafka_queue_t* consumer_queue, size_t max_messages,
                 ReadMode read_mode, RebalanceLedger& ledger, Drain drain);
  ~ConsumerThread() override;

  // JS thread: the next batch of source `id` may be pulled (one; then it waits for Want() again).
  // `waiting`: an iterator or recv() waits for it. Only then does an empty consumer queue get polled every
  // kKeepAlive, which librdkafka counts as the application polling (max.poll.interval.ms): a consumer
  // waiting on an idle topic is never evicted, one nobody iterates is, as with rust-rdkafka.
  void Want(uint32_t id, bool waiting);
  // JS thread: serves `queue` (a split partition queue, owned from now on) as source `id`.
  void AddSource(uint32_t id, QueuePtr queue);
  // JS thread: stops serving source `id` and returns its queue (or null).
  QueuePtr RemoveSource(uint32_t id);
  // JS thread: source `id` now forwards to `queue` (consumer close redirects the consumer queue to a queue of
  // its own): signals come from there. The queue is owned from now on.
  void Follow(uint32_t id, QueuePtr queue);
  // JS thread: stops following for source `id` and returns the queue (or null), to be served by someone else.
  QueuePtr TakeFollowed(uint32_t id);
  // JS thread: see the top of this file. Returns the new epoch; holds nest.
  uint64_t HoldExtraction();
  void ReleaseExtraction();

  // JS thread: every batch gathered for JavaScript so far, oldest first.
  std::deque<std::unique_ptr<ConsumeBatch>> Take();
  // JS thread, extraction held: those, and the batches read ahead of a Want() (everything popped so far).
  std::deque<std::unique_ptr<ConsumeBatch>> TakeAll();
  // How many times the thread has woken JavaScript (for tests: no spurious wake-ups).
  uint64_t wake_count() const { return wakes_.load(std::memory_order_relaxed); }

 private:
  struct Source {
    ConsumerThread* thread;
    uint32_t id;
    rd_kafka_queue_t* queue;
    QueuePtr owned;  // split partition queues; the consumer queue belongs to the client
    QueuePtr followed;  // where the queue forwards to, when it does (Follow)
    bool signalled = true;  // set at first: messages may be queued already
    size_t bytes_per_message = 0;  // of the last read: how many messages make kReadBytes
    bool wanted = false;
    bool waiting = false;
    // A batch read before JavaScript asked for it, handed over at the next Want(): the read overlaps with
    // JavaScript taking in the batch before it. One at most, after a batch JavaScript asked for.
    std::vector<std::unique_ptr<ConsumeBatch>> held{};
    bool may_prefetch = false;
  };

  bool GatherBatch() override;
  void Interrupt() override;
  void OnWake() override { wakes_.fetch_add(1, std::memory_order_relaxed); }
  bool RearmsByHand() const override { return true; }
  bool HasGathered() override {
    std::lock_guard<std::mutex> lock(batches_mutex_);
    return !batches_.empty();
  }
  // librdkafka threads, with the queue locked: only sets a flag.
  static void OnMainQueue(rd_kafka_t*, void* self);
  static void OnSourceQueue(rd_kafka_t*, void* source);
  bool Ready(const Source& source) const {
    return holds_ == 0 && ((source.wanted && !source.held.empty()) || (source.signalled && (source.wanted || (source.may_prefetch && source.held.empty()))));
  }
  std::vector<std::unique_ptr<ConsumeBatch>> Extract(Source& source, bool* left);

  rd_kafka_queue_t* main_queue_;
  const size_t max_messages_;
  const ReadMode read_mode_;
  RebalanceLedger& ledger_;

  std::mutex mutex_;  // the flags below, and the sources list
  std::condition_variable changed_;
  bool main_waiting_ = true;
  bool interrupted_ = false;
  int holds_ = 0;
  std::vector<std::shared_ptr<Source>> sources_;

  std::mutex extraction_;  // held while a consumer-side queue is popped; epoch_ changes only under it
  uint64_t epoch_ = 0;

  std::mutex batches_mutex_;
  std::deque<std::unique_ptr<ConsumeBatch>> batches_;
  std::atomic<uint64_t> wakes_{0};
};

}  // namespace rdkafka_napi
