import { strict as assert } from 'assert';
import { setImmediate as nextTurn } from 'timers/promises';
import { BaseConsumer, type ConsumerContext, type KafkaError, type Message, MockCluster, StreamConsumer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { type SeenRebalance, consumerConfig, eventually, recordingRebalances } from '../support/consumers';
import { NumberedStream, longestSilence, runs } from '../support/numbered-stream';

// A consumer reads a topic while a producer writes it and the cluster misbehaves under it: a broker (the leader of a
// partition, and the group's coordinator) goes down and comes back, partition leaders move, every broker answers
// late for a while. None of it costs the consumer its assignment (each fault is shorter than the session timeout), so
// the consumer reads every message exactly once: per partition, the offsets it is given are 0, 1, 2, ... up to the last
// one delivered, without a gap or a repeat, and each message holds what the producer's delivery report put there.
// Each fault is checked to have been felt (the partitions it touched went quiet while it lasted), so the test cannot
// pass vacuously. Same scenario for both consumer kinds.

const PARTITIONS = 3;
/** How long the broker stays down, and how long the RTT spike lasts: well below session.timeout.ms (6 s). */
const OUTAGE_MS = 1500;
const RTT_MS = 500;
const SPIKE_MS = 2500;
/** Messages read before the first fault, and messages sent after the last one. */
const LEAD_IN = 300;
const TAIL = 300;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a consumer read, as it read it. */
class Reading {
  /** Per partition: the offsets handed out, in order, and when. */
  readonly offsets: number[][] = Array.from({ length: PARTITIONS }, () => []);
  readonly times: number[][] = Array.from({ length: PARTITIONS }, () => []);
  /** Per partition: how many assignments had been seen when each message came (a new assignment may restart). */
  readonly assignment: number[][] = Array.from({ length: PARTITIONS }, () => []);
  /** Every message as `partition:offset` → `key|payload`. */
  readonly contents: Array<[number, number, string]> = [];
  readonly rebalances: SeenRebalance[] = [];
  readonly thrown: KafkaError[] = [];
  readonly globalErrors: KafkaError[] = [];
  count = 0;

  add(message: Message): void {
    const assigns = this.rebalances.filter((r) => r.kind === 'assign').length;
    this.offsets[message.partition].push(message.offset);
    this.times[message.partition].push(Date.now());
    this.assignment[message.partition].push(assigns);
    this.contents.push([message.partition, message.offset, `${message.key?.toString()}|${message.payload?.toString()}`]);
    this.count++;
  }

  readFrom(partition: number): number {
    return this.offsets[partition].length;
  }

  context(): ConsumerContext {
    return recordingRebalances(this.rebalances, { log: () => {}, error: (error) => void this.globalErrors.push(error) });
  }
}

/** A consumer of either kind reading `topic` into `reading` until stopped; errors thrown are recorded, and reading goes on. */
interface Reader {
  consumer: StreamConsumer | BaseConsumer;
  stop(): Promise<void>;
}

function startReading(kind: 'StreamConsumer' | 'BaseConsumer', config: ReturnType<typeof consumerConfig>, topic: string, reading: Reading): Reader {
  if (kind === 'StreamConsumer') {
    const consumer = new StreamConsumer(config, reading.context());
    consumer.subscribe([topic]);
    const stop = new AbortController();
    const loop = (async () => {
      while (!stop.signal.aborted) {
        try {
          for await (const message of consumer.stream({ signal: stop.signal })) reading.add(message);
        } catch (error) {
          reading.thrown.push(error as KafkaError);
        }
      }
    })();
    return {
      consumer,
      stop: async () => {
        stop.abort();
        await loop;
      },
    };
  }
  const consumer = new BaseConsumer(config, reading.context());
  consumer.subscribe([topic]);
  let stopped = false;
  // poll() blocks the JS thread up to its timeout: short polls, and a turn of the event loop after each, so that the
  // producer's reports, the faults and the checks below run meanwhile.
  const loop = (async () => {
    while (!stopped) {
      try {
        const message = consumer.poll(10);
        if (message !== null) reading.add(message);
      } catch (error) {
        reading.thrown.push(error as KafkaError);
      }
      await nextTurn();
    }
  })();
  return {
    consumer,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

describe('faults: consumers read every message once through broker outages, leader moves and RTT spikes', function () {
  this.timeout(60_000);

  for (const kind of ['StreamConsumer', 'BaseConsumer'] as const) {
    it(`${kind}: per partition, offsets 0..n-1 in order (no gap, no repeat) holding what was produced, in one assignment`, async () => {
      const cluster = new MockCluster(3);
      cluster.setGroupInitialRebalanceDelay(50);
      const topic = uniqueTopic(`consume-faults-${kind}`);
      cluster.createTopic(topic, PARTITIONS, 3);
      const stream = new NumberedStream(cluster.bootstrapServers, topic, { partitions: PARTITIONS });
      const reading = new Reading();
      // librdkafka backs off reconnecting up to reconnect.backoff.max.ms (10 s by default): 500 ms keeps each outage
      // below the session timeout as the group coordinator sees it.
      const config = consumerConfig(cluster, { 'reconnect.backoff.max.ms': 500 });
      let reader: Reader | undefined;
      const felt: Record<string, number> = {};
      try {
        const leaders = async () => (await stream.partitions()).map((p) => p.leader);
        const before = await leaders();
        // The broker that goes down leads partition 0 and coordinates the group: the outage hits fetching and the
        // group's heartbeats and commits at once.
        const victim = before[0];
        const victimPartitions = [...before.keys()].filter((p) => before[p] === victim);
        cluster.setCoordinator('group', config['group.id'] as string, victim);

        stream.start();
        reader = startReading(kind, config, topic, reading);
        const caughtUp = (what: string, more: () => boolean = () => true) =>
          eventually(() => reading.count >= stream.delivered.size && more(), `the consumer to read everything delivered (${what})`, 30_000);
        await caughtUp('lead-in', () => reading.count >= LEAD_IN);

        // 1. The leader of partition 0, also the group coordinator, goes down and comes back.
        const errorsBefore = reading.globalErrors.length + stream.clientErrors.length;
        const downAt = Date.now();
        cluster.setBrokerDown(victim);
        await pause(OUTAGE_MS);
        cluster.setBrokerUp(victim);
        const upAt = Date.now();
        const readFromVictim = () => victimPartitions.reduce((sum, p) => sum + reading.readFrom(p), 0);
        const victimBefore = readFromVictim();
        await caughtUp('after the outage', () => readFromVictim() > victimBefore);
        felt.outageSilence = Math.min(...victimPartitions.map((p) => longestSilence(reading.times[p], downAt, upAt)));
        felt.outageErrors = reading.globalErrors.length + stream.clientErrors.length - errorsBefore;

        // 2. Leadership moves: partition 1 to the next broker, partition 2 to the broker that was down.
        const moved = { 1: (before[1] % 3) + 1, 2: victim === before[2] ? (before[2] % 3) + 1 : victim };
        const movedAt = Date.now();
        const readBeforeMove = [1, 2].map((p) => reading.readFrom(p));
        cluster.setPartitionLeader(topic, 1, moved[1]);
        cluster.setPartitionLeader(topic, 2, moved[2]);
        const after = await leaders();
        assert.deepEqual([after[1], after[2]], [moved[1], moved[2]], 'the metadata names the new leaders');
        await caughtUp('after the leader moves', () => [1, 2].every((p, i) => reading.readFrom(p) >= readBeforeMove[i] + 100));
        felt.moveMs = Date.now() - movedAt;

        // 3. Every broker answers RTT_MS late for a while.
        const spikeAt = Date.now();
        cluster.setBrokerRtt(-1, RTT_MS);
        await pause(SPIKE_MS);
        cluster.setBrokerRtt(-1, 0);
        const spikeEnd = Date.now();
        felt.spikeSilence = Math.min(...[0, 1, 2].map((p) => longestSilence(reading.times[p], spikeAt, spikeEnd)));

        // 4. A tail of messages, then the producer stops; the consumer reads everything delivered.
        await stream.sentReaches(stream.sent + TAIL);
        await stream.stop();
        await caughtUp('the end', () => reading.count >= stream.sent);
        await pause(200); // a repeat would arrive now, were one coming: librdkafka has nothing more to fetch
      } finally {
        await reader?.stop();
        await reader?.consumer.close();
        await stream.close();
        cluster.close();
      }

      // The producer's side: every message delivered once (idempotence), so the log holds 0..sent-1 once each.
      assert.deepEqual([...stream.failed].slice(0, 5), [], 'failed deliveries');
      assert.equal(stream.delivered.size, stream.sent);

      // The consumer's side.
      assert.deepEqual(reading.thrown.map((e) => e.message), [], 'errors thrown by the consumer');
      const firstRevoke = reading.rebalances.findIndex((r) => r.kind === 'revoke');
      const whileReading = firstRevoke < 0 ? reading.rebalances : reading.rebalances.slice(0, firstRevoke);
      assert.deepEqual(
        whileReading.map((r) => `${r.kind} ${r.partitions}`),
        ['assign 0,1,2'],
        'one assignment for the whole run (the final revoke is close()\'s)',
      );
      for (let p = 0; p < PARTITIONS; p++) {
        const expected = Array.from({ length: stream.deliveredTo(p) }, (_, i) => i);
        assert.ok(
          reading.offsets[p].length === expected.length && reading.offsets[p].every((o, i) => o === i),
          `partition ${p}: read ${reading.offsets[p].length} messages at offsets ${runs(reading.offsets[p])}, expected 0-${expected.length - 1} once each, in order`,
        );
      }
      for (const [partition, offset, content] of reading.contents) {
        const seq = stream.seqAt(partition, offset);
        assert.equal(content, `${NumberedStream.key(seq as number)}|${NumberedStream.payload(seq as number)}`, `the message at ${partition}:${offset}`);
      }

      // The faults were felt: the partitions led by the broker that went down got nothing while it was down (and
      // someone reported it gone); during the spike, every partition's messages came RTT_MS apart at least.
      assert.ok(felt.outageSilence >= OUTAGE_MS * 0.8, `the outage was not felt: the partitions it hit went quiet for ${felt.outageSilence} ms at most`);
      assert.ok(felt.outageErrors > 0, 'no error was reported for the broker that went down');
      assert.ok(felt.spikeSilence >= RTT_MS * 0.8, `the RTT spike was not felt: the longest gap in some partition was ${felt.spikeSilence} ms`);
      console.log(
        `      ${kind}: produced ${stream.sent}, read ${reading.count} (${[0, 1, 2].map((p) => `p${p} 0-${reading.offsets[p].length - 1}`).join(', ')}); ` +
          `outage: silent ${felt.outageSilence} ms, ${felt.outageErrors} errors reported; leader moves: 100 more per moved partition after ${felt.moveMs} ms; ` +
          `RTT spike: gaps up to ${felt.spikeSilence} ms; global errors ${reading.globalErrors.length}`,
      );
    });
  }
});
