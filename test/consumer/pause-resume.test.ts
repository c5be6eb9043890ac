import { strict as assert } from 'assert';
import { BaseConsumer, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, drainFor, eventually, newCluster, newTopic, pollN, populate, take } from '../support/consumers';

// C15, C35: pause stops a partition; after resume the next message is the first one never handed out, also when a
// StreamConsumer had read ahead (librdkafka resumes from the last message popped, #2557).
describe('pause and resume', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('BaseConsumer: 3 rounds of take 100, pause, nothing for 2 s, resume (C15)', async function () {
    this.timeout(30_000);
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 300, { partition: 0 });
    const consumer = new BaseConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      let next = 0;
      for (let round = 0; round < 3; round++) {
        for (const message of pollN(consumer, 100)) assert.equal(message.offset, next++);
        const assignment = consumer.assignment();
        consumer.pause(assignment);
        const deadline = Date.now() + 2000;
        while (Date.now() < deadline) assert.equal(consumer.poll(100), null);
        consumer.resume(assignment);
      }
      assert.equal(consumer.poll(1000), null);
    } finally {
      await consumer.close();
    }
  });

  it('StreamConsumer: the same, with a batch read ahead each time (C15, C35)', async function () {
    this.timeout(30_000);
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 300, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 64 });
    try {
      consumer.subscribe([topic]);
      let next = 0;
      for (let round = 0; round < 3; round++) {
        const iterator = consumer.stream();
        for (let i = 0; i < 100; i++) assert.equal((await iterator.next()).value.offset, next++);
        if (round < 2) await eventually(() => consumer.bufferedCount > 0, 'a batch read ahead');
        const assignment = consumer.assignment();
        consumer.pause(assignment);
        assert.equal(consumer.bufferedCount, 0, 'pause drops what was read ahead');
        await iterator.return!();
        const { messages } = await drainFor(consumer, 2000);
        assert.deepEqual(messages, []);
        consumer.resume(assignment);
      }
      const { messages } = await drainFor(consumer, 1000);
      assert.deepEqual(messages, []);
    } finally {
      await consumer.close();
    }
  });

  it('StreamConsumer: pause, seek, resume honours the seek (#3471, C35)', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 50, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 10 });
    try {
      consumer.subscribe([topic]);
      await take(consumer, 5);
      const assignment = consumer.assignment();
      consumer.pause(assignment);
      await consumer.seek(topic, 0, 30, 5000);
      consumer.resume(assignment);
      assert.deepEqual((await take(consumer, 2)).map((m) => m.offset), [30, 31]);
    } finally {
      await consumer.close();
    }
  });

  it('position() reports the next message to be handed out, not what was read ahead', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 100, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 50 });
    try {
      consumer.subscribe([topic]);
      const iterator = consumer.stream();
      for (let i = 0; i < 3; i++) await iterator.next();
      await eventually(() => consumer.bufferedCount > 0, 'a batch read ahead');
      assert.deepEqual(consumer.position().map((tp) => tp.offset), [3]);
      await iterator.return!();
    } finally {
      await consumer.close();
    }
  });
});
