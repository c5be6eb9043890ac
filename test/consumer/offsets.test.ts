import { strict as assert } from 'assert';
import { KafkaError, Offset, RDKafkaErrorCode } from 'rdkafka-napi';
import * as path from 'path';
import { packageRoot } from '../helpers';
import { listKey } from '../support/consumers';

// The internal conversions, from the built package (the one the public API uses).
const { fromRawOffset, listOffset, rawOffset } = require(path.join(packageRoot, 'dist', 'consumer', 'offset.js')) as typeof import('../../ts/consumer/offset');

// C26: Offset values map to librdkafka's raw offsets and back as rust-rdkafka's Offset::to_raw / from_raw do.
describe('Offset values', () => {
  it('map to raw offsets and back', () => {
    const cases: Array<[Offset, number]> = [
      [123, 123],
      [0, 0],
      [Offset.Beginning, -2],
      [Offset.End, -1],
      [Offset.Stored, -1000],
      [Offset.Invalid, -1001],
      [Offset.tail(10), -2010],
      [Offset.tail(1), -2001],
    ];
    for (const [offset, raw] of cases) {
      assert.equal(rawOffset(offset, 'offset'), raw, JSON.stringify(offset));
      assert.deepEqual(fromRawOffset(raw), offset);
    }
  });

  it('cannot represent negative numbers or tail(n <= 0)', () => {
    for (const offset of [-1, -2, -1000, Offset.tail(0), Offset.tail(-1)]) {
      assert.equal(rawOffset(offset, 'offset'), undefined, JSON.stringify(offset));
      assert.throws(() => listOffset(offset, 'offset'), (error: KafkaError) => error.kind === 'SetPartitionOffset' && error.code === RDKafkaErrorCode.InvalidArgument);
    }
  });

  it('refuses what is not an offset at all with a TypeError', () => {
    for (const offset of [1.5, '1', 'latest', null, {}, { tail: 'x' }]) {
      assert.throws(() => rawOffset(offset, 'offset'), TypeError, JSON.stringify(offset));
    }
  });

  it('lists compare without order (PartialEq), keeping metadata', () => {
    const a = [
      { topic: 't', partition: 1, offset: 5 },
      { topic: 't', partition: 0, offset: Offset.Beginning, metadata: 'm' },
    ];
    const b = [
      { topic: 't', partition: 0, offset: Offset.Beginning, metadata: 'm' },
      { topic: 't', partition: 1, offset: 5 },
    ];
    assert.deepEqual(listKey(a), listKey(b));
    assert.notDeepEqual(listKey(a), listKey([{ topic: 't', partition: 1, offset: 5 }]));
  });
});
