// Topic-partition lists are plain arrays of plain objects (rust-rdkafka's TopicPartitionList), in order.
import { KafkaError, type KafkaErrorKind } from '../errors';
import type { NativePartition, NativePartitionIn } from '../native';
import { describe, partitionNumber, topicName } from '../validate';
import { type Offset, fromRawOffset, listOffset } from './offset';

/** A partition of a topic, with an offset (a position, a timestamp, ... depending on the call) and commit metadata. */
export interface TopicPartition {
  /** The topic. */
  topic: string;
  /** The partition (-1 in a subscription: the whole topic). */
  partition: number;
  /** The offset; omitted means `Offset.Invalid`. */
  offset?: Offset;
  /** Commit metadata: a string stored with the committed offset. */
  metadata?: string;
  /** What went wrong for this partition, when the call reports per partition; otherwise null. */
  error?: KafkaError | null;
}

const INVALID = -1001;

/**
 * @internal A list from the user as the addon takes it; each entry's fields are read once. `offsets: 'required'` for
 * calls where an offset is the point (commit, seek, storeOffsets, offsetsForTimes).
 */
export function toNativeList(list: unknown, name: string, options: { offsets?: 'required' | 'optional'; raw?: boolean } = {}): NativePartitionIn[] {
  if (!Array.isArray(list)) throw new TypeError(`${name} must be an array of { topic, partition, offset? }, got ${describe(list)}`);
  return list.map((entry: unknown, i): NativePartitionIn => {
    const where = `${name}[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw new TypeError(`${where} must be an object { topic, partition, offset? }, got ${describe(entry)}`);
    const { topic, partition, offset, metadata } = entry as Partial<TopicPartition>;
    const checkedTopic = topicName(topic, `${where}.topic`);
    const checkedPartition = partitionNumber(partition, `${where}.partition`);
    let raw = INVALID;
    if (offset === undefined) {
      if (options.offsets === 'required') throw new TypeError(`${where}.offset is required`);
    } else if (options.raw) {
      if (typeof offset !== 'number' || !Number.isInteger(offset)) throw new TypeError(`${where}.offset must be a whole number, got ${describe(offset)}`);
      raw = offset;
    } else {
      raw = listOffset(offset, `${where}.offset`);
    }
    if (metadata !== undefined && typeof metadata !== 'string') throw new TypeError(`${where}.metadata must be a string, got ${describe(metadata)}`);
    return [checkedTopic, checkedPartition, raw, metadata ?? null];
  });
}

/** @internal A list from the addon; per-partition error codes become KafkaErrors of `errorKind`. */
export function fromNativeList(list: NativePartition[], errorKind: KafkaErrorKind, options: { raw?: boolean } = {}): TopicPartition[] {
  return list.map(([topic, partition, offset, metadata, code]) => {
    const entry: TopicPartition = { topic, partition, offset: options.raw ? offset : fromRawOffset(offset), error: code === 0 ? null : new KafkaError(errorKind, code) };
    if (metadata !== null) entry.metadata = metadata;
    return entry;
  });
}

/** @internal The key of a topic-partition in maps. */
export function partitionKey(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}
