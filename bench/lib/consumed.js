'use strict';
// What every consumer contender checks, as the C floor does: each partition's offsets in order without a gap or a
// repeat, each payload of the size written. Any surprise ends the run (a benchmark of a consumer that loses or
// repeats messages would measure nothing).
class ConsumedCheck {
  #next;
  #size;
  count = 0;

  constructor(partitions, size) {
    this.#next = new Array(partitions).fill(0);
    this.#size = size;
  }

  /** One message: partition, offset, payload length. */
  add(partition, offset, length) {
    if (offset !== this.#next[partition] || length !== this.#size) {
      throw new Error(`unexpected message: partition ${partition} offset ${offset} (expected ${this.#next[partition]}), ${length} bytes`);
    }
    this.#next[partition]++;
    this.count++;
  }
}

/**
 * The configuration every consumer contender shares: the group's offsets are not used, the topic is read from its
 * start, plus the workload's `settings` (the same for the C floors).
 */
function consumerConfig({ bootstrap, settings }, prefix) {
  return {
    'bootstrap.servers': bootstrap,
    'group.id': `${prefix}-${process.pid}-${Date.now()}`,
    'enable.auto.commit': false,
    'auto.offset.reset': 'earliest',
    ...settings,
  };
}

/** Every partition of the topic, from its first message. */
const allPartitions = (topic, partitions) => Array.from({ length: partitions }, (_, partition) => ({ topic, partition, offset: 'beginning' }));

module.exports = { ConsumedCheck, consumerConfig, allPartitions };
