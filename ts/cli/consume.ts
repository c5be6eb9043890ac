// rdkafka-napi consume: prints a topic's messages, kcat -C style. This file reads the command line; the reading
// and printing is consume-loop.ts.
import * as fs from 'fs';
import type { Header } from '../producer/record';
import { withBrokers } from './brokers';
import { commitChoices, commitProperties, parseCommits } from './commit-modes';
import { type ConsumeJob, consumeLoop, prepareReader } from './consume-loop';
import { compileFormat } from './format';
import { catchInterrupt } from './interrupt';
import { jsonLine, parseEncoding } from './json-lines';
import { attachNegativeOffsets, parseStartOffset } from './offsets-arg';
import { seedTopics } from './seed';
import { type Command, UsageError, pairs, parse, parseWholeNumberFlag, wholeNumberList } from './usage';
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
    const { values } = parse(attachNegativeOffsets(args), {
      topic: { type: 'string', short: 't', multiple: true },
      brokers: { type: 'string', short: 'b' },
      group: { type: 'string', short: 'G' },
      partition: { type: 'string', short: 'p', multiple: true },
      offset: { type: 'string', short: 'o' },
      count: { type: 'string', short: 'c' },
      exit: { type: 'boolean', short: 'e' },
      format: { type: 'string', short: 'f' },
      json: { type: 'boolean', short: 'J' },
      encoding: { type: 'string' },
      commit: { type: 'string' },
      property: { type: 'string', short: 'X', multiple: true },
      timeout: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      produce: { type: 'string' },
      'key-separator': { type: 'string', short: 'k' },
      header: { type: 'string', short: 'H', multiple: true },
      'mock-partitions': { type: 'string' },
    });
    const topics = [...new Set(values.topic ?? [])];
    if (topics.length === 0) throw new UsageError('missing -t TOPIC');
    if (topics.includes('')) throw new UsageError('-t expects a topic name, got ""');
    const group = values.group;
    if (group === '') throw new UsageError('-G expects a group name, got ""');
    const patterns = topics.filter((topic) => topic.startsWith('^'));
    if (patterns.length > 0 && group === undefined) throw new UsageError(`-t ${patterns[0]} is a pattern: patterns need -G (a group subscribes to them)`);
    const partitions = wholeNumberList(values.partition, '-p', 0, 2 ** 31 - 1);
    if (partitions.length > 0 && group !== undefined) throw new UsageError('-p and -G exclude each other: the group assigns the partitions');
    const start = values.offset === undefined ? (group === undefined ? 'beginning' : 'stored') : parseStartOffset(values.offset);
    if (start === 'stored' && group === undefined) throw new UsageError('-o stored needs a group (-G): without one nothing is stored');
    const commits = parseCommits(values.commit, group !== undefined);
    if (values.json && values.format !== undefined) throw new UsageError('-J and -f exclude each other');
    if (values.encoding !== undefined && !values.json) throw new UsageError('--encoding is for -J');
    const encoding = parseEncoding(values.encoding);
    const print = values.json ? jsonPrinter(encoding) : compileFormat(values.format ?? '%s\\n');
    const properties = pairs(values.property, '-X');
    for (const [name] of properties) {
      if (name === 'group.id') throw new UsageError('-X group.id: use -G GROUP');
      if (commitProperties.includes(name)) throw new UsageError(`-X ${name}: --commit sets it (${commitChoices.join(', ')})`);
    }
    const seed = seedOptions(values, values.brokers === undefined, patterns.length > 0);

    const job: ConsumeJob = {
      brokers: '',
      topics,
      group,
      partitions,
      start,
      count: values.count === undefined ? undefined : parseWholeNumberFlag(values.count, '-c', 0, 1),
      exitAtEnd: values.exit === true,
      print,
      commits,
      properties,
      timeoutMs: parseWholeNumberFlag(values.timeout, '--timeout', 10_000, 1),
      quiet: values.quiet === true,
    };
    // From the start: Ctrl-C while seeding or connecting still ends the command cleanly.
    const interrupt = catchInterrupt(['SIGINT', 'SIGTERM']);
    return withBrokers(values.brokers, topics, seed.mockPartitions, async (brokers, mock) => {
      const reader = prepareReader({ ...job, brokers });
      try {
        if (seed.lines !== undefined) {
          if (mock && !job.quiet) {
            const from = seed.lines.file === undefined ? `stdin${process.stdin.isTTY ? ' (type lines, then Ctrl-D)' : ''}` : seed.lines.file;
            process.stderr.write(`rdkafka-napi consume: no --brokers, so consuming from an in-process mock cluster at ${brokers}, seeded with the lines of ${from}\n`);
          }
          const produced = await seedTopics(brokers, topics, seed.lines, interrupt);
          if (interrupt.happened) return 0;
          if (!job.quiet) process.stderr.write(`rdkafka-napi consume: produced ${count(produced, 'line')} into ${topics.join(', ')}\n`);
        }
        return await consumeLoop(reader, interrupt);
      } finally {
        await reader.consumer.close().catch(() => {});
      }
    });
  },
};

function jsonPrinter(encoding: ReturnType<typeof parseEncoding>) {
  return (message: Parameters<typeof jsonLine>[0], out: Array<string | Buffer>) => out.push(jsonLine(message, encoding));
}

/** The lines to produce first: --produce FILE, or stdin when there are no brokers; the options that shape them. */
function seedOptions(
  values: { produce?: string; 'key-separator'?: string; header?: string[]; 'mock-partitions'?: string },
  mock: boolean,
  patterns: boolean,
) {
  const file = values.produce;
  const seeding = file !== undefined || mock;
  for (const [flag, given] of [
    ['-k', values['key-separator'] !== undefined],
    ['-H', values.header !== undefined],
  ] as const) {
    if (given && !seeding) throw new UsageError(`${flag} shapes the lines produced first: it needs --produce FILE, or no --brokers`);
  }
  if (values['mock-partitions'] !== undefined && !mock) throw new UsageError('--mock-partitions is for the in-process mock cluster: not with --brokers');
  if (seeding && patterns) throw new UsageError('a pattern topic (^...) cannot be produced into: give --brokers, and no --produce');
  if (file !== undefined && !fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const separator = values['key-separator'];
  if (separator === '') throw new UsageError('-k expects a non-empty separator');
  const headers: Header[] = pairs(values.header, '-H').map(([key, value]) => ({ key, value }));
  return {
    lines: seeding ? { file, separator, headers } : undefined,
    mockPartitions: parseWholeNumberFlag(values['mock-partitions'], '--mock-partitions', 1, 1, 10_000),
  };
}
