#pragma once
// Conversions between JavaScript values and librdkafka's C types.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <string>
#include <utility>
#include <vector>

namespace rdkafka_napi {

using ConfigEntries = std::vector<std::pair<std::string, std::string>>;

// A KafkaError built by the TypeScript factory: kind ("ClientConfig", "MockCluster", ...),
// librdkafka error code, and librdkafka's own words when it gave any.
Napi::Error MakeKafkaError(Napi::Env env, const char* kind, rd_kafka_resp_err_t code,
                           const std::string& detail = std::string());

// [[key, value], ...] with string keys and values; throws TypeError otherwise.
ConfigEntries ToConfigEntries(Napi::Value value);

// A topic name from JS: a non-empty string without NUL bytes.
std::string ToTopicName(Napi::Value value, const char* what);

// A whole number in [min, max]; throws RangeError/TypeError naming `what` otherwise.
int32_t ToInt32InRange(Napi::Value value, const char* what, int32_t min, int32_t max);

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

// Headers as [key0, value0, key1, value1, ...] (values: bytes, string or null), or nullptr for
// undefined. The caller owns the result until librdkafka accepts the message.
rd_kafka_headers_t* ToHeaders(napi_env env, napi_value value);

}  // namespace rdkafka_napi
