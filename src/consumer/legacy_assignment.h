#pragma once
// The assignment of a consumer without group.id. librdkafka gives such a consumer no consumer group, so it
// refuses rd_kafka_assign (UnknownGroup); its legacy (simple consumer) API still consumes: each assigned
// partition is started on one queue of ours, which then stands where the consumer queue would be, served the
// same way. Offsets must be concrete or logical (TypeScript resolves "no offset" with auto.offset.reset).
// Owns its topic handles and started partitions: destroying it stops every partition, before the client goes.
#include <librdkafka/rdkafka.h>

#include <map>
#include <string>
#include <utility>

#include "client/rd_ptr.h"

namespace rdkafka_napi {

class LegacyAssignment {
 public:
  explicit LegacyAssignment(rd_kafka_t* rk);
  LegacyAssignment(const LegacyAssignment&) = delete;
  LegacyAssignment& operator=(const LegacyAssignment&) = delete;
  ~LegacyAssignment();

  rd_kafka_queue_t* queue() const { return queue_.get(); }
  // Replaces the assignment (as rd_kafka_assign does): every partition is stopped, then those of `list`
  // (null: none) started at their offsets. On an error none is left started.
  rd_kafka_resp_err_t Assign(const rd_kafka_topic_partition_list_t* list);

 private:
  void StopAll();
  rd_kafka_topic_t* Topic(const char* name);

  rd_kafka_t* rk_;
  QueuePtr queue_;
  std::map<std::string, TopicPtr> topics_;
  std::map<std::pair<std::string, int32_t>, rd_kafka_topic_t*> started_;
};

}  // namespace rdkafka_napi
