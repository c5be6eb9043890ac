// The buffer behind stream() and recv() of one queue of a StreamConsumer (its consumer queue, or a partition queue
// split off it): messages and control events in queue order, the iterators and recv() calls waiting on them (each
// message goes to exactly one, A2), and when to ask the native thread for the next batch (A7).
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { ConsumerEventKind, type NativeConsumeBatch, type NativeConsumerEvent } from '../native';
import { ConsumedMessage, type Message, messagesOf } from './message';
import { partitionKey } from './topic-partition';
import { reportUncaught } from '../client/context';

/** Options of `stream()` and `recv()`. */
export interface ReceiveOptions {
  /** Aborting it ends the iteration normally (`done`), or rejects `recv()` with an `AbortError`. */
  signal?: AbortSignal;
}

/** @internal What a queue needs of its consumer. */
export interface QueueOwner {
  /** Asks the native thread for the next batch of queue `id`; `waiting`: someone waits for it. */
  want(id: number, waiting: boolean): void;
  /** Throws `Closed` once close() has begun. */
  assertOpen(): void;
  /** The fatal error that ended consumption, if one came: every later receive fails with it. */
  readonly fatal: KafkaError | undefined;
  /** True from the start of close(): iterators end, recv() rejects. */
  readonly ending: boolean;
  /** A message was handed out (its offset is to be stored, A8). */
  handedOut(message: ConsumedMessage): void;
  /** A consumer error event as the KafkaError to throw; remembers fatal ones. */
  consumerError(event: NativeConsumerEvent): KafkaError;
  /** A rebalance event (the consumer queue only); iteration waits for what it returns. */
  rebalance(event: NativeConsumerEvent): void | Promise<void>;
  /** Whether any queue waits changed (the consumer keeps the process alive only then, A16). */
  demandChanged(): void;
  /** recv()/next() inside a rebalance hook fails at once: the hook would wait for itself. */
  insideHook(): boolean;
}

interface Waiter {
  /** A batch iterator's: the most messages it takes at once. */
  batch?: number;
  resolve(value: Message | Message[]): void;
  reject(error: unknown): void;
  /** Iterators end (`done`) on close and abort; recv() rejects instead. */
  end?(): void;
  cleanup?(): void;
}

type Item = ConsumedMessage | NativeConsumerEvent;

/** About how many bytes of keys, payloads and header values the native thread reads at a time (kReadBytes). */
const READ_BYTES = 1 << 20;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

/** @internal */
export class MessageQueue {
  readonly #owner: QueueOwner;
  readonly id: number;
  /** Below this many messages buffered, the next batch is pulled: half a batch, of messages or of bytes. */
  #lowWater: number;
  readonly #maxBatchSize: number;
  #items: Item[] = [];
  #head = 0;
  #bufferedMessages = 0;
  readonly #waiters: Waiter[] = [];
  /** Iterators not finished: while one is active, one batch is read ahead. */
  #iterators = 0;
  /** A rebalance is being handled: iteration waits. */
  #handling = false;
  /** The thread may pull a batch (want() called, no batch since). */
  #pulling = false;
  #lastWaiting = false;
  /**
   * A batch came while nobody waited, and nothing was handed out since: no more is read ahead until the application
   * takes something. Every pull counts as the application polling (max.poll.interval.ms), so a handler that is stuck
   * must stop the pulls, however slowly messages arrive (A7).
   */
  #readAhead = false;
  /** close() is leaving the group: pull on, drop messages and errors, answer rebalances. */
  #leaving = false;

  constructor(owner: QueueOwner, id: number, maxBatchSize: number) {
    this.#owner = owner;
    this.id = id;
    this.#maxBatchSize = maxBatchSize;
    this.#lowWater = maxBatchSize / 2;
  }

  get bufferedCount(): number {
    return this.#bufferedMessages;
  }

  get waiting(): boolean {
    return this.#waiters.length > 0;
  }

  get handling(): boolean {
    return this.#handling;
  }

  stream(signal: AbortSignal | undefined): AsyncIterableIterator<Message> {
    return this.#iterate<Message>(signal, undefined);
  }

  /** As stream(), each step handing out every message buffered in a row, up to `maxMessages` (one at least). */
  batches(signal: AbortSignal | undefined, maxMessages: number): AsyncIterableIterator<Message[]> {
    return this.#iterate<Message[]>(signal, maxMessages);
  }

  /** An iterator of messages (`batch` undefined), or of runs of at most `batch` messages. */
  #iterate<T extends Message | Message[]>(signal: AbortSignal | undefined, batch: number | undefined): AsyncIterableIterator<T> {
    this.#owner.assertOpen();
    let done = false;
    let pending: Waiter | undefined;
    this.#iterators++;
    const finish = () => {
      if (done) return;
      done = true;
      this.#iterators--;
      if (pending) this.#removeWaiter(pending);
      pending = undefined;
      this.updateDemand();
    };
    const iterator: AsyncIterableIterator<T> = {
      next: () => {
        // The common case, a message buffered: no waiter, no closures.
        if (!done && !this.#owner.ending && !signal?.aborted) {
          const ready = this.#takeReady(batch);
          if (ready !== undefined) return Promise.resolve({ done: false, value: ready as T });
        }
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          if (done || this.#owner.ending || signal?.aborted) {
            finish();
            resolve({ done: true, value: undefined });
            return;
          }
          const waiter: Waiter = {
            batch,
            resolve: (value) => {
              pending = undefined;
              resolve({ done: false, value: value as T });
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
        });
      },
      return: (value?: unknown) => {
        finish();
        return Promise.resolve({ done: true, value: value as T });
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  recv(signal: AbortSignal | undefined): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      this.#owner.assertOpen();
      this.#addWaiter({ resolve: resolve as (value: Message | Message[]) => void, reject }, signal);
    });
  }

  /**
   * A batch pulled from this queue; `keep` says which messages are still wanted (A9). `handOut`: false while a
   * command holds extraction (the batch is only buffered; handing out waits until the command is done).
   */
  push(batch: NativeConsumeBatch, keep: ((topic: string, partition: number) => boolean) | undefined, handOut = true): void {
    const { controls } = batch;
    const count = batch.partitions.length;
    if (count + controls.length > 0) {
      this.#pulling = false;
      if (this.#waiters.length === 0) this.#readAhead = true;
    }
    if (count > 0) {
      // The native thread reads about READ_BYTES at a time: large messages are read ahead fewer at a time.
      this.#lowWater = Math.max(1, Math.min(this.#maxBatchSize, READ_BYTES / Math.max(1, batch.slab.length / count)) / 2);
    }
    if (count > 0 && !this.#leaving) {
      const messages = messagesOf(batch, keep ?? (() => true));
      let control = 0;
      for (let i = 0; i < count; i++) {
        while (control < controls.length && controls[control][0] <= i) this.#pushControl(controls[control++], keep);
        const message = messages[i];
        if (message !== null) {
          this.#items.push(message);
          this.#bufferedMessages++;
        }
      }
      while (control < controls.length) this.#pushControl(controls[control++], keep);
    } else {
      for (const event of controls) this.#pushControl(event, keep);
    }
    if (!handOut) return;
    this.pump();
    this.updateDemand();
  }

  /** Hands out what can be handed out, in order, until a waiter or a rebalance's answer is missing. */
  pump(): void {
    while (!this.#handling && this.#head < this.#items.length) {
      const item = this.#items[this.#head];
      if (item instanceof ConsumedMessage) {
        const waiter = this.#waiters.shift();
        if (waiter === undefined) break;
        waiter.cleanup?.();
        waiter.resolve(waiter.batch === undefined ? this.#handOutHead(item) : this.#handOutRun(waiter.batch));
        continue;
      }
      if (item[1] === ConsumerEventKind.ConsumerError) {
        const waiter = this.#waiters.shift();
        if (waiter === undefined) break;
        this.#head++;
        waiter.cleanup?.();
        waiter.reject(this.#owner.consumerError(item));
        continue;
      }
      // A rebalance is handled where iteration reaches it (A12): once someone asks for what comes after it, as Rust's
      // poll would, not while the application still works on the message handed out before it. Leaving: at once.
      if (this.#waiters.length === 0 && !this.#leaving) break;
      this.#head++;
      this.#handling = true;
      let handled: void | Promise<void>;
      try {
        handled = this.#owner.rebalance(item);
      } catch (error) {
        handled = Promise.reject(error);
      }
      Promise.resolve(handled)
        .catch(reportUncaught)
        .finally(() => {
          this.#handling = false;
          this.pump();
          this.updateDemand();
        });
      break;
    }
    this.#compact();
  }

  /** The message at the head leaves the buffer for the application (its offset to be stored, A8). */
  #handOutHead(item: ConsumedMessage): ConsumedMessage {
    this.#head++;
    this.#bufferedMessages--;
    this.#readAhead = false;
    this.#owner.handedOut(item);
    return item;
  }

  /** The messages at the head, up to the first other item or `max` of them (the head is a message). */
  #handOutRun(max: number): ConsumedMessage[] {
    const run: ConsumedMessage[] = [];
    while (run.length < max && this.#head < this.#items.length) {
      const item = this.#items[this.#head];
      if (!(item instanceof ConsumedMessage)) break;
      run.push(this.#handOutHead(item));
    }
    return run;
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * The next message, when it can be handed out at once (nobody waits before it, no rebalance is being answered, it is
   * not a rebalance or an error, the consumer has not failed, and this is not inside a hook): as pump() would hand it
   * to a waiter, without making one. Else undefined, and the caller waits as usual.
   */
  #takeReady(batch: number | undefined): ConsumedMessage | ConsumedMessage[] | undefined {
    if (this.#handling || this.#waiters.length > 0 || this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    if (!(item instanceof ConsumedMessage) || this.#owner.fatal || this.#owner.insideHook()) return undefined;
    const taken = batch === undefined ? this.#handOutHead(item) : this.#handOutRun(batch);
    this.#compact();
    // Demand changes only when little is left, or when it still says someone waits on librdkafka.
    if (this.#lastWaiting || (!this.#pulling && this.#bufferedMessages < this.#lowWater)) this.updateDemand();
    return taken;
  }

  /** Pulls a batch when one is wanted: someone waits, or an iterator is active and little is read ahead (A7). */
  updateDemand(): void {
    // Waiting, for the native side, means waiting on librdkafka: with messages buffered a waiter is served here.
    const waiting = this.#waiters.length > 0 && this.#head === this.#items.length;
    const readAhead = this.#iterators > 0 && !this.#readAhead && this.#bufferedMessages < this.#lowWater;
    const wanted = !this.#handling && (this.#leaving || waiting || readAhead);
    if (wanted && (!this.#pulling || waiting !== this.#lastWaiting)) {
      this.#pulling = true;
      this.#lastWaiting = waiting;
      this.#owner.want(this.id, waiting || this.#leaving);
    }
    this.#owner.demandChanged();
  }

  /** The offset of the first message of a partition read ahead and not handed out, if any. */
  firstBufferedOffset(topic: string, partition: number): number | undefined {
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i];
      if (item instanceof ConsumedMessage && item.partition === partition && item.topic === topic) return item.offset;
    }
    return undefined;
  }

  /** Drops the messages read ahead of these partitions ('all', or a set of partition keys). */
  drop(partitions: 'all' | Set<string>): void {
    if (this.#head === this.#items.length) return;
    const dropped = (topic: string, partition: number) => partitions === 'all' || partitions.has(partitionKey(topic, partition));
    const kept: Item[] = [];
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i];
      if (item instanceof ConsumedMessage) {
        if (dropped(item.topic, item.partition)) {
          this.#bufferedMessages--;
          continue;
        }
      } else if (isPartitionEof(item) && dropped(item[4] as string, item[5])) {
        continue; // the end of a position left behind
      }
      kept.push(item);
    }
    this.#items = kept;
    this.#head = 0;
  }

  /** close(): iterators end, recv() calls reject with `error`; what was read ahead goes; `leaving` pulls on to answer the final revoke. */
  end(error: KafkaError, leaving: boolean): void {
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup?.();
      if (waiter.end) waiter.end();
      else waiter.reject(error);
    }
    this.#items = this.#items.slice(this.#head).filter((item) => !(item instanceof ConsumedMessage) && item[1] !== ConsumerEventKind.ConsumerError);
    this.#head = 0;
    this.#bufferedMessages = 0;
    this.#leaving = leaving;
    if (leaving) {
      this.pump();
      this.updateDemand();
    }
  }

  #pushControl(event: NativeConsumerEvent, keep: ((topic: string, partition: number) => boolean) | undefined): void {
    // Leaving the group, only the final revoke matters.
    if (this.#leaving && event[1] === ConsumerEventKind.ConsumerError) return;
    // The end of the partition, read ahead of a seek, pause or assign of it: stale, as the messages before it are.
    if (keep !== undefined && isPartitionEof(event) && !keep(event[4] as string, event[5])) return;
    this.#items.push(event);
  }

  #addWaiter(waiter: Waiter, signal: AbortSignal | undefined): void {
    if (this.#owner.insideHook()) {
      waiter.reject(new KafkaError('Rebalance', RDKafkaErrorCode.State, { detail: 'messages cannot be received inside a rebalance hook: iteration waits for the hook' }));
      return;
    }
    if (this.#owner.fatal) {
      waiter.reject(this.#owner.fatal);
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
    this.pump();
    this.updateDemand();
  }

  #removeWaiter(waiter: Waiter): void {
    const at = this.#waiters.indexOf(waiter);
    if (at >= 0) this.#waiters.splice(at, 1);
    waiter.cleanup?.();
    this.updateDemand();
  }
}

/**
 * A PartitionEOF: it describes the position it was read at, so a seek, pause or assign of its partition makes it
 * stale. (Other partition errors, a failed offset fetch or commit, stay true whatever the position.)
 */
function isPartitionEof(event: NativeConsumerEvent): boolean {
  return event[1] === ConsumerEventKind.ConsumerError && event[2] === RDKafkaErrorCode.PartitionEOF && event[4] !== null && event[4] !== '';
}
