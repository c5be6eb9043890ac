// ThreadedProducer: a BaseProducer with a native poll thread. Delivery callbacks still run on the
// JS main thread, in delivery order, many per wake-up; nobody needs to poll.
import type { ClientConfig, ConfigEntries } from '../config';
import type { ProducerContext } from './context';
import { PollThreadProducer } from './producer';
import { ProducerHandle } from './producer-handle';
import type { BaseRecord, BaseRecordBuilder } from './record';

/**
 * A BaseProducer with a native poll thread (rust-rdkafka's ThreadedProducer): nobody polls; delivery callbacks
 * run on the main thread, in batches. `flush` and `close` return promises.
 *
 * @example
 * const producer = new ThreadedProducer({ 'bootstrap.servers': 'localhost:9092' }, { delivery: (result) => console.log(result.error ?? 'ok') });
 * producer.send({ topic: 'orders', payload: 'x' });
 * await producer.flush(10_000);
 */
export class ThreadedProducer<O = unknown> extends PollThreadProducer {
  readonly #handle: ProducerHandle<O>;

  constructor(config?: ClientConfig | ConfigEntries, context?: ProducerContext<O>) {
    const handle = new ProducerHandle<O>({ config, context, pollThread: true });
    super(handle);
    this.#handle = handle;
  }

  /** As BaseProducer.send: enqueues once, or throws a KafkaError carrying the record. */
  send(record: BaseRecord<O> | BaseRecordBuilder<O>): void {
    this.assertOpen();
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
   *   // records.slice(error.enqueued) are still to send: wait for deliveries, then send them again
   * }
   */
  sendMany(records: ReadonlyArray<BaseRecord<O> | BaseRecordBuilder<O>>): void {
    this.assertOpen();
    this.#handle.sendMany(records);
  }

  /** Not needed: the poll thread serves every event. Returns 0; allowed for symmetry with BaseProducer. */
  poll(_timeoutMs = 0): number {
    this.assertOpen();
    return 0;
  }
}
