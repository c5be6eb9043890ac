import { strict as assert } from 'assert';
import { type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { type SeenRebalance, consumerConfig, drainFor, eventually, newCluster, newTopic, populate, recordingRebalances } from '../support/consumers';

// C28: with the cooperative-sticky assignor a rebalance moves only what must move. The hooks see the partitions that
// come and go, not whole assignments, and a partition that stays with its member is never revoked, so its consumption
// (and whatever the application keeps for it) is never interrupted.
describe('cooperative-sticky rebalancing (C28)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  it('moves only half the partitions to a new member and back when it leaves; the others are never revoked', async function () {
    this.timeout(30_000);
    const topic = newTopic(cluster, 4);
    await populate(cluster, topic, 200);
    // session.timeout.ms - 1 s is how long the mock holds each round of joining; a cooperative move takes two rounds.
    const config = consumerConfig(cluster, { 'session.timeout.ms': 3000, 'partition.assignment.strategy': 'cooperative-sticky' });
    const seen = { first: [] as SeenRebalance[], second: [] as SeenRebalance[] };
    const first = new StreamConsumer(config, recordingRebalances(seen.first));
    const second = new StreamConsumer(config, recordingRebalances(seen.second));
    const stop = new AbortController();
    const loops: Array<Promise<unknown>> = [];
    // Rebalances are handled where iteration reaches them: both members keep iterating throughout.
    const iterate = (consumer: StreamConsumer, signal: AbortSignal) => loops.push(drainFor(consumer, 25_000, signal));
    try {
      assert.equal(first.rebalanceProtocol(), 'NONE', 'no group joined yet');
      first.subscribe([topic]);
      iterate(first, stop.signal);
      await eventually(() => first.assignment().length === 4, 'the first member holding the 4 partitions');
      assert.equal(first.rebalanceProtocol(), 'COOPERATIVE');

      const secondStop = new AbortController();
      second.subscribe([topic]);
      iterate(second, secondStop.signal);
      await eventually(() => second.assignment().length === 2 && first.assignment().length === 2, 'each member holding 2 partitions');
      const moved = second.assignment().map((tp) => tp.partition).sort();
      const kept = first.assignment().map((tp) => tp.partition).sort();
      assert.deepEqual([...kept, ...moved].sort(), [0, 1, 2, 3]);
      assert.equal(second.rebalanceProtocol(), 'COOPERATIVE');

      secondStop.abort();
      await second.close();
      await eventually(() => first.assignment().length === 4, 'the first member holding the 4 partitions again');
      stop.abort();
      await Promise.all(loops);

      // The first member: everything once, then only the moved half away, then only that half back.
      const changes = (of: SeenRebalance[]) => of.filter((r) => r.partitions.length > 0).map((r) => `${r.kind} ${r.partitions}`);
      assert.deepEqual(changes(seen.first), ['assign 0,1,2,3', `revoke ${moved}`, `assign ${moved}`]);
      assert.deepEqual(changes(seen.second), [`assign ${moved}`, `revoke ${moved}`]);
      // What the hooks listed is what changed: the assignment after each event is the one before, plus or minus it.
      const afterFirst = seen.first.filter((r) => r.partitions.length > 0).map((r) => r.after);
      assert.deepEqual(afterFirst, [[0, 1, 2, 3], kept, [0, 1, 2, 3]]);
      // The kept half never appears in a revoke of either member, and no revoke was a loss.
      for (const revoke of [...seen.first, ...seen.second].filter((r) => r.kind === 'revoke')) {
        assert.deepEqual(revoke.partitions.filter((p) => kept.includes(p)), [], `a kept partition was revoked: ${JSON.stringify(revoke)}`);
        assert.equal(revoke.lost, false);
      }
      // librdkafka never reports an empty revoke; an empty assign, only as the one assign of a rebalance round.
      assert.ok(!seen.first.some((r) => r.kind === 'revoke' && r.partitions.length === 0));
      assert.ok(!seen.first.some((r) => r.kind === 'error'));
    } finally {
      stop.abort();
      await Promise.all(loops).catch(() => {});
      await Promise.all([first.close(), second.close()]);
    }
  });
});
