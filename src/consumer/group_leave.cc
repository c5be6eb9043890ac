#include "consumer/group_leave.h"

namespace rdkafka_napi {

std::unique_ptr<GroupLeave> GroupLeave::Begin(rd_kafka_t* rk, rd_kafka_queue_t* consumer_queue, QueuePtr closing, RebalanceLedger& ledger) {
  if (rd_kafka_consumer_closed(rk)) return nullptr;
  // A rebalance JavaScript holds and will not answer now. The group waits for it (closing, or not yet): it
  // serves the call.
  ledger.AnswerWaiting(rk);
  if (closing) return std::unique_ptr<GroupLeave>(new GroupLeave(rk, std::move(closing)));
  // Rebalances nobody extracted: answered now, while the group has not begun to close (once it has, one it no
  // longer waits for may find it terminated, and the call would never return).
  while (EventPtr event{rd_kafka_queue_poll(consumer_queue, 0)}) {
    if (rd_kafka_event_type(event.get()) != RD_KAFKA_EVENT_REBALANCE) continue;
    AnswerRebalance(rk, rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS, rd_kafka_event_topic_partition_list(event.get()));
  }
  QueuePtr queue(rd_kafka_queue_new(rk));
  if (rd_kafka_error_t* error = rd_kafka_consumer_close_queue(rk, queue.get())) {
    rd_kafka_error_destroy(error);
    return nullptr;
  }
  return std::unique_ptr<GroupLeave>(new GroupLeave(rk, std::move(queue)));
}

bool GroupLeave::Step() {
  // Everything here comes from the close, which waits for the answer to each rebalance: safe to make.
  while (EventPtr event{rd_kafka_queue_poll(queue_.get(), 0)}) {
    if (rd_kafka_event_type(event.get()) == RD_KAFKA_EVENT_REBALANCE) rd_kafka_assign(rk_, nullptr);
  }
  return rd_kafka_consumer_closed(rk_) != 0;
}

}  // namespace rdkafka_napi
