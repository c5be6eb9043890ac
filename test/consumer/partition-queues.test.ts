import { strict as assert } from 'assert';
import { BaseConsumer, type Message, type MockCluster, Offset, StreamConsumer, type StreamPartitionQueue } from 'rdkafka-napi';
import { consumerConfig, drainFor, newCluster, newTopic, populate, sleep, take } from '../support/consumers';

// C11, C16, C17 (A22): a partition split off the consumer's stream comes only through its own queue, served by the
// same native thread; closing the queue sends the partition back.
/** The native thread's wake-ups of JavaScript (an internal counter, for this test). */
const wakes = (consumer: StreamConsumer) => (consumer as unknown as { wakeCount(): number }).wakeCount();

describe('partition queues', () => {
  let cluster: MockCluster;
  let topic: string;
  beforeEach(async () => {
    cluster = newCluster();
    topic = newTopic(cluster, 3);
    for (const partition of [0, 1, 2]) await populate(cluster, topic, 4, { partition });
  });
  afterEach(() => cluster.close());

  const fromBeginning = () => [0, 1, 2].map((partition) => ({ topic, partition, offset: Offset.Beginning }));

  it('StreamConsumer: every partition split; the main stream yields nothing (C11a)', async () => {
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.assign(fromBeginning());
      const queues = [0, 1, 2].map((p) => consumer.splitPartitionQueue(topic, p)!);
      for (let round = 0; round < 4; round++) {
        const { messages } = await drainFor(consumer, 100);
        assert.deepEqual(messages, []);
        for (const [partition, queue] of queues.entries()) {
          const message = await queue.recv({ signal: AbortSignal.timeout(10_000) });
          assert.equal(message.partition, partition);
          assert.equal(message.offset, round);
        }
      }
    } finally {
      await consumer.close();
    }
  });

  it('StreamConsumer: one partition split; the main stream has the others (C11b)', async () => {
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.assign(fromBeginning());
      const queue = consumer.splitPartitionQueue(topic, 1)!;
      const main = await take(consumer, 8);
      assert.deepEqual(main.map((m) => m.partition).sort(), [0, 0, 0, 0, 2, 2, 2, 2]);
      const split: Message[] = [];
      for await (const message of queue.stream()) {
        split.push(message);
        if (split.length === 4) break;
      }
      assert.deepEqual(split.map((m) => [m.partition, m.offset]), [[1, 0], [1, 1], [1, 2], [1, 3]]);
    } finally {
      await consumer.close();
    }
  });

  it('StreamConsumer: the queue keeps the consumer working when nothing else refers to it (C11c)', async () => {
    let queue: StreamPartitionQueue | null = null;
    let weak: WeakRef<StreamConsumer> | undefined;
    const config = consumerConfig(cluster);
    (() => {
      const consumer = new StreamConsumer(config);
      weak = new WeakRef(consumer);
      consumer.assign(fromBeginning());
      queue = consumer.splitPartitionQueue(topic, 0);
    })();
    global.gc?.();
    const offsets: number[] = [];
    for (let i = 0; i < 4; i++) offsets.push((await queue!.recv({ signal: AbortSignal.timeout(10_000) })).offset);
    assert.deepEqual(offsets, [0, 1, 2, 3]);
    await weak!.deref()?.close();
  });

  it('StreamConsumer: closing a split queue sends the partition back to the stream, from the first message not handed out', async () => {
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.assign([{ topic, partition: 0, offset: Offset.Beginning }]);
      const queue = consumer.splitPartitionQueue(topic, 0)!;
      const first = await queue.recv({ signal: AbortSignal.timeout(10_000) });
      assert.equal(first.offset, 0);
      queue.close();
      assert.deepEqual((await take(consumer, 3)).map((m) => m.offset), [1, 2, 3]);
    } finally {
      await consumer.close();
    }
  });

  it('BaseConsumer: split queues poll their partition; the main poll sees nothing (C16)', async () => {
    const consumer = new BaseConsumer(consumerConfig(cluster));
    try {
      consumer.assign(fromBeginning());
      const queues = [0, 1, 2].map((p) => consumer.splitPartitionQueue(topic, p)!);
      for (let round = 0; round < 4; round++) {
        assert.equal(consumer.poll(0), null);
        for (const [partition, queue] of queues.entries()) {
          let message: Message | null = null;
          const deadline = Date.now() + 10_000;
          while (message === null && Date.now() < deadline) message = queue.poll(100);
          assert.ok(message, `partition ${partition}, round ${round}`);
          assert.deepEqual([message.partition, message.offset], [partition, round]);
        }
      }
    } finally {
      await consumer.close();
    }
  });

  it('wakes JavaScript only when there is something for it (C17)', async () => {
    const single = newTopic(cluster, 1);
    const consumer = new StreamConsumer(consumerConfig(cluster), undefined, { maxBatchSize: 100 });
    try {
      consumer.assign([{ topic: single, partition: 0, offset: Offset.Beginning }]);
      const queue = consumer.splitPartitionQueue(single, 0)!;
      const pending = queue.recv({ signal: AbortSignal.timeout(10_000) });
      await sleep(300);
      const idle = wakes(consumer);
      await sleep(1000);
      assert.equal(wakes(consumer), idle, 'no wake-up while idle');
      await populate(cluster, single, 2, { partition: 0 });
      const first = await pending;
      assert.equal(first.offset, 0);
      await sleep(300);
      assert.equal(wakes(consumer), idle + 1, 'one wake-up for the batch');
      // One message is buffered and nobody waits: producing more wakes nobody.
      await populate(cluster, single, 1, { partition: 0 });
      await sleep(500);
      assert.equal(wakes(consumer), idle + 1, 'no wake-up while the buffer holds a message');
      assert.equal((await queue.recv()).offset, 1);
      assert.equal((await queue.recv({ signal: AbortSignal.timeout(10_000) })).offset, 2);
      assert.equal(wakes(consumer), idle + 2);
    } finally {
      await consumer.close();
    }
  });
});
