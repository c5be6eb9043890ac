#include "client/convert.h"

#include <cstdlib>
#include <cstring>

#include "util/js_values.h"

namespace rdkafka_napi {

std::string ToTopicName(Napi::Value value, const char* what) {
  Napi::Env env = value.Env();
  if (!value.IsString()) throw Napi::TypeError::New(env, std::string(what) + " must be a string");
  std::string name = value.As<Napi::String>().Utf8Value();
  if (name.empty()) throw Napi::TypeError::New(env, std::string(what) + " must not be empty");
  if (name.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(env, std::string(what) + " must not contain NUL characters");
  }
  return name;
}

namespace {

Napi::Array Int32List(Napi::Env env, const int32_t* values, int count) {
  Napi::Array list = Napi::Array::New(env, count);
  for (int i = 0; i < count; i++) list.Set(i, values[i]);
  return list;
}

}  // namespace

Napi::Object MetadataToJs(Napi::Env env, const rd_kafka_metadata_t& metadata) {
  Napi::Array brokers = Napi::Array::New(env, metadata.broker_cnt);
  for (int i = 0; i < metadata.broker_cnt; i++) {
    const rd_kafka_metadata_broker_t& b = metadata.brokers[i];
    Napi::Object broker = Napi::Object::New(env);
    broker.Set("id", b.id);
    broker.Set("host", b.host ? b.host : "");
    broker.Set("port", b.port);
    brokers.Set(i, broker);
  }
  Napi::Array topics = Napi::Array::New(env, metadata.topic_cnt);
  for (int t = 0; t < metadata.topic_cnt; t++) {
    const rd_kafka_metadata_topic_t& mt = metadata.topics[t];
    Napi::Array partitions = Napi::Array::New(env, mt.partition_cnt);
    for (int p = 0; p < mt.partition_cnt; p++) {
      const rd_kafka_metadata_partition_t& mp = mt.partitions[p];
      Napi::Object partition = Napi::Object::New(env);
      partition.Set("id", mp.id);
      partition.Set("leader", mp.leader);
      partition.Set("replicas", Int32List(env, mp.replicas, mp.replica_cnt));
      partition.Set("isr", Int32List(env, mp.isrs, mp.isr_cnt));
      partition.Set("error", Napi::Number::New(env, mp.err));
      partitions.Set(p, partition);
    }
    Napi::Object topic = Napi::Object::New(env);
    topic.Set("name", mt.topic ? mt.topic : "");
    topic.Set("partitions", partitions);
    topic.Set("error", Napi::Number::New(env, mt.err));
    topics.Set(t, topic);
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("origBrokerId", metadata.orig_broker_id);
  result.Set("origBrokerName", metadata.orig_broker_name ? metadata.orig_broker_name : "");
  result.Set("brokers", brokers);
  result.Set("topics", topics);
  return result;
}

namespace {

[[noreturn]] void ThrowNotBytes(napi_env env, const char* what) {
  throw Napi::TypeError::New(env, std::string(what) + " must be a Buffer, Uint8Array, string or null");
}

// A typed array's bytes, once napi_get_typedarray_info has read it.
Bytes ArrayBytes(napi_env env, napi_value value, const char* what, napi_typedarray_type array_type, size_t length, void* data) {
  static const char kEmpty = 0;
  if (array_type != napi_uint8_array && array_type != napi_uint8_clamped_array) ThrowNotBytes(env, what);
  if (length == 0) {
    // A view of a transferred (detached) buffer reads as empty; sending it as an empty message would
    // silently lose what the caller meant to send.
    napi_value buffer;
    bool detached = false;
    if (napi_get_typedarray_info(env, value, &array_type, &length, &data, &buffer, nullptr) == napi_ok &&
        napi_is_detached_arraybuffer(env, buffer, &detached) == napi_ok && detached) {
      throw Napi::TypeError::New(env, std::string(what) + " is a view of a detached ArrayBuffer (transferred or destroyed)");
    }
  }
  return {data != nullptr ? data : &kEmpty, length};  // a zero-length array may have no storage
}

}  // namespace

Bytes Bytes::ReadArray(napi_env env, napi_value value, const char* what) {
  napi_typedarray_type array_type;
  size_t length;
  void* data;
  // Not asking for the ArrayBuffer: for a small array V8 would move its bytes off the heap to make one.
  if (napi_get_typedarray_info(env, value, &array_type, &length, &data, nullptr, nullptr) != napi_ok) ThrowNotBytes(env, what);
  return ArrayBytes(env, value, what, array_type, length, data);
}

Bytes Bytes::ReadString(napi_env env, napi_value value, const char* what, Utf8Room& room) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, room.buffer_, room.capacity_, &length) != napi_ok) ThrowNotBytes(env, what);
  // V8 writes whole characters only (up to 4 bytes each) and leaves room for a NUL: a string this short
  // was read whole. A longer one may have been cut, and is read again at its exact size.
  if (length + 4 < room.capacity_) return {room.buffer_, length};
  napi_get_value_string_utf8(env, value, nullptr, 0, &length);
  room.heap_.reset(new char[length + 1]);
  napi_get_value_string_utf8(env, value, room.heap_.get(), length + 1, &length);
  return {room.heap_.get(), length};  // non-null even when empty: "" is an empty value, not a null one
}

Bytes Bytes::Read(napi_env env, napi_value value, const char* what, Utf8Room& room) {
  napi_typedarray_type array_type;
  size_t length;
  void* data;
  // Buffers first, in one call: it fails at once for anything that is not a typed array.
  if (napi_get_typedarray_info(env, value, &array_type, &length, &data, nullptr, nullptr) == napi_ok) {
    return ArrayBytes(env, value, what, array_type, length, data);
  }
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok) throw Napi::TypeError::New(env, std::string(what) + " could not be read");
  if (type == napi_null || type == napi_undefined) return {};
  if (type == napi_string) return ReadString(env, value, what, room);
  ThrowNotBytes(env, what);
}

HeadersPtr ToHeaders(napi_env env, napi_value value, Utf8Room& key_room, Utf8Room& value_room) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok) throw Napi::TypeError::New(env, "headers could not be read");
  if (type == napi_undefined || type == napi_null) return nullptr;
  bool is_array = false;
  uint32_t length = 0;
  if (napi_is_array(env, value, &is_array) != napi_ok || !is_array || napi_get_array_length(env, value, &length) != napi_ok) {
    throw Napi::TypeError::New(env, "headers must be an array");
  }
  HeadersPtr headers(rd_kafka_headers_new(length / 2));
  for (uint32_t i = 0; i + 1 < length; i += 2) {
    napi_value key;
    napi_value header_value;
    if (napi_get_element(env, value, i, &key) != napi_ok || napi_get_element(env, value, i + 1, &header_value) != napi_ok) {
      throw Napi::TypeError::New(env, "headers could not be read");
    }
    Bytes name = Bytes::Read(env, key, "a record header's key", key_room);
    Bytes bytes = Bytes::Read(env, header_value, "a record header's value", value_room);
    if (name.data == nullptr) throw Napi::TypeError::New(env, "a record header's key must be a string");
    // Copies both: the rooms serve the next header.
    rd_kafka_header_add(headers.get(), static_cast<const char*>(name.data), static_cast<ssize_t>(name.size), bytes.data,
                        static_cast<ssize_t>(bytes.size));
  }
  return headers;
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

PartitionListPtr ToPartitionOffsets(Napi::Value value, const char* what) {
  Napi::Env env = value.Env();
  const std::string name(what);
  if (!value.IsArray()) throw Napi::TypeError::New(env, name + " must be an array");
  Napi::Array list = value.As<Napi::Array>();
  PartitionListPtr offsets(rd_kafka_topic_partition_list_new(static_cast<int>(list.Length())));
  const std::string topic_what = name + "[].topic";
  const std::string partition_what = name + "[].partition";
  for (uint32_t i = 0; i < list.Length(); i++) {
    Napi::Value entry = list.Get(i);
    if (!entry.IsArray()) throw Napi::TypeError::New(env, name + " must be [topic, partition, offset, metadata?] entries");
    Napi::Array fields = entry.As<Napi::Array>();
    std::string topic = ToTopicName(fields.Get(0u), topic_what.c_str());
    // -1: a whole topic (subscriptions); TypeScript checks where it is allowed.
    int32_t partition = ToInt32InRange(fields.Get(1u), partition_what.c_str(), -1, INT32_MAX);
    int64_t offset = 0;
    if (napi_get_value_int64(env, fields.Get(2u), &offset) != napi_ok) throw Napi::TypeError::New(env, name + "[].offset must be a number");
    rd_kafka_topic_partition_t* element = rd_kafka_topic_partition_list_add(offsets.get(), topic.c_str(), partition);
    element->offset = offset;
    Napi::Value metadata = fields.Get(3u);
    if (metadata.IsString()) {
      std::string bytes = metadata.As<Napi::String>().Utf8Value();
      // librdkafka frees it with the list.
      element->metadata = malloc(bytes.size() > 0 ? bytes.size() : 1);
      if (element->metadata == nullptr) throw Napi::Error::New(env, "out of memory");
      memcpy(element->metadata, bytes.data(), bytes.size());
      element->metadata_size = bytes.size();
    }
  }
  return offsets;
}

Napi::Array PartitionListToJs(Napi::Env env, const rd_kafka_topic_partition_list_t* list) {
  const int count = list == nullptr ? 0 : list->cnt;
  Napi::Array result = Napi::Array::New(env, static_cast<size_t>(count));
  for (int i = 0; i < count; i++) {
    const rd_kafka_topic_partition_t& element = list->elems[i];
    Napi::Array entry = Napi::Array::New(env, 5);
    entry.Set(0u, Napi::String::New(env, element.topic));
    entry.Set(1u, Napi::Number::New(env, element.partition));
    entry.Set(2u, Napi::Number::New(env, static_cast<double>(element.offset)));
    if (element.metadata != nullptr) {
      entry.Set(3u, Napi::String::New(env, static_cast<const char*>(element.metadata), element.metadata_size));
    } else {
      entry.Set(3u, env.Null());
    }
    entry.Set(4u, Napi::Number::New(env, element.err));
    result.Set(static_cast<uint32_t>(i), entry);
  }
  return result;
}

}  // namespace rdkafka_napi
