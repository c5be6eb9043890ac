import { strict as assert } from 'assert';
import { BaseConsumer, CommitMode, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, eventually, newCluster, newTopic } from '../support/consumers';

// C23: a group member that only assigns (never subscribes) stores and commits offsets the group then reads.
describe('an assign-only member of a group', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('storeOffset(-1) stores 0; commitConsumerState commits it; another member reads 0 (C23)', async () => {
    const topic = newTopic(cluster, 1);
    const config = consumerConfig(cluster, { 'enable.auto.offset.store': false });
    const consumer = new StreamConsumer(config);
    try {
      consumer.assign([{ topic, partition: 0 }]);
      // The partition must be known before its offset can be stored.
      await eventually(() => {
        try {
          consumer.storeOffset(topic, 0, -1);
          return true;
        } catch {
          return false;
        }
      }, 'storeOffset to succeed');
      await consumer.commitConsumerState(CommitMode.Sync);
    } finally {
      await consumer.close();
    }
    const other = new BaseConsumer(config);
    try {
      const [committed] = await other.committedOffsets([{ topic, partition: 0 }], 5000);
      assert.equal(committed.offset, 0);
    } finally {
      await other.close();
    }
  });
});
