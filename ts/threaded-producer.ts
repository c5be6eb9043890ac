// ThreadedProducer: a BaseProducer with a native poll thread. Delivery callbacks still run on the
// JS main thread, in delivery order, many per wake-up; nobody needs to poll.
import type { Client } from './client';
import type { ClientConfig, ConfigEntries } from './config';
import type { ProducerContext } from './context';
import { KafkaError, closedError } from './errors';
import { ProducerCore, type PurgeOptions } from './producer-core';
import type { BaseRecord, BaseRecordBuilder } from './record';
import { toTimeoutMs } from './timeout';
import { type ConsumerGroupMetadata, type TopicPartitionOffset, Transactions } from './transactions';
import './dispose';

export class ThreadedProducer<O = unknown> {
  readonly #core: ProducerCore<O>;
  readonly #txn: Transactions;
  #closing: Promise<void> | undefined;

  constructor(config?: ClientConfig | ConfigEntries, context?: ProducerContext<O>) {
    this.#core = new ProducerCore<O>(config, context, true);
    this.#txn = new Transactions(this.#core.native, (timeoutMs) => this.flush(timeoutMs));
  }

  /** The client behind this producer: name, metadata, watermarks, fatal error. */
  get client(): Client {
    if (this.#closing) throw closedError();
    return this.#core.client;
  }

  /** As BaseProducer.send: enqueues once, or throws a KafkaError carrying the record. */
  send(record: BaseRecord<O> | BaseRecordBuilder<O>): void {
    if (this.#closing) throw closedError();
    this.#core.send(record);
  }

  /** Not needed: the poll thread serves every event. Returns 0; allowed for symmetry with BaseProducer. */
  poll(_timeoutMs = 0): number {
    if (this.#closing) throw closedError();
    return 0;
  }

  /**
   * Resolves once every message sent before the call is delivered or failed and its callback has run;
   * does not block the event loop. Rejects with a `Flush` KafkaError (OperationTimedOut) after `timeoutMs`.
   */
  async flush(timeoutMs: number): Promise<void> {
    if (this.#closing) throw closedError();
    const code = await this.#core.native.flush(toTimeoutMs(timeoutMs, 'timeoutMs'));
    if (code !== 0) throw new KafkaError('Flush', code);
  }

  /** Purges messages; their callbacks run (with PurgeQueue/PurgeInflight) shortly after, from the poll thread. */
  purge(options: PurgeOptions): void {
    if (this.#closing) throw closedError();
    this.#core.purge(options);
  }

  /** Messages not yet resolved (or whose callback has not run yet), plus events waiting to be served. */
  inFlightCount(): number {
    if (this.#closing) throw closedError();
    return this.#core.inFlightCount();
  }

  /**
   * rust-rdkafka's Drop, without blocking: purges what is outstanding, runs the resulting callbacks,
   * stops and joins the poll thread, destroys the handle. Idempotent: every call returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#core.closeThreaded();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Initializes transactions (needs `transactional.id`): registers with the coordinator, fences older instances. */
  async initTransactions(timeoutMs: number): Promise<void> {
    if (this.#closing) throw closedError();
    await this.#txn.init(timeoutMs);
  }

  /** Begins a transaction; from then until commit or abort every message sent is part of it. */
  beginTransaction(): void {
    if (this.#closing) throw closedError();
    this.#txn.begin();
  }

  /** Commits consumer offsets (the next offsets to consume) as part of the transaction. */
  async sendOffsetsToTransaction(offsets: readonly TopicPartitionOffset[], groupMetadata: ConsumerGroupMetadata | string, timeoutMs: number): Promise<void> {
    if (this.#closing) throw closedError();
    await this.#txn.sendOffsets(offsets, groupMetadata, timeoutMs);
  }

  /**
   * Delivers what is pending (as flush; a flush that times out is a retriable Transaction error), then commits.
   * On failure: `isRetriable` → call again; `txnRequiresAbort` → abortTransaction, then begin anew; `isFatal` → the
   * producer is unusable (`client.fatalError()` says why).
   */
  async commitTransaction(timeoutMs: number): Promise<void> {
    if (this.#closing) throw closedError();
    await this.#txn.commit(timeoutMs);
  }

  /** Aborts the transaction: its messages not yet written fail with purge errors. */
  async abortTransaction(timeoutMs: number): Promise<void> {
    if (this.#closing) throw closedError();
    await this.#txn.abort(timeoutMs);
  }
}
