'use strict';
// node-rdkafka's HighLevelProducer: produce() with a callback per message (it polls by itself, every
// millisecond while deliveries are outstanding). Sends go in slices of SLICE messages with a turn of
// the event loop between them. A full queue comes back through the callback, synchronously, before
// anything was sent: then it waits for the next delivery and retries. Partition null: librdkafka's
// default partitioner (no key: random partition).
const { Kafka, QUEUE_FULL, connect, Deliveries, measureSends } = require('./rdkafka-common');
const { run } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, mode }) => {
  const producer = new Kafka.HighLevelProducer({ 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs });
  const deliveries = new Deliveries();
  let queueFull = false;
  const delivered = (error) => {
    if (error && error.code === QUEUE_FULL) queueFull = true;
    else deliveries.report(error);
  };
  await connect(producer);
  // A full queue is reported through the callback, synchronously, before produce() returns.
  const trySend = () => {
    queueFull = false;
    producer.produce(topic, null, payload, null, null, delivered);
    return !queueFull;
  };
  await measureSends(producer, deliveries, trySend, { messages, mode });
});
