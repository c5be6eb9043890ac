// What the consumer tests share: the setup of consumer-semantics.md section 2 (a mock cluster with a short initial
// rebalance delay, consumers with a random group and short timeouts), populate(), and ways to take messages.
import { Kafka, logLevel } from 'kafkajs';
import {
  type BaseConsumer,
  type ConfigEntries,
  FutureProducer,
  type KafkaError,
  type Message,
  MockCluster,
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

/** A new topic with `partitions` partitions. */
export function newTopic(cluster: MockCluster, partitions = 1, prefix = 'consume'): string {
  const topic = uniqueTopic(prefix);
  cluster.createTopic(topic, partitions, 1);
  return topic;
}

/** `partition:offset` → the index of the message populate() wrote there. */
export type Populated = Map<string, number>;

/**
 * Writes `count` messages "Message i" with key "Key i" (rust-rdkafka's populate_topic), to `partition` or keyed; returns
 * where each went.
 */
export async function populate(
  cluster: MockCluster | string,
  topic: string,
  count: number,
  options: { partition?: number; timestamp?: number; first?: number } = {},
): Promise<Populated> {
  const producer = new FutureProducer({ 'bootstrap.servers': typeof cluster === 'string' ? cluster : cluster.bootstrapServers, 'linger.ms': 5 });
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

/** Writes messages with kafkajs (an independent client). */
export async function writeWithKafkajs(
  bootstrapServers: string,
  topic: string,
  messages: Array<{ key?: Buffer | string | null; value: Buffer | string | null; partition?: number; timestamp?: string; headers?: Record<string, Buffer | string> }>,
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

/** What a StreamConsumer gives within `ms`: messages, and errors thrown (the iteration goes on after each). */
export async function drainFor(consumer: StreamConsumer, ms: number): Promise<{ messages: Message[]; errors: KafkaError[] }> {
  const messages: Message[] = [];
  const errors: KafkaError[] = [];
  const signal = AbortSignal.timeout(ms);
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
