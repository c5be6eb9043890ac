#include "consumer/group_leave.h"

#include <algorithm>

namespace rdkafka_napi {

namespace {
// Short slices: rd_kafka_consumer_closed() turns true without an event on this queue to wake us.
constexpr int kSliceMs = 20;
}  // namespace

std::unique_ptr<GroupLeave> GroupLeave::Begin(rd_kafka_t* rk, Clock::time_point deadline, bool rebalance_unanswered) {
  if (rd_kafka_consumer_closed(rk)) return nullptr;
  QueuePtr queue(rd_kafka_queue_new(rk));
  // Refused without a group (UnknownGroup) or when a close has begun already: nothing to do then.
  if (rd_kafka_error_t* error = rd_kafka_consumer_close_queue(rk, queue.get())) {
    rd_kafka_error_destroy(error);
    return nullptr;
  }
  // A rebalance JavaScript was handed and will not answer now would keep the group waiting for the
  // application's call, and rd_kafka_destroy with it, forever. Closing, librdkafka takes any assign as that
  // call (queued after the close, it is served after it). Never otherwise: a group with nothing to wait for may
  // terminate at once, and drops later calls unanswered.
  if (rebalance_unanswered) rd_kafka_assign(rk, nullptr);
  return std::unique_ptr<GroupLeave>(new GroupLeave(rk, std::move(queue), deadline));
}

void GroupLeave::Serve(int timeout_ms) {
  EventPtr event(rd_kafka_queue_poll(queue_.get(), timeout_ms));
  // While closing, librdkafka takes any assign as the unassign it waits for.
  if (event && rd_kafka_event_type(event.get()) == RD_KAFKA_EVENT_REBALANCE) rd_kafka_assign(rk_, nullptr);
}

bool GroupLeave::Finish() {
  while (!rd_kafka_consumer_closed(rk_)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
    if (left <= 0) {
      // Given up: rd_kafka_destroy (with NO_CONSUMER_CLOSE) unassigns by itself from now on, but a rebalance
      // already waiting here must be answered, or the group waits for it through the destroy.
      while (rd_kafka_queue_length(queue_.get()) > 0) Serve(0);
      return false;
    }
    Serve(static_cast<int>(std::min<long long>(left, kSliceMs)));
  }
  return true;
}

}  // namespace rdkafka_napi
