import { strict as assert } from 'assert';
import { runNode } from '../helpers';

// Native threads (librdkafka's, the mock cluster's, our own) must neither keep an idle process
// alive nor crash it while Node shuts an environment down.
describe('process and worker lifecycle', () => {
  it('exits at the end of a script that leaves a cluster and a producer open', () => {
    const result = runNode(`
      const { MockCluster, BaseProducer } = require('rdkafka-napi');
      const cluster = new MockCluster(3);
      cluster.createTopic('t', 3, 3);
      const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
      producer.client.fetchMetadata('t', 10000).then((m) => console.log('partitions', m.topics[0].partitions.length));
    `);
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /partitions 3/);
  });

  it('exits while a metadata request is still waiting', () => {
    // A broker that is down makes the request wait for its whole timeout; exiting must not wait for it.
    const result = runNode(`
      const { MockCluster, BaseProducer } = require('rdkafka-napi');
      const cluster = new MockCluster(1);
      cluster.setBrokerDown(1);
      const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
      producer.client.fetchMetadata(null, 60000).catch(() => {});
      setTimeout(() => process.exit(0), 200);
    `);
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.ms < 20_000, `took ${result.ms} ms`);
  });

  it('loads in worker threads and cleans up when they end', () => {
    const result = runNode(`
      const { Worker } = require('worker_threads');
      const script = \`
        const { MockCluster, BaseProducer } = require('rdkafka-napi');
        const { parentPort } = require('worker_threads');
        const cluster = new MockCluster(1);
        const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
        producer.client.fetchMetadata(null, 10000).then((m) => parentPort.postMessage(m.brokers.length));
      \`;
      let done = 0;
      for (let i = 0; i < 3; i++) {
        const worker = new Worker(script, { eval: true });
        worker.on('message', (brokers) => { console.log('brokers', brokers); worker.terminate(); });
        worker.on('exit', () => { if (++done === 3) console.log('all workers exited'); });
        worker.on('error', (e) => { console.error(e); process.exitCode = 1; });
      }
    `);
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.match(/brokers 1/g)?.length, 3, result.stdout);
    assert.match(result.stdout, /all workers exited/);
  });

  it('terminates a worker promptly while metadata requests are running and queued', () => {
    // The first request waits for a broker that is down; the second is queued behind it.
    const result = runNode(`
      const { Worker } = require('worker_threads');
      const script = \`
        const { MockCluster, BaseProducer } = require('rdkafka-napi');
        const { parentPort } = require('worker_threads');
        const cluster = new MockCluster(1);
        cluster.setBrokerDown(1);
        const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
        producer.client.fetchMetadata(null, -1 >>> 1).catch(() => {});
        producer.client.fetchMetadata(null, 60000).catch(() => {});
        parentPort.postMessage('waiting');
      \`;
      const worker = new Worker(script, { eval: true });
      worker.on('message', () => { const t = Date.now(); worker.terminate().then(() => console.log('terminated in', Date.now() - t)); });
      worker.on('error', (e) => { console.error(e); process.exitCode = 1; });
    `);
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`);
    assert.equal(result.status, 0, result.stderr);
    const ms = Number(/terminated in (\d+)/.exec(result.stdout)?.[1]);
    assert.ok(ms < 5000, `terminate took ${ms} ms: ${result.stdout}`);
  });

  it('closes promptly while a metadata request waits, rejecting the queued ones', () => {
    const result = runNode(`
      const { MockCluster, BaseProducer } = require('rdkafka-napi');
      const cluster = new MockCluster(1);
      cluster.setBrokerDown(1);
      const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
      const running = producer.client.fetchMetadata(null, 30000).then(() => 'resolved', (e) => e.kind);
      const queued = producer.client.fetchMetadata(null, 30000).then(() => 'resolved', (e) => e.kind);
      setTimeout(async () => {
        const t = Date.now();
        producer.close();
        console.log('closed in', Date.now() - t, await queued);
        cluster.close();
        process.exit(0);
      }, 200);
    `);
    assert.equal(result.status, 0, result.stderr);
    const [, ms, queuedOutcome] = /closed in (\d+) (\w+)/.exec(result.stdout) ?? [];
    assert.ok(Number(ms) < 2000, `close took ${ms} ms`);
    assert.equal(queuedOutcome, 'Closed');
  });

  it('lets a closed producer be closed again and refuses other use', () => {
    const result = runNode(`
      const { BaseProducer, KafkaError } = require('rdkafka-napi');
      const producer = new BaseProducer({});
      producer.close();
      producer.close();
      try { producer.client; } catch (e) { console.log(e instanceof KafkaError, e.kind); }
    `);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'true Closed');
  });
});
