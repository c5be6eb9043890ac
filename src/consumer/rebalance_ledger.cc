#include "consumer/rebalance_ledger.h"

#include <cstring>

namespace rdkafka_napi {

void RebalanceLedger::HandedOut(bool revoke, const rd_kafka_topic_partition_list_t* partitions) {
  PartitionListPtr copy(partitions != nullptr ? rd_kafka_topic_partition_list_copy(partitions) : nullptr);
  std::lock_guard<std::mutex> lock(mutex_);
  handed_out_++;
  revoke_ = revoke;
  partitions_ = std::move(copy);
}

uint64_t RebalanceLedger::Before() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return handed_out_;
}

void RebalanceLedger::Answered(uint64_t before) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (before > answered_) answered_ = before;
}

bool RebalanceLedger::unanswered() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return handed_out_ > answered_;
}

void RebalanceLedger::AnswerWaiting(rd_kafka_t* rk) {
  bool revoke = false;
  PartitionListPtr partitions;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (handed_out_ == answered_) return;
    answered_ = handed_out_;
    revoke = revoke_;
    partitions = std::move(partitions_);
  }
  AnswerRebalance(rk, revoke, partitions.get());
}

void AnswerRebalance(rd_kafka_t* rk, bool revoke, const rd_kafka_topic_partition_list_t* partitions) {
  const char* protocol = rd_kafka_rebalance_protocol(rk);
  if (protocol != nullptr && std::strcmp(protocol, "COOPERATIVE") == 0) {
    ErrorPtr error(revoke ? rd_kafka_incremental_unassign(rk, partitions) : rd_kafka_incremental_assign(rk, partitions));
    return;
  }
  // Eager: an assignment is taken and then revoked by whatever comes next (a close, say).
  rd_kafka_assign(rk, revoke ? nullptr : partitions);
}

}  // namespace rdkafka_napi
