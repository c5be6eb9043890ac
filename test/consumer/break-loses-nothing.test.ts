import { strict as assert } from 'assert';
import { CommitMode, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, eventually, newCluster, newTopic, populate } from '../support/consumers';

// C34 (A3, A8): leaving a `for await` loop loses nothing. Messages read ahead but not yielded were never stored, so
// a commit covers exactly what the loop saw, and the next stream() yields them, in order, without gaps or repeats.
describe('breaking out of a stream() loop (C34)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('maxBatchSize 100, 250 messages, break after 10: committed is 10, the next stream() goes on at 10', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 250, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 100 });
    try {
      consumer.subscribe([topic]);
      const first: number[] = [];
      for await (const message of consumer.stream()) {
        first.push(message.offset);
        if (first.length === 10) {
          // The break happens with messages read ahead, not yet yielded.
          await eventually(() => consumer.bufferedCount > 0, 'messages read ahead');
          break;
        }
      }
      assert.deepEqual(first, Array.from({ length: 10 }, (_, i) => i));
      assert.ok(consumer.bufferedCount > 0, 'what was read ahead stays buffered after the break');

      await consumer.commitConsumerState(CommitMode.Sync);
      assert.deepEqual((await consumer.committed(5000)).map((tp) => tp.offset), [10]);
      assert.deepEqual(consumer.position().map((tp) => tp.offset), [10]);

      const rest: number[] = [];
      for await (const message of consumer.stream()) {
        rest.push(message.offset);
        if (rest.length === 240) break;
      }
      assert.deepEqual(rest, Array.from({ length: 240 }, (_, i) => 10 + i), 'no gap, no repeat');
      await consumer.commitConsumerState(CommitMode.Sync);
      assert.deepEqual((await consumer.committed(5000)).map((tp) => tp.offset), [250]);
    } finally {
      await consumer.close();
    }
  });

  it('a handler that throws ends its loop the same way: the next stream() yields the message after it', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 30, { partition: 0 });
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 100 });
    try {
      consumer.subscribe([topic]);
      const seen: number[] = [];
      await assert.rejects(
        (async () => {
          for await (const message of consumer.stream()) {
            seen.push(message.offset);
            if (message.offset === 4) throw new Error('handler failed');
          }
        })(),
        /handler failed/,
      );
      for await (const message of consumer.stream()) {
        seen.push(message.offset);
        if (seen.length === 30) break;
      }
      assert.deepEqual(seen, Array.from({ length: 30 }, (_, i) => i));
    } finally {
      await consumer.close();
    }
  });
});
