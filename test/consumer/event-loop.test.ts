import { strict as assert } from 'assert';
import { promises as dns } from 'dns';
import { setMaxListeners } from 'events';
import { promises as fs } from 'fs';
import { monitorEventLoopDelay } from 'perf_hooks';
import { type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, sleep } from '../support/consumers';

// C49 (A17): consumers waiting for messages use neither the event loop nor libuv's thread pool, so file system and
// DNS work (which need the pool) is not held up by them, and the event loop stays responsive.
describe('consumers and the event loop', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('16 StreamConsumers waiting on idle topics hold up neither fs nor dns work, nor the event loop', async () => {
    const consumers = Array.from({ length: 16 }, () => {
      const consumer = new StreamConsumer(consumerConfig(cluster));
      consumer.subscribe([newTopic(cluster, 2)]);
      return consumer;
    });
    const controller = new AbortController();
    setMaxListeners(consumers.length, controller.signal); // one listener per recv()
    const waiting = consumers.map((c) => c.recv({ signal: controller.signal }).catch(() => undefined));
    try {
      await sleep(500);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      // More concurrent pool work than the pool has threads (4 by default): none of it waits behind a consumer.
      const started = Date.now();
      await Promise.all([
        ...Array.from({ length: 16 }, () => fs.readFile(__filename)),
        ...Array.from({ length: 8 }, () => dns.lookup('localhost')),
      ]);
      const took = Date.now() - started;
      await sleep(500);
      delay.disable();
      assert.ok(took < 2000, `fs and dns work took ${took} ms`);
      assert.ok(delay.percentile(99) / 1e6 < 200, `event loop p99 delay ${delay.percentile(99) / 1e6} ms`);
    } finally {
      controller.abort();
      await Promise.all(waiting);
      await Promise.all(consumers.map((c) => c.close()));
    }
  });
});
