#include "client/client_events.h"

namespace rdkafka_napi {

bool ClientEvents::Add(const rd_kafka_event_t* const_event, uint32_t at) {
  // librdkafka's accessors take a non-const event, though they only read it.
  auto* event = const_cast<rd_kafka_event_t*>(const_event);
  switch (rd_kafka_event_type(event)) {
    case RD_KAFKA_EVENT_LOG: {
      const char* facility = "";
      const char* message = "";
      int level = 0;
      rd_kafka_event_log(event, &facility, &message, &level);
      events_.push_back({at, ClientEventKind::Log, level, facility ? facility : "", message ? message : ""});
      return true;
    }
    case RD_KAFKA_EVENT_ERROR: {
      const char* reason = rd_kafka_event_error_string(event);
      events_.push_back({at, rd_kafka_event_error_is_fatal(event) ? ClientEventKind::FatalError : ClientEventKind::Error,
                         static_cast<int32_t>(rd_kafka_event_error(event)), reason ? reason : "", ""});
      return true;
    }
    case RD_KAFKA_EVENT_STATS: {
      const char* json = rd_kafka_event_stats(event);
      events_.push_back({at, ClientEventKind::Stats, 0, json ? json : "{}", ""});
      return true;
    }
    default:
      return false;
  }
}

Napi::Array ClientEvents::ToJs(Napi::Env env) const {
  Napi::Array list = Napi::Array::New(env, events_.size());
  for (size_t i = 0; i < events_.size(); i++) {
    const Event& event = events_[i];
    Napi::Array entry = Napi::Array::New(env, 5);
    entry.Set(0u, event.at);
    entry.Set(1u, static_cast<int32_t>(event.kind));
    entry.Set(2u, event.number);
    entry.Set(3u, Napi::String::New(env, event.first));
    entry.Set(4u, Napi::String::New(env, event.second));
    list.Set(static_cast<uint32_t>(i), entry);
  }
  return list;
}

}  // namespace rdkafka_napi
