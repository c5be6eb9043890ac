'use strict';
// What the peer consumers share: the clock and the check of every message (bench/lib/consumed.js's ConsumedCheck:
// partition, offset in order without a gap or a repeat, payload size), started at the first message and stopped at
// the last one; and a promise that settles when the last message was counted (or a message was wrong), for the
// clients that call back into the contender rather than being iterated.
const { Measurement } = require('../lib/contender');
const { ConsumedCheck } = require('../lib/consumed');

/** The librdkafka-level fetch settings the kafkajs-like clients are given by their own names (README.md). */
const fetchSettings = {
  // librdkafka's defaults: fetch.min.bytes, fetch.max.bytes, max.partition.fetch.bytes, fetch.wait.max.ms.
  minBytes: 1,
  maxBytes: 52_428_800,
  maxBytesPerPartition: 1_048_576,
  maxWaitMs: 500,
};

class Consumed {
  #check;
  #messages;
  #resolve;
  #reject;
  measurement = new Measurement();
  /** Settles when the last message was counted, or rejects with the first wrong one. */
  done;

  constructor({ partitions, size, messages }) {
    this.#check = new ConsumedCheck(partitions, size);
    this.#messages = messages;
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Awaited by the contenders that wait for it; the others see the error where add() throws it.
    this.done.catch(() => {});
  }

  get count() {
    return this.#check.count;
  }

  get complete() {
    return this.#check.count >= this.#messages;
  }

  /** Counts one message; returns whether it was the last one. */
  add(partition, offset, length) {
    if (this.#check.count === 0) this.measurement.start();
    try {
      this.#check.add(partition, offset, length);
    } catch (error) {
      this.fail(error);
      throw error;
    }
    if (this.#check.count !== this.#messages) return false;
    this.measurement.stop();
    this.#resolve();
    return true;
  }

  fail(error) {
    this.#reject(error);
  }

  report() {
    this.measurement.report({ consumed: this.#check.count });
  }
}

module.exports = { Consumed, fetchSettings };
