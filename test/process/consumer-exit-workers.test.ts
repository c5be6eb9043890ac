import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { packageRoot, runNode } from '../helpers';

// C51 (A16): a consumer keeps the process alive only while something is pending (a waiting recv() or iterator, a
// commit, a close). Environment teardown (a worker terminated, the process ending) closes live consumers natively,
// without JS hooks, and never crashes; a SIGTERM handler that commits and closes ends the process cleanly.
describe('consumers, process exit and workers (C51)', function () {
  this.timeout(60_000);

  // Each script makes its own mock cluster; `setup` leaves `cluster` and a topic `t` with `count` messages in p0.
  const setup = (count: number) => `
    const { StreamConsumer, FutureProducer, MockCluster, CommitMode } = require('rdkafka-napi');
    const cluster = new MockCluster(1);
    cluster.setGroupInitialRebalanceDelay(50);
    cluster.createTopic('t', 1, 1);
    const config = (extra = {}) => ({
      'bootstrap.servers': cluster.bootstrapServers, 'group.id': 'g', 'auto.offset.reset': 'earliest',
      'session.timeout.ms': 3000, 'heartbeat.interval.ms': 500, 'fetch.wait.max.ms': 50, ...extra,
    });
    async function produce(count, first = 0) {
      const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 });
      await Promise.all(Array.from({ length: count }, (_, i) => producer.send({ topic: 't', partition: 0, payload: 'm' + (first + i) }, 10000)));
      await producer.close();
    }
    const ready = produce(${count});
  `;

  it('worker.terminate() in the middle of iterating: no crash, and the parent carries on (its own consumer takes the partition over)', () => {
    const result = runNode(
      `
      ${setup(200)}
      const { Worker } = require('worker_threads');
      const worker = new Worker(\`
        const { StreamConsumer } = require('rdkafka-napi');
        const { parentPort, workerData } = require('worker_threads');
        const consumer = new StreamConsumer(workerData.config, { preRebalance() {}, postRebalance() {} }, { maxBatchSize: 10 });
        consumer.subscribe(['t']);
        (async () => {
          let count = 0;
          for await (const message of consumer.stream()) {
            if (++count === 5) parentPort.postMessage('consuming');
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        })();
      \`, { eval: true, workerData: { config: config() } });
      worker.on('error', (error) => { console.error('worker error', error); process.exitCode = 1; });
      worker.on('exit', (code) => console.log('worker exited', code));
      worker.on('message', async () => {
        cluster.startRequestTracking();
        await worker.terminate();
        console.log('terminated');
        // The worker's member left the group on the way out, natively: no waiting for its session to time out.
        console.log('left', cluster.stopRequestTracking().filter((request) => request.apiKey === 13).length);
        // The parent goes on: a consumer of the same group gets the partition once the worker's member is gone.
        await ready;
        const consumer = new StreamConsumer(config());
        consumer.subscribe(['t']);
        const message = await consumer.recv({ signal: AbortSignal.timeout(20000) });
        console.log('parent consumed', message.partition);
        await consumer.close();
        cluster.close();
      });
      `,
      { timeoutMs: 40_000 },
    );
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stdout} ${result.stderr}`);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /terminated/);
    assert.match(result.stdout, /worker exited 1/);
    assert.match(result.stdout, /parent consumed 0/);
    assert.match(result.stdout, /left 1/);
    assert.equal(result.stderr, '');
  });

  it('a worker that ends without close() leaves its group on the way out', () => {
    const result = runNode(
      `
      ${setup(3)}
      const { Worker } = require('worker_threads');
      ready.then(() => {
        const worker = new Worker(\`
          const { StreamConsumer } = require('rdkafka-napi');
          const { workerData } = require('worker_threads');
          const consumer = new StreamConsumer(workerData.config);
          consumer.subscribe(['t']);
          consumer.recv().then((message) => console.log('worker got', message.payload.toString()));
        \`, { eval: true, workerData: { config: config() } });
        worker.on('error', (error) => { console.error('worker error', error); process.exitCode = 1; });
        cluster.startRequestTracking();
        worker.on('exit', (code) => {
          const leaves = cluster.stopRequestTracking().filter((request) => request.apiKey === 13).length;
          console.log('worker exited', code, 'leaves', leaves);
          cluster.close();
        });
      });
      `,
      { timeoutMs: 30_000 },
    );
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stdout} ${result.stderr}`);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /worker got m0\nworker exited 0 leaves 1/);
    assert.equal(result.stderr, '');
  });

  for (const [fault, how] of [
    ['down', 'cluster.setBrokerDown(1)'],
    ['not answering', 'cluster.setBrokerRtt(1, 60000)'],
  ] as const) {
    it(`terminating a worker whose group coordinator is ${fault} is bounded: the leave gives up after about 2 s`, () => {
      const result = runNode(
        `
        ${setup(3)}
        const { Worker } = require('worker_threads');
        ready.then(() => {
          const worker = new Worker(\`
            const { StreamConsumer } = require('rdkafka-napi');
            const { parentPort, workerData } = require('worker_threads');
            const consumer = new StreamConsumer(workerData.config);
            consumer.subscribe(['t']);
            consumer.recv().then(() => parentPort.postMessage('consuming'));
            setInterval(() => {}, 1000);
          \`, { eval: true, workerData: { config: config() } });
          worker.on('error', (error) => { console.error('worker error', error); process.exitCode = 1; });
          worker.on('message', async () => {
            ${how};
            const started = Date.now();
            await worker.terminate();
            console.log('terminated after', Date.now() - started);
            process.exit(0); // the cluster too may be held up by the fault
          });
        });
        `,
        { timeoutMs: 30_000 },
      );
      assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stdout} ${result.stderr}`);
      assert.equal(result.status, 0, result.stdout + result.stderr);
      const match = /terminated after (\d+)/.exec(result.stdout);
      assert.ok(match, result.stdout + result.stderr);
      assert.ok(Number(match[1]) < 4500, `terminate() took ${match[1]} ms`);
    });
  }

  it('a worker terminated while close() waits on a revoke hook that never ends: the member still leaves, and nothing hangs', () => {
    const result = runNode(
      `
      ${setup(3)}
      const { Worker } = require('worker_threads');
      ready.then(() => {
        const worker = new Worker(\`
          const { StreamConsumer } = require('rdkafka-napi');
          const { parentPort, workerData } = require('worker_threads');
          const consumer = new StreamConsumer(workerData.config, {
            preRebalance(rebalance) {
              if (rebalance.kind === 'revoke') {
                parentPort.postMessage('stuck');
                return new Promise(() => {});
              }
            },
          });
          consumer.subscribe(['t']);
          consumer.recv().then(() => consumer.close());
          setInterval(() => {}, 1000);
        \`, { eval: true, workerData: { config: config() } });
        worker.on('error', (error) => { console.error('worker error', error); process.exitCode = 1; });
        worker.on('message', async () => {
          cluster.startRequestTracking();
          const started = Date.now();
          await worker.terminate();
          const leaves = cluster.stopRequestTracking().filter((request) => request.apiKey === 13).length;
          console.log('terminated after', Date.now() - started, 'leaves', leaves);
          cluster.close();
        });
      });
      `,
      { timeoutMs: 30_000 },
    );
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stdout} ${result.stderr}`);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const match = /terminated after (\d+) leaves (\d+)/.exec(result.stdout);
    assert.ok(match, result.stdout + result.stderr);
    assert.ok(Number(match[1]) < 3000, `terminate() took ${match[1]} ms`);
    assert.equal(match[2], '1', 'the member left its group');
  });

  it('a script that consumes a few messages and never calls close() exits by itself once nothing is pending', () => {
    const result = runNode(
      `
      ${setup(5)}
      (async () => {
        await ready;
        const consumer = new StreamConsumer(config());
        consumer.subscribe(['t']);
        for (let i = 0; i < 3; i++) console.log('got', (await consumer.recv()).payload.toString());
        // No close(), no cluster.close(): the script simply ends here.
      })();
      `,
      { timeoutMs: 20_000 },
    );
    assert.equal(result.signal, null, `still running after ${result.ms} ms: ${result.stdout} ${result.stderr}`);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /got m0\ngot m1\ngot m2/);
    assert.ok(result.ms < 10_000, `took ${result.ms} ms to exit`);
  });

  it('a script whose recv() is pending stays alive until its message comes, then exits', () => {
    const result = runNode(
      `
      ${setup(0)}
      const started = Date.now();
      const consumer = new StreamConsumer(config());
      consumer.subscribe(['t']);
      consumer.recv().then((message) => console.log('got', message.payload.toString(), 'after', Date.now() - started));
      // Only the pending recv() holds the process: this timer does not.
      setTimeout(() => produce(1, 7), 2000).unref();
      `,
      { timeoutMs: 20_000 },
    );
    assert.equal(result.signal, null, `still running after ${result.ms} ms: ${result.stdout} ${result.stderr}`);
    assert.equal(result.status, 0, result.stderr);
    const match = /got m7 after (\d+)/.exec(result.stdout);
    assert.ok(match, `the process ended without the message: ${result.stdout} ${result.stderr}`);
    assert.ok(Number(match[1]) >= 2000, `got it after ${match[1]} ms`);
    assert.ok(result.ms < 12_000, `took ${result.ms} ms to exit`);
  });

  it('a SIGTERM handler that commits and closes: the commit lands and the process exits 0', async () => {
    const script = `
      ${setup(0)}
      const stop = new AbortController();
      const consumer = new StreamConsumer(config({ 'enable.auto.commit': false }));
      consumer.subscribe(['t']);
      let handled = 0;
      let producing = true;
      const loop = (async () => {
        for await (const message of consumer.stream({ signal: stop.signal })) {
          handled++;
          if (handled === 20) console.log('ready');
        }
      })();
      const production = (async () => { for (let i = 0; producing; i += 10) { await produce(10, i); await new Promise((r) => setTimeout(r, 20)); } })();
      process.once('SIGTERM', async () => {
        stop.abort();
        await loop;
        producing = false;
        await production;
        await consumer.commitConsumerState(CommitMode.Sync).catch((e) => { if (e.code !== -168) throw e; });
        const [committed] = await consumer.committed(5000);
        await consumer.close();
        console.log(JSON.stringify({ handled, committed: committed.offset }));
        cluster.close();
      });
    `;
    const child = spawn(process.execPath, ['-e', script], { cwd: packageRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('ready') && child.exitCode === null && !child.killed) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    assert.equal(signal, null, `killed by ${signal}: ${stdout} ${stderr}`);
    assert.equal(code, 0, stdout + stderr);
    const { handled, committed } = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    assert.ok(handled >= 20, stdout);
    assert.equal(committed, handled, 'the commit covers every message handled (one partition, from offset 0)');
  });
});
