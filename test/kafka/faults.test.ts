import { strict as assert } from 'assert';
import { FutureProducer, type Metadata, type PartitionMetadata, ThreadedProducer, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack, recordsInLog } from '../support/kafka-reader';
import { type KafkaCluster, type KafkaNode, createTopic, ownCluster, startKafkaCluster } from './kafka';

// The real-broker version of test/faults/delivery-under-faults.test.ts: an idempotent producer (acks=all) sends a
// numbered stream to a 3-partition topic replicated on a 3-node Apache Kafka cluster, and mid-stream
//   1. the leader of partition 0 is killed (kill -9), the stream goes on, the node is restarted, the stream goes on;
//   2. another partition's leader is stalled (SIGSTOP) for a few seconds while the stream goes on, then resumed (SIGCONT).
// Then an independent reader (kafkajs) reads every record the log holds (counted from the watermarks, so that
// duplicates cannot hide) and finds each message exactly once, in send order per partition, at the partition and
// offset its delivery report gave. Each fault is checked to have been felt (leadership moved, librdkafka reported
// the dead broker, deliveries stalled while a broker was stopped), so the test cannot pass vacuously.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const PARTITIONS = 3;
const KEYS = 30;
/** Messages sent per tick of the stream, and the tick: about 600 messages a second while the faults play out. */
const PER_TICK = 15;
const TICK_MS = 25;
/** Messages sent before the first fault, and after the last one. */
const LEAD_IN = 4000;
const TAIL = 4000;
/** How long the stalled broker stays stopped: less than broker.session.timeout.ms (9 s), so it is not fenced. */
const STALL_MS = 5000;
const CAPACITY = 200_000;

/** What happened to each message of the stream, by sequence number. */
class Ledger {
  sent = 0;
  readonly sentAt = new Float64Array(CAPACITY);
  readonly reportedAt = new Float64Array(CAPACITY);
  readonly reports = new Uint8Array(CAPACITY);
  readonly partition = new Int32Array(CAPACITY).fill(-1);
  readonly offset = new Float64Array(CAPACITY).fill(-1);
  readonly failures = new Map<number, string>();
  delivered = 0;
  clientErrors: string[] = [];

  next(): number {
    assert.ok(this.sent < CAPACITY, 'the stream outgrew the ledger');
    this.sentAt[this.sent] = Date.now();
    return this.sent++;
  }

  ok(seq: number, partition: number, offset: number): void {
    this.reports[seq]++;
    this.reportedAt[seq] = Date.now();
    this.partition[seq] = partition;
    this.offset[seq] = offset;
    this.delivered++;
  }

  fail(seq: number, reason: string): void {
    this.reports[seq]++;
    this.reportedAt[seq] = Date.now();
    this.failures.set(seq, reason);
  }

  /**
   * The longest time, overlapping [from, to], in which no report came for a message of `partitions`: with a message
   * sent every few milliseconds, a stall of seconds is the broker's, not the stream's.
   */
  longestSilence(partitions: Set<number>, from: number, to: number): number {
    const times: number[] = [];
    for (let seq = 0; seq < this.sent; seq++) if (this.reports[seq] && partitions.has(this.partition[seq])) times.push(this.reportedAt[seq]);
    times.sort((a, b) => a - b);
    let longest = 0;
    for (let i = 1; i < times.length; i++) if (times[i] > from && times[i - 1] < to) longest = Math.max(longest, times[i] - times[i - 1]);
    return longest;
  }
}

/** The two producer kinds behind one face: send one numbered message, flush, close, ask for metadata. */
interface Stream {
  send(seq: number): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  metadata(topic: string): Promise<Metadata>;
}

const record = (topic: string, seq: number) => ({ topic, key: `key-${seq % KEYS}`, payload: `${seq}` });

function openStream(kind: 'ThreadedProducer' | 'FutureProducer', servers: string, topic: string, ledger: Ledger): Stream {
  const config = {
    'bootstrap.servers': servers,
    'enable.idempotence': true,
    acks: 'all',
    'linger.ms': 5,
    // Generous: longer than any fault here lasts (a broker is fenced 9 s after its last heartbeat, a restart takes
    // seconds), so that with idempotence no message may fail: each is retried, with its sequence number, until written.
    'message.timeout.ms': 120_000,
    'reconnect.backoff.max.ms': 1000,
  } as const;
  const context = {
    log: () => {},
    // librdkafka's global errors: a dead broker shows here (Connection refused, Disconnected, all brokers down).
    error: (error: { code: number; message: string }, reason: string) => {
      ledger.clientErrors.push(`${error.code}: ${reason}`);
    },
  };
  if (kind === 'ThreadedProducer') {
    const producer = new ThreadedProducer<number>(config, {
      ...context,
      delivery: (result, seq) => {
        if (result.error === null) ledger.ok(seq as number, result.message.partition, result.message.offset);
        else ledger.fail(seq as number, `${result.error.code} ${result.error.message}`);
      },
    });
    return {
      send: (seq) => producer.send({ ...record(topic, seq), opaque: seq }),
      flush: () => producer.flush(90_000),
      close: () => producer.close(),
      metadata: (t) => producer.client.fetchMetadata(t, 5000),
    };
  }
  const producer = new FutureProducer(config, context);
  const pending = new Set<Promise<void>>();
  return {
    send: (seq) => {
      const settled = producer.send(record(topic, seq), Timeout.Never).then(
        (d) => ledger.ok(seq, d.partition, d.offset),
        (error: Error) => ledger.fail(seq, error.message),
      );
      pending.add(settled);
      void settled.finally(() => pending.delete(settled));
    },
    flush: async () => {
      await producer.flush(90_000);
      await Promise.all(pending);
    },
    close: () => producer.close(),
    metadata: (t) => producer.client.fetchMetadata(t, 5000),
  };
}

/** Polls the topic's metadata (through the producer) until `done` holds of its partitions; resolves with them. */
async function waitForPartitions(stream: Stream, topic: string, what: string, done: (partitions: PartitionMetadata[]) => boolean, timeoutMs = 60_000): Promise<PartitionMetadata[]> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const partitions = (await stream.metadata(topic)).topics[0].partitions;
      last = JSON.stringify(partitions.map((p) => ({ id: p.id, leader: p.leader, isr: p.isr })));
      if (partitions.length === PARTITIONS && done(partitions)) return partitions;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last metadata: ${last}`);
    await pause(250);
  }
}

const leaders = (partitions: PartitionMetadata[]) => partitions.map((p) => p.leader);
const healthy = (partitions: PartitionMetadata[]) => partitions.every((p) => p.leader > 0 && p.isr.length === 3);

describe('kafka: idempotence and order under real faults (3 brokers: kill -9, restart, SIGSTOP)', function () {
  this.timeout(240_000);
  let cluster: KafkaCluster | undefined;

  before(async function () {
    if (!ownCluster) {
      console.log('      skipped: this suite kills and stops brokers, so it runs only on a cluster the harness started itself (RDKAFKA_NAPI_KAFKA_OWN=1), never on one given as RDKAFKA_NAPI_KAFKA');
      this.skip();
    }
    cluster = await startKafkaCluster(3);
    console.log(`      3-node Apache Kafka ${cluster.version} at ${cluster.bootstrapServers}, started in ${seconds(cluster.startMs)}`);
  });

  after(async () => {
    await cluster?.stop();
  });

  for (const kind of ['ThreadedProducer', 'FutureProducer'] as const) {
    it(`${kind}: 0 lost, 0 duplicated, order per partition kept, reports match the log, through a leader killed and restarted and a broker stopped`, async () => {
      assert.ok(cluster);
      const servers = cluster.bootstrapServers;
      const topic = uniqueTopic(`kafka-faults-${kind}`);
      await createTopic(topic, PARTITIONS, { replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }, servers);
      const ledger = new Ledger();
      const stream = openStream(kind, servers, topic, ledger);
      const started = Date.now();
      const figures: Record<string, number> = {};
      let before: PartitionMetadata[] = [];
      let after: PartitionMetadata[] = [];
      let killed: KafkaNode | undefined;
      let stalled: KafkaNode | undefined;
      let stalledPartitions = new Set<number>();
      let killAt = 0;
      let restartAt = 0;
      let stopAt = 0;
      let resumeAt = 0;
      let errorsBeforeKill = 0;
      let sentBeforeKill = 0;
      let sentWhileDown = 0;
      try {
        // The previous case may have left the cluster busy (the restarted node catching up): start from full ISRs.
        before = await waitForPartitions(stream, topic, 'every partition led, with 3 in-sync replicas', healthy);

        // The stream: PER_TICK messages every TICK_MS until told to stop, running beside the faults.
        let streaming = true;
        const sender = (async () => {
          while (streaming) {
            for (let i = 0; i < PER_TICK; i++) stream.send(ledger.next());
            await pause(TICK_MS);
          }
        })();
        const sentReaches = async (count: number) => {
          while (ledger.sent < count) await pause(TICK_MS);
        };
        try {
          await sentReaches(LEAD_IN);

          // 1. kill -9 the leader of partition 0, keep sending until leadership has moved, restart it, keep sending.
          killed = cluster.node(before[0].leader);
          errorsBeforeKill = ledger.clientErrors.length;
          sentBeforeKill = ledger.sent;
          killAt = Date.now();
          await killed.kill();
          const moved = await waitForPartitions(stream, topic, `partition 0's leadership to leave killed node ${killed.id}`, (ps) => ps[0].leader > 0 && ps[0].leader !== killed?.id);
          figures.failover = Date.now() - killAt;
          assert.ok(moved.every((p) => !p.isr.includes(killed?.id ?? -1)), `killed node ${killed.id} still in an ISR: ${JSON.stringify(moved)}`);
          await pause(1000);
          restartAt = Date.now();
          await killed.start(90_000);
          sentWhileDown = ledger.sent - sentBeforeKill;
          figures.restart = Date.now() - restartAt;
          await waitForPartitions(stream, topic, `restarted node ${killed.id} back in every ISR`, healthy, 90_000);
          figures.rejoin = Date.now() - restartAt;

          // 2. SIGSTOP another partition's leader for a few seconds while sending, then SIGCONT.
          const current = await waitForPartitions(stream, topic, 'metadata before the stall', healthy);
          stalled = cluster.node(current.find((p) => p.leader !== killed?.id)?.leader ?? current[1].leader);
          stalledPartitions = new Set(current.filter((p) => p.leader === stalled?.id).map((p) => p.id));
          stopAt = Date.now();
          stalled.pause();
          try {
            await pause(STALL_MS);
          } finally {
            stalled.resume();
          }
          resumeAt = Date.now();

          await sentReaches(ledger.sent + TAIL);
        } finally {
          streaming = false;
          await sender;
        }
        await stream.flush();
        after = await waitForPartitions(stream, topic, 'metadata after the faults', (ps) => ps.every((p) => p.leader > 0));
      } finally {
        await stream.close();
      }
      const elapsed = Date.now() - started;

      // Every message got exactly one report; with idempotence and a generous message.timeout.ms none may fail (a
      // failure here would mean a message given up on, or a fatal idempotence error: OutOfOrderSequence and the like).
      const sent = ledger.sent;
      let unreported = 0;
      let reportedTwice = 0;
      for (let seq = 0; seq < sent; seq++) {
        if (ledger.reports[seq] === 0) unreported++;
        if (ledger.reports[seq] > 1) reportedTwice++;
      }
      assert.equal(unreported, 0, 'messages without a delivery report');
      assert.equal(reportedTwice, 0, 'messages reported more than once');
      assert.equal(ledger.delivered + ledger.failures.size, sent, 'sent = delivered + failed');
      assert.deepEqual([...ledger.failures].slice(0, 10), [], `${ledger.failures.size} failed deliveries`);

      // The log, all of it: as many records as the watermarks say it holds, so that a duplicate cannot push a
      // message out of what is read.
      const inLog = await recordsInLog(servers, topic);
      const read = await readBack(servers, topic, inLog, 60_000);
      const copies = new Uint32Array(sent);
      let strangers = 0;
      for (const r of read) {
        const seq = Number(r.value?.toString());
        if (!Number.isInteger(seq) || seq < 0 || seq >= sent) strangers++;
        else copies[seq]++;
      }
      let lost = 0;
      let duplicated = 0;
      for (let seq = 0; seq < sent; seq++) {
        if (copies[seq] === 0) lost++;
        else duplicated += copies[seq] - 1;
      }
      const line = `${kind}: sent ${sent}, delivered ${ledger.delivered}, failed ${ledger.failures.size}, lost ${lost}, duplicated ${duplicated} (log holds ${inLog}, read ${read.length}); ` +
        `kill -9 of node ${killed?.id} (leader of p0, ${sentWhileDown} sent while down): leadership moved in ${seconds(figures.failover)}, p0's reports stalled ${seconds(ledger.longestSilence(new Set([0]), killAt, restartAt))}, restart took ${seconds(figures.restart)}, back in every ISR after ${seconds(figures.rejoin)}; ` +
        `SIGSTOP of node ${stalled?.id} (leader of p${[...stalledPartitions].join(',p')}) for ${seconds(resumeAt - stopAt)}: its partitions' reports stalled ${seconds(ledger.longestSilence(stalledPartitions, stopAt, resumeAt))}; ` +
        `${ledger.clientErrors.length - errorsBeforeKill} client errors; leaders ${leaders(before).join(',')} -> ${leaders(after).join(',')}; ${seconds(elapsed)}`;
      console.log(`      ${line}`);
      assert.equal(strangers, 0, 'records in the log that were never sent');
      assert.equal(read.length, inLog);
      assert.equal(lost, 0, 'messages lost');
      assert.equal(duplicated, 0, 'messages duplicated');

      // Order: per partition, by offset, the sequence numbers rise (each key keeps one partition, and the stream
      // sends each key's messages in rising order); each record carries the key its number was sent with.
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const seqs = read.filter((r) => r.partition === partition).map((r) => Number(r.value?.toString()));
        assert.ok(seqs.length > 0, `partition ${partition} holds nothing`);
        for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `partition ${partition}: ${seqs[i]} after ${seqs[i - 1]}`);
      }
      for (const r of read) assert.equal(r.key?.toString(), `key-${Number(r.value?.toString()) % KEYS}`);

      // Every delivery report says where its message is.
      for (const r of read) {
        const seq = Number(r.value?.toString());
        if (ledger.partition[seq] !== r.partition || ledger.offset[seq] !== r.offset) {
          assert.fail(`message ${seq} reported at ${ledger.partition[seq]}/${ledger.offset[seq]}, in the log at ${r.partition}/${r.offset}`);
        }
      }

      // The faults were felt: the killed leader lost its partitions (it leads none after, as nothing moves them back
      // within leader.imbalance.check.interval.seconds), librdkafka reported the dead broker, the stream went on while
      // it was down, and the stopped broker's partitions got no report for most of the stall.
      assert.ok(killed && stalled && killed.id !== stalled.id);
      assert.ok(before.some((p) => p.leader === killed?.id) && !after.some((p) => p.leader === killed?.id), `leaders ${leaders(before)} -> ${leaders(after)}`);
      assert.ok(ledger.clientErrors.length > errorsBeforeKill, 'librdkafka reported no error for the killed broker');
      assert.ok(sentWhileDown >= PER_TICK * 20, `only ${sentWhileDown} messages sent while node ${killed.id} was down`);
      // Partition 0 had no leader until the controller fenced the dead node (broker.session.timeout.ms, 9 s).
      const failoverSilence = ledger.longestSilence(new Set([0]), killAt, restartAt);
      assert.ok(failoverSilence >= 2000, `the kill was not felt: the longest gap in partition 0's reports was ${failoverSilence} ms`);
      assert.ok(stalledPartitions.size > 0);
      const silence = ledger.longestSilence(stalledPartitions, stopAt, resumeAt);
      assert.ok(silence >= STALL_MS * 0.8, `the stall was not felt: the longest gap in reports of partitions ${[...stalledPartitions]} was ${silence} ms`);
    });
  }
});
