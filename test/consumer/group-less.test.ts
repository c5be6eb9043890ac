import { strict as assert } from 'assert';
import { BaseConsumer, CommitMode, KafkaError, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { newCluster, newTopic, populate } from '../support/consumers';

// C18, C42: a consumer without group.id. librdkafka 2.12 gives it no consumer group, so no queue to consume from:
// assign() and the group calls fail with UnknownGroup (as rust-rdkafka's do); metadata and watermarks work, and
// close() is immediate.
describe('a consumer without group.id', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('position() throws MetadataFetch(UnknownGroup) (C18)', async () => {
    const consumer = new BaseConsumer({});
    try {
      assert.throws(() => consumer.position(), (error: KafkaError) => error instanceof KafkaError && error.kind === 'MetadataFetch' && error.code === RDKafkaErrorCode.UnknownGroup);
      assert.equal(consumer.groupMetadata(), null);
    } finally {
      await consumer.close();
    }
  });

  for (const Kind of [StreamConsumer, BaseConsumer]) {
    it(`${Kind.name}: group calls fail with UnknownGroup, metadata works, close is immediate (C42)`, async () => {
      const topic = newTopic(cluster, 1);
      await populate(cluster, topic, 1, { partition: 0 });
      const consumer = new Kind({ 'bootstrap.servers': cluster.bootstrapServers });
      const unknownGroup = (kind: string) => (error: KafkaError) => error.kind === kind && error.code === RDKafkaErrorCode.UnknownGroup;
      assert.throws(() => consumer.assign([{ topic, partition: 0 }]), unknownGroup('Subscription'));
      assert.throws(() => consumer.assignment(), unknownGroup('MetadataFetch'));
      await assert.rejects(consumer.commitConsumerState(CommitMode.Sync), unknownGroup('ConsumerCommit'));
      await assert.rejects(consumer.commit([{ topic, partition: 0, offset: 1 }], CommitMode.Async), unknownGroup('ConsumerCommit'));
      await assert.rejects(consumer.committedOffsets([{ topic, partition: 0 }], 1000), (error: KafkaError) => error.kind === 'MetadataFetch');
      assert.deepEqual(await consumer.fetchWatermarks(topic, 0, 5000), { low: 0, high: 1 });
      assert.equal((await consumer.fetchMetadata(topic, 5000)).topics[0].name, topic);
      const started = Date.now();
      await consumer.close();
      assert.ok(Date.now() - started < 1000, 'close is immediate');
    });
  }
});
