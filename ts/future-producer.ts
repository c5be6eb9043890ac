// FutureProducer: a promise per message. Built on the ThreadedProducer machinery: one poll thread,
// reports dispatched in batches, each settling the promise its message carries as opaque.
import { type ClientConfig, type ConfigEntries, toClientConfig } from './config';
import type { ClientContext, DeliveryResult } from './context';
import { RDKafkaErrorCode } from './error-codes';
import { KafkaError } from './errors';
import type { Timestamp } from './message';
import { ProducerCore } from './producer-core';
import { ThreadedProducerBase } from './producer-base';
import { type FutureRecord, type FutureRecordBuilder, recordOf } from './record';
import { toTimeoutMs } from './timeout';

/** Where and when a message was written. */
export interface Delivery {
  partition: number;
  offset: number;
  timestamp: Timestamp;
}

/** The settling functions of one message's promise: its opaque. */
interface Pending {
  resolve(delivery: Delivery): void;
  reject(error: KafkaError): void;
}

/** A send() waiting for room in a full queue. */
interface Waiter {
  input: FutureRecord | FutureRecordBuilder;
  pending: Pending;
  /** Date.now() after which it gives up; Infinity for Timeout.Never. */
  deadline: number;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'yes', 'on'].includes(value.toLowerCase());
}

export class FutureProducer extends ThreadedProducerBase {
  readonly #core: ProducerCore<Pending>;
  /** Sends waiting for room, oldest first; they are retried in this order, before any newer send. */
  readonly #waiters: Waiter[] = [];
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
    if (context !== undefined && (typeof context !== 'object' || context === null)) throw new TypeError('context must be an object of callbacks');
    let self: FutureProducer | undefined; // callbacks only run after construction
    const core = new ProducerCore<Pending>(
      clientConfig,
      {
        log: context?.log?.bind(context),
        error: context?.error?.bind(context),
        stats: context?.stats?.bind(context),
        delivery: (result, pending) => (self as FutureProducer).#settle(result, pending),
      },
      true,
      () => (self as FutureProducer).#scheduleWake(),
    );
    super(core as ProducerCore<never>);
    this.#core = core;
    self = this;
  }

  /**
   * Enqueues a record now and resolves when the broker acknowledges it. While the queue is full it waits
   * (without blocking the event loop, woken as deliveries free room) and retries, for up to `queueTimeout` ms
   * (`Timeout.Never`: as long as it takes; 0: not at all). Rejects with a KafkaError carrying `owned` (the
   * message) when delivery fails, or `record` (the object passed in) when it could not be enqueued.
   */
  send(record: FutureRecord | FutureRecordBuilder, queueTimeout: number): Promise<Delivery> {
    return new Promise<Delivery>((resolve, reject) => {
      this.assertOpen();
      const timeout = toTimeoutMs(queueTimeout, 'queueTimeout');
      const waiter: Waiter = { input: record, pending: { resolve, reject }, deadline: timeout < 0 ? Infinity : Date.now() + timeout };
      // Behind sends already waiting, so that messages keep the order they were sent in.
      if (this.#waiters.length > 0 || !this.#tryEnqueue(waiter, timeout === 0)) this.#wait(waiter);
    });
  }

  /**
   * Enqueues a record exactly once, synchronously: throws a KafkaError whose `record` is the object passed in
   * if librdkafka refuses it (QueueFull included), else returns the promise of its delivery.
   */
  sendResult(record: FutureRecord | FutureRecordBuilder): Promise<Delivery> {
    this.assertOpen();
    let pending: Pending | undefined;
    const delivery = new Promise<Delivery>((resolve, reject) => {
      pending = { resolve, reject };
    });
    this.#core.enqueue(recordOf(record), record, pending);
    return delivery;
  }

  /** @internal Fails the sends still waiting for room, then closes as every threaded kind does. */
  protected override async closing(): Promise<void> {
    clearTimeout(this.#waiterTimer);
    for (const waiter of this.#waiters.splice(0)) {
      waiter.pending.reject(new KafkaError('Canceled', RDKafkaErrorCode.PurgeQueue, { record: waiter.input, detail: 'the producer was closed before this message could be queued' }));
    }
    await super.closing();
  }

  /** True when enqueued or settled (rejected); false when the queue is full and it may wait. */
  #tryEnqueue(waiter: Waiter, rejectWhenFull: boolean): boolean {
    try {
      this.#core.enqueue(recordOf(waiter.input), waiter.input, waiter.pending);
      return true;
    } catch (error) {
      if (error instanceof KafkaError && error.code === RDKafkaErrorCode.QueueFull && !rejectWhenFull && Date.now() < waiter.deadline) return false;
      waiter.pending.reject(error as KafkaError);
      return true;
    }
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
    while (this.#waiters.length > 0) {
      if (!this.#tryEnqueue(this.#waiters[0], false)) break; // still full: wait for the next batch
      this.#waiters.shift();
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
    for (let i = 0; i < this.#waiters.length; ) {
      const waiter = this.#waiters[i];
      if (waiter.deadline <= now) {
        this.#waiters.splice(i, 1);
        waiter.pending.reject(new KafkaError('MessageProduction', RDKafkaErrorCode.QueueFull, { record: waiter.input }));
      } else {
        i++;
      }
    }
    if (this.#waiters.length > 0) this.#armTimer();
  }

  #settle(result: DeliveryResult, pending: Pending | undefined): void {
    if (pending === undefined) return;
    if (result.error === null) {
      const { partition, offset, timestamp } = result.message;
      pending.resolve({ partition, offset, timestamp });
    } else {
      pending.reject(result.error);
    }
  }
}
