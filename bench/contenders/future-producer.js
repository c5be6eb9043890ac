'use strict';
// rdkafka-napi's FutureProducer: a promise per message, all of them awaited. Sends go in slices of
// SLICE messages with a turn of the event loop between them, each slice awaited as a whole
// (Promise.all over a million promises at once would itself stall the event loop for a quarter of a
// second); a send that meets a full queue waits inside the producer (Timeout.Never) for room.
// Reports the most futures outstanding (sent, not yet settled) at any turn, and, measured before
// timing starts, the heap bytes each outstanding future holds (run with --expose-gc). With `batch`, each
// slice goes through one sendMany.
const { FutureProducer, Timeout } = require('../..');
const { Measurement, SLICE, nextTurn, run } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, mode, batch }) => {
  const producer = new FutureProducer({ 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs });
  const record = { topic, payload };
  await producer.send(record, Timeout.Never);
  const bytesPerFuture = mode === 'latency' ? undefined : await heapBytesPerFuture(producer, record);

  const measurement = new Measurement();
  measurement.start();
  if (mode === 'latency') {
    for (let i = 0; i < messages; i++) {
      const started = process.hrtime.bigint();
      await producer.send(record, Timeout.Never);
      measurement.roundTrip(started);
    }
  } else {
    const slices = [];
    let settled = 0;
    let peakOutstanding = 0;
    const records = batch > 0 ? new Array(batch).fill(record) : [];
    for (let sent = 0; sent < messages; ) {
      let slice = [];
      if (batch > 0) {
        slice = producer.sendMany(messages - sent >= batch ? records : records.slice(0, messages - sent), Timeout.Never);
        sent += slice.length;
      } else {
        for (let i = 0; i < SLICE && sent < messages; i++, sent++) slice.push(producer.send(record, Timeout.Never));
      }
      slices.push(Promise.all(slice).then((deliveries) => (settled += deliveries.length)));
      peakOutstanding = Math.max(peakOutstanding, sent - settled);
      await nextTurn();
    }
    await Promise.all(slices);
    measurement.peakOutstanding = peakOutstanding;
  }
  measurement.stop();
  await producer.close();
  measurement.report({ delivered: messages, failed: 0, peakOutstanding: measurement.peakOutstanding, bytesPerFuture, extraMessages: bytesPerFuture === undefined ? 0 : PROBE });
});

const PROBE = 20_000;

/**
 * The heap each outstanding future holds: PROBE sends issued at once (none can settle before the event
 * loop turns), with a full collection before and after, then awaited. The probe's own array counts too.
 */
async function heapBytesPerFuture(producer, record) {
  if (typeof global.gc !== 'function') return undefined;
  global.gc();
  const before = process.memoryUsage().heapUsed;
  const outstanding = [];
  for (let i = 0; i < PROBE; i++) outstanding.push(producer.send(record, Timeout.Never));
  global.gc();
  const bytes = (process.memoryUsage().heapUsed - before) / PROBE;
  await Promise.all(outstanding);
  return Math.round(bytes);
}
