// StreamConsumer: `for await` over stream(), and recv(); never blocks the event loop. A native thread pulls
// the consumer queue in batches while JavaScript wants messages (at most one batch ahead, A7); this file turns the
// batches into one ordered buffer of messages and control events, shared by every iterator and recv() (A2).
import type { ClientConfig, ConfigEntries } from '../config';
import { reportUncaught } from '../client/context';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { ConsumerEventKind, type NativeConsumeBatch, type NativeConsumerEvent, type NativePartitionIn } from '../native';
import { objectArg, wholeNumber } from '../validate';
import type { ConsumerContext } from './context';
import { Consumer, insideRebalanceHook } from './consumer';
import { ConsumedMessage, type Message, messagesOf } from './message';
import { partitionKey } from './topic-partition';

/** Options of a StreamConsumer. */
export interface StreamConsumerOptions {
  /**
   * Messages pulled from librdkafka in one go, and so the most read ahead of the application (default 500). Larger:
   * fewer wake-ups; smaller: less memory and less work thrown away on a seek, pause or revoke.
   */
  maxBatchSize?: number;
}

/** Options of `stream()` and `recv()`. */
export interface ReceiveOptions {
  /** Aborting it ends the iteration normally (`done`), or rejects `recv()` with an `AbortError`. */
  signal?: AbortSignal;
}

const DEFAULT_MAX_BATCH = 500;
// How often close() checks whether leaving the group is done.
const CLOSE_CHECK_MS = 10;

interface Waiter {
  resolve(message: Message): void;
  reject(error: unknown): void;
  /** Iterators end (`done`) on close and abort; recv() rejects instead. */
  end?(): void;
  cleanup?(): void;
}

type Item = ConsumedMessage | NativeConsumerEvent;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
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
  /** Messages and control events in queue order; those before #head are gone. */
  #items: Item[] = [];
  #head = 0;
  #bufferedMessages = 0;
  readonly #waiters: Waiter[] = [];
  /** Iterators not finished: while one is active, one batch is read ahead. */
  #iterators = 0;
  /** A rebalance event is being handled: iteration waits. */
  #handling = false;
  /** The thread may pull a batch (want() called, no batch since). */
  #pulling = false;
  #lastWaiting = false;
  #active = false;
  /** Offsets (next to consume) of messages handed out, not yet pushed to librdkafka (A8). */
  readonly #pendingStores = new Map<string, NativePartitionIn>();
  #storeScheduled = false;
  /** Batches extracted before these epochs are stale for these partitions (A9). */
  readonly #dropBefore = new Map<string, number>();
  #dropAllBefore = 0;
  #fatal: KafkaError | undefined;
  /** close() is leaving the group: the thread keeps pulling, messages are dropped, rebalances handled. */
  #leaving = false;

  constructor(config?: ClientConfig | ConfigEntries, context?: ConsumerContext, options: StreamConsumerOptions = {}) {
    objectArg(options, 'options');
    const maxBatchSize = options.maxBatchSize === undefined ? DEFAULT_MAX_BATCH : wholeNumber(options.maxBatchSize, 'options.maxBatchSize', 1, 1 << 20);
    super({ config, context, stream: true, maxBatchSize });
    this.#maxBatchSize = maxBatchSize;
    this.native.onBatch = (batch) => this.#onBatch(batch);
  }

  /**
   * An async iterator of messages; it never ends by itself. Several may run at once: each message goes to one of
   * them. Leaving the loop (`break`, a throw, an abort) loses nothing: the next `stream()` or `recv()` goes on with
   * the next message. Consumer errors are thrown; the iterator then ends, and a new one continues after the error.
   */
  stream(options: ReceiveOptions = {}): AsyncIterableIterator<Message> {
    objectArg(options, 'options');
    const signal = options.signal;
    this.assertOpen();
    let done = false;
    let pending: Waiter | undefined;
    this.#iterators++;
    const finish = () => {
      if (done) return;
      done = true;
      this.#iterators--;
      if (pending) this.#removeWaiter(pending);
      pending = undefined;
      this.#updateDemand();
    };
    const iterator: AsyncIterableIterator<Message> = {
      next: () =>
        new Promise<IteratorResult<Message>>((resolve, reject) => {
          if (done || this.isClosing || this.handle.closed || signal?.aborted) {
            finish();
            resolve({ done: true, value: undefined });
            return;
          }
          const waiter: Waiter = {
            resolve: (message) => {
              pending = undefined;
              resolve({ done: false, value: message });
            },
            reject: (error) => {
              pending = undefined;
              finish();
              reject(error);
            },
            end: () => {
              pending = undefined;
              finish();
              resolve({ done: true, value: undefined });
            },
          };
          pending = waiter;
          this.#addWaiter(waiter, signal);
        }),
      return: (value?: unknown) => {
        finish();
        return Promise.resolve({ done: true, value: value as Message });
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** `for await (const m of consumer)`: the same as `stream()`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Message> {
    return this.stream();
  }

  /** The next message (consumer errors reject, and the consumer goes on); rejects `Closed` when the consumer closes first. */
  recv(options: ReceiveOptions = {}): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      objectArg(options, 'options');
      this.assertOpen();
      this.#addWaiter({ resolve, reject }, options.signal);
    });
  }

  /** Messages read ahead and not handed out yet: at most about one batch (`maxBatchSize`) more than iterators are waiting for. */
  get bufferedCount(): number {
    return this.#bufferedMessages;
  }

  // ---- Waiters and the buffer ---------------------------------------------------------------------------

  #addWaiter(waiter: Waiter, signal: AbortSignal | undefined): void {
    if (insideRebalanceHook()) {
      waiter.reject(new KafkaError('Rebalance', RDKafkaErrorCode.State, { detail: 'messages cannot be received inside a rebalance hook: iteration waits for the hook' }));
      return;
    }
    if (this.#fatal) {
      waiter.reject(this.#fatal);
      return;
    }
    if (signal?.aborted) {
      if (waiter.end) waiter.end();
      else waiter.reject(abortError(signal));
      return;
    }
    if (signal) {
      const onAbort = () => {
        this.#removeWaiter(waiter);
        if (waiter.end) waiter.end();
        else waiter.reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiter.cleanup = () => signal.removeEventListener('abort', onAbort);
    }
    this.#waiters.push(waiter);
    this.#pump();
    this.#updateDemand();
  }

  #removeWaiter(waiter: Waiter): void {
    const at = this.#waiters.indexOf(waiter);
    if (at >= 0) this.#waiters.splice(at, 1);
    waiter.cleanup?.();
    this.#updateDemand();
  }

  #onBatch(batch: NativeConsumeBatch): void {
    this.dispatchMain(batch);
    const { controls } = batch;
    const count = batch.partitions.length;
    if (count + controls.length > 0) this.#pulling = false;
    if (this.handle.closed) return;
    // A8: what was handed out is pushed to librdkafka once per batch.
    this.storeHandedOut();
    if (count > 0 && !this.#leaving) {
      const { epoch } = batch;
      const clean = epoch >= this.#dropAllBefore && this.#dropBefore.size === 0;
      const messages = messagesOf(batch, clean ? () => true : (topic, partition) => epoch >= Math.max(this.#dropAllBefore, this.#dropBefore.get(partitionKey(topic, partition)) ?? 0));
      let control = 0;
      for (let i = 0; i < count; i++) {
        while (control < controls.length && controls[control][0] <= i) this.#pushControl(controls[control++]);
        const message = messages[i];
        if (message !== null) {
          this.#items.push(message);
          this.#bufferedMessages++;
        }
      }
      while (control < controls.length) this.#pushControl(controls[control++]);
    } else {
      for (const event of controls) this.#pushControl(event);
    }
    this.#pump();
    this.#updateDemand();
  }

  #pushControl(event: NativeConsumerEvent): void {
    // Leaving the group, only the final revoke matters.
    if (this.#leaving && event[1] === ConsumerEventKind.ConsumerError) return;
    this.#items.push(event);
  }

  /** Hands out what can be handed out, in order, until a waiter or a rebalance's answer is missing. */
  #pump(): void {
    while (!this.#handling && this.#head < this.#items.length) {
      const item = this.#items[this.#head];
      if (item instanceof ConsumedMessage) {
        const waiter = this.#waiters.shift();
        if (waiter === undefined) break;
        this.#head++;
        this.#bufferedMessages--;
        this.#handedOut(item);
        waiter.cleanup?.();
        waiter.resolve(item);
        continue;
      }
      if (item[1] === ConsumerEventKind.ConsumerError) {
        const waiter = this.#waiters.shift();
        if (waiter === undefined) break;
        this.#head++;
        const error = this.consumerError(item);
        if (error.isFatal) this.#fatal = error;
        waiter.cleanup?.();
        waiter.reject(error);
        continue;
      }
      // A rebalance is answered as soon as everything before it was handed out, iterated or not (A12).
      this.#head++;
      this.#handling = true;
      let handled: void | Promise<void>;
      try {
        handled = this.handleRebalance(item, true);
      } catch (error) {
        handled = Promise.reject(error);
      }
      Promise.resolve(handled)
        .catch(reportUncaught)
        .finally(() => {
          this.#handling = false;
          this.#pump();
          this.#updateDemand();
        });
      break;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Pulls a batch when one is wanted: someone waits, or an iterator is active and little is read ahead (A7). */
  #updateDemand(): void {
    if (this.handle.closed) return;
    const waiting = this.#waiters.length > 0;
    const wanted = !this.#handling && (this.#leaving || waiting || (this.#iterators > 0 && this.#bufferedMessages < this.#maxBatchSize / 2));
    if (wanted && (!this.#pulling || waiting !== this.#lastWaiting)) {
      this.#pulling = true;
      this.#lastWaiting = waiting;
      this.native.want(waiting || this.#leaving);
    }
    // Only what is awaited keeps the process alive (A16).
    const active = waiting || this.#leaving;
    if (active !== this.#active) {
      this.#active = active;
      this.native.setActive(active);
    }
  }

  // ---- Offsets and read-ahead (A8, A9) ------------------------------------------------------------------

  #handedOut(message: ConsumedMessage): void {
    if (!this.autoStore) return;
    this.#pendingStores.set(partitionKey(message.topic, message.partition), [message.topic, message.partition, message.offset + 1, null]);
    if (!this.#storeScheduled) {
      this.#storeScheduled = true;
      setImmediate(() => {
        this.#storeScheduled = false;
        this.storeHandedOut();
      }).unref();
    }
  }

  /** @internal */
  protected override storeHandedOut(): void {
    if (this.#pendingStores.size === 0 || this.handle.closed) return;
    const list = [...this.#pendingStores.values()];
    this.#pendingStores.clear();
    // A partition revoked meanwhile refuses its store (State): its new owner starts from the last commit.
    this.native.storeOffsets(list);
  }

  /** @internal */
  protected override firstBufferedOffset(topic: string, partition: number): number | undefined {
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i];
      if (item instanceof ConsumedMessage && item.partition === partition && item.topic === topic) return item.offset;
    }
    return undefined;
  }

  /** @internal */
  protected override withExtractionHeld<T>(partitions: 'all' | Set<string>, command: () => T): T {
    const epoch = this.native.holdExtraction();
    let result: T;
    try {
      this.#drop(partitions, epoch);
      result = command();
    } catch (error) {
      this.native.releaseExtraction();
      throw error;
    }
    if (result instanceof Promise) {
      const release = () => {
        if (!this.handle.closed) this.native.releaseExtraction();
      };
      return result.finally(release) as T;
    }
    this.native.releaseExtraction();
    return result;
  }

  /** @internal Pause drops the read-ahead of the paused partitions and rewinds them to the first message not handed out (A9). */
  protected override pausePartitions(list: NativePartitionIn[]): void {
    const rewinds: NativePartitionIn[] = [];
    for (const [topic, partition] of list) {
      const first = this.firstBufferedOffset(topic, partition);
      if (first !== undefined) rewinds.push([topic, partition, first, null]);
    }
    const keys = new Set(list.map(([t, p]) => partitionKey(t, p)));
    // Pause first, then seek: librdkafka would resume from the last message popped (#2557).
    this.withExtractionHeld(keys, () => {
      super.pausePartitions(list);
      if (rewinds.length > 0) this.native.seekNow(rewinds);
    });
  }

  #drop(partitions: 'all' | Set<string>, epoch: number): void {
    if (partitions === 'all') this.#dropAllBefore = epoch;
    else for (const key of partitions) this.#dropBefore.set(key, epoch);
    if (this.#bufferedMessages === 0) return;
    const kept: Item[] = [];
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i];
      if (item instanceof ConsumedMessage && (partitions === 'all' || partitions.has(partitionKey(item.topic, item.partition)))) {
        this.#bufferedMessages--;
        continue;
      }
      kept.push(item);
    }
    this.#items = kept;
    this.#head = 0;
  }

  // ---- Closing (A15) ------------------------------------------------------------------------------------

  /** @internal */
  protected async closing(timeoutMs: number): Promise<void> {
    // Iterators end, recv() calls reject; what was read ahead is dropped without storing (the next owner gets it).
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup?.();
      if (waiter.end) waiter.end();
      else waiter.reject(this.handle.closedError());
    }
    this.storeHandedOut();
    this.#items = this.#items.slice(this.#head).filter((item) => !(item instanceof ConsumedMessage) && item[1] !== ConsumerEventKind.ConsumerError);
    this.#head = 0;
    this.#bufferedMessages = 0;
    let timedOut = false;
    if (this.hasGroup && !this.handle.closed && this.native.closeConsumer() === null) {
      this.#leaving = true;
      this.#pump();
      this.#updateDemand();
      timedOut = !(await this.#left(timeoutMs));
    }
    this.#leaving = false;
    this.native.setActive(false);
    await this.handle.closeThreaded();
    if (timedOut) {
      throw new KafkaError('ConsumerQueueClose', RDKafkaErrorCode.OperationTimedOut, { detail: `the consumer did not leave its group within ${timeoutMs} ms; it was destroyed without leaving` });
    }
  }

  /** Resolves true once librdkafka says the consumer is closed (the final revoke answered), false after `timeoutMs`. */
  #left(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve) => {
      const check = () => {
        if (this.handle.closed) return resolve(true);
        if (!this.#handling && this.native.consumerClosed()) return resolve(true);
        if (Date.now() >= deadline) return resolve(false);
        setTimeout(check, CLOSE_CHECK_MS);
      };
      check();
    });
  }
}
