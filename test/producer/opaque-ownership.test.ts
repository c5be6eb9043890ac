import { strict as assert } from 'assert';
import { BaseProducer, MockCluster } from 'rdkafka-napi';
import { runNode, uniqueTopic } from '../helpers';

describe('opaques', () => {
  // rust-rdkafka test_base_producer_opaque_arc: each opaque comes back exactly once, with its message.
  it('are handed back exactly once each, with their own message', () => {
    const cluster = new MockCluster(1);
    const topic = uniqueTopic('opaque');
    const counter = { value: 0 };
    const seen = new Set<object>();
    const producer = new BaseProducer<{ id: number; counter: typeof counter }>(
      { 'bootstrap.servers': cluster.bootstrapServers },
      {
        delivery: (result, opaque) => {
          assert.ok(opaque, 'no opaque');
          assert.ok(!seen.has(opaque), 'an opaque came back twice');
          seen.add(opaque);
          if (result.error === null) opaque.counter.value++;
        },
      },
    );
    try {
      for (let id = 0; id < 10; id++) producer.send({ topic, payload: `${id}`, opaque: { id, counter } });
      producer.flush(10_000);
      assert.equal(seen.size, 10);
      assert.equal(counter.value, 10);
    } finally {
      producer.close();
      cluster.close();
    }
  });

  it('are not retained once their reports are served, even after a million sends', function () {
    this.timeout(180_000);
    // A sample of opaques is watched with a FinalizationRegistry; after the reports are served and a
    // GC, every watched one must be collected, and the heap must be back near where it started.
    const result = runNode(
      `
      const { BaseProducer, ThreadedProducer, MockCluster, RDKafkaErrorCode } = require('rdkafka-napi');
      const N = 1_000_000, SAMPLE = 1000;
      const cluster = new MockCluster(1);
      cluster.createTopic('t', 3, 1);
      const settle = async () => { for (let i = 0; i < 5; i++) { gc(); await new Promise((r) => setTimeout(r, 20)); } };
      async function run(Kind) {
        let finalized = 0, delivered = 0;
        const registry = new FinalizationRegistry(() => finalized++);
        globalThis.registry = registry; // a registry that is itself collected runs no callbacks
        const config = { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5, 'queue.buffering.max.messages': 200000 };
        const producer = new Kind(config, { delivery: (r) => { if (r.error === null) delivered++; } });
        await settle();
        const baseline = process.memoryUsage().heapUsed;
        for (let i = 0; i < N; i++) {
          const opaque = { i, payload: 'x'.repeat(20) };
          if (i % (N / SAMPLE) === 0) registry.register(opaque, i);
          for (;;) {
            try { producer.send({ topic: 't', payload: 'x', opaque }); break; }
            catch (e) {
              if (e.code !== RDKafkaErrorCode.QueueFull) throw e;
              if (Kind === BaseProducer) producer.poll(10); else await new Promise((r) => setImmediate(r));
            }
          }
          if (Kind === BaseProducer && i % 1000 === 0) producer.poll(0);
        }
        await producer.flush(120000);
        await settle();
        const grown = process.memoryUsage().heapUsed - baseline;
        await producer.close();
        console.log(JSON.stringify({ kind: Kind.name, delivered, finalized, grownMiB: grown / 2 ** 20 }));
      }
      (async () => { await run(BaseProducer); await run(ThreadedProducer); cluster.close(); })();
      `,
      { timeoutMs: 170_000, nodeArgs: ['--expose-gc'] },
    );
    assert.equal(result.status, 0, result.stderr);
    const runs = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(runs.length, 2, result.stdout);
    for (const run of runs) {
      assert.equal(run.delivered, 1_000_000, `${run.kind}: delivered ${run.delivered}`);
      assert.equal(run.finalized, 1000, `${run.kind}: ${run.finalized} of 1000 watched opaques collected`);
      assert.ok(run.grownMiB < 32, `${run.kind}: heap grew by ${run.grownMiB.toFixed(1)} MiB`);
    }
  });
});
