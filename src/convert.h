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

}  // namespace rdkafka_napi
