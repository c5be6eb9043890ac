import { strict as assert } from 'assert';
import { BaseConsumer, KafkaError, type MockCluster, Offset, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, populate, take } from '../support/consumers';

// C4-C6: partitions assigned by hand, from the offsets given, and the incremental calls.
describe('assigning partitions by hand', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('starts each partition at its offset: beginning, 2, 9 (C4)', async () => {
    const topic = newTopic(cluster, 3);
    for (const partition of [0, 1, 2]) await populate(cluster, topic, 10, { partition });
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.assign([
        { topic, partition: 0, offset: Offset.Beginning },
        { topic, partition: 1, offset: 2 },
        { topic, partition: 2, offset: 9 },
      ]);
      const messages = await take(consumer, 19);
      const counts = [0, 0, 0];
      for (const message of messages) counts[message.partition]++;
      assert.deepEqual(counts, [10, 8, 1]);
    } finally {
      await consumer.close();
    }
  });

  it('assign then unassign: the assignment has 3 partitions, then none (C5)', async () => {
    const topic = newTopic(cluster, 3);
    const consumer = new BaseConsumer(consumerConfig(cluster));
    try {
      consumer.assign([0, 1, 2].map((partition) => ({ topic, partition })));
      assert.equal(consumer.assignment().length, 3);
      consumer.unassign();
      assert.equal(consumer.assignment().length, 0);
    } finally {
      await consumer.close();
    }
  });

  it('incremental assign and unassign; unassigning twice is a Subscription error (C6)', async () => {
    const topic = newTopic(cluster, 3);
    // librdkafka also logs the refused unassign as a warning.
    const consumer = new BaseConsumer(consumerConfig(cluster), { log: () => {} });
    try {
      consumer.incrementalAssign([{ topic, partition: 0 }]);
      assert.equal(consumer.assignment().length, 1);
      consumer.incrementalAssign([{ topic, partition: 1 }]);
      assert.equal(consumer.assignment().length, 2);
      consumer.incrementalUnassign([{ topic, partition: 1 }]);
      assert.equal(consumer.assignment().length, 1);
      assert.throws(
        () => consumer.incrementalUnassign([{ topic, partition: 1 }]),
        (error: KafkaError) => error instanceof KafkaError && error.kind === 'Subscription' && error.code === RDKafkaErrorCode.InvalidArgument,
      );
    } finally {
      await consumer.close();
    }
  });

  it('bad lists are TypeErrors naming the field; unrepresentable offsets SetPartitionOffset', async () => {
    const topic = newTopic(cluster, 1);
    const consumer = new BaseConsumer(consumerConfig(cluster));
    try {
      assert.throws(() => consumer.assign('t' as never), /partitions must be an array/);
      assert.throws(() => consumer.assign([{ topic: '', partition: 0 }]), /partitions\[0\]\.topic must not be empty/);
      assert.throws(() => consumer.assign([{ topic, partition: -1 }]), /partitions\[0\]\.partition must be a whole number >= 0/);
      assert.throws(() => consumer.assign([{ topic, partition: 0, offset: 'latest' as never }]), /partitions\[0\]\.offset must be/);
      assert.throws(
        () => consumer.assign([{ topic, partition: 0, offset: Offset.tail(-1) }]),
        (error: KafkaError) => error.kind === 'SetPartitionOffset' && error.code === RDKafkaErrorCode.InvalidArgument,
      );
      assert.throws(() => consumer.assign([{ topic, partition: 0, offset: -5 }]), (error: KafkaError) => error.kind === 'SetPartitionOffset');
    } finally {
      await consumer.close();
    }
  });
});
