import { strict as assert } from 'assert';
import { BaseConsumer, KafkaError, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, populate } from '../support/consumers';

// C44 (librdkafka's 0034): with auto.offset.reset=error and no committed offset, there is nowhere to start: the
// consumer reports MessageConsumption(AutoOffsetReset) instead of jumping to either end.
describe('auto.offset.reset=error without a committed offset (C44)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  function isAutoOffsetReset(error: unknown): boolean {
    return error instanceof KafkaError && error.kind === 'MessageConsumption' && error.code === RDKafkaErrorCode.AutoOffsetReset;
  }

  it('StreamConsumer: the iterator throws MessageConsumption(AutoOffsetReset), no message is yielded', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 5, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster, { 'auto.offset.reset': 'error' }));
    try {
      consumer.subscribe([topic]);
      let thrown: unknown;
      try {
        for await (const message of consumer.stream({ signal: AbortSignal.timeout(10_000) })) assert.fail(`unexpected message at ${message.offset}`);
      } catch (error) {
        thrown = error;
      }
      assert.ok(isAutoOffsetReset(thrown), `thrown: ${String(thrown)}`);
    } finally {
      await consumer.close();
    }
  });

  it('BaseConsumer: poll() throws MessageConsumption(AutoOffsetReset)', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 5, { partition: 0 });
    const consumer = new BaseConsumer(consumerConfig(cluster, { 'auto.offset.reset': 'error' }));
    try {
      consumer.subscribe([topic]);
      let thrown: unknown;
      const deadline = Date.now() + 10_000;
      while (thrown === undefined && Date.now() < deadline) {
        try {
          assert.equal(consumer.poll(100), null);
        } catch (error) {
          thrown = error;
        }
      }
      assert.ok(isAutoOffsetReset(thrown), `thrown: ${String(thrown)}`);
    } finally {
      await consumer.close();
    }
  });
});
