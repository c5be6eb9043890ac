// The offsets of the messages a consumer has handed out and not yet stored in librdkafka (A8): a consumer reads
// ahead, so librdkafka must not store offsets as it reads (enable.auto.offset.store is off underneath); the
// consumer stores, in one call, the offset after the last message of each partition it handed out.
import type { NativePartitionIn } from '../native';
import type { ConsumedMessage } from './message';

/** @internal */
export class HandedOutOffsets {
  readonly #byTopic = new Map<string, Map<number, number>>();
  #count = 0;
  // Most messages follow one of the same topic: its partitions are kept at hand.
  #lastTopic: string | undefined;
  #lastPartitions: Map<number, number> | undefined;

  /** Notes a message handed out; true when it is the first since the last take(). */
  add(message: ConsumedMessage): boolean {
    let partitions = this.#lastTopic === message.topic ? this.#lastPartitions : this.#byTopic.get(message.topic);
    if (partitions === undefined) this.#byTopic.set(message.topic, (partitions = new Map()));
    this.#lastTopic = message.topic;
    this.#lastPartitions = partitions;
    // Handed out in order within a partition: the latest wins.
    partitions.set(message.partition, message.offset + 1);
    return this.#count++ === 0;
  }

  /** What to store (each partition's next offset), or null when nothing was handed out since the last call. */
  take(): NativePartitionIn[] | null {
    if (this.#count === 0) return null;
    const list: NativePartitionIn[] = [];
    for (const [topic, partitions] of this.#byTopic) for (const [partition, offset] of partitions) list.push([topic, partition, offset, null]);
    this.#byTopic.clear();
    this.#lastTopic = undefined;
    this.#lastPartitions = undefined;
    this.#count = 0;
    return list;
  }
}
