#pragma once
// Conversions between JavaScript values and librdkafka's C types, for every client kind: message bytes
// and headers both ways, topic names, topic-partition lists, metadata.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include "client/rd_ptr.h"

#include <string>
#include <utility>
#include <vector>

namespace rdkafka_napi {

// A topic name from JS: a non-empty string without NUL bytes.
std::string ToTopicName(Napi::Value value, const char* what);

Napi::Object MetadataToJs(Napi::Env env, const rd_kafka_metadata_t& metadata);

// A key, payload or header value handed to librdkafka (which copies it): the bytes of a
// Buffer/Uint8Array without copying, a string's UTF-8, or null (data() == nullptr). Errors name the
// value as `what` (e.g. "record.payload").
class ByteView {
 public:
  ByteView(napi_env env, napi_value value, const char* what);
  const void* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  const void* data_ = nullptr;
  size_t size_ = 0;
  std::string utf8_;
};

// Headers as [key0, value0, key1, value1, ...] (values: bytes, string or null), or empty for
// undefined/null. Owned by the caller until librdkafka accepts the message (release() then).
HeadersPtr ToHeaders(napi_env env, napi_value value);

// A message's headers as [{ key, value }, ...], values copied (Buffer, or null).
Napi::Array HeadersToJs(Napi::Env env, const rd_kafka_message_t* message);

// [[topic, partition, offset, metadata?], ...] as a topic-partition list; errors name `what` ("offsets").
PartitionListPtr ToPartitionOffsets(Napi::Value value, const char* what);

// A topic-partition list as [[topic, partition, offset, metadata | null, error code], ...]; [] for null.
Napi::Array PartitionListToJs(Napi::Env env, const rd_kafka_topic_partition_list_t* list);

}  // namespace rdkafka_napi
