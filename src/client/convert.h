#pragma once
// Conversions between JavaScript values and librdkafka's C types, for every client kind: message bytes
// and headers both ways, topic names, topic-partition lists, metadata.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include "client/rd_ptr.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rdkafka_napi {

// A topic name from JS: a non-empty string without NUL bytes.
std::string ToTopicName(Napi::Value value, const char* what);

Napi::Object MetadataToJs(Napi::Env env, const rd_kafka_metadata_t& metadata);

// Room for one string's UTF-8 while librdkafka copies it: in `buffer` (the caller's, reused from call to call and
// never zeroed: a send must not pay for clearing what it is about to overwrite) when it fits, as the strings most
// messages carry do, else on the heap. The buffer must not be on the stack: V8 scans native frames conservatively
// when a Node-API call collects garbage, and would read what was left uninitialized there.
class Utf8Room {
 public:
  Utf8Room(char* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {}
  Utf8Room(const Utf8Room&) = delete;
  Utf8Room& operator=(const Utf8Room&) = delete;

 private:
  friend struct Bytes;
  char* buffer_;
  size_t capacity_;
  std::unique_ptr<char[]> heap_;
};

// A key, payload or header value handed to librdkafka (which copies it): data == nullptr for null.
struct Bytes {
  const void* data = nullptr;
  size_t size = 0;

  // A Buffer/Uint8Array (its bytes, not copied), a string (its UTF-8, in `room`), or null/undefined.
  // Errors name the value as `what` (e.g. "record.payload").
  static Bytes Read(napi_env env, napi_value value, const char* what, Utf8Room& room);
  // A value TypeScript has checked is a string: one call for most, without asking what it is first.
  static Bytes ReadString(napi_env env, napi_value value, const char* what, Utf8Room& room);
  // A value TypeScript has checked is a Buffer or Uint8Array.
  static Bytes ReadArray(napi_env env, napi_value value, const char* what);
};

// Headers as [key0, value0, key1, value1, ...] (values: bytes, string or null), or empty for
// undefined/null; strings are read into the rooms, header by header. Owned by the caller until librdkafka accepts
// the message (release() then).
HeadersPtr ToHeaders(napi_env env, napi_value value, Utf8Room& key_room, Utf8Room& value_room);

// A message's headers as [{ key, value }, ...], values copied (Buffer, or null).
Napi::Array HeadersToJs(Napi::Env env, const rd_kafka_message_t* message);

// [[topic, partition, offset, metadata?], ...] as a topic-partition list; errors name `what` ("offsets").
PartitionListPtr ToPartitionOffsets(Napi::Value value, const char* what);

// A topic-partition list as [[topic, partition, offset, metadata | null, error code], ...]; [] for null.
Napi::Array PartitionListToJs(Napi::Env env, const rd_kafka_topic_partition_list_t* list);

}  // namespace rdkafka_napi
