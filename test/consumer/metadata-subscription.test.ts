import { strict as assert } from 'assert';
import { KafkaError, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, populate, take } from '../support/consumers';

// C19-C21: metadata through a consumer, its subscription, and group listing (which the mock cannot serve).
describe('what a consumer knows of the cluster', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('fetchMetadata lists the topic with its partitions and leaders (C19)', async () => {
    const topic = newTopic(cluster, 3);
    for (const partition of [0, 1, 2]) await populate(cluster, topic, 1, { partition });
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      const all = await consumer.fetchMetadata(undefined, 5000);
      const found = all.topics.find((t) => t.name === topic);
      assert.ok(found);
      assert.equal(found.error, null);
      assert.deepEqual(found.partitions.map((p) => p.id).sort(), [0, 1, 2]);
      const brokerIds = all.brokers.map((b) => b.id);
      for (const partition of found.partitions) {
        assert.equal(partition.error, null);
        assert.ok(brokerIds.includes(partition.leader));
      }
      const one = await consumer.fetchMetadata(topic, 5000);
      assert.deepEqual(one.topics.map((t) => t.name), [topic]);
    } finally {
      await consumer.close();
    }
  });

  it('subscription() lists the topics with partition -1 (C20)', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 1, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      await take(consumer, 1);
      assert.deepEqual(
        consumer.subscription().map(({ topic, partition }) => ({ topic, partition })),
        [{ topic, partition: -1 }],
      );
    } finally {
      await consumer.close();
    }
  });

  it('fetchGroupList rejects GroupListFetch on the mock, which serves no ListGroups (C21)', async () => {
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      await assert.rejects(consumer.fetchGroupList(null, 2000), (error: KafkaError) => error instanceof KafkaError && error.kind === 'GroupListFetch');
    } finally {
      await consumer.close();
    }
  });

  it('subscribe checks the topics', async () => {
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      assert.throws(() => consumer.subscribe('t' as never), /topics must be an array/);
      assert.throws(() => consumer.subscribe(['ok', 5 as never]), /topics\[1\] must be a string/);
    } finally {
      await consumer.close();
    }
  });
});
