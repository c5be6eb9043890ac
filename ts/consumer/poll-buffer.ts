// What a BaseConsumer read ahead of its consumer queue: messages and the other events of that queue (consumer
// errors, rebalances) in queue order, handed out one per poll(). And how much to read next: a read takes as many
// messages as the application went through quickly last time, so a fast loop costs one native call per batch,
// and a slow one reads one message at a time, as rust-rdkafka's poll does (what is read ahead counts as polled
// for max.poll.interval.ms).
import { RDKafkaErrorCode } from '../error-codes';
import { ConsumerEventKind, type NativeConsumeBatch, type NativeConsumerEvent } from '../native';
import { ConsumedMessage, messagesOf } from './message';
import { partitionKey } from './topic-partition';

type Item = ConsumedMessage | NativeConsumerEvent;

/** The most one read takes... */
export const MAX_READ_AHEAD = 1000;
/** ... and about how many bytes of keys, payloads and header values (going by the last read's sizes). */
const READ_BYTES = 1 << 20;
// A read that the application went through within this long was quick: the next may be twice as big.
const QUICK_MS = 10;

/** @internal */
export class PollBuffer {
  #items: Item[] = [];
  #head = 0;
  #readSize = 1;
  #lastRead = 0;
  #lastCount = 0;
  #byteCap = MAX_READ_AHEAD;

  /** The next item, or undefined when nothing is buffered. */
  next(): Item | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head++];
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    }
    return item;
  }

  /** The next item when it is a message (taken), else undefined (left in place). */
  nextMessage(): ConsumedMessage | undefined {
    const item = this.#items[this.#head];
    if (!(item instanceof ConsumedMessage)) return undefined;
    this.next();
    return item;
  }

  get empty(): boolean {
    return this.#head === this.#items.length;
  }

  /** How many messages the next read may take. */
  readSize(): number {
    const now = Date.now();
    if (this.#lastCount >= this.#readSize && now - this.#lastRead <= QUICK_MS) this.#readSize = Math.min(this.#readSize * 2, MAX_READ_AHEAD);
    else if (now - this.#lastRead > QUICK_MS) this.#readSize = Math.max(1, this.#readSize >> 1);
    this.#lastRead = now;
    return Math.min(this.#readSize, this.#byteCap);
  }

  /** A read's batches, in order. */
  push(batches: NativeConsumeBatch[]): void {
    let count = 0;
    let bytes = 0;
    for (const batch of batches) {
      bytes += batch.slab.length;
      const { controls } = batch;
      const messages = messagesOf(batch, () => true);
      count += messages.length;
      let control = 0;
      for (let i = 0; i < messages.length; i++) {
        while (control < controls.length && controls[control][0] <= i) this.#items.push(controls[control++]);
        this.#items.push(messages[i]!);
      }
      while (control < controls.length) this.#items.push(controls[control++]);
    }
    this.#lastCount = count;
    if (count > 0) this.#byteCap = Math.max(1, Math.min(MAX_READ_AHEAD, Math.floor(READ_BYTES / Math.max(1, bytes / count))));
  }

  /** The offset of the first message of a partition not handed out, if any. */
  firstOffset(topic: string, partition: number): number | undefined {
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i];
      if (item instanceof ConsumedMessage && item.partition === partition && item.topic === topic) return item.offset;
    }
    return undefined;
  }

  /** Drops what was read ahead of these partitions ('all', or a set of partition keys): messages, and ends of partition read there. */
  drop(partitions: 'all' | Set<string>): void {
    const dropped = (topic: string, partition: number) => partitions === 'all' || partitions.has(partitionKey(topic, partition));
    this.#items = this.#items.slice(this.#head).filter((item) => {
      if (item instanceof ConsumedMessage) return !dropped(item.topic, item.partition);
      const eof = item[1] === ConsumerEventKind.ConsumerError && item[2] === RDKafkaErrorCode.PartitionEOF && item[4] !== null && item[4] !== '';
      return !(eof && dropped(item[4] as string, item[5]));
    });
    this.#head = 0;
  }

  /** Leaving the group: what was read ahead goes unread (its offsets are not stored). */
  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}
