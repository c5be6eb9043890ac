// What the consumer tests share: the setup of consumer-semantics.md section 2 (a mock cluster with a short initial
// rebalance delay, consumers with a random group and short timeouts), populate(), and ways to take messages.
import { Kafka, logLevel } from 'kafkajs';
import {
  type BaseConsumer,
  type ConfigEntries,
  type ConsumerContext,
  FutureProducer,
  type KafkaError,
  type Message,
  MockCluster,
  type Rebalance,
  type StreamConsumer,
  type TopicPartition,
} from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';

let groups = 0;

/** A group id no other test uses. */
export function uniqueGroup(prefix = 'group'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${groups++}`;
}

/** A mock cluster whose groups form quickly (the mock waits 3 s by default). */
export function newCluster(brokers = 1): MockCluster {
  const cluster = new MockCluster(brokers);
  cluster.setGroupInitialRebalanceDelay(50);
  return cluster;
}

/** The consumer configuration of section 2, with a fresh group; `extra` overrides. */
export function consumerConfig(cluster: MockCluster | string, extra: ConfigEntries = {}): ConfigEntries {
  return {
    'bootstrap.servers': typeof cluster === 'string' ? cluster : cluster.bootstrapServers,
    'group.id': uniqueGroup(),
    'session.timeout.ms': 6000,
    'heartbeat.interval.ms': 1000,
    'enable.auto.commit': false,
    'enable.partition.eof': false,
    'auto.offset.reset': 'earliest',
    'fetch.wait.max.ms': 50,
    ...extra,
  };
}

/**
 * The configuration of a KIP-848 member (`group.protocol=consumer`): section 2's, less what the broker decides under
 * that protocol (librdkafka refuses session.timeout.ms and heartbeat.interval.ms there).
 */
export function kip848Config(cluster: MockCluster, extra: ConfigEntries = {}): ConfigEntries {
  const config: ConfigEntries = consumerConfig(cluster, { 'group.protocol': 'consumer', ...extra });
  delete config['session.timeout.ms'];
  delete config['heartbeat.interval.ms'];
  return config;
}

/** A new topic with `partitions` partitions. */
export function newTopic(cluster: MockCluster, partitions = 1, prefix = 'consume'): string {
  const topic = uniqueTopic(prefix);
  cluster.createTopic(topic, partitions, 1);
  return topic;
}

/**
 * populate()'s producer setting for tests that need librdkafka's consumer queue to fill slowly: the mock answers a
 * Fetch with one producer batch per partition, so one message per batch makes each Fetch bring one message.
 */
export const ONE_MESSAGE_PER_BATCH: ConfigEntries = { 'batch.num.messages': 1 };

/**
 * Consumer settings that keep librdkafka's pre-fetch to about one message per partition, so that a rebalance event
 * is not queued behind hundreds of messages fetched earlier (it would reach the application only after them).
 */
export const SHALLOW_PREFETCH: ConfigEntries = { 'queued.min.messages': 1, 'fetch.queue.backoff.ms': 10 };

/** `partition:offset` → the index of the message populate() wrote there. */
export type Populated = Map<string, number>;

/**
 * Writes `count` messages "Message i" with key "Key i" (rust-rdkafka's populate_topic), to `partition` or keyed; returns
 * where each went. `producer` adds to the producer's configuration (e.g. {@link ONE_MESSAGE_PER_BATCH}).
 */
export async function populate(
  cluster: MockCluster | string,
  topic: string,
  count: number,
  options: { partition?: number; timestamp?: number; first?: number; producer?: ConfigEntries } = {},
): Promise<Populated> {
  const producer = new FutureProducer({ 'bootstrap.servers': typeof cluster === 'string' ? cluster : cluster.bootstrapServers, 'linger.ms': 5, ...options.producer });
  try {
    const sends = [];
    for (let i = options.first ?? 0; i < (options.first ?? 0) + count; i++) {
      sends.push(
        producer
          .send({ topic, key: `Key ${i}`, payload: `Message ${i}`, partition: options.partition, timestamp: options.timestamp }, 10_000)
          .then((delivery) => [`${delivery.partition}:${delivery.offset}`, i] as const),
      );
    }
    return new Map(await Promise.all(sends));
  } finally {
    await producer.close();
  }
}

/**
 * Headers as kafkajs takes them: an object, so a name's values are sent together, in the object's key order; an array
 * value sends the name once per element. kafkajs 2.2 cannot send a null header value (it sizes headers with
 * Buffer.byteLength, which throws on null).
 */
export type KafkajsHeaders = Record<string, Buffer | string | Array<Buffer | string>>;

/** Writes messages with kafkajs (an independent client). */
export async function writeWithKafkajs(
  bootstrapServers: string,
  topic: string,
  messages: Array<{ key?: Buffer | string | null; value: Buffer | string | null; partition?: number; timestamp?: string; headers?: KafkajsHeaders }>,
): Promise<void> {
  const kafka = new Kafka({ brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

/** The next `count` messages of a StreamConsumer (recv), failing after `timeoutMs`. */
export async function take(consumer: StreamConsumer, count: number, timeoutMs = 20_000): Promise<Message[]> {
  const messages: Message[] = [];
  const signal = AbortSignal.timeout(timeoutMs);
  while (messages.length < count) {
    try {
      messages.push(await consumer.recv({ signal }));
    } catch (error) {
      if (signal.aborted) throw new Error(`took ${messages.length} of ${count} messages in ${timeoutMs} ms`);
      throw error;
    }
  }
  return messages;
}

/** The next `count` messages of a BaseConsumer (poll), failing after `timeoutMs`. */
export function pollN(consumer: BaseConsumer, count: number, timeoutMs = 20_000): Message[] {
  const messages: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (messages.length < count) {
    if (Date.now() > deadline) throw new Error(`polled ${messages.length} of ${count} messages in ${timeoutMs} ms`);
    const message = consumer.poll(100);
    if (message !== null) messages.push(message);
  }
  return messages;
}

/**
 * What a StreamConsumer gives within `ms` (or until `stop` aborts): messages, and errors thrown (the iteration goes on
 * after each).
 */
export async function drainFor(consumer: StreamConsumer, ms: number, stop?: AbortSignal): Promise<{ messages: Message[]; errors: KafkaError[] }> {
  const messages: Message[] = [];
  const errors: KafkaError[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  const onStop = () => controller.abort();
  stop?.addEventListener('abort', onStop, { once: true });
  if (stop?.aborted) controller.abort();
  const signal = controller.signal;
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
  });
  while (!signal.aborted) {
    try {
      for await (const message of consumer.stream({ signal })) messages.push(message);
    } catch (error) {
      errors.push(error as KafkaError);
    }
  }
  return { messages, errors };
}

/** Resolves once `condition` holds, checking every 20 ms; fails after `timeoutMs` naming `what`. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Topic-partition lists compared without order (rust-rdkafka's PartialEq): `partition:offset[:metadata]` sorted. */
export function listKey(list: readonly TopicPartition[]): string[] {
  return list.map((tp) => `${tp.topic}/${tp.partition}:${JSON.stringify(tp.offset)}${tp.metadata === undefined ? '' : `:${tp.metadata}`}`).sort();
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The partition numbers of a list, sorted (the tests below use one topic per group). */
export function partitionNumbers(list: readonly TopicPartition[]): number[] {
  return list.map((tp) => tp.partition).sort((a, b) => a - b);
}

/** One rebalance as a consumer's hooks saw it. */
export interface SeenRebalance {
  kind: Rebalance['kind'];
  /** The partitions the event listed (sorted numbers); empty for errors. */
  partitions: number[];
  /** A revoke's `lost`. */
  lost?: boolean;
  /** The consumer's whole assignment once the library had applied the event (postRebalance). */
  after?: number[];
}

/**
 * A context whose preRebalance and postRebalance write what they see into `seen` (one entry per rebalance, completed by
 * postRebalance), then call `also`'s hooks if any.
 */
export function recordingRebalances(seen: SeenRebalance[], also: ConsumerContext = {}): ConsumerContext {
  return {
    ...also,
    preRebalance(rebalance, consumer) {
      seen.push({
        kind: rebalance.kind,
        partitions: rebalance.kind === 'error' ? [] : partitionNumbers(rebalance.partitions),
        ...(rebalance.kind === 'revoke' ? { lost: rebalance.lost } : {}),
      });
      return also.preRebalance?.call(also, rebalance, consumer);
    },
    postRebalance(rebalance, consumer) {
      // The final revoke of close() runs while librdkafka is tearing the group down: it no longer answers this.
      try {
        seen[seen.length - 1].after = partitionNumbers(consumer.assignment());
      } catch {}
      return also.postRebalance?.call(also, rebalance, consumer);
    },
  };
}
