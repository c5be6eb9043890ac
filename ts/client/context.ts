// The callbacks every client calls. They all run on the JS main thread.
import type { KafkaError } from '../errors';
import type { Statistics } from '../statistics';
import { callback, objectArg } from '../validate';

/** Callbacks of any client, all optional; they run on the JS main thread. */
export interface ClientContext {
  /** librdkafka's log lines at or above the configured log level. Default: warnings and worse to stderr. */
  log?(level: number, facility: string, message: string): void;
  /** Global (not per-message) errors, e.g. AllBrokersDown; fatal ones have `error.isFatal`. Default: stderr. */
  error?(error: KafkaError, reason: string): void;
  /** Statistics every `statistics.interval.ms`, parsed. */
  stats?(stats: Statistics): void;
}

/** @internal A context's client callbacks, each read once when the client is made, and the object they are called on. */
export interface ClientCallbacks {
  self: object;
  log: ClientContext['log'];
  error: ClientContext['error'];
  stats: ClientContext['stats'];
}

/** @internal The context a client was given: undefined (no callbacks), or an object of them. */
export function contextObject(context: unknown): object | undefined {
  return context === undefined ? undefined : objectArg(context, 'context', 'an object of callbacks');
}

/**
 * @internal Reads a context's client callbacks once each: a getter may answer differently the second time, and the
 * one that was checked is the one called. Every one that is given must be a function.
 */
export function readClientCallbacks(context: object | undefined): ClientCallbacks {
  if (context === undefined) return { self: {}, log: undefined, error: undefined, stats: undefined };
  const { log, error, stats } = context as ClientContext;
  return { self: context, log: callback(log, 'context.log'), error: callback(error, 'context.error'), stats: callback(stats, 'context.stats') };
}

/**
 * @internal Delivers an exception thrown by a user's callback as an uncaught exception, after the current dispatch: the
 * rest of the batch is still dispatched, and the exception is not lost.
 */
export function reportUncaught(error: unknown): void {
  process.nextTick(() => {
    throw error;
  });
}
