'use strict';
// What the two node-rdkafka contenders share: connecting and disconnecting with promises, and a
// waiter for "the next delivery report" (used on a full queue, in latency mode and at the end).
const Kafka = require('node-rdkafka');

const QUEUE_FULL = Kafka.CODES.ERRORS.ERR__QUEUE_FULL;

const connect = (client) => new Promise((resolve, reject) => client.connect({}, (error) => (error ? reject(error) : resolve())));
const disconnect = (client) => new Promise((resolve) => client.disconnect(() => resolve()));

/** Counts delivery reports; next() resolves at the next one. */
class Deliveries {
  done = 0;
  failed = 0;
  firstError = null;
  #wake = null;

  report(error) {
    this.done++;
    if (error) {
      this.failed++;
      this.firstError ??= error;
    }
    if (this.#wake !== null) {
      const resume = this.#wake;
      this.#wake = null;
      resume();
    }
  }

  next() {
    return new Promise((resolve) => (this.#wake = resolve));
  }

  /** Forgets the warm-up message, failing if it was not delivered. */
  reset() {
    if (this.failed > 0) throw this.firstError;
    this.done = 0;
  }
}

module.exports = { Kafka, QUEUE_FULL, connect, disconnect, Deliveries };
