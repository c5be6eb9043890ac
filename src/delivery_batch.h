#pragma once
// What one poll of librdkafka's main queue yields, as a struct of arrays: per delivered or failed
// message its opaque id, topic id, partition, offset, timestamp and error; the whole message
// only for failures (so it can be retried); and the other events (logs, errors, statistics).
//
// The delivery events are kept alive, and destroyed with the batch: librdkafka counts a message
// against queue.buffering.max.messages until its report is destroyed, so a producer whose
// callbacks fall behind gets QueueFull, as with rust-rdkafka, rather than an unbounded backlog.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rdkafka_napi {

class DeliveryBatch {
 public:
  DeliveryBatch() = default;
  DeliveryBatch(const DeliveryBatch&) = delete;
  DeliveryBatch& operator=(const DeliveryBatch&) = delete;
  ~DeliveryBatch();

  // Takes ownership of the event.
  void Add(rd_kafka_event_t* event);

  size_t event_count() const { return event_count_; }
  size_t delivery_count() const { return ids_.size(); }

  // JS thread: { events, ids, topics, partitions, offsets, timestamps, timestampTypes, errors,
  //              failures: [{ index, key, payload, headers }], notes: [[at, kind, a, b, c]] }
  Napi::Object ToJs(Napi::Env env) const;

 private:
  // Non-delivery events, placed between deliveries at index `at` so dispatch keeps their order.
  struct Note {
    enum Kind { kLog = 0, kError = 1, kStats = 2, kFatalError = 3 };
    uint32_t at;
    Kind kind;
    int32_t number;      // log level, or error code
    std::string first;   // log facility, or error reason, or statistics JSON
    std::string second;  // log message
  };

  void AddDeliveries(rd_kafka_event_t* event);
  void ResizeDeliveries(size_t size);

  std::vector<rd_kafka_event_t*> delivery_events_;
  std::vector<uint32_t> ids_;
  std::vector<uint32_t> topics_;
  std::vector<int32_t> partitions_;
  std::vector<double> offsets_;
  std::vector<double> timestamps_;
  std::vector<uint8_t> timestamp_types_;
  std::vector<int32_t> errors_;
  std::vector<const rd_kafka_message_t*> failures_;
  std::vector<uint32_t> failure_indexes_;
  std::vector<Note> notes_;
  size_t event_count_ = 0;
};

}  // namespace rdkafka_napi
