import { strict as assert } from 'assert';
import { type MockCluster, StreamConsumer, ThreadedProducer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, sleep } from '../support/consumers';

// C50 (A7): read-ahead is bounded. However fast messages arrive, a StreamConsumer pulls a batch only while the
// application wants messages and less than half a batch is buffered: a slow handler never has more than maxBatchSize
// plus one batch waiting in memory.
describe('bounded read-ahead with a slow handler (C50)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('5 ms per message, a producer sending flat out: bufferedCount never exceeds maxBatchSize + one batch', async function () {
    this.timeout(30_000);
    const MAX_BATCH = 50;
    const HANDLED = 600; // about 3 s of handling
    const topic = newTopic(cluster, 3);
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: MAX_BATCH });
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 1 }, { delivery: () => {} });
    let producing = true;
    let sent = 0;
    // Far faster than the handler: about 20 messages per millisecond, until the end.
    const production = (async () => {
      while (producing) {
        for (let i = 0; i < 200; i++, sent++) producer.send({ topic, key: `k${sent}`, payload: `message ${sent}` });
        await sleep(10);
      }
    })();
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, consumer.bufferedCount)), 1);
    try {
      consumer.subscribe([topic]);
      let handled = 0;
      for await (const _message of consumer.stream()) {
        most = Math.max(most, consumer.bufferedCount);
        await sleep(5);
        if (++handled === HANDLED) break;
      }
      assert.ok(sent > 10 * HANDLED, `the producer outran the handler (${sent} sent, ${HANDLED} handled)`);
      assert.ok(most > 0, 'messages were read ahead');
      assert.ok(most <= 2 * MAX_BATCH, `at most ${2 * MAX_BATCH} buffered, saw ${most}`);
    } finally {
      clearInterval(sampler);
      producing = false;
      await production;
      await producer.close();
      await consumer.close();
    }
  });
});
