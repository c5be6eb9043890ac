'use strict';
// What the two node-rdkafka producer contenders share: connecting and disconnecting with promises, a
// waiter for "the next delivery report" (used on a full queue, in latency mode and at the end), and the
// timed loop itself; they differ only in how one message is sent. The consumer contenders use connect
// and disconnect.
const Kafka = require('node-rdkafka');
const { Measurement, SLICE, nextTurn } = require('../lib/contender');

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

/**
 * Sends the warm-up message and waits for it, then times `messages` messages: in slices of SLICE with a
 * turn of the event loop between them, waiting for the next delivery whenever the queue is full; or, in
 * latency mode, one at a time, each delivery awaited. Then disconnects and reports.
 * trySend() sends one message, or returns false when the queue was full (nothing sent).
 */
async function measureSends(producer, deliveries, trySend, { messages, mode }) {
  trySend(); // the warm-up message
  await deliveries.next();
  deliveries.reset();

  const measurement = new Measurement();
  measurement.start();
  if (mode === 'latency') {
    for (let i = 0; i < messages; i++) {
      const started = process.hrtime.bigint();
      trySend();
      while (deliveries.done <= i) await deliveries.next();
      measurement.roundTrip(started);
    }
  } else {
    for (let i = 0; i < messages; i++) {
      while (!trySend()) await deliveries.next();
      if (i % SLICE === SLICE - 1) await nextTurn();
    }
    while (deliveries.done < messages) await deliveries.next();
  }
  measurement.stop();
  if (deliveries.firstError !== null) console.error(deliveries.firstError);
  await disconnect(producer);
  measurement.report({ delivered: deliveries.done - deliveries.failed, failed: deliveries.failed });
}

module.exports = { Kafka, QUEUE_FULL, connect, disconnect, Deliveries, measureSends };
