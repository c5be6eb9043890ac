// Consumed messages: built from a batch's struct of arrays; keys, payloads and header values are views of the
// batch's slab (one allocation per batch), until detach() copies them out.
import { type Timestamp, toTimestamp } from '../message';
import type { NativeConsumeBatch } from '../native';

/** A header of a consumed message. */
export interface MessageHeader {
  /** The header's name. */
  readonly key: string;
  /** Its bytes, or null (not the same as empty). */
  readonly value: Buffer | null;
}

/**
 * A consumed message. Its key, payload and header values are views of a buffer shared with the other messages of
 * its batch: keep a few messages for long with `detach()`, which copies them, so the batch can be freed.
 * Assignable to the producers' `OwnedMessage`.
 */
export interface Message {
  /** The topic it was read from. */
  readonly topic: string;
  /** Its partition. */
  readonly partition: number;
  /** Its offset in that partition. */
  readonly offset: number;
  /** When the producer made it (CreateTime) or the broker wrote it (LogAppendTime), or NotAvailable. */
  readonly timestamp: Timestamp;
  /** Its key's bytes, or null (not the same as empty). */
  readonly key: Buffer | null;
  /** Its payload's bytes, or null (not the same as empty). */
  readonly payload: Buffer | null;
  /** Its headers, in order, duplicates kept; `[]` when none. */
  readonly headers: ReadonlyArray<MessageHeader>;
  /** A copy that shares no memory with its batch. */
  detach(): Message;
}

const NO_HEADERS: ReadonlyArray<MessageHeader> = Object.freeze([]);

/** @internal */
export class ConsumedMessage implements Message {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly timestamp: Timestamp,
    readonly key: Buffer | null,
    readonly payload: Buffer | null,
    readonly headers: ReadonlyArray<MessageHeader>,
  ) {}

  detach(): Message {
    const copy = (bytes: Buffer | null) => (bytes === null ? null : Buffer.from(bytes));
    const headers = this.headers.length === 0 ? NO_HEADERS : Object.freeze(this.headers.map((h) => Object.freeze({ key: h.key, value: copy(h.value) })));
    return new ConsumedMessage(this.topic, this.partition, this.offset, this.timestamp, copy(this.key), copy(this.payload), headers);
  }
}

function view(slab: Buffer, start: number, length: number): Buffer | null {
  return start < 0 ? null : slab.subarray(start, start + length);
}

/** @internal The messages of a batch, in order; `keep(i)` says whether message i is wanted (not dropped). */
export function messagesOf(batch: NativeConsumeBatch, keep: (topic: string, partition: number) => boolean): Array<ConsumedMessage | null> {
  const { topicNames, topics, partitions, offsets, timestamps, timestampTypes, slab, keyStarts, keyLengths, payloadStarts, payloadLengths, headerCounts } = batch;
  const count = partitions.length;
  const messages = new Array<ConsumedMessage | null>(count);
  let header = 0;
  // Messages produced together share their timestamp: one frozen object for a run of them.
  let stampType = -1;
  let stampMs = -1;
  let stamp: Timestamp | undefined;
  for (let i = 0; i < count; i++) {
    const topic = topicNames[topics[i]];
    const partition = partitions[i];
    let headers = NO_HEADERS;
    const headerCount = headerCounts === null ? 0 : headerCounts[i];
    if (headerCount > 0) {
      const list: MessageHeader[] = [];
      for (let h = 0; h < headerCount; h++, header++) {
        list.push(Object.freeze({ key: batch.headerKeys![header], value: view(slab, batch.headerStarts![header], batch.headerLengths![header]) }));
      }
      headers = Object.freeze(list);
    }
    if (!keep(topic, partition)) {
      messages[i] = null;
      continue;
    }
    messages[i] = new ConsumedMessage(
      topic,
      partition,
      offsets[i],
      timestampTypes[i] === stampType && timestamps[i] === stampMs ? stamp! : (stamp = toTimestamp((stampType = timestampTypes[i]), (stampMs = timestamps[i]))),
      view(slab, keyStarts[i], keyLengths[i]),
      view(slab, payloadStarts[i], payloadLengths[i]),
      headers,
    );
  }
  return messages;
}
