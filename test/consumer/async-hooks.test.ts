import { strict as assert } from 'assert';
import { ApiKey, CommitMode, type ConsumerContext, KafkaError, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, eventually, newCluster, newTopic, populate, sleep } from '../support/consumers';

// C30 (A12): a StreamConsumer's rebalance hooks may be async, and are awaited: commit-on-revoke is one `await` in
// preRebalance, and it commits exactly what the application was given, because iteration waits for the hook. A hook
// cannot wait for messages itself (iteration waits for it): recv() or next() there fails at once instead of hanging.
describe('async rebalance hooks (C30)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  const offsetsIn = (log: string[]) => log.filter((entry) => entry.startsWith('message ')).map((entry) => Number(entry.slice(8)));

  it('preRebalance on the revoke of unsubscribe() awaits a sync commit; iteration waits for it; the commit is the last yielded + 1', async function () {
    this.timeout(20_000);
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 50, { partition: 0 });
    const log: string[] = [];
    const context: ConsumerContext = {
      async preRebalance(rebalance, consumer) {
        if (rebalance.kind !== 'revoke') return;
        log.push('hook start');
        // The mock answers this commit half a second late: time enough for anything that would not wait to move.
        cluster.pushBrokerRequestErrors(1, ApiKey.OffsetCommit, [[0, 500]]);
        await consumer.commitConsumerState(CommitMode.Sync);
        log.push('hook end');
      },
    };
    // Subscribing again is a new member joining: the mock holds it session.timeout.ms - 1 s.
    const consumer = new StreamConsumer(consumerConfig(cluster, { 'session.timeout.ms': 3000 }), context, { maxBatchSize: 10 });
    try {
      consumer.subscribe([topic]);
      const iterator = consumer.stream();
      const loop = (async () => {
        for (;;) {
          const { done, value } = await iterator.next();
          if (done) return;
          log.push(`message ${value.offset}`);
          if (value.offset === 19) consumer.unsubscribe();
        }
      })();
      await eventually(() => log.includes('hook end'), 'the revoke hook to settle');
      // Unsubscribed: nothing comes after the revoke. What was fetched before it was yielded before it.
      await sleep(200);
      const yielded = offsetsIn(log);
      const last = yielded.at(-1)!;
      assert.deepEqual(yielded, Array.from({ length: last + 1 }, (_, i) => i));
      assert.deepEqual((await consumer.committedOffsets([{ topic, partition: 0 }], 5000)).map((tp) => tp.offset), [last + 1]);

      // Subscribed again, the group hands the partition back from the commit: the iterator that waited over the hook
      // goes on with the next message, nothing skipped, nothing repeated.
      consumer.subscribe([topic]);
      await eventually(() => offsetsIn(log).length > yielded.length, 'the next message after subscribing again');
      assert.equal(offsetsIn(log)[yielded.length], last + 1);
      assert.ok(log.indexOf(`message ${last + 1}`) > log.indexOf('hook end'));
      await consumer.close();
      await loop;
    } finally {
      await consumer.close();
    }
  });

  it('the revoke is handled where iteration reaches it: once the application is done with the message before it', async function () {
    this.timeout(20_000);
    const topic = newTopic(cluster, 1);
    // 45 messages, batches of 10: the last batch holds 40..44 and the revoke behind them.
    await populate(cluster, topic, 45, { partition: 0 });
    const log: string[] = [];
    let done = -1;
    let doneAtHook = -2;
    const context: ConsumerContext = {
      async preRebalance(rebalance, consumer) {
        if (rebalance.kind !== 'revoke') return;
        doneAtHook = done;
        log.push('hook start');
        await consumer.commitConsumerState(CommitMode.Sync);
        log.push('hook end');
      },
    };
    const consumer = new StreamConsumer(consumerConfig(cluster), context, { maxBatchSize: 10 });
    try {
      consumer.subscribe([topic]);
      const loop = (async () => {
        for await (const message of consumer.stream()) {
          log.push(`message ${message.offset}`);
          await sleep(5); // the work
          done = message.offset;
          if (message.offset === 19) consumer.unsubscribe();
        }
      })();
      await eventually(() => log.includes('hook end'), 'the revoke hook to settle');
      await sleep(200);
      const during = log.slice(log.indexOf('hook start'), log.indexOf('hook end'));
      assert.deepEqual(during, ['hook start'], 'messages were handed out while the hook ran');
      assert.equal(doneAtHook, offsetsIn(log).at(-1), 'the hook ran while the application was still at work');
      assert.deepEqual((await consumer.committedOffsets([{ topic, partition: 0 }], 5000)).map((tp) => tp.offset), [doneAtHook + 1]);
      await consumer.close();
      await loop;
    } finally {
      await consumer.close();
    }
  });

  it('recv() and next() called inside a hook reject at once with a Rebalance error, and iteration goes on after the hook', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 3, { partition: 0 });
    const inside: Array<{ error: unknown; ms: number }> = [];
    let consumer: StreamConsumer | undefined;
    const context: ConsumerContext = {
      async preRebalance(rebalance) {
        if (rebalance.kind !== 'assign') return;
        for (const attempt of [() => consumer!.recv(), () => consumer!.stream().next()]) {
          const started = Date.now();
          const error = await attempt().then(
            () => null,
            (e: unknown) => e,
          );
          inside.push({ error, ms: Date.now() - started });
        }
      },
    };
    consumer = new StreamConsumer(consumerConfig(cluster), context);
    try {
      consumer.subscribe([topic]);
      const message = await consumer.recv({ signal: AbortSignal.timeout(10_000) });
      assert.equal(message.offset, 0);
      assert.equal(inside.length, 2);
      for (const { error, ms } of inside) {
        assert.ok(error instanceof KafkaError, String(error));
        assert.equal(error.kind, 'Rebalance');
        assert.equal(error.code, RDKafkaErrorCode.State);
        assert.ok(ms < 100, `it took ${ms} ms to reject`);
      }
    } finally {
      await consumer.close();
    }
  });
});
