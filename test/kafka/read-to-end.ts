// Reading a topic to its end at a chosen isolation level (kafkajs consumer). A count of records cannot say when to
// stop once transactions are involved: a read_committed reader never sees aborted records, and commit and abort
// markers occupy offsets too. So the reader takes each partition's high watermark first and reads until its position
// (the last offset of a fetched batch, records filtered out and markers included) reaches it.
import { type ReadRecord, readRecord } from '../support/kafka-reader';
import { bootstrap, kafkajs } from './kafka';

let groups = 0;

export interface ReadToEnd {
  /** The records the reader was given, sorted by partition then offset. */
  records: ReadRecord[];
  /** Each partition's high watermark when reading started (what it read up to). */
  highWatermarks: Map<number, number>;
}

/**
 * Reads every record of `topic` (all partitions) from the beginning up to the high watermarks it has now, as a
 * `read_committed` reader (`readUncommitted: false`) or a `read_uncommitted` one, from the harness's broker or the
 * cluster at `servers`. Fails if that end is not reached in `timeoutMs` (e.g. a transaction still open holds a
 * read_committed reader back at its first offset).
 */
export async function readToEnd(
  topic: string,
  { readUncommitted, timeoutMs = 20_000, servers = bootstrap() }: { readUncommitted: boolean; timeoutMs?: number; servers?: string },
): Promise<ReadToEnd> {
  const kafka = kafkajs(servers);
  const admin = kafka.admin();
  await admin.connect();
  const highWatermarks = new Map<number, number>();
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) highWatermarks.set(p.partition, Number(p.high));
  } finally {
    await admin.disconnect();
  }
  const isolation = readUncommitted ? 'read_uncommitted' : 'read_committed';
  const records: ReadRecord[] = [];
  const position = new Map<number, number>(); // the last offset read (or skipped) of each partition
  const done = () => [...highWatermarks].every(([partition, high]) => high === 0 || (position.get(partition) ?? -1) >= high - 1);
  if (!done()) {
    const consumer = kafka.consumer({ groupId: `read-to-end-${process.pid}-${Date.now()}-${groups++}`, maxWaitTimeInMs: 100, readUncommitted });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const where = [...highWatermarks].map(([p, high]) => `partition ${p} at ${position.get(p) ?? 'none'} of ${high}`).join(', ');
          reject(new Error(`a ${isolation} reader of ${topic} did not reach the high watermarks in ${timeoutMs} ms: ${where}; ${records.length} records read`));
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
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              records.push(readRecord(partition, message));
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  }
  // Only what lies below the watermarks taken at the start: the log is this test's, nothing else writes to it.
  const below = records.filter((r) => r.offset < (highWatermarks.get(r.partition) ?? 0));
  return { records: below.sort((a, b) => a.partition - b.partition || a.offset - b.offset), highWatermarks };
}
