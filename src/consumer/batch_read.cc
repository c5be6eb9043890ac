#include "consumer/batch_read.h"

#include <algorithm>
#include <string>

namespace rdkafka_napi {
namespace {

using MessagePtr = RdPtr<rd_kafka_message_t, rd_kafka_message_destroy>;

struct Rebalance {
  size_t slot;  // how many messages the read had popped when it met the rebalance
  rd_kafka_resp_err_t code;
  PartitionListPtr partitions;
};

// The read under way on this thread: librdkafka fills `slots` in order, so the first empty one says how
// many messages came before a rebalance. (A barrier can drop messages already popped, leaving stale slots
// behind: the count is then too high, and is cut to what the read returned. Those messages are of
// partitions being paused for the rebalance, so none can follow it.)
struct Read {
  rd_kafka_queue_t* queue;
  rd_kafka_message_t** slots;
  size_t size;
  std::vector<Rebalance> rebalances;
};

thread_local Read* current_read = nullptr;

void RecordRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t code, rd_kafka_topic_partition_list_t* partitions, void*) {
  Read* read = current_read;
  if (read == nullptr) {
    rd_kafka_assign(rk, nullptr);
    return;
  }
  const size_t slot = std::find(read->slots, read->slots + read->size, nullptr) - read->slots;
  read->rebalances.push_back({slot, code, PartitionListPtr(partitions != nullptr ? rd_kafka_topic_partition_list_copy(partitions) : nullptr)});
  // The read would go on waiting for messages: it ends once the queue is empty, as a poll that met the
  // rebalance would return.
  rd_kafka_queue_yield(read->queue);
}

// One rd_kafka_consume_batch_queue call.
size_t ReadOnce(rd_kafka_queue_t* queue, size_t max, int timeout_ms, bool discard, uint64_t epoch, uint32_t queue_id,
                std::vector<std::unique_ptr<ConsumeBatch>>& batches) {
  std::vector<rd_kafka_message_t*> slots(max, nullptr);
  Read read{queue, slots.data(), max, {}};
  current_read = &read;
  const ssize_t got = rd_kafka_consume_batch_queue(queue, timeout_ms, slots.data(), max);
  current_read = nullptr;
  const size_t count = got > 0 ? static_cast<size_t>(got) : 0;
  std::vector<MessagePtr> messages;
  messages.reserve(count);
  for (size_t i = 0; i < count; i++) messages.emplace_back(slots[i]);

  if (batches.empty()) batches.push_back(std::make_unique<ConsumeBatch>(epoch, queue_id));
  if (!discard) {
    size_t bytes = 0;
    for (const MessagePtr& message : messages) bytes += message->len + message->key_len;
    batches.back()->Reserve(count);
    batches.back()->ReserveBytes(bytes);
  }
  size_t next_rebalance = 0;
  auto rebalances_before = [&](size_t slot) {
    for (; next_rebalance < read.rebalances.size() && std::min(read.rebalances[next_rebalance].slot, count) <= slot; next_rebalance++) {
      const Rebalance& rebalance = read.rebalances[next_rebalance];
      batches.back()->AddRebalance(rebalance.code, rebalance.partitions.get());
    }
  };
  for (size_t i = 0; i < count; i++) {
    rebalances_before(i);
    if (discard) continue;
    if (batches.back()->full()) batches.push_back(std::make_unique<ConsumeBatch>(epoch, queue_id));
    batches.back()->AddRead(messages[i].get());
  }
  rebalances_before(count);
  return count;
}

// rd_kafka_queue_poll until `max` messages, an empty queue or a rebalance.
size_t ReadEvents(rd_kafka_queue_t* queue, size_t max, int timeout_ms, bool discard, uint64_t epoch, uint32_t queue_id,
                  std::vector<std::unique_ptr<ConsumeBatch>>& batches, bool* more) {
  if (batches.empty()) batches.push_back(std::make_unique<ConsumeBatch>(epoch, queue_id));
  size_t read = 0;
  while (read < max) {
    EventPtr event(rd_kafka_queue_poll(queue, read == 0 ? timeout_ms : 0));
    if (!event) break;
    if (rd_kafka_event_type(event.get()) == RD_KAFKA_EVENT_FETCH) {
      read++;
      if (discard) continue;
      if (batches.back()->full()) batches.push_back(std::make_unique<ConsumeBatch>(epoch, queue_id));
    }
    const bool rebalance = rd_kafka_event_type(event.get()) == RD_KAFKA_EVENT_REBALANCE;
    batches.back()->AddConsumerEvent(std::move(event));
    if (rebalance) {
      // A rebalance ends the read: what follows waits for its answer.
      *more = true;
      break;
    }
  }
  if (read == max) *more = true;
  return read;
}

}  // namespace

void InstallRebalanceRecorder(rd_kafka_conf_t* conf) { rd_kafka_conf_set_rebalance_cb(conf, &RecordRebalance); }

bool ReadsPerEvent(rd_kafka_t* rk) {
  char value[16];
  size_t size = sizeof(value);
  return rd_kafka_conf_get(rd_kafka_conf(rk), "enable.partition.eof", value, &size) == RD_KAFKA_CONF_OK && std::string(value) == "true";
}

size_t ReadQueue(rd_kafka_queue_t* queue, size_t max, int timeout_ms, ReadMode mode, uint64_t epoch, uint32_t queue_id,
                 std::vector<std::unique_ptr<ConsumeBatch>>& batches, bool* more) {
  bool unused = false;
  if (more == nullptr) more = &unused;
  *more = false;
  if (max == 0) return 0;
  const bool discard = mode.discard;
  if (mode.per_event) return ReadEvents(queue, max, timeout_ms, discard, epoch, queue_id, batches, more);
  size_t read = 0;
  if (timeout_ms == 0 || max == 1) {
    read = ReadOnce(queue, max, timeout_ms, discard, epoch, queue_id, batches);
  } else {
    // rd_kafka_consume_batch_queue waits out its whole timeout to fill the batch: wait for one, then take what
    // else is there.
    read = ReadOnce(queue, 1, timeout_ms, discard, epoch, queue_id, batches);
    if (read > 0) read += ReadOnce(queue, max - 1, 0, discard, epoch, queue_id, batches);
  }
  // A read that met a rebalance goes on until the queue is empty: only a full one may have left some.
  if (read == max) *more = true;
  return read;
}

}  // namespace rdkafka_napi
