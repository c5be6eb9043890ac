#include "delivery_batch.h"

#include <cstring>

namespace rdkafka_napi {
namespace {

template <typename T, typename Array>
Array TypedArrayOf(Napi::Env env, const std::vector<T>& values) {
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(buffer.Data(), values.data(), values.size() * sizeof(T));
  return Array::New(env, values.size(), buffer, 0);
}

Napi::Value BytesOrNull(Napi::Env env, const void* data, size_t size) {
  if (data == nullptr) return env.Null();
  return Napi::Buffer<uint8_t>::Copy(env, static_cast<const uint8_t*>(data), size);
}

Napi::Array HeadersToJs(Napi::Env env, const rd_kafka_message_t* message) {
  Napi::Array list = Napi::Array::New(env);
  rd_kafka_headers_t* headers = nullptr;
  // The message keeps ownership of its headers.
  if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) return list;
  const char* name;
  const void* value;
  size_t size;
  for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; i++) {
    Napi::Object header = Napi::Object::New(env);
    header.Set("key", Napi::String::New(env, name));
    header.Set("value", BytesOrNull(env, value, size));
    list.Set(static_cast<uint32_t>(i), header);
  }
  return list;
}

}  // namespace

DeliveryBatch::~DeliveryBatch() {
  for (rd_kafka_event_t* event : delivery_events_) rd_kafka_event_destroy(event);
}

void DeliveryBatch::Add(rd_kafka_event_t* event) {
  event_count_++;
  const uint32_t at = static_cast<uint32_t>(ids_.size());
  switch (rd_kafka_event_type(event)) {
    case RD_KAFKA_EVENT_DR:
      AddDeliveries(event);
      return;  // kept until the batch is destroyed
    case RD_KAFKA_EVENT_LOG: {
      const char* facility = "";
      const char* message = "";
      int level = 0;
      rd_kafka_event_log(event, &facility, &message, &level);
      notes_.push_back({at, Note::kLog, level, facility ? facility : "", message ? message : ""});
      break;
    }
    case RD_KAFKA_EVENT_ERROR: {
      const char* reason = rd_kafka_event_error_string(event);
      notes_.push_back({at, rd_kafka_event_error_is_fatal(event) ? Note::kFatalError : Note::kError,
                        static_cast<int32_t>(rd_kafka_event_error(event)), reason ? reason : "", ""});
      break;
    }
    case RD_KAFKA_EVENT_STATS: {
      const char* json = rd_kafka_event_stats(event);
      notes_.push_back({at, Note::kStats, 0, json ? json : "{}", ""});
      break;
    }
    default:
      break;  // not enabled for producers; nothing to report
  }
  rd_kafka_event_destroy(event);
}

void DeliveryBatch::AddDeliveries(rd_kafka_event_t* event) {
  delivery_events_.push_back(event);
  const size_t count = rd_kafka_event_message_count(event);
  const size_t first = ids_.size();
  ResizeDeliveries(first + count);
  std::vector<const rd_kafka_message_t*> messages(count);
  const size_t got = rd_kafka_event_message_array(event, messages.data(), count);
  for (size_t i = 0; i < got; i++) {
    const rd_kafka_message_t* message = messages[i];
    const size_t at = first + i;
    ids_[at] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(message->_private));
    topics_[at] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(rd_kafka_topic_opaque(message->rkt)));
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
  result.Set("ids", TypedArrayOf<uint32_t, Napi::Uint32Array>(env, ids_));
  result.Set("topics", TypedArrayOf<uint32_t, Napi::Uint32Array>(env, topics_));
  result.Set("partitions", TypedArrayOf<int32_t, Napi::Int32Array>(env, partitions_));
  result.Set("offsets", TypedArrayOf<double, Napi::Float64Array>(env, offsets_));
  result.Set("timestamps", TypedArrayOf<double, Napi::Float64Array>(env, timestamps_));
  result.Set("timestampTypes", TypedArrayOf<uint8_t, Napi::Uint8Array>(env, timestamp_types_));
  result.Set("errors", TypedArrayOf<int32_t, Napi::Int32Array>(env, errors_));

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

  Napi::Array notes = Napi::Array::New(env, notes_.size());
  for (size_t i = 0; i < notes_.size(); i++) {
    const Note& note = notes_[i];
    Napi::Array entry = Napi::Array::New(env, 5);
    entry.Set(0u, note.at);
    entry.Set(1u, static_cast<int32_t>(note.kind));
    entry.Set(2u, note.number);
    entry.Set(3u, Napi::String::New(env, note.first));
    entry.Set(4u, Napi::String::New(env, note.second));
    notes.Set(static_cast<uint32_t>(i), entry);
  }
  result.Set("notes", notes);
  return result;
}

}  // namespace rdkafka_napi
