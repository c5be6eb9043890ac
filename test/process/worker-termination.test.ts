import { strict as assert } from 'assert';
import { runNode } from '../helpers';

// Terminating a worker tears its environment down under whatever it is doing: sends in the middle of
// a native call, delivery reports being handed to JavaScript, promises being settled. None of it may
// crash the process: no C++ exception may escape into a dying environment.
describe('terminating workers that produce', function () {
  this.timeout(120_000);

  for (const kind of ['BaseProducer', 'ThreadedProducer', 'FutureProducer']) {
    it(`${kind}: 8 workers sending flat out, all terminated at once, twice; the process carries on`, () => {
      const result = runNode(
        `
        const { Worker } = require('worker_threads');
        const script = \`
          const { ${kind}, MockCluster } = require('rdkafka-napi');
          const cluster = new MockCluster(1);
          const producer = new ${kind}({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 1 }, ${kind === 'FutureProducer' ? '{}' : '{ delivery() {} }'});
          const send = ${kind === 'FutureProducer' ? "() => producer.send({ topic: 't', payload: 'x' }, 0).catch(() => {})" : "() => producer.send({ topic: 't', payload: 'x' })"};
          (async () => {
            for (;;) {
              for (let i = 0; i < 100; i++) {
                try { send(); } catch { ${kind === 'BaseProducer' ? 'producer.poll(0);' : ''} }
              }
              ${kind === 'BaseProducer' ? 'producer.poll(0);' : ''}
              await new Promise((resolve) => setImmediate(resolve));
            }
          })();
        \`;
        (async () => {
          for (let round = 0; round < 2; round++) {
            const workers = Array.from({ length: 8 }, () => new Worker(script, { eval: true }));
            for (const worker of workers) worker.on('error', (e) => { console.error('worker error', e); process.exitCode = 1; });
            await new Promise((resolve) => setTimeout(resolve, 500));
            await Promise.all(workers.map((worker) => worker.terminate()));
            console.log('round', round, 'terminated');
          }
        })();
        `,
        { timeoutMs: 60_000 },
      );
      assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /round 1 terminated/);
      assert.equal(result.stderr, '');
    });
  }
});
