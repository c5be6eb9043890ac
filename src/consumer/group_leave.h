#pragma once
// A consumer leaving its group without JavaScript: at environment teardown (process exit, a worker ending or
// terminated) there is nobody to run rebalance hooks, but the group should still see the member leave rather
// than wait a session timeout for it. Begin() answers what the group waits for while it still answers every
// call (a rebalance JavaScript was handed, and those nobody extracted yet), then starts librdkafka's consumer
// close on a queue of its own (or takes over the one a close() under way uses). Step() serves that queue
// without waiting: the final revoke gets its unassign (closing, librdkafka takes any assign as that), messages
// are destroyed unread (so no offset of a message nobody saw is stored). Bounded by its caller: past the
// deadline the handle is destroyed anyway.
#include <librdkafka/rdkafka.h>

#include <memory>

#include "client/rd_ptr.h"
#include "consumer/rebalance_ledger.h"

namespace rdkafka_napi {

class GroupLeave {
 public:
  // `closing`: the queue of a close() under way (null when none began). Null when there is nothing to leave.
  static std::unique_ptr<GroupLeave> Begin(rd_kafka_t* rk, rd_kafka_queue_t* consumer_queue, QueuePtr closing, RebalanceLedger& ledger);
  // Serves what has come, without waiting; true once the consumer is closed.
  bool Step();

 private:
  GroupLeave(rd_kafka_t* rk, QueuePtr queue) : rk_(rk), queue_(std::move(queue)) {}
  rd_kafka_t* rk_;
  QueuePtr queue_;
};

}  // namespace rdkafka_napi
