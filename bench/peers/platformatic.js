'use strict';
// @platformatic/kafka (pure JavaScript): Producer.send() with batches of 1000 messages, 8 in flight
// (see batches.js). It has no linger: a send() is one Produce request per partition leader, so the
// batch is its batching. Its defaults otherwise: acks=1 (leader), not idempotent, the default
// partitioner (no key: partition 0). Values are Buffers, sent as they are (no serializer).
//
// It speaks ApiVersions v3 only: the mock broker serves it through deps/patches/0002.
const { run } = require('../lib/contender');
const { timeBatches } = require('./batches');

run(async (workload) => {
  const { bootstrap, topic, payload } = workload;
  // An ES module: import() it, as require() of ESM is not available on every Node this runs on.
  const { Producer } = await import('@platformatic/kafka');
  const producer = new Producer({ clientId: 'bench-platformatic', bootstrapBrokers: bootstrap.split(',') });
  const send = (count) => producer.send({ messages: Array.from({ length: count }, () => ({ topic, value: payload })) });
  await send(1); // the warm-up message (it connects too)

  const { measurement, delivered, failed } = await timeBatches(workload, send);
  await producer.close();
  measurement.report({ delivered, failed });
});
