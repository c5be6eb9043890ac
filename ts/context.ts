// The callbacks a client calls. They all run on the JS main thread.
import { describe } from './describe';
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

/** @internal A context's callbacks, each read once when the client is made, and the object they are called on. */
export interface ContextCallbacks<O> {
  self: object;
  delivery: ProducerContext<O>['delivery'];
  log: ClientContext['log'];
  error: ClientContext['error'];
  stats: ClientContext['stats'];
}

/**
 * @internal Reads a context's callbacks once each. Every one that is given must be a function: a TypeError naming it
 * now is better than an uncaught exception at the first event. `delivery` is read only when the client reports
 * deliveries to it (a FutureProducer settles promises instead).
 */
export function readContext<O>(context: unknown, withDelivery: boolean): ContextCallbacks<O> {
  if (context === undefined) return { self: {}, delivery: undefined, log: undefined, error: undefined, stats: undefined };
  if (typeof context !== 'object' || context === null) throw new TypeError(`context must be an object of callbacks, got ${describe(context)}`);
  const { delivery, log, error, stats } = context as ProducerContext<O>;
  const callback = <F>(value: F, name: string): F => {
    if (value !== undefined && typeof value !== 'function') throw new TypeError(`context.${name} must be a function, got ${describe(value)}`);
    return value;
  };
  return {
    self: context,
    delivery: withDelivery ? callback(delivery, 'delivery') : undefined,
    log: callback(log, 'log'),
    error: callback(error, 'error'),
    stats: callback(stats, 'stats'),
  };
}
