'use strict';
// rdkafka-napi's ThreadedProducer: send per message, a delivery callback per message, no polling
// (a native thread polls). Sends go in slices of SLICE messages with a turn of the event loop between
// them, as a server producing from incoming events would; on QueueFull it waits for the next delivery. With
// `batch`, each slice of `batch` records goes through one sendMany. With `plain` (step 14's plain loop, as users
// write it): one loop that never yields, then `await flush()`, the queue sized so that QueueFull never comes; the
// reports wait for the loop's end.
const { ThreadedProducer, RDKafkaErrorCode, Timeout } = require('../..');
const { Measurement, SLICE, nextTurn, run } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, mode, batch, plain }) => {
  let done = 0;
  let failed = 0;
  let wake = null; // resolves the wait for the next delivery
  const producer = new ThreadedProducer(
    { 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs, ...(plain ? { 'queue.buffering.max.messages': 2 * messages + 1 } : {}) },
    {
      delivery(result) {
        done++;
        if (result.error !== null) failed++;
        if (wake !== null) {
          const resume = wake;
          wake = null;
          resume();
        }
      },
    },
  );
  const nextDelivery = () => new Promise((resolve) => (wake = resolve));
  const record = { topic, payload };
  producer.send(record);
  await producer.flush(10_000);
  done = 0;

  const measurement = new Measurement();
  measurement.start();
  if (mode === 'latency') {
    for (let i = 0; i < messages; i++) {
      const started = process.hrtime.bigint();
      producer.send(record);
      while (done <= i) await nextDelivery();
      measurement.roundTrip(started);
    }
  } else if (plain) {
    const records = new Array(batch).fill(record);
    if (batch > 0) for (let sent = 0; sent < messages; sent += batch) producer.sendMany(messages - sent >= batch ? records : records.slice(0, messages - sent));
    else for (let i = 0; i < messages; i++) producer.send(record);
    await producer.flush(Timeout.Never);
  } else if (batch > 0) {
    const records = new Array(batch).fill(record);
    for (let sent = 0; sent < messages; ) {
      const slice = messages - sent >= batch ? records : records.slice(0, messages - sent);
      for (let from = 0; from < slice.length; ) {
        try {
          producer.sendMany(from === 0 ? slice : slice.slice(from));
          from = slice.length;
        } catch (error) {
          if (error.code !== RDKafkaErrorCode.QueueFull) throw error;
          from += error.enqueued;
          await nextDelivery();
        }
      }
      sent += slice.length;
      await nextTurn();
    }
    while (done < messages) await nextDelivery();
  } else {
    for (let i = 0; i < messages; i++) {
      for (;;) {
        try {
          producer.send(record);
          break;
        } catch (error) {
          if (error.code !== RDKafkaErrorCode.QueueFull) throw error;
          await nextDelivery();
        }
      }
      if (i % SLICE === SLICE - 1) await nextTurn();
    }
    while (done < messages) await nextDelivery();
  }
  measurement.stop();
  await producer.close();
  measurement.report({ delivered: done - failed, failed });
});
