// The application of the group fault tests (test/faults/group-commit-after-processing.test.ts): a StreamConsumer
// member of a group that processes each message, then commits it, as rust-rdkafka's guide does (enable.auto.commit
// false; CommitMode.Sync awaited before the next message, or CommitMode.Async whose outcome comes to commitCallback).
// It runs in the test's process, in a worker thread or in a child process, and writes what it does to a journal, each
// entry written before the step it records has any effect outside the member (a message is journaled as processed
// before its commit is sent), so that the journal of a member that crashes says everything it did:
//   - in the test's process: an array;
//   - in a worker thread: a SharedArrayBuffer, which outlives worker.terminate();
//   - in a child process: lines written synchronously to stdout (a pipe), which outlive SIGKILL.
import * as fs from 'fs';
import { CommitMode, type ConfigEntries, type KafkaError, StreamConsumer } from 'rdkafka-napi';

/** What an entry records. */
export const Step = {
  /** A message handed to the application and processed: `offset`, `value` its payload (a seq number). */
  Processed: 1,
  /** A commit sent for `offset` (the next offset to consume: the processed message's offset + 1). */
  CommitSent: 2,
  /** The broker acknowledged the commit of `offset`. */
  CommitOk: 3,
  /** The commit of `offset` failed: `value` is the error's code. */
  CommitFailed: 4,
  /** The partition was assigned to the member (preRebalance). */
  Assigned: 5,
  /** The partition was revoked (preRebalance): `value` 1 if it was lost. */
  Revoked: 6,
  /** The iterator threw: `value` is the error's code (the member goes on with a new stream()). */
  Thrown: 7,
} as const;

export interface Entry {
  step: number;
  partition: number;
  offset: number;
  value: number;
  /** Date.now() when written (one clock for every process of the machine). */
  t: number;
}

/** Writes one journal entry, synchronously. */
export type Write = (step: number, partition: number, offset: number, value: number) => void;

export interface MemberOptions {
  bootstrapServers: string;
  topic: string;
  groupId: string;
  commit: 'sync' | 'async';
  /** Consumer configuration on top of the member's own (a group member with commit after processing). */
  config?: ConfigEntries;
  /** How long processing a message takes (ms, default 1). */
  processMs?: number;
}

export interface RunningMember {
  consumer: StreamConsumer;
  /** Stops taking messages once the one at hand is processed and committed; resolves when the loop has ended. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a member: subscribes, then processes and commits each message in turn until stopped. */
export function startMember(options: MemberOptions, write: Write): RunningMember {
  const { topic, commit } = options;
  const consumer = new StreamConsumer(
    {
      'bootstrap.servers': options.bootstrapServers,
      'group.id': options.groupId,
      'enable.auto.commit': false,
      'auto.offset.reset': 'earliest',
      ...options.config,
    },
    {
      log: () => {},
      error: () => {},
      preRebalance(rebalance) {
        if (rebalance.kind === 'assign') for (const tp of rebalance.partitions) write(Step.Assigned, tp.partition, -1, 0);
        if (rebalance.kind === 'revoke') for (const tp of rebalance.partitions) write(Step.Revoked, tp.partition, -1, rebalance.lost ? 1 : 0);
      },
      // Async commits learn their fate here (sync ones from their promise; they come here too, and are ignored).
      commitCallback(error, offsets) {
        if (commit !== 'async') return;
        for (const tp of offsets) {
          const failure = error ?? tp.error ?? null;
          write(failure === null ? Step.CommitOk : Step.CommitFailed, tp.partition, tp.offset as number, failure?.code ?? 0);
        }
      },
    },
    { maxBatchSize: 20 },
  );
  consumer.subscribe([topic]);
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      try {
        for await (const message of consumer.stream({ signal: stop.signal })) {
          await sleep(options.processMs ?? 1); // the processing
          write(Step.Processed, message.partition, message.offset, Number(message.payload?.toString()));
          write(Step.CommitSent, message.partition, message.offset + 1, 0);
          if (commit === 'sync') {
            try {
              await consumer.commitMessage(message, CommitMode.Sync);
              write(Step.CommitOk, message.partition, message.offset + 1, 0);
            } catch (error) {
              write(Step.CommitFailed, message.partition, message.offset + 1, (error as KafkaError).code);
            }
          } else {
            await consumer.commitMessage(message, CommitMode.Async);
          }
        }
      } catch (error) {
        if ((error as KafkaError).kind === 'Closed') return;
        write(Step.Thrown, -1, -1, (error as KafkaError).code ?? 0);
      }
    }
  })();
  return {
    consumer,
    stop: async () => {
      stop.abort();
      await loop;
    },
  };
}

/** A journal in memory (a member in the test's own process). */
export function arrayWriter(entries: Entry[]): Write {
  return (step, partition, offset, value) => void entries.push({ step, partition, offset, value, t: Date.now() });
}

const FIELDS = 5;
const HEADER_BYTES = 8;

/** Shared memory for `capacity` entries (a member in a worker thread). */
export function sharedJournal(capacity: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + capacity * FIELDS * 8);
}

/** Writes entries to a shared journal: the fields first, then the count, so a reader never sees half an entry. */
export function sharedWriter(buffer: SharedArrayBuffer): Write {
  const count = new Int32Array(buffer, 0, 1);
  const fields = new Float64Array(buffer, HEADER_BYTES);
  return (step, partition, offset, value) => {
    const at = Atomics.load(count, 0);
    if ((at + 1) * FIELDS > fields.length) throw new Error('the shared journal is full');
    fields.set([step, partition, offset, value, Date.now()], at * FIELDS);
    Atomics.store(count, 0, at + 1);
  };
}

/** Reads the entries of a shared journal written since the last call. */
export function sharedReader(buffer: SharedArrayBuffer): () => Entry[] {
  const count = new Int32Array(buffer, 0, 1);
  const fields = new Float64Array(buffer, HEADER_BYTES);
  let read = 0;
  return () => {
    const entries: Entry[] = [];
    for (const end = Atomics.load(count, 0); read < end; read++) {
      const [step, partition, offset, value, t] = fields.subarray(read * FIELDS, (read + 1) * FIELDS);
      entries.push({ step, partition, offset, value, t });
    }
    return entries;
  };
}

/** Writes entries as lines to a file descriptor, synchronously (a member in a child process: its stdout, a pipe). */
export function lineWriter(fd: number): Write {
  return (step, partition, offset, value) => void fs.writeSync(fd, `${step} ${partition} ${offset} ${value} ${Date.now()}\n`);
}

/** Reads the lines of {@link lineWriter} as they come in chunks: returns the entries of each whole line. */
export function lineReader(): (chunk: string) => Entry[] {
  let rest = '';
  return (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() as string;
    return lines.map((line) => {
      const [step, partition, offset, value, t] = line.split(' ').map(Number);
      return { step, partition, offset, value, t };
    });
  };
}
