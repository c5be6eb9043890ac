import { strict as assert } from 'assert';
import { BaseConsumer, CommitMode, type MockCluster } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, pollN, populate } from '../support/consumers';

// A BaseConsumer reads the consumer queue in batches and hands out one message per poll() (A8, A9): what it read
// ahead is invisible. Offsets stored and committed are those of the messages poll() returned; position() is the next
// one it will return; pause, seek and close drop what was read ahead, and nothing is skipped or repeated.
describe('BaseConsumer read-ahead is invisible', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  const consumerOf = (extra = {}) => new BaseConsumer(consumerConfig(cluster, extra));

  it('after 100 polls of 500 messages: commitConsumerState commits 100, position() says 100', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 500, { partition: 0 });
    const consumer = consumerOf();
    try {
      consumer.subscribe([topic]);
      // A quick loop: reads grow past one message.
      const first = pollN(consumer, 100);
      assert.deepEqual(first.map((m) => m.offset), Array.from({ length: 100 }, (_, i) => i));
      assert.deepEqual(consumer.position().map((tp) => tp.offset), [100]);
      await consumer.commitConsumerState(CommitMode.Sync);
      assert.deepEqual((await consumer.committed(5000)).map((tp) => tp.offset), [100]);
      const rest = pollN(consumer, 400);
      assert.deepEqual(rest.map((m) => m.offset), Array.from({ length: 400 }, (_, i) => 100 + i));
    } finally {
      await consumer.close();
    }
  });

  it('pause after 50 polls, resume: the 51st message comes next; seek(10) after 60: 10 comes next', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 300, { partition: 0 });
    const consumer = consumerOf();
    try {
      consumer.subscribe([topic]);
      pollN(consumer, 50);
      consumer.pause([{ topic, partition: 0 }]);
      assert.equal(consumer.poll(300), null, 'nothing from a paused partition, read ahead or not');
      consumer.resume([{ topic, partition: 0 }]);
      assert.deepEqual(pollN(consumer, 10).map((m) => m.offset), Array.from({ length: 10 }, (_, i) => 50 + i));
      await consumer.seekPartitions([{ topic, partition: 0, offset: 10 }], 5000);
      assert.deepEqual(pollN(consumer, 5).map((m) => m.offset), [10, 11, 12, 13, 14]);
    } finally {
      await consumer.close();
    }
  });

  it('with auto commit, close() commits what poll() returned, not what was read ahead: the next member starts at 70', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 200, { partition: 0 });
    const config = consumerConfig(cluster, { 'enable.auto.commit': true });
    const consumer = new BaseConsumer(config);
    consumer.subscribe([topic]);
    pollN(consumer, 70);
    await consumer.close();
    const next = new BaseConsumer({ ...config });
    try {
      next.subscribe([topic]);
      assert.deepEqual(pollN(next, 1).map((m) => m.offset), [70]);
    } finally {
      await next.close();
    }
  });
});
