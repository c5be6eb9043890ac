#pragma once
// A StreamConsumer's native thread. It serves two queues: the main queue (logs, statistics, global errors,
// commit results) continuously, and the consumer queue (messages, consumer errors, rebalances) only when
// JavaScript wants more (Want()): at most one batch of it is pulled ahead, so librdkafka's
// max.poll.interval.ms still measures the application, as with rust-rdkafka's StreamConsumer.
//
// Both queues tell the thread when they go from empty to non-empty (rd_kafka_queue_cb_event_enable),
// and it waits on one condition variable for either.
//
// Extraction epochs make read-ahead invisible: a command that must not see messages popped before it
// (pause, seek, assign) runs between HoldExtraction() and ReleaseExtraction(); holding waits for an
// extraction under way to end, forbids new ones, and starts a new epoch. Every batch carries the epoch it
// was extracted in, so JavaScript drops the messages of batches older than the command for the partitions
// it concerned; batches extracted after it are clean (librdkafka's own version barrier).
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

#include "client/poll_thread.h"
#include "consumer/consume_batch.h"

namespace rdkafka_napi {

class ConsumerThread final : public PollThreadBase {
 public:
  // The queues must outlive the thread (the Consumer's client holds them).
  ConsumerThread(Napi::Env env, rd_kafka_queue_t* main_queue, rd_kafka_queue_t* consumer_queue, size_t max_messages, Drain drain);
  ~ConsumerThread() override;

  // JS thread: the next batch of the consumer queue may be pulled (one; then it waits for Want() again).
  // `waiting`: an iterator or recv() waits for it. Only then does an empty consumer queue get polled every
  // kKeepAliveMs, which librdkafka counts as the application polling (max.poll.interval.ms): a consumer
  // waiting on an idle topic is never evicted, one nobody iterates is, as with rust-rdkafka.
  void Want(bool waiting);
  // JS thread: see the top of this file. Returns the new epoch; holds nest.
  uint64_t HoldExtraction();
  // Any thread (a blocking seek releases when its call returns).
  void ReleaseExtraction();
  uint64_t epoch() const { return epoch_; }

  // JS thread: every batch gathered so far, oldest first.
  std::deque<std::unique_ptr<ConsumeBatch>> Take();

 private:
  bool GatherBatch() override;
  void Interrupt() override;
  // librdkafka threads, with the queue locked: only sets a flag.
  static void OnMainQueue(rd_kafka_t*, void* self);
  static void OnConsumerQueue(rd_kafka_t*, void* self);
  void Signal(bool ConsumerThread::*flag);

  rd_kafka_queue_t* main_queue_;
  rd_kafka_queue_t* consumer_queue_;
  const size_t max_messages_;

  std::mutex mutex_;  // the flags below
  std::condition_variable changed_;
  bool main_waiting_ = true;      // set at first: events may be queued already
  bool consumer_waiting_ = true;  // the same
  bool wanted_ = false;
  bool waiting_ = false;
  bool interrupted_ = false;
  int holds_ = 0;

  std::mutex extraction_;  // held while the consumer queue is popped; epoch_ changes only under it
  uint64_t epoch_ = 0;

  std::mutex batches_mutex_;
  std::deque<std::unique_ptr<ConsumeBatch>> batches_;
};

}  // namespace rdkafka_napi
