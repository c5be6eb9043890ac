import { strict as assert } from 'assert';
import { BaseConsumer, CommitMode, KafkaError, type Message, type MockCluster, Offset, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { newCluster, newTopic, pollN, populate, take } from '../support/consumers';

// C18, C42: a consumer without group.id. librdkafka gives it no consumer group (its assign() says UnknownGroup);
// ours assigns through librdkafka's legacy consumer instead, so assign + consume work as in a group, while the group
// calls (commit*, committed, position, assignment) fail with UnknownGroup and close() is immediate.
describe('a consumer without group.id', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  const unknownGroup = (kind: string) => (error: KafkaError) => error instanceof KafkaError && error.kind === kind && error.code === RDKafkaErrorCode.UnknownGroup;
  const config = (extra: Record<string, string | number> = {}) => ({ 'bootstrap.servers': cluster.bootstrapServers, 'fetch.wait.max.ms': 10, ...extra });
  const payloads = (messages: Message[]) => messages.map((m) => `${m.partition}:${m.offset}:${m.payload?.toString()}`);

  it('position() throws MetadataFetch(UnknownGroup) (C18)', async () => {
    const consumer = new BaseConsumer({});
    try {
      assert.throws(() => consumer.position(), unknownGroup('MetadataFetch'));
      assert.equal(consumer.groupMetadata(), null);
    } finally {
      await consumer.close();
    }
  });

  describe('StreamConsumer', () => {
    it('assign + consume: from an offset, from the beginning, and (no offset) where auto.offset.reset says', async () => {
      const topic = newTopic(cluster, 2);
      await populate(cluster, topic, 4, { partition: 0 });
      await populate(cluster, topic, 3, { partition: 1, first: 4 });
      const consumer = new StreamConsumer(config({ 'auto.offset.reset': 'earliest' }));
      try {
        consumer.assign([{ topic, partition: 0, offset: 2 }, { topic, partition: 1 }]);
        const got = payloads(await take(consumer, 5)).sort();
        assert.deepEqual(got, ['0:2:Message 2', '0:3:Message 3', '1:0:Message 4', '1:1:Message 5', '1:2:Message 6']);

        // A new assign replaces the old one: p1 stops, p0 starts over.
        consumer.assign([{ topic, partition: 0, offset: Offset.Beginning }]);
        assert.deepEqual(payloads(await take(consumer, 4)), ['0:0:Message 0', '0:1:Message 1', '0:2:Message 2', '0:3:Message 3']);
        await populate(cluster, topic, 1, { partition: 1, first: 7 });
        await populate(cluster, topic, 1, { partition: 0, first: 8 });
        assert.deepEqual(payloads(await take(consumer, 1)), ['0:4:Message 8'], 'only p0 is consumed now');
      } finally {
        await consumer.close();
      }
    });

    it('seek, PartitionEOF, pause and resume work as in a group', async () => {
      const topic = newTopic(cluster, 1);
      await populate(cluster, topic, 5, { partition: 0 });
      const consumer = new StreamConsumer(config({ 'auto.offset.reset': 'earliest', 'enable.partition.eof': 'true' }));
      try {
        consumer.assign([{ topic, partition: 0 }]);
        assert.equal((await consumer.recv()).offset, 0);
        await consumer.seek(topic, 0, 3, 5000);
        assert.deepEqual(payloads(await take(consumer, 2)), ['0:3:Message 3', '0:4:Message 4']);
        await assert.rejects(consumer.recv(), (error: KafkaError) => error.kind === 'PartitionEOF' && error.offset === 5);
        consumer.pause([{ topic, partition: 0 }]);
        consumer.resume([{ topic, partition: 0 }]);
        await populate(cluster, topic, 1, { partition: 0, first: 5 });
        // Resuming rewinds to the first message not handed out, and reaching the end again says so again.
        const next = await consumer.recv().catch((error: KafkaError) => (error.kind === 'PartitionEOF' ? consumer.recv() : Promise.reject(error)));
        assert.deepEqual(payloads([next]), ['0:5:Message 5']);
      } finally {
        await consumer.close();
      }
    });

    it('with the default auto.offset.reset (largest), a partition assigned without an offset starts at the end', async () => {
      const topic = newTopic(cluster, 1);
      await populate(cluster, topic, 3, { partition: 0 });
      const consumer = new StreamConsumer(config());
      try {
        consumer.assign([{ topic, partition: 0 }]);
        // Messages keep coming until one arrives: the first is a new one, never one of the three before the assign.
        const next = take(consumer, 1);
        let arrived = false;
        void next.finally(() => (arrived = true));
        for (let i = 3; !arrived; i++) {
          await populate(cluster, topic, 1, { partition: 0, first: i });
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const [first] = await next;
        assert.ok(first.offset >= 3, `started at ${first.offset}`);
      } finally {
        await consumer.close();
      }
    });
  });

  describe('BaseConsumer', () => {
    it('assign + poll; unassign stops consuming', async () => {
      const topic = newTopic(cluster, 1);
      await populate(cluster, topic, 3, { partition: 0 });
      const consumer = new BaseConsumer(config({ 'auto.offset.reset': 'earliest' }));
      try {
        consumer.assign([{ topic, partition: 0 }]);
        assert.deepEqual(payloads(pollN(consumer, 3)), ['0:0:Message 0', '0:1:Message 1', '0:2:Message 2']);
        consumer.unassign();
        await populate(cluster, topic, 1, { partition: 0, first: 3 });
        const deadline = Date.now() + 1000;
        while (Date.now() < deadline) assert.equal(consumer.poll(100), null, 'a message after unassign');
      } finally {
        await consumer.close();
      }
    });
  });

  for (const Kind of [StreamConsumer, BaseConsumer]) {
    it(`${Kind.name}: group calls fail with UnknownGroup, metadata works, close is immediate (C42)`, async () => {
      const topic = newTopic(cluster, 1);
      await populate(cluster, topic, 1, { partition: 0 });
      const consumer = new Kind({ 'bootstrap.servers': cluster.bootstrapServers });
      consumer.assign([{ topic, partition: 0 }]);
      assert.throws(() => consumer.assignment(), unknownGroup('MetadataFetch'));
      assert.throws(() => consumer.subscribe([topic]), (error: KafkaError) => error instanceof KafkaError && error.kind === 'Subscription');
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
