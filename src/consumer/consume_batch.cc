#include "consumer/consume_batch.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "client/convert.h"
#include "util/js_values.h"

namespace rdkafka_napi {
namespace {

// A batch ends once its slab holds this much, so that slab indexes stay small and one batch's memory bounded.
constexpr size_t kMaxSlabBytes = size_t{256} << 20;

// Main-queue events taken in one go.
constexpr size_t kMaxMainEvents = 1024;

}  // namespace

bool ConsumeBatch::AddConsumerEvent(EventPtr event) {
  rd_kafka_event_t* ev = event.get();
  switch (rd_kafka_event_type(ev)) {
    case RD_KAFKA_EVENT_FETCH: {
      // One message per event; it belongs to the event and goes with it.
      const rd_kafka_message_t* message = rd_kafka_event_message_next(ev);
      if (message == nullptr) return true;
      AddRead(message);
      return !full();
    }
    case RD_KAFKA_EVENT_ERROR: {
      const char* reason = rd_kafka_event_error_string(ev);
      Control control{static_cast<uint32_t>(partitions_.size()), ConsumerEventKind::ConsumerError, rd_kafka_event_error(ev), reason != nullptr ? reason : "",
                      false, "", -1, -1, nullptr, rd_kafka_event_error_is_fatal(ev) != 0};
      // Partition EOF and other partition errors say where (the topic-partition is the caller's to free).
      if (rd_kafka_topic_partition_t* where = rd_kafka_event_topic_partition(ev)) {
        control.has_partition = true;
        control.topic = where->topic;
        control.partition = where->partition;
        control.offset = where->offset;
        rd_kafka_topic_partition_destroy(where);
      }
      controls_.push_back(std::move(control));
      return true;
    }
    case RD_KAFKA_EVENT_REBALANCE: {
      AddRebalance(rd_kafka_event_error(ev), rd_kafka_event_topic_partition_list(ev));
      return false;
    }
    default:
      return true;  // nothing else is expected on the consumer queue; destroyed unseen
  }
}

void ConsumeBatch::AddRead(const rd_kafka_message_t* message) {
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    AddMessage(message);
    return;
  }
  // A consumer error: librdkafka reports a fatal one as __FATAL (the cause is the client's fatal error).
  const char* topic = message->rkt != nullptr ? rd_kafka_topic_name(message->rkt) : nullptr;
  controls_.push_back({static_cast<uint32_t>(partitions_.size()), ConsumerEventKind::ConsumerError, message->err, rd_kafka_message_errstr(message),
                       topic != nullptr, topic != nullptr ? topic : "", message->partition, message->offset, nullptr,
                       message->err == RD_KAFKA_RESP_ERR__FATAL});
}

void ConsumeBatch::AddRebalance(rd_kafka_resp_err_t code, const rd_kafka_topic_partition_list_t* partitions) {
  const ConsumerEventKind kind = code == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS   ? ConsumerEventKind::Assign
                                 : code == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS ? ConsumerEventKind::Revoke
                                                                                : ConsumerEventKind::RebalanceError;
  controls_.push_back({static_cast<uint32_t>(partitions_.size()), kind, code, code == RD_KAFKA_RESP_ERR_NO_ERROR ? "" : rd_kafka_err2str(code), false, "",
                       -1, -1, PartitionListPtr(partitions != nullptr ? rd_kafka_topic_partition_list_copy(partitions) : nullptr), false});
}

void ConsumeBatch::Reserve(size_t messages) {
  const size_t total = partitions_.size() + messages;
  topics_.reserve(total);
  partitions_.reserve(total);
  offsets_.reserve(total);
  timestamps_.reserve(total);
  timestamp_types_.reserve(total);
  key_starts_.reserve(total);
  key_lengths_.reserve(total);
  payload_starts_.reserve(total);
  payload_lengths_.reserve(total);
  header_counts_.reserve(total);
}

void ConsumeBatch::ReserveBytes(size_t bytes) { slab_.reserve(slab_.size() + std::min(bytes, kMaxSlabBytes)); }

bool ConsumeBatch::full() const { return slab_.size() >= kMaxSlabBytes; }

void ConsumeBatch::AddMainEvent(EventPtr event) {
  rd_kafka_event_t* ev = event.get();
  main_events_++;
  if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_OFFSET_COMMIT) {
    const rd_kafka_topic_partition_list_t* list = rd_kafka_event_topic_partition_list(ev);
    commits_.push_back({static_cast<uint32_t>(reinterpret_cast<uintptr_t>(rd_kafka_event_opaque(ev))), rd_kafka_event_error(ev),
                        PartitionListPtr(list != nullptr ? rd_kafka_topic_partition_list_copy(list) : nullptr)});
    return;
  }
  // Client events come from another queue than the messages: they go before this batch's messages.
  client_events_.Add(ev, 0);
}

bool ConsumeBatch::Rebalance(bool* revoke, const rd_kafka_topic_partition_list_t** partitions) const {
  for (auto it = controls_.rbegin(); it != controls_.rend(); ++it) {
    if (it->kind == ConsumerEventKind::ConsumerError) continue;
    *revoke = it->kind != ConsumerEventKind::Assign;
    *partitions = it->partitions.get();
    return true;
  }
  return false;
}

bool ConsumeBatch::TakeMainEvents(rd_kafka_queue_t* main_queue) {
  for (size_t taken = 0; taken < kMaxMainEvents; taken++) {
    rd_kafka_event_t* event = rd_kafka_queue_poll(main_queue, 0);
    if (event == nullptr) return true;
    AddMainEvent(EventPtr(event));
  }
  return false;
}

uint32_t ConsumeBatch::TopicIndex(const char* name) {
  // Most batches hold one topic, or a few in runs: the last one is checked first.
  if (!topic_names_.empty() && topic_names_.back() == name) return static_cast<uint32_t>(topic_names_.size() - 1);
  auto [it, added] = topic_indexes_.try_emplace(name, static_cast<uint32_t>(topic_names_.size()));
  if (added) topic_names_.emplace_back(name);
  return it->second;
}

int32_t ConsumeBatch::CopyBytes(const void* data, size_t size) {
  if (data == nullptr) return -1;
  const size_t start = slab_.size();
  // insert(), not resize() and memcpy: the new bytes are written once, not zeroed first.
  const auto* bytes = static_cast<const uint8_t*>(data);
  slab_.insert(slab_.end(), bytes, bytes + size);
  return static_cast<int32_t>(start);
}

void ConsumeBatch::AddMessage(const rd_kafka_message_t* message) {
  topics_.push_back(TopicIndex(rd_kafka_topic_name(message->rkt)));
  partitions_.push_back(message->partition);
  offsets_.push_back(static_cast<double>(message->offset));
  rd_kafka_timestamp_type_t type;
  timestamps_.push_back(static_cast<double>(rd_kafka_message_timestamp(message, &type)));
  timestamp_types_.push_back(static_cast<uint8_t>(type));
  key_starts_.push_back(CopyBytes(message->key, message->key_len));
  key_lengths_.push_back(static_cast<int32_t>(message->key_len));
  payload_starts_.push_back(CopyBytes(message->payload, message->len));
  payload_lengths_.push_back(static_cast<int32_t>(message->len));

  uint32_t count = 0;
  rd_kafka_headers_t* headers = nullptr;
  // rd_kafka_message_headers parses them; they stay the message's.
  if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name;
    const void* value;
    size_t size;
    while (rd_kafka_header_get_all(headers, count, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      header_keys_.emplace_back(name);
      header_starts_.push_back(CopyBytes(value, size));
      header_lengths_.push_back(static_cast<int32_t>(size));
      count++;
    }
  }
  if (count > 0) any_headers_ = true;
  header_counts_.push_back(count);
}

Napi::Object ConsumeBatch::ToJs(Napi::Env env) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("queue", Napi::Number::New(env, queue_));
  result.Set("epoch", Napi::Number::New(env, static_cast<double>(epoch_)));
  Napi::Array names = Napi::Array::New(env, topic_names_.size());
  for (size_t i = 0; i < topic_names_.size(); i++) names.Set(static_cast<uint32_t>(i), Napi::String::New(env, topic_names_[i]));
  result.Set("topicNames", names);
  result.Set("topics", TypedArrayOf<Napi::Uint32Array>(env, topics_));
  result.Set("partitions", TypedArrayOf<Napi::Int32Array>(env, partitions_));
  result.Set("offsets", TypedArrayOf<Napi::Float64Array>(env, offsets_));
  result.Set("timestamps", TypedArrayOf<Napi::Float64Array>(env, timestamps_));
  result.Set("timestampTypes", TypedArrayOf<Napi::Uint8Array>(env, timestamp_types_));
  // The slab goes to JavaScript as it is (its Buffer frees it): a batch's bytes are copied once, on the thread
  // that read them, not again here.
  auto* slab = new std::vector<uint8_t>(std::move(slab_));
  slab_.clear();
  result.Set("slab", Napi::Buffer<uint8_t>::NewOrCopy(
                         env, slab->data(), slab->size(), [](Napi::Env, uint8_t*, std::vector<uint8_t>* owned) { delete owned; }, slab));
  result.Set("keyStarts", TypedArrayOf<Napi::Int32Array>(env, key_starts_));
  result.Set("keyLengths", TypedArrayOf<Napi::Int32Array>(env, key_lengths_));
  result.Set("payloadStarts", TypedArrayOf<Napi::Int32Array>(env, payload_starts_));
  result.Set("payloadLengths", TypedArrayOf<Napi::Int32Array>(env, payload_lengths_));
  if (any_headers_) {
    result.Set("headerCounts", TypedArrayOf<Napi::Uint32Array>(env, header_counts_));
    Napi::Array keys = Napi::Array::New(env, header_keys_.size());
    for (size_t i = 0; i < header_keys_.size(); i++) keys.Set(static_cast<uint32_t>(i), Napi::String::New(env, header_keys_[i]));
    result.Set("headerKeys", keys);
    result.Set("headerStarts", TypedArrayOf<Napi::Int32Array>(env, header_starts_));
    result.Set("headerLengths", TypedArrayOf<Napi::Int32Array>(env, header_lengths_));
  } else {
    result.Set("headerCounts", env.Null());
  }

  Napi::Array controls = Napi::Array::New(env, controls_.size());
  for (size_t i = 0; i < controls_.size(); i++) {
    const Control& control = controls_[i];
    Napi::Array entry = Napi::Array::New(env, 9);
    entry.Set(0u, control.at);
    entry.Set(1u, static_cast<int32_t>(control.kind));
    entry.Set(2u, control.code);
    entry.Set(3u, Napi::String::New(env, control.reason));
    entry.Set(4u, control.has_partition ? Napi::Value(Napi::String::New(env, control.topic)) : env.Null());
    entry.Set(5u, control.partition);
    entry.Set(6u, Napi::Number::New(env, static_cast<double>(control.offset)));
    entry.Set(7u, control.partitions ? Napi::Value(PartitionListToJs(env, control.partitions.get())) : env.Null());
    entry.Set(8u, control.fatal);
    controls.Set(static_cast<uint32_t>(i), entry);
  }
  result.Set("controls", controls);

  Napi::Array commits = Napi::Array::New(env, commits_.size());
  for (size_t i = 0; i < commits_.size(); i++) {
    Napi::Array entry = Napi::Array::New(env, 3);
    entry.Set(0u, commits_[i].opaque);
    entry.Set(1u, commits_[i].code);
    entry.Set(2u, PartitionListToJs(env, commits_[i].partitions.get()));
    commits.Set(static_cast<uint32_t>(i), entry);
  }
  result.Set("commits", commits);
  result.Set("clientEvents", client_events_.ToJs(env));
  return result;
}

}  // namespace rdkafka_napi
