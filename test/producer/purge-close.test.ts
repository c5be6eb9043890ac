import { strict as assert } from 'assert';
import { BaseProducer, type DeliveryResult, KafkaError, MockCluster, RDKafkaErrorCode, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';

const quiet = { error: () => {}, log: () => {} };

describe('purge and close', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  it('purge({ queue }) fails queued messages with PurgeQueue at the next poll; an empty purge does nothing', () => {
    const topic = uniqueTopic('purge');
    cluster.setBrokerDown(1);
    const results: DeliveryResult[] = [];
    const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers }, { ...quiet, delivery: (r) => results.push(r) });
    try {
      for (let i = 0; i < 5; i++) producer.send({ topic, payload: `${i}` });
      producer.purge({});
      producer.poll(100);
      assert.equal(results.length, 0, 'an empty purge purged something');
      producer.purge({ queue: true });
      assert.equal(results.length, 0, 'purge ran callbacks itself');
      producer.flush(5000);
      assert.equal(results.length, 5);
      for (const r of results) assert.equal(r.error?.code, RDKafkaErrorCode.PurgeQueue);
    } finally {
      producer.close();
    }
  });

  it('purge({ inflight }) fails messages awaiting a slow broker with PurgeInflight', async () => {
    const topic = uniqueTopic('inflight');
    cluster.createTopic(topic, 1, 1);
    const results: DeliveryResult[] = [];
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 0 }, { ...quiet, delivery: (r) => results.push(r) });
    try {
      // Connect to the partition leader first, so the next message goes on the wire at once.
      producer.send({ topic, payload: 'warm-up' });
      await producer.flush(5000);
      results.length = 0;
      cluster.setBrokerRtt(-1, 3000);
      producer.send({ topic, payload: 'slow' });
      await new Promise((resolve) => setTimeout(resolve, 300)); // on the wire by now
      producer.purge({ inflight: true });
      await producer.flush(5000);
      assert.equal(results.length, 1);
      assert.equal(results[0].error?.code, RDKafkaErrorCode.PurgeInflight);
    } finally {
      await producer.close();
    }
  });

  for (const kind of ['BaseProducer', 'ThreadedProducer'] as const) {
    it(`${kind}.close() with messages queued and in flight: every callback runs with a purge error, nothing hangs`, async () => {
      const topic = uniqueTopic('close');
      cluster.createTopic(topic, 2, 1);
      const results: Array<[DeliveryResult, number | undefined]> = [];
      const config = { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 0 };
      const context = { ...quiet, delivery: (r: DeliveryResult, id: number | undefined) => results.push([r, id]) };
      const producer = kind === 'BaseProducer' ? new BaseProducer<number>(config, context) : new ThreadedProducer<number>(config, context);
      producer.send({ topic, payload: 'warm-up', opaque: -1 });
      await producer.flush(5000);
      results.length = 0;
      cluster.setBrokerRtt(-1, 5000);
      for (let i = 0; i < 20; i++) producer.send({ topic, key: `${i}`, payload: 'p', opaque: i });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await producer.close();
      assert.ok(Date.now() - started < 3000, `close took ${Date.now() - started} ms`);
      assert.equal(results.length, 20);
      assert.deepEqual(results.map(([, id]) => id).sort((a, b) => (a as number) - (b as number)), Array.from({ length: 20 }, (_, i) => i));
      for (const [result] of results) {
        assert.ok(result.error instanceof KafkaError, 'a message was delivered although the producer was closed');
        assert.ok([RDKafkaErrorCode.PurgeQueue, RDKafkaErrorCode.PurgeInflight].includes(result.error.code), result.error.message);
      }
      await producer.close(); // twice is fine
      assert.throws(() => producer.send({ topic, payload: 'late' }), (e: unknown) => e instanceof KafkaError && e.kind === 'Closed');
    });
  }
});
