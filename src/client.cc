#include "client.h"

namespace rdkafka_napi {

std::unique_ptr<Client> Client::Create(rd_kafka_type_t type, const ConfigEntries& entries, ClientError& error) {
  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [key, value] : entries) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      error = {"ClientConfig", RD_KAFKA_RESP_ERR__INVALID_ARG, errstr};
      return nullptr;
    }
  }
  rd_kafka_conf_set_events(conf, RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_STATS | RD_KAFKA_EVENT_ERROR |
                                     RD_KAFKA_EVENT_OAUTHBEARER_TOKEN_REFRESH);
  rd_kafka_conf_set(conf, "log.queue", "true", errstr, sizeof(errstr));

  // rd_kafka_new takes ownership of conf only when it succeeds.
  rd_kafka_t* rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    error = {"ClientCreation", RD_KAFKA_RESP_ERR__INVALID_ARG, errstr};
    return nullptr;
  }
  rd_kafka_queue_t* main_queue = rd_kafka_queue_get_main(rk);
  rd_kafka_set_log_queue(rk, main_queue);
  rd_kafka_queue_destroy(main_queue);
  return std::unique_ptr<Client>(new Client(rk));
}

Client::~Client() {
  for (rd_kafka_topic_t* topic : topics_) rd_kafka_topic_destroy(topic);
  rd_kafka_queue_destroy(main_queue_);
  rd_kafka_destroy(rk_);
}

rd_kafka_resp_err_t Client::AddTopic(const std::string& name, uint32_t* id) {
  // A copy of the topic-level properties given with the client's configuration (acks,
  // message.timeout.ms, partitioner, compression, ...), plus our opaque.
  rd_kafka_topic_conf_t* conf = rd_kafka_default_topic_conf_dup(rk_);
  *id = static_cast<uint32_t>(topics_.size());
  rd_kafka_topic_conf_set_opaque(conf, reinterpret_cast<void*>(static_cast<uintptr_t>(*id)));
  // The topic handle takes ownership of conf on success.
  rd_kafka_topic_t* topic = rd_kafka_topic_new(rk_, name.c_str(), conf);
  if (topic == nullptr) {
    rd_kafka_topic_conf_destroy(conf);
    return rd_kafka_last_error();
  }
  topics_.push_back(topic);
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

rd_kafka_resp_err_t Client::FetchMetadata(const std::string* topic, int timeout_ms,
                                          const rd_kafka_metadata_t** metadata) {
  rd_kafka_topic_t* rkt = nullptr;
  if (topic != nullptr) {
    rkt = rd_kafka_topic_new(rk_, topic->c_str(), nullptr);
    if (rkt == nullptr) return rd_kafka_last_error();
  }
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk_, topic == nullptr ? 1 : 0, rkt, metadata, timeout_ms);
  if (rkt != nullptr) rd_kafka_topic_destroy(rkt);
  return err;
}

}  // namespace rdkafka_napi
