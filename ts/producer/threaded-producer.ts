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

  /** Not needed: the poll thread serves every event. Returns 0; allowed for symmetry with BaseProducer. */
  poll(_timeoutMs = 0): number {
    this.assertOpen();
    return 0;
  }
}
