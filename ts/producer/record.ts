// Records: what is sent. Plain objects, or built with BaseRecord.to(topic) / FutureRecord.to(topic).
import { PARTITION_UA } from '../message';
import type { ByteSlab } from './byte-slab';
import { bytesOrNull, describe, isWholeNumber, objectArg, partitionNumber, topicName, withoutNul } from '../validate';

/** Keys, payloads and header values: bytes, or a string (sent as UTF-8). */
export type Payload = Buffer | Uint8Array | string;

/** One message header. */
export interface Header {
  /** The header's name (not unique: a message may carry a key several times). */
  key: string;
  /** null is Kafka's null value, distinct from an empty one. */
  value: Payload | null;
}

/** Message headers: in order, duplicate keys allowed. */
export type Headers = ReadonlyArray<Header> | OwnedHeaders;

/**
 * A message to send with a FutureProducer (or any producer): a plain object.
 *
 * @example
 * await producer.send({ topic: 'orders', key: order.id, payload: JSON.stringify(order) }, Timeout.Never);
 */
export interface FutureRecord {
  /** The topic to send to. */
  topic: string;
  /** null or omitted: a null payload (a tombstone on compacted topics); distinct from empty. */
  payload?: Payload | null;
  /** The key: the default partitioner sends equal keys to the same partition. Omitted or null: no key. */
  key?: Payload | null;
  /** Omitted or -1: unassigned, the configured partitioner chooses. */
  partition?: number;
  /** Milliseconds since the epoch; omitted (or 0, librdkafka's convention) means now. */
  timestamp?: number;
  /** Headers, in order; an array of `{ key, value }` or OwnedHeaders. */
  headers?: Headers;
}

/** A message to send with a BaseProducer or ThreadedProducer: a FutureRecord plus an opaque for its callback. */
export interface BaseRecord<O = unknown> extends FutureRecord {
  /** Handed back to the delivery callback with this message's report. */
  opaque?: O;
}

/** A list of headers built one by one, as rust-rdkafka's OwnedHeaders. */
export class OwnedHeaders implements Iterable<Header> {
  readonly #headers: Header[] = [];

  /** Appends a header (keys may repeat). Chainable. */
  insert(header: Header): this {
    this.#headers.push(readHeader(header, `headers[${this.#headers.length}]`));
    return this;
  }

  /** How many headers there are. */
  count(): number {
    return this.#headers.length;
  }

  /** The header at `index`; throws RangeError when there is none. */
  get(index: number): Header {
    const header = this.tryGet(index);
    if (header === undefined) throw new RangeError(`no header at index ${index} (there are ${this.#headers.length})`);
    return header;
  }

  /** The header at `index`, or undefined. */
  tryGet(index: number): Header | undefined {
    return this.#headers[index];
  }

  /** The headers in order. */
  [Symbol.iterator](): Iterator<Header> {
    return this.#headers[Symbol.iterator]();
  }

  /** A copy of the headers, as an array. */
  toArray(): Header[] {
    return [...this.#headers];
  }
}

abstract class RecordBuilderBase<R extends FutureRecord> {
  /** The plain record built so far. */
  readonly record: R;

  protected constructor(record: R) {
    this.record = record;
  }

  /** Sets the payload (null: a null payload). Chainable. */
  payload(payload: Payload | null): this {
    this.record.payload = payload;
    return this;
  }

  /** Sets the key. Chainable. */
  key(key: Payload | null): this {
    this.record.key = key;
    return this;
  }

  /** Sends to this partition instead of letting the partitioner choose. Chainable. */
  partition(partition: number): this {
    this.record.partition = partition;
    return this;
  }

  /** Sets the timestamp, in milliseconds since the epoch. Chainable. */
  timestamp(timestamp: number): this {
    this.record.timestamp = timestamp;
    return this;
  }

  /** Sets the headers. Chainable. */
  headers(headers: Headers): this {
    this.record.headers = headers;
    return this;
  }
}

/** Builds a BaseRecord: `BaseRecord.to('t').key('k').payload('v').opaque(42)`. */
export class BaseRecordBuilder<O = unknown> extends RecordBuilderBase<BaseRecord<O>> {
  constructor(topic: string, opaque?: O) {
    super(opaque === undefined ? { topic } : { topic, opaque });
  }

  /** Sets the topic. Chainable. */
  topic(topic: string): this {
    this.record.topic = topic;
    return this;
  }

  /** Sets the opaque handed to the delivery callback. Chainable. */
  opaque(opaque: O): this {
    this.record.opaque = opaque;
    return this;
  }
}

/** Builds a FutureRecord: `FutureRecord.to('t').key('k').payload('v')`. */
export class FutureRecordBuilder extends RecordBuilderBase<FutureRecord> {
  constructor(topic: string) {
    super({ topic });
  }
}

/** Builders of BaseRecords, as rust-rdkafka's: `BaseRecord.to('orders').key(id).payload(body)`. */
export const BaseRecord = {
  /** A builder of a record to `topic`. */
  to<O = unknown>(topic: string): BaseRecordBuilder<O> {
    return new BaseRecordBuilder<O>(topic);
  },
  /** A builder of a record to `topic` carrying `opaque`. */
  withOpaqueTo<O>(topic: string, opaque: O): BaseRecordBuilder<O> {
    return new BaseRecordBuilder<O>(topic, opaque);
  },
};

/** Builders of FutureRecords, as rust-rdkafka's: `FutureRecord.to('orders').key(id).payload(body)`. */
export const FutureRecord = {
  /** A builder of a record to `topic`. */
  to(topic: string): FutureRecordBuilder {
    return new FutureRecordBuilder(topic);
  },
};

/** @internal A record passed to send: plain, or a builder. */
export function recordOf<R extends FutureRecord>(input: R | RecordBuilderBase<R>): R {
  return input instanceof RecordBuilderBase ? input.record : input;
}

/** @internal Headers as the addon takes them: [key0, value0, key1, value1, ...]. */
export type FlatHeaders = Array<string | Payload | null>;

/** Reads a header's key and value once each (a getter may answer differently the second time), and checks them. */
function readHeader(header: unknown, where: string): Header {
  const { key, value } = objectArg(header, where, '{ key, value }') as Header;
  if (typeof key !== 'string') throw new TypeError(`${where}.key must be a string, got ${describe(key)}`);
  withoutNul(key, `${where}.key`);
  return { key, value: bytesOrNull(value, `${where}.value`) };
}

/** @internal What a send takes from a record: each field read exactly once, checked, the headers flattened. */
export interface RecordFields {
  topic: string;
  /** -1: unassigned. */
  partition: number;
  payload: Payload | null | undefined;
  key: Payload | null | undefined;
  timestamp: number | undefined;
  headers: FlatHeaders | undefined;
}

/** How records word a bad topic; one object, not one per send to a new topic. */
const RECORD_TOPIC_RULE = { asOneRule: true } as const;

/**
 * @internal Reads a record's fields once each and checks them; what is sent is what was checked. A field read twice
 * could answer differently the second time (a getter, a Proxy). The topic is not checked again when it is
 * `knownTopic`, one already checked. Throws a TypeError naming the field.
 */
export function readRecord(record: unknown, knownTopic: string | symbol): RecordFields {
  const { topic, partition, payload, key, timestamp, headers } = objectArg(record, 'record') as FutureRecord;
  if (topic !== knownTopic) topicName(topic, 'record.topic', RECORD_TOPIC_RULE);
  if (partition !== undefined) partitionNumber(partition, 'record.partition', true);
  if (payload !== undefined) bytesOrNull(payload, 'record.payload');
  if (key !== undefined) bytesOrNull(key, 'record.key');
  if (timestamp !== undefined && !isWholeNumber(timestamp, 0, Number.MAX_SAFE_INTEGER)) {
    throw new TypeError(`record.timestamp must be whole milliseconds since the epoch (>= 0), got ${describe(timestamp)}`);
  }
  return { topic, partition: partition ?? PARTITION_UA, payload, key, timestamp, headers: flattenHeaders(headers) };
}

/**
 * @internal Copies the bytes of `fields` in place, into `slab`: a send that must wait for room sends what the record
 * held at the call, whatever the caller does with its Buffers afterwards. Strings are immutable and need none.
 */
export function copyFieldBytes(fields: RecordFields, slab: ByteSlab): void {
  const copy = <T>(value: T): T => (value instanceof Uint8Array ? slab.copy(value) : value) as T;
  fields.payload = copy(fields.payload);
  fields.key = copy(fields.key);
  if (fields.headers !== undefined) fields.headers = fields.headers.map(copy);
}

/** A record's headers, flattened for the addon with every header read once and checked; undefined for none. */
function flattenHeaders(headers: unknown): FlatHeaders | undefined {
  if (headers === undefined) return undefined;
  if (!(headers instanceof OwnedHeaders) && !Array.isArray(headers)) {
    throw new TypeError(`record.headers must be an array of { key, value } or OwnedHeaders, got ${describe(headers)}`);
  }
  const flat: FlatHeaders = [];
  let i = 0;
  for (const header of headers as Iterable<unknown>) {
    const { key, value } = readHeader(header, `record.headers[${i++}]`);
    flat.push(key, value);
  }
  return flat;
}
