// Argument checks, each rule written once. A bad argument is a TypeError (a RangeError when only its size is
// wrong) naming it, thrown before anything reaches librdkafka. Messages show the value by its type first, so that
// the string '100' and the number 100, or an empty array and an empty string, are never mistaken for one another.
import { PARTITION_UA } from './message';

const INT32_MAX = 2 ** 31 - 1;

/** @internal e.g. `number 42`, `string "42"`, `an array`, `an object (Date)`, `null`, `undefined`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : `an object (${constructorName(value)})`;
  if (typeof value === 'symbol') return `symbol ${value.description ?? ''}`;
  return `${typeof value} ${String(value)}`;
}

function constructorName(value: object): string {
  try {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name.length > 0 ? name : 'Object';
  } catch {
    return 'Object'; // a hostile getter or Proxy: the message must still be built
  }
}

/** @internal The rule behind the whole-number checks, for callers that word their own error (the CLI's flags). */
export function isWholeNumber(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** @internal A whole number from `min` to `max`: a TypeError when it is not one, a RangeError when it is out of range. */
export function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be a whole number, got ${describe(value)}`);
  }
  if (value < min || value > max) throw new RangeError(`${name} must be from ${min} to ${max}, got ${value}`);
  return value;
}

/** @internal A partition number; with `unassigned`, -1 (the partitioner chooses) too. */
export function partitionNumber(value: unknown, name: string, unassigned = false): number {
  if (!isWholeNumber(value, unassigned ? PARTITION_UA : 0, INT32_MAX)) {
    throw new TypeError(`${name} must be a whole number >= 0${unassigned ? ' (or -1 for unassigned)' : ''}, got ${describe(value)}`);
  }
  return value;
}

/** @internal An offset in a partition. */
export function offsetNumber(value: unknown, name: string): number {
  if (!isWholeNumber(value, 0, Number.MAX_SAFE_INTEGER)) throw new TypeError(`${name} must be a whole number >= 0, got ${describe(value)}`);
  return value;
}

/** @internal A string with something in it. */
export function nonEmptyString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string, got ${describe(value)}`);
  return value;
}

/** @internal A string that reaches C whole: C would cut it at a NUL character. */
export function withoutNul(value: string, name: string): string {
  if (value.includes('\0')) throw new TypeError(`${name} must not contain NUL characters`);
  return value;
}

/**
 * @internal A topic name: a non-empty string without NUL characters. With `nullable`, null (every topic) too. Records
 * word the first two rules as one (`record.topic must be a non-empty string`), as they always have; the other callers
 * say which one failed, and their tests pin both wordings.
 */
export function topicName(value: unknown, name: string, options: { nullable?: boolean; asOneRule?: boolean } = {}): string {
  if (options.asOneRule) return withoutNul(nonEmptyString(value, name), name);
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string${options.nullable ? ' or null' : ''}, got ${describe(value)}`);
  if (value.length === 0) throw new TypeError(`${name} must not be empty`);
  return withoutNul(value, name);
}

/** @internal Key, payload and header value bytes: a Buffer, Uint8Array, string (sent as UTF-8) or null. */
export function bytesOrNull(value: unknown, name: string): string | Uint8Array | null {
  if (value !== null && typeof value !== 'string' && !(value instanceof Uint8Array)) {
    throw new TypeError(`${name} must be a Buffer, Uint8Array, string or null, got ${describe(value)}`);
  }
  return value;
}

/** @internal An object (not null); `expected` says what kind, in the message. */
export function objectArg(value: unknown, name: string, expected = 'an object'): object {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${name} must be ${expected}, got ${describe(value)}`);
  return value;
}

/** @internal An optional callback: undefined, or a function. A TypeError naming it now beats an uncaught one at the first call. */
export function callback<F>(value: F, name: string): F {
  if (value !== undefined && typeof value !== 'function') throw new TypeError(`${name} must be a function, got ${describe(value)}`);
  return value;
}
