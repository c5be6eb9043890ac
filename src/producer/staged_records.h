#pragma once
// The records of one sendMany call as TypeScript stages them (SendStaging in ts/producer/send-staging.ts), in
// one ArrayBuffer reused from call to call: a header the call writes back, then each record's numbers. Its
// values (payload, key, headers) travel in a plain array beside it. The layout is shared with TypeScript.
#include <napi.h>

#include <cstddef>
#include <cstdint>

namespace rdkafka_napi {

struct StagedHeader {
  // The error code of the record that was refused, when one was.
  int32_t refusal;
  // How many records are queued so far: what TypeScript reads when the call throws part way.
  uint32_t enqueued;
};

struct StagedRecord {
  uint32_t topic_id;
  int32_t partition;
  uint32_t opaque;
  uint32_t shape;  // SendShape bits
  double timestamp;  // when shape has SendShape::Timestamp; a whole number TypeScript checked
};

static_assert(sizeof(StagedHeader) == 8 && sizeof(StagedRecord) == 24, "the layout TypeScript writes");

class StagedRecords {
 public:
  // Throws a TypeError unless `buffer` is an ArrayBuffer holding `count` records.
  StagedRecords(napi_env env, napi_value buffer, napi_value count);
  uint32_t count() const { return count_; }
  const StagedRecord& operator[](uint32_t i) const { return records_[i]; }
  StagedHeader& header() { return *header_; }

 private:
  StagedHeader* header_ = nullptr;
  const StagedRecord* records_ = nullptr;
  uint32_t count_ = 0;
};

}  // namespace rdkafka_napi
