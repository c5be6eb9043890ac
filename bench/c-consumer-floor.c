/*
 * The consumer's C floor: librdkafka's own high-level consumer, with the same vendored static librdkafka the
 * addon links, reading a pre-filled topic from the beginning. Its partitions are assigned (a group id, no
 * group join: the join's timers are not what is measured), and the consumer queue is read either one message at
 * a time (rd_kafka_consumer_poll, "poll") or in batches (rd_kafka_consume_batch_queue, "batch", the fastest way
 * librdkafka offers).
 *
 *   c-consumer-floor <bootstrap> <topic> <partitions> <messages> <size> <poll|batch> [key=value ...]
 *
 * Every message is checked: its partition's offsets come in order without a gap, its payload has the size
 * written. Timing starts at the first message (connecting and the first fetch are not measured) and stops at the
 * last. Prints one JSON line: {"consumed", "seconds", "peakRssBytes"}.
 */
#include <sys/resource.h>

#include "floor.h"

#define BATCH 1000

static long long *next_offsets;
static int partitions;
static size_t size;

/* Checks one message; exits on a consumer error, a gap, a repeat or a wrong size. */
static void check(const rd_kafka_message_t *message) {
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    fprintf(stderr, "c-consumer-floor: consumer error: %s\n", rd_kafka_message_errstr(message));
    exit(1);
  }
  if (message->partition < 0 || message->partition >= partitions || message->offset != next_offsets[message->partition] ||
      message->len != size) {
    fprintf(stderr, "c-consumer-floor: unexpected message: partition %d offset %lld (expected %lld), %zu bytes\n",
            (int)message->partition, (long long)message->offset,
            message->partition >= 0 && message->partition < partitions ? next_offsets[message->partition] : -1LL, message->len);
    exit(1);
  }
  next_offsets[message->partition]++;
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: c-consumer-floor <bootstrap> <topic> <partitions> <messages> <size> <poll|batch> [key=value ...]\n");
    return 2;
  }
  const char *topic = argv[2];
  partitions = atoi(argv[3]);
  long long messages = atoll(argv[4]);
  size = (size_t)atoll(argv[5]);
  int batch_mode = strcmp(argv[6], "batch") == 0;

  char group[64];
  snprintf(group, sizeof group, "c-consumer-floor-%ld", (long)time(NULL));
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set("c-consumer-floor", conf, "bootstrap.servers", argv[1]);
  set("c-consumer-floor", conf, "group.id", group);
  set("c-consumer-floor", conf, "enable.auto.commit", "false");
  set("c-consumer-floor", conf, "auto.offset.reset", "earliest");
  set_arguments("c-consumer-floor", conf, argc, argv, 7);
  char error[512];
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (rk == NULL) {
    fprintf(stderr, "c-consumer-floor: %s\n", error);
    return 1;
  }
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t *assignment = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; p++) rd_kafka_topic_partition_list_add(assignment, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk, assignment);
  rd_kafka_topic_partition_list_destroy(assignment);
  next_offsets = calloc((size_t)partitions, sizeof *next_offsets);

  rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(rk);
  rd_kafka_message_t *batch[BATCH];
  long long consumed = 0;
  double started = 0;
  while (consumed < messages) {
    if (batch_mode) {
      ssize_t count = rd_kafka_consume_batch_queue(queue, 1000, batch, BATCH);
      if (count < 0) {
        fprintf(stderr, "c-consumer-floor: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
        return 1;
      }
      if (count > 0 && consumed == 0) started = now_seconds();
      for (ssize_t i = 0; i < count; i++) {
        check(batch[i]);
        rd_kafka_message_destroy(batch[i]);
      }
      consumed += count;
    } else {
      rd_kafka_message_t *message = rd_kafka_consumer_poll(rk, 1000);
      if (message == NULL) continue;
      check(message);
      rd_kafka_message_destroy(message);
      if (consumed == 0) started = now_seconds();
      consumed++;
    }
  }
  double seconds = now_seconds() - started;

  rd_kafka_queue_destroy(queue);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  free(next_offsets);
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("{\"consumed\":%lld,\"seconds\":%.6f,\"peakRssBytes\":%ld}\n", consumed, seconds, usage.ru_maxrss * 1024L);
  return consumed == messages ? 0 : 1;
}
