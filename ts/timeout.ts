// Timeouts in milliseconds, as rust-rdkafka's Timeout: a duration, or Never.
import { describe } from './validate';

/**
 * Timeouts are milliseconds, or `Timeout.Never`.
 *
 * @example
 * await producer.send(record, Timeout.Never); // wait for room in the queue as long as it takes
 */
export const Timeout = {
  /** Wait as long as it takes. */
  Never: Infinity,
} as const;

/** @internal A timeout as librdkafka takes it: whole milliseconds, -1 for never. */
export function toTimeoutMs(value: unknown, name: string): number {
  if (value === Infinity) return -1;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new TypeError(`${name} must be a number of milliseconds (>= 0) or Timeout.Never, got ${describe(value)}`);
  }
  return Math.min(Math.floor(value), 2 ** 31 - 1);
}
