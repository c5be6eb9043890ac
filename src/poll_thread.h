#pragma once
// The dedicated thread of a ThreadedProducer (and FutureProducer): waits on librdkafka's main
// queue, gathers whatever is there into a DeliveryBatch, and wakes the JS thread. It never calls
// into JavaScript; at most one wake-up is outstanding, so one JS call takes every batch waiting.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "delivery_batch.h"

namespace rdkafka_napi {

class PollThread {
 public:
  // JS thread: called after a wake-up; takes and dispatches the batches with Take().
  using Drain = std::function<void(Napi::Env)>;

  PollThread(Napi::Env env, rd_kafka_t* rk, Drain drain);
  ~PollThread();
  PollThread(const PollThread&) = delete;
  PollThread& operator=(const PollThread&) = delete;

  std::deque<std::unique_ptr<DeliveryBatch>> Take();

  // JS thread. While active, the pending wake-ups keep the event loop alive.
  void SetActive(Napi::Env env, bool active);

  // JS thread. Stops and joins the thread; batches it made stay available to Take().
  void Stop();

 private:
  static void Wake(Napi::Env env, Napi::Function, PollThread* self, std::nullptr_t*);
  using Tsfn = Napi::TypedThreadSafeFunction<PollThread, std::nullptr_t, Wake>;

  void Loop();

  rd_kafka_queue_t* queue_;
  Drain drain_;
  Tsfn tsfn_;
  std::mutex mutex_;
  std::deque<std::unique_ptr<DeliveryBatch>> batches_;
  std::atomic<bool> wake_pending_{false};
  std::atomic<bool> stopping_{false};
  bool active_ = false;
  bool released_ = false;
  std::thread thread_;
};

}  // namespace rdkafka_napi
