import { strict as assert } from 'assert';
import { BaseProducer, type DeliveryResult, MockCluster, type ProducerContext, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack } from '../support/kafka-reader';

// Messages really arrive: an independent client (kafkajs) reads back exactly what each producer sent.
const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const explicitTimestamp = 1_600_000_000_123;

function records(topic: string) {
  return [
    {
      topic,
      key: 'k0',
      payload: binary,
      partition: 2,
      timestamp: explicitTimestamp,
      headers: [
        { key: 'a', value: '1' },
        { key: 'b', value: Buffer.from([1, 2, 3]) },
        { key: 'a', value: '2' }, // a duplicate key, interleaved
        { key: 'null', value: null },
        { key: 'empty', value: '' },
      ],
      opaque: 0,
    },
    { topic, key: null, payload: '', partition: 0, opaque: 1 }, // null key, empty (not null) payload
    { topic, key: Buffer.alloc(0), payload: null, partition: 0, opaque: 2 }, // empty key, null payload (tombstone)
    { topic, key: 'u8', payload: new Uint8Array([9, 8, 7]), partition: 1, opaque: 3 },
    { topic, key: 'B', payload: 'unassigned', opaque: 4 }, // partitioner: CRC32("B") % 3 == 1
  ];
}

for (const kind of ['BaseProducer', 'ThreadedProducer'] as const) {
  describe(`${kind} round trip`, () => {
    let cluster: MockCluster;
    beforeEach(() => {
      cluster = new MockCluster(1);
    });
    afterEach(() => cluster.close());

    it('delivers exact keys, payload bytes, headers, partitions and timestamps', async () => {
      const topic = uniqueTopic(kind);
      cluster.createTopic(topic, 3, 1);
      const results: Array<[DeliveryResult, number | undefined]> = [];
      const context: ProducerContext<number> = { delivery: (result, opaque) => results.push([result, opaque]) };
      const config = { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 };
      const sent = records(topic);
      const before = Date.now();

      if (kind === 'BaseProducer') {
        const producer = new BaseProducer<number>(config, context);
        for (const record of sent) producer.send(record);
        producer.flush(10_000);
        producer.close();
      } else {
        const producer = new ThreadedProducer<number>(config, context);
        for (const record of sent) producer.send(record);
        await producer.flush(10_000);
        await producer.close();
      }
      const after = Date.now();

      // Every message reported once, successfully, with the opaque it was sent with.
      assert.deepEqual(results.map(([, opaque]) => opaque).sort(), [0, 1, 2, 3, 4]);
      for (const [result] of results) assert.equal(result.error, null, String(result.error));
      const reported = new Map(results.map(([r, opaque]) => [opaque, r.message]));
      assert.equal(reported.get(0)?.partition, 2);
      assert.equal(reported.get(4)?.partition, 1);

      const read = await readBack(cluster.bootstrapServers, topic, sent.length);
      const byKey = (key: string | null, partition: number) =>
        read.find((r) => r.partition === partition && (key === null ? r.key === null : r.key?.toString() === key));

      const first = byKey('k0', 2);
      assert.ok(first, 'k0 not read back');
      assert.deepEqual(first.value, binary);
      assert.equal(first.timestamp, explicitTimestamp);
      assert.deepEqual(
        first.headers.map((h) => [h.key, h.value === null ? null : h.value.toString('hex')]),
        [['a', Buffer.from('1').toString('hex')], ['b', '010203'], ['a', Buffer.from('2').toString('hex')], ['null', null], ['empty', '']],
      );
      assert.equal(first.offset, reported.get(0)?.offset);

      const nullKey = byKey(null, 0);
      assert.ok(nullKey, 'null-key record not read back');
      assert.deepEqual(nullKey.value, Buffer.alloc(0));
      assert.ok(nullKey.timestamp >= before - 1000 && nullKey.timestamp <= after + 1000, `timestamp ${nullKey.timestamp} is not "now"`);
      assert.deepEqual(nullKey.headers, []);

      const tombstone = byKey('', 0);
      assert.ok(tombstone, 'empty-key record not read back');
      assert.deepEqual(tombstone.key, Buffer.alloc(0));
      assert.equal(tombstone.value, null);

      assert.deepEqual(byKey('u8', 1)?.value, Buffer.from([9, 8, 7]));
      assert.equal(byKey('B', 1)?.value?.toString(), 'unassigned');

      // The log agrees: as many records as were sent.
      const inspector = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
      try {
        let total = 0;
        for (const partition of [0, 1, 2]) total += (await inspector.client.fetchWatermarks(topic, partition, 5000)).high;
        assert.equal(total, sent.length);
      } finally {
        inspector.close();
      }
    });
  });
}
