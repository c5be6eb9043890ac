// What delivery reports carry: timestamps, delivered messages, owned (failed) messages.

export type Timestamp = { type: 'NotAvailable' } | { type: 'CreateTime' | 'LogAppendTime'; ms: number };

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
  topic: string;
  partition: number;
  offset: number;
  timestamp: Timestamp;
}

/** A message handed back whole (on delivery failure), so it can be inspected or sent again. */
export interface OwnedMessage {
  topic: string;
  /** The partition it was assigned, or -1 when it failed before partitioning. */
  partition: number;
  /** -1001 (librdkafka's "invalid offset") for messages that were never written. */
  offset: number;
  timestamp: Timestamp;
  key: Buffer | null;
  payload: Buffer | null;
  headers: Array<{ key: string; value: Buffer | null }>;
}

const NOT_AVAILABLE: Timestamp = Object.freeze({ type: 'NotAvailable' }) as Timestamp;

/**
 * @internal librdkafka's rd_kafka_timestamp_type_t and value to a Timestamp. Frozen: messages sent in
 * the same millisecond share one (see dispatchReports), so none may be changed through another.
 */
export function toTimestamp(type: number, ms: number): Timestamp {
  if (type === 1) return Object.freeze({ type: 'CreateTime', ms });
  if (type === 2) return Object.freeze({ type: 'LogAppendTime', ms });
  return NOT_AVAILABLE;
}
