#!/usr/bin/env node
'use strict';
// A quick throughput check of the low-level producers against an in-process MockCluster:
// 100-byte messages to one partition, a delivery callback (or a promise) per message, every message
// confirmed.
// The full, side-by-side benchmark against the C floor is `npm run bench` (bench/run.js).
//
//   node bench/quick.js [messages=500000]
const { BaseProducer, ThreadedProducer, FutureProducer, MockCluster, RDKafkaErrorCode, Timeout } = require('..');

const N = Number(process.argv[2] ?? 500_000);
const payload = Buffer.alloc(100, 'x');

async function run(Kind) {
  const cluster = new MockCluster(1);
  cluster.createTopic('bench', 1, 1);
  let delivered = 0;
  let failed = 0;
  const producer = new Kind(
    { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5, 'queue.buffering.max.messages': 500_000 },
    { delivery: (result) => (result.error === null ? delivered++ : failed++) },
  );
  // Connect before timing.
  producer.send({ topic: 'bench', payload });
  await producer.flush(10_000);
  delivered = 0;

  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    for (;;) {
      try {
        producer.send({ topic: 'bench', payload });
        break;
      } catch (error) {
        if (error.code !== RDKafkaErrorCode.QueueFull) throw error;
        if (Kind === BaseProducer) producer.poll(1);
        else await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (Kind === BaseProducer) producer.poll(0);
  }
  await producer.flush(60_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await producer.close();
  cluster.close();
  if (delivered !== N || failed !== 0) throw new Error(`${Kind.name}: ${delivered} delivered, ${failed} failed of ${N}`);
  return N / seconds;
}

// FutureProducer: `await Promise.all` over 100 000 sends (a promise per message), repeated to cover N.
async function runFutures() {
  const cluster = new MockCluster(1);
  cluster.createTopic('bench', 1, 1);
  const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5, 'queue.buffering.max.messages': 500_000 });
  await producer.send({ topic: 'bench', payload }, Timeout.Never);
  const chunk = Math.min(N, 100_000);
  const started = process.hrtime.bigint();
  let sent = 0;
  while (sent < N) {
    const sends = [];
    for (let i = 0; i < chunk; i++) sends.push(producer.send({ topic: 'bench', payload }, Timeout.Never));
    await Promise.all(sends);
    sent += chunk;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await producer.close();
  cluster.close();
  return sent / seconds;
}

(async () => {
  for (const Kind of [BaseProducer, ThreadedProducer, FutureProducer]) {
    if (Kind === FutureProducer) {
      const rate = await runFutures();
      console.log(`${Kind.name.padEnd(17)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} msgs/s  (await Promise.all over 100 000 sends of 100 B)`);
      continue;
    }
    const rate = await run(Kind);
    console.log(`${Kind.name.padEnd(17)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} msgs/s  (${N} x 100 B, 1 partition)`);
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
