#pragma once
// One message's fields as rd_kafka_produceva takes them, read from JavaScript values TypeScript has checked.
// Made on the stack for one produce call (send, or one record of sendMany): it holds the UTF-8 of string keys
// and payloads, and the headers, until librdkafka has copied or taken them.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <cstdint>

#include "client/client.h"
#include "client/convert.h"
#include "client/rd_ptr.h"
#include "producer/send_scratch.h"

namespace rdkafka_napi {

// Which of a send's optional values are present, and how to read them (SendShape in ts/native.ts).
enum class SendShape : uint32_t {
  Payload = 1,
  Key = 2,
  Headers = 4,
  Timestamp = 8,
  // The payload (key) is a string: read as one, without asking what it is first.
  PayloadString = 16,
  KeyString = 32,
};

class MessageFields {
 public:
  // Throws a RangeError for an unknown topic id or a partition below -1. Strings are read into `scratch`.
  MessageFields(napi_env env, const Client& client, uint32_t topic_id, int32_t partition, uint32_t opaque, SendScratch& scratch);
  MessageFields(const MessageFields&) = delete;
  MessageFields& operator=(const MessageFields&) = delete;

  // The optional values `shape` says are present (the timestamp is passed separately: see Timestamp).
  void Read(napi_env env, uint32_t shape, napi_value payload, napi_value key, napi_value headers);
  // Milliseconds since the epoch; a TypeError for a negative one.
  void Timestamp(napi_env env, int64_t timestamp);

  // rd_kafka_produceva: 0 once queued (librdkafka then owns the headers), else the error code, a fatal
  // error as __FATAL (its cause in fatalError()), as rd_kafka_producev and rust-rdkafka report it.
  rd_kafka_resp_err_t Produce(rd_kafka_t* rk);

 private:
  void AddBytes(rd_kafka_vtype_t vtype, Bytes bytes);

  rd_kafka_vu_t fields_[8];
  size_t count_ = 0;
  Utf8Room payload_room_;
  Utf8Room key_room_;
  Utf8Room header_key_room_;
  Utf8Room header_value_room_;
  HeadersPtr headers_;
};

inline bool Has(uint32_t shape, SendShape field) { return (shape & static_cast<uint32_t>(field)) != 0; }

}  // namespace rdkafka_napi
