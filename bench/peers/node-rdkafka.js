'use strict';
// node-rdkafka's Producer, its fastest documented path: produce() per message, delivery reports as
// 'delivery-report' events (dr_cb), polled by setPollInterval. Sends go in slices of SLICE messages
// with a turn of the event loop between them; on QueueFull it waits for the next delivery report
// and retries. Partition null: librdkafka's default partitioner (no key: random partition).
const { Kafka, QUEUE_FULL, connect, disconnect, Deliveries } = require('./rdkafka-common');
const { Measurement, SLICE, nextTurn, run } = require('../lib/contender');

// Delivery reports reach JavaScript only when the producer is polled: the shortest interval, so
// that neither the round trip nor a wait on a full queue is lengthened by the timer.
const POLL_INTERVAL_MS = 1;

run(async ({ bootstrap, topic, messages, payload, lingerMs, mode }) => {
  const producer = new Kafka.Producer({ 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs, dr_cb: true });
  const deliveries = new Deliveries();
  producer.on('delivery-report', (error) => deliveries.report(error));
  await connect(producer);
  producer.setPollInterval(POLL_INTERVAL_MS);
  const send = () => producer.produce(topic, null, payload);
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
      for (;;) {
        try {
          send();
          break;
        } catch (error) {
          if (error.code !== QUEUE_FULL) throw error;
          await deliveries.next();
        }
      }
      if (i % SLICE === SLICE - 1) await nextTurn();
    }
    while (deliveries.done < messages) await deliveries.next();
  }
  measurement.stop();
  if (deliveries.firstError !== null) console.error(deliveries.firstError);
  await disconnect(producer);
  measurement.report({ delivered: deliveries.done - deliveries.failed, failed: deliveries.failed });
});
