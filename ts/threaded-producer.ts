// ThreadedProducer: a BaseProducer with a native poll thread. Delivery callbacks still run on the
// JS main thread, in delivery order, many per wake-up; nobody needs to poll.
import type { Client } from './client';
import type { ClientConfig, ConfigEntries } from './config';
import type { ProducerContext } from './context';
import { KafkaError, closedError } from './errors';
import { ProducerCore, type PurgeOptions } from './producer-core';
import type { BaseRecord, BaseRecordBuilder } from './record';
import { toTimeoutMs } from './timeout';
import './dispose';

const CLOSE_FLUSH_MS = 500;

export class ThreadedProducer<O = unknown> {
  readonly #core: ProducerCore<O>;
  #closing: Promise<void> | undefined;

  constructor(config?: ClientConfig | ConfigEntries, context?: ProducerContext<O>) {
    this.#core = new ProducerCore<O>(config, context, true);
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
    this.#closing ??= this.#close();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #close(): Promise<void> {
    const core = this.#core;
    const native = core.native;
    core.purge({ queue: true, inflight: true });
    try {
      await native.flush(CLOSE_FLUSH_MS);
    } catch {
      // Reports still missing are failed by failLeftovers below.
    }
    core.markClosed();
    native.stopPollThread(); // dispatches whatever the thread had gathered
    await native.destroy();
    native.close();
    core.failLeftovers();
  }
}
