// BaseConsumer: the user polls, on the JS thread (rust-rdkafka's BaseConsumer, A14). poll() serves the main queue
// (callbacks, commit results), then waits on the consumer queue; rebalance hooks run inside it.
import type { ClientConfig, ConfigEntries } from '../config';
import { ConsumerEventKind, type NativeConsumeBatch } from '../native';
import { toTimeoutMs } from '../timeout';
import { partitionNumber, topicName } from '../validate';
import type { ConsumerContext } from './context';
import { Consumer } from './consumer';
import { type Message, messagesOf } from './message';

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
  constructor(config?: ClientConfig | ConfigEntries, context?: ConsumerContext) {
    super({ config, context, stream: false, maxBatchSize: 1 });
  }

  /**
   * Waits up to `timeoutMs` (default 0; `Timeout.Never`: until a message or an error) for the next message. Returns
   * null at the deadline, and at once after serving a rebalance or a commit result (rust-rdkafka 0.36.2), unless the
   * timeout is `Timeout.Never`. Consumer errors (including `PartitionEOF`) are thrown.
   */
  poll(timeoutMs = 0): Message | null {
    this.assertOpen();
    const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
    const deadline = timeout < 0 ? Infinity : Date.now() + timeout;
    for (;;) {
      const left = timeout < 0 ? -1 : Math.max(0, deadline - Date.now());
      const batch = this.native.poll(left);
      if (batch === null) {
        if (timeout < 0) continue;
        return null;
      }
      const outcome = this.#serve(batch);
      if (outcome !== undefined) return outcome;
      if (this.handle.closed) return null; // a callback closed the consumer
      if (timeout >= 0 && (batch.controls.length > 0 || batch.commits.length > 0)) return null;
      if (left === 0) return null;
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
    const id = this.native.splitPartitionQueue(name, index);
    if (id === 0) return null;
    let closed = false;
    const poll = (timeoutMs: number): Message | null => {
      this.assertOpen();
      if (closed) throw new TypeError('this partition queue is closed');
      const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
      const batch = this.native.pollQueue(id, timeout);
      return batch === null ? null : this.#serve(batch) ?? null;
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

  /** A message, or undefined after serving what else the batch held; throws a consumer error. */
  #serve(batch: NativeConsumeBatch): Message | undefined {
    this.dispatchMain(batch);
    if (batch.partitions.length > 0) return messagesOf(batch, () => true)[0] ?? undefined;
    for (const event of batch.controls) {
      if (event[1] === ConsumerEventKind.ConsumerError) throw this.consumerError(event);
      // Synchronous: hooks run inside this call (a Promise they return is not awaited, and reported).
      void this.handleRebalance(event, false);
    }
    return undefined;
  }

  /** @internal */
  protected async leaveGroup(timeoutMs: number): Promise<boolean> {
    if (this.hasGroup && !this.handle.closed && this.native.closeConsumer() === null) {
      const deadline = Date.now() + timeoutMs;
      // The final revoke comes through the consumer queue: served here, its hooks run.
      while (!this.handle.closed && !this.native.consumerClosed()) {
        if (Date.now() >= deadline) return false;
        // Messages nobody will be handed are dropped unread: reading one would store its offset.
        const batch = this.native.poll(0, true);
        if (batch !== null) {
          this.dispatchMain(batch);
          for (const event of batch.controls) {
            if (event[1] !== ConsumerEventKind.ConsumerError) void this.handleRebalance(event, false);
          }
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, CLOSE_SERVE_MS));
      }
    }
    return true;
  }
}
