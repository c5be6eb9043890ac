import { strict as assert } from 'assert';
import { BaseConsumer, KafkaError, type Message, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { consumerConfig, newCluster, populate } from '../support/consumers';

// C43 (A4): a subscribed topic that does not exist is a consumer error, thrown once (librdkafka reports it when it
// first sees the topic missing, not at every metadata refresh); the consumer is not broken by it: once the topic
// exists, the same consumer consumes it.
describe('subscribing to a topic that does not exist (C43)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  // Metadata refreshed every second finds the topic soon after it is made; the group then rebalances, which the
  // mock delays by session.timeout.ms - 1 s.
  const config = () => consumerConfig(cluster, { 'topic.metadata.refresh.interval.ms': 1000, 'session.timeout.ms': 3000 });

  function isUnknownTopic(error: unknown): boolean {
    return error instanceof KafkaError && error.kind === 'MessageConsumption' && error.code === RDKafkaErrorCode.UnknownTopicOrPartition;
  }

  it('StreamConsumer: the iterator throws MessageConsumption(UnknownTopicOrPartition) once; after the topic is made a new stream() yields its message', async function () {
    this.timeout(30_000);
    const topic = uniqueTopic('missing');
    const consumer = new StreamConsumer(config());
    try {
      consumer.subscribe([topic]);
      const errors: unknown[] = [];
      try {
        for await (const message of consumer.stream({ signal: AbortSignal.timeout(10_000) })) assert.fail(`unexpected message at ${message.offset}`);
      } catch (error) {
        errors.push(error);
      }
      assert.equal(errors.length, 1, 'an error within 10 s');
      assert.ok(isUnknownTopic(errors[0]), String(errors[0]));

      cluster.createTopic(topic, 1, 1);
      await populate(cluster, topic, 1, { partition: 0 });
      const received: Message[] = [];
      const signal = AbortSignal.timeout(20_000);
      while (received.length === 0 && !signal.aborted) {
        try {
          for await (const message of consumer.stream({ signal })) {
            received.push(message);
            break;
          }
        } catch (error) {
          errors.push(error);
        }
      }
      assert.equal(errors.length, 1, `thrown once: ${errors.map(String).join('; ')}`);
      assert.equal(received.length, 1, 'the message, within 20 s of the topic being made');
      assert.equal(received[0].topic, topic);
      assert.equal(received[0].offset, 0);
      assert.equal(received[0].payload?.toString(), 'Message 0');
    } finally {
      await consumer.close();
    }
  });

  it('BaseConsumer: poll() throws it once, then returns the message once the topic exists', async function () {
    this.timeout(30_000);
    const topic = uniqueTopic('missing');
    const consumer = new BaseConsumer(config());
    try {
      consumer.subscribe([topic]);
      const errors: unknown[] = [];
      let deadline = Date.now() + 10_000;
      while (errors.length === 0 && Date.now() < deadline) {
        try {
          assert.equal(consumer.poll(100), null);
        } catch (error) {
          errors.push(error);
        }
      }
      assert.equal(errors.length, 1, 'an error within 10 s');
      assert.ok(isUnknownTopic(errors[0]), String(errors[0]));

      cluster.createTopic(topic, 1, 1);
      await populate(cluster, topic, 1, { partition: 0 });
      let message: Message | null = null;
      deadline = Date.now() + 20_000;
      while (message === null && Date.now() < deadline) {
        try {
          message = consumer.poll(100);
        } catch (error) {
          errors.push(error);
        }
        // poll() blocks this thread: let timers (and the mocha timeout) run now and then.
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(errors.length, 1, `thrown once: ${errors.map(String).join('; ')}`);
      assert.ok(message !== null, 'the message, within 20 s of the topic being made');
      assert.equal(message.topic, topic);
      assert.equal(message.offset, 0);
    } finally {
      await consumer.close();
    }
  });
});
