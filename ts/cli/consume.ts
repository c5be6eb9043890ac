// rdkafka-napi consume: prints a topic's messages, kcat -C style. Its usage text and the steps of a run: the command
// line is read in consume-args.ts, the reading and printing is consume-loop.ts.
import { withBrokers } from './brokers';
import { readConsumeArgs } from './consume-args';
import { consumeLoop, prepareReader } from './consume-loop';
import { catchInterrupt } from './interrupt';
import { seedTopics } from './seed';
import type { Command } from './usage';
import { count } from './words';

const help = `Usage: rdkafka-napi consume -t TOPIC [options]

Prints the messages of a topic on stdout, one after the other, as -f or -J says; nothing else goes to
stdout. What happened (how many messages, errors) goes to stderr. Without -c or -e it waits for more
messages until Ctrl-C. Exits 0 when it stopped as asked (-c, -e, Ctrl-C or SIGTERM, or a reader that went
away, as with '| head'), 1 when the brokers cannot be reached, a topic or partition does not exist, or a
commit failed, 2 when the command line is wrong.

Without -G the partitions are read directly (assigned, no group); with -G GROUP the consumer joins the group,
which shares the topic's partitions among its members, and commits what was printed, so that the next run
of the group goes on after it. Ctrl-C (or SIGTERM) commits what was written, leaves the group at once and
exits 0; a second Ctrl-C exits 130 without waiting.

Options:
  -t, --topic TOPIC        a topic to read (repeatable; with -G, ^REGEX subscribes to a pattern)
  -b, --brokers LIST       bootstrap servers, host:port[,...]; without it, an in-process mock cluster is
                           started and seeded with the lines of stdin, or of --produce FILE
  -G, --group GROUP        join this consumer group (subscribe) instead of reading partitions directly
  -p, --partition N        read only partition N (repeatable, or a list: -p 0,2); not with -G
                           (default: every partition)
  -o, --offset OFFSET      where to start in each partition: beginning, end, stored, N (an offset) or
                           -N (the last N messages of each partition). Default: beginning; with -G,
                           stored: the group's committed offset (where it has none, auto.offset.reset,
                           here earliest). With -G, another offset applies to a partition the first
                           time this run is given it
  -c, --count N            exit after N messages
  -e, --exit               exit once every partition read has reached its end (the last message
                           written when it got there: librdkafka's enable.partition.eof)
  -f, --format FORMAT      how each message is printed (default '%s\\n'): %t topic, %p partition,
                           %o offset, %T timestamp (ms; -1 if none), %k key, %s payload, %h headers,
                           %% a %; escapes \\n \\r \\t \\\\. Keys, payloads and header values are written
                           as the bytes they are, null as nothing; headers as name=value,... (a null
                           value is the name alone)
  -J, --json               one JSON object per line instead: {"topic","partition","offset","timestamp"
                           (ms or null),"timestampType","key","payload","headers":[{"key","value"}]};
                           key, payload and header values are strings (--encoding) or null
      --encoding ENC       how -J writes bytes: utf8 (text; bytes that are not UTF-8 become U+FFFD,
                           the default) or base64 (exact)
      --commit MODE        with -G, what is committed: written (the default: a message once it was
                           written to stdout, committed every auto.commit.interval.ms, at a rebalance
                           and at the end), each (committed after every write to stdout), auto
                           (librdkafka's own: as handed out, before printing) or none
  -X, --property K=V       any librdkafka property, e.g. -X fetch.wait.max.ms=50 (repeatable)
      --timeout MS         how long to wait for the brokers, to connect and to commit and leave at the
                           end (default 10000)
  -q, --quiet              nothing on stderr but errors
  -h, --help               this text

Without --brokers (an in-process mock cluster):
      --produce FILE       the lines of FILE are produced into each topic first (default: stdin's)
  -k, --key-separator SEP  split each of those lines at the first SEP: key before, value after
  -H, --header NAME=VALUE  a header on each of those messages (repeatable)
      --mock-partitions N  how many partitions the mock's topics have (default 1)

Examples:
  rdkafka-napi consume -b localhost:9092 -t orders -o -10 -e                  # the last 10 of each partition
  rdkafka-napi consume -b localhost:9092 -t orders -G billing -f '%p/%o %k: %s\\n'
  printf 'k1:a\\nk2:b\\n' | rdkafka-napi consume -t demo -k : -e -J             # no broker needed`;

export const consume: Command = {
  name: 'consume',
  summary: 'print the messages of a topic, from a group or from partitions (kcat -C)',
  help,
  async run(args) {
    const { job, brokers: given, seed } = readConsumeArgs(args);
    // From the start: Ctrl-C while seeding or connecting still ends the command cleanly.
    const interrupt = catchInterrupt(['SIGINT', 'SIGTERM']);
    return withBrokers(given, job.topics, seed.mockPartitions, async (brokers, mock) => {
      const reader = prepareReader({ ...job, brokers });
      try {
        if (seed.lines !== undefined) {
          if (mock && !job.quiet) {
            const from = seed.lines.file === undefined ? `stdin${process.stdin.isTTY ? ' (type lines, then Ctrl-D)' : ''}` : seed.lines.file;
            process.stderr.write(`rdkafka-napi consume: no --brokers, so consuming from an in-process mock cluster at ${brokers}, seeded with the lines of ${from}\n`);
          }
          const produced = await seedTopics(brokers, job.topics, seed.lines, interrupt);
          if (interrupt.happened) return 0;
          if (!job.quiet) process.stderr.write(`rdkafka-napi consume: produced ${count(produced, 'line')} into ${job.topics.join(', ')}\n`);
        }
        return await consumeLoop(reader, interrupt);
      } finally {
        await reader.consumer.close().catch(() => {});
      }
    });
  },
};
