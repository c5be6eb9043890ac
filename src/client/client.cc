#include "client/client.h"

#include "consumer/batch_read.h"

namespace rdkafka_napi {
namespace {

// librdkafka ends some of its messages (range errors) with a newline.
std::string Trimmed(const char* message) {
  std::string text(message);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::unique_ptr<Client> Client::Create(rd_kafka_type_t type, const StringPairs& config, ClientError& error) {
  char errstr[512];
  ConfPtr conf(rd_kafka_conf_new());
  for (const auto& [key, value] : config) {
    if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
      error = {ErrorKind::ClientConfig, RD_KAFKA_RESP_ERR__INVALID_ARG, Trimmed(errstr)};
      return nullptr;
    }
  }
  int events = RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_STATS | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_OAUTHBEARER_TOKEN_REFRESH;
  // Rebalances come to the consumer queue as events, for JavaScript's hooks to answer (rust-rdkafka's way);
  // commit results (automatic ones too) to the main queue, for context.commitCallback.
  if (type == RD_KAFKA_CONSUMER) events |= RD_KAFKA_EVENT_REBALANCE | RD_KAFKA_EVENT_OFFSET_COMMIT;
  // ... and to batch reads of that queue, through this callback (see consumer/batch_read.h).
  if (type == RD_KAFKA_CONSUMER) InstallRebalanceRecorder(conf.get());
  rd_kafka_conf_set_events(conf.get(), events);
  rd_kafka_conf_set(conf.get(), "log.queue", "true", errstr, sizeof(errstr));

  KafkaPtr rk(rd_kafka_new(type, conf.get(), errstr, sizeof(errstr)));
  if (!rk) {
    error = {ErrorKind::ClientCreation, RD_KAFKA_RESP_ERR__INVALID_ARG, Trimmed(errstr)};
    return nullptr;
  }
  conf.release();  // rd_kafka_new took it
  QueuePtr main_queue(rd_kafka_queue_get_main(rk.get()));
  rd_kafka_set_log_queue(rk.get(), main_queue.get());
  return std::unique_ptr<Client>(new Client(std::move(rk), type));
}

Client::Client(KafkaPtr rk, rd_kafka_type_t type) : rk_(std::move(rk)), type_(type), main_queue_(rd_kafka_queue_get_main(rk_.get())) {
  if (type == RD_KAFKA_CONSUMER) consumer_queue_.reset(rd_kafka_queue_get_consumer(rk_.get()));
}

Client::~Client() {
  topics_.clear();
  if (consumer_queue_) {
    // Ops left in the consumer queue (the final unassign's barriers, messages of partitions no longer assigned) each
    // hold their partition, and it its broker; rd_kafka_destroy purges this queue only after joining the broker
    // threads, so it could wait for that broker forever. Nothing in it is for anyone now.
    while (rd_kafka_event_t* event = rd_kafka_queue_poll(consumer_queue_.get(), 0)) rd_kafka_event_destroy(event);
  }
  consumer_queue_.reset();
  main_queue_.reset();
  if (type_ == RD_KAFKA_CONSUMER) rd_kafka_destroy_flags(rk_.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

rd_kafka_resp_err_t Client::AddTopic(const std::string& name, uint32_t* id) {
  // A copy of the topic-level properties given with the client's configuration (acks,
  // message.timeout.ms, partitioner, compression, ...), plus our opaque.
  TopicConfPtr conf(rd_kafka_default_topic_conf_dup(rk_.get()));
  const auto next = static_cast<uint32_t>(topics_.size());
  rd_kafka_topic_conf_set_opaque(conf.get(), reinterpret_cast<void*>(static_cast<uintptr_t>(next)));
  // rd_kafka_topic_new takes conf whatever happens: it frees it itself when it fails (a name over 512 bytes, say).
  TopicPtr topic(rd_kafka_topic_new(rk_.get(), name.c_str(), conf.release()));
  if (!topic) return rd_kafka_last_error();
  topics_.push_back(std::move(topic));
  *id = next;
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

rd_kafka_resp_err_t Client::FetchMetadata(const std::string* topic, int timeout_ms, MetadataPtr* metadata) {
  TopicPtr only;
  if (topic != nullptr) {
    only.reset(rd_kafka_topic_new(rk_.get(), topic->c_str(), nullptr));
    if (!only) return rd_kafka_last_error();
  }
  const rd_kafka_metadata_t* raw = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk_.get(), topic == nullptr ? 1 : 0, only.get(), &raw, timeout_ms);
  metadata->reset(raw);
  return err;
}

}  // namespace rdkafka_napi
