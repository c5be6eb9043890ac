#!/usr/bin/env node
'use strict';
// Soak: several million messages through each producer, against a mock broker in another process,
// sampling this process's RSS and heap after every round. Fails (exit 1) if memory keeps growing:
// after the first round (warm-up: buffers reach their working size), RSS may grow by at most
// RSS_BOUND_MIB and the heap by at most HEAP_BOUND_MIB in total.
//
//   npm run soak:producers [-- 3000000]      (messages per producer; npm run soak runs this, then soak-consumer.js)
const { spawn } = require('child_process');
const path = require('path');
const { BaseProducer, ThreadedProducer, FutureProducer, RDKafkaErrorCode, Timeout } = require('..');

const TOTAL = Number(process.argv[2] ?? 3_000_000);
const ROUNDS = 6;
const RSS_BOUND_MIB = 48;
const HEAP_BOUND_MIB = 16;
const payload = Buffer.alloc(100, 'x');
const mib = (bytes) => bytes / 2 ** 20;

function startBroker(topics) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'mock-broker.js'), '1', ...topics], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.once('data', (line) => resolve({ servers: String(line).trim(), stop: () => child.stdin.end() }));
    child.once('error', reject);
  });
}

async function settle() {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function round(Kind, producer, topic, count) {
  if (Kind === FutureProducer) {
    for (let sent = 0; sent < count; sent += 50_000) {
      const sends = [];
      for (let i = 0; i < 50_000; i++) sends.push(producer.send({ topic, payload, opaque: i }, Timeout.Never));
      await Promise.all(sends);
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    for (;;) {
      try {
        producer.send({ topic, payload, opaque: { i } });
        break;
      } catch (error) {
        if (error.code !== RDKafkaErrorCode.QueueFull) throw error;
        if (Kind === BaseProducer) producer.poll(5);
        else await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (Kind === BaseProducer && i % 1000 === 0) producer.poll(0);
  }
  await producer.flush(120_000);
}

async function soak(Kind, servers) {
  let delivered = 0;
  let failed = 0;
  const context = Kind === FutureProducer ? {} : { delivery: (result) => (result.error === null ? delivered++ : failed++) };
  const producer = new Kind({ 'bootstrap.servers': servers, 'linger.ms': 5, 'queue.buffering.max.messages': 200_000 }, context);
  const samples = [];
  const perRound = Math.ceil(TOTAL / ROUNDS);
  const started = Date.now();
  for (let r = 0; r < ROUNDS; r++) {
    await round(Kind, producer, Kind.name, perRound);
    await settle();
    const { rss, heapUsed } = process.memoryUsage();
    samples.push({ rss: mib(rss), heap: mib(heapUsed) });
  }
  await producer.close();
  const seconds = (Date.now() - started) / 1000;
  const rssGrowth = samples.at(-1).rss - samples[0].rss;
  const heapGrowth = samples.at(-1).heap - samples[0].heap;
  const ok = rssGrowth <= RSS_BOUND_MIB && heapGrowth <= HEAP_BOUND_MIB && failed === 0;
  console.log(
    `${Kind.name.padEnd(17)} ${(perRound * ROUNDS).toLocaleString('en-US')} msgs in ${seconds.toFixed(1)} s; ` +
      `RSS MiB by round ${samples.map((s) => s.rss.toFixed(0)).join(' ')} (growth after round 1: ${rssGrowth.toFixed(1)}); ` +
      `heap MiB ${samples.map((s) => s.heap.toFixed(1)).join(' ')} (growth ${heapGrowth.toFixed(1)})${failed ? `; ${failed} failed` : ''} ${ok ? 'ok' : 'FAIL'}`,
  );
  return ok;
}

(async () => {
  if (!global.gc) console.warn('run with --expose-gc (npm run soak does) for steadier heap figures');
  const kinds = [BaseProducer, ThreadedProducer, FutureProducer];
  const broker = await startBroker(kinds.map((k) => `${k.name}:1`));
  let ok = true;
  try {
    for (const Kind of kinds) ok = (await soak(Kind, broker.servers)) && ok;
  } finally {
    broker.stop();
  }
  console.log(ok ? `memory levelled off (bounds: RSS +${RSS_BOUND_MIB} MiB, heap +${HEAP_BOUND_MIB} MiB after round 1)` : 'memory kept growing');
  process.exit(ok ? 0 : 1);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
