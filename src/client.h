#pragma once
// Owns one librdkafka handle, configured the way rust-rdkafka configures its clients: the
// event API for delivery reports, statistics and errors, and logs routed to the main queue,
// so that every user-visible callback is served by whoever polls that queue.
#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <vector>

#include "convert.h"

namespace rdkafka_napi {

struct ClientError {
  const char* kind = nullptr;  // "ClientConfig" or "ClientCreation"; nullptr when there is none
  rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string message;
};

class Client {
 public:
  static std::unique_ptr<Client> Create(rd_kafka_type_t type, const ConfigEntries& entries, ClientError& error);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  rd_kafka_t* handle() const { return rk_; }
  // The main queue (delivery reports, errors, statistics, logs), kept so polling does not take a
  // new reference each time.
  rd_kafka_queue_t* main_queue() const { return main_queue_; }

  // Topic handles, created once per topic and named by their index (also their opaque, so
  // delivery reports carry a number rather than a string). Destroyed with the client.
  rd_kafka_topic_t* topic(uint32_t id) const { return id < topics_.size() ? topics_[id] : nullptr; }
  rd_kafka_resp_err_t AddTopic(const std::string& name, uint32_t* id);
  std::string Name() const { return rd_kafka_name(rk_); }

  // Blocking; call it off the JS thread (BlockingCalls). On success the caller owns *metadata.
  rd_kafka_resp_err_t FetchMetadata(const std::string* topic, int timeout_ms, const rd_kafka_metadata_t** metadata);

 private:
  explicit Client(rd_kafka_t* rk) : rk_(rk), main_queue_(rd_kafka_queue_get_main(rk)) {}
  rd_kafka_t* rk_;
  rd_kafka_queue_t* main_queue_;
  std::vector<rd_kafka_topic_t*> topics_;
};

}  // namespace rdkafka_napi
