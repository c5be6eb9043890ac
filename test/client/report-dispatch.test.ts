import { strict as assert } from 'assert';
import { BaseProducer, type DeliveryResult, FutureProducer, MockCluster, type Timestamp, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// How reports reach callbacks on the fast paths: BaseProducer.poll(0) skips native code while
// librdkafka says its queue is empty, and timestamps are shared, frozen, within a batch.
describe('report dispatch', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  it('BaseProducer.poll(0) serves reports that arrived while nobody polled, and returns 0 when there are none', async () => {
    const topic = uniqueTopic('poll-zero');
    cluster.createTopic(topic, 1, 1);
    const results: DeliveryResult[] = [];
    const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 0 }, { delivery: (result) => results.push(result) });
    try {
      for (let round = 0; round < 3; round++) {
        producer.send({ topic, payload: `m${round}` });
        // Reports arrive on librdkafka's threads, and only the queue-not-empty signal tells poll(0).
        for (let waited = 0; results.length <= round && waited < 5000; waited += 20) {
          await sleep(20);
          producer.poll(0);
        }
        assert.equal(results.length, round + 1, `report ${round} was not served by poll(0)`);
        assert.equal(producer.poll(0), 0);
      }
      assert.ok(results.every((result) => result.error === null));
    } finally {
      producer.close();
    }
  });

  it('BaseProducer.poll(0) serves an error event that arrives on an idle producer', async () => {
    const errors: string[] = [];
    const producer = new BaseProducer(
      { 'bootstrap.servers': '127.0.0.1:1', 'reconnect.backoff.ms': 10 },
      { error: (error) => errors.push(error.kind), log: () => {} },
    );
    try {
      for (let waited = 0; errors.length === 0 && waited < 10_000; waited += 20) {
        await sleep(20);
        producer.poll(0);
      }
      assert.ok(errors.length > 0, 'no error event was served by poll(0)');
    } finally {
      producer.close();
    }
  });

  it('delivery timestamps are frozen, and reports of one batch with the same time share one', async () => {
    const topic = uniqueTopic('timestamps');
    cluster.createTopic(topic, 1, 1);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 50 });
    try {
      const at = 1_700_000_000_000;
      const deliveries = await Promise.all([0, 0, 0, 1].map((offset) => producer.send({ topic, payload: 'x', timestamp: at + offset }, Timeout.Never)));
      const stamps: Timestamp[] = deliveries.map((delivery) => delivery.timestamp);
      for (const stamp of stamps) assert.ok(Object.isFrozen(stamp), 'a timestamp is not frozen');
      const key = (stamp: Timestamp) => (stamp.type === 'NotAvailable' ? stamp.type : `${stamp.type}:${stamp.ms}`);
      // CreateTime as sent; the mock broker answers LogAppendTime (with its own clock) instead.
      if (stamps[0].type === 'CreateTime') assert.deepEqual(stamps.map(key), [0, 0, 0, 1].map((offset) => `CreateTime:${at + offset}`));
      for (let i = 1; i < stamps.length; i++) {
        if (key(stamps[i]) === key(stamps[i - 1])) assert.equal(stamps[i], stamps[i - 1], 'equal timestamps of one batch are not shared');
      }
      assert.throws(() => {
        (stamps[0] as { type: string }).type = 'changed';
      }, TypeError);
    } finally {
      await producer.close();
    }
  });
});
