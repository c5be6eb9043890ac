import { strict as assert } from 'assert';
import { BaseProducer, type FutureRecord, FutureProducer, MockCluster, ThreadedProducer, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack } from '../support/kafka-reader';

// A send reads each field of the record once, checks what it read and sends exactly that. A getter or a
// Proxy that answers differently the second time must not get a value past the checks.
describe('a record is read once', function () {
  this.timeout(60_000);
  let cluster: MockCluster;
  before(() => {
    cluster = new MockCluster(1);
  });
  after(() => cluster.close());

  const timestamp = 1_700_000_000_000;

  /** A record whose every field answers a valid value first, and a poisonous one on any later read; reads are counted. */
  function twoFacedRecord(topic: string): { record: FutureRecord; reads: Map<string, number> } {
    const reads = new Map<string, number>();
    const fields: Record<string, [unknown, unknown]> = {
      topic: [topic, ''],
      partition: [0, 'abc'],
      timestamp: [timestamp, -5e15],
      key: ['key', 42],
      payload: [Buffer.from('payload'), { not: 'bytes' }],
      headers: [[twoFacedHeader(reads)], 'not headers'],
    };
    const record = {};
    for (const [name, [first, later]] of Object.entries(fields)) {
      Object.defineProperty(record, name, {
        enumerable: true,
        get() {
          const count = (reads.get(name) ?? 0) + 1;
          reads.set(name, count);
          return count === 1 ? first : later;
        },
      });
    }
    return { record: record as FutureRecord, reads };
  }

  function twoFacedHeader(reads: Map<string, number>): object {
    const header = {};
    for (const [name, first, later] of [['key', 'trace', 7], ['value', 'abc', 1e300]] as const) {
      Object.defineProperty(header, name, {
        enumerable: true,
        get() {
          const count = (reads.get(`header.${name}`) ?? 0) + 1;
          reads.set(`header.${name}`, count);
          return count === 1 ? first : later;
        },
      });
    }
    return header;
  }

  async function assertWrittenAsFirstRead(topic: string, reads: Map<string, number>): Promise<void> {
    assert.deepEqual(
      Object.fromEntries(reads),
      { topic: 1, partition: 1, timestamp: 1, key: 1, payload: 1, headers: 1, 'header.key': 1, 'header.value': 1 },
      'each field read exactly once',
    );
    const [written] = await readBack(cluster.bootstrapServers, topic, 1);
    assert.equal(written.partition, 0);
    assert.equal(written.timestamp, timestamp);
    assert.deepEqual(written.key, Buffer.from('key'));
    assert.deepEqual(written.value, Buffer.from('payload'));
    assert.deepEqual(written.headers, [{ key: 'trace', value: Buffer.from('abc') }]);
  }

  it('BaseProducer', async () => {
    const topic = uniqueTopic('read-once');
    cluster.createTopic(topic, 2);
    const { record, reads } = twoFacedRecord(topic);
    const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    try {
      producer.send(record);
      producer.flush(10_000);
    } finally {
      producer.close();
    }
    await assertWrittenAsFirstRead(topic, reads);
  });

  it('ThreadedProducer', async () => {
    const topic = uniqueTopic('read-once');
    cluster.createTopic(topic, 2);
    const { record, reads } = twoFacedRecord(topic);
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    try {
      producer.send(record);
      await producer.flush(10_000);
    } finally {
      await producer.close();
    }
    await assertWrittenAsFirstRead(topic, reads);
  });

  it('FutureProducer, through a Proxy, with send and sendResult', async () => {
    for (const method of ['send', 'sendResult'] as const) {
      const topic = uniqueTopic('read-once');
      cluster.createTopic(topic, 2);
      const { record, reads } = twoFacedRecord(topic);
      const proxy = new Proxy(record, { get: (target, name, receiver) => Reflect.get(target, name, receiver) });
      const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers });
      try {
        const delivery = await (method === 'send' ? producer.send(proxy, Timeout.Never) : producer.sendResult(proxy));
        assert.equal(delivery.partition, 0);
      } finally {
        await producer.close();
      }
      await assertWrittenAsFirstRead(topic, reads);
    }
  });

  it('a first answer that is bad is refused, naming the field, whatever a second read would say', () => {
    const producer = new BaseProducer({});
    try {
      const record = { topic: 't' } as FutureRecord;
      let reads = 0;
      Object.defineProperty(record, 'partition', { get: () => (reads++ === 0 ? 'abc' : 0) });
      assert.throws(() => producer.send(record), /record\.partition must be a whole number >= 0 \(or -1 for unassigned\), got string "abc"/);
      assert.equal(reads, 1);
    } finally {
      producer.close();
    }
  });
});
