'use strict';
// node-rdkafka's HighLevelProducer: produce() with a callback per message (it polls by itself, every
// millisecond while deliveries are outstanding). Sends go in slices of SLICE messages with a turn of
// the event loop between them. A full queue comes back through the callback, synchronously, before
// anything was sent: then it waits for the next delivery and retries. Partition null: librdkafka's
// default partitioner (no key: random partition).
const { Kafka, QUEUE_FULL, connect, disconnect, Deliveries } = require('./rdkafka-common');
const { Measurement, SLICE, nextTurn, run } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, mode }) => {
  const producer = new Kafka.HighLevelProducer({ 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs });
  const deliveries = new Deliveries();
  let queueFull = false;
  const delivered = (error) => {
    if (error && error.code === QUEUE_FULL) queueFull = true;
    else deliveries.report(error);
  };
  await connect(producer);
  /** Sends one message; false if the queue was full (nothing was sent). */
  const send = () => {
    queueFull = false;
    producer.produce(topic, null, payload, null, null, delivered);
    return !queueFull;
  };
  send(); // the warm-up message
  await deliveries.next();
  deliveries.reset();

  const measurement = new Measurement();
  measurement.start();
  if (mode === 'latency') {
    for (let i = 0; i < messages; i++) {
      const started = process.hrtime.bigint();
      send();
      while (deliveries.done <= i) await deliveries.next();
      measurement.roundTrip(started);
    }
  } else {
    for (let i = 0; i < messages; i++) {
      while (!send()) await deliveries.next();
      if (i % SLICE === SLICE - 1) await nextTurn();
    }
    while (deliveries.done < messages) await deliveries.next();
  }
  measurement.stop();
  if (deliveries.firstError !== null) console.error(deliveries.firstError);
  await disconnect(producer);
  measurement.report({ delivered: deliveries.done - deliveries.failed, failed: deliveries.failed });
});
