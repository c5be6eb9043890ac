import { strict as assert } from 'assert';
import { BaseConsumer, type ConfigEntries, type ConsumerContext, type Message, type MockCluster, Timeout } from 'rdkafka-napi';
import { type SeenRebalance, consumerConfig, newCluster, newTopic, populate, recordingRebalances, sleep } from '../support/consumers';

// A14 with C28: a BaseConsumer rebalances inside poll(), on the calling thread, as rust-rdkafka's does. Its hooks run
// synchronously within the poll() that meets the rebalance; that poll returns null at once rather than waiting out its
// timeout (Rust 0.36.2), so a loop gets to look at the new assignment, except with Timeout.Never, which waits for a
// message. Two BaseConsumers polled in turn share a topic as StreamConsumers do (cooperative-sticky here).
describe('BaseConsumer rebalancing (A14, C28)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  /** A BaseConsumer whose hooks record what they see, and whether a poll() of this consumer was running. */
  function polledConsumer(config: ConfigEntries, seen: SeenRebalance[]) {
    const state = { polling: false, outsidePoll: 0 };
    const watch: ConsumerContext = {
      preRebalance() {
        if (!state.polling) state.outsidePoll++;
      },
      postRebalance() {
        if (!state.polling) state.outsidePoll++;
      },
    };
    const consumer = new BaseConsumer(config, recordingRebalances(seen, watch));
    const poll = (timeoutMs: number): Message | null => {
      state.polling = true;
      try {
        return consumer.poll(timeoutMs);
      } finally {
        state.polling = false;
      }
    };
    return { consumer, poll, state };
  }

  it('the poll() that serves a rebalance runs its hooks and returns null at once; poll(Timeout.Never) goes on to the message', async () => {
    const topic = newTopic(cluster, 1);
    await populate(cluster, topic, 2, { partition: 0 });

    const seen: SeenRebalance[] = [];
    const { consumer, poll, state } = polledConsumer(consumerConfig(cluster), seen);
    try {
      consumer.subscribe([topic]);
      // Messages are there, but the first thing to come is the assignment: served, then null, long before 10 s.
      const started = Date.now();
      assert.equal(poll(10_000), null);
      assert.ok(Date.now() - started < 5000, `poll returned after ${Date.now() - started} ms`);
      assert.deepEqual(seen, [{ kind: 'assign', partitions: [0], after: [0] }]);
      assert.equal(poll(10_000)?.offset, 0);
    } finally {
      await consumer.close();
    }
    assert.equal(state.outsidePoll, 2, 'only the final revoke, served by close(), runs outside poll()');

    const never: SeenRebalance[] = [];
    const other = polledConsumer(consumerConfig(cluster), never);
    try {
      other.consumer.subscribe([topic]);
      const message = other.poll(Timeout.Never);
      assert.equal(message?.offset, 0, 'Timeout.Never serves the rebalance and goes on waiting for a message');
      assert.deepEqual(never.map((r) => r.kind), ['assign']);
      assert.equal(other.state.outsidePoll, 0);
    } finally {
      await other.consumer.close();
    }
  });

  it('two BaseConsumers polled in turn: incremental hooks inside poll(), half the partitions move and come back, the rest are never revoked', async function () {
    this.timeout(30_000);
    const topic = newTopic(cluster, 4);
    await populate(cluster, topic, 40);
    // session.timeout.ms - 1 s is how long the mock holds each round of joining; a cooperative move takes two rounds.
    const config = consumerConfig(cluster, { 'session.timeout.ms': 3000, 'partition.assignment.strategy': 'cooperative-sticky' });
    const seen = { first: [] as SeenRebalance[], second: [] as SeenRebalance[] };
    const first = polledConsumer(config, seen.first);
    const second = polledConsumer(config, seen.second);
    let secondPolled = true;
    // The application's loop: each consumer polled briefly in turn, the event loop let run in between.
    async function pollUntil(condition: () => boolean, what: string): Promise<void> {
      const deadline = Date.now() + 20_000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        first.poll(20);
        if (secondPolled) second.poll(20);
        await sleep(0);
      }
    }
    const partitionsOf = (consumer: BaseConsumer) => consumer.assignment().map((tp) => tp.partition).sort();
    try {
      first.consumer.subscribe([topic]);
      await pollUntil(() => first.consumer.assignment().length === 4, 'the first member holding 4 partitions');
      second.consumer.subscribe([topic]);
      await pollUntil(() => first.consumer.assignment().length === 2 && second.consumer.assignment().length === 2, 'each member holding 2');
      const kept = partitionsOf(first.consumer);
      const moved = partitionsOf(second.consumer);

      // The second member leaves: close() serves its final revoke itself, while the first member is polled on.
      secondPolled = false;
      let closed = false;
      const closing = second.consumer.close().then(() => {
        closed = true;
      });
      await pollUntil(() => closed && first.consumer.assignment().length === 4, 'the second member gone and the first holding 4');
      await closing;

      const changes = (of: SeenRebalance[]) => of.filter((r) => r.partitions.length > 0).map((r) => `${r.kind} ${r.partitions}`);
      assert.deepEqual(changes(seen.first), ['assign 0,1,2,3', `revoke ${moved}`, `assign ${moved}`]);
      assert.deepEqual(changes(seen.second), [`assign ${moved}`, `revoke ${moved}`]);
      for (const revoke of [...seen.first, ...seen.second].filter((r) => r.kind === 'revoke')) {
        assert.deepEqual(revoke.partitions.filter((p) => kept.includes(p)), [], `a kept partition was revoked: ${JSON.stringify(revoke)}`);
      }
      assert.equal(first.consumer.rebalanceProtocol(), 'COOPERATIVE');
      // Every hook of the first member ran inside its poll(); the second's final revoke inside its close().
      assert.equal(first.state.outsidePoll, 0);
      assert.equal(second.state.outsidePoll, 2);
    } finally {
      await Promise.all([first.consumer.close(), second.consumer.close()]);
    }
  });
});
