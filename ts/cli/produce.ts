// rdkafka-napi produce: one message per line of a file or stdin, kcat style.
import * as fs from 'fs';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { MockCluster } from '../mock-cluster';
import type { Header } from '../record';
import { ThreadedProducer } from '../threaded-producer';
import { lines } from './lines';
import { Progress } from './progress';
import { type Command, UsageError, pairs, parse, wholeNumber } from './usage';
import { count } from './words';

const help = `Usage: rdkafka-napi produce -t TOPIC [options] [FILE]

Sends each line of FILE (or of stdin) as one message, then prints what happened:
  sent 3, delivered 3, failed 0; by partition: 0=2 1=1
Lines are bytes, sent as they are: a line ends at '\\n' (a '\\r' before it is dropped), and keys and
payloads need not be UTF-8. Exits 0 when every message was delivered, 1 when any failed or the brokers
cannot be reached, 2 when the command line is wrong.

Options:
  -t, --topic TOPIC        the topic (required)
  -b, --brokers LIST       bootstrap servers, host:port[,...]; without it, an in-process mock
                           cluster is started (the topic gets 3 partitions) and the summary says so
  -k, --key-separator SEP  split each line at the first SEP: key before, value after
                           (a line without SEP is sent with no key)
  -H, --header NAME=VALUE  a header on every message (repeatable)
  -p, --partition N        send to partition N (default: the partitioner chooses)
  -X, --property K=V       any librdkafka property, e.g. -X acks=all -X compression.type=lz4
                           (repeatable; message.timeout.ms defaults to 30000 here)
      --timeout MS         how long to wait for the brokers before giving up (default 10000)
  -h, --help               this text

Examples:
  printf 'a\\nb\\n' | rdkafka-napi produce -t demo
  rdkafka-napi produce -t orders -b localhost:9092 -k : -H source=cli orders.txt`;

export const produce: Command = {
  name: 'produce',
  summary: 'send the lines of a file or stdin to a topic, one message per line',
  help,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        topic: { type: 'string', short: 't' },
        brokers: { type: 'string', short: 'b' },
        'key-separator': { type: 'string', short: 'k' },
        header: { type: 'string', short: 'H', multiple: true },
        partition: { type: 'string', short: 'p' },
        property: { type: 'string', short: 'X', multiple: true },
        timeout: { type: 'string' },
      },
      true,
    );
    if (values.topic === undefined || values.topic === '') throw new UsageError('missing -t TOPIC');
    if (positionals.length > 1) throw new UsageError(`one FILE at most, got ${positionals.length}`);
    const topic = values.topic;
    const separator = values['key-separator'];
    if (separator === '') throw new UsageError('-k expects a non-empty separator');
    const headers: Header[] = pairs(values.header, '-H').map(([key, value]) => ({ key, value }));
    const partition = values.partition === undefined ? undefined : wholeNumber(values.partition, '-p', 0, 0, 2 ** 31 - 1);
    const timeoutMs = wholeNumber(values.timeout, '--timeout', 10_000, 1);
    const file = positionals[0];
    if (file !== undefined && !fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);

    let cluster: MockCluster | undefined;
    let brokers = values.brokers;
    if (brokers === undefined) {
      cluster = new MockCluster(1);
      cluster.createTopic(topic, 3, 1);
      brokers = cluster.bootstrapServers;
      process.stderr.write(`rdkafka-napi produce: no --brokers, so producing to an in-process mock cluster at ${brokers}\n`);
    }
    try {
      return await send({ topic, brokers, separator, headers, partition, timeoutMs, file, properties: pairs(values.property, '-X') });
    } finally {
      cluster?.close();
    }
  },
};

interface Job {
  topic: string;
  brokers: string;
  separator: string | undefined;
  headers: Header[];
  partition: number | undefined;
  timeoutMs: number;
  file: string | undefined;
  properties: Array<[string, string]>;
}

async function send(job: Job): Promise<number> {
  const failures: string[] = [];
  const byPartition = new Map<number, number>();
  let settled = 0;
  let wake: (() => void) | undefined;
  let producer: ThreadedProducer<number>;
  try {
    producer = new ThreadedProducer<number>(
      { 'message.timeout.ms': 30_000, ...Object.fromEntries(job.properties), 'bootstrap.servers': job.brokers },
      {
        delivery(result, line) {
          settled++;
          if (result.error === null) byPartition.set(result.message.partition, (byPartition.get(result.message.partition) ?? 0) + 1);
          else failures.push(`line ${line}: ${result.error.message}`);
          wake?.();
        },
        log: () => {},
        error: () => {}, // transport errors are retried; what fails is reported per message
      },
    );
  } catch (error) {
    // An unknown property or a bad value is a mistake on the command line.
    if (error instanceof KafkaError && error.kind === 'ClientConfig') throw new UsageError(error.message.replace(/^Client config error: /, ''));
    throw error;
  }
  const nextDelivery = () => new Promise<void>((resolve) => (wake = resolve));
  try {
    try {
      await producer.client.fetchMetadata(job.topic, job.timeoutMs);
    } catch (error) {
      process.stderr.write(`rdkafka-napi produce: cannot reach the brokers at ${job.brokers} within ${job.timeoutMs} ms (${(error as Error).message})\n`);
      return 1;
    }
    const input = job.file === undefined ? process.stdin : fs.createReadStream(job.file);
    const progress = new Progress(job.file === undefined ? undefined : fs.statSync(job.file).size, 'message');
    const separator = job.separator === undefined ? undefined : Buffer.from(job.separator);
    let sent = 0;
    for await (const line of lines(input)) {
      const at = separator === undefined ? -1 : line.indexOf(separator);
      const record = {
        topic: job.topic,
        key: at < 0 ? null : line.subarray(0, at),
        payload: at < 0 ? line : line.subarray(at + (separator as Buffer).length),
        headers: job.headers.length > 0 ? job.headers : undefined,
        partition: job.partition,
        opaque: sent + 1, // its line number
      };
      sent++;
      for (;;) {
        try {
          producer.send(record);
          break;
        } catch (error) {
          if (!(error instanceof KafkaError)) throw error;
          if (error.code === RDKafkaErrorCode.QueueFull) {
            await nextDelivery();
            continue;
          }
          // Refused at once (an unknown partition, a message too large): it fails, the rest go on.
          failures.push(`line ${sent}: ${error.message}`);
          settled++;
          break;
        }
      }
      progress.update(job.file === undefined ? sent : (input as fs.ReadStream).bytesRead, `${sent.toLocaleString('en-US')} sent`);
    }
    while (settled < sent) await nextDelivery();
    progress.done();
    const partitions = [...byPartition].sort(([a], [b]) => a - b).map(([partition, count]) => `${partition}=${count}`);
    process.stdout.write(`sent ${sent}, delivered ${sent - failures.length}, failed ${failures.length}${partitions.length > 0 ? `; by partition: ${partitions.join(' ')}` : ''}\n`);
    for (const failure of failures.slice(0, 5)) process.stderr.write(`rdkafka-napi produce: ${failure}\n`);
    if (failures.length > 5) process.stderr.write(`rdkafka-napi produce: ... and ${count(failures.length - 5, 'more failure')}\n`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await producer.close();
  }
}
