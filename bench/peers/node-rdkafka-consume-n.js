'use strict';
// node-rdkafka's KafkaConsumer read in batches: consume(n, cb) in a loop, each call a libuv worker calling librdkafka's
// consumer_poll until it has n messages (or the consume timeout, 1 s by default, passes without one), n = 1000 as the
// C floor's batch. The last call asks for no more than the messages left: a call asking for more would wait out the
// timeout at the end of the topic. Its partitions are assigned from the beginning, as the C floor's are; librdkafka
// settings as the C floor's (consumerConfig).
const Kafka = require('node-rdkafka');
const { run } = require('../lib/contender');
const { allPartitions, consumerConfig } = require('../lib/consumed');
const { Consumed } = require('./consumed');
const { connect, disconnect } = require('./rdkafka-common');

const BATCH = 1000;

run(async (workload) => {
  const { topic, partitions, messages } = workload;
  const consumer = new Kafka.KafkaConsumer(consumerConfig(workload, 'node-rdkafka-consume-n'), {});
  await connect(consumer);
  consumer.assign(allPartitions(topic, partitions));
  const consumed = new Consumed(workload);
  const consume = (count) => new Promise((resolve, reject) => consumer.consume(count, (error, batch) => (error ? reject(error) : resolve(batch))));
  while (!consumed.complete) {
    const batch = await consume(Math.min(BATCH, messages - consumed.count));
    for (const message of batch) consumed.add(message.partition, message.offset, message.value.length);
  }
  await disconnect(consumer);
  consumed.report();
});
