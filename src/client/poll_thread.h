#pragma once
// The dedicated thread of a client kind that serves a queue for the user (ThreadedProducer and
// FutureProducer: the main queue; StreamConsumer: its two queues, in ConsumerThread). It waits on the queue,
// gathers what is there into a batch of the kind's own type, and wakes the JS thread. It never calls
// into JavaScript; at most one wake-up is outstanding, so one JS call takes every batch waiting.
//
// A batch type provides Add(EventPtr) and event_count(); what it keeps of each event is its business.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "client/rd_ptr.h"

namespace rdkafka_napi {

// Waits up to timeout_ms (-1: until an event comes or the queue is yielded) for the first event, then
// takes those already queued, up to max_events in all: rd_kafka_poll's semantics, into a batch.
template <typename Batch>
void PollInto(Batch& batch, rd_kafka_queue_t* queue, int timeout_ms, size_t max_events) {
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, timeout_ms);
  while (event != nullptr) {
    batch.Add(EventPtr(event));
    if (batch.event_count() >= max_events) return;
    event = rd_kafka_queue_poll(queue, 0);
  }
}

// What does not depend on the batch type: the thread, the wake-ups, stopping.
class PollThreadBase {
 public:
  // JS thread: called after a wake-up; takes and dispatches the batches (PollThread::Take).
  using Drain = std::function<void(Napi::Env)>;

  PollThreadBase(const PollThreadBase&) = delete;
  PollThreadBase& operator=(const PollThreadBase&) = delete;

  // JS thread. While active, the pending wake-ups keep the event loop alive.
  void SetActive(Napi::Env env, bool active);

  // JS thread. Stops and joins the thread; batches it made stay available to Take(). Idempotent.
  void Stop();

  // JS thread, for kinds that re-arm by hand (RearmsByHand): JavaScript has returned to the event loop since
  // the last wake-up, which may now be followed by the next.
  void Rearm();

 protected:
  PollThreadBase(Napi::Env env, Drain drain);
  // Derived classes call Stop() in their destructor, before their members go.
  virtual ~PollThreadBase();

  // Starts the thread; called by the derived constructor, once GatherBatch can run.
  void Start();
  // Poll thread: waits for events and queues a batch of them; false when there were none.
  virtual bool GatherBatch() = 0;
  // Any thread: makes a GatherBatch that is waiting return (Stop() calls it).
  virtual void Interrupt() = 0;
  // Poll thread: JavaScript is being woken (counted by kinds whose tests check for spurious wake-ups).
  virtual void OnWake() {}
  // Whether the next wake-up waits for Rearm() rather than the end of the drain. Node dispatches the calls of
  // a thread-safe function queued while it dispatches in the same turn of the event loop: a thread that gathers
  // as fast as JavaScript drains would keep the loop from timers and I/O for up to a thousand wake-ups.
  virtual bool RearmsByHand() const { return false; }
  // JS thread (Rearm): whether batches are waiting.
  virtual bool HasGathered() { return false; }

 private:
  static void Wake(Napi::Env env, Napi::Function, PollThreadBase* self, std::nullptr_t*);
  using Tsfn = Napi::TypedThreadSafeFunction<PollThreadBase, std::nullptr_t, Wake>;

  void Loop();

  Drain drain_;
  Tsfn tsfn_;
  std::atomic<bool> wake_pending_{false};
  std::atomic<bool> stopping_{false};
  bool active_ = false;
  bool stopped_ = false;
  std::thread thread_;
};

template <typename Batch>
class PollThread final : public PollThreadBase {
 public:
  // Batches hold at most max_events events (one delivery event may itself carry thousands of messages).
  PollThread(Napi::Env env, QueuePtr queue, size_t max_events, Drain drain)
      : PollThreadBase(env, std::move(drain)), queue_(std::move(queue)), max_events_(max_events) {
    Start();
  }
  ~PollThread() override { Stop(); }

  // JS thread: every batch gathered so far, oldest first.
  std::deque<std::unique_ptr<Batch>> Take() {
    std::deque<std::unique_ptr<Batch>> taken;
    std::lock_guard<std::mutex> lock(mutex_);
    taken.swap(batches_);
    return taken;
  }

 private:
  bool GatherBatch() override {
    auto batch = std::make_unique<Batch>();
    // Blocks until an event arrives or Interrupt() yields the queue.
    PollInto(*batch, queue_.get(), -1, max_events_);
    if (batch->event_count() == 0) return false;
    std::lock_guard<std::mutex> lock(mutex_);
    batches_.push_back(std::move(batch));
    return true;
  }

  void Interrupt() override { rd_kafka_queue_yield(queue_.get()); }

  QueuePtr queue_;
  const size_t max_events_;
  std::mutex mutex_;
  std::deque<std::unique_ptr<Batch>> batches_;
};

}  // namespace rdkafka_napi
