// The API the producer kinds share, written once: transactions (all three kinds), and for the threaded kinds
// (ThreadedProducer, FutureProducer) the client, flush, purge, in-flight count and close. BaseProducer has its
// own, synchronous, flush and close.
import type { Client } from '../client/client';
import { KafkaError, withCallerStack } from '../errors';
import { toTimeoutMs } from '../timeout';
import type { PurgeOptions, SharedProducerHandle } from './producer-handle';
import { type ConsumerGroupMetadata, type TopicPartitionOffset, Transactions } from './transactions';
import '../dispose';

/** What every producer kind offers besides sending and serving reports: transactions. */
export abstract class Producer {
  /** @internal */
  protected abstract readonly transactions: Transactions;

  /** @internal Throws a `Closed` KafkaError once the producer is closed (or closing). */
  protected abstract assertOpen(): void;

  /** Initializes transactions (needs `transactional.id`): registers with the coordinator, fences older instances. */
  initTransactions(timeoutMs: number): Promise<void> {
    return withCallerStack(async () => {
      this.assertOpen();
      await this.transactions.init(timeoutMs);
    });
  }

  /** Begins a transaction; from then until commit or abort every message sent is part of it. */
  beginTransaction(): void {
    this.assertOpen();
    this.transactions.begin();
  }

  /** Commits consumer offsets (the next offsets to consume) as part of the transaction. */
  sendOffsetsToTransaction(offsets: readonly TopicPartitionOffset[], groupMetadata: ConsumerGroupMetadata | string, timeoutMs: number): Promise<void> {
    return withCallerStack(async () => {
      this.assertOpen();
      await this.transactions.sendOffsets(offsets, groupMetadata, timeoutMs);
    });
  }

  /**
   * Delivers what is pending (as flush; a flush that times out is a retriable Transaction error), then commits.
   * On failure: `isRetriable` → call again; `txnRequiresAbort` → abortTransaction, then begin anew; `isFatal` → the
   * producer is unusable (`client.fatalError()` says why).
   */
  commitTransaction(timeoutMs: number): Promise<void> {
    return withCallerStack(async () => {
      this.assertOpen();
      await this.transactions.commit(timeoutMs);
    });
  }

  /** Aborts the transaction: its messages not yet written fail with purge errors. */
  abortTransaction(timeoutMs: number): Promise<void> {
    return withCallerStack(async () => {
      this.assertOpen();
      await this.transactions.abort(timeoutMs);
    });
  }
}

/** The kinds with a native poll thread: reports are dispatched on the JS thread, flush and close are promises. */
export abstract class PollThreadProducer extends Producer {
  /** @internal */
  protected readonly transactions: Transactions;
  /** The kind holds the same handle, typed with its opaques; this part needs none of them. */
  readonly #handle: SharedProducerHandle;
  #closing: Promise<void> | undefined;

  /** @internal */
  protected constructor(handle: SharedProducerHandle) {
    super();
    this.#handle = handle;
    this.transactions = new Transactions(handle.native, (timeoutMs) => this.flush(timeoutMs));
  }

  /** The client behind this producer: name, metadata, watermarks, fatal error. */
  get client(): Client {
    this.assertOpen();
    return this.#handle.clientHandle.client;
  }

  /**
   * Resolves once every message sent before the call is delivered or failed and its callback has run (its
   * promise settled); does not block the event loop. Rejects with a `Flush` KafkaError (OperationTimedOut)
   * after `timeoutMs`.
   */
  flush(timeoutMs: number): Promise<void> {
    return withCallerStack(async () => {
      this.assertOpen();
      const code = await this.#handle.flush(toTimeoutMs(timeoutMs, 'timeoutMs'));
      if (code !== 0) throw new KafkaError('Flush', code);
    });
  }

  /**
   * Purges messages: `{ queue: true }` those still queued, `{ inflight: true }` those awaiting the broker, `{}`
   * nothing. Their callbacks run (their promises reject) with PurgeQueue/PurgeInflight shortly after.
   */
  purge(options: PurgeOptions): void {
    this.assertOpen();
    this.#handle.purge(options);
  }

  /** Messages not yet resolved (or whose callback has not run yet), plus events waiting to be served. */
  inFlightCount(): number {
    this.assertOpen();
    return this.#handle.inFlightCount();
  }

  /**
   * rust-rdkafka's Drop, without blocking and without leaving anything pending: purges what is outstanding
   * (those callbacks run, those promises reject, with PurgeQueue/PurgeInflight), stops and joins the poll
   * thread, destroys the handle. Idempotent: every call returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= withCallerStack(() => this.closing());
    return this.#closing;
  }

  /** `await using producer = ...`: closes it (as `close()`) at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @internal */
  protected assertOpen(): void {
    if (this.#closing) throw this.#handle.clientHandle.closedError();
  }

  /** @internal What close() does; a kind with more to settle first extends it. */
  protected closing(): Promise<void> {
    return this.#handle.closeThreaded();
  }
}
