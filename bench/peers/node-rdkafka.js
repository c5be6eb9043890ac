'use strict';
// node-rdkafka's Producer, its fastest documented path: produce() per message, delivery reports as
// 'delivery-report' events (dr_cb), polled by setPollInterval. Sends go in slices of SLICE messages
// with a turn of the event loop between them; on QueueFull it waits for the next delivery report
// and retries. Partition null: librdkafka's default partitioner (no key: random partition).
const { Kafka, QUEUE_FULL, connect, Deliveries, measureSends } = require('./rdkafka-common');
const { run } = require('../lib/contender');

// Delivery reports reach JavaScript only when the producer is polled: the shortest interval, so
// that neither the round trip nor a wait on a full queue is lengthened by the timer.
const POLL_INTERVAL_MS = 1;

run(async ({ bootstrap, topic, messages, payload, lingerMs, mode }) => {
  const producer = new Kafka.Producer({ 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs, dr_cb: true });
  const deliveries = new Deliveries();
  producer.on('delivery-report', (error) => deliveries.report(error));
  await connect(producer);
  producer.setPollInterval(POLL_INTERVAL_MS);
  const trySend = () => {
    try {
      producer.produce(topic, null, payload);
      return true;
    } catch (error) {
      if (error.code !== QUEUE_FULL) throw error;
      return false;
    }
  };
  await measureSends(producer, deliveries, trySend, { messages, mode });
});
