#include "consumer/legacy_assignment.h"

namespace rdkafka_napi {

LegacyAssignment::LegacyAssignment(rd_kafka_t* rk) : rk_(rk), queue_(rd_kafka_queue_new(rk)) {}

LegacyAssignment::~LegacyAssignment() {
  StopAll();
  // Fetched messages left in the queue each hold their partition: destroyed with the queue, before the topics.
  queue_.reset();
  topics_.clear();
}

rd_kafka_topic_t* LegacyAssignment::Topic(const char* name) {
  auto it = topics_.find(name);
  if (it != topics_.end()) return it->second.get();
  TopicPtr topic(rd_kafka_topic_new(rk_, name, nullptr));
  if (!topic) return nullptr;
  return topics_.emplace(name, std::move(topic)).first->second.get();
}

void LegacyAssignment::StopAll() {
  // rd_kafka_consume_stop waits for the partition's fetcher to let go: a local round trip, no broker involved.
  for (const auto& [where, topic] : started_) rd_kafka_consume_stop(topic, where.second);
  started_.clear();
}

rd_kafka_resp_err_t LegacyAssignment::Assign(const rd_kafka_topic_partition_list_t* list) {
  StopAll();
  if (list == nullptr) return RD_KAFKA_RESP_ERR_NO_ERROR;
  for (int i = 0; i < list->cnt; i++) {
    const rd_kafka_topic_partition_t& entry = list->elems[i];
    rd_kafka_topic_t* topic = Topic(entry.topic);
    if (topic == nullptr || rd_kafka_consume_start_queue(topic, entry.partition, entry.offset, queue_.get()) == -1) {
      const rd_kafka_resp_err_t err = rd_kafka_last_error();
      StopAll();
      return err;
    }
    started_[{entry.topic, entry.partition}] = topic;
  }
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace rdkafka_napi
