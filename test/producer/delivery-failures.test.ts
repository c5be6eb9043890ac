import { strict as assert } from 'assert';
import { BaseProducer, type DeliveryResult, KafkaError, MockCluster, RDKafkaErrorCode, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';

describe('delivery failures', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  // rust-rdkafka test_base_producer_timeout, made deterministic with a broker that is down.
  it('BaseProducer: with the broker down every message fails with MessageTimedOut, carrying key, payload and headers', () => {
    const topic = uniqueTopic('timeout');
    cluster.setBrokerDown(1);
    const results: Array<[DeliveryResult, number | undefined]> = [];
    const producer = new BaseProducer<number>(
      { 'bootstrap.servers': cluster.bootstrapServers, 'message.timeout.ms': 300 },
      { delivery: (result, opaque) => results.push([result, opaque]), error: () => {}, log: () => {} },
    );
    try {
      const sent = 10;
      for (let i = 0; i < sent; i++) {
        producer.send({ topic, payload: 'A', key: 'B', headers: [{ key: 'h', value: `v${i}` }, { key: 'h', value: null }], opaque: i });
      }
      producer.flush(10_000);
      assert.equal(results.length, sent, 'sent = delivered + failed');
      assert.deepEqual(results.map(([, id]) => id).sort((a, b) => (a as number) - (b as number)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const [result, id] of results) {
        if (result.error === null) assert.fail('a message was delivered to a broker that is down');
        assert.ok(result.error instanceof KafkaError);
        assert.equal(result.error.kind, 'MessageProduction');
        assert.equal(result.error.code, RDKafkaErrorCode.MessageTimedOut);
        assert.equal(result.message.topic, topic);
        assert.equal(result.message.offset, -1001);
        assert.deepEqual(result.message.payload, Buffer.from('A'));
        assert.deepEqual(result.message.key, Buffer.from('B'));
        assert.deepEqual(result.message.headers, [{ key: 'h', value: Buffer.from(`v${id}`) }, { key: 'h', value: null }]);
        assert.equal(result.error.owned, result.message);
      }
    } finally {
      producer.close();
    }
  });

  it('ThreadedProducer: the same, nothing lost silently (sent = delivered + failed)', async () => {
    const topic = uniqueTopic('timeout');
    cluster.createTopic(topic, 2, 1);
    let delivered = 0;
    let failed = 0;
    const producer = new ThreadedProducer(
      { 'bootstrap.servers': cluster.bootstrapServers, 'message.timeout.ms': 500 },
      { delivery: (result) => (result.error ? failed++ : delivered++), error: () => {}, log: () => {} },
    );
    try {
      for (let i = 0; i < 50; i++) producer.send({ topic, payload: `ok ${i}` });
      await producer.flush(10_000);
      cluster.setBrokerDown(1);
      for (let i = 0; i < 50; i++) producer.send({ topic, payload: `lost ${i}` });
      await producer.flush(10_000);
      assert.equal(delivered, 50);
      assert.equal(failed, 50);
    } finally {
      await producer.close();
    }
  });

  // rust-rdkafka test_future_send_error-like, for the low-level producers: a partition that does not exist.
  it('an unknown partition fails at enqueue once metadata is known, else in the report; headers are kept either way', async () => {
    // Not created beforehand: the client knows nothing of it at the first send (auto-created, 4 partitions).
    const topic = uniqueTopic('unknown-partition');
    const results: DeliveryResult[] = [];
    const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers }, { delivery: (result) => results.push(result) });
    try {
      const headers = [{ key: '0', value: 'A' }, { key: '1', value: 'B' }, { key: '2', value: 'C' }];
      // Metadata unknown yet: accepted, then failed through the report.
      producer.send({ topic, partition: 100, key: 'key', payload: 'payload', headers });
      producer.flush(10_000);
      assert.equal(results.length, 1);
      const [result] = results;
      if (result.error === null) assert.fail('delivered to a partition that does not exist');
      assert.equal(result.error.message, 'Message production error: UnknownPartition (Local: Unknown partition)');
      assert.deepEqual(result.message.headers.map((h) => [h.key, h.value?.toString()]), [['0', 'A'], ['1', 'B'], ['2', 'C']]);

      // Metadata known now: refused at enqueue, the record handed back untouched.
      const record = { topic, partition: 100, key: 'key', payload: 'payload', headers };
      assert.throws(
        () => producer.send(record),
        (error: unknown) => error instanceof KafkaError && error.code === RDKafkaErrorCode.UnknownPartition && error.record === record && record.headers === headers,
      );
    } finally {
      producer.close();
    }
  });

  it('a message over message.max.bytes is refused at enqueue with MessageSizeTooLarge, the record handed back', () => {
    const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'message.max.bytes': 1000 });
    try {
      const record = { topic: uniqueTopic('big'), payload: Buffer.alloc(2000) };
      assert.throws(
        () => producer.send(record),
        (error: unknown) => error instanceof KafkaError && error.code === RDKafkaErrorCode.MessageSizeTooLarge && error.record === record,
      );
    } finally {
      producer.close();
    }
  });

  it('injected Produce errors: a retriable one is retried and delivered, a permanent one is reported as is', async () => {
    const topic = uniqueTopic('injected');
    cluster.createTopic(topic, 1, 1);
    const results: DeliveryResult[] = [];
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'retry.backoff.ms': 10 }, { delivery: (r) => results.push(r), log: () => {} });
    try {
      await producer.client.fetchMetadata(topic, 5000);
      cluster.pushRequestErrors(0, [RDKafkaErrorCode.NotEnoughReplicas, RDKafkaErrorCode.NotEnoughReplicas]);
      producer.send({ topic, payload: 'retried' });
      await producer.flush(10_000);
      assert.equal(results.length, 1);
      assert.equal(results[0].error, null);

      cluster.pushRequestErrors(0, [RDKafkaErrorCode.TopicAuthorizationFailed]);
      producer.send({ topic, payload: 'refused' });
      await producer.flush(10_000);
      assert.equal(results.length, 2);
      const refused = results[1];
      if (refused.error === null) assert.fail('a refused message was reported delivered');
      assert.equal(refused.error.code, RDKafkaErrorCode.TopicAuthorizationFailed);
      assert.deepEqual(refused.message.payload, Buffer.from('refused'));
    } finally {
      await producer.close();
    }
  });

  it('flush() with the broker down times out with a Flush error, and the messages stay pending', async () => {
    const topic = uniqueTopic('flush-timeout');
    cluster.setBrokerDown(1);
    const base = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers }, { error: () => {}, log: () => {} });
    const threaded = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers }, { error: () => {}, log: () => {} });
    try {
      base.send({ topic, payload: 'x' });
      const started = Date.now();
      assert.throws(() => base.flush(300), (e: unknown) => e instanceof KafkaError && e.kind === 'Flush' && e.code === RDKafkaErrorCode.OperationTimedOut);
      assert.ok(Date.now() - started >= 250, 'flush returned before its timeout');
      assert.ok(base.inFlightCount() > 0);

      threaded.send({ topic, payload: 'x' });
      await assert.rejects(threaded.flush(300), (e: unknown) => e instanceof KafkaError && e.kind === 'Flush' && e.code === RDKafkaErrorCode.OperationTimedOut);
      assert.ok(threaded.inFlightCount() > 0);
    } finally {
      base.close();
      await threaded.close();
    }
  });
});
