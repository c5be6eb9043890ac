import { strict as assert } from 'assert';
import { CommitMode, type ConsumerContext, KafkaError, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { type SeenRebalance, consumerConfig, drainFor, eventually, newCluster, newTopic, populate, recordingRebalances, take, uniqueGroup } from '../support/consumers';

// C39 (librdkafka's 0106): a member that cannot reach its group coordinator for a whole session has lost its
// partitions: others may own them already. It says so (assignmentLost(), the revoke's `lost`), and refuses to commit
// for them, so that offsets committed by the new owner are not overwritten by a member that is no longer one.
describe('a lost assignment (C39)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster(3);
  });
  afterEach(() => cluster.close());

  it('the coordinator goes down: after the session timeout the assignment is lost, the revoke says so, and a sync commit is refused', async function () {
    this.timeout(30_000);
    const topic = newTopic(cluster, 2);
    // The data stays reachable: only the coordinator goes away.
    cluster.setPartitionLeader(topic, 0, 2);
    cluster.setPartitionLeader(topic, 1, 3);
    await populate(cluster, topic, 10);
    const group = uniqueGroup();
    cluster.setCoordinator('group', group, 1);
    const seen: SeenRebalance[] = [];
    const lostAtRevoke: boolean[] = [];
    const globalErrors: KafkaError[] = [];
    const logs: string[] = [];
    const context: ConsumerContext = {
      preRebalance(rebalance, consumer) {
        if (rebalance.kind === 'revoke') lostAtRevoke.push(consumer.assignmentLost());
      },
      // The coordinator's connection failures go here, not to the iterator (A5).
      error: (error) => globalErrors.push(error),
      log: (_level, facility) => logs.push(facility),
    };
    const sessionMs = 3000;
    // A short reconnect backoff: the member finds its coordinator soon once it is back.
    const consumer = new StreamConsumer(
      consumerConfig(cluster, { 'group.id': group, 'session.timeout.ms': sessionMs, 'heartbeat.interval.ms': 500, 'reconnect.backoff.max.ms': 500 }),
      recordingRebalances(seen, context),
    );
    try {
      consumer.subscribe([topic]);
      await take(consumer, 10);
      assert.equal(consumer.assignmentLost(), false);

      const down = Date.now();
      cluster.setBrokerDown(1);
      // Nobody iterates meanwhile, so the revoke waits in the queue and the lost state can be seen as it is.
      await eventually(() => consumer.assignmentLost(), 'the assignment to be lost', 15_000);
      const after = Date.now() - down;
      assert.ok(after >= sessionMs - 500, `lost after ${after} ms, before the session timed out`);
      assert.ok(logs.includes('SESSTMOUT'), 'librdkafka said the session timed out');
      assert.equal(consumer.assignment().length, 2, 'the partitions stay assigned until the revoke is handled');
      await assert.rejects(consumer.commitConsumerState(CommitMode.Sync), (error: KafkaError) => {
        assert.ok(error instanceof KafkaError, String(error));
        assert.equal(error.kind, 'ConsumerCommit');
        assert.equal(error.code, RDKafkaErrorCode.AssignmentLost);
        return true;
      });

      // Iterating again reaches the revoke: lost, everything revoked, nothing thrown.
      const stop = new AbortController();
      const iterating = drainFor(consumer, 10_000, stop.signal);
      await eventually(() => seen.some((r) => r.kind === 'revoke'), 'the revoke');
      await eventually(() => consumer.assignment().length === 0, 'the revoke applied');
      stop.abort();
      const { errors } = await iterating;
      assert.deepEqual(errors, []);
      const revokes = seen.filter((r) => r.kind === 'revoke');
      assert.equal(revokes.length, 1);
      assert.equal(revokes[0].lost, true);
      assert.deepEqual(revokes[0].partitions, [0, 1]);
      assert.deepEqual(lostAtRevoke, [true]);
      assert.ok(globalErrors.length > 0, 'the coordinator failures were reported to context.error');

      // The coordinator back, the member rejoins by itself and goes on; nothing was committed, so from the start.
      cluster.setBrokerUp(1);
      const again = await take(consumer, 10, 20_000);
      assert.equal(new Set(again.map((m) => `${m.partition}:${m.offset}`)).size, 10);
      assert.equal(seen.at(-1)?.kind, 'assign');
      assert.equal(consumer.assignmentLost(), false);
    } finally {
      cluster.setBrokerUp(1);
      await consumer.close();
    }
  });
});
