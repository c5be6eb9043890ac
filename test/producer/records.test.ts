import { strict as assert } from 'assert';
import { BaseProducer, BaseRecord, FutureRecord, OwnedHeaders, Timestamp } from 'rdkafka-napi';

describe('records', () => {
  // No broker: whatever is enqueued stays queued, and is counted when purged.
  let producer: BaseProducer<number>;
  let reports = 0;
  const enqueued = () => {
    reports = 0;
    producer.purge({ queue: true });
    producer.flush(5000);
    return reports;
  };
  before(() => {
    producer = new BaseProducer<number>({}, { log: () => {}, error: () => {}, delivery: () => reports++ });
  });
  after(() => producer.close());

  it('are validated field by field, with a TypeError naming the field, before anything is enqueued', () => {
    const bad: Array<[unknown, RegExp]> = [
      [null, /record must be an object/],
      [{}, /record\.topic must be a non-empty string/],
      [{ topic: '' }, /record\.topic must be a non-empty string/],
      [{ topic: 't\0' }, /record\.topic must not contain NUL/],
      [{ topic: 't', partition: -2 }, /record\.partition must be a whole number >= 0 \(or -1/],
      [{ topic: 't', partition: 1.5 }, /record\.partition/],
      [{ topic: 't', partition: '1' }, /record\.partition/],
      [{ topic: 't', payload: 42 }, /record\.payload must be a Buffer, Uint8Array, string or null, got number 42/],
      [{ topic: 't', payload: { a: 1 } }, /record\.payload/],
      [{ topic: 't', key: [1, 2] }, /record\.key must be/],
      [{ topic: 't', key: new Uint16Array(2) }, /record\.key must be/],
      [{ topic: 't', timestamp: 1.5 }, /record\.timestamp must be whole milliseconds/],
      [{ topic: 't', timestamp: -1 }, /record\.timestamp/],
      [{ topic: 't', timestamp: new Date() }, /record\.timestamp/],
      [{ topic: 't', headers: { a: 'b' } }, /record\.headers must be an array/],
      [{ topic: 't', headers: [{ key: 1, value: 'x' }] }, /record\.headers\[0\]\.key must be a string/],
      [{ topic: 't', headers: [{ key: 'a', value: 'x' }, { key: 'b', value: 7 }] }, /record\.headers\[1\]\.value must be/],
      [{ topic: 't', headers: [{ key: 'a\0b', value: 'x' }] }, /record\.headers\[0\]\.key must not contain NUL/],
      [{ topic: 't', headers: [null] }, /record\.headers\[0\] must be \{ key, value \}/],
    ];
    for (const [record, message] of bad) {
      assert.throws(() => producer.send(record as BaseRecord<number>), (e: unknown) => e instanceof TypeError && message.test((e as Error).message), JSON.stringify(record));
    }
    assert.equal(enqueued(), 0, 'a bad record was enqueued');
  });

  it('take Buffer, Uint8Array, string or null keys and payloads, and OwnedHeaders', () => {
    const headers = new OwnedHeaders().insert({ key: 'a', value: 'x' }).insert({ key: 'a', value: null });
    producer.send({ topic: 't', key: new Uint8Array([1]), payload: Buffer.from('p'), headers, partition: -1, timestamp: 0 });
    producer.send({ topic: 't', key: null, payload: null });
    producer.send({ topic: 't' });
    assert.equal(enqueued(), 3);
  });

  it('can be built as in Rust: BaseRecord.to(topic).key().payload()...', () => {
    const record = BaseRecord.to<number>('orders').key('k').payload('v').partition(2).timestamp(1000).headers([{ key: 'h', value: null }]).opaque(7);
    assert.deepEqual(record.record, { topic: 'orders', key: 'k', payload: 'v', partition: 2, timestamp: 1000, headers: [{ key: 'h', value: null }], opaque: 7 });
    assert.equal(BaseRecord.withOpaqueTo('t', 'o').topic('u').record.topic, 'u');
    assert.deepEqual(FutureRecord.to('t').key('k').payload('v').record, { topic: 't', key: 'k', payload: 'v' });
    producer.send(BaseRecord.to<number>('t').payload('built'));
    assert.equal(enqueued(), 1);
  });

  it('OwnedHeaders keep order and duplicates', () => {
    const headers = new OwnedHeaders().insert({ key: 'k', value: 'value1' }).insert({ key: 'k', value: 'value2' });
    assert.equal(headers.count(), 2);
    assert.deepEqual(headers.get(0), { key: 'k', value: 'value1' });
    assert.deepEqual([...headers].map((h) => h.value), ['value1', 'value2']);
    assert.equal(headers.tryGet(2), undefined);
    assert.throws(() => headers.get(2), RangeError);
    assert.throws(() => headers.insert({ key: 'k', value: 3 as unknown as string }), TypeError);
  });

  it('Timestamp helpers follow rust-rdkafka', () => {
    assert.equal(Timestamp.toMillis({ type: 'CreateTime', ms: 100 }), 100);
    assert.equal(Timestamp.toMillis({ type: 'LogAppendTime', ms: 100 }), 100);
    assert.equal(Timestamp.toMillis({ type: 'CreateTime', ms: -1 }), undefined);
    assert.equal(Timestamp.toMillis({ type: 'NotAvailable' }), undefined);
    const now = Timestamp.now();
    assert.equal(now.type, 'CreateTime');
    assert.ok(Math.abs((Timestamp.toMillis(now) as number) - Date.now()) < 10);
  });
});
