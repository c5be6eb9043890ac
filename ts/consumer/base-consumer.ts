// BaseConsumer: the user polls, on the JS thread (rust-rdkafka's BaseConsumer, A14). poll() serves the main queue
// (callbacks, commit results), then hands out the next message, reading a batch of them from the consumer queue
// when none is left (see PollBuffer); rebalance hooks run inside it.
import type { ClientConfig, ConfigEntries } from '../config';
import { ConsumerEventKind, type NativeConsumeBatch } from '../native';
import { toTimeoutMs } from '../timeout';
import { partitionNumber, topicName } from '../validate';
import type { ConsumerContext } from './context';
import { Consumer } from './consumer';
import { ConsumedMessage, type Message, messagesOf } from './message';
import { MAX_READ_AHEAD, PollBuffer } from './poll-buffer';
import { partitionKey } from './topic-partition';

// How long close() waits between serving the queues while leaving the group.
const CLOSE_SERVE_MS = 5;

/**
 * A partition's messages, split off a BaseConsumer (`consumer.splitPartitionQueue`): they come only from this
 * queue's `poll()`. The consumer's own `poll()` must still be called (it serves the rebalances); an assign ends the
 * split (split again after each). `close()` sends the partition's messages back to the consumer.
 */
export class PartitionQueue {
  readonly #poll: (timeoutMs: number) => Message | null;
  readonly #close: () => void;

  /** @internal */
  constructor(
    /** The topic. */
    readonly topic: string,
    /** The partition. */
    readonly partition: number,
    poll: (timeoutMs: number) => Message | null,
    close: () => void,
  ) {
    this.#poll = poll;
    this.#close = close;
  }

  /** As `BaseConsumer.poll`, for this partition: waits up to `timeoutMs` (default 0) for its next message. */
  poll(timeoutMs = 0): Message | null {
    return this.#poll(timeoutMs);
  }

  /** Sends the partition's messages back to the consumer. Idempotent. */
  close(): void {
    this.#close();
  }
}

/**
 * A consumer polled on the calling thread (rust-rdkafka's BaseConsumer): `poll(timeoutMs)` blocks the JS thread up
 * to the timeout, returns a message or null, throws consumer errors, and runs rebalance hooks and other callbacks
 * inside the call. For scripts, tests, and loops that want full control; services want the StreamConsumer.
 *
 * @example
 * const consumer = new BaseConsumer({ 'bootstrap.servers': 'localhost:9092', 'group.id': 'audit' });
 * consumer.subscribe(['orders']);
 * const message = consumer.poll(1000);
 */
export class BaseConsumer extends Consumer {
  readonly #buffer = new PollBuffer();
  /** Set by librdkafka when the main queue has events (commit results, logs, errors): poll() must serve them. */
  readonly #mainWaiting: Int32Array;

  constructor(config?: ClientConfig | ConfigEntries, context?: ConsumerContext) {
    super({ config, context, stream: false, maxBatchSize: 1 });
    this.#mainWaiting = new Int32Array(this.native.mainWaiting!);
  }

  /**
   * Waits up to `timeoutMs` (default 0; `Timeout.Never`: until a message or an error) for the next message. Returns
   * null at the deadline, and at once after serving a rebalance or a commit result (rust-rdkafka 0.36.2), unless the
   * timeout is `Timeout.Never`. Consumer errors (including `PartitionEOF`) are thrown.
   */
  poll(timeoutMs = 0): Message | null {
    // The common case, a message read ahead and nothing else to serve: no native call.
    if (this.#mainWaiting[0] === 0 && !this.isClosing && !this.handle.closed) {
      toTimeoutMs(timeoutMs, 'timeoutMs');
      const message = this.#buffer.nextMessage();
      if (message !== undefined) {
        this.handedOut(message);
        return message;
      }
    }
    this.assertOpen();
    const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
    const deadline = timeout < 0 ? Infinity : Date.now() + timeout;
    for (;;) {
      let served = false;
      if (this.#mainWaiting[0] !== 0) {
        // Main-queue events first (as rust-rdkafka's poll), without reading more messages.
        const batches = this.native.poll(0, false, 0);
        if (batches !== null) for (const batch of batches) served = this.#serveMain(batch) || served;
        if (this.handle.closed) return null; // a callback closed the consumer
      }
      const item = this.#buffer.next();
      if (item instanceof ConsumedMessage) {
        this.handedOut(item);
        return item;
      }
      if (item !== undefined) {
        if (item[1] === ConsumerEventKind.ConsumerError) throw this.consumerError(item);
        // Synchronous: hooks run inside this call (a Promise they return is not awaited, and reported).
        void this.handleRebalance(item, false);
        if (this.handle.closed || timeout >= 0) return null;
        continue;
      }
      if (served && timeout >= 0) return null;
      // Nothing read ahead: what was handed out is stored, then the next read.
      this.storeHandedOut();
      const left = timeout < 0 ? -1 : Math.max(0, deadline - Date.now());
      const batches = this.native.poll(left, false, this.#buffer.readSize());
      if (batches === null) {
        if (timeout < 0) continue;
        return null;
      }
      for (const batch of batches) served = this.#serveMain(batch) || served;
      this.#buffer.push(batches);
      if (this.handle.closed) return null;
      if (this.#buffer.empty && (left === 0 || (served && timeout >= 0))) return null;
    }
  }

  /**
   * Splits a partition's messages off into a queue of their own (rust-rdkafka's `split_partition_queue`); null
   * without a group. The consumer's own `poll()` must still be called: it serves the rebalances.
   */
  splitPartitionQueue(topic: string, partition: number): PartitionQueue | null {
    this.assertOpen();
    const name = topicName(topic, 'topic');
    const index = partitionNumber(partition, 'partition');
    // What the consumer read ahead of the partition is read again, from the new queue.
    let first: number | undefined;
    const id = this.withExtractionHeld(
      new Set([partitionKey(name, index)]),
      () => {
        const split = this.native.splitPartitionQueue(name, index);
        if (split !== 0 && first !== undefined) this.native.seekNow([[name, index, first, null]]);
        return split;
      },
      () => {
        first = this.firstBufferedOffset(name, index);
      },
    );
    if (id === 0) return null;
    let closed = false;
    const poll = (timeoutMs: number): Message | null => {
      this.assertOpen();
      if (closed) throw new TypeError('this partition queue is closed');
      const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
      // One message at a time: nothing is read ahead of a partition queue.
      const batches = this.native.pollQueue(id, timeout, 1);
      if (batches === null) return null;
      let message: Message | null = null;
      for (const batch of batches) message = this.#serveOne(batch) ?? message;
      return message;
    };
    return new PartitionQueue(name, index, poll, () => {
      if (closed || this.handle.closed) return;
      closed = true;
      this.native.closePartitionQueue(id);
    });
  }

  /** Rust's endless blocking iterator: `poll(Timeout.Never)` forever. Blocks the event loop: scripts and tests only. */
  *iter(): IterableIterator<Message> {
    for (;;) {
      const message = this.poll(Infinity);
      if (message !== null) yield message;
    }
  }

  /** @internal */
  protected override firstBufferedOffset(topic: string, partition: number): number | undefined {
    return this.#buffer.firstOffset(topic, partition);
  }

  /** @internal No thread reads ahead here: the command runs once what was read ahead of the partitions is dropped. */
  protected override withExtractionHeld<T>(partitions: 'all' | Set<string>, command: () => T, beforeDrop?: () => void): T {
    beforeDrop?.();
    this.#buffer.drop(partitions);
    return command();
  }

  /** A batch's main-queue events; true when it held a commit result. */
  #serveMain(batch: NativeConsumeBatch): boolean {
    this.dispatchMain(batch);
    return batch.commits.length > 0;
  }

  /** A partition queue's batch (one message at most): the message, or undefined after serving what else it held. */
  #serveOne(batch: NativeConsumeBatch): Message | undefined {
    this.dispatchMain(batch);
    if (batch.partitions.length > 0) {
      const message = messagesOf(batch, () => true)[0]!;
      this.handedOut(message);
      return message;
    }
    for (const event of batch.controls) {
      if (event[1] === ConsumerEventKind.ConsumerError) throw this.consumerError(event);
    }
    return undefined;
  }

  /** @internal */
  protected async leaveGroup(timeoutMs: number): Promise<boolean> {
    // What was handed out is stored (auto commit commits it as the group is left); what was read ahead goes unread.
    this.storeHandedOut();
    this.#buffer.clear();
    if (this.hasGroup && !this.handle.closed && this.native.closeConsumer() === null) {
      const deadline = Date.now() + timeoutMs;
      // The final revoke comes through the consumer queue: served here, its hooks run.
      while (!this.handle.closed && !this.native.consumerClosed()) {
        if (Date.now() >= deadline) return false;
        // Messages nobody will be handed are dropped unread.
        const batches = this.native.poll(0, true, MAX_READ_AHEAD);
        if (batches !== null) {
          for (const batch of batches) {
            this.dispatchMain(batch);
            for (const event of batch.controls) {
              if (event[1] !== ConsumerEventKind.ConsumerError) void this.handleRebalance(event, false);
            }
          }
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, CLOSE_SERVE_MS));
      }
    }
    return true;
  }
}
