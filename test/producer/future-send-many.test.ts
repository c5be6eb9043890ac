import { strict as assert } from 'assert';
import { FutureProducer, KafkaError, MockCluster, RDKafkaErrorCode, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack } from '../support/kafka-reader';

// FutureProducer.sendMany(records, queueTimeout) is records.map((record) => send(record, queueTimeout)), with one
// call into librdkafka per 1 024 records: a promise per record, in order, each settling as its send's would.
describe('FutureProducer.sendMany', function () {
  this.timeout(60_000);
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  const range = (count: number) => Array.from({ length: count }, (_, i) => i);

  it('returns a promise per record, in order, each resolving with where its message was written', async () => {
    const topic = uniqueTopic('future-many');
    cluster.createTopic(topic, 1, 1);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 });
    const records = range(2500).map((i) => ({ topic, key: `k${i}`, payload: i % 2 ? `p${i}` : Buffer.from(`p${i}`) }));
    try {
      const deliveries = producer.sendMany(records, Timeout.Never);
      assert.equal(deliveries.length, records.length);
      const written = await Promise.all(deliveries);
      assert.deepEqual(
        written.map((delivery) => [delivery.partition, delivery.offset]),
        range(2500).map((i) => [0, i]),
      );
    } finally {
      await producer.close();
    }
    const read = await readBack(cluster.bootstrapServers, topic, records.length);
    assert.deepEqual(
      read.map((record) => [record.key?.toString(), record.value?.toString()]),
      range(2500).map((i) => [`k${i}`, `p${i}`]),
    );
  });

  it('a bad record gets a rejected promise, and the records after it are still sent', async () => {
    const topic = uniqueTopic('future-many-bad');
    cluster.createTopic(topic, 1, 1);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    const bad = { topic, payload: 7 as unknown as string };
    try {
      const [first, refused, last] = producer.sendMany([{ topic, payload: 'a' }, bad, { topic, payload: 'b' }], Timeout.Never);
      await assert.rejects(refused, { name: 'TypeError', message: 'record.payload must be a Buffer, Uint8Array, string or null, got number 7' });
      assert.deepEqual([(await first).offset, (await last).offset], [0, 1]);
    } finally {
      await producer.close();
    }
  });

  it('once the queue is full the rest wait for room in order (Timeout.Never), or are refused with QueueFull (0)', async () => {
    const topic = uniqueTopic('future-many-full');
    cluster.createTopic(topic, 1, 1);
    cluster.setBrokerRtt(-1, 100);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'queue.buffering.max.messages': 100 });
    try {
      const waiting = producer.sendMany(
        range(300).map((i) => ({ topic, payload: `w${i}` })),
        Timeout.Never,
      );
      const written = await Promise.all(waiting);
      assert.deepEqual(
        written.map((delivery) => delivery.offset),
        range(300),
      );

      const records = range(150).map((i) => ({ topic, payload: `n${i}` }));
      const outcomes = await Promise.allSettled(producer.sendMany(records, 0));
      const refusedAt = outcomes.findIndex((outcome) => outcome.status === 'rejected');
      assert.equal(refusedAt, 100, 'the 101st record of a burst into a queue of 100 is refused');
      outcomes.slice(100).forEach((outcome, i) => {
        assert.equal(outcome.status, 'rejected');
        const error = (outcome as PromiseRejectedResult).reason as KafkaError;
        assert.ok(error instanceof KafkaError);
        assert.equal(error.code, RDKafkaErrorCode.QueueFull);
        assert.equal(error.record, records[100 + i]);
      });
    } finally {
      await producer.close();
    }
  });

  it('anything but an array is a TypeError; on a closed producer every promise rejects with Closed', async () => {
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    assert.throws(() => producer.sendMany('records' as never, Timeout.Never), { name: 'TypeError', message: 'records must be an array of records, got string "records"' });
    assert.deepEqual(producer.sendMany([], Timeout.Never), []);
    await producer.close();
    const outcomes = await Promise.allSettled(producer.sendMany([{ topic: 't', payload: 'x' }, { topic: 't', payload: 'y' }], Timeout.Never));
    for (const outcome of outcomes) {
      assert.equal(outcome.status, 'rejected');
      assert.equal(((outcome as PromiseRejectedResult).reason as KafkaError).kind, 'Closed');
    }
  });
});
