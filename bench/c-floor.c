/*
 * The C floor: librdkafka's own producer, driven the way its documentation recommends, with the
 * same vendored static librdkafka the addon links. One message at a time through rd_kafka_producev
 * (copying the payload), rd_kafka_poll(0) after each to serve delivery reports, a delivery
 * callback per message, and a full queue answered by polling until there is room.
 *
 *   c-floor <bootstrap> <topic> <messages> <size> <throughput|latency> [key=value ...]
 *
 * Prints one JSON line: {"delivered", "failed", "seconds", "mainCpuSeconds", "peakRssBytes"} and, in latency mode
 * (one message at a time, each delivery awaited), "latency": {"p50Ms", "p99Ms", "maxMs"}.
 * One message is produced and flushed before timing starts, so connecting is not measured.
 */
#include <sys/resource.h>

#include "floor.h"

static long long delivered;
static long long failed;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
  (void)rk;
  (void)opaque;
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR)
    delivered++;
  else
    failed++;
}


static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void produce(rd_kafka_t *rk, const char *topic, void *payload, size_t size) {
  for (;;) {
    rd_kafka_resp_err_t err = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(payload, size),
                                                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      fprintf(stderr, "c-floor: produce failed: %s\n", rd_kafka_err2str(err));
      exit(1);
    }
    rd_kafka_poll(rk, 1);
  }
  rd_kafka_poll(rk, 0);
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: c-floor <bootstrap> <topic> <messages> <size> <throughput|latency> [key=value ...]\n");
    return 2;
  }
  int latency_mode = strcmp(argv[5], "latency") == 0;
  const char *topic = argv[2];
  long long messages = atoll(argv[3]);
  size_t size = (size_t)atoll(argv[4]);

  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set("c-floor", conf, "bootstrap.servers", argv[1]);
  set_arguments("c-floor", conf, argc, argv, 6);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  char error[512];
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (rk == NULL) {
    fprintf(stderr, "c-floor: %s\n", error);
    return 1;
  }

  char *payload = malloc(size);
  memset(payload, 'x', size);
  produce(rk, topic, payload, size);
  rd_kafka_flush(rk, 10000);
  delivered = failed = 0;

  double *round_trips = latency_mode ? malloc(sizeof(double) * (size_t)messages) : NULL;
  double started = now_seconds();
  double cpu_started = thread_cpu_seconds();
  for (long long i = 0; i < messages; i++) {
    double sent = latency_mode ? now_seconds() : 0;
    produce(rk, topic, payload, size);
    if (!latency_mode) continue;
    while (delivered + failed <= i) rd_kafka_poll(rk, 100);
    round_trips[i] = (now_seconds() - sent) * 1000;
  }
  while (delivered + failed < messages) rd_kafka_poll(rk, 100);
  double seconds = now_seconds() - started;
  double main_cpu_seconds = thread_cpu_seconds() - cpu_started;

  rd_kafka_destroy(rk);
  free(payload);
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("{\"delivered\":%lld,\"failed\":%lld,\"seconds\":%.6f,\"mainCpuSeconds\":%.6f,\"peakRssBytes\":%ld", delivered, failed,
         seconds, main_cpu_seconds, usage.ru_maxrss * 1024L);
  if (latency_mode && messages > 0) {
    qsort(round_trips, (size_t)messages, sizeof(double), compare_doubles);
    printf(",\"latency\":{\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f}", round_trips[messages / 2],
           round_trips[messages * 99 / 100], round_trips[messages - 1]);
  }
  printf("}\n");
  free(round_trips);
  return failed == 0 && delivered == messages ? 0 : 1;
}
