import { strict as assert } from 'assert';
import { BaseConsumer, type Client, CommitMode, KafkaError, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, pollN, populate, take } from '../support/consumers';

// C48 (A4): a fatal error (librdkafka's test hook here; static-membership fencing on a real broker) is thrown as
// MessageConsumptionFatal with isFatal and the underlying code; the consumer is unusable from then on, and close()
// still resolves.
describe('a fatal error on a consumer (C48)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  const CODE = RDKafkaErrorCode.FencedInstanceId;
  // librdkafka logs a fatal error at emergency level: expected here.
  const quiet = { error: () => {}, log: () => {} };

  /** librdkafka's rd_kafka_test_fatal_error, through the client's internal test hook. */
  function raiseFatal(client: Client, code: RDKafkaErrorCode, reason: string): void {
    (client as unknown as { testFatalError(code: number, reason: string): void }).testFatalError(code, reason);
  }

  function isFatal(error: unknown): boolean {
    return error instanceof KafkaError && error.kind === 'MessageConsumptionFatal' && error.isFatal && error.code === CODE && /test fence/.test(error.message);
  }

  it('StreamConsumer: the iterator throws MessageConsumptionFatal (isFatal); later receives fail the same way; close() resolves', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 3, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), quiet);
    try {
      consumer.subscribe([topic]);
      await take(consumer, 1);
      raiseFatal(consumer.client, CODE, 'test fence');
      let thrown: unknown;
      try {
        for await (const message of consumer.stream({ signal: AbortSignal.timeout(10_000) })) assert.ok(message.offset < 3);
      } catch (error) {
        thrown = error;
      }
      assert.ok(isFatal(thrown), `thrown: ${String(thrown)}`);
      assert.deepEqual(consumer.client.fatalError()?.code, CODE);
      // The consumer is done for: the next receive fails at once with the same error.
      await assert.rejects(consumer.recv({ signal: AbortSignal.timeout(5000) }), isFatal);
    } finally {
      await consumer.close();
    }
  });

  it('every later call fails with the fatal error (isFatal); client.fatalError() still says why; close() resolves', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 3, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), quiet);
    try {
      consumer.subscribe([topic]);
      await take(consumer, 1);
      raiseFatal(consumer.client, CODE, 'test fence');
      const fatal = (error: unknown) => error instanceof KafkaError && error.isFatal;
      // librdkafka itself goes on accepting these (a commit even succeeds): the library refuses them.
      await assert.rejects(async () => consumer.commitConsumerState(CommitMode.Sync), fatal);
      await assert.rejects(async () => consumer.commitMessage({ topic, partition: 0, offset: 0 }, CommitMode.Async), fatal);
      await assert.rejects(async () => consumer.committed(2000), fatal);
      await assert.rejects(async () => consumer.seek(topic, 0, 0), fatal);
      assert.throws(() => consumer.subscribe([topic]), fatal);
      assert.throws(() => consumer.assignment(), fatal);
      assert.throws(() => consumer.position(), fatal);
      await assert.rejects(consumer.recv(), fatal);
      assert.equal(consumer.client.fatalError()?.code, CODE);
    } finally {
      await consumer.close();
    }
  });

  it('BaseConsumer: poll() throws MessageConsumptionFatal (isFatal); close() resolves', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 3, { partition: 0 });
    const consumer = new BaseConsumer(consumerConfig(cluster), quiet);
    try {
      consumer.subscribe([topic]);
      pollN(consumer, 3);
      raiseFatal(consumer.client, CODE, 'test fence');
      let thrown: unknown;
      const deadline = Date.now() + 10_000;
      while (thrown === undefined && Date.now() < deadline) {
        try {
          consumer.poll(100);
        } catch (error) {
          thrown = error;
        }
      }
      assert.ok(isFatal(thrown), `thrown: ${String(thrown)}`);
    } finally {
      await consumer.close();
    }
  });
});
