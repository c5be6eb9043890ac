import { strict as assert } from 'assert';
import { BaseProducer, KafkaError, MockCluster, ThreadedProducer } from 'rdkafka-napi';
import { runNode, uniqueTopic } from '../helpers';

const isClosed = (error: unknown) => error instanceof KafkaError && error.kind === 'Closed';

describe('producer lifecycle', () => {
  it('a closed BaseProducer throws Closed from every call, and closes again quietly', () => {
    const producer = new BaseProducer({});
    producer.close();
    producer.close();
    assert.throws(() => producer.send({ topic: 't', payload: 'x' }), isClosed);
    assert.throws(() => producer.poll(0), isClosed);
    assert.throws(() => producer.flush(100), isClosed);
    assert.throws(() => producer.purge({ queue: true }), isClosed);
    assert.throws(() => producer.inFlightCount(), isClosed);
    assert.throws(() => producer.client, isClosed);
  });

  it('a closed ThreadedProducer throws (or rejects with) Closed from every call', async () => {
    const producer = new ThreadedProducer({});
    await producer.close();
    await producer.close();
    assert.throws(() => producer.send({ topic: 't', payload: 'x' }), isClosed);
    assert.throws(() => producer.poll(0), isClosed);
    await assert.rejects(producer.flush(100), isClosed);
    assert.throws(() => producer.purge({ queue: true }), isClosed);
    assert.throws(() => producer.inFlightCount(), isClosed);
    assert.throws(() => producer.client, isClosed);
  });

  it('closes with Symbol.dispose and Symbol.asyncDispose', async () => {
    let base: BaseProducer;
    {
      using scoped = new BaseProducer({});
      base = scoped;
    }
    assert.throws(() => base.poll(0), isClosed);
    let threaded: ThreadedProducer;
    {
      await using scoped = new ThreadedProducer({});
      threaded = scoped;
    }
    assert.throws(() => threaded.poll(0), isClosed);
  });

  it('a callback that throws is reported as an uncaught exception, and the producer carries on', async () => {
    const cluster = new MockCluster(1);
    const topic = uniqueTopic('throws');
    const seen: number[] = [];
    const uncaught: unknown[] = [];
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', (error) => uncaught.push(error));
    const producer = new ThreadedProducer<number>(
      { 'bootstrap.servers': cluster.bootstrapServers },
      {
        delivery: (_result, id) => {
          seen.push(id as number);
          if (id === 1) throw new Error('user bug');
        },
      },
    );
    try {
      for (let id = 0; id < 3; id++) producer.send({ topic, payload: 'x', opaque: id });
      await producer.flush(10_000);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(seen.sort(), [0, 1, 2]);
      assert.equal(uncaught.length, 1);
      assert.equal((uncaught[0] as Error).message, 'user bug');
      producer.send({ topic, payload: 'still works', opaque: 3 });
      await producer.flush(10_000);
      assert.ok(seen.includes(3));
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const listener of listeners) process.on('uncaughtException', listener);
      await producer.close();
      cluster.close();
    }
  });

  for (const kind of ['BaseProducer', 'ThreadedProducer']) {
    it(`an unclosed ${kind} lets an idle process exit, without a crash`, () => {
      const result = runNode(`
        const { ${kind}, MockCluster } = require('rdkafka-napi');
        const cluster = new MockCluster(1);
        const producer = new ${kind}({ 'bootstrap.servers': cluster.bootstrapServers }, { delivery: (r) => console.log('delivered', r.error === null) });
        producer.send({ topic: 't', payload: 'x' });
        Promise.resolve(producer.flush(10000)).then(() => console.log('flushed'));
      `);
      assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /delivered true\nflushed/);
      assert.ok(result.ms < 10_000, `exit took ${result.ms} ms`);
    });
  }

  it('a ThreadedProducer with messages in flight keeps the process until their callbacks ran', () => {
    const result = runNode(`
      const { ThreadedProducer, MockCluster } = require('rdkafka-napi');
      const cluster = new MockCluster(1);
      cluster.setBrokerRtt(-1, 300);
      const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers }, { delivery: (r) => console.log('delivered', r.error === null) });
      for (let i = 0; i < 3; i++) producer.send({ topic: 't', payload: 'x' });
    `);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.match(/delivered true/g)?.length, 3, result.stdout);
  });

  it('exits cleanly at process.exit() with a ThreadedProducer mid-flight', () => {
    const result = runNode(`
      const { ThreadedProducer, MockCluster } = require('rdkafka-napi');
      const cluster = new MockCluster(1);
      cluster.setBrokerRtt(-1, 1000);
      const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers });
      for (let i = 0; i < 1000; i++) producer.send({ topic: 't', payload: 'x' });
      setTimeout(() => process.exit(0), 100);
    `);
    assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`);
    assert.equal(result.status, 0, result.stderr);
  });

  it('a ThreadedProducer that is garbage-collected stops and joins its poll thread', () => {
    const result = runNode(
      `
      const fs = require('fs');
      const { ThreadedProducer } = require('rdkafka-napi');
      const pollThreads = () => fs.readdirSync('/proc/self/task').filter((t) => {
        try { return fs.readFileSync('/proc/self/task/' + t + '/comm', 'utf8').trim() === 'rdk:napi-poll'; } catch { return false; }
      }).length;
      (() => { for (let i = 0; i < 3; i++) new ThreadedProducer({}); })();
      (async () => {
        // The threads name themselves once running.
        for (let i = 0; i < 100 && pollThreads() < 3; i++) await new Promise((r) => setTimeout(r, 10));
        const before = pollThreads();
        for (let i = 0; i < 20 && pollThreads() > 0; i++) { gc(); await new Promise((r) => setTimeout(r, 50)); }
        console.log(before, pollThreads());
      })();
    `,
      { nodeArgs: ['--expose-gc'] },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), '3 0');
  });
});
