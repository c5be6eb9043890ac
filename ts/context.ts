// The callbacks a client calls. They all run on the JS main thread.
import type { KafkaError } from './errors';
import type { DeliveredMessage, OwnedMessage } from './message';
import type { Statistics } from './statistics';

export interface ClientContext {
  /** librdkafka's log lines at or above the configured log level. Default: warnings and worse to stderr. */
  log?(level: number, facility: string, message: string): void;
  /** Global (not per-message) errors, e.g. AllBrokersDown; fatal ones have `error.isFatal`. Default: stderr. */
  error?(error: KafkaError, reason: string): void;
  /** Statistics every `statistics.interval.ms`, parsed. */
  stats?(stats: Statistics): void;
}

export type DeliveryResult =
  | { error: null; message: DeliveredMessage }
  | { error: KafkaError; message: OwnedMessage };

export interface ProducerContext<O = unknown> extends ClientContext {
  /** The fate of one message, with the opaque its record carried. */
  delivery?(result: DeliveryResult, opaque: O | undefined): void;
}
