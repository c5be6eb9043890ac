#pragma once
// Owns one librdkafka handle, configured the way rust-rdkafka configures its clients: the
// event API for delivery reports, statistics and errors, and logs routed to the main queue,
// so that every user-visible callback is served by whoever polls that queue.
#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <vector>

#include "client/errors.h"
#include "client/rd_ptr.h"
#include "util/js_values.h"

namespace rdkafka_napi {

struct ClientError {
  ErrorKind kind = ErrorKind::ClientCreation;
  rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string message;
};

class Client {
 public:
  // nullptr, with `error` filled in, when librdkafka refuses the configuration.
  static std::unique_ptr<Client> Create(rd_kafka_type_t type, const StringPairs& config, ClientError& error);
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  rd_kafka_t* handle() const { return rk_.get(); }
  // The main queue (delivery reports, errors, statistics, logs), kept so polling does not take a
  // new reference each time.
  rd_kafka_queue_t* main_queue() const { return main_queue_.get(); }
  // A consumer's queue (messages, consumer errors, rebalances); null for producers, and for consumers
  // without group.id (librdkafka has no consumer group, so no queue to consume from).
  rd_kafka_queue_t* consumer_queue() const { return consumer_queue_.get(); }

  // Topic handles, created once per topic and named by their index (also their opaque, so
  // delivery reports carry a number rather than a string). Destroyed with the client.
  rd_kafka_topic_t* topic(uint32_t id) const { return id < topics_.size() ? topics_[id].get() : nullptr; }
  rd_kafka_resp_err_t AddTopic(const std::string& name, uint32_t* id);
  std::string Name() const { return rd_kafka_name(rk_.get()); }

  // Blocking; call it off the JS thread (BlockingCalls).
  rd_kafka_resp_err_t FetchMetadata(const std::string* topic, int timeout_ms, MetadataPtr* metadata);

 private:
  Client(KafkaPtr rk, rd_kafka_type_t type);
 public:
  // A consumer's handle is destroyed without librdkafka's own consumer close, which waits for the group
  // with no bound (rust-rdkafka #611): the consumer's close() has left the group already, or the
  // environment's teardown has (GroupLeave, bounded), or (garbage collection, a leave past its bound) the
  // group sees the member time out.
  ~Client();

 private:
  // Destroyed in reverse order: topics and the queue references before the handle they belong to.
  KafkaPtr rk_;
  rd_kafka_type_t type_;
  QueuePtr main_queue_;
  QueuePtr consumer_queue_;
  std::vector<TopicPtr> topics_;
};

}  // namespace rdkafka_napi
