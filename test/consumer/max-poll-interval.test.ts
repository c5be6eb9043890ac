import { strict as assert } from 'assert';
import { CommitMode, type ConsumerContext, FutureProducer, KafkaError, type Message, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { type SeenRebalance, consumerConfig, drainFor, newCluster, newTopic, populate, recordingRebalances, sleep } from '../support/consumers';

// C37 (A7): max.poll.interval.ms measures the application, as with rust-rdkafka: the native thread pulls from
// librdkafka only while JavaScript wants messages, so a handler stuck longer than the interval gets the member evicted
// (and told so, at the next pull), while a member merely waiting for messages on a quiet topic is alive all along.
describe('max.poll.interval.ms (C37)', () => {
  let cluster: MockCluster;
  let logs: string[];
  beforeEach(() => {
    cluster = newCluster();
    logs = [];
  });
  afterEach(() => cluster.close());

  // The shortest interval librdkafka allows with these sessions (max.poll.interval.ms >= session.timeout.ms).
  const intervals = { 'max.poll.interval.ms': 2000, 'session.timeout.ms': 1500, 'heartbeat.interval.ms': 500 };

  const newConsumer = (context: ConsumerContext) =>
    new StreamConsumer(consumerConfig(cluster, intervals), { ...context, log: (_level, facility, message) => logs.push(`${facility} ${message}`) });

  // One message, taken and committed; then the handler is stuck for 3 s (the event loop is not: only the iteration).
  async function stallAfterOne(consumer: StreamConsumer, topic: string): Promise<AsyncIterableIterator<Message>> {
    await populate(cluster, topic, 1, { partition: 0 });
    consumer.subscribe([topic]);
    const iterator = consumer.stream();
    const first = (await iterator.next()).value as Message;
    assert.equal(first.offset, 0);
    // Committed, so that the member that rejoins goes on after it.
    await consumer.commitMessage(first, CommitMode.Sync);
    await sleep(3000);
    return iterator;
  }

  const pollExceeded = (error: KafkaError) => {
    assert.ok(error instanceof KafkaError, String(error));
    assert.equal(error.kind, 'MessageConsumption');
    assert.equal(error.code, RDKafkaErrorCode.PollExceeded);
    return true;
  };

  it('a handler stalling 3 s: the next pull throws PollExceeded, the revoke says lost, and consumption goes on after rejoining', async function () {
    this.timeout(20_000);
    const seen: SeenRebalance[] = [];
    const lostAtRevoke: boolean[] = [];
    const topic = newTopic(cluster, 1);
    const consumer = newConsumer(
      recordingRebalances(seen, {
        preRebalance(rebalance, consumer) {
          if (rebalance.kind === 'revoke') lostAtRevoke.push(consumer.assignmentLost());
        },
      }),
    );
    try {
      const iterator = await stallAfterOne(consumer, topic);
      await assert.rejects(iterator.next(), pollExceeded);
      assert.ok(logs.some((line) => line.startsWith('MAXPOLL')), 'librdkafka said why it left the group');

      // A new stream() goes on: the lost partitions are revoked (lost, so no commit can succeed), the member rejoins,
      // and gets the next message.
      await populate(cluster, topic, 2, { partition: 0, first: 1 });
      const next: Message[] = [];
      for await (const message of consumer.stream({ signal: AbortSignal.timeout(10_000) })) {
        next.push(message);
        if (next.length === 2) break;
      }
      assert.deepEqual(next.map((m) => m.offset), [1, 2]);
      const revokes = seen.filter((r) => r.kind === 'revoke');
      assert.deepEqual(revokes.map((r) => r.lost), [true]);
      assert.deepEqual(lostAtRevoke, [true]);
      assert.deepEqual(seen.map((r) => r.kind), ['assign', 'revoke', 'assign']);
      assert.equal(consumer.assignmentLost(), false, 'a new assignment is not lost');
    } finally {
      await consumer.close();
    }
  });

  it('after PollExceeded is thrown the assignment is lost until the application iterates again', async function () {
    this.timeout(20_000);
    const seen: SeenRebalance[] = [];
    const consumer = newConsumer(recordingRebalances(seen));
    try {
      const iterator = await stallAfterOne(consumer, newTopic(cluster, 1));
      await assert.rejects(iterator.next(), pollExceeded);
      await sleep(100);
      assert.equal(consumer.assignmentLost(), true, 'the member left the group: its partitions are lost');
      assert.deepEqual(seen.map((r) => r.kind), ['assign'], 'the revoke waits for the iteration');
    } finally {
      await consumer.close();
    }
  });

  it('a handler stuck while messages keep arriving is evicted all the same: read-ahead is not the application polling', async function () {
    this.timeout(20_000);
    const topic = newTopic(cluster, 1);
    const consumer = newConsumer({});
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 0 });
    try {
      await populate(cluster, topic, 1, { partition: 0 });
      consumer.subscribe([topic]);
      const iterator = consumer.stream();
      assert.equal(((await iterator.next()).value as Message).offset, 0);
      // The handler is stuck for 4 s, twice the interval, while a message comes every 200 ms.
      const stuckUntil = Date.now() + 4000;
      while (Date.now() < stuckUntil) {
        await producer.send({ topic, partition: 0, payload: 'more' }, 5000);
        await sleep(200);
      }
      assert.ok(logs.some((line) => line.startsWith('MAXPOLL')), 'librdkafka never found the application stuck');
      // What was read ahead before the eviction comes first (one batch at most), then the error.
      let yielded = 0;
      await assert.rejects(async () => {
        for (;;) {
          await iterator.next();
          yielded++;
        }
      }, pollExceeded);
      assert.ok(yielded < 5, `${yielded} messages were read ahead while the handler was stuck`);
    } finally {
      await producer.close();
      await consumer.close();
    }
  });

  it('a member waiting on an empty topic for 5 s is never evicted, and gets the first message as soon as it comes', async function () {
    this.timeout(20_000);
    const topic = newTopic(cluster, 1);
    const seen: SeenRebalance[] = [];
    const consumer = newConsumer(recordingRebalances(seen));
    try {
      consumer.subscribe([topic]);
      const { messages, errors } = await drainFor(consumer, 5000);
      assert.deepEqual(messages, []);
      assert.deepEqual(errors, []);
      assert.deepEqual(seen.map((r) => r.kind), ['assign'], 'one assignment, never revoked');
      assert.equal(consumer.assignmentLost(), false);

      const waiting = consumer.recv({ signal: AbortSignal.timeout(5000) });
      const sent = Date.now();
      await populate(cluster, topic, 1, { partition: 0 });
      assert.equal((await waiting).offset, 0);
      assert.ok(Date.now() - sent < 2000, `the message took ${Date.now() - sent} ms`);
      assert.deepEqual(seen.map((r) => r.kind), ['assign']);
    } finally {
      await consumer.close();
    }
  });
});
