// BaseProducer: the lowest-level producer, as close to librdkafka's as is safe.
import { Client } from './client';
import { type ClientConfig, type ConfigEntries, toClientConfig } from './config';
import { KafkaError } from './errors';
import { binding, type NativeProducer } from './native';
import './dispose';

export class BaseProducer {
  readonly #native: NativeProducer;
  readonly #client: Client;
  #closed = false;

  constructor(config?: ClientConfig | ConfigEntries) {
    this.#native = new binding.Producer(toClientConfig(config).toEntries());
    this.#client = new Client(this.#native);
  }

  /** The client behind this producer: metadata, name. */
  get client(): Client {
    this.#open();
    return this.#client;
  }

  /** Destroys the producer. Idempotent; any later call throws a `Closed` KafkaError. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#native.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #open(): void {
    if (this.#closed) throw new KafkaError('Closed', -197, { detail: 'this producer is closed' });
  }
}
