import { strict as assert } from 'assert';
import { CommitMode, type Message, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { type SeenRebalance, eventually, kip848Config, newCluster, newTopic, populate, recordingRebalances } from '../support/consumers';

// C29: the KIP-848 group protocol (group.protocol=consumer) works through the same API: the broker assigns, the
// member heartbeats its way to its share, the rebalance is always incremental, and a member that joins takes half the
// partitions without the other one stopping. (The configuration rules of that protocol are in creation.test.ts.)
describe('the KIP-848 consumer group protocol (C29)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
    // The broker tells members how often to heartbeat; each step of a KIP-848 rebalance takes one heartbeat.
    cluster.setGroupConsumerHeartbeatInterval(100);
  });
  afterEach(() => cluster.close());

  it('a member joins and consumes everything; a second member takes half the partitions, and each then gets only its own', async function () {
    this.timeout(30_000);
    const topic = newTopic(cluster, 4);
    await populate(cluster, topic, 100);
    const config = kip848Config(cluster);
    const seen = { first: [] as SeenRebalance[], second: [] as SeenRebalance[] };
    const first = new StreamConsumer(config, recordingRebalances(seen.first));
    const second = new StreamConsumer(config, recordingRebalances(seen.second));
    const got = { first: [] as Message[], second: [] as Message[] };
    const stop = new AbortController();
    const loops: Array<Promise<void>> = [];
    const iterate = (consumer: StreamConsumer, into: Message[]) =>
      loops.push(
        (async () => {
          for await (const message of consumer.stream({ signal: stop.signal })) into.push(message);
        })(),
      );
    try {
      first.subscribe([topic]);
      iterate(first, got.first);
      await eventually(() => got.first.length === 100, 'the first member consuming the 100 messages');
      assert.deepEqual(first.assignment().map((tp) => tp.partition).sort(), [0, 1, 2, 3]);
      assert.equal(first.rebalanceProtocol(), 'COOPERATIVE', 'KIP-848 rebalances are always incremental');
      assert.equal(new Set(got.first.map((m) => `${m.partition}:${m.offset}`)).size, 100);
      // What was consumed is committed: the partitions that move go on from there with their new owner.
      await first.commitConsumerState(CommitMode.Sync);

      second.subscribe([topic]);
      iterate(second, got.second);
      await eventually(() => first.assignment().length === 2 && second.assignment().length === 2, 'each member holding 2 partitions');
      const mine = { first: first.assignment().map((tp) => tp.partition).sort(), second: second.assignment().map((tp) => tp.partition).sort() };
      assert.deepEqual([...mine.first, ...mine.second].sort(), [0, 1, 2, 3]);
      // Only the moved half went through the hooks: revoked from the first member, assigned to the second.
      const changes = (of: SeenRebalance[]) => of.filter((r) => r.partitions.length > 0).map((r) => `${r.kind} ${r.partitions}`);
      assert.deepEqual(changes(seen.first), ['assign 0,1,2,3', `revoke ${mine.second}`]);
      assert.deepEqual(changes(seen.second), [`assign ${mine.second}`]);

      // New messages: each member gets those of its own partitions, and together all of them.
      got.first.length = 0;
      got.second.length = 0;
      await populate(cluster, topic, 100, { first: 100 });
      await eventually(() => got.first.length + got.second.length >= 100, 'the 100 new messages');
      assert.ok(got.first.length > 0 && got.second.length > 0, `first ${got.first.length}, second ${got.second.length}`);
      for (const message of got.first) assert.ok(mine.first.includes(message.partition), `the first member got partition ${message.partition}`);
      for (const message of got.second) assert.ok(mine.second.includes(message.partition), `the second member got partition ${message.partition}`);
      assert.equal(new Set([...got.first, ...got.second].map((m) => `${m.partition}:${m.offset}`)).size, 100);
    } finally {
      stop.abort();
      await Promise.all(loops).catch(() => {});
      await Promise.all([first.close(), second.close()]);
    }
  });
});
