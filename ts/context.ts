// The callbacks a client calls. They all run on the JS main thread.
import type { KafkaError } from './errors';
import type { DeliveredMessage, OwnedMessage } from './message';
import type { Statistics } from './statistics';

/** Callbacks of any client, all optional; they run on the JS main thread. */
export interface ClientContext {
  /** librdkafka's log lines at or above the configured log level. Default: warnings and worse to stderr. */
  log?(level: number, facility: string, message: string): void;
  /** Global (not per-message) errors, e.g. AllBrokersDown; fatal ones have `error.isFatal`. Default: stderr. */
  error?(error: KafkaError, reason: string): void;
  /** Statistics every `statistics.interval.ms`, parsed. */
  stats?(stats: Statistics): void;
}

/**
 * One message's fate: delivered (`error` null, `message` says where), or failed (`error` says why, `message` is
 * the whole message, to send again).
 */
export type DeliveryResult =
  | {
      /** null: delivered. */
      error: null;
      /** Where it was written. */
      message: DeliveredMessage;
    }
  | {
      /** Why it failed (a `MessageProduction` KafkaError, or `Canceled` when the producer closed first). */
      error: KafkaError;
      /** The message, whole. */
      message: OwnedMessage;
    };

/**
 * Callbacks of a BaseProducer or ThreadedProducer: the client's, plus one per message.
 *
 * @example
 * new ThreadedProducer<string>(config, { delivery: (result, id) => result.error && console.error(id, result.error.message) });
 */
export interface ProducerContext<O = unknown> extends ClientContext {
  /** The fate of one message, with the opaque its record carried. */
  delivery?(result: DeliveryResult, opaque: O | undefined): void;
}
