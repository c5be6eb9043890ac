'use strict';
// kafkajs (pure JavaScript): producer.send() with batches of 1000 messages, 8 in flight (see
// batches.js). kafkajs has no linger: each send() is one Produce request, so the batch is its
// batching. Its defaults otherwise: acks=-1 (all), not idempotent, the default partitioner (no key:
// round robin over the partitions).
const { Kafka, Partitioners, logLevel } = require('kafkajs');
const { run } = require('../lib/contender');
const { timeBatches } = require('./batches');

run(async (workload) => {
  const { bootstrap, topic, payload } = workload;
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: bootstrap.split(','), logLevel: logLevel.ERROR });
  // Named only to silence kafkajs's warning that its default partitioner changed in v2.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const send = (count) => producer.send({ topic, messages: Array.from({ length: count }, () => ({ value: payload })) });
  await send(1); // the warm-up message

  const { measurement, delivered, failed } = await timeBatches(workload, send);
  await producer.disconnect();
  measurement.report({ delivered, failed });
});
