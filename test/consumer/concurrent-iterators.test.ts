import { strict as assert } from 'assert';
import { type Message, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, populate, take } from '../support/consumers';

// C3 and A2: several iterators and recv() calls share one buffer; each message goes to exactly one of them.
describe('several iterators on one StreamConsumer', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('5 concurrent loops take 20 messages each, 100 distinct ones in all (C3)', async () => {
    const topic = newTopic(cluster, 3);
    await populate(cluster, topic, 100);
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 7 });
    try {
      consumer.subscribe([topic]);
      const loops = Array.from({ length: 5 }, async () => {
        const got: Message[] = [];
        for await (const message of consumer.stream()) {
          got.push(message);
          if (got.length === 20) break;
        }
        return got;
      });
      const results = await Promise.all(loops);
      for (const got of results) assert.equal(got.length, 20);
      const positions = new Set(results.flat().map((m) => `${m.partition}:${m.offset}`));
      assert.equal(positions.size, 100);
    } finally {
      await consumer.close();
    }
  });

  it('recv() calls and an iterator share messages in order, per partition without gaps', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 30, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 4 });
    try {
      consumer.subscribe([topic]);
      const first = await take(consumer, 10);
      const iterated: Message[] = [];
      for await (const message of consumer.stream()) {
        iterated.push(message);
        if (iterated.length === 10) break;
      }
      const last = await take(consumer, 10);
      assert.deepEqual(
        [...first, ...iterated, ...last].map((m) => m.offset),
        Array.from({ length: 30 }, (_, i) => i),
      );
    } finally {
      await consumer.close();
    }
  });

  it('an aborted recv() rejects with an AbortError and loses nothing', async () => {
    const topic = newTopic(cluster, 1);
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      const controller = new AbortController();
      const waiting = consumer.recv({ signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(waiting, { name: 'AbortError' });
      await populate(cluster, topic, 1, { partition: 0 });
      const [message] = await take(consumer, 1);
      assert.equal(message.offset, 0);
    } finally {
      await consumer.close();
    }
  });

  it('aborting the signal ends stream() normally', async () => {
    const topic = newTopic(cluster, 1);
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      let count = 0;
      for await (const _ of consumer.stream({ signal: controller.signal })) count++;
      assert.equal(count, 0);
    } finally {
      await consumer.close();
    }
  });
});
