'use strict';
// kafkajs (pure JavaScript), its batch path: run({ eachBatch }), each message of each batch checked; a batch is what
// one Fetch returned for a partition. It has no assign(): it joins a group (subscribe with fromBeginning, kafkajs's
// auto.offset.reset=earliest), which is not timed (timing starts at the first message). autoCommit false, as
// enable.auto.commit=false. Fetch settings as librdkafka's defaults, which the other contenders run with (kafkajs's
// own: maxBytes 10 MiB, maxWaitTimeInMs 5 s): see consumed.js's fetchSettings. kafkajs has no local queue to stop
// fetching for (fetch.queue.backoff.ms): it fetches again when the batches of the last fetch were handled.
//
// kafkajs reads only gzip by itself; the topic is lz4-compressed on the mock broker, so lz4.js registers an lz4 codec
// (lz4-napi, native) as applications do with kafkajs-lz4.
const { Kafka, logLevel } = require('kafkajs');
const { run } = require('../lib/contender');
const { Consumed, fetchSettings } = require('./consumed');
require('./lz4').registerKafkajsCodec();

run(async (workload) => {
  const { bootstrap, topic } = workload;
  const kafka = new Kafka({ clientId: 'bench-kafkajs-consumer', brokers: bootstrap.split(','), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({
    groupId: `kafkajs-consumer-${process.pid}-${Date.now()}`,
    minBytes: fetchSettings.minBytes,
    maxBytes: fetchSettings.maxBytes,
    maxBytesPerPartition: fetchSettings.maxBytesPerPartition,
    maxWaitTimeInMs: fetchSettings.maxWaitMs,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const consumed = new Consumed(workload);
  await consumer.run({
    autoCommit: false,
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
