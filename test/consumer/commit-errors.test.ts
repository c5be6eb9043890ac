import { strict as assert } from 'assert';
import { ApiKey, BaseConsumer, CommitMode, type ConfigEntries, KafkaError, type MockCluster, RDKafkaErrorCode, StreamConsumer, type TopicPartition } from 'rdkafka-napi';
import { ONE_MESSAGE_PER_BATCH, consumerConfig, newCluster, newTopic, populate, take } from '../support/consumers';

// C38 (librdkafka's 0117 mock_errors): commit errors reach the application as they are, and never wedge the consumer.
// A commit refused because the group is rebalancing fails (nothing was committed, so the survivor re-reads everything:
// librdkafka #2933 once left its fetchers stopped there); a commit that timed out on the broker is retried, and lands.
describe('commit errors (C38)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('a member leaves; the sync commit of the survivor is refused with RebalanceInProgress, and it still receives all 100 messages', async function () {
    this.timeout(30_000);
    const topic = newTopic(cluster, 4);
    await populate(cluster, topic, 100, { producer: ONE_MESSAGE_PER_BATCH });
    // session.timeout.ms - 1 s is how long the mock holds the group after the member leaves.
    const config = consumerConfig(cluster, { 'session.timeout.ms': 3000, 'fetch.message.max.bytes': 100 });
    const survivor = new StreamConsumer(config);
    const leaving = new StreamConsumer(config);
    try {
      survivor.subscribe([topic]);
      leaving.subscribe([topic]);
      const [[first]] = await Promise.all([take(survivor, 1), take(leaving, 1)]);
      await leaving.close();

      cluster.pushRequestErrors(ApiKey.OffsetCommit, Array(6).fill(RDKafkaErrorCode.RebalanceInProgress));
      await assert.rejects(survivor.commitConsumerState(CommitMode.Sync), (error: KafkaError) => {
        assert.ok(error instanceof KafkaError, String(error));
        assert.equal(error.kind, 'ConsumerCommit');
        assert.equal(error.code, RDKafkaErrorCode.RebalanceInProgress);
        return true;
      });

      // Nothing was committed: with the whole topic reassigned to it, the survivor reads all of it (when the group
      // first formed around it alone, the message it took then may not come again: its position there was kept).
      const positions = new Set<string>([`${first.partition}:${first.offset}`]);
      const signal = AbortSignal.timeout(20_000);
      for await (const message of survivor.stream({ signal })) {
        positions.add(`${message.partition}:${message.offset}`);
        if (positions.size === 100) break;
      }
      assert.equal(positions.size, 100, `the survivor received ${positions.size} of the 100 messages`);
      assert.equal(survivor.assignment().length, 4);
    } finally {
      await Promise.all([survivor.close(), leaving.close()]);
    }
  });

  const offsetCommits = () => cluster.requests().filter((request) => request.apiKey === ApiKey.OffsetCommit).length;

  async function committedBy(config: ConfigEntries, topic: string): Promise<TopicPartition[]> {
    const reader = new BaseConsumer(config);
    try {
      return await reader.committedOffsets([{ topic, partition: 0 }], 10_000);
    } finally {
      await reader.close();
    }
  }

  it('2 × REQUEST_TIMED_OUT for OffsetCommit are retried: a manual sync commit succeeds', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 1, { partition: 0, producer: ONE_MESSAGE_PER_BATCH });
    const config = consumerConfig(cluster);
    const consumer = new StreamConsumer(config);
    try {
      consumer.subscribe([topic]);
      await take(consumer, 1);
      cluster.startRequestTracking();
      cluster.pushRequestErrors(ApiKey.OffsetCommit, [RDKafkaErrorCode.RequestTimedOut, RDKafkaErrorCode.RequestTimedOut]);
      await consumer.commitConsumerState(CommitMode.Sync);
      assert.equal(offsetCommits(), 3, 'two attempts timed out, the third landed');
    } finally {
      await consumer.close();
    }
    assert.deepEqual((await committedBy(config, topic)).map((tp) => tp.offset), [1]);
  });

  it('2 × REQUEST_TIMED_OUT for OffsetCommit are retried: with auto commit, the final commit at close lands', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 1, { partition: 0, producer: ONE_MESSAGE_PER_BATCH });
    // Too long an interval for the timer to commit: only close() does.
    const config = consumerConfig(cluster, { 'enable.auto.commit': true, 'auto.commit.interval.ms': 90_000 });
    const consumer = new StreamConsumer(config);
    try {
      consumer.subscribe([topic]);
      await take(consumer, 1);
      cluster.startRequestTracking();
      cluster.pushRequestErrors(ApiKey.OffsetCommit, [RDKafkaErrorCode.RequestTimedOut, RDKafkaErrorCode.RequestTimedOut]);
    } finally {
      await consumer.close();
    }
    assert.equal(offsetCommits(), 3, 'two attempts timed out, the third landed');
    assert.deepEqual((await committedBy(config, topic)).map((tp) => tp.offset), [1]);
  });
});
