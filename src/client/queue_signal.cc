#include "client/queue_signal.h"

namespace rdkafka_napi {

QueueSignal::QueueSignal(Napi::Env env, rd_kafka_queue_t* queue) : queue_(queue) {
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, sizeof(int32_t));
  flag_ = static_cast<int32_t*>(buffer.Data());
  *flag_ = 1;
  buffer_ = Napi::Persistent(buffer);
  rd_kafka_queue_cb_event_enable(queue_, &QueueSignal::OnEventsWaiting, flag_);
}

QueueSignal::~QueueSignal() { Disable(); }

void QueueSignal::OnEventsWaiting(rd_kafka_t*, void* flag) {
  __atomic_store_n(static_cast<int32_t*>(flag), 1, __ATOMIC_RELEASE);
}

void QueueSignal::Clear() { __atomic_store_n(flag_, 0, __ATOMIC_SEQ_CST); }

void QueueSignal::Set() { __atomic_store_n(flag_, 1, __ATOMIC_SEQ_CST); }

void QueueSignal::Disable() {
  if (queue_ == nullptr) return;
  rd_kafka_queue_cb_event_enable(queue_, nullptr, nullptr);
  queue_ = nullptr;
}

}  // namespace rdkafka_napi
