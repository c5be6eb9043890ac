// consume -e: whether every partition assigned has been read to its end. librdkafka says so per partition with a
// PartitionEOF (enable.partition.eof), once each time a partition's end is reached; a message of the partition
// after that means it grew, and its end is ahead again. The assignment changes with a group's rebalances.

type Partition = { topic: string; partition: number };
const keyOf = ({ topic, partition }: Partition) => `${partition}:${topic}`;

export class PartitionEnds {
  readonly #assigned = new Set<string>();
  readonly #atEnd = new Set<string>();

  assigned(partitions: readonly Partition[]): void {
    for (const partition of partitions) this.#assigned.add(keyOf(partition));
  }

  revoked(partitions: readonly Partition[] | 'all'): void {
    const keys = partitions === 'all' ? [...this.#assigned] : partitions.map(keyOf);
    for (const key of keys) {
      this.#assigned.delete(key);
      this.#atEnd.delete(key);
    }
  }

  message(partition: Partition): void {
    this.#atEnd.delete(keyOf(partition));
  }

  reachedEnd(partition: Partition): void {
    if (this.#assigned.has(keyOf(partition))) this.#atEnd.add(keyOf(partition));
  }

  /** True once something is assigned and every assigned partition is at its end. */
  get allAtEnd(): boolean {
    return this.#assigned.size > 0 && this.#atEnd.size === this.#assigned.size;
  }
}
