import { strict as assert } from 'assert';
import { CommitMode, KafkaError, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import {
  ONE_MESSAGE_PER_BATCH,
  SHALLOW_PREFETCH,
  type SeenRebalance,
  consumerConfig,
  eventually,
  newCluster,
  newTopic,
  populate,
  recordingRebalances,
  sleep,
} from '../support/consumers';

// C27: a group shares its partitions between its members, and takes them back when one leaves. A member that commits
// every message before taking the next (at-least-once, the per-message recipe) loses nothing across both rebalances;
// what it sees twice is exactly what it could not commit, because the mock refuses commits while the group is joining.
describe('a group splits and merges (C27)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  interface Handled {
    by: 'first' | 'second';
    at: string;
    rejected: KafkaError | null;
  }

  interface Outcome {
    handled: Handled[];
    seen: { first: SeenRebalance[]; second: SeenRebalance[] };
    /** What each member held while both were in the group. */
    halves: { first: number[]; second: number[] };
    /** What the first member held once the second had left. */
    merged: number[];
  }

  // Two members of one group on a 4-partition topic of 400 messages: the first works alone, the second joins, handles
  // 20 messages and closes, and the first goes on until every message was handled.
  async function splitAndMerge(): Promise<Outcome> {
    const topic = newTopic(cluster, 4);
    for (let partition = 0; partition < 4; partition++) {
      await populate(cluster, topic, 100, { partition, first: partition * 100, producer: ONE_MESSAGE_PER_BATCH });
    }
    // The mock makes the whole group wait session.timeout.ms - 1 s whenever a member comes or goes: keep it short.
    // librdkafka queues a revoke behind the messages it fetched before it: with a shallow pre-fetch a member reaches
    // the revoke, and rejoins, while the group is still joining.
    const config = consumerConfig(cluster, { 'session.timeout.ms': 3000, ...SHALLOW_PREFETCH });
    const seen = { first: [] as SeenRebalance[], second: [] as SeenRebalance[] };
    const first = new StreamConsumer(config, recordingRebalances(seen.first), { maxBatchSize: 10 });
    const second = new StreamConsumer(config, recordingRebalances(seen.second), { maxBatchSize: 10 });
    const handled: Handled[] = [];
    const handledBy = (by: Handled['by']) => handled.filter((h) => h.by === by).length;

    // The application: a little work per message, then a synchronous commit of it before asking for the next one.
    async function work(consumer: StreamConsumer, by: Handled['by'], signal?: AbortSignal, enough = () => false): Promise<void> {
      for await (const message of consumer.stream({ signal })) {
        await sleep(5);
        let rejected: KafkaError | null = null;
        try {
          await consumer.commitMessage(message, CommitMode.Sync);
        } catch (error) {
          rejected = error as KafkaError;
        }
        handled.push({ by, at: `${message.partition}:${message.offset}`, rejected });
        if (enough()) break;
      }
    }

    const stopFirst = new AbortController();
    let firstLoop: Promise<void> | undefined;
    try {
      first.subscribe([topic]);
      firstLoop = work(first, 'first', stopFirst.signal);
      await eventually(() => handledBy('first') > 0, 'the first member at work');

      second.subscribe([topic]);
      await work(second, 'second', undefined, () => handledBy('second') >= 20);
      const halves = { first: first.assignment().map((tp) => tp.partition).sort(), second: second.assignment().map((tp) => tp.partition).sort() };

      await second.close();
      const positions = () => new Set(handled.map((h) => h.at)).size;
      await eventually(() => first.assignment().length === 4 && positions() === 400, 'the first member holding 4 partitions and every message handled');
      stopFirst.abort();
      await firstLoop;
      return { handled, seen, halves, merged: first.assignment().map((tp) => tp.partition).sort() };
    } finally {
      stopFirst.abort();
      await firstLoop?.catch(() => {});
      await Promise.all([first.close(), second.close()]);
    }
  }

  it('two members hold 2 of 4 partitions each, the one left holds 4; none of 400 messages is lost, and what is handled twice had its commit refused', async function () {
    this.timeout(30_000);
    const { handled, seen, halves, merged } = await splitAndMerge();

    assert.equal(halves.first.length, 2, `the first member held ${halves.first}`);
    assert.equal(halves.second.length, 2, `the second member held ${halves.second}`);
    assert.deepEqual([...halves.first, ...halves.second].sort(), [0, 1, 2, 3]);
    assert.deepEqual(merged, [0, 1, 2, 3]);
    // Eager rebalancing: every assignment is whole, and each change goes through a revoke of everything.
    const assigns = (of: SeenRebalance[]) => of.filter((r) => r.kind === 'assign').map((r) => r.partitions);
    assert.deepEqual(assigns(seen.first)[0], [0, 1, 2, 3]);
    assert.ok(assigns(seen.first).some((list) => list.length === 2), `the first member was never down to 2: ${JSON.stringify(seen.first)}`);
    assert.deepEqual(assigns(seen.first).at(-1), [0, 1, 2, 3]);
    assert.deepEqual(assigns(seen.second), [halves.second]);
    for (const revoke of [...seen.first, ...seen.second].filter((r) => r.kind === 'revoke')) assert.equal(revoke.lost, false);

    const byPosition = new Map<string, Handled[]>();
    for (const h of handled) byPosition.set(h.at, [...(byPosition.get(h.at) ?? []), h]);
    assert.equal(byPosition.size, 400);
    for (const [at, times] of byPosition) {
      for (const earlier of times.slice(0, -1)) assert.ok(earlier.rejected !== null, `${at} was handled again after its commit succeeded (by ${earlier.by})`);
    }
    for (const { at, rejected } of handled) {
      if (rejected !== null) assert.ok(rejected instanceof KafkaError && rejected.kind === 'ConsumerCommit', `${at}: ${rejected}`);
    }
  });

  it('every refused commit was refused with RebalanceInProgress: a member commits before its revoke is handled', async function () {
    this.timeout(30_000);
    const { handled } = await splitAndMerge();
    const refused = handled.filter((h) => h.rejected !== null);
    for (const { at, rejected } of refused) assert.equal(rejected!.code, RDKafkaErrorCode.RebalanceInProgress, `${at}: ${rejected!.message}`);
  });
});
