'use strict';
// node-rdkafka's KafkaConsumer in flowing mode, its fastest documented path ("keeps a background thread running to
// fetch the messages as quickly as it can"): consume() with no count starts a native thread that calls librdkafka's
// consumer_poll per message and hands each message to JavaScript as a 'data' event. Its partitions are assigned from
// the beginning, as the C floor's are; librdkafka settings as the C floor's (consumerConfig).
const Kafka = require('node-rdkafka');
const { run } = require('../lib/contender');
const { allPartitions, consumerConfig } = require('../lib/consumed');
const { Consumed } = require('./consumed');
const { connect, disconnect } = require('./rdkafka-common');

run(async (workload) => {
  const { topic, partitions } = workload;
  const consumer = new Kafka.KafkaConsumer(consumerConfig(workload, 'node-rdkafka-flowing'), {});
  await connect(consumer);
  consumer.assign(allPartitions(topic, partitions));
  const consumed = new Consumed(workload);
  consumer.on('data', (message) => {
    if (!consumed.complete) consumed.add(message.partition, message.offset, message.value.length);
  });
  // The callback sees every message too, and any error that ends the loop.
  consumer.consume((error) => {
    if (error) consumed.fail(error);
  });
  await consumed.done;
  await disconnect(consumer);
  consumed.report();
});
