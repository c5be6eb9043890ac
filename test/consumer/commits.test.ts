import { strict as assert } from 'assert';
import {
  ApiKey,
  BaseConsumer,
  CommitMode,
  type ConsumerContext,
  KafkaError,
  type Message,
  type MockCluster,
  Offset,
  RDKafkaErrorCode,
  StreamConsumer,
  type TopicPartition,
} from 'rdkafka-napi';
import { consumerConfig, eventually, listKey, newCluster, newTopic, populate, take } from '../support/consumers';

// C8-C10, C40, C41: commits (manual and automatic), what the getters say afterwards, and commitCallback.
describe('committing offsets', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  async function topicWith101112(): Promise<string> {
    const topic = newTopic(cluster, 3);
    await populate(cluster, topic, 10, { partition: 0 });
    await populate(cluster, topic, 11, { partition: 1 });
    await populate(cluster, topic, 12, { partition: 2 });
    return topic;
  }

  async function checkGetters(consumer: StreamConsumer | BaseConsumer, topic: string): Promise<void> {
    for (const [partition, high] of [[0, 10], [1, 11], [2, 12]]) {
      assert.deepEqual(await consumer.fetchWatermarks(topic, partition, 5000), { low: 0, high });
    }
    assert.deepEqual(listKey(consumer.assignment()), listKey([0, 1, 2].map((partition) => ({ topic, partition, offset: Offset.Stored }))));
    assert.deepEqual(
      listKey(await consumer.committed(5000)),
      listKey([
        { topic, partition: 0, offset: Offset.Invalid },
        { topic, partition: 1, offset: 11 },
        { topic, partition: 2, offset: Offset.Invalid },
      ]),
    );
    assert.deepEqual(listKey(consumer.position()), listKey([0, 1, 2].map((partition) => ({ topic, partition, offset: [10, 11, 12][partition] }))));
  }

  it('commitMessage for partition 1, then watermarks, assignment, committed and position (C8)', async () => {
    const topic = await topicWith101112();
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      const messages = await take(consumer, 33);
      const ofP1 = messages.filter((m) => m.partition === 1);
      for (const message of ofP1.slice(0, -1)) await consumer.commitMessage(message, CommitMode.Async);
      await consumer.commitMessage(ofP1[ofP1.length - 1], CommitMode.Sync);
      await checkGetters(consumer, topic);
    } finally {
      await consumer.close();
    }
  });

  it('storeOffsetFromMessage with auto store off, PartitionEOF on, then commitConsumerState (C9)', async () => {
    const topic = await topicWith101112();
    const consumer = new StreamConsumer(consumerConfig(cluster, { 'enable.auto.offset.store': false, 'enable.partition.eof': true }));
    try {
      consumer.subscribe([topic]);
      const messages: Message[] = [];
      let eofs = 0;
      while (messages.length < 33 || eofs < 3) {
        try {
          messages.push(await consumer.recv({ signal: AbortSignal.timeout(20_000) }));
        } catch (error) {
          assert.ok(error instanceof KafkaError && error.kind === 'PartitionEOF', String(error));
          eofs++;
        }
      }
      for (const message of messages) if (message.partition === 1) consumer.storeOffsetFromMessage(message);
      await consumer.commitConsumerState(CommitMode.Sync);
      await checkGetters(consumer, topic);
    } finally {
      await consumer.close();
    }
  });

  it('commit metadata is kept, and read by the next member of the group after close (C10)', async () => {
    const topic = newTopic(cluster, 3);
    await populate(cluster, topic, 3);
    const config = consumerConfig(cluster);
    const consumer = new StreamConsumer(config);
    const offsets: TopicPartition[] = [
      { topic, partition: 0, offset: 1, metadata: 'one' },
      { topic, partition: 1, offset: 1, metadata: 'two' },
      { topic, partition: 2, offset: 1, metadata: 'three' },
    ];
    consumer.subscribe([topic]);
    await take(consumer, 1);
    await consumer.commit(offsets, CommitMode.Sync);
    assert.deepEqual(listKey(await consumer.committed(5000)), listKey(offsets));
    await consumer.close();

    const next = new BaseConsumer(config);
    try {
      assert.deepEqual(listKey(await next.committedOffsets(offsets.map(({ topic, partition }) => ({ topic, partition })), 5000)), listKey(offsets));
    } finally {
      await next.close();
    }
  });

  it('commitConsumerState with nothing new rejects ConsumerCommit(NoOffset) (C40)', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 2, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      await take(consumer, 2);
      await consumer.commitConsumerState(CommitMode.Sync);
      await assert.rejects(consumer.commitConsumerState(CommitMode.Sync), (error: KafkaError) => error.kind === 'ConsumerCommit' && error.code === RDKafkaErrorCode.NoOffset);
    } finally {
      await consumer.close();
    }
  });

  it('every commit reaches commitCallback once: manual async, a failure, automatic ones (C41)', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 3, { partition: 0 });
    const results: Array<{ error: KafkaError | null; offsets: TopicPartition[] }> = [];
    const context: ConsumerContext = { commitCallback: (error, offsets) => results.push({ error, offsets }) };
    const consumer = new StreamConsumer(consumerConfig(cluster), context);
    try {
      consumer.subscribe([topic]);
      const [first, second] = await take(consumer, 2);
      await consumer.commitMessage(first, CommitMode.Async);
      await eventually(() => results.length === 1, 'the async commit result');
      assert.equal(results[0].error, null);
      assert.deepEqual(listKey(results[0].offsets), listKey([{ topic, partition: 0, offset: first.offset + 1 }]));

      cluster.pushRequestErrors(ApiKey.OffsetCommit, [RDKafkaErrorCode.NotCoordinator]);
      await consumer.commitMessage(second, CommitMode.Async).catch(() => {});
      await eventually(() => results.length >= 2, 'the failed commit result');
      assert.ok(results[1].error === null || results[1].error.kind === 'ConsumerCommit');

      const sync = results.length;
      await consumer.commitMessage(second, CommitMode.Sync);
      assert.equal(results.length, sync + 1, 'a sync commit reaches commitCallback too');
    } finally {
      await consumer.close();
    }

    // Automatic commits report too.
    const auto: TopicPartition[][] = [];
    const autoConsumer = new StreamConsumer(consumerConfig(cluster, { 'enable.auto.commit': true, 'auto.commit.interval.ms': 100 }), {
      commitCallback: (error, offsets) => {
        if (error === null) auto.push(offsets);
      },
    });
    try {
      autoConsumer.subscribe([topic]);
      await take(autoConsumer, 3);
      await eventually(() => auto.some((offsets) => offsets.some((tp) => tp.offset === 3)), 'an automatic commit of offset 3');
    } finally {
      await autoConsumer.close();
    }
  });

  it('commit calls check their arguments', async () => {
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      await assert.rejects(consumer.commit([{ topic: 't', partition: 0 }], CommitMode.Sync), /offsets\[0\]\.offset is required/);
      await assert.rejects(consumer.commit([], 'soon' as never), /mode must be CommitMode.Sync or CommitMode.Async/);
      await assert.rejects(consumer.commitMessage({ topic: 't', partition: 0, offset: -1 }, CommitMode.Sync), /message.offset must be a whole number >= 0/);
      assert.throws(() => consumer.storeOffsets([{ topic: 't', partition: 0, offset: 1 }]), (error: KafkaError) => error.kind === 'StoreOffset' && error.code === RDKafkaErrorCode.InvalidArgument);
    } finally {
      await consumer.close();
    }
  });
});
