#include "producer/staged_records.h"

namespace rdkafka_napi {

StagedRecords::StagedRecords(napi_env env, napi_value buffer, napi_value count) {
  void* data = nullptr;
  size_t length = 0;
  if (napi_get_arraybuffer_info(env, buffer, &data, &length) != napi_ok || napi_get_value_uint32(env, count, &count_) != napi_ok) {
    throw Napi::TypeError::New(Napi::Env(env), "sendMany: expected the staging ArrayBuffer and a record count");
  }
  if (data == nullptr || length < sizeof(StagedHeader) || (length - sizeof(StagedHeader)) / sizeof(StagedRecord) < count_) {
    throw Napi::RangeError::New(Napi::Env(env), "sendMany: more records than the staging buffer holds");
  }
  // An ArrayBuffer's store is at least 8-byte aligned, and V8 does not move it.
  header_ = static_cast<StagedHeader*>(data);
  records_ = reinterpret_cast<const StagedRecord*>(static_cast<char*>(data) + sizeof(StagedHeader));
}

}  // namespace rdkafka_napi
