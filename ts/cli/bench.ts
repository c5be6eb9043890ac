// rdkafka-napi bench: a quick throughput run of one producer or one consumer. The side-by-side comparison with
// the C floor and other clients is `npm run bench` in the repository.
import { BaseProducer } from '../producer/base-producer';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { FutureProducer } from '../producer/future-producer';
import { ThreadedProducer } from '../producer/threaded-producer';
import { Timeout } from '../timeout';
import { type ConsumerKind, benchConsumer, consumerKinds } from './bench-consumer';
import { withBrokers } from './brokers';
import { Progress } from './progress';
import { type Command, UsageError, parse, parseWholeNumberFlag } from './usage';
import { count } from './words';

const help = `Usage: rdkafka-napi bench [--producer base|threaded|future | --consumer stream|batches|base] [-n N] [-s SIZE] [-b LIST] [-t TOPIC]

Sends N messages of SIZE bytes as fast as one producer can, every delivery confirmed, and prints one
line: the producer, the count, the time and messages per second. With --consumer, fills the topic with
N messages first (not timed), then reads them back with one consumer, and prints messages and megabytes
(10^6 bytes of payload) per second. Without --brokers it uses an in-process mock cluster (which shares
this process's CPU: expect less than against a real broker).

Options:
      --producer KIND    base (send + poll), threaded (a callback per message, the default) or
                         future (a promise per message)
      --consumer KIND    measure a consumer instead: stream (StreamConsumer, for await per message),
                         batches (StreamConsumer.batches()) or base (BaseConsumer.poll)
  -n, --messages N       how many (default 500000)
  -s, --size SIZE        payload bytes (default 100)
  -b, --brokers LIST     bootstrap servers (default: an in-process mock cluster)
  -t, --topic TOPIC      the topic (default rdkafka-napi-bench)
  -h, --help             this text`;

export const bench: Command = {
  name: 'bench',
  summary: 'a quick throughput run of one producer or consumer',
  help,
  async run(args) {
    const { values } = parse(args, {
      producer: { type: 'string' },
      consumer: { type: 'string' },
      messages: { type: 'string', short: 'n' },
      size: { type: 'string', short: 's' },
      brokers: { type: 'string', short: 'b' },
      topic: { type: 'string', short: 't' },
    });
    if (values.producer !== undefined && values.consumer !== undefined) throw new UsageError('--producer and --consumer exclude each other: one run measures one client');
    const kind = values.consumer ?? values.producer ?? 'threaded';
    if (values.consumer !== undefined && !(consumerKinds as readonly string[]).includes(kind)) {
      throw new UsageError(`--consumer expects ${consumerKinds.join(', ')}, got "${kind}"`);
    }
    if (values.consumer === undefined && !['base', 'threaded', 'future'].includes(kind)) throw new UsageError(`--producer expects base, threaded or future, got "${kind}"`);
    const messages = parseWholeNumberFlag(values.messages, '--messages', 500_000, 1);
    const size = parseWholeNumberFlag(values.size, '--size', 100, 0, 1_000_000);
    const topic = values.topic ?? 'rdkafka-napi-bench';
    return withBrokers(values.brokers, topic, 1, async (brokers) => {
      const progress = new Progress(messages, 'message');
      if (values.consumer !== undefined) {
        const { seconds, bytes } = await benchConsumer(kind as ConsumerKind, { brokers, topic, messages, size }, progress);
        progress.done();
        const megabytes = (bytes / 1e6 / seconds).toFixed(1);
        process.stdout.write(`${kind} consumer: ${count(messages, 'message')} of ${size} B in ${seconds.toFixed(2)} s: ${rate(messages, seconds)} msgs/s, ${megabytes} MB/s\n`);
        return 0;
      }
      const config = { 'bootstrap.servers': brokers, 'linger.ms': 5 };
      const record = { topic, payload: Buffer.alloc(size, 'x') };
      const run = kind === 'base' ? runBase : kind === 'future' ? runFuture : runThreaded;
      const { seconds, failed } = await run(config, record, messages, progress);
      progress.done();
      process.stdout.write(`${kind}: ${count(messages, 'message')} of ${size} B in ${seconds.toFixed(2)} s: ${rate(messages, seconds)} msgs/s${failed > 0 ? `, ${failed} FAILED` : ', all delivered'}\n`);
      return failed > 0 ? 1 : 0;
    });
  },
};

const rate = (messages: number, seconds: number) => Math.round(messages / seconds).toLocaleString('en-US');

type Config = Record<string, string | number>;
type Run = (config: Config, record: { topic: string; payload: Buffer }, messages: number, progress: Progress) => Promise<{ seconds: number; failed: number }>;

/** Sends once; false when the queue is full (the caller waits for room and tries again). */
function sent(producer: { send(record: { topic: string; payload: Buffer }): void }, record: { topic: string; payload: Buffer }): boolean {
  try {
    producer.send(record);
    return true;
  } catch (error) {
    if (error instanceof KafkaError && error.code === RDKafkaErrorCode.QueueFull) return false;
    throw error;
  }
}
const elapsed = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

const runBase: Run = async (config, record, messages, progress) => {
  let done = 0;
  let failed = 0;
  const producer = new BaseProducer(config, { delivery: (result) => (done++, result.error === null || failed++) });
  try {
    const started = process.hrtime.bigint();
    for (let i = 0; i < messages; i++) {
      while (!sent(producer, record)) producer.poll(100);
      producer.poll(0);
      if ((i & 0xffff) === 0) progress.update(done);
    }
    while (done < messages) producer.poll(100);
    return { seconds: elapsed(started), failed };
  } finally {
    producer.close();
  }
};

const runThreaded: Run = async (config, record, messages, progress) => {
  let done = 0;
  let failed = 0;
  let wake: (() => void) | undefined;
  const producer = new ThreadedProducer(config, {
    delivery(result) {
      done++;
      if (result.error !== null) failed++;
      wake?.();
    },
  });
  const nextDelivery = () => new Promise<void>((resolve) => (wake = resolve));
  try {
    const started = process.hrtime.bigint();
    for (let i = 0; i < messages; i++) {
      while (!sent(producer, record)) await nextDelivery();
      if (i % 1000 === 999) {
        progress.update(done);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    while (done < messages) await nextDelivery();
    return { seconds: elapsed(started), failed };
  } finally {
    await producer.close();
  }
};

const runFuture: Run = async (config, record, messages, progress) => {
  const producer = new FutureProducer(config);
  let failed = 0;
  let done = 0;
  try {
    const started = process.hrtime.bigint();
    const slices: Array<Promise<unknown>> = [];
    for (let sent = 0; sent < messages; ) {
      const slice: Array<Promise<unknown>> = [];
      for (let i = 0; i < 1000 && sent < messages; i++, sent++) {
        slice.push(producer.send(record, Timeout.Never).then(() => done++, () => (done++, failed++)));
      }
      slices.push(Promise.all(slice));
      progress.update(done);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(slices);
    return { seconds: elapsed(started), failed };
  } finally {
    await producer.close();
  }
};
