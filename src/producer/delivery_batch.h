#pragma once
// What one poll of a producer's main queue yields, as a struct of arrays: per delivered or failed
// message its opaque id, topic id, partition, offset, timestamp and error; the whole message only
// for failures (so it can be retried); and the client events (logs, errors, statistics) in between.
//
// The delivery events are kept alive, and destroyed with the batch: librdkafka counts a message against
// queue.buffering.max.messages until its report is destroyed, so a producer whose callbacks fall behind
// gets QueueFull, as with rust-rdkafka, rather than an unbounded backlog. An event whose messages were all
// delivered is settled once copied (everything JS needs of it is in the arrays): a poll thread far ahead
// of JS may release it early (TakeSettledEvents; PollThread says when, and how it stays bounded).
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <cstdint>
#include <vector>

#include "client/client_events.h"
#include "client/rd_ptr.h"

namespace rdkafka_napi {

class DeliveryBatch {
 public:
  DeliveryBatch() = default;
  DeliveryBatch(const DeliveryBatch&) = delete;
  DeliveryBatch& operator=(const DeliveryBatch&) = delete;

  void Add(EventPtr event);

  size_t event_count() const { return event_count_; }
  size_t message_count() const { return ids_.size(); }

  // Poll thread: moves out the settled events (to destroy once the batch is where JS can take it) and counts
  // their messages in released_messages().
  std::vector<EventPtr> TakeSettledEvents();
  // Messages whose events TakeSettledEvents moved out: reports held only by this batch.
  size_t released_messages() const { return released_messages_; }

  // JS thread: { events, ids, topics, partitions, offsets, timestamps, timestampTypes, errors,
  //              failures: [{ index, topic, key, payload, headers }], clientEvents: ClientEvents::ToJs }
  Napi::Object ToJs(Napi::Env env) const;

 private:
  void AddDeliveries(EventPtr event);
  void ResizeDeliveries(size_t size);

  std::vector<EventPtr> delivery_events_;  // with a failure
  std::vector<EventPtr> settled_events_;
  size_t settled_messages_ = 0;
  size_t released_messages_ = 0;
  std::vector<uint32_t> ids_;
  std::vector<uint32_t> topics_;
  std::vector<int32_t> partitions_;
  std::vector<double> offsets_;
  std::vector<double> timestamps_;
  std::vector<uint8_t> timestamp_types_;
  std::vector<int32_t> errors_;
  std::vector<const rd_kafka_message_t*> failures_;
  std::vector<uint32_t> failure_indexes_;
  ClientEvents client_events_;
  size_t event_count_ = 0;
};

}  // namespace rdkafka_napi
