import { strict as assert } from 'assert';
import {
  BaseConsumer,
  CommitMode,
  type ConfigEntries,
  FutureProducer,
  KafkaError,
  type Message,
  type Rebalance,
  StreamConsumer,
  Timeout,
} from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { eventually, populate, take, uniqueGroup } from '../support/consumers';
import { bootstrap, createTopic, kafkajs } from './kafka';

// Consumers on Apache Kafka, what the mock cannot show (consumer-semantics.md C7, C21, C24, real group
// coordination): offsets looked up by timestamp, group listing, read_committed filtering and offsets committed with a
// transaction, a real rebalance between two members, and records written by an independent client.
const TXN_MS = 30_000;

function config(extra: ConfigEntries = {}): ConfigEntries {
  return {
    'bootstrap.servers': bootstrap(),
    'group.id': uniqueGroup('kafka'),
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': false,
    'session.timeout.ms': 10_000,
    'heartbeat.interval.ms': 1000,
    ...extra,
  };
}

const quiet = { log: () => {} };

describe('kafka: consumers', function () {
  this.timeout(120_000);

  it('timestamps are read back; offsetsForTimestamp finds the first message at a time (C7)', async () => {
    const topic = uniqueTopic('kafka-times');
    await createTopic(topic, 1);
    await populate(bootstrap(), topic, 100, { partition: 0, timestamp: 1111 });
    await populate(bootstrap(), topic, 10, { partition: 0, timestamp: 999_999, first: 100 });
    const consumer = new StreamConsumer(config(), quiet);
    try {
      consumer.subscribe([topic]);
      const messages = await take(consumer, 110, 60_000);
      for (const message of messages.slice(0, 100)) assert.deepEqual(message.timestamp, { type: 'CreateTime', ms: 1111 });
      const [found] = await consumer.offsetsForTimestamp(999_999, 10_000);
      assert.equal(found.partition, 0);
      assert.equal(found.offset, 100);
      assert.equal(found.error, null);
    } finally {
      await consumer.close();
    }
  });

  it('fetchGroupList shows the group with its one member and client id (C21)', async () => {
    const topic = uniqueTopic('kafka-groups');
    await createTopic(topic, 1);
    await populate(bootstrap(), topic, 1, { partition: 0 });
    const entries = config({ 'client.id': 'the-client-id' });
    const consumer = new StreamConsumer(entries, quiet);
    try {
      consumer.subscribe([topic]);
      await take(consumer, 1, 60_000);
      const groups = await consumer.fetchGroupList(entries['group.id'] as string, 10_000);
      assert.equal(groups.length, 1);
      assert.equal(groups[0].name, entries['group.id']);
      assert.equal(groups[0].members.length, 1);
      assert.equal(groups[0].members[0].clientId, 'the-client-id');
      assert.equal(groups[0].error, null);
    } finally {
      await consumer.close();
    }
  });

  it('read_committed sees committed transactions only; offsets sent with groupMetadata() are committed with the transaction (C24)', async () => {
    const input = uniqueTopic('kafka-eos-in');
    const output = uniqueTopic('kafka-eos-out');
    await createTopic(input, 1);
    await createTopic(output, 1);
    await populate(bootstrap(), input, 10, { partition: 0 });
    const group = uniqueGroup('kafka-eos');
    const consumer = new StreamConsumer(config({ 'group.id': group, 'isolation.level': 'read_committed' }), quiet);
    const producer = new FutureProducer({ 'bootstrap.servers': bootstrap(), 'transactional.id': `${output}-txn` }, quiet);
    try {
      await producer.initTransactions(TXN_MS);
      consumer.subscribe([input]);
      const messages = await take(consumer, 10, 60_000);
      const metadata = consumer.groupMetadata();
      assert.ok(metadata && metadata.groupId === group && metadata.generationId >= 1 && metadata.memberId !== '');

      // An aborted transaction: neither its messages nor its offsets count.
      producer.beginTransaction();
      await Promise.all(messages.slice(0, 5).map((m) => producer.send({ topic: output, partition: 0, payload: `aborted ${m.payload}` }, Timeout.Never)));
      await producer.sendOffsetsToTransaction([{ topic: input, partition: 0, offset: 5 }], metadata, TXN_MS);
      await producer.abortTransaction(TXN_MS);
      const [afterAbort] = await consumer.committed(10_000);
      assert.equal(afterAbort.offset, 'invalid', 'offsets sent in an aborted transaction are not committed');

      // A committed one: both count, atomically.
      producer.beginTransaction();
      await Promise.all(messages.map((m) => producer.send({ topic: output, partition: 0, payload: `done ${m.payload}` }, Timeout.Never)));
      await producer.sendOffsetsToTransaction([{ topic: input, partition: 0, offset: 10 }], consumer.groupMetadata()!, TXN_MS);
      await producer.commitTransaction(TXN_MS);
      const [afterCommit] = await consumer.committed(10_000);
      assert.equal(afterCommit.offset, 10);

      // What a read_committed consumer of the output sees: the committed transaction only.
      const reader = new StreamConsumer(config({ 'isolation.level': 'read_committed', 'enable.partition.eof': true }), quiet);
      const uncommittedReader = new StreamConsumer(config({ 'isolation.level': 'read_uncommitted', 'enable.partition.eof': true }), quiet);
      try {
        const count = async (c: StreamConsumer): Promise<string[]> => {
          c.assign([{ topic: output, partition: 0, offset: 'beginning' }]);
          const payloads: string[] = [];
          for (;;) {
            try {
              for await (const m of c.stream({ signal: AbortSignal.timeout(60_000) })) payloads.push(m.payload!.toString());
              return payloads;
            } catch (error) {
              if (error instanceof KafkaError && error.kind === 'PartitionEOF') return payloads;
              throw error;
            }
          }
        };
        const committed = await count(reader);
        assert.deepEqual(committed, messages.map((m) => `done ${m.payload}`));
        const all = await count(uncommittedReader);
        assert.equal(all.length, 15, 'a read_uncommitted reader also sees the 5 aborted messages');
      } finally {
        await reader.close();
        await uncommittedReader.close();
      }
    } finally {
      await producer.close();
      await consumer.close();
    }
  });

  it('two members share the partitions; when one leaves the other takes them all, and commits in preRebalance hold (real group coordination)', async () => {
    const topic = uniqueTopic('kafka-group');
    await createTopic(topic, 4);
    await populate(bootstrap(), topic, 200);
    const group = uniqueGroup('kafka-split');
    const seen = new Map<string, number>();
    const record = (m: Message) => seen.set(`${m.partition}:${m.offset}`, (seen.get(`${m.partition}:${m.offset}`) ?? 0) + 1);
    const events: string[] = [];
    const hooks = (name: string) => ({
      ...quiet,
      preRebalance: async (r: Rebalance, c: { commitConsumerState(mode: CommitMode): Promise<void> }) => {
        events.push(`${name} ${r.kind}`);
        // Commit what was processed before the partitions go: the next owner starts there.
        if (r.kind === 'revoke' && !r.lost) await c.commitConsumerState(CommitMode.Sync).catch(() => {});
      },
    });
    const first = new StreamConsumer(config({ 'group.id': group }), hooks('first'));
    const second = new StreamConsumer(config({ 'group.id': group }), hooks('second'));
    try {
      first.subscribe([topic]);
      second.subscribe([topic]);
      const controller = new AbortController();
      const loop = async (c: StreamConsumer) => {
        try {
          for await (const m of c.stream({ signal: controller.signal })) {
            record(m);
            await c.commitMessage(m, CommitMode.Async);
          }
        } catch (error) {
          if (!(error instanceof KafkaError)) throw error;
        }
      };
      const firstLoop = loop(first);
      const secondLoop = loop(second);
      await eventually(() => first.assignment().length === 2 && second.assignment().length === 2, 'each member to hold 2 partitions', 60_000);
      await eventually(() => seen.size >= 100, 'half the messages', 60_000);
      await second.close();
      await eventually(() => first.assignment().length === 4, 'the first member to hold all 4 partitions', 60_000);
      await eventually(() => seen.size === 200, 'every message', 60_000);
      controller.abort();
      await Promise.all([firstLoop, secondLoop]);
      assert.ok(events.includes('second revoke'), 'the leaving member ran its revoke hook');
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('reads what kafkajs wrote, exactly; kafkajs sees the offsets it committed', async () => {
    const topic = uniqueTopic('kafka-independent');
    await createTopic(topic, 1);
    const producer = kafkajs().producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { partition: 0, key: 'k', value: 'v', timestamp: '1700000000000', headers: { a: '1', b: Buffer.from([0, 1, 2]) } },
        { partition: 0, key: null, value: null },
        { partition: 0, key: '', value: '' },
      ],
    });
    await producer.disconnect();
    const entries = config();
    const consumer = new BaseConsumer(entries, quiet);
    try {
      consumer.assign([{ topic, partition: 0, offset: 'beginning' }]);
      const messages: Message[] = [];
      const deadline = Date.now() + 60_000;
      while (messages.length < 3 && Date.now() < deadline) {
        const m = consumer.poll(200);
        if (m) messages.push(m);
      }
      assert.equal(messages.length, 3);
      const [full, nulls, empties] = messages;
      assert.equal(full.key?.toString(), 'k');
      assert.equal(full.payload?.toString(), 'v');
      assert.deepEqual(full.timestamp, { type: 'CreateTime', ms: 1_700_000_000_000 });
      assert.deepEqual(full.headers.map((h) => [h.key, h.value?.toString('hex')]), [['a', '31'], ['b', '000102']]);
      assert.equal(nulls.key, null);
      assert.equal(nulls.payload, null);
      assert.equal(empties.key?.length, 0);
      assert.equal(empties.payload?.length, 0);
      await consumer.commitMessage(empties, CommitMode.Sync);
      const admin = kafkajs().admin();
      await admin.connect();
      try {
        const [offsets] = await admin.fetchOffsets({ groupId: entries['group.id'] as string, topics: [topic] });
        assert.equal(offsets.partitions[0].offset, '3');
      } finally {
        await admin.disconnect();
      }
    } finally {
      await consumer.close();
    }
  });
});
