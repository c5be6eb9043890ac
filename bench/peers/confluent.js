'use strict';
// @confluentinc/kafka-javascript through its KafkaJS-compatible API: producer.send() with batches
// of 1000 messages, 8 in flight (see batches.js). Underneath, each message is one librdkafka
// produce() and the send settles when the last delivery report arrives; librdkafka does the
// batching, with linger.ms from the workload. Its defaults otherwise: acks=-1, not idempotent,
// librdkafka's default partitioner (no key: random partition).
const { Kafka, logLevel } = require('@confluentinc/kafka-javascript').KafkaJS;
const { run } = require('../lib/contender');
const { timeBatches } = require('./batches');

run(async (workload) => {
  const { bootstrap, topic, payload, lingerMs } = workload;
  const kafka = new Kafka({ kafkaJS: { brokers: bootstrap.split(','), logLevel: logLevel.ERROR } });
  // librdkafka properties go outside the kafkaJS block.
  const producer = kafka.producer({ 'linger.ms': lingerMs });
  await producer.connect();
  const send = (count) => producer.send({ topic, messages: Array.from({ length: count }, () => ({ value: payload })) });
  await send(1); // the warm-up message

  const { measurement, delivered, failed } = await timeBatches(workload, send);
  await producer.disconnect();
  measurement.report({ delivered, failed });
});
