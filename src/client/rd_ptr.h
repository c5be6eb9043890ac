#pragma once
// One owner type per librdkafka object: a unique_ptr whose deleter is that type's destroy function
// (rust-rdkafka's NativePtr). Whoever holds one frees it on every path, early returns and exceptions
// included; handing an object to librdkafka, which then owns it, is an explicit release().
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <memory>

namespace rdkafka_napi {

template <auto Destroy>
struct RdDeleter {
  template <typename T>
  void operator()(T* object) const {
    Destroy(object);
  }
};

template <typename T, auto Destroy>
using RdPtr = std::unique_ptr<T, RdDeleter<Destroy>>;

using KafkaPtr = RdPtr<rd_kafka_t, rd_kafka_destroy>;
using ConfPtr = RdPtr<rd_kafka_conf_t, rd_kafka_conf_destroy>;
using TopicConfPtr = RdPtr<rd_kafka_topic_conf_t, rd_kafka_topic_conf_destroy>;
using TopicPtr = RdPtr<rd_kafka_topic_t, rd_kafka_topic_destroy>;
using QueuePtr = RdPtr<rd_kafka_queue_t, rd_kafka_queue_destroy>;
using EventPtr = RdPtr<rd_kafka_event_t, rd_kafka_event_destroy>;
using HeadersPtr = RdPtr<rd_kafka_headers_t, rd_kafka_headers_destroy>;
using ErrorPtr = RdPtr<rd_kafka_error_t, rd_kafka_error_destroy>;
using MetadataPtr = RdPtr<const rd_kafka_metadata_t, rd_kafka_metadata_destroy>;
using PartitionListPtr = RdPtr<rd_kafka_topic_partition_list_t, rd_kafka_topic_partition_list_destroy>;
using GroupListPtr = RdPtr<const rd_kafka_group_list, rd_kafka_group_list_destroy>;
using GroupMetadataPtr = RdPtr<rd_kafka_consumer_group_metadata_t, rd_kafka_consumer_group_metadata_destroy>;
using MockClusterPtr = RdPtr<rd_kafka_mock_cluster_t, rd_kafka_mock_cluster_destroy>;

}  // namespace rdkafka_napi
