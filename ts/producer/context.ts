// The callbacks a producer calls besides the client's: one per message. They run on the JS main thread.
import type { ClientContext } from '../client/context';
import type { KafkaError } from '../errors';
import type { DeliveredMessage, OwnedMessage } from '../message';
import { callback } from '../validate';

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

/** @internal A context's `delivery`, read once and checked (see readClientCallbacks); undefined for none. */
export function readDeliveryCallback<O>(context: object | undefined): ProducerContext<O>['delivery'] {
  return context === undefined ? undefined : callback((context as ProducerContext<O>).delivery, 'context.delivery');
}
