'use strict';
// rdkafka-napi's BaseConsumer used as the C floor's poll contender uses librdkafka: poll() per message, on this
// thread, each message checked (partition, offset, size). Its partitions are assigned, as the C floor's are.
const { BaseConsumer } = require('../..');
const { Measurement, run } = require('../lib/contender');
const { ConsumedCheck, allPartitions, consumerConfig } = require('../lib/consumed');

run(async (workload) => {
  const { topic, partitions, messages, size } = workload;
  const consumer = new BaseConsumer(consumerConfig(workload, 'base-consumer'));
  consumer.assign(allPartitions(topic, partitions));
  const check = new ConsumedCheck(partitions, size);
  const measurement = new Measurement();
  while (check.count < messages) {
    const message = consumer.poll(1000);
    if (message === null) continue;
    if (check.count === 0) measurement.start();
    check.add(message.partition, message.offset, message.payload.length);
  }
  measurement.stop();
  await consumer.close();
  measurement.report({ consumed: check.count });
});
