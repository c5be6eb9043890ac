import { strict as assert } from 'assert';
import { type DeliveryResult, MockCluster, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';

// rust-rdkafka's custom-partitioner scenarios (7-9) adapted: there is no JavaScript partitioner (librdkafka
// calls partitioners on its own threads), so the `partitioner` property is the supported way.
describe('partitioning', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  async function partitionsOf(config: Record<string, string | number>, records: Array<{ key: string | null }>) {
    const topic = uniqueTopic('part');
    cluster.createTopic(topic, 4, 1);
    const results: Array<[DeliveryResult, number | undefined]> = [];
    const producer = new ThreadedProducer<number>({ 'bootstrap.servers': cluster.bootstrapServers, ...config }, { delivery: (r, i) => results.push([r, i]) });
    try {
      records.forEach((record, i) => producer.send({ topic, key: record.key, payload: '', opaque: i }));
      await producer.flush(10_000);
    } finally {
      await producer.close();
    }
    for (const [result] of results) assert.equal(result.error, null);
    return results.sort((a, b) => (a[1] as number) - (b[1] as number)).map(([r]) => r.message.partition);
  }

  it('the default partitioner (consistent_random) puts equal keys on the same partition', async () => {
    const keys = ['a', 'b', 'c', 'a', 'b', 'c', 'B'];
    const partitions = await partitionsOf({}, keys.map((key) => ({ key })));
    assert.equal(partitions[0], partitions[3]);
    assert.equal(partitions[1], partitions[4]);
    assert.equal(partitions[2], partitions[5]);
    assert.equal(partitions[6], 1, 'CRC32("B") % 4 == 1');
  });

  it('the partitioner property is honoured (murmur2, as the Java client)', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => ({ key: `key-${i}` }));
    const a = await partitionsOf({ partitioner: 'murmur2' }, keys);
    const b = await partitionsOf({ partitioner: 'murmur2' }, keys);
    assert.deepEqual(a, b);
    const crc = await partitionsOf({ partitioner: 'consistent' }, keys);
    assert.notDeepEqual(a, crc, 'murmur2 and CRC32 agree on 20 keys: the property was ignored');
  });

  // Scenario 7: a null key with sticky partitioning is delivered without asking any partitioner.
  it('null keys with sticky partitioning are delivered', async () => {
    const partitions = await partitionsOf({ 'sticky.partitioning.linger.ms': 10 }, [{ key: null }]);
    assert.equal(partitions.length, 1);
  });
});
