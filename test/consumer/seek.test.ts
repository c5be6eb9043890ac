import { strict as assert } from 'assert';
import { BaseConsumer, KafkaError, type MockCluster, Offset, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, drainFor, eventually, newCluster, newTopic, pollN, populate, take } from '../support/consumers';

// C12, C13, C36: seeking moves the next message handed out, also past what a StreamConsumer read ahead.
describe('seeking', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('BaseConsumer: seek to 1, to tail(3), to the end; unrepresentable offsets (C12)', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 5, { partition: 0 });
    const consumer = new BaseConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      assert.deepEqual(pollN(consumer, 3).map((m) => m.offset), [0, 1, 2]);
      await consumer.seek(topic, 0, 1, 5000);
      assert.deepEqual(pollN(consumer, 3).map((m) => m.offset), [1, 2, 3]);
      await consumer.seek(topic, 0, Offset.tail(3), 5000);
      assert.deepEqual(pollN(consumer, 2).map((m) => m.offset), [2, 3]);
      await consumer.seek(topic, 0, Offset.End, 5000);
      const deadline = Date.now() + 2000;
      while (Date.now() < deadline) assert.equal(consumer.poll(100), null);
      await assert.rejects(consumer.seek(topic, 0, -1, 5000), (error: KafkaError) => error.kind === 'Seek' && /Local: Unrepresentable offset/.test(error.message));
      assert.throws(
        () => consumer.assign([{ topic, partition: 0, offset: Offset.tail(-1) }]),
        (error: KafkaError) => error.kind === 'SetPartitionOffset' && error.code === RDKafkaErrorCode.InvalidArgument,
      );
    } finally {
      await consumer.close();
    }
  });

  it('seekPartitions: beginning, end and 2 on three partitions (C13)', async () => {
    const topic = newTopic(cluster, 3);
    await populate(cluster, topic, 30);
    const consumer = new BaseConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      const counts = [0, 0, 0];
      for (const message of pollN(consumer, 30)) {
        assert.equal(message.offset, counts[message.partition], 'offsets rise one by one');
        counts[message.partition]++;
      }
      const result = await consumer.seekPartitions(
        [
          { topic, partition: 0, offset: Offset.Beginning },
          { topic, partition: 1, offset: Offset.End },
          { topic, partition: 2, offset: 2 },
        ],
        5000,
      );
      assert.equal(result.length, 3);
      for (const entry of result) assert.equal(entry.error, null);
      const again = pollN(consumer, counts[0] + counts[2] - 2);
      assert.ok(again.every((m) => m.partition !== 1));
      assert.deepEqual(again.filter((m) => m.partition === 0).map((m) => m.offset), Array.from({ length: counts[0] }, (_, i) => i));
      assert.deepEqual(again.filter((m) => m.partition === 2).map((m) => m.offset), Array.from({ length: counts[2] - 2 }, (_, i) => i + 2));
      assert.equal(consumer.poll(500), null);
    } finally {
      await consumer.close();
    }
  });

  it('StreamConsumer: a seek drops what was read ahead; the next message is the one sought (C36)', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 100, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 100 });
    try {
      consumer.subscribe([topic]);
      const [first] = await take(consumer, 1);
      assert.equal(first.offset, 0);
      // An iterator active: a batch is read ahead.
      const iterator = consumer.stream();
      const [second] = [(await iterator.next()).value];
      assert.equal(second.offset, 1);
      await eventually(() => consumer.bufferedCount > 0, 'messages read ahead');
      await consumer.seek(topic, 0, 5);
      assert.deepEqual((await take(consumer, 3)).map((m) => m.offset), [5, 6, 7]);
      await consumer.seek(topic, 0, Offset.End);
      await iterator.return!();
      const { messages } = await drainFor(consumer, 1000);
      assert.deepEqual(messages, []);
    } finally {
      await consumer.close();
    }
  });

  it('StreamConsumer: a PartitionEOF read ahead of a seek is dropped with the messages (read-ahead stays invisible, A9)', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 3, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster, { 'enable.partition.eof': 'true' }), undefined, { maxBatchSize: 100 });
    try {
      consumer.subscribe([topic]);
      assert.equal((await take(consumer, 1))[0].offset, 0);
      // Messages 1 and 2 and the end of the partition read ahead: all of them are from before the seek.
      const iterator = consumer.stream();
      assert.equal((await iterator.next()).value.offset, 1);
      await eventually(() => consumer.bufferedCount > 0, 'messages read ahead');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await consumer.seek(topic, 0, 1);
      await iterator.return!();
      assert.deepEqual((await take(consumer, 2)).map((m) => m.offset), [1, 2]);
      await assert.rejects(consumer.recv(), (error: KafkaError) => error.kind === 'PartitionEOF' && error.offset === 3);
    } finally {
      await consumer.close();
    }
  });
});
