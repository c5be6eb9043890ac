// BaseProducer: the lowest-level producer, as close to librdkafka's as is safe. Nothing happens
// behind your back: delivery callbacks run inside poll() (and flush(), close()), on this thread.
import type { Client } from '../client/client';
import type { ClientConfig, ConfigEntries } from '../config';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { toTimeoutMs } from '../timeout';
import type { ProducerContext } from './context';
import { Producer } from './producer';
import { CLOSE_FLUSH_MS, ProducerHandle, type PurgeOptions } from './producer-handle';
import type { BaseRecord, BaseRecordBuilder } from './record';
import { Transactions } from './transactions';
import '../dispose';

/** flush() serves reports in slices of at most this, checking for completion in between. */
const FLUSH_SLICE_MS = 100;

/**
 * The lowest-level producer (rust-rdkafka's BaseProducer): `send` enqueues, and reports are served only when you
 * call `poll`, `flush` or `close`, on your thread. Synchronous throughout.
 *
 * @example
 * const producer = new BaseProducer({ 'bootstrap.servers': 'localhost:9092' }, { delivery: (result) => console.log(result.error ?? 'ok') });
 * producer.send({ topic: 'orders', payload: 'x' });
 * producer.flush(10_000);
 */
export class BaseProducer<O = unknown> extends Producer {
  readonly #handle: ProducerHandle<O>;
  /** @internal */
  protected readonly transactions: Transactions;

  constructor(config?: ClientConfig | ConfigEntries, context?: ProducerContext<O>) {
    super();
    const handle = new ProducerHandle<O>({ config, context, pollThread: false });
    this.#handle = handle;
    this.transactions = new Transactions(handle.native, (timeoutMs) => this.#flushWithoutBlocking(timeoutMs), (work) => handle.holdReportsWhile(work));
  }

  /** The client behind this producer: name, metadata, watermarks, fatal error. */
  get client(): Client {
    this.assertOpen();
    return this.#handle.clientHandle.client;
  }

  /**
   * Enqueues a record, once. On failure throws a `MessageProduction` KafkaError whose `code` says why
   * (QueueFull, MessageSizeTooLarge, UnknownPartition, ...) and whose `record` is the object passed in.
   * If nobody polls, reports pile up and the queue fills: send throws QueueFull.
   */
  send(record: BaseRecord<O> | BaseRecordBuilder<O>): void {
    this.#handle.send(record);
  }

  /**
   * Enqueues `records` in order: exactly what calling `send` on each in turn would do, stopping at the first that
   * throws, but in one call into librdkafka for up to 1 024 records instead of one per record (several times
   * cheaper per message for small ones). The error that stops it is thrown as `send` would throw it, and carries
   * `record` (the record passed in) and `enqueued` (how many records before it were queued; those after it were
   * not tried). Once it returns (or throws), every queued record's bytes have been copied: the records and their
   * Buffers may be reused at once.
   *
   * @example
   * try {
   *   producer.sendMany(records);
   * } catch (error) {
   *   if (!(error instanceof KafkaError) || error.code !== RDKafkaErrorCode.QueueFull) throw error;
   *   // records.slice(error.enqueued) are still to send: poll, then send them again
   * }
   */
  sendMany(records: ReadonlyArray<BaseRecord<O> | BaseRecordBuilder<O>>): void {
    this.#handle.sendMany(records);
  }

  /**
   * Serves queued events on this thread: waits up to `timeoutMs` for the first, then serves every event
   * already there (delivery, log, error, statistics callbacks run inside). Returns how many it served.
   */
  poll(timeoutMs = 0): number {
    this.assertOpen();
    return this.#handle.poll(toTimeoutMs(timeoutMs, 'timeoutMs'));
  }

  /**
   * Blocks until every message is delivered or failed, serving their callbacks, like rust-rdkafka's
   * flush. Throws a `Flush` KafkaError (OperationTimedOut) if messages remain after `timeoutMs`.
   */
  flush(timeoutMs: number): void {
    this.assertOpen();
    const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
    const deadline = timeout < 0 ? Infinity : Date.now() + timeout;
    while (!this.#flushed(deadline)) {
      this.#handle.poll(Math.max(0, Math.min(deadline - Date.now(), FLUSH_SLICE_MS)));
      if (this.#handle.closed) return; // a callback closed the producer, settling everything
    }
  }

  /**
   * Purges messages: `{ queue: true }` those still queued, `{ inflight: true }` those awaiting the broker (their
   * delivery becomes unknown), `{}` nothing (as rust-rdkafka's PurgeConfig). Their callbacks run, with
   * PurgeQueue/PurgeInflight, at the next poll or flush.
   */
  purge(options: PurgeOptions): void {
    this.#handle.purge(options);
  }

  /** Messages not yet resolved, plus events waiting to be served (librdkafka's outq_len). */
  inFlightCount(): number {
    return this.#handle.inFlightCount();
  }

  /**
   * rust-rdkafka's Drop: purges what is outstanding, runs the resulting callbacks (PurgeQueue,
   * PurgeInflight), destroys the handle. Messages are not delivered: flush first for that. Idempotent.
   */
  close(): void {
    const handle = this.#handle;
    if (handle.closed) return;
    handle.purge({ queue: true, inflight: true });
    try {
      this.flush(CLOSE_FLUSH_MS);
    } catch {
      // What is left now is failed by closeNow.
    }
    handle.closeNow();
  }

  /** `using producer = ...`: closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** flush() for commitTransaction: serves callbacks between event-loop turns instead of blocking. */
  async #flushWithoutBlocking(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#flushed(deadline)) {
      this.#handle.poll(0);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** One step of a flush: true once nothing is outstanding; a `Flush` KafkaError on an error, or past `deadline`. */
  #flushed(deadline: number): boolean {
    const code = this.#handle.native.flushNow();
    if (code === 0) return true;
    if (code !== RDKafkaErrorCode.OperationTimedOut || Date.now() >= deadline) throw new KafkaError('Flush', code);
    return false;
  }

  /** @internal */
  protected assertOpen(): void {
    this.#handle.clientHandle.assertOpen();
  }
}
