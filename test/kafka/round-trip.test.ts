import { strict as assert } from 'assert';
import { BaseProducer, FutureProducer, type DeliveryResult, ThreadedProducer, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack } from '../support/kafka-reader';
import { bootstrap, createTopic } from './kafka';

// On Apache Kafka (not the mock): what each producer sends arrives byte for byte, read back by kafkajs, and each
// delivery report says where and when, with the CreateTime the broker stored (the mock reports a LogAppendTime).
describe('kafka: the producer round trip', function () {
  this.timeout(60_000);
  const quiet = { log: () => {}, error: () => {} };

  it('keys, payloads, ordered duplicate headers, null vs empty, partitions, offsets and CreateTime timestamps', async () => {
    const topic = uniqueTopic('kafka-roundtrip');
    await createTopic(topic, 3);
    const timestamp = Date.now() - 60_000;
    const records = [
      { topic, partition: 0, key: 'k1', payload: Buffer.from([0, 1, 2, 255]), timestamp, headers: [{ key: 'h', value: 'one' }, { key: 'h', value: Buffer.from([0]) }, { key: 'n', value: null }] },
      { topic, partition: 1, key: '', payload: '' }, // empty, not null
      { topic, partition: 2, key: null, payload: null }, // a tombstone: null key and payload
      { topic, partition: 0, key: 'k1', payload: 'second on partition 0' },
    ];
    const reports: DeliveryResult[] = [];
    const producer = new ThreadedProducer({ 'bootstrap.servers': bootstrap(), 'enable.idempotence': true, acks: 'all' }, { ...quiet, delivery: (r) => reports.push(r) });
    try {
      for (const record of records) producer.send(record);
      await producer.flush(30_000);
    } finally {
      await producer.close();
    }
    assert.equal(reports.length, records.length);
    for (const report of reports) assert.equal(report.error, null);

    const read = await readBack(bootstrap(), topic, records.length);
    const at = (partition: number, offset: number) => read.find((r) => r.partition === partition && r.offset === offset);
    const first = at(0, 0);
    assert.ok(first);
    assert.deepEqual(first.key, Buffer.from('k1'));
    assert.deepEqual(first.value, Buffer.from([0, 1, 2, 255]));
    assert.equal(first.timestamp, timestamp);
    assert.deepEqual(
      first.headers.map((h) => [h.key, h.value === null ? null : [...h.value]]),
      [['h', [...Buffer.from('one')]], ['h', [0]], ['n', null]],
    );
    assert.deepEqual([at(1, 0)?.key, at(1, 0)?.value], [Buffer.alloc(0), Buffer.alloc(0)]);
    assert.deepEqual([at(2, 0)?.key, at(2, 0)?.value], [null, null]);
    assert.deepEqual(at(0, 1)?.value, Buffer.from('second on partition 0'));

    // Reports: where each landed, and the CreateTime Kafka stored (the record's own, or the producer's clock).
    const byPayload = new Map(reports.map((r) => [r.error === null ? `${r.message.partition}/${r.message.offset}` : '', r]));
    for (const r of read) {
      const report = byPayload.get(`${r.partition}/${r.offset}`);
      assert.ok(report && report.error === null, `no report for ${r.partition}/${r.offset}`);
      assert.deepEqual(report.message.timestamp, { type: 'CreateTime', ms: r.timestamp });
    }
  });

  for (const Kind of ['BaseProducer', 'FutureProducer'] as const) {
    it(`${Kind}: 2,000 messages over 3 partitions, every one in the log once, at the offset its report gave`, async () => {
      const topic = uniqueTopic(`kafka-${Kind}`);
      await createTopic(topic, 3);
      const config = { 'bootstrap.servers': bootstrap(), 'linger.ms': 5 };
      const where = new Map<string, string>();
      if (Kind === 'BaseProducer') {
        const producer = new BaseProducer<string>(config, { ...quiet, delivery: (r, id) => r.error === null && where.set(id as string, `${r.message.partition}/${r.message.offset}`) });
        for (let i = 0; i < 2000; i++) producer.send({ topic, key: `k${i % 7}`, payload: `${i}`, opaque: `${i}` });
        producer.flush(30_000);
        producer.close();
      } else {
        const producer = new FutureProducer(config, quiet);
        const sent = await Promise.all(Array.from({ length: 2000 }, (_, i) => producer.send({ topic, key: `k${i % 7}`, payload: `${i}` }, Timeout.Never)));
        sent.forEach((d, i) => where.set(`${i}`, `${d.partition}/${d.offset}`));
        await producer.close();
      }
      assert.equal(where.size, 2000);
      const read = await readBack(bootstrap(), topic, 2000);
      assert.equal(read.length, 2000);
      for (const r of read) assert.equal(where.get(String(r.value)), `${r.partition}/${r.offset}`);
    });
  }
});
