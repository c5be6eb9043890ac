import { strict as assert } from 'assert';
import { type ConsumerContext, KafkaError, type MockCluster, RDKafkaErrorCode, type Rebalance, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, drainFor, eventually, newCluster, newTopic, populate, sleep, take } from '../support/consumers';

// C31 (A13): librdkafka waits for the application to answer every rebalance, so an overriding `rebalance` that fails to
// answer would stop the consumer for good, silently. The library answers in its place (the default assign/unassign)
// and says so once, through context.error: the partitions are assigned and consumption goes on.
describe('the rebalance safety net (C31)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  const overrides: Array<{ name: string; rebalance: NonNullable<ConsumerContext['rebalance']>; code: number; detail: RegExp }> = [
    {
      name: 'throws',
      rebalance: () => {
        throw new Error('the override failed');
      },
      code: RDKafkaErrorCode.Fail,
      detail: /context\.rebalance threw: the override failed/,
    },
    {
      name: 'returns a Promise that rejects',
      rebalance: async () => {
        await sleep(20);
        throw new Error('the override failed later');
      },
      code: RDKafkaErrorCode.Fail,
      detail: /context\.rebalance threw: the override failed later/,
    },
    {
      name: 'returns without assigning',
      rebalance: () => {},
      code: RDKafkaErrorCode.State,
      detail: /context\.rebalance returned without assigning/,
    },
  ];

  for (const { name, rebalance, code, detail } of overrides) {
    it(`an overriding rebalance that ${name}: the partitions are assigned anyway, consumption goes on, one report`, async () => {
      const topic = newTopic(cluster, 2);
      await populate(cluster, topic, 20);
      const calls: Array<Rebalance['kind']> = [];
      const reports: Array<{ error: KafkaError; reason: string }> = [];
      const context: ConsumerContext = {
        rebalance(event, consumer) {
          calls.push(event.kind);
          return rebalance.call(this, event, consumer);
        },
        error: (error, reason) => reports.push({ error, reason }),
      };
      const consumer = new StreamConsumer(consumerConfig(cluster), context);
      try {
        consumer.subscribe([topic]);
        const messages = await take(consumer, 20);
        assert.equal(new Set(messages.map((m) => `${m.partition}:${m.offset}`)).size, 20);
        assert.deepEqual(consumer.assignment().map((tp) => tp.partition).sort(), [0, 1]);
        assert.deepEqual(calls, ['assign']);
        assert.equal(reports.length, 1, `reports: ${reports.map((r) => r.error.message)}`);
        const [{ error }] = reports;
        assert.ok(error instanceof KafkaError);
        assert.equal(error.kind, 'Rebalance');
        assert.equal(error.code, code);
        assert.match(error.message, detail);

        // The revoke too: the library unassigns in the override's place, and reports it once more.
        // (Rebalances are handled where iteration reaches them: something must iterate.)
        consumer.unsubscribe();
        const stop = new AbortController();
        const iterating = drainFor(consumer, 10_000, stop.signal);
        await eventually(() => consumer.assignment().length === 0, 'the revoke applied');
        stop.abort();
        await iterating;
        assert.deepEqual(calls, ['assign', 'revoke']);
        assert.deepEqual(consumer.assignment(), []);
        assert.equal(reports.length, 2);
      } finally {
        await consumer.close();
      }
    });
  }
});
