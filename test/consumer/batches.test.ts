import { strict as assert } from 'assert';
import { CommitMode, KafkaError, type Message, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, eventually, newCluster, newTopic, populate } from '../support/consumers';

// The batch form of stream(): each step hands out every message read ahead in a row, in order, at most maxMessages;
// offsets are stored as batches are handed out, so a commit after a batch covers exactly it; leaving the loop loses
// nothing; a consumer error comes after the messages before it.
describe('StreamConsumer.batches()', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  const offsets = (batch: Message[]) => batch.map((m) => m.offset);

  it('300 messages come in order, in batches of at most maxMessages, none empty', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 300, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 100 });
    try {
      consumer.subscribe([topic]);
      const seen: number[] = [];
      const sizes: number[] = [];
      for await (const batch of consumer.batches({ maxMessages: 40 })) {
        sizes.push(batch.length);
        seen.push(...offsets(batch));
        if (seen.length >= 300) break;
      }
      assert.deepEqual(seen, Array.from({ length: 300 }, (_, i) => i));
      assert.ok(sizes.every((size) => size >= 1 && size <= 40), `sizes ${sizes}`);
      assert.ok(sizes.some((size) => size > 1), 'messages read ahead together come together');
    } finally {
      await consumer.close();
    }
  });

  it('a commit after a batch covers that batch; break, and the next batches() goes on after it', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 250, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 100 });
    try {
      consumer.subscribe([topic]);
      let first: Message[] = [];
      for await (const batch of consumer.batches({ maxMessages: 10 })) {
        first = batch;
        await eventually(() => consumer.bufferedCount > 0, 'messages read ahead');
        break;
      }
      assert.deepEqual(offsets(first), Array.from({ length: first.length }, (_, i) => i));
      await consumer.commitConsumerState(CommitMode.Sync);
      assert.deepEqual((await consumer.committed(5000)).map((tp) => tp.offset), [first.length]);

      const rest: number[] = [];
      for await (const batch of consumer.batches()) {
        rest.push(...offsets(batch));
        if (first.length + rest.length >= 250) break;
      }
      assert.deepEqual(rest, Array.from({ length: 250 - first.length }, (_, i) => first.length + i), 'no gap, no repeat');
    } finally {
      await consumer.close();
    }
  });

  it('PartitionEOF is thrown after the messages before it; a new batches() goes on', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 5, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster, { 'enable.partition.eof': true }));
    try {
      consumer.subscribe([topic]);
      const seen: number[] = [];
      await assert.rejects(
        (async () => {
          for await (const batch of consumer.batches()) seen.push(...offsets(batch));
        })(),
        (error: unknown) => error instanceof KafkaError && error.kind === 'PartitionEOF' && error.offset === 5,
      );
      assert.deepEqual(seen, [0, 1, 2, 3, 4]);
      await populate(cluster, topic, 1, { partition: 0, first: 5 });
      for await (const batch of consumer.batches()) {
        assert.deepEqual(offsets(batch), [5]);
        break;
      }
    } finally {
      await consumer.close();
    }
  });

  it('checks its options', async () => {
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      assert.throws(() => consumer.batches({ maxMessages: 0 }), { name: 'RangeError', message: /options\.maxMessages/ });
      assert.throws(() => consumer.batches({ maxMessages: 1.5 }), /options\.maxMessages/);
      assert.throws(() => consumer.batches(null as never), TypeError);
    } finally {
      await consumer.close();
    }
  });
});
