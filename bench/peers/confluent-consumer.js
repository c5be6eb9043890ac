'use strict';
// @confluentinc/kafka-javascript through its KafkaJS-compatible API, its batch path: run({ eachBatch }), each message
// of each batch checked. Underneath, librdkafka's high-level consumer, read in batches into the client's cache;
// `js.consumer.max.batch.size` = 1000 (its default is 32) gives batches of up to 1000 messages, as the C floor's. It
// has no assign() of its own: it joins a group (subscribe; `fromBeginning` is auto.offset.reset=earliest), which is
// not timed (timing starts at the first message). librdkafka settings as the C floor's: enable.auto.commit=false
// (autoCommit), auto.offset.reset=earliest, the workload's settings (fetch.queue.backoff.ms), its defaults otherwise.
const { Kafka, logLevel } = require('@confluentinc/kafka-javascript').KafkaJS;
const { run } = require('../lib/contender');
const { Consumed } = require('./consumed');

run(async (workload) => {
  const { bootstrap, topic, settings } = workload;
  const kafka = new Kafka({ kafkaJS: { brokers: bootstrap.split(','), logLevel: logLevel.ERROR } });
  const consumer = kafka.consumer({
    kafkaJS: { groupId: `confluent-consumer-${process.pid}-${Date.now()}`, fromBeginning: true, autoCommit: false },
    // librdkafka properties, and the client's own js.* ones, go outside the kafkaJS block.
    'js.consumer.max.batch.size': 1000,
    ...settings,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  const consumed = new Consumed(workload);
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        if (consumed.complete) break;
        consumed.add(batch.partition, Number(message.offset), message.value.length);
      }
    },
  });
  await consumed.done;
  await consumer.disconnect();
  consumed.report();
});
