#include "producer/message_fields.h"

namespace rdkafka_napi {

MessageFields::MessageFields(napi_env env, const Client& client, uint32_t topic_id, int32_t partition, uint32_t opaque, SendScratch& scratch)
    : payload_room_(scratch.payload, SendScratch::kRoom),
      key_room_(scratch.key, SendScratch::kRoom),
      header_key_room_(scratch.header_key, SendScratch::kRoom),
      header_value_room_(scratch.header_value, SendScratch::kRoom) {
  rd_kafka_topic_t* topic = client.topic(topic_id);
  if (topic == nullptr) throw Napi::RangeError::New(Napi::Env(env), "unknown topic id");
  if (partition < RD_KAFKA_PARTITION_UA) throw Napi::RangeError::New(Napi::Env(env), "record.partition must be >= -1");
  fields_[count_].vtype = RD_KAFKA_VTYPE_RKT;
  fields_[count_++].u.rkt = topic;
  fields_[count_].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  fields_[count_++].u.i = RD_KAFKA_MSG_F_COPY;
  fields_[count_].vtype = RD_KAFKA_VTYPE_OPAQUE;
  fields_[count_++].u.ptr = reinterpret_cast<void*>(static_cast<uintptr_t>(opaque));
  if (partition != RD_KAFKA_PARTITION_UA) {
    fields_[count_].vtype = RD_KAFKA_VTYPE_PARTITION;
    fields_[count_++].u.i32 = partition;
  }
}

void MessageFields::Read(napi_env env, uint32_t shape, napi_value payload, napi_value key, napi_value headers) {
  // Absent values cost nothing: no conversion, and no field for librdkafka to read.
  if (Has(shape, SendShape::Payload)) {
    AddBytes(RD_KAFKA_VTYPE_VALUE, Has(shape, SendShape::PayloadString) ? Bytes::ReadString(env, payload, "record.payload", payload_room_)
                                                                       : Bytes::Read(env, payload, "record.payload", payload_room_));
  }
  if (Has(shape, SendShape::Key)) {
    AddBytes(RD_KAFKA_VTYPE_KEY, Has(shape, SendShape::KeyString) ? Bytes::ReadString(env, key, "record.key", key_room_)
                                                                 : Bytes::Read(env, key, "record.key", key_room_));
  }
  if (Has(shape, SendShape::Headers)) {
    headers_ = ToHeaders(env, headers, header_key_room_, header_value_room_);
    fields_[count_].vtype = RD_KAFKA_VTYPE_HEADERS;
    fields_[count_++].u.headers = headers_.get();
  }
}

void MessageFields::Timestamp(napi_env env, int64_t timestamp) {
  if (timestamp < 0) throw Napi::TypeError::New(Napi::Env(env), "record.timestamp must be whole milliseconds since the epoch (>= 0)");
  fields_[count_].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
  fields_[count_++].u.i64 = timestamp;
}

void MessageFields::AddBytes(rd_kafka_vtype_t vtype, Bytes bytes) {
  fields_[count_].vtype = vtype;
  fields_[count_].u.mem.ptr = const_cast<void*>(bytes.data);
  fields_[count_++].u.mem.size = bytes.size;
}

rd_kafka_resp_err_t MessageFields::Produce(rd_kafka_t* rk) {
  ErrorPtr error{rd_kafka_produceva(rk, fields_, count_)};
  if (!error) {
    headers_.release();  // librdkafka owns the headers once the message is accepted
    return RD_KAFKA_RESP_ERR_NO_ERROR;
  }
  return rd_kafka_error_is_fatal(error.get()) ? RD_KAFKA_RESP_ERR__FATAL : rd_kafka_error_code(error.get());
}

}  // namespace rdkafka_napi
