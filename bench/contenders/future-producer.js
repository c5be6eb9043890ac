'use strict';
// rdkafka-napi's FutureProducer: a promise per message, all of them awaited. Sends go in slices of
// SLICE messages with a turn of the event loop between them; a send that meets a full queue waits
// inside the producer (Timeout.Never) for room.
const { FutureProducer, Timeout } = require('../..');
const { Measurement, SLICE, nextTurn, run } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, mode }) => {
  const producer = new FutureProducer({ 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs });
  const record = { topic, payload };
  await producer.send(record, Timeout.Never);

  const measurement = new Measurement();
  measurement.start();
  if (mode === 'latency') {
    for (let i = 0; i < messages; i++) {
      const started = process.hrtime.bigint();
      await producer.send(record, Timeout.Never);
      measurement.roundTrip(started);
    }
  } else {
    const deliveries = new Array(messages);
    for (let i = 0; i < messages; i++) {
      deliveries[i] = producer.send(record, Timeout.Never);
      if (i % SLICE === SLICE - 1) await nextTurn();
    }
    await Promise.all(deliveries);
  }
  measurement.stop();
  await producer.close();
  measurement.report({ delivered: messages, failed: 0 });
});
