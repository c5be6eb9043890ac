import { strict as assert } from 'assert';
import { CommitMode, ConsumerGroupMetadata, FutureProducer, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, populate, take } from '../support/consumers';

// C24 on the mock: the consumer side of exactly-once. The mock runs the flow (groupMetadata() accepted by
// sendOffsetsToTransaction); read_committed filtering and offsets stored by a transaction are proven on Kafka
// (test/kafka/consumers.test.ts).
describe('a consumer in a transaction', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('a sync commit of offset 10 reads back as 10 (C24)', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 10, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      await take(consumer, 10);
      await consumer.commit([{ topic, partition: 0, offset: 10 }], CommitMode.Sync);
      const [committed] = await consumer.committed(5000);
      assert.equal(committed.offset, 10);
    } finally {
      await consumer.close();
    }
  });

  it('groupMetadata() names the group, its generation and this member, and feeds sendOffsetsToTransaction', async () => {
    const topic = newTopic(cluster, 1);
    const output = newTopic(cluster, 1);
    await populate(cluster, topic, 3, { partition: 0 });
    const config = consumerConfig(cluster);
    const consumer = new StreamConsumer(config);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'transactional.id': `${output}-txn` });
    try {
      consumer.subscribe([topic]);
      const messages = await take(consumer, 3);
      const metadata = consumer.groupMetadata();
      assert.ok(metadata instanceof ConsumerGroupMetadata);
      assert.equal(metadata.groupId, config['group.id']);
      assert.ok(metadata.generationId >= 1);
      assert.notEqual(metadata.memberId, '');
      assert.equal(metadata.groupInstanceId, null);

      await producer.initTransactions(10_000);
      producer.beginTransaction();
      for (const m of messages) await producer.send({ topic: output, payload: m.payload }, 10_000);
      await producer.sendOffsetsToTransaction([{ topic, partition: 0, offset: 3 }], metadata, 10_000);
      await producer.commitTransaction(10_000);
    } finally {
      await producer.close();
      await consumer.close();
    }
  });

  it('is null without a group', async () => {
    const consumer = new StreamConsumer({ 'bootstrap.servers': cluster.bootstrapServers });
    try {
      assert.equal(consumer.groupMetadata(), null);
    } finally {
      await consumer.close();
    }
  });
});
