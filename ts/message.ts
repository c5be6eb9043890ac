// What delivery reports carry: timestamps, delivered messages, owned (failed) messages.
import { TimestampType } from './native';

/** The partition value that lets the partitioner choose (librdkafka's RD_KAFKA_PARTITION_UA). */
export const PARTITION_UA = -1;

/** @internal RD_KAFKA_OFFSET_INVALID: the offset of a message that was never written. */
export const OFFSET_INVALID = -1001;

/**
 * A message's timestamp, as rust-rdkafka's: when the producer made it (CreateTime), when the broker wrote it
 * (LogAppendTime, on topics configured so), or none. Those in delivery reports are frozen.
 */
export type Timestamp =
  | {
      /** No timestamp. */
      type: 'NotAvailable';
    }
  | {
      /** Set by the producer (CreateTime) or by the broker (LogAppendTime). */
      type: 'CreateTime' | 'LogAppendTime';
      /** Milliseconds since the epoch. */
      ms: number;
    };

/** Helpers for Timestamps. */
export const Timestamp = {
  /** A CreateTime timestamp of now, as rust-rdkafka's `Timestamp::now()`. */
  now(): Timestamp {
    return { type: 'CreateTime', ms: Date.now() };
  },
  /** Milliseconds since the epoch, or undefined when not available (or -1, librdkafka's "none"). */
  toMillis(timestamp: Timestamp): number | undefined {
    return timestamp.type === 'NotAvailable' || timestamp.ms === -1 ? undefined : timestamp.ms;
  },
};

/** A message the broker acknowledged. Its payload is not copied back: keep what you need in the opaque. */
export interface DeliveredMessage {
  /** The topic it was sent to. */
  topic: string;
  /** The partition it was written to. */
  partition: number;
  /** Its offset in that partition. */
  offset: number;
  /** Its timestamp, as the broker reported it. */
  timestamp: Timestamp;
}

/** A message handed back whole (on delivery failure), so it can be inspected or sent again. */
export interface OwnedMessage {
  /** The topic it was sent to. */
  topic: string;
  /** The partition it was assigned, or -1 when it failed before partitioning. */
  partition: number;
  /**
   * Not written: -1001 (librdkafka's "invalid offset") when it never reached a broker, -1 when a broker refused it
   * (MessageSizeTooLarge, say).
   */
  offset: number;
  /** Its timestamp (NotAvailable when it was never written). */
  timestamp: Timestamp;
  /** Its key's bytes, or null. */
  key: Buffer | null;
  /** Its payload's bytes, or null. */
  payload: Buffer | null;
  /** Its headers, in order. */
  headers: Array<{
    /** The header's name. */
    key: string;
    /** Its bytes, or null. */
    value: Buffer | null;
  }>;
}

const NOT_AVAILABLE: Timestamp = Object.freeze({ type: 'NotAvailable' }) as Timestamp;

/**
 * @internal librdkafka's rd_kafka_timestamp_type_t and value to a Timestamp. Frozen: messages sent in
 * the same millisecond share one (see dispatchReports), so none may be changed through another.
 */
export function toTimestamp(type: TimestampType, ms: number): Timestamp {
  if (type === TimestampType.CreateTime) return Object.freeze({ type: 'CreateTime', ms });
  if (type === TimestampType.LogAppendTime) return Object.freeze({ type: 'LogAppendTime', ms });
  return NOT_AVAILABLE;
}
