import { strict as assert } from 'assert';
import { promises as dns } from 'dns';
import { setMaxListeners } from 'events';
import { promises as fs } from 'fs';
import { monitorEventLoopDelay } from 'perf_hooks';
import { type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, populate, sleep } from '../support/consumers';

/** How many times the consumer's thread has woken JavaScript (internal, for tests). */
const wakes = (consumer: StreamConsumer) => (consumer as unknown as { wakeCount(): number }).wakeCount();

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

  // Node dispatches the calls of a thread-safe function queued while it dispatches in the same turn: a thread that
  // gathered as fast as the application drained would keep timers and I/O waiting for up to a thousand batches.
  it('a StreamConsumer read flat out wakes JavaScript at most once per turn of the event loop', async () => {
    const topic = newTopic(cluster, 3);
    for (let partition = 0; partition < 3; partition++) await populate(cluster, topic, 3000, { partition });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 50 });
    let turns = 0;
    let mostWakes = 0;
    let done = false;
    let last = 0;
    const turn = () => {
      const now = wakes(consumer);
      mostWakes = Math.max(mostWakes, now - last);
      last = now;
      turns++;
      if (!done) setImmediate(turn);
    };
    try {
      consumer.subscribe([topic]);
      setImmediate(turn);
      let count = 0;
      let sink = 0;
      for await (const message of consumer.stream()) {
        // A little work per message: the thread's next batch is always ready before this one is done.
        for (let i = 0; i < 2000; i++) sink += message.offset * i;
        if (++count === 9000) break;
      }
      assert.ok(sink >= 0);
      assert.ok(wakes(consumer) >= 9000 / 100, `${wakes(consumer)} wake-ups for 9000 messages in batches of 50 (two at most per wake-up)`);
      assert.equal(mostWakes, 1, `at most one wake-up per turn (${turns} turns)`);
    } finally {
      done = true;
      await consumer.close();
    }
  });
});
