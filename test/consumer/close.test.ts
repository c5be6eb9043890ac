import { strict as assert } from 'assert';
import {
  ApiKey,
  BaseConsumer,
  CommitMode,
  type ConsumerContext,
  KafkaError,
  type Message,
  type MockCluster,
  type Rebalance,
  StreamConsumer,
} from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, pollN, populate, take } from '../support/consumers';

// C32 (A15, 1.10): close() is rust-rdkafka's Drop, awaited. The final revoke runs the hooks, auto commit commits
// what was handed out (and nothing read ahead), the member leaves the group; close() may be called again, every
// other call then throws Closed, iterators end and recv() calls waiting reject.
describe('closing a consumer (C32)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  function isClosed(error: unknown): boolean {
    return error instanceof KafkaError && error.kind === 'Closed';
  }

  /** Rebalances the hooks saw, as `pre:revoke:0` / `post:assign:0`. */
  function recordingHooks(seen: string[]): ConsumerContext {
    const label = (when: string, r: Rebalance) => `${when}:${r.kind}:${r.kind === 'error' ? r.error.code : r.partitions.map((tp) => tp.partition).join(',')}`;
    return {
      preRebalance: (r) => void seen.push(label('pre', r)),
      postRebalance: (r) => void seen.push(label('post', r)),
    };
  }

  for (const kind of ['StreamConsumer', 'BaseConsumer'] as const) {
    describe(kind, () => {
      it('with auto commit on and 50 messages handed out: close runs the revoke hooks, sends LeaveGroup, and the next member starts at 50', async () => {
        const topic = newTopic(cluster, 1);
        await populate(cluster, topic, 100, { partition: 0 });
        // The mock makes the next member wait session.timeout.ms - 1 s after a member left: keep it short.
        const config = consumerConfig(cluster, { 'enable.auto.commit': true, 'session.timeout.ms': 3000 });
        const hooks: string[] = [];
        // Both kinds read ahead of the application (librdkafka prefetches; a StreamConsumer pulls a batch more):
        // only the 50 handed out may count.
        let handedOut: Message[];
        if (kind === 'StreamConsumer') {
          const consumer = new StreamConsumer(config, recordingHooks(hooks), { maxBatchSize: 64 });
          consumer.subscribe([topic]);
          handedOut = await take(consumer, 50);
          cluster.startRequestTracking();
          await consumer.close();
        } else {
          const consumer = new BaseConsumer(config, recordingHooks(hooks));
          consumer.subscribe([topic]);
          handedOut = pollN(consumer, 50);
          cluster.startRequestTracking();
          await consumer.close();
        }
        const requests = cluster.stopRequestTracking();
        assert.deepEqual(handedOut.map((m) => m.offset), Array.from({ length: 50 }, (_, i) => i));
        assert.deepEqual(hooks, ['pre:assign:0', 'post:assign:0', 'pre:revoke:0', 'post:revoke:0']);
        assert.ok(requests.some((r) => r.apiKey === ApiKey.LeaveGroup), `no LeaveGroup among ${JSON.stringify(requests.map((r) => r.apiKey))}`);
        assert.ok(requests.some((r) => r.apiKey === ApiKey.OffsetCommit), 'auto commit committed at close');

        const next = new StreamConsumer(config);
        try {
          assert.deepEqual((await next.committedOffsets([{ topic, partition: 0 }], 5000)).map((tp) => tp.offset), [50]);
          next.subscribe([topic]);
          const [first] = await take(next, 1);
          assert.equal(first.offset, 50);
        } finally {
          await next.close();
        }
      });

      const ASKS = 300;
      it('the final revoke\'s hooks may ask for the assignment, the subscription and the protocol, before and after the unassign: close() never hangs on them', async () => {
        const topic = newTopic(cluster, 1);
        await populate(cluster, topic, 3, { partition: 0 });
        const answers: string[] = [];
        const context: ConsumerContext = {
          preRebalance(r, consumer) {
            if (r.kind === 'revoke') answers.push(`pre ${consumer.assignment().length}`);
          },
          // librdkafka's group may terminate as soon as the unassign is made; its synchronous calls, asked then, would
          // never be answered. Asked over and over while it goes (a StreamConsumer awaits its hooks; a BaseConsumer's
          // are synchronous, as they run inside poll()).
          postRebalance(r, consumer) {
            if (r.kind !== 'revoke') return;
            const ask = () => answers.push(`post ${consumer.assignment().length} ${consumer.subscription().length} ${consumer.rebalanceProtocol()}`);
            if (kind === 'BaseConsumer') {
              for (let i = 0; i < ASKS; i++) ask();
              return;
            }
            return (async () => {
              for (let i = 0; i < ASKS; i++) {
                ask();
                await new Promise((resolve) => setImmediate(resolve));
              }
            })();
          },
        };
        const consumer = kind === 'StreamConsumer' ? new StreamConsumer(consumerConfig(cluster), context) : new BaseConsumer(consumerConfig(cluster), context);
        consumer.subscribe([topic]);
        if (consumer instanceof StreamConsumer) await take(consumer, 1);
        else pollN(consumer, 1);
        await consumer.close({ timeoutMs: 10_000 });
        assert.equal(answers[0], 'pre 1');
        assert.equal(answers.length, ASKS + 1);
        assert.deepEqual(new Set(answers.slice(1)), new Set(['post 0 0 NONE']));
      });

      it('close() a second time resolves too; every other call then throws Closed', async () => {
        const topic = newTopic(cluster, 1);
        await populate(cluster, topic, 3, { partition: 0 });
        const consumer = kind === 'StreamConsumer' ? new StreamConsumer(consumerConfig(cluster)) : new BaseConsumer(consumerConfig(cluster));
        consumer.subscribe([topic]);
        if (consumer instanceof StreamConsumer) await take(consumer, 1);
        else pollN(consumer, 1);
        const first = consumer.close();
        const second = consumer.close();
        await first;
        await second;
        await consumer.close();

        assert.throws(() => consumer.subscribe([topic]), isClosed);
        assert.throws(() => consumer.unsubscribe(), isClosed);
        assert.throws(() => consumer.assignment(), isClosed);
        assert.throws(() => consumer.subscription(), isClosed);
        assert.throws(() => consumer.position(), isClosed);
        assert.throws(() => consumer.assign([{ topic, partition: 0 }]), isClosed);
        assert.throws(() => consumer.pause([{ topic, partition: 0 }]), isClosed);
        assert.throws(() => consumer.groupMetadata(), isClosed);
        assert.throws(() => consumer.client, isClosed);
        // Broker round trips (Promises) reject; none throws.
        await assert.rejects(consumer.commitConsumerState(CommitMode.Sync), isClosed);
        await assert.rejects(consumer.commit([{ topic, partition: 0, offset: 1 }], CommitMode.Async), isClosed);
        await assert.rejects(consumer.committed(1000), isClosed);
        await assert.rejects(consumer.seek(topic, 0, 0), isClosed);
        await assert.rejects(consumer.fetchWatermarks(topic, 0, 1000), isClosed);
        await assert.rejects(consumer.fetchMetadata(topic, 1000), isClosed);
        if (consumer instanceof StreamConsumer) {
          assert.throws(() => consumer.stream(), isClosed);
          await assert.rejects(consumer.recv(), isClosed);
        } else {
          assert.throws(() => consumer.poll(0), isClosed);
        }
      });

      if (kind === 'StreamConsumer') {
        it('an active for-await loop ends normally (done) and a waiting recv() rejects Closed', async () => {
          const topic = newTopic(cluster, 1);
          await populate(cluster, topic, 5, { partition: 0 });
          const consumer = new StreamConsumer(consumerConfig(cluster));
          try {
            consumer.subscribe([topic]);
            const iterated: number[] = [];
            const loop = (async () => {
              for await (const message of consumer.stream()) iterated.push(message.offset);
              return 'ended';
            })();
            // A second iterator, driven by hand, waiting on next() when close comes.
            const iterator = consumer.stream();
            while (iterated.length < 5) await new Promise((resolve) => setTimeout(resolve, 20));
            const next = iterator.next();
            const waiting = consumer.recv().then(
              () => 'a message',
              (error: unknown) => error,
            );
            await new Promise((resolve) => setTimeout(resolve, 100));

            await consumer.close();
            assert.equal(await loop, 'ended');
            assert.deepEqual(await next, { done: true, value: undefined });
            assert.ok(isClosed(await waiting), 'the waiting recv() rejected Closed');
            assert.deepEqual(await iterator.next(), { done: true, value: undefined }, 'an iterator stays done');
            assert.deepEqual(iterated, [0, 1, 2, 3, 4]);
          } finally {
            await consumer.close();
          }
        });
      }
    });
  }

});
