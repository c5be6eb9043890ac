#include "poll_thread.h"

#include <pthread.h>

#include "js_boundary.h"

namespace rdkafka_napi {
namespace {

// Upper bound of events gathered into one batch before JS is woken (one delivery event may
// itself carry thousands of messages).
constexpr size_t kMaxEventsPerBatch = 1024;

}  // namespace

PollThread::PollThread(Napi::Env env, rd_kafka_t* rk, Drain drain)
    : queue_(rd_kafka_queue_get_main(rk)), drain_(std::move(drain)) {
  tsfn_ = Tsfn::New(env, "rdkafka-napi poll thread", 0, 1, this);
  tsfn_.Unref(env);
  thread_ = std::thread([this] { Loop(); });
}

PollThread::~PollThread() {
  Stop();
  rd_kafka_queue_destroy(queue_);
}

void PollThread::Loop() {
  pthread_setname_np(pthread_self(), "rdk:napi-poll");
  while (!stopping_.load(std::memory_order_acquire)) {
    // Blocks until an event arrives or Stop() yields the queue.
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue_, -1);
    if (event == nullptr) continue;
    auto batch = std::make_unique<DeliveryBatch>();
    batch->Add(event);
    while (batch->event_count() < kMaxEventsPerBatch && (event = rd_kafka_queue_poll(queue_, 0)) != nullptr) {
      batch->Add(event);
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batches_.push_back(std::move(batch));
    }
    if (!wake_pending_.exchange(true, std::memory_order_acq_rel)) {
      if (tsfn_.NonBlockingCall(nullptr) != napi_ok) return;  // the environment is shutting down
    }
  }
}

void PollThread::Wake(Napi::Env env, Napi::Function, PollThread* self, std::nullptr_t*) {
  if (env == nullptr) return;  // thread-safe function torn down; `self` may be gone
  // Clear before taking: a batch pushed after this point triggers a new wake-up.
  self->wake_pending_.store(false, std::memory_order_release);
  AtBoundary(env, [&] { self->drain_(env); });
}

std::deque<std::unique_ptr<DeliveryBatch>> PollThread::Take() {
  std::deque<std::unique_ptr<DeliveryBatch>> taken;
  std::lock_guard<std::mutex> lock(mutex_);
  taken.swap(batches_);
  return taken;
}

void PollThread::SetActive(Napi::Env env, bool active) {
  if (released_ || active == active_) return;
  active_ = active;
  if (active) {
    tsfn_.Ref(env);
  } else {
    tsfn_.Unref(env);
  }
}

void PollThread::Stop() {
  if (released_) return;
  released_ = true;
  stopping_.store(true, std::memory_order_release);
  rd_kafka_queue_yield(queue_);
  if (thread_.joinable()) thread_.join();
  // Abort: wake-ups still queued are dropped (Wake sees no environment); callers drain with Take().
  tsfn_.Abort();
}

}  // namespace rdkafka_napi
