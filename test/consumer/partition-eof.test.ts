import { strict as assert } from 'assert';
import { BaseConsumer, KafkaError, type Message, type MockCluster, Offset, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, drainFor, listKey, newCluster, newTopic, populate } from '../support/consumers';

// C45 (A4, A21): with enable.partition.eof=true, reaching the end of a partition is a PartitionEOF error that says
// where (topic, partition, offset) and reads `Partition EOF: <partition>`; once per arrival at the end, again after
// new messages were read. Without the property there is none.
describe('PartitionEOF (C45)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  /** A 3-partition topic with 1, 0 and 2 messages. */
  async function topic102(): Promise<string> {
    const topic = newTopic(cluster, 3);
    await populate(cluster, topic, 1, { partition: 0 });
    await populate(cluster, topic, 2, { partition: 2, first: 1 });
    return topic;
  }

  function eofKey(error: unknown): string {
    assert.ok(error instanceof KafkaError, String(error));
    assert.equal(error.kind, 'PartitionEOF', String(error));
    assert.equal(error.code, RDKafkaErrorCode.PartitionEOF);
    assert.equal(error.message, `Partition EOF: ${error.partition}`);
    return `${error.topic}/${error.partition}@${error.offset}`;
  }

  const positions = (messages: Message[]) => messages.map((m) => `${m.partition}:${m.offset}`).sort();

  /** What a BaseConsumer gives within `ms`: messages, and errors poll() throws. */
  function pollFor(consumer: BaseConsumer, ms: number): { messages: Message[]; errors: unknown[] } {
    const messages: Message[] = [];
    const errors: unknown[] = [];
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      try {
        const message = consumer.poll(50);
        if (message !== null) messages.push(message);
      } catch (error) {
        errors.push(error);
      }
    }
    return { messages, errors };
  }

  for (const kind of ['StreamConsumer', 'BaseConsumer'] as const) {
    describe(kind, () => {
      const gather = async (consumer: StreamConsumer | BaseConsumer, ms: number) =>
        consumer instanceof StreamConsumer ? drainFor(consumer, ms) : pollFor(consumer, ms);
      const make = (extra: Record<string, boolean>) => {
        const config = consumerConfig(cluster, extra);
        return kind === 'StreamConsumer' ? new StreamConsumer(config) : new BaseConsumer(config);
      };

      it('one EOF per partition at its end (1, 0, 2); a new message to p0 brings one more, at 2', async () => {
        const topic = await topic102();
        const consumer = make({ 'enable.partition.eof': true });
        try {
          consumer.subscribe([topic]);
          const first = await gather(consumer, 3000);
          assert.deepEqual(positions(first.messages), ['0:0', '2:0', '2:1']);
          assert.deepEqual(first.errors.map(eofKey).sort(), [`${topic}/0@1`, `${topic}/1@0`, `${topic}/2@2`]);

          await populate(cluster, topic, 1, { partition: 0, first: 3 });
          const second = await gather(consumer, 2000);
          assert.deepEqual(positions(second.messages), ['0:1']);
          assert.equal(second.messages[0].payload?.toString(), 'Message 3');
          assert.deepEqual(second.errors.map(eofKey), [`${topic}/0@2`]);
        } finally {
          await consumer.close();
        }
      });

      // librdkafka's batch read (rd_kafka_consume_batch_queue) moves the position past an EOF's offset, and a pause
      // resumes from the position: a consumer that reads in batches with EOFs on would skip the next message.
      it('the message produced at an EOF offset comes after a pause and resume (the position stays at the EOF)', async () => {
        const topic = await topic102();
        const consumer = make({ 'enable.partition.eof': true });
        try {
          consumer.subscribe([topic]);
          const first = await gather(consumer, 3000);
          assert.equal(first.errors.length, 3);
          // Partition 1 is empty: nothing was read from it, it has no position yet.
          const expected = [1, Offset.Invalid, 2] as const;
          assert.deepEqual(listKey(consumer.position()), listKey([0, 1, 2].map((partition) => ({ topic, partition, offset: expected[partition] }))));
          consumer.pause([{ topic, partition: 0 }]);
          await populate(cluster, topic, 1, { partition: 0, first: 3 });
          consumer.resume([{ topic, partition: 0 }]);
          const second = await gather(consumer, 2000);
          assert.deepEqual(positions(second.messages), ['0:1']);
        } finally {
          await consumer.close();
        }
      });

      it('without enable.partition.eof there is no EOF at all', async () => {
        const topic = await topic102();
        const consumer = make({});
        try {
          consumer.subscribe([topic]);
          const { messages, errors } = await gather(consumer, 3000);
          assert.deepEqual(positions(messages), ['0:0', '2:0', '2:1']);
          assert.deepEqual(errors, []);
        } finally {
          await consumer.close();
        }
      });
    });
  }
});
