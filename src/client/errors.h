#pragma once
// The kinds of KafkaError the addon raises, named once here; ts/errors.ts names the same kinds
// (KafkaErrorKind), and test/client/vocabulary.test.ts checks that every kind here is one of those.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <string>

namespace rdkafka_napi {

enum class ErrorKind {
  ClientConfig,
  ClientCreation,
  MessageProduction,
  MetadataFetch,
  Closed,
  MockCluster,
};

// Every kind, for the table the addon exports.
inline constexpr ErrorKind kErrorKinds[] = {ErrorKind::ClientConfig, ErrorKind::ClientCreation, ErrorKind::MessageProduction,
                                            ErrorKind::MetadataFetch, ErrorKind::Closed,         ErrorKind::MockCluster};

// Its name as TypeScript spells it: "ClientConfig", "MetadataFetch", ...
const char* ErrorKindName(ErrorKind kind);

// A KafkaError built by the TypeScript factory: its kind, librdkafka's error code, and librdkafka's own
// words when it gave any.
Napi::Error MakeKafkaError(Napi::Env env, ErrorKind kind, rd_kafka_resp_err_t code, const std::string& detail = std::string());

// A Closed KafkaError (librdkafka's __DESTROY) whose detail says what is closed: "this producer is closed".
Napi::Error ClosedError(Napi::Env env, const std::string& detail);

}  // namespace rdkafka_napi
