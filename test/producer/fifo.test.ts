import { strict as assert } from 'assert';
import { Fifo } from '../../ts/producer/fifo';

// The queue of sends waiting for room: first in, first out, whatever its size and however it is drained.
describe('Fifo', () => {
  it('gives items back in the order they came, across its compactions', () => {
    const fifo = new Fifo<number>();
    const taken: number[] = [];
    let next = 0;
    // Interleaved: pushes outrun shifts, so the head passes the compaction point many times with items left.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 3000; i++) fifo.push(next++);
      for (let i = 0; i < 2500; i++) taken.push(fifo.shift() as number);
      assert.equal(fifo.length, next - taken.length);
      assert.equal(fifo.first(), taken.length);
    }
    while (fifo.length > 0) taken.push(fifo.shift() as number);
    assert.deepEqual(taken, Array.from({ length: next }, (_, i) => i));
    assert.equal(fifo.shift(), undefined);
    assert.equal(fifo.first(), undefined);
  });

  it('drains, iterates and removes what a test picks, keeping the order of the rest', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 2000; i++) fifo.push(i);
    for (let i = 0; i < 1500; i++) fifo.shift();
    assert.deepEqual([...fifo], Array.from({ length: 500 }, (_, i) => 1500 + i));
    assert.deepEqual(
      fifo.removeWhere((n) => n % 2 === 0),
      Array.from({ length: 250 }, (_, i) => 1500 + 2 * i),
    );
    assert.equal(fifo.first(), 1501);
    assert.deepEqual(fifo.drain(), Array.from({ length: 250 }, (_, i) => 1501 + 2 * i));
    assert.equal(fifo.length, 0);
    fifo.push(7);
    assert.deepEqual([...fifo], [7]);
  });
});
