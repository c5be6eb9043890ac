// bench --consumer: how fast one consumer reads a topic filled beforehand. The fill is not timed; the clock runs
// from the assign to the last message. Only the messages of this run are read: each partition from where its
// end was before the fill, so a topic that held messages already (on real brokers) measures the same.
import { BaseConsumer } from '../consumer/base-consumer';
import { StreamConsumer } from '../consumer/stream-consumer';
import type { TopicPartition } from '../consumer/topic-partition';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { ThreadedProducer } from '../producer/threaded-producer';
import type { Progress } from './progress';
import { count } from './words';

export const consumerKinds = ['stream', 'batches', 'base'] as const;
export type ConsumerKind = (typeof consumerKinds)[number];

interface Workload {
  brokers: string;
  topic: string;
  messages: number;
  size: number;
}

/** Reads `messages` messages from `start`; resolves the payload bytes read. */
type Read = (config: Record<string, string | number | boolean>, start: TopicPartition[], messages: number, progress: Progress) => Promise<number>;

/** Fills the topic, then times `kind` reading it back; resolves the seconds and the payload bytes read. */
export async function benchConsumer(kind: ConsumerKind, work: Workload, progress: Progress): Promise<{ seconds: number; bytes: number }> {
  const start = await fill(work);
  const config = {
    'bootstrap.servers': work.brokers,
    // A group of its own for the common path (an assign-only member: it never joins, nothing is committed).
    'group.id': `rdkafka-napi-bench-${process.pid}-${Date.now()}`,
    'enable.auto.commit': false,
  };
  const read = kind === 'base' ? readBase : kind === 'batches' ? readBatches : readStream;
  const started = process.hrtime.bigint();
  const bytes = await read(config, start, work.messages, progress);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
}

/** Produces the messages; resolves where each partition's new messages start. */
async function fill({ brokers, topic, messages, size }: Workload): Promise<TopicPartition[]> {
  let delivered = 0;
  let failure: string | undefined;
  // Compressed in large batches: the mock cluster keeps about 5 MiB per partition and drops older data, and
  // lz4 fits millions of these payloads (one repeated byte) into that. Reading decompresses them, as it would.
  const producer = new ThreadedProducer(
    { 'bootstrap.servers': brokers, 'linger.ms': 20, 'batch.size': 1_000_000, 'compression.type': 'lz4', 'queue.buffering.max.messages': 1_000_000 },
    { delivery: (result) => (result.error === null ? delivered++ : (failure ??= result.error.message)) },
  );
  try {
    const metadata = await producer.client.fetchMetadata(topic, 10_000);
    const partitions = metadata.topics.find((t) => t.name === topic)?.partitions.map((p) => p.id) ?? [];
    if (partitions.length === 0) throw new Error(`topic "${topic}" does not exist`);
    const before = await Promise.all(partitions.map((partition) => producer.client.fetchWatermarks(topic, partition, 10_000)));
    const record = { topic, payload: Buffer.alloc(size, 'x') };
    for (let sent = 0; sent < messages; ) {
      try {
        producer.send(record);
        sent++;
      } catch (error) {
        if (!(error instanceof KafkaError && error.code === RDKafkaErrorCode.QueueFull)) throw error;
        await producer.flush(30_000); // let the queue drain
      }
    }
    await producer.flush(60_000);
    if (failure !== undefined) throw new Error(`filling the topic failed: ${failure}`);
    const after = await Promise.all(partitions.map((partition) => producer.client.fetchWatermarks(topic, partition, 10_000)));
    const kept = after.reduce((sum, { low, high }, i) => sum + high - Math.max(low, before[i].high), 0);
    if (kept !== messages) throw new Error(`the topic kept ${count(kept, 'message')} of ${delivered.toLocaleString('en-US')} (a mock cluster keeps about 5 MiB per partition): use fewer or smaller messages`);
    return partitions.map((partition, i) => ({ topic, partition, offset: before[i].high }));
  } finally {
    await producer.close();
  }
}

const readStream: Read = async (config, start, messages, progress) => {
  const consumer = new StreamConsumer(config);
  let bytes = 0;
  let read = 0;
  try {
    consumer.assign(start);
    for await (const message of consumer.stream()) {
      bytes += message.payload?.length ?? 0;
      if (++read === messages) break;
      if ((read & 0xffff) === 0) progress.update(read);
    }
    return bytes;
  } finally {
    await consumer.close();
  }
};

const readBatches: Read = async (config, start, messages, progress) => {
  const consumer = new StreamConsumer(config);
  let bytes = 0;
  let read = 0;
  try {
    consumer.assign(start);
    for await (const batch of consumer.batches()) {
      for (const message of batch) bytes += message.payload?.length ?? 0;
      read += batch.length;
      if (read >= messages) break;
      progress.update(read);
    }
    return bytes;
  } finally {
    await consumer.close();
  }
};

const readBase: Read = async (config, start, messages, progress) => {
  const consumer = new BaseConsumer(config);
  let bytes = 0;
  try {
    consumer.assign(start);
    for (let read = 0; read < messages; ) {
      const message = consumer.poll(100);
      if (message === null) continue;
      bytes += message.payload?.length ?? 0;
      if ((++read & 0xffff) === 0) progress.update(read);
    }
    return bytes;
  } finally {
    await consumer.close();
  }
};
