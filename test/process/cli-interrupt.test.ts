import { strict as assert } from 'assert';
import { setTimeout as delay } from 'timers/promises';
import { produceFromPipe, startMock, stopMock } from '../support/cli';
import { readBack } from '../support/kafka-reader';

// Ctrl-C during `rdkafka-napi produce`: it reads a pipe that never ends, so Ctrl-C is how a user stops
// it, and they still need to know what was delivered. 130 is the exit code a shell reports for SIGINT.
describe('rdkafka-napi produce, interrupted by Ctrl-C', function () {
  this.timeout(60_000);

  /** A produce reading an open pipe, its first line delivered: Ctrl-C comes after it has started. */
  async function started(topic: string, args: string[] = []) {
    const mock = await startMock(['-t', `${topic}:1`]);
    const produce = produceFromPipe(['-b', mock.bootstrap, '-t', topic, ...args]);
    const cleanUp = async () => {
      produce.stop();
      await stopMock(mock.child);
    };
    try {
      produce.child.stdin.write('first\n');
      await readBack(mock.bootstrap, topic, 1);
    } catch (error) {
      await cleanUp();
      throw error;
    }
    return { mock, produce, cleanUp };
  }

  it('prints the summary of what it sent so far and exits 130', async () => {
    const { mock, produce, cleanUp } = await started('cli-interrupted');
    try {
      produce.child.stdin.write('second\nthird\n');
      const read = await readBack(mock.bootstrap, 'cli-interrupted', 3);
      assert.deepEqual(
        read.map((record) => record.value?.toString()),
        ['first', 'second', 'third'],
      );
      produce.child.kill('SIGINT');
      const { code, signal } = await produce.exited;
      assert.deepEqual({ code, signal }, { code: 130, signal: null }, produce.output.stderr);
      assert.equal(produce.output.stdout, 'sent 3, delivered 3, failed 0; by partition: 0=3\n');
    } finally {
      await cleanUp();
    }
  });

  it('gives messages in flight --timeout to settle, then fails them as purged, and still prints the summary', async () => {
    const { mock, produce, cleanUp } = await started('cli-stranded', ['--timeout', '1500']);
    try {
      await stopMock(mock.child);
      // No broker now: these two are read and sent, and stay in flight.
      produce.child.stdin.write('stranded\nstranded too\n');
      await delay(1000);
      const interruptedAt = Date.now();
      produce.child.kill('SIGINT');
      const { code, at } = await produce.exited;
      const { stdout, stderr } = produce.output;
      assert.equal(code, 130, stderr);
      assert.equal(stdout, 'sent 3, delivered 1, failed 2; by partition: 0=1\n');
      assert.match(stderr, /interrupted: waiting up to 1500 ms for 2 messages in flight \(Ctrl-C again to stop at once\)/);
      assert.match(stderr, /line 2: .*Purge/);
      assert.match(stderr, /line 3: .*Purge/);
      assert.ok(at - interruptedAt >= 1400, `exited ${at - interruptedAt} ms after Ctrl-C, before the 1500 ms it gives the messages`);
      assert.ok(at - interruptedAt < 6000, `exited ${at - interruptedAt} ms after Ctrl-C`);
    } finally {
      await cleanUp();
    }
  });

  it('exits 130 at once on a second Ctrl-C', async () => {
    const { mock, produce, cleanUp } = await started('cli-impatient', ['--timeout', '30000']);
    try {
      await stopMock(mock.child);
      produce.child.stdin.write('stranded\n');
      await delay(1000);
      produce.child.kill('SIGINT');
      await delay(300);
      const secondAt = Date.now();
      produce.child.kill('SIGINT');
      const { code, signal, at } = await produce.exited;
      assert.deepEqual({ code, signal }, { code: 130, signal: null }, produce.output.stderr);
      assert.ok(at - secondAt < 2000, `exited ${at - secondAt} ms after the second Ctrl-C`);
    } finally {
      await cleanUp();
    }
  });
});
