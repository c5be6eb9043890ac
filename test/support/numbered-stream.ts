// A numbered stream of messages written to a topic while faults play out, and what became of each message: the
// consumer fault tests (test/faults/, test/kafka/) check what consumers read against it. Message `seq` has payload
// `${seq}` and key `key-${seq}`, and goes to partition `seq % partitions`; its delivery report says where it is.
import { type ConfigEntries, type PartitionMetadata, ThreadedProducer } from 'rdkafka-napi';

export interface NumberedStreamOptions {
  /** The topic's partition count: message `seq` goes to partition `seq % partitions`. */
  partitions: number;
  /** Messages sent per tick, and the tick: the stream's pace (default 5 every 10 ms, about 500 a second). */
  perTick?: number;
  tickMs?: number;
  /** Added to the producer's configuration (idempotent, acks=all, linger 5 ms by default). */
  producer?: ConfigEntries;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An idempotent ThreadedProducer sending `seq` = 0, 1, 2, ... at a steady pace from `start()` until `stop()`, and the
 * ledger of its delivery reports. Idempotence keeps the log free of duplicates through the faults, so that what a
 * consumer reads twice is the consumer's doing.
 */
export class NumberedStream {
  sent = 0;
  /** `partition:offset` → the seq delivered there. */
  readonly delivered = new Map<string, number>();
  /** Per partition: when each of its deliveries was reported (ms), in report order. */
  readonly reportTimes: number[][];
  /** seq → why its delivery failed. */
  readonly failed = new Map<number, string>();
  /** The producer's global errors (a broker down shows here). */
  readonly clientErrors: string[] = [];
  readonly #producer: ThreadedProducer<number>;
  readonly #topic: string;
  readonly #partitions: number;
  readonly #perTick: number;
  readonly #tickMs: number;
  #sending: Promise<void> | undefined;
  #stopping = false;
  #waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(bootstrapServers: string, topic: string, options: NumberedStreamOptions) {
    this.#topic = topic;
    this.#partitions = options.partitions;
    this.#perTick = options.perTick ?? 5;
    this.#tickMs = options.tickMs ?? 10;
    this.reportTimes = Array.from({ length: options.partitions }, () => []);
    this.#producer = new ThreadedProducer<number>(
      {
        'bootstrap.servers': bootstrapServers,
        'enable.idempotence': true,
        acks: 'all',
        'linger.ms': 5,
        // Longer than any fault lasts: with idempotence every message is retried until written, none may fail.
        'message.timeout.ms': 120_000,
        'reconnect.backoff.max.ms': 500,
        ...options.producer,
      },
      {
        log: () => {},
        error: (error, reason) => void this.clientErrors.push(`${error.code}: ${reason}`),
        delivery: (result, seq) => {
          if (result.error === null) {
            this.delivered.set(`${result.message.partition}:${result.message.offset}`, seq as number);
            this.reportTimes[result.message.partition].push(Date.now());
          } else {
            this.failed.set(seq as number, result.error.message);
          }
        },
      },
    );
  }

  static payload(seq: number): string {
    return `${seq}`;
  }

  static key(seq: number): string {
    return `key-${seq}`;
  }

  /** Starts sending in the background. */
  start(): void {
    this.#sending = (async () => {
      while (!this.#stopping) {
        for (let i = 0; i < this.#perTick; i++) {
          const seq = this.sent;
          this.#producer.send({ topic: this.#topic, partition: seq % this.#partitions, key: NumberedStream.key(seq), payload: NumberedStream.payload(seq), opaque: seq });
          this.sent++;
        }
        this.#waiters = this.#waiters.filter((w) => (this.sent >= w.count ? (w.resolve(), false) : true));
        await pause(this.#tickMs);
      }
    })();
  }

  /** Resolves once `count` messages have been sent in all. */
  sentReaches(count: number): Promise<void> {
    if (this.sent >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  /** Stops sending, and resolves once every message sent has its delivery report (flush), within `timeoutMs`. */
  async stop(timeoutMs = 60_000): Promise<void> {
    this.#stopping = true;
    await this.#sending;
    await this.#producer.flush(timeoutMs);
  }

  async close(): Promise<void> {
    this.#stopping = true;
    await this.#sending;
    await this.#producer.close();
  }

  /** The topic's partitions as the producer's metadata has them now, by partition id. */
  async partitions(): Promise<PartitionMetadata[]> {
    const metadata = await this.#producer.client.fetchMetadata(this.#topic, 5000);
    return [...metadata.topics[0].partitions].sort((a, b) => a.id - b.id);
  }

  /** The seq delivered at `partition:offset`, if any. */
  seqAt(partition: number, offset: number): number | undefined {
    return this.delivered.get(`${partition}:${offset}`);
  }

  /** How many messages were delivered to `partition` (offsets 0 to that minus 1, the topic being new). */
  deliveredTo(partition: number): number {
    return this.reportTimes[partition].length;
  }
}

/** The longest time between two consecutive `times` (sorted) that overlaps [from, to]. */
export function longestSilence(times: readonly number[], from: number, to: number): number {
  let longest = 0;
  // Times before the window count as its start: a stream silent since before the window is silent within it.
  let previous = from;
  for (const time of times) {
    if (time <= from) continue;
    if (time > to) {
      longest = Math.max(longest, to - previous);
      return longest;
    }
    longest = Math.max(longest, time - previous);
    previous = time;
  }
  return Math.max(longest, to - previous);
}

/** Offsets as runs, for messages: `0-49,51,53-99`. */
export function runs(offsets: readonly number[]): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i <= offsets.length; i++) {
    if (i === offsets.length || offsets[i] !== offsets[i - 1] + 1) {
      parts.push(start === i - 1 ? `${offsets[start]}` : `${offsets[start]}-${offsets[i - 1]}`);
      start = i;
    }
  }
  return parts.join(',');
}
