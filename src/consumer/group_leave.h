#pragma once
// A consumer leaving its group without JavaScript: at environment teardown (process exit, a terminated worker)
// there is nobody to run rebalance hooks, but the group should still see the member leave rather than wait a
// session timeout for it. Begin() starts librdkafka's consumer close on a queue of its own; Finish() serves that
// queue until the consumer is closed or the deadline passes, answering the final revoke with an unassign (as
// librdkafka itself does when closing without a rebalance callback) and destroying messages unread, so no
// offset of a message nobody saw is stored. Bounded: past the deadline the handle is destroyed anyway.
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>

#include "client/rd_ptr.h"

namespace rdkafka_napi {

class GroupLeave {
 public:
  using Clock = std::chrono::steady_clock;
  // Null when there is nothing to leave (no group, already closed or closing, or librdkafka refuses).
  // `rebalance_unanswered`: one was handed to JavaScript, which will not answer it now.
  static std::unique_ptr<GroupLeave> Begin(rd_kafka_t* rk, Clock::time_point deadline, bool rebalance_unanswered);
  // Blocks until the consumer is closed or the deadline; true when it is closed.
  bool Finish();

 private:
  GroupLeave(rd_kafka_t* rk, QueuePtr queue, Clock::time_point deadline) : rk_(rk), queue_(std::move(queue)), deadline_(deadline) {}
  // Serves one event (or none, after timeout_ms): rebalances get their unassign, the rest are destroyed unread.
  void Serve(int timeout_ms);
  rd_kafka_t* rk_;
  QueuePtr queue_;
  Clock::time_point deadline_;
};

}  // namespace rdkafka_napi
