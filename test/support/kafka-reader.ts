// An independent consumer (kafkajs, a pure-JS client) to read back what our producers wrote.
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import type { WireHeader } from './ordered-headers';

export interface ReadRecord {
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: WireHeader[];
}

let groups = 0;

/** A record as kafkajs hands it to `eachMessage`, with its headers in wire order (see ordered-headers). */
export function readRecord(partition: number, message: KafkaMessage): ReadRecord {
  const raw = message as unknown as { headerList: WireHeader[] };
  return {
    partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    key: message.key,
    value: message.value,
    headers: raw.headerList,
  };
}

/** Reads `count` records of `topic` from the beginning (all partitions), sorted by partition then offset. */
export async function readBack(bootstrapServers: string, topic: string, count: number, timeoutMs = 20_000): Promise<ReadRecord[]> {
  const kafka = new Kafka({ brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${process.pid}-${Date.now()}-${groups++}`, maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${records.length} of ${count} records of ${topic} in ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            records.push(readRecord(partition, message));
            if (records.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/**
 * How many records `topic` holds, from its watermarks (asked with kafkajs's admin client). A reader that must see every
 * record reads this many: with at-least-once delivery the log may hold duplicates, so a count of messages sent or
 * delivered could stop it short.
 */
export async function recordsInLog(bootstrapServers: string, topic: string): Promise<number> {
  const admin = new Kafka({ brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const partitions = await admin.fetchTopicOffsets(topic);
    return partitions.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
