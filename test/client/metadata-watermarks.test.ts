import { strict as assert } from 'assert';
import { BaseProducer, KafkaError, MockCluster, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';

describe('client: metadata and watermarks', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  // rust-rdkafka test_delete_records, producer part.
  it('watermarks move by the number of messages produced', async () => {
    const topic = uniqueTopic('wm');
    cluster.createTopic(topic, 1, 1);
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    try {
      assert.deepEqual(await producer.client.fetchWatermarks(topic, 0, 5000), { low: 0, high: 0 });
      for (let i = 0; i < 5; i++) producer.send({ topic, payload: 'data' });
      await producer.flush(5000);
      assert.deepEqual(await producer.client.fetchWatermarks(topic, 0, 5000), { low: 0, high: 5 });
    } finally {
      await producer.close();
    }
  });

  // rust-rdkafka test_metadata, adapted to the mock's broker ids and ports.
  it('metadata lists a produced topic, its partitions and the broker', async () => {
    const topic = uniqueTopic('md');
    cluster.createTopic(topic, 3, 1);
    const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    try {
      for (const partition of [0, 1, 2]) producer.send({ topic, partition, payload: 'x' });
      producer.flush(5000);
      const all = await producer.client.fetchMetadata(null, 5000);
      const described = all.topics.find((t) => t.name === topic);
      assert.ok(described);
      assert.deepEqual(described.partitions.map((p) => [p.id, p.leader, p.replicas, p.isr, p.error]), [
        [0, 1, [1], [1], null],
        [1, 1, [1], [1], null],
        [2, 1, [1], [1], null],
      ]);
      assert.deepEqual(all.brokers.map((b) => [b.id, `${b.host}:${b.port}`]), [[1, cluster.bootstrapServers]]);
      const one = await producer.client.fetchMetadata(topic, 5000);
      assert.deepEqual(one.topics.map((t) => t.name), [topic]);
    } finally {
      producer.close();
    }
  });

  it('watermarks of a partition that does not exist are a MetadataFetch error', async () => {
    const topic = uniqueTopic('wm');
    cluster.createTopic(topic, 1, 1);
    const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    try {
      await assert.rejects(producer.client.fetchWatermarks(topic, 5, 2000), (e: unknown) => e instanceof KafkaError && e.kind === 'MetadataFetch');
      await assert.rejects(producer.client.fetchWatermarks(topic, -1, 2000), TypeError);
    } finally {
      producer.close();
    }
  });
});
