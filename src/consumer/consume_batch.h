#pragma once
// What one pull of a consumer's queues yields, as a struct of arrays: per message its topic, partition,
// offset and timestamp, with keys, payloads and header values copied into one slab (one Buffer for
// JavaScript, which hands out views of it); the consumer queue's other events (rebalances, consumer
// errors, partition EOF) in their place between the messages; and from the main queue, commit results and
// client events (logs, global errors, statistics).
//
// Everything is copied out and the librdkafka events destroyed while the batch is built, on the poll
// thread: a batch holds no librdkafka object, so it can wait for JavaScript as long as it likes.
#include <librdkafka/rdkafka.h>
#include <napi.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "client/client_events.h"
#include "client/rd_ptr.h"

namespace rdkafka_napi {

// The kind of a consumer-queue event other than a message (ConsumerEventKind in ts/native.ts).
enum class ConsumerEventKind : int32_t {
  Assign = 0,
  Revoke = 1,
  RebalanceError = 2,
  ConsumerError = 3,
};

class ConsumeBatch {
 public:
  // `queue`: the source it was pulled from (0: the consumer queue; else a split partition queue).
  explicit ConsumeBatch(uint64_t epoch = 0, uint32_t queue = 0) : epoch_(epoch), queue_(queue) {}
  ConsumeBatch(const ConsumeBatch&) = delete;
  ConsumeBatch& operator=(const ConsumeBatch&) = delete;

  // An event of the consumer queue. False when the batch must end after it (a rebalance: what comes after
  // it must wait until JavaScript has answered it).
  bool AddConsumerEvent(EventPtr event);
  // What a batch read of the consumer queue returned (see batch_read.h): a message, or a consumer error
  // (partition EOF included); copied, it stays the caller's.
  void AddRead(const rd_kafka_message_t* message);
  // A rebalance, after the messages added so far; `partitions` are copied.
  void AddRebalance(rd_kafka_resp_err_t code, const rd_kafka_topic_partition_list_t* partitions);
  // Room for this many more messages, so that adding them does not reallocate.
  void Reserve(size_t messages);
  // Room for this many more bytes of keys and payloads.
  void ReserveBytes(size_t bytes);
  // The slab has reached its bound: the messages that follow go to another batch.
  bool full() const;
  // An event of the main queue: a commit result, or a client event.
  void AddMainEvent(EventPtr event);
  // Takes what the main queue holds now, without waiting, up to a bound (logs and statistics can come in
  // bursts); false when it stopped at the bound with more left.
  bool TakeMainEvents(rd_kafka_queue_t* main_queue);

  size_t message_count() const { return partitions_.size(); }
  // Bytes of keys, payloads and header values.
  size_t slab_size() const { return slab_.size(); }
  // Messages and other consumer-queue events.
  size_t consumer_event_count() const { return partitions_.size() + controls_.size(); }
  bool empty() const { return consumer_event_count() == 0 && commits_.empty() && main_events_ == 0; }
  // The rebalance it hands the application (librdkafka then waits for the answer), if any: a rebalance ends
  // a batch, so there is one at most. `partitions` stay the batch's.
  bool Rebalance(bool* revoke, const rd_kafka_topic_partition_list_t** partitions) const;

  // JS thread: { queue, epoch, topicNames, topics, partitions, offsets, timestamps, timestampTypes, slab,
  //              keyStarts, keyLengths, payloadStarts, payloadLengths,
  //              headerCounts | null, headerKeys, headerStarts, headerLengths,
  //              controls: [[at, kind, code, reason, topic | null, partition, offset, partitions | null, fatal]],
  //              commits: [[opaque, code, partitions]], clientEvents }
  // Starts and lengths index the slab; a start of -1 is null (not the same as empty).
  // Hands the slab over: once per batch.
  Napi::Object ToJs(Napi::Env env);

 private:
  void AddMessage(const rd_kafka_message_t* message);
  int32_t CopyBytes(const void* data, size_t size);
  uint32_t TopicIndex(const char* name);

  struct Control {
    uint32_t at;
    ConsumerEventKind kind;
    int32_t code;
    std::string reason;
    bool has_partition;
    std::string topic;
    int32_t partition;
    int64_t offset;
    PartitionListPtr partitions;
    bool fatal;
  };
  struct Commit {
    uint32_t opaque;
    int32_t code;
    PartitionListPtr partitions;
  };

  uint64_t epoch_;
  uint32_t queue_;
  std::vector<std::string> topic_names_;
  std::unordered_map<std::string, uint32_t> topic_indexes_;
  std::vector<uint32_t> topics_;
  std::vector<int32_t> partitions_;
  std::vector<double> offsets_;
  std::vector<double> timestamps_;
  std::vector<uint8_t> timestamp_types_;
  std::vector<uint8_t> slab_;
  std::vector<int32_t> key_starts_;
  std::vector<int32_t> key_lengths_;
  std::vector<int32_t> payload_starts_;
  std::vector<int32_t> payload_lengths_;
  bool any_headers_ = false;
  std::vector<uint32_t> header_counts_;
  std::vector<std::string> header_keys_;
  std::vector<int32_t> header_starts_;
  std::vector<int32_t> header_lengths_;
  std::vector<Control> controls_;
  std::vector<Commit> commits_;
  ClientEvents client_events_;
  size_t main_events_ = 0;
};

}  // namespace rdkafka_napi
