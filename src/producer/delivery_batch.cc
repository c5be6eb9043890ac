#include "producer/delivery_batch.h"

#include "client/convert.h"
#include "util/js_values.h"

namespace rdkafka_napi {

void DeliveryBatch::Add(EventPtr event) {
  event_count_++;
  if (rd_kafka_event_type(event.get()) == RD_KAFKA_EVENT_DR) {
    AddDeliveries(std::move(event));  // kept until the batch is destroyed
    return;
  }
  // Anything else is copied (or, not enabled for producers, ignored) and destroyed now.
  client_events_.Add(event.get(), static_cast<uint32_t>(ids_.size()));
}

void DeliveryBatch::AddDeliveries(EventPtr event) {
  const size_t count = rd_kafka_event_message_count(event.get());
  const size_t first = ids_.size();
  const size_t failures_before = failures_.size();
  ResizeDeliveries(first + count);
  std::vector<const rd_kafka_message_t*> messages(count);
  const size_t got = rd_kafka_event_message_array(event.get(), messages.data(), count);
  // A delivery event holds one partition's messages: the topic's id is looked up once, not per message.
  const rd_kafka_topic_t* last_topic = nullptr;
  uint32_t last_topic_id = 0;
  for (size_t i = 0; i < got; i++) {
    const rd_kafka_message_t* message = messages[i];
    const size_t at = first + i;
    ids_[at] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(message->_private));
    if (message->rkt != last_topic) {
      last_topic = message->rkt;
      last_topic_id = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(rd_kafka_topic_opaque(message->rkt)));
    }
    topics_[at] = last_topic_id;
    partitions_[at] = message->partition;
    offsets_[at] = static_cast<double>(message->offset);
    rd_kafka_timestamp_type_t type;
    timestamps_[at] = static_cast<double>(rd_kafka_message_timestamp(message, &type));
    timestamp_types_[at] = static_cast<uint8_t>(type);
    errors_[at] = message->err;
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      failures_.push_back(message);
      failure_indexes_.push_back(static_cast<uint32_t>(at));
    }
  }
  if (got < count) ResizeDeliveries(first + got);  // never expected; keeps the arrays consistent
  if (failures_.size() > failures_before) {
    delivery_events_.push_back(std::move(event));
  } else {
    settled_messages_ += got;
    settled_events_.push_back(std::move(event));
  }
}

std::vector<EventPtr> DeliveryBatch::TakeSettledEvents() {
  released_messages_ += settled_messages_;
  settled_messages_ = 0;
  std::vector<EventPtr> taken;
  taken.swap(settled_events_);
  return taken;
}

void DeliveryBatch::ResizeDeliveries(size_t size) {
  ids_.resize(size);
  topics_.resize(size);
  partitions_.resize(size);
  offsets_.resize(size);
  timestamps_.resize(size);
  timestamp_types_.resize(size);
  errors_.resize(size);
}

Napi::Object DeliveryBatch::ToJs(Napi::Env env) const {
  Napi::Object result = Napi::Object::New(env);
  result.Set("events", Napi::Number::New(env, static_cast<double>(event_count_)));
  result.Set("ids", TypedArrayOf<Napi::Uint32Array>(env, ids_));
  result.Set("topics", TypedArrayOf<Napi::Uint32Array>(env, topics_));
  result.Set("partitions", TypedArrayOf<Napi::Int32Array>(env, partitions_));
  result.Set("offsets", TypedArrayOf<Napi::Float64Array>(env, offsets_));
  result.Set("timestamps", TypedArrayOf<Napi::Float64Array>(env, timestamps_));
  result.Set("timestampTypes", TypedArrayOf<Napi::Uint8Array>(env, timestamp_types_));
  result.Set("errors", TypedArrayOf<Napi::Int32Array>(env, errors_));

  Napi::Array failures = Napi::Array::New(env, failures_.size());
  for (size_t i = 0; i < failures_.size(); i++) {
    const rd_kafka_message_t* message = failures_[i];
    Napi::Object failure = Napi::Object::New(env);
    failure.Set("index", failure_indexes_[i]);
    failure.Set("topic", Napi::String::New(env, rd_kafka_topic_name(message->rkt)));
    failure.Set("key", BytesOrNull(env, message->key, message->key_len));
    failure.Set("payload", BytesOrNull(env, message->payload, message->len));
    failure.Set("headers", HeadersToJs(env, message));
    failures.Set(static_cast<uint32_t>(i), failure);
  }
  result.Set("failures", failures);
  result.Set("clientEvents", client_events_.ToJs(env));
  return result;
}

}  // namespace rdkafka_napi
