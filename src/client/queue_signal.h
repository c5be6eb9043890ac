#pragma once
// The "events waiting" flag of a queue polled from the JS thread (a BaseProducer's, later a
// BaseConsumer's): an Int32 in an ArrayBuffer that JavaScript reads, set by librdkafka when the queue
// goes from empty to non-empty and cleared just before each poll. So poll(0) with nothing to serve
// never enters native code.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <cstdint>

namespace rdkafka_napi {

class QueueSignal {
 public:
  // Starts signalling `queue`, which must outlive Disable(). Set at first: whatever is already
  // queued is served by the first poll.
  QueueSignal(Napi::Env env, rd_kafka_queue_t* queue);
  ~QueueSignal();
  QueueSignal(const QueueSignal&) = delete;
  QueueSignal& operator=(const QueueSignal&) = delete;

  // The buffer JavaScript reads the flag from.
  Napi::ArrayBuffer Buffer() const { return buffer_.Value(); }

  // Before taking events: one arriving after the queue is found empty sets the flag again.
  void Clear();
  // Events were left in the queue (a bounded take): the next poll must come back for them.
  void Set();

  // Stops signalling. Takes the queue's lock: once it returns, librdkafka no longer touches the
  // flag. Idempotent.
  void Disable();

 private:
  // librdkafka thread, queue locked.
  static void OnEventsWaiting(rd_kafka_t* rk, void* flag);

  rd_kafka_queue_t* queue_;
  Napi::Reference<Napi::ArrayBuffer> buffer_;
  int32_t* flag_;
};

}  // namespace rdkafka_napi
