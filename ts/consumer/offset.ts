// Offsets as values (rust-rdkafka's Offset): a number, or one of librdkafka's logical offsets.
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { describe } from '../validate';

/**
 * A position in a partition: an offset (a whole number >= 0), or a logical one: `'beginning'` (the oldest message),
 * `'end'` (the next message written), `'stored'` (the committed offset, or `auto.offset.reset`), `'invalid'` (none),
 * or `{ tail: n }` (n messages before the end).
 */
export type Offset =
  | number
  | 'beginning'
  | 'end'
  | 'stored'
  | 'invalid'
  | {
      /** How many messages before the end (>= 1). */
      readonly tail: number;
    };

/** The logical offsets, and `Offset.tail(n)`. */
export const Offset = {
  /** The oldest message still in the partition. */
  Beginning: 'beginning',
  /** The next message written to the partition. */
  End: 'end',
  /** The committed offset (or `auto.offset.reset` when there is none). */
  Stored: 'stored',
  /** No offset. */
  Invalid: 'invalid',
  /** `n` messages before the end (n >= 1). */
  tail(n: number): Offset {
    return Object.freeze({ tail: n });
  },
} as const;

// librdkafka's RD_KAFKA_OFFSET_*.
const BEGINNING = -2;
const END = -1;
const STORED = -1000;
const INVALID = -1001;
const TAIL_BASE = -2000;

/**
 * @internal An Offset as librdkafka takes it (Rust's `Offset::to_raw`); undefined when it cannot be represented (a
 * negative number, `tail(n)` with n < 1, anything else). Throws a TypeError for what is not an Offset at all.
 */
export function rawOffset(offset: unknown, name: string): number | undefined {
  if (typeof offset === 'number') {
    if (!Number.isInteger(offset)) throw new TypeError(`${name} must be a whole number or an Offset, got ${describe(offset)}`);
    return offset >= 0 && offset <= Number.MAX_SAFE_INTEGER ? offset : undefined;
  }
  switch (offset) {
    case 'beginning':
      return BEGINNING;
    case 'end':
      return END;
    case 'stored':
      return STORED;
    case 'invalid':
      return INVALID;
  }
  if (typeof offset === 'object' && offset !== null && 'tail' in offset) {
    const tail = (offset as { tail: unknown }).tail;
    if (typeof tail !== 'number' || !Number.isInteger(tail)) throw new TypeError(`${name}.tail must be a whole number, got ${describe(tail)}`);
    return tail >= 1 ? TAIL_BASE - tail : undefined;
  }
  throw new TypeError(`${name} must be a whole number, 'beginning', 'end', 'stored', 'invalid' or { tail: n }, got ${describe(offset)}`);
}

/** @internal rawOffset, or a SetPartitionOffset(InvalidArgument) KafkaError (Rust's list building). */
export function listOffset(offset: unknown, name: string): number {
  const raw = rawOffset(offset, name);
  if (raw === undefined) throw new KafkaError('SetPartitionOffset', RDKafkaErrorCode.InvalidArgument, { detail: `${name} is not a representable offset: ${describe(offset)}` });
  return raw;
}

/** @internal A raw offset from librdkafka as an Offset (Rust's `Offset::from_raw`). */
export function fromRawOffset(raw: number): Offset {
  if (raw >= 0) return raw;
  switch (raw) {
    case BEGINNING:
      return Offset.Beginning;
    case END:
      return Offset.End;
    case STORED:
      return Offset.Stored;
  }
  if (raw < TAIL_BASE) return Offset.tail(TAIL_BASE - raw);
  return Offset.Invalid;
}

/**
 * @internal Where a consumer without `group.id` starts a partition assigned at `raw`: it has no committed offset, so
 * `'stored'` and no offset follow `auto.offset.reset` (librdkafka's default, `largest`: the end).
 */
export function groupLessStart(raw: number, autoOffsetReset: string | undefined): number {
  if (raw !== STORED && raw !== INVALID) return raw;
  return ['smallest', 'earliest', 'beginning'].includes(autoOffsetReset ?? '') ? BEGINNING : END;
}
