#pragma once
// Reading a consumer-side queue many messages at a time: one rd_kafka_consume_batch_queue call pops them
// all, with one clock read and one position update per partition, where rd_kafka_queue_poll costs an event,
// a lock of the partition and clock reads per message.
//
// librdkafka serves a rebalance met inside that call with the configuration's rebalance callback, so every
// consumer gets RecordRebalance as its callback (InstallRebalanceRecorder). Inside a read it notes the
// rebalance, where it fell among the messages, for JavaScript to answer like one polled as an event;
// anywhere else (librdkafka's own blocking close) it does what librdkafka does without a callback.
#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "consumer/consume_batch.h"

namespace rdkafka_napi {

void InstallRebalanceRecorder(rd_kafka_conf_t* conf);

// How a consumer's queues are read.
struct ReadMode {
  // One event at a time (rd_kafka_queue_poll). With enable.partition.eof: rd_kafka_consume_batch_queue moves
  // a partition's position past the offset of an end-of-partition it returns (it updates the position for
  // every message it returns, errors included), and the next pause of the partition, librdkafka's own for a
  // rebalance too, resumes from there: the message produced at that offset would be skipped.
  bool per_event = false;
  // Messages are dropped unread (errors too), rebalances kept: a consumer leaving its group.
  bool discard = false;
};

// Whether this consumer must be read one event at a time (see ReadMode).
bool ReadsPerEvent(rd_kafka_t* rk);

// Reads up to `max` messages from `queue` into `batches` (the last one is filled on; a new one, with `epoch`
// and `queue_id`, starts when a slab is full), with the consumer errors and the rebalance among them in
// their places. Waits up to `timeout_ms` for the first message only. Returns how many messages and errors
// were read; `more`: the queue may hold more now (the read was full, or stopped at a rebalance).
size_t ReadQueue(rd_kafka_queue_t* queue, size_t max, int timeout_ms, ReadMode mode, uint64_t epoch, uint32_t queue_id,
                 std::vector<std::unique_ptr<ConsumeBatch>>& batches, bool* more = nullptr);

}  // namespace rdkafka_napi
