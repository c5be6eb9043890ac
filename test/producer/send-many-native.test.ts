import { strict as assert } from 'assert';
import { type NativeBinding, SendShape } from '../../ts/native';
import { builtAddon } from '../helpers';

// The addon itself, as the package loads it (only the types come from ts/native: its loader is not compiled here).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const binding = require(builtAddon) as NativeBinding;

// The addon's sendMany trusts TypeScript to stage records and pass their values, but must not read outside what it
// was given when that goes wrong: every mismatch is an error, never a crash or a read of memory it does not own.
describe('the native sendMany, given what TypeScript would never give it', () => {
  const HEADER_BYTES = 8;
  const RECORD_BYTES = 24;

  function staged(count: number, shape: number): ArrayBuffer {
    const buffer = new ArrayBuffer(HEADER_BYTES + RECORD_BYTES * count);
    const ints = new Int32Array(buffer);
    for (let i = 0; i < count; i++) {
      const at = 2 + 6 * i;
      ints[at] = 0; // topic id 0: registered below
      ints[at + 1] = -1;
      ints[at + 2] = i;
      ints[at + 3] = shape;
    }
    return buffer;
  }

  let producer: ReturnType<typeof make>;
  function make() {
    const native = new binding.Producer([['bootstrap.servers', '127.0.0.1:1']], false);
    native.registerTopic('t');
    return native;
  }
  beforeEach(() => {
    producer = make();
  });
  afterEach(() => producer.close());

  it('fewer values than the shapes name: a TypeError, after queueing the records it could read', () => {
    const buffer = staged(3, SendShape.Payload);
    assert.throws(() => producer.sendMany(buffer, 3, 'a', 'b'), { name: 'TypeError', message: 'sendMany: fewer values than the staged shapes name' });
    assert.equal(new Uint32Array(buffer)[1], 2, 'the header says two were queued');
  });

  it('a count beyond the staging buffer, or no buffer at all: an error, and nothing read', () => {
    const buffer = staged(1, 0);
    new Uint32Array(buffer)[1] = 7; // not touched by a call that reads nothing
    assert.throws(() => producer.sendMany(buffer, 2), { name: 'RangeError', message: 'sendMany: more records than the staging buffer holds' });
    assert.equal(new Uint32Array(buffer)[1], 7);
    assert.throws(() => producer.sendMany(undefined as never, 1), { name: 'TypeError' });
    assert.throws(() => (producer.sendMany as (...args: unknown[]) => number)(), { name: 'TypeError' });
  });

  it('more arguments than any call needs: those beyond the limit are not read', () => {
    const values = Array.from({ length: 5000 }, () => 'x');
    assert.equal(producer.sendMany(staged(1, SendShape.Payload | SendShape.PayloadString), 1, ...values), 1);
  });
});
