'use strict';
// The timing loop of the peers whose API takes a batch and settles once all of it is acknowledged
// (@platformatic/kafka, kafkajs, and @confluentinc/kafka-javascript's KafkaJS API). None of them has
// a per-message send worth measuring, so their fast path is the caller's batching: BATCH messages a
// send, at most IN_FLIGHT sends outstanding (the Produce requests pipeline on the connection), and
// a turn of the event loop between batches, as a server producing from incoming events would.
const { Measurement, nextTurn } = require('../lib/contender');

const BATCH = 1000;
const IN_FLIGHT = 8;

/**
 * Times `messages` messages through send(count), which sends `count` messages and settles when the
 * broker acknowledged them (or rejects if any failed: the whole batch counts as failed then).
 * mode 'latency': one message a send, each awaited, its round trip recorded.
 * Resolves { measurement, delivered, failed } once the last send settled.
 */
async function timeBatches({ messages, mode }, send) {
  let delivered = 0;
  let failed = 0;
  let firstError = null;
  const settled = (count) => [
    () => (delivered += count),
    (error) => {
      failed += count;
      firstError ??= error;
    },
  ];

  const measurement = new Measurement();
  measurement.start();
  if (mode === 'latency') {
    for (let i = 0; i < messages; i++) {
      const started = process.hrtime.bigint();
      await send(1).then(...settled(1));
      measurement.roundTrip(started);
    }
  } else {
    const inFlight = new Set();
    for (let sent = 0; sent < messages; sent += BATCH) {
      const count = Math.min(BATCH, messages - sent);
      const batch = send(count)
        .then(...settled(count))
        .finally(() => inFlight.delete(batch));
      inFlight.add(batch);
      await (inFlight.size >= IN_FLIGHT ? Promise.race(inFlight) : nextTurn());
    }
    await Promise.all(inFlight);
  }
  measurement.stop();
  // Failures are reported in the counts; the first error says why.
  if (firstError !== null) console.error(firstError);
  return { measurement, delivered, failed };
}

module.exports = { timeBatches, BATCH, IN_FLIGHT };
