// sendMany's side of the crossing into native code: records staged for one call, their numbers written into one
// ArrayBuffer (read in place by src/producer/staged_records.h: keep the layouts in step) and their values (payload,
// key, headers: those present) into the call's arguments, which the addon reads at no cost, unlike an array's
// elements. Both are reused from call to call.
import { SendShape } from '../native';
import type { RecordFields } from './record';

/** How many records one native call takes: a longer array goes in runs of this many (kMaxStagedRecords in C++). */
export const STAGED_RECORDS = 1024;

// StagedHeader: refusal (int32), enqueued (uint32). StagedRecord: topic id, partition, opaque id, shape (32 bits
// each), timestamp (float64): six int32 slots, the last two of them the float64.
const HEADER_INTS = 2;
const RECORD_INTS = 6;

/** @internal The SendShape bits of checked fields: which optional values are present, and which are strings. */
export function shapeOf(fields: RecordFields): number {
  const { payload, key, headers, timestamp } = fields;
  return (
    (payload == null ? 0 : typeof payload === 'string' ? SendShape.Payload | SendShape.PayloadString : SendShape.Payload) |
    (key == null ? 0 : typeof key === 'string' ? SendShape.Key | SendShape.KeyString : SendShape.Key) |
    (headers === undefined ? 0 : SendShape.Headers) |
    (timestamp === undefined ? 0 : SendShape.Timestamp)
  );
}

/** @internal */
export class SendStaging {
  readonly buffer = new ArrayBuffer((HEADER_INTS + RECORD_INTS * STAGED_RECORDS) * 4);
  /** The arguments of the native call: the buffer, the count, then each record's values that are present. */
  readonly args: [ArrayBuffer, number, ...unknown[]] = [this.buffer, 0];
  readonly #ints = new Int32Array(this.buffer);
  readonly #floats = new Float64Array(this.buffer);
  #count = 0;

  /** How many records are staged. */
  get count(): number {
    return this.#count;
  }

  get full(): boolean {
    return this.#count === STAGED_RECORDS;
  }

  stage(topicId: number, opaqueId: number, fields: RecordFields, shape: number): void {
    const i = this.#count++;
    const at = HEADER_INTS + RECORD_INTS * i;
    const ints = this.#ints;
    ints[at] = topicId;
    ints[at + 1] = fields.partition;
    ints[at + 2] = opaqueId;
    ints[at + 3] = shape;
    if (fields.timestamp !== undefined) this.#floats[(at + 4) / 2] = fields.timestamp;
    const args = this.args;
    if ((shape & SendShape.Payload) !== 0) args.push(fields.payload);
    if ((shape & SendShape.Key) !== 0) args.push(fields.key);
    if ((shape & SendShape.Headers) !== 0) args.push(fields.headers);
    args[1] = this.#count;
  }

  /** The opaque id staged for record `i`. */
  opaqueId(i: number): number {
    return this.#ints[HEADER_INTS + RECORD_INTS * i + 2];
  }

  /** After a call that queued fewer than were staged without throwing: the refused record's error code. */
  get refusal(): number {
    return this.#ints[0];
  }

  /** How many records the last call queued before it threw. */
  get enqueued(): number {
    return this.#ints[1];
  }

  /** Empties the staging, letting go of the values (they may be large and are the caller's). */
  clear(): void {
    this.args.length = 2;
    this.args[1] = 0;
    this.#count = 0;
    this.#ints[0] = 0;
    this.#ints[1] = 0;
  }
}
