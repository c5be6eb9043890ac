import { strict as assert } from 'assert';
import { BaseProducer, type DeliveryResult, FutureProducer, KafkaError, RDKafkaErrorCode, ThreadedProducer, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { bootstrap, createTopic, ownCluster } from './kafka';

/** Slower runs (valgrind, AddressSanitizer) allow more time: RDKAFKA_NAPI_TEST_TIME_SCALE. */
const timeScale = Number(process.env.RDKAFKA_NAPI_TEST_TIME_SCALE ?? 1) || 1;

// Errors as Apache Kafka reports them (not injected, as on the mock cluster): a record the topic refuses as too large,
// and a topic that does not exist (the harness's broker does not create topics).
const quiet = { log: () => {}, error: () => {} };

/** Sends one record with a producer of `kind` and resolves the error its delivery failed with (or fails the test). */
async function failedDelivery(kind: 'BaseProducer' | 'ThreadedProducer' | 'FutureProducer', config: Record<string, string | number>, record: {
  topic: string;
  key: string;
  payload: Buffer;
  headers: Array<{ key: string; value: string }>;
}): Promise<KafkaError> {
  config = { 'bootstrap.servers': bootstrap(), ...config };
  let outcome: DeliveryResult | undefined;
  const delivery = (r: DeliveryResult) => (outcome = r);
  if (kind === 'FutureProducer') {
    const producer = new FutureProducer(config, quiet);
    try {
      const d = await producer.send(record, Timeout.Never).then(
        (delivered) => assert.fail(`delivered at ${delivered.partition}/${delivered.offset}, expected a failure`),
        (e: unknown) => e,
      );
      assert.ok(d instanceof KafkaError, `not a KafkaError: ${String(d)}`);
      return d;
    } finally {
      await producer.close();
    }
  }
  if (kind === 'BaseProducer') {
    const producer = new BaseProducer(config, { ...quiet, delivery });
    try {
      producer.send(record);
      producer.flush(30_000);
    } finally {
      producer.close();
    }
  } else {
    const producer = new ThreadedProducer(config, { ...quiet, delivery });
    try {
      producer.send(record);
      await producer.flush(30_000);
    } finally {
      await producer.close();
    }
  }
  assert.ok(outcome, 'no delivery report');
  assert.ok(outcome.error !== null, `delivered at ${outcome.message.partition}/${outcome.message.offset}, expected a failure`);
  return outcome.error;
}

describe('kafka: errors the broker reports', function () {
  this.timeout(60_000);

  for (const kind of ['BaseProducer', 'ThreadedProducer', 'FutureProducer'] as const) {
    it(`${kind}: a record over the topic's max.message.bytes fails delivery with the broker's MessageSizeTooLarge, the message handed back`, async () => {
      const topic = uniqueTopic('kafka-too-large');
      await createTopic(topic, 1, { configEntries: [{ name: 'max.message.bytes', value: '1024' }] });
      // The producer's own limit (message.max.bytes, 1,000,000 by default) lets it through: the broker refuses it.
      const payload = Buffer.alloc(4000, 7);
      const error = await failedDelivery(kind, {}, { topic, key: 'big', payload, headers: [{ key: 'h', value: 'v' }] });
      assert.equal(error.kind, 'MessageProduction', error.message);
      assert.equal(error.code, RDKafkaErrorCode.MessageSizeTooLarge, `expected MessageSizeTooLarge (10), got ${error.message}`);
      assert.equal(error.message, 'Message production error: MessageSizeTooLarge (Broker: Message size too large)');
      assert.ok(error.owned, 'the KafkaError should carry the message (owned)');
      const { key, payload: ownedPayload, headers, ...where } = error.owned;
      assert.deepEqual(key, Buffer.from('big'));
      assert.ok(ownedPayload?.equals(payload), 'the owned payload is the 4,000 bytes sent');
      assert.deepEqual(headers, [{ key: 'h', value: Buffer.from('v') }]);
      // Partitioned (0), never written: the offset is -1, what the broker answers for a refused batch (not -1001,
      // librdkafka's "invalid offset", which messages that never reach a broker get), and no timestamp.
      assert.deepEqual(where, { topic, partition: 0, offset: -1, timestamp: { type: 'NotAvailable' } });
    });
  }

  it('a topic that does not exist: the message times out (MessageTimedOut) after message.timeout.ms, librdkafka still waiting for the topic to appear', async function () {
    if (!ownCluster) this.skip(); // the harness's broker: auto-creation off, one node with id 1
    const topic = uniqueTopic('kafka-no-such-topic');
    const started = Date.now();
    // topic.metadata.propagation.max.ms (30 s by default) is longer than message.timeout.ms: librdkafka treats the topic
    // as possibly still being created until the message expires.
    const error = await failedDelivery('FutureProducer', { 'message.timeout.ms': 5000 }, { topic, key: 'k', payload: Buffer.from('v'), headers: [] });
    const ms = Date.now() - started;
    assert.equal(error.code, RDKafkaErrorCode.MessageTimedOut, `expected MessageTimedOut, got ${error.message}`);
    assert.equal(error.message, 'Message production error: MessageTimedOut (Local: Message timed out)');
    assert.ok(ms >= 4500 && ms < 10_000 * timeScale, `failed after ${ms} ms, expected about message.timeout.ms (5000)`);
    assert.deepEqual([error.owned?.topic, error.owned?.partition, error.owned?.offset], [topic, -1, -1001], 'never partitioned, never written');
  });

  it('a topic that does not exist, with topic.metadata.propagation.max.ms shorter: the broker\'s UnknownTopicOrPartition, within about that time', async function () {
    if (!ownCluster) this.skip(); // the harness's broker: auto-creation off, one node with id 1
    const topic = uniqueTopic('kafka-no-such-topic');
    const started = Date.now();
    const error = await failedDelivery(
      'ThreadedProducer',
      { 'message.timeout.ms': 5000, 'topic.metadata.propagation.max.ms': 1000 },
      { topic, key: 'k', payload: Buffer.from('v'), headers: [] },
    );
    const ms = Date.now() - started;
    assert.equal(error.code, RDKafkaErrorCode.UnknownTopicOrPartition, `expected UnknownTopicOrPartition (3), got ${error.message}`);
    assert.equal(error.message, 'Message production error: UnknownTopicOrPartition (Broker: Unknown topic or partition)');
    assert.ok(ms < 5000 * timeScale, `failed after ${ms} ms, expected about topic.metadata.propagation.max.ms (1000), before message.timeout.ms (5000)`);
    assert.deepEqual([error.owned?.topic, error.owned?.partition, error.owned?.offset], [topic, -1, -1001], 'never partitioned, never written');
  });
});
