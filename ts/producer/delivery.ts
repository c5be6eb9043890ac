// From native delivery reports to callbacks: the table of opaques in flight, and the dispatch loop.
import { KafkaError } from '../errors';
import { type OwnedMessage, type Timestamp, toTimestamp } from '../message';
import { type NativeReports, type ClientEventKind, TimestampType } from '../native';

/** Marks a free slot of the opaque table (opaques themselves may be undefined). */
export const FREE: unique symbol = Symbol('free');

/**
 * Values in flight, named by small integer ids that travel through librdkafka as message opaques.
 * Ids are reused, so the table stays as large as the most messages ever in flight at once.
 */
export class OpaqueTable<T> {
  #values: Array<T | undefined | typeof FREE> = [];
  #topics: number[] = [];
  #free: number[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(value: T | undefined, topicId: number): number {
    const id = this.#free.length > 0 ? (this.#free.pop() as number) : this.#values.length;
    this.#values[id] = value;
    this.#topics[id] = topicId;
    this.#size++;
    return id;
  }

  /** The value of a live id, which is freed; FREE for an id that is not live (drained by a close). */
  take(id: number): T | undefined | typeof FREE {
    const value = this.#values[id];
    if (value === FREE || id >= this.#values.length) return FREE;
    this.#values[id] = FREE; // drop the reference now: the opaque belongs to the callback
    this.#free.push(id);
    this.#size--;
    return value;
  }

  /** Empties the table: [opaque, topic id] of every entry still in it. */
  drain(): Array<[T | undefined, number]> {
    const left: Array<[T | undefined, number]> = [];
    for (let id = 0; id < this.#values.length; id++) {
      const value = this.#values[id];
      if (value !== FREE) left.push([value, this.#topics[id]]);
    }
    this.#values = [];
    this.#topics = [];
    this.#free = [];
    this.#size = 0;
    return left;
  }
}

/**
 * Where each message's fate goes. Success and failure are separate calls so that a FutureProducer can
 * settle its promise straight from the report's fields, without an intermediate DeliveryResult.
 */
export interface DeliverySink<T> {
  delivered(topic: string, partition: number, offset: number, timestamp: Timestamp, opaque: T | undefined): void;
  failed(error: KafkaError, message: OwnedMessage, opaque: T | undefined): void;
}

export interface ReportHandlers<T> extends DeliverySink<T> {
  /** A client event, in its place among the deliveries (see ClientHandle.clientEvent). */
  clientEvent(kind: ClientEventKind, number: number, first: string, second: string): void;
}

/** Dispatches one batch in order: each client event before the delivery it preceded. Returns the deliveries. */
export function dispatchReports<T>(reports: NativeReports, topicNames: readonly string[], opaques: OpaqueTable<T>, handlers: ReportHandlers<T>): number {
  const { ids, topics, partitions, offsets, timestamps, timestampTypes, errors, failures, clientEvents } = reports;
  const count = ids.length;
  let nextEvent = 0;
  let nextFailure = 0;
  // Thousands of messages of a batch often carry the same timestamp: one object serves them all.
  let lastType = -1;
  let lastMs = -1;
  let timestamp = toTimestamp(TimestampType.NotAvailable, 0);
  for (let i = 0; i < count; i++) {
    while (nextEvent < clientEvents.length && clientEvents[nextEvent][0] <= i) {
      const [, kind, number, first, second] = clientEvents[nextEvent++];
      handlers.clientEvent(kind, number, first, second);
    }
    const opaque = opaques.take(ids[i]);
    // Its callback already ran: the producer was closed (from a callback earlier in this batch).
    if (opaque === FREE) {
      if (errors[i] !== 0) nextFailure++;
      continue;
    }
    if (timestampTypes[i] !== lastType || timestamps[i] !== lastMs) {
      lastType = timestampTypes[i];
      lastMs = timestamps[i];
      timestamp = toTimestamp(lastType, lastMs);
    }
    const code = errors[i];
    if (code === 0) {
      handlers.delivered(topicNames[topics[i]], partitions[i], offsets[i], timestamp, opaque);
    } else {
      const failure = failures[nextFailure++];
      const owned = {
        topic: failure.topic,
        partition: partitions[i],
        offset: offsets[i],
        timestamp,
        key: failure.key,
        payload: failure.payload,
        headers: failure.headers,
      };
      handlers.failed(new KafkaError('MessageProduction', code, { owned }), owned, opaque);
    }
  }
  while (nextEvent < clientEvents.length) {
    const [, kind, number, first, second] = clientEvents[nextEvent++];
    handlers.clientEvent(kind, number, first, second);
  }
  return count;
}
