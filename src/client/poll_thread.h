#pragma once
// The dedicated thread of a client kind that serves a queue for the user (ThreadedProducer and
// FutureProducer: the main queue; StreamConsumer: its two queues, in ConsumerThread). It waits on the queue,
// gathers what is there into a batch of the kind's own type, and wakes the JS thread. It never calls
// into JavaScript; at most one wake-up is outstanding, so one JS call takes every batch waiting.
//
// A batch type provides Add(EventPtr) and event_count(); what it keeps of each event is its business. For
// PollThread it also provides message_count(), TakeSettledEvents() (events it no longer needs, for the poll thread to
// destroy) and released_messages() (how many reports it alone now holds).
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <atomic>
#include <condition_variable>
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
  //
  // While JavaScript keeps up, events are destroyed with their batch, after dispatch, on the JS thread: librdkafka
  // counts their messages until then, and the thread that allocated them frees them (a free from another thread
  // misses malloc's per-thread cache and takes the arena's lock: measured, 9% of a ThreadedProducer's throughput).
  // Once more than release_after messages would wait for JavaScript (a loop that never yields), a batch's settled
  // events are released as it is queued instead: the JS thread destroys them at its next send or dispatch
  // (DestroyReleasedEvents), so librdkafka reuses their memory rather than growing. Gathering then stops while
  // max_released released reports wait (events wait in librdkafka's queue, their messages counted, and sends get
  // QueueFull, as they would if nothing were released).
  PollThread(Napi::Env env, QueuePtr queue, size_t max_events, size_t release_after, size_t max_released, Drain drain)
      : PollThreadBase(env, std::move(drain)),
        queue_(std::move(queue)),
        max_events_(max_events),
        release_after_(release_after),
        max_released_(max_released) {
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

  // JS thread: a taken batch has been dispatched.
  void Dispatched(const Batch& batch) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      waiting_ -= batch.message_count();
      released_ -= batch.released_messages();
    }
    room_.notify_one();
  }

  // Reports whose messages were released, not yet dispatched: librdkafka no longer counts them.
  size_t Released() {
    std::lock_guard<std::mutex> lock(mutex_);
    return released_;
  }

  // JS thread: destroys the events released since the last call (a send calls it: one load when there are none).
  // On the thread that allocated their messages, so malloc reuses that memory at once; and only once their batch is
  // queued, so a flush that returns once librdkafka counts no message finds every report in a batch.
  void DestroyReleasedEvents() {
    if (!has_released_events_.load(std::memory_order_acquire)) return;
    std::vector<EventPtr> released;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      released.swap(released_events_);
      has_released_events_.store(false, std::memory_order_relaxed);
    }
  }

 private:
  bool GatherBatch() override {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      room_.wait(lock, [this] { return released_ < max_released_ || interrupted_; });
      if (interrupted_) return false;
    }
    auto batch = std::make_unique<Batch>();
    // Blocks until an event arrives or Interrupt() yields the queue.
    PollInto(*batch, queue_.get(), -1, max_events_);
    if (batch->event_count() == 0) return false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (waiting_ + batch->message_count() > release_after_) {
        std::vector<EventPtr> settled = batch->TakeSettledEvents();
        if (!settled.empty()) {
          for (EventPtr& event : settled) released_events_.push_back(std::move(event));
          has_released_events_.store(true, std::memory_order_release);
        }
      }
      waiting_ += batch->message_count();
      released_ += batch->released_messages();
      batches_.push_back(std::move(batch));
    }
    return true;
  }

  void Interrupt() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      interrupted_ = true;
    }
    room_.notify_one();
    rd_kafka_queue_yield(queue_.get());
  }

  QueuePtr queue_;
  const size_t max_events_;
  const size_t release_after_;
  const size_t max_released_;
  std::mutex mutex_;
  std::condition_variable room_;
  bool interrupted_ = false;
  size_t waiting_ = 0;   // messages in batches not yet dispatched
  size_t released_ = 0;  // of those, the ones whose events were released
  std::vector<EventPtr> released_events_;  // for the JS thread to destroy
  std::atomic<bool> has_released_events_{false};
  std::deque<std::unique_ptr<Batch>> batches_;
};

}  // namespace rdkafka_napi
