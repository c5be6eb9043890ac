import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { packageRoot, runNode } from '../helpers';

describe('process lifecycle: signals and workers', function () {
  this.timeout(60_000);

  it('a SIGTERM handler flushes and closes: every message sent is settled, and the process exits 0', async () => {
    const script = `
      const { FutureProducer, MockCluster, Timeout } = require('rdkafka-napi');
      const cluster = new MockCluster(1);
      const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 });
      let sent = 0, delivered = 0, failed = 0;
      const timer = setInterval(() => {
        for (let i = 0; i < 100; i++, sent++) producer.send({ topic: 't', payload: 'x' }, Timeout.Never).then(() => delivered++, () => failed++);
      }, 1);
      process.once('SIGTERM', async () => {
        clearInterval(timer);
        await producer.flush(10000);
        await producer.close();
        cluster.close();
        console.log(JSON.stringify({ sent, delivered, failed }));
      });
      setTimeout(() => console.log('ready'), 300);
    `;
    const child = spawn(process.execPath, ['-e', script], { cwd: packageRoot });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('ready') && !child.killed) child.kill('SIGTERM');
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    assert.equal(signal, null, stderr);
    assert.equal(code, 0, stderr);
    const counts = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    assert.ok(counts.sent > 0);
    assert.equal(counts.delivered + counts.failed, counts.sent, JSON.stringify(counts));
    assert.equal(counts.failed, 0);
  });

  it('exits at the end of a script that leaves a FutureProducer open', () => {
    const result = runNode(`
      const { FutureProducer, MockCluster } = require('rdkafka-napi');
      const cluster = new MockCluster(1);
      const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers });
      producer.send({ topic: 't', payload: 'x' }, 1000).then((d) => console.log('offset', d.offset));
    `);
    assert.equal(result.signal, null, result.stderr);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /offset 0/);
  });

  it('producers of every kind in several workers at once; workers terminated mid-flight; no crash', () => {
    const result = runNode(`
      const { Worker } = require('worker_threads');
      const script = \`
        const { BaseProducer, ThreadedProducer, FutureProducer, MockCluster, Timeout } = require('rdkafka-napi');
        const { parentPort, workerData } = require('worker_threads');
        const cluster = new MockCluster(1);
        cluster.setBrokerRtt(-1, workerData.terminate ? 2000 : 0);
        const config = { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 };
        (async () => {
          let delivered = 0;
          const base = new BaseProducer(config, { delivery: (r) => { if (!r.error) delivered++; } });
          const threaded = new ThreadedProducer(config, { delivery: (r) => { if (!r.error) delivered++; } });
          const future = new FutureProducer(config);
          const futures = [];
          for (let i = 0; i < 300; i++) {
            base.send({ topic: 'b', payload: 'x' });
            threaded.send({ topic: 't', payload: 'x' });
            futures.push(future.send({ topic: 'f', payload: 'x' }, Timeout.Never).then(() => delivered++));
          }
          if (workerData.terminate) { parentPort.postMessage('in flight'); return; }
          base.flush(10000);
          await threaded.flush(10000);
          await Promise.all(futures);
          parentPort.postMessage('delivered ' + delivered);
          base.close(); await threaded.close(); await future.close(); cluster.close();
        })();
      \`;
      let exited = 0;
      for (let i = 0; i < 4; i++) {
        const terminate = i % 2 === 1;
        const worker = new Worker(script, { eval: true, workerData: { terminate } });
        worker.on('message', (m) => { console.log(m); if (terminate) worker.terminate(); });
        worker.on('error', (e) => { console.error('worker error', e); process.exitCode = 1; });
        worker.on('exit', () => { if (++exited === 4) console.log('all exited'); });
      }
    `);
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.match(/delivered 900/g)?.length, 2, result.stdout);
    assert.equal(result.stdout.match(/in flight/g)?.length, 2, result.stdout);
    assert.match(result.stdout, /all exited/);
  });
});
