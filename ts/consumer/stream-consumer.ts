// StreamConsumer: `for await` over stream(), and recv(); never blocks the event loop. A native thread pulls each
// consumer-side queue in batches while JavaScript wants messages (at most one batch ahead, A7); each queue's
// MessageQueue hands them out in order. What read-ahead must not show (A8, A9) is handled here.
import type { ClientConfig, ConfigEntries } from '../config';
import { KafkaError } from '../errors';
import type { NativeConsumeBatch } from '../native';
import { objectArg, partitionNumber, topicName, wholeNumber } from '../validate';
import type { ConsumerContext } from './context';
import { Consumer, insideRebalanceHook } from './consumer';
import type { Message } from './message';
import { MessageQueue, type QueueOwner, type ReceiveOptions } from './message-queue';
import { partitionKey } from './topic-partition';

export type { ReceiveOptions } from './message-queue';

/** Options of `batches()`. */
export interface BatchOptions extends ReceiveOptions {
  /** The most messages in one batch (default: the consumer's `maxBatchSize`). */
  maxMessages?: number;
}

function batchSize(options: BatchOptions, otherwise: number): number {
  return options.maxMessages === undefined ? otherwise : wholeNumber(options.maxMessages, 'options.maxMessages', 1, 1 << 20);
}

/** Options of a StreamConsumer. */
export interface StreamConsumerOptions {
  /**
   * The most messages pulled from librdkafka in one go (default 1000; fewer when they are large: a batch holds about
   * 1 MiB of keys and payloads), and so about the most read ahead of the application. Larger: fewer wake-ups;
   * smaller: less memory and less work thrown away on a seek, pause or revoke.
   */
  maxBatchSize?: number;
}

const DEFAULT_MAX_BATCH = 1000;
// How often close() checks whether leaving the group is done.
const CLOSE_CHECK_MS = 10;

/**
 * A partition's messages, split off a StreamConsumer's stream (`consumer.splitPartitionQueue`): they come only
 * here, from the same native thread. The consumer's own stream must still be consumed (it carries the
 * rebalances); an assign ends the split (split again after each). `close()` sends the partition's messages back to
 * the consumer's stream.
 */
export class StreamPartitionQueue implements AsyncIterable<Message> {
  readonly #queue: MessageQueue;
  readonly #close: () => void;
  readonly #maxBatchSize: number;

  /** @internal */
  constructor(
    /** The topic. */
    readonly topic: string,
    /** The partition. */
    readonly partition: number,
    queue: MessageQueue,
    close: () => void,
    maxBatchSize: number,
  ) {
    this.#queue = queue;
    this.#close = close;
    this.#maxBatchSize = maxBatchSize;
  }

  /** As `StreamConsumer.stream`, for this partition. */
  stream(options: ReceiveOptions = {}): AsyncIterableIterator<Message> {
    objectArg(options, 'options');
    return this.#queue.stream(options.signal);
  }

  /** `for await (const m of queue)`: the same as `stream()`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Message> {
    return this.stream();
  }

  /** As `StreamConsumer.batches`, for this partition. */
  batches(options: BatchOptions = {}): AsyncIterableIterator<Message[]> {
    objectArg(options, 'options');
    return this.#queue.batches(options.signal, batchSize(options, this.#maxBatchSize));
  }

  /** As `StreamConsumer.recv`, for this partition. */
  recv(options: ReceiveOptions = {}): Promise<Message> {
    objectArg(options, 'options');
    return this.#queue.recv(options.signal);
  }

  /** Messages read ahead and not handed out yet. */
  get bufferedCount(): number {
    return this.#queue.bufferedCount;
  }

  /** Sends the partition's messages back to the consumer's stream, from the first one not handed out here. Idempotent. */
  close(): void {
    this.#close();
  }
}

/**
 * A consumer for `for await` (rust-rdkafka's StreamConsumer): a native thread fetches messages in batches while
 * they are wanted; iteration, `recv()`, rebalance hooks and callbacks run on the JS main thread. Consumer errors
 * are thrown by the iterator (the consumer goes on: a new `stream()` continues after the error).
 *
 * @example
 * const consumer = new StreamConsumer({ 'bootstrap.servers': 'localhost:9092', 'group.id': 'billing', 'enable.auto.commit': false });
 * consumer.subscribe(['orders']);
 * for await (const message of consumer.stream({ signal })) {
 *   await handle(JSON.parse(message.payload!.toString()));
 *   await consumer.commitMessage(message, CommitMode.Async);
 * }
 */
export class StreamConsumer extends Consumer implements AsyncIterable<Message> {
  readonly #maxBatchSize: number;
  readonly #main: MessageQueue;
  readonly #splits = new Map<number, MessageQueue>();
  readonly #owner: QueueOwner;
  #active = false;
  /** Batches extracted before these epochs are stale for these partitions (A9). */
  readonly #dropBefore = new Map<string, number>();
  #dropAllBefore = 0;
  #fatal: KafkaError | undefined;
  #leaving = false;
  #rearmScheduled = false;
  readonly #rearm = () => {
    this.#rearmScheduled = false;
    if (!this.handle.closed) this.native.rearm();
  };

  constructor(config?: ClientConfig | ConfigEntries, context?: ConsumerContext, options: StreamConsumerOptions = {}) {
    objectArg(options, 'options');
    const maxBatchSize = options.maxBatchSize === undefined ? DEFAULT_MAX_BATCH : wholeNumber(options.maxBatchSize, 'options.maxBatchSize', 1, 1 << 20);
    super({ config, context, stream: true, maxBatchSize });
    this.#maxBatchSize = maxBatchSize;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const consumer = this;
    this.#owner = {
      want: (id, waiting) => {
        if (!this.handle.closed) this.native.want(waiting, id);
      },
      assertOpen: () => this.assertOpen(),
      get fatal() {
        return consumer.#fatal;
      },
      get ending() {
        return consumer.isClosing || consumer.handle.closed;
      },
      handedOut: (message) => this.handedOut(message),
      consumerError: (event) => {
        const error = this.consumerError(event);
        if (error.isFatal) this.#fatal = error;
        return error;
      },
      rebalance: (event) => this.handleRebalance(event, true),
      demandChanged: () => this.#updateActive(),
      insideHook: insideRebalanceHook,
    };
    this.#main = new MessageQueue(this.#owner, 0, maxBatchSize);
    this.native.onBatch = (batch) => this.#onBatch(batch);
  }

  /**
   * An async iterator of messages; it never ends by itself. Several may run at once: each message goes to one of
   * them. Leaving the loop (`break`, a throw, an abort) loses nothing: the next `stream()` or `recv()` goes on with
   * the next message. Consumer errors are thrown; the iterator then ends, and a new one continues after the error.
   */
  stream(options: ReceiveOptions = {}): AsyncIterableIterator<Message> {
    objectArg(options, 'options');
    return this.#main.stream(options.signal);
  }

  /** `for await (const m of consumer)`: the same as `stream()`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Message> {
    return this.stream();
  }

  /**
   * The batch form of `stream()`: each step is every message read ahead in a row (at least one, at most
   * `maxMessages`), as they come: the cost per message of a `for await` step is paid once per batch. Messages are
   * handed out, and with `enable.auto.offset.store` their offsets stored, a batch at a time; consumer errors are
   * thrown after the messages before them; everything else is as `stream()`.
   *
   * @example
   * for await (const batch of consumer.batches({ signal })) {
   *   await db.insertMany(batch.map((m) => JSON.parse(m.payload!.toString())));
   *   // With enable.auto.commit=false: the batch's offsets were stored as it was handed out.
   *   await consumer.commitConsumerState(CommitMode.Async);
   * }
   */
  batches(options: BatchOptions = {}): AsyncIterableIterator<Message[]> {
    objectArg(options, 'options');
    return this.#main.batches(options.signal, batchSize(options, this.#maxBatchSize));
  }

  /** The next message (consumer errors reject, and the consumer goes on); rejects `Closed` when the consumer closes first. */
  recv(options: ReceiveOptions = {}): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      objectArg(options, 'options');
      this.#main.recv(options.signal).then(resolve, reject);
    });
  }

  /** Messages read ahead and not handed out yet: at most about one batch (`maxBatchSize`) more than iterators wait for. */
  get bufferedCount(): number {
    let count = this.#main.bufferedCount;
    for (const queue of this.#splits.values()) count += queue.bufferedCount;
    return count;
  }

  /**
   * Splits a partition's messages off into a queue of their own (rust-rdkafka's `split_partition_queue`); null
   * without a group. The consumer's `stream()` must still be consumed: it carries the rebalances.
   */
  splitPartitionQueue(topic: string, partition: number): StreamPartitionQueue | null {
    this.assertOpen();
    const name = topicName(topic, 'topic');
    const index = partitionNumber(partition, 'partition');
    const id = this.#rewindingHold(name, index, (first) => {
      // What the consumer's stream read ahead of the partition is fetched again, for the new queue.
      const split = this.native.splitPartitionQueue(name, index);
      if (split !== 0 && first !== undefined) this.native.seekNow([[name, index, first, null]]);
      return split;
    });
    if (id === 0) return null;
    const queue = new MessageQueue(this.#owner, id, this.#maxBatchSize);
    this.#splits.set(id, queue);
    let closed = false;
    return new StreamPartitionQueue(name, index, queue, () => {
      if (closed || this.handle.closed) return;
      closed = true;
      this.#rewindingHold(name, index, (first) => {
        queue.end(this.handle.closedError(), false);
        this.#splits.delete(id);
        this.native.closePartitionQueue(id);
        if (first !== undefined) this.native.seekNow([[name, index, first, null]]);
      });
    }, this.#maxBatchSize);
  }

  /**
   * Holds extraction for `command`, which gets the first offset of the partition read ahead and not handed out (the
   * point to rewind to), found once everything popped is buffered and before it is dropped.
   */
  #rewindingHold<T>(topic: string, partition: number, command: (first: number | undefined) => T): T {
    let first: number | undefined;
    const key = partitionKey(topic, partition);
    return this.withExtractionHeld(new Set([key]), () => command(first), () => {
      first = this.firstBufferedOffset(topic, partition);
    });
  }

  /** @internal How many times the native thread has woken JavaScript (for tests: no spurious wake-ups). */
  wakeCount(): number {
    return this.native.wakeCount();
  }

  #onBatch(batch: NativeConsumeBatch): void {
    // The next wake-up waits until the event loop has had its turn: timers and I/O run between batches, however
    // fast they come (src/client/poll_thread.h, RearmsByHand).
    if (!this.#rearmScheduled) {
      this.#rearmScheduled = true;
      setImmediate(this.#rearm);
    }
    this.dispatchMain(batch);
    if (this.handle.closed) return;
    // A8: what was handed out is pushed to librdkafka once per batch.
    this.storeHandedOut();
    this.#buffer(batch, true);
  }

  #buffer(batch: NativeConsumeBatch, handOut: boolean): void {
    const queue = batch.queue === 0 ? this.#main : this.#splits.get(batch.queue);
    if (queue === undefined || batch.partitions.length + batch.controls.length === 0) return;
    const { epoch } = batch;
    const clean = epoch >= this.#dropAllBefore && this.#dropBefore.size === 0;
    queue.push(batch, clean ? undefined : (topic, partition) => epoch >= Math.max(this.#dropAllBefore, this.#dropBefore.get(partitionKey(topic, partition)) ?? 0), handOut);
  }

  #updateActive(): void {
    if (this.handle.closed) return;
    // Only what is awaited keeps the process alive (A16).
    let active = this.#leaving || this.#main.waiting;
    for (const queue of this.#splits.values()) active ||= queue.waiting;
    if (active !== this.#active) {
      this.#active = active;
      this.native.setActive(active);
    }
  }

  // ---- Offsets and read-ahead (A8, A9) ------------------------------------------------------------------

  /** @internal */
  protected override firstBufferedOffset(topic: string, partition: number): number | undefined {
    const first = this.#main.firstBufferedOffset(topic, partition);
    if (first !== undefined) return first;
    for (const queue of this.#splits.values()) {
      const offset = queue.firstBufferedOffset(topic, partition);
      if (offset !== undefined) return offset;
    }
    return undefined;
  }

  /** @internal */
  protected override withExtractionHeld<T>(partitions: 'all' | Set<string>, command: () => T, beforeDrop?: () => void): T {
    const epoch = this.native.holdExtraction();
    let result: T;
    try {
      // Batches gathered before the hold, not dispatched yet, are buffered now: every message popped from
      // librdkafka is then in a buffer, and a rewind can start from the first one not handed out. Their
      // main-queue events are dispatched after this call, not inside it.
      for (const batch of this.native.takeBatches()) {
        this.#buffer(batch, false);
        queueMicrotask(() => this.dispatchMain(batch));
      }
      beforeDrop?.();
      if (partitions === 'all') this.#dropAllBefore = epoch;
      else for (const key of partitions) this.#dropBefore.set(key, epoch);
      this.#main.drop(partitions);
      for (const queue of this.#splits.values()) queue.drop(partitions);
      result = command();
    } catch (error) {
      this.native.releaseExtraction();
      this.#handOutLater();
      throw error;
    }
    this.#handOutLater();
    if (result instanceof Promise) {
      return result.finally(() => {
        if (!this.handle.closed) this.native.releaseExtraction();
      }) as T;
    }
    this.native.releaseExtraction();
    return result;
  }

  /** What was buffered while extraction was held is handed out once the caller's call is done. */
  #handOutLater(): void {
    queueMicrotask(() => {
      if (this.handle.closed) return;
      for (const queue of [this.#main, ...this.#splits.values()]) {
        queue.pump();
        queue.updateDemand();
      }
    });
  }

  // ---- Closing (A15) ------------------------------------------------------------------------------------

  /** @internal */
  protected async leaveGroup(timeoutMs: number): Promise<boolean> {
    // Iterators end, recv() calls reject; what was read ahead is dropped without storing (the next owner gets it).
    const closed = this.handle.closedError();
    for (const queue of this.#splits.values()) queue.end(closed, false);
    this.storeHandedOut();
    let left = true;
    if (this.hasGroup && !this.handle.closed && this.native.closeConsumer() === null) {
      this.#leaving = true;
      this.#main.end(closed, true);
      left = await this.#left(timeoutMs);
    } else {
      this.#main.end(closed, false);
    }
    this.#leaving = false;
    if (!this.handle.closed) this.native.setActive(false);
    return left;
  }

  /** Resolves true once librdkafka says the consumer is closed (the final revoke answered), false after `timeoutMs`. */
  #left(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve) => {
      const check = () => {
        if (this.handle.closed) return resolve(true);
        if (!this.#main.handling && this.native.consumerClosed()) return resolve(true);
        if (Date.now() >= deadline) return resolve(false);
        setTimeout(check, CLOSE_CHECK_MS);
      };
      check();
    });
  }
}
