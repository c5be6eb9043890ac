#pragma once
// The events every client kind reports besides its own (deliveries, messages): log lines, errors,
// fatal errors and statistics, copied out of their librdkafka events into a batch. Each remembers
// where it stood among the batch's other events, so JavaScript dispatches all of them in queue order.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rdkafka_napi {

// The kind of a client event as JavaScript receives it (ClientEventKind in ts/native.ts).
enum class ClientEventKind : int32_t {
  Log = 0,
  Error = 1,
  Stats = 2,
  FatalError = 3,
};

class ClientEvents {
 public:
  // Copies the event if it is one of the kinds above, noting that it came before the batch's event
  // number `at`; false for any other event (which the caller handles, or destroys). Never takes the event.
  bool Add(const rd_kafka_event_t* event, uint32_t at);

  // JS thread: [[at, kind, level or code, text, text], ...]
  Napi::Array ToJs(Napi::Env env) const;

 private:
  struct Event {
    uint32_t at;
    ClientEventKind kind;
    int32_t number;      // log level, or error code
    std::string first;   // log facility, or error reason, or statistics JSON
    std::string second;  // log message
  };
  std::vector<Event> events_;
};

}  // namespace rdkafka_napi
