#pragma once
// Which rebalance librdkafka is waiting for the application to answer. A rebalance event handed to JavaScript
// makes the group wait for an assign-type call; if JavaScript never makes it (the environment is torn down, a
// close gives up on a hook that never ends), the group, and rd_kafka_destroy with it, would wait forever, so
// the consumer makes that call itself. It must know the rebalance to make the matching call, and must not call
// otherwise: a group with nothing to wait for may terminate at once and drop a later call unanswered.
//
// Handed-out rebalances are numbered; a successful assign-type call answers every one handed out before it began.
#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <mutex>

#include "client/rd_ptr.h"

namespace rdkafka_napi {

class RebalanceLedger {
 public:
  // Any thread: a rebalance was handed to the application (its list is copied).
  void HandedOut(bool revoke, const rd_kafka_topic_partition_list_t* partitions);
  // JS thread: before an assign-type call, Before(); after it succeeded, Answered(what Before() returned).
  uint64_t Before() const;
  void Answered(uint64_t before);
  // Whether one waits for its answer.
  bool unanswered() const;
  // Answers the one waiting, if any, with the call that matches it (cooperative: incremental; eager: assign).
  // Only while the group is certain to serve the call: it waits for this answer, or has not begun to close.
  void AnswerWaiting(rd_kafka_t* rk);

 private:
  mutable std::mutex mutex_;
  uint64_t handed_out_ = 0;
  uint64_t answered_ = 0;
  bool revoke_ = false;
  PartitionListPtr partitions_;
};

// The call that answers a rebalance (errors are librdkafka's to log: nothing else can be done about them here).
void AnswerRebalance(rd_kafka_t* rk, bool revoke, const rd_kafka_topic_partition_list_t* partitions);

}  // namespace rdkafka_napi
