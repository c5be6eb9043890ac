#include "vocabulary.h"

#include <librdkafka/rdkafka.h>

#include <initializer_list>
#include <utility>

#include "client/client_events.h"
#include "client/errors.h"
#include "consumer/consume_batch.h"
#include "producer/message_fields.h"

namespace rdkafka_napi {
namespace {

template <typename Value>
Napi::Object Table(Napi::Env env, std::initializer_list<std::pair<const char*, Value>> entries) {
  Napi::Object table = Napi::Object::New(env);
  for (const auto& [name, value] : entries) table.Set(name, Napi::Number::New(env, static_cast<double>(value)));
  return table;
}

}  // namespace

Napi::Object Vocabulary(Napi::Env env) {
  Napi::Object vocabulary = Napi::Object::New(env);
  vocabulary.Set("clientEventKinds", Table<ClientEventKind>(env, {
                                         {"Log", ClientEventKind::Log},
                                         {"Error", ClientEventKind::Error},
                                         {"Stats", ClientEventKind::Stats},
                                         {"FatalError", ClientEventKind::FatalError},
                                     }));
  vocabulary.Set("timestampTypes", Table<rd_kafka_timestamp_type_t>(env, {
                                       {"NotAvailable", RD_KAFKA_TIMESTAMP_NOT_AVAILABLE},
                                       {"CreateTime", RD_KAFKA_TIMESTAMP_CREATE_TIME},
                                       {"LogAppendTime", RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME},
                                   }));
  vocabulary.Set("sendShape", Table<SendShape>(env, {
                                  {"Payload", SendShape::Payload},
                                  {"Key", SendShape::Key},
                                  {"Headers", SendShape::Headers},
                                  {"Timestamp", SendShape::Timestamp},
                                  {"PayloadString", SendShape::PayloadString},
                                  {"KeyString", SendShape::KeyString},
                              }));
  vocabulary.Set("purgeFlags", Table<int>(env, {
                                   {"Queue", RD_KAFKA_PURGE_F_QUEUE},
                                   {"Inflight", RD_KAFKA_PURGE_F_INFLIGHT},
                                   {"NonBlocking", RD_KAFKA_PURGE_F_NON_BLOCKING},
                               }));
  vocabulary.Set("consumerEventKinds", Table<ConsumerEventKind>(env, {
                                          {"Assign", ConsumerEventKind::Assign},
                                          {"Revoke", ConsumerEventKind::Revoke},
                                          {"RebalanceError", ConsumerEventKind::RebalanceError},
                                          {"ConsumerError", ConsumerEventKind::ConsumerError},
                                      }));
  Napi::Array kinds = Napi::Array::New(env);
  for (ErrorKind kind : kErrorKinds) kinds.Set(kinds.Length(), ErrorKindName(kind));
  vocabulary.Set("errorKinds", kinds);
  return vocabulary;
}

}  // namespace rdkafka_napi
