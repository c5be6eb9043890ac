// FutureProducer: a promise per message. Built on the ThreadedProducer machinery: one poll thread,
// reports dispatched in batches, each settling the promise its message carries as opaque.
import type { ClientContext } from '../client/context';
import { type ClientConfig, type ConfigEntries, toClientConfig } from '../config';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import type { Timestamp } from '../message';
import { toTimeoutMs } from '../timeout';
import { describe } from '../validate';
import { PollThreadProducer } from './producer';
import { ByteSlab } from './byte-slab';
import { Fifo } from './fifo';
import { ProducerHandle } from './producer-handle';
import { type FutureRecord, type FutureRecordBuilder, type RecordFields, copyFieldBytes, recordOf } from './record';

/** Where and when a message was written. */
export interface Delivery {
  /** The partition it was written to. */
  partition: number;
  /** Its offset in that partition. */
  offset: number;
  /** Its timestamp, as the broker reported it (CreateTime, or LogAppendTime on such topics). */
  timestamp: Timestamp;
}

/**
 * Resolving a promise with this thenable rejects it with `error`. So a message needs to keep only its
 * promise's resolve function (its opaque), not an object holding resolve and reject: a FutureProducer
 * can have millions of promises outstanding, and each byte counts.
 */
class Rejection implements PromiseLike<never> {
  constructor(readonly error: unknown) {}
  then<T, U>(_onFulfilled?: unknown, onRejected?: ((error: unknown) => T | PromiseLike<T>) | null): PromiseLike<U> {
    onRejected?.(this.error);
    return undefined as unknown as PromiseLike<U>;
  }
}

/** Settles one message's promise: with its Delivery, or with a Rejection. */
type Pending = (outcome: Delivery | Rejection) => void;

/** A send() waiting for room in a full queue. */
interface Waiter {
  /** What the record held at the call, bytes copied. */
  fields: RecordFields;
  /** The object passed in, for the KafkaError if it is never enqueued. */
  input: FutureRecord | FutureRecordBuilder;
  pending: Pending;
  /** Date.now() after which it gives up; Infinity for Timeout.Never. */
  deadline: number;
}

// One executor for every promise: it hands the resolve function over through this variable, read
// right after `new Promise(capture)` returns, so no closure is made per message.
let captured: Pending = () => {};
function capture(resolve: Pending): void {
  captured = resolve;
}

/** Settles each message's promise from its report, with no intermediate result object. */
const settling = {
  delivered(_topic: string, partition: number, offset: number, timestamp: Timestamp, pending: Pending | undefined): void {
    pending?.({ partition, offset, timestamp });
  },
  failed(error: KafkaError, _message: unknown, pending: Pending | undefined): void {
    pending?.(new Rejection(error));
  },
};

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'yes', 'on'].includes(value.toLowerCase());
}

/**
 * A producer whose `send` returns a promise of the message's delivery (rust-rdkafka's FutureProducer). A native
 * thread polls; promises settle on the main thread, in batches.
 *
 * @example
 * await using producer = new FutureProducer({ 'bootstrap.servers': 'localhost:9092' });
 * const { partition, offset } = await producer.send({ topic: 'orders', payload: 'x' }, Timeout.Never);
 */
export class FutureProducer extends PollThreadProducer {
  readonly #handle: ProducerHandle<Pending>;
  /** Sends waiting for room, oldest first; they are retried in this order, before any newer send. */
  readonly #waiters = new Fifo<Waiter>();
  /** Where the bytes of waiting sends are copied. */
  readonly #copies = new ByteSlab();
  #waiterTimer: NodeJS.Timeout | undefined;
  #wakeScheduled = false;

  constructor(config?: ClientConfig | ConfigEntries, context?: ClientContext) {
    const clientConfig = toClientConfig(config);
    if (isTrue(clientConfig.get('delivery.report.only.error'))) {
      // Successful deliveries would never be reported, so their promises would never settle.
      throw new KafkaError('ClientConfig', RDKafkaErrorCode.InvalidArgument, {
        detail: '"delivery.report.only.error" cannot be used with a FutureProducer: successful sends would never settle',
      });
    }
    let self: FutureProducer | undefined; // callbacks only run after construction
    const handle = new ProducerHandle<Pending>({
      config: clientConfig,
      context,
      pollThread: true,
      afterDispatch: () => (self as FutureProducer).#scheduleWake(),
      sink: settling,
    });
    super(handle);
    this.#handle = handle;
    self = this;
  }

  /**
   * Enqueues a record now and resolves when the broker acknowledges it. While the queue is full it waits
   * (without blocking the event loop, woken as deliveries free room) and retries, for up to `queueTimeout` ms
   * (`Timeout.Never`: as long as it takes; 0: not at all). Rejects with a KafkaError carrying `owned` (the
   * message) when delivery fails, or `record` (the object passed in) when it could not be enqueued.
   */
  send(record: FutureRecord | FutureRecordBuilder, queueTimeout: number): Promise<Delivery> {
    const delivery = new Promise<Delivery>(capture as never);
    const pending = captured;
    try {
      this.assertOpen();
      const timeout = toTimeoutMs(queueTimeout, 'queueTimeout');
      const fields = this.#handle.readRecord(recordOf(record));
      // Behind sends already waiting, so that messages keep the order they were sent in.
      this.#enqueueRead(fields, record, pending, timeout);
    } catch (error) {
      pending(new Rejection(error));
    }
    return delivery;
  }

  /**
   * Sends each record as `send(record, queueTimeout)` would, in order, and returns their promises in the same
   * order: exactly `records.map((record) => producer.send(record, queueTimeout))`, but with one call into
   * librdkafka for up to 1 024 records instead of one per record. A record that cannot be read or is refused gets a
   * rejected promise, and the records after it are still sent; once the queue is full, the rest wait for room in
   * order, as sends do.
   *
   * @example
   * const deliveries = await Promise.all(producer.sendMany(records, Timeout.Never));
   */
  sendMany(records: ReadonlyArray<FutureRecord | FutureRecordBuilder>, queueTimeout: number): Array<Promise<Delivery>> {
    if (!Array.isArray(records)) throw new TypeError(`records must be an array of records, got ${describe(records)}`);
    const deliveries: Array<Promise<Delivery>> = [];
    const count = records.length;
    let timeout: number;
    try {
      this.assertOpen();
      timeout = toTimeoutMs(queueTimeout, 'queueTimeout');
    } catch (error) {
      for (let i = 0; i < count; i++) deliveries.push(this.send(records[i], queueTimeout)); // each rejects as send does
      return deliveries;
    }
    const handle = this.#handle;
    let next = 0;
    while (next < count) {
      // Behind sends already waiting (or once closed by a getter), record by record, as send does it.
      if (this.#waiters.length > 0 || handle.closed) {
        for (; next < count; next++) deliveries.push(this.send(records[next], queueTimeout));
        break;
      }
      // What was staged, by position in the native call: where the record is, what was read, its promise's settle.
      const at: number[] = [];
      const read: RecordFields[] = [];
      const pendings: Pending[] = [];
      for (; next < count && !handle.stagingFull; next++) {
        const delivery = new Promise<Delivery>(capture as never);
        const pending = captured;
        deliveries.push(delivery);
        try {
          const fields = handle.readRecord(recordOf(records[next]));
          handle.stage(fields, pending);
          at.push(next);
          read.push(fields);
          pendings.push(pending);
        } catch (error) {
          pending(new Rejection(error));
        }
      }
      const { queued, stop } = handle.enqueueStaged();
      if (stop === undefined) continue;
      // The record it stopped at, then the rest of those staged, one by one: they were read already.
      if ('error' in stop) pendings[queued](new Rejection(stop.error));
      else this.#enqueueRead(read[queued], records[at[queued]], pendings[queued], timeout, stop.code);
      for (let i = queued + 1; i < pendings.length; i++) this.#enqueueRead(read[i], records[at[i]], pendings[i], timeout);
    }
    return deliveries;
  }

  /**
   * A record already read, enqueued as send enqueues it (waiting for room, for up to `timeout` ms, when the queue is
   * full); `code`: what librdkafka answered a moment ago, instead of asking again.
   */
  #enqueueRead(fields: RecordFields, record: FutureRecord | FutureRecordBuilder, pending: Pending, timeout: number, code?: number): void {
    try {
      const answer = code ?? (this.#waiters.length > 0 ? RDKafkaErrorCode.QueueFull : this.#handle.enqueue(fields, pending));
      if (answer === RDKafkaErrorCode.QueueFull && timeout !== 0) {
        copyFieldBytes(fields, this.#copies);
        this.#wait({ fields, input: record, pending, deadline: timeout < 0 ? Infinity : Date.now() + timeout });
      } else if (answer !== 0) {
        pending(new Rejection(new KafkaError('MessageProduction', answer, { record })));
      }
    } catch (error) {
      pending(new Rejection(error));
    }
  }

  /**
   * Enqueues a record exactly once, synchronously: throws a KafkaError whose `record` is the object passed in
   * if librdkafka refuses it (QueueFull included), else returns the promise of its delivery.
   */
  sendResult(record: FutureRecord | FutureRecordBuilder): Promise<Delivery> {
    this.assertOpen();
    const fields = this.#handle.readRecord(recordOf(record));
    const delivery = new Promise<Delivery>(capture as never);
    const code = this.#handle.enqueue(fields, captured);
    if (code !== 0) throw new KafkaError('MessageProduction', code, { record });
    return delivery;
  }

  /** @internal Fails the sends still waiting for room, then closes as every threaded kind does. */
  protected override async closing(): Promise<void> {
    clearTimeout(this.#waiterTimer);
    for (const waiter of this.#waiters.drain()) {
      waiter.pending(new Rejection(new KafkaError('Canceled', RDKafkaErrorCode.PurgeQueue, { record: waiter.input, detail: 'the producer was closed before this message could be queued' })));
    }
    await super.closing();
  }

  /** True when enqueued or settled (rejected); false when the queue is full and it may wait. */
  #tryEnqueue(waiter: Waiter, mayWait: boolean): boolean {
    try {
      const code = this.#handle.enqueue(waiter.fields, waiter.pending);
      if (code === RDKafkaErrorCode.QueueFull && mayWait) return false;
      if (code !== 0) waiter.pending(new Rejection(new KafkaError('MessageProduction', code, { record: waiter.input })));
    } catch (error) {
      waiter.pending(new Rejection(error));
    }
    return true;
  }

  #wait(waiter: Waiter): void {
    this.#waiters.push(waiter);
    if (waiter.deadline !== Infinity && this.#waiterTimer === undefined) this.#armTimer();
  }

  /** Called after each batch of reports (whose messages then free their room): retry after it is released. */
  #scheduleWake(): void {
    if (this.#wakeScheduled || this.#waiters.length === 0) return;
    this.#wakeScheduled = true;
    // The native side releases a batch after dispatching it; a microtask runs once that is done.
    queueMicrotask(() => {
      this.#wakeScheduled = false;
      this.#retryWaiters();
    });
  }

  #retryWaiters(): void {
    let now = Date.now();
    for (let waiter = this.#waiters.first(); waiter !== undefined; waiter = this.#waiters.first()) {
      if (!this.#tryEnqueue(waiter, now < waiter.deadline)) break; // still full: wait for the next batch
      this.#waiters.shift();
      if ((this.#waiters.length & 1023) === 0) now = Date.now();
    }
    if (this.#waiters.length === 0) {
      clearTimeout(this.#waiterTimer);
      this.#waiterTimer = undefined;
    }
  }

  /** One timer for all waiters, at the earliest deadline; expired ones reject with QueueFull. */
  #armTimer(): void {
    let earliest = Infinity;
    for (const waiter of this.#waiters) earliest = Math.min(earliest, waiter.deadline);
    if (earliest === Infinity) {
      this.#waiterTimer = undefined;
      return;
    }
    this.#waiterTimer = setTimeout(() => this.#expire(), Math.max(0, earliest - Date.now()));
  }

  #expire(): void {
    this.#waiterTimer = undefined;
    this.#retryWaiters(); // a last try before giving up, as rust-rdkafka checks after an attempt
    const now = Date.now();
    for (const waiter of this.#waiters.removeWhere((candidate) => candidate.deadline <= now)) {
      waiter.pending(new Rejection(new KafkaError('MessageProduction', RDKafkaErrorCode.QueueFull, { record: waiter.input })));
    }
    if (this.#waiters.length > 0) this.#armTimer();
  }
}
