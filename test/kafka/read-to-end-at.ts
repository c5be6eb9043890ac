// read-to-end.ts's reader for any cluster, not only the harness's broker: every record of a topic up to the high
// watermarks it has when reading starts, as a read_committed or a read_uncommitted reader sees them (kafkajs, an
// independent client). A record count cannot say when to stop once transactions are involved (aborted records are
// skipped, markers take offsets): the reader goes until its position in each partition reaches the watermark.
import { type ReadRecord, readRecord } from '../support/kafka-reader';
import { kafkajs } from './kafka';

let groups = 0;

export async function readToEndAt(servers: string, topic: string, { readUncommitted, timeoutMs = 30_000 }: { readUncommitted: boolean; timeoutMs?: number }): Promise<ReadRecord[]> {
  const kafka = kafkajs(servers);
  const admin = kafka.admin();
  await admin.connect();
  const highWatermarks = new Map<number, number>();
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) highWatermarks.set(p.partition, Number(p.high));
  } finally {
    await admin.disconnect();
  }
  const records: ReadRecord[] = [];
  const position = new Map<number, number>(); // the last offset read or skipped, per partition
  const done = () => [...highWatermarks].every(([partition, high]) => high === 0 || (position.get(partition) ?? -1) >= high - 1);
  if (!done()) {
    const consumer = kafka.consumer({ groupId: `read-to-end-at-${process.pid}-${Date.now()}-${groups++}`, maxWaitTimeInMs: 100, readUncommitted });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const where = [...highWatermarks].map(([p, high]) => `partition ${p} at ${position.get(p) ?? 'none'} of ${high}`).join(', ');
          reject(new Error(`a ${readUncommitted ? 'read_uncommitted' : 'read_committed'} reader of ${topic} did not reach the high watermarks in ${timeoutMs} ms: ${where}`));
        }, timeoutMs);
        // Emitted for every fetched batch, also one whose records were all filtered out (aborted, or markers).
        consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
          if (payload.topic !== topic) return;
          position.set(payload.partition, Math.max(position.get(payload.partition) ?? -1, Number(payload.lastOffset)));
          if (done()) {
            clearTimeout(timer);
            resolve();
          }
        });
        consumer.run({ eachMessage: async ({ partition, message }) => void records.push(readRecord(partition, message)) }).catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  }
  return records.filter((r) => r.offset < (highWatermarks.get(r.partition) ?? 0)).sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}
