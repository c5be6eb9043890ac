import { strict as assert } from 'assert';
import { type DeliveryResult, MockCluster, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';

describe('ThreadedProducer', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  // rust-rdkafka test_threaded_producer_send (plus: the ids are the ten sent).
  it('delivers ten records without polling, each report with its own opaque', async () => {
    const topic = uniqueTopic('threaded');
    const results: Array<[DeliveryResult, number | undefined]> = [];
    const producer = new ThreadedProducer<number>({ 'bootstrap.servers': cluster.bootstrapServers }, { delivery: (r, id) => results.push([r, id]) });
    try {
      for (let i = 0; i < 10; i++) producer.send({ topic, payload: 'A', key: 'B', opaque: i });
      await producer.flush(10_000);
      assert.equal(results.length, 10);
      for (const [result] of results) assert.equal(result.error, null);
      assert.deepEqual(results.map(([, id]) => id).sort((a, b) => (a as number) - (b as number)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.equal(producer.poll(100), 0, 'poll() has nothing to serve: the thread does it');
    } finally {
      await producer.close();
    }
  });

  it('hands reports to JavaScript in batches, in delivery order per partition', async () => {
    const topic = uniqueTopic('batches');
    cluster.createTopic(topic, 3, 1);
    const count = 20_000;
    const offsets = new Map<number, number[]>();
    let calls = 0;
    let inBatch = false;
    const producer = new ThreadedProducer<number>(
      { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5, 'queue.buffering.max.messages': 100_000 },
      {
        delivery: (result) => {
          // Reports of one batch run back to back: count the runs, separated by a microtask turn.
          if (!inBatch) {
            inBatch = true;
            calls++;
            queueMicrotask(() => (inBatch = false));
          }
          assert.equal(result.error, null);
          const list = offsets.get(result.message.partition) ?? [];
          list.push(result.message.offset);
          offsets.set(result.message.partition, list);
        },
      },
    );
    try {
      for (let i = 0; i < count; i++) producer.send({ topic, key: `k${i}`, payload: 'x', opaque: i });
      await producer.flush(30_000);
      const total = [...offsets.values()].reduce((n, list) => n + list.length, 0);
      assert.equal(total, count);
      for (const [partition, list] of offsets) {
        for (let i = 1; i < list.length; i++) assert.ok(list[i] > list[i - 1], `partition ${partition}: offset ${list[i]} after ${list[i - 1]}`);
      }
      assert.ok(calls < count / 20, `${calls} dispatch runs for ${count} reports: not batched`);
    } finally {
      await producer.close();
    }
  });

  it('flush resolves only after the callbacks of everything sent before it have run', async () => {
    const topic = uniqueTopic('flush');
    let reported = 0;
    cluster.setBrokerRtt(-1, 100);
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 50 }, { delivery: () => reported++ });
    try {
      for (let i = 0; i < 100; i++) producer.send({ topic, payload: `${i}` });
      await producer.flush(10_000);
      assert.equal(reported, 100);
      assert.equal(producer.inFlightCount(), 0);
    } finally {
      await producer.close();
    }
  });

  it('keeps the event loop free while it works', async () => {
    const topic = uniqueTopic('loop');
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      cluster.setBrokerRtt(-1, 500);
      producer.send({ topic, payload: 'x' });
      await producer.flush(10_000);
      assert.ok(ticks >= 20, `only ${ticks} timer ticks during a 500 ms flush`);
    } finally {
      clearInterval(timer);
      await producer.close();
    }
  });
});
