#!/usr/bin/env node
'use strict';
// Worker teardown, run over and over, each run a fresh process, in two scenarios:
// - metadata: a worker starts requests that cannot finish (their broker is down, one with a timeout
//   of days) and is terminated while they wait. The addon's threads outlive the worker that loaded
//   it; the process must crash neither then nor at exit.
// - produce: workers with each kind of producer send flat out and are terminated mid-flight.
// - consume: workers with both kinds of consumer in one group consume and commit, and are terminated
//   mid-flight (mid-rebalance, often): each leaves its group on the way out, bounded.
// Too slow for every `npm test` (about 0.3 s a run): `npm run stress:workers`, and under
// AddressSanitizer (its build is made if needed) `npm run stress:workers -- --asan`.
//
//   node test/process/stress/worker-teardown.js [--runs N] [--asan] [--scenario metadata|produce|consume]
const { spawn } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..', '..', '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 200);
const asan = args.includes('--asan');
const only = args.includes('--scenario') ? args[args.indexOf('--scenario') + 1] : undefined;

const metadata = `
  const { Worker } = require('worker_threads');
  const worker = new Worker(\`
    const { MockCluster, BaseProducer, ThreadedProducer } = require('rdkafka-napi');
    const { parentPort } = require('worker_threads');
    const cluster = new MockCluster(1);
    cluster.setBrokerDown(1);
    const base = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    const threaded = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    base.client.fetchMetadata(null, -1 >>> 1).catch(() => {});
    base.client.fetchMetadata(null, 60000).catch(() => {});
    threaded.client.fetchWatermarks('t', 0, 60000).catch(() => {});
    parentPort.postMessage('waiting');
  \`, { eval: true });
  worker.on('message', () => worker.terminate().then(() => console.log('terminated')));
  worker.on('error', (e) => { console.error(e); process.exitCode = 1; });
`;

const produce = `
  const { Worker } = require('worker_threads');
  const script = \`
    const { BaseProducer, ThreadedProducer, FutureProducer, MockCluster } = require('rdkafka-napi');
    const cluster = new MockCluster(1);
    const config = { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 1 };
    const base = new BaseProducer(config, { delivery() {} });
    const threaded = new ThreadedProducer(config, { delivery() {} });
    const future = new FutureProducer(config);
    (async () => {
      for (;;) {
        for (let i = 0; i < 100; i++) {
          try { base.send({ topic: 'b', payload: 'x' }); } catch { base.poll(0); }
          try { threaded.send({ topic: 't', payload: 'x' }); } catch {}
          future.send({ topic: 'f', payload: 'x' }, 0).catch(() => {});
        }
        base.poll(0);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
  \`;
  const workers = Array.from({ length: 4 }, () => new Worker(script, { eval: true }));
  for (const worker of workers) worker.on('error', (e) => { console.error(e); process.exitCode = 1; });
  setTimeout(() => Promise.all(workers.map((w) => w.terminate())).then(() => console.log('terminated')), 200 + Math.random() * 300);
`;

const consume = `
  const { Worker } = require('worker_threads');
  const { MockCluster, FutureProducer } = require('rdkafka-napi');
  const cluster = new MockCluster(1);
  cluster.setGroupInitialRebalanceDelay(20);
  cluster.createTopic('c', 4, 1);
  const script = \`
    const { BaseConsumer, StreamConsumer, CommitMode } = require('rdkafka-napi');
    const { workerData } = require('worker_threads');
    const config = { 'bootstrap.servers': workerData.servers, 'group.id': 'g', 'auto.offset.reset': 'earliest', 'fetch.wait.max.ms': 10 };
    const stream = new StreamConsumer(config, {}, { maxBatchSize: 50 });
    const base = new BaseConsumer({ ...config, 'enable.auto.commit': false });
    stream.subscribe(['c']);
    base.subscribe(['c']);
    (async () => { for await (const message of stream.stream()) stream.commitMessage(message, CommitMode.Async).catch(() => {}); })();
    (async () => {
      for (;;) {
        try {
          const message = base.poll(0);
          if (message) base.storeOffsetFromMessage(message);
        } catch {}
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
  \`;
  (async () => {
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 });
    await Promise.all(Array.from({ length: 2000 }, (_, i) => producer.send({ topic: 'c', payload: 'm' + i }, 10000)));
    await producer.close();
    const workers = Array.from({ length: 3 }, () => new Worker(script, { eval: true, workerData: { servers: cluster.bootstrapServers } }));
    for (const worker of workers) worker.on('error', (e) => { console.error(e); process.exitCode = 1; });
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700));
    await Promise.all(workers.map((w) => w.terminate()));
    console.log('terminated');
    cluster.close();
  })();
`;

const scenarios = Object.entries({ metadata, produce, consume }).filter(([name]) => only === undefined || name === only);

async function environment() {
  if (!asan) return process.env;
  const { execFileSync } = require('child_process');
  const { build } = require('../../../scripts/build');
  return {
    ...process.env,
    LD_PRELOAD: execFileSync('gcc', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).trim(),
    RDKAFKA_NAPI_BINARY: await build({ asan: true, quiet: true }),
    ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1',
  };
}

function runOnce(script, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: code === 0 && signal === null && /terminated/.test(output), code, signal, output });
    });
  });
}

(async () => {
  const env = await environment();
  let failed = 0;
  for (const [name, script] of scenarios) {
    const started = Date.now();
    const failures = [];
    for (let i = 0; i < runs; i++) {
      const result = await runOnce(script, env);
      if (!result.ok) failures.push(result);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${name}: ${runs} runs in ${seconds} s: ${runs - failures.length} clean, ${failures.length} failed`);
    for (const failure of failures.slice(0, 3)) console.log(`  exit ${failure.code} signal ${failure.signal}: ${failure.output.trim().slice(0, 500)}`);
    failed += failures.length;
  }
  process.exit(failed === 0 ? 0 : 1);
})();
