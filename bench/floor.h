/*
 * What the C floors share: the clock, and configuration set from the command line (key=value arguments), a
 * refused property ending the program with librdkafka's message.
 */
#ifndef RDKAFKA_NAPI_BENCH_FLOOR_H
#define RDKAFKA_NAPI_BENCH_FLOOR_H

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the calling thread: the producing thread's own cost, apart from librdkafka's threads. */
static double thread_cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set(const char *program, rd_kafka_conf_t *conf, const char *key, const char *value) {
  char error[512];
  if (rd_kafka_conf_set(conf, key, value, error, sizeof error) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "%s: %s=%s: %s\n", program, key, value, error);
    exit(2);
  }
}

/* Every key=value argument from argv[first] on. */
static void set_arguments(const char *program, rd_kafka_conf_t *conf, int argc, char **argv, int first) {
  for (int i = first; i < argc; i++) {
    char *equals = strchr(argv[i], '=');
    if (equals == NULL) continue;
    *equals = '\0';
    set(program, conf, argv[i], equals + 1);
  }
}

#endif
