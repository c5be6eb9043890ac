import { strict as assert } from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { FutureProducer, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { uniqueGroup } from '../support/consumers';
import { NumberedStream, longestSilence } from '../support/numbered-stream';
import type { PipelineOptions } from './eos-pipeline';
import { type KafkaCluster, kafkajs, ownCluster, startKafkaCluster } from './kafka';
import { readToEnd } from './read-to-end';

// Exactly-once consume-transform-produce on Apache Kafka, through faults. The pipeline (eos-pipeline.ts, a program of
// its own) reads an input topic with a StreamConsumer (isolation.level=read_committed) and, per batch, writes one
// output message per input message in a transaction that also carries the consumed offsets (sendOffsetsToTransaction
// with the consumer's groupMetadata()), then commits it. While a producer keeps writing numbered messages to the input
// (which also holds aborted transactions: poison the pipeline must never see), on a 3-node cluster:
//   1. a broker is killed (kill -9): the pipeline's transaction coordinator (or, skipped for a librdkafka bug, its
//      group's coordinator); the pipeline goes on once leadership has moved; the broker is restarted and rejoins every
//      ISR;
//   2. the pipeline is killed (SIGKILL) with a transaction open whose output messages the brokers have acknowledged,
//      and started again (same transactional.id and group: its initTransactions aborts the open transaction).
// Then an independent reader (kafkajs) reads the whole output topic as read_committed: every input message appears
// exactly once (`out-<seq>`, same partition and key, in input order per partition), no poison, nothing else. A
// read_uncommitted reader sees the killed pipeline's open transaction too (so the crash was felt: without
// transactions its messages would be duplicates), and the kill of the broker stalled the pipeline's commits.

const PARTITIONS = 3;
const TOPIC_CONFIG = { replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] };
const pipelineScript = path.join(__dirname, 'eos-pipeline.js');
/**
 * The partition of Kafka's `__transaction_state` or `__consumer_offsets` (3 partitions each on the harness's clusters)
 * for a transactional id or a group id: its leader is that id's coordinator. Java's String.hashCode, Kafka's Utils.abs.
 */
function internalPartition(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return (hash === -2147483648 ? 0 : Math.abs(hash)) % 3;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A run of the pipeline program: its output lines as they come (with when), and waiting for one. */
class PipelineRun {
  readonly lines: Array<{ t: number; line: string }> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr = '';
  readonly #child: ChildProcess;
  #waiters: Array<{ test: (line: string) => boolean; resolve: (line: string) => void }> = [];

  constructor(
    readonly name: string,
    options: PipelineOptions,
    private readonly onLine: (line: string, run: PipelineRun) => void,
  ) {
    this.#child = spawn(process.execPath, [pipelineScript, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.#child.once('exit', (code, signal) => resolve({ code, signal })));
    let rest = '';
    this.#child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() as string;
      for (const line of lines) {
        this.lines.push({ t: Date.now(), line });
        this.onLine(line, this);
        this.#waiters = this.#waiters.filter((w) => (w.test(line) ? (w.resolve(line), false) : true));
      }
    });
    this.#child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  /** Resolves with the first line from now on that passes `test` (or that already passed, with `past`). */
  waitFor(what: string, test: (line: string) => boolean, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms; its last lines: ${this.lines.slice(-20).map((l) => l.line).join(' | ')} ${this.stderr}`)), timeoutMs);
      this.#waiters.push({ test, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  }

  /** Resolves once `count` more transactions have been committed. */
  commitsMore(count: number, timeoutMs: number): Promise<string> {
    let seen = 0;
    return this.waitFor(`${count} more commits`, (line) => line.startsWith('committed ') && ++seen >= count, timeoutMs);
  }

  /** The times of its commits. */
  commitTimes(): number[] {
    return this.lines.filter((l) => l.line.startsWith('committed ')).map((l) => l.t);
  }

  count(prefix: string): number {
    return this.lines.filter((l) => l.line.startsWith(prefix)).length;
  }

  tell(command: 'hold' | 'stop'): void {
    this.#child.stdin?.write(`${command}\n`);
  }

  async kill(): Promise<void> {
    this.#child.kill('SIGKILL');
    await this.exited;
  }
}

describe('kafka: an exactly-once pipeline (read_committed consumer, transactional producer) through a broker killed and the pipeline killed', function () {
  this.timeout(300_000);
  let cluster: KafkaCluster | undefined;

  before(async function () {
    if (!ownCluster) {
      console.log('      skipped: this suite kills brokers, so it runs only on a cluster the harness started itself (RDKAFKA_NAPI_KAFKA_OWN=1)');
      this.skip();
    }
    cluster = await startKafkaCluster(3);
    console.log(`      3-node Apache Kafka ${cluster.version} at ${cluster.bootstrapServers}, started in ${seconds(cluster.startMs)}`);
  });

  after(async () => {
    await cluster?.stop();
  });

  /** The scenario; `killed` says which broker step 1 kills. */
  async function throughFaults(killed: 'transaction coordinator' | 'group coordinator'): Promise<void> {
    assert.ok(cluster);
    const servers = cluster.bootstrapServers;
    const input = uniqueTopic('eos-in');
    const output = uniqueTopic('eos-out');
    const transactionalId = `${output}-pipeline`;
    const admin = kafkajs(servers).admin();
    await admin.connect();
    const metadata = async (topic: string) => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId);
    /** Waits until every partition of both topics has a leader and 3 in-sync replicas. */
    const healthy = async (what: string) => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const partitions = [...(await metadata(input).catch(() => [])), ...(await metadata(output).catch(() => []))];
        if (partitions.length === 2 * PARTITIONS && partitions.every((p) => p.leader >= 0 && p.isr.length === 3)) return;
        if (Date.now() > deadline) throw new Error(`${what}: not every partition healthy within 120 s: ${JSON.stringify(partitions)}`);
        await pause(250);
      }
    };
    /** The leader of an internal topic's partition for `key`: the coordinator of that transactional id or group. */
    const coordinator = async (topic: '__transaction_state' | '__consumer_offsets', key: string) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const leader = (await metadata(topic).catch(() => []))[internalPartition(key)]?.leader ?? -1;
        if (leader >= 0) return leader;
        if (Date.now() > deadline) throw new Error(`no leader for ${topic}'s partition of ${key}`);
        await pause(250);
      }
    };
    // Created without kafkajs's own wait for leaders, which gives up when a node does not know the topic yet (as a
    // cluster that has just started may not): the wait above tolerates that.
    await admin.createTopics({ topics: [input, output].map((topic) => ({ topic, numPartitions: PARTITIONS, ...TOPIC_CONFIG })), waitForLeaders: false });
    await healthy('the topics created');

    // Where the pipeline has committed the input to, per partition (the offset of the next message to consume).
    const committedTo = new Map<number, number>();
    const onLine = (line: string) => {
      if (!line.startsWith('committed ')) return;
      for (const [partition, offset] of JSON.parse(line.split(' ')[3]) as Array<[number, number]>) committedTo.set(partition, Math.max(committedTo.get(partition) ?? 0, offset));
    };
    const runs: PipelineRun[] = [];
    let options: PipelineOptions | undefined;
    const startPipeline = async (name: string) => {
      assert.ok(options);
      const run = new PipelineRun(name, options, onLine);
      runs.push(run);
      await run.waitFor('ready', (line) => line === 'ready', 60_000);
      return run;
    };

    const stream = new NumberedStream(servers, input, { partitions: PARTITIONS, perTick: 4, tickMs: 20 });
    const poison = new FutureProducer({ 'bootstrap.servers': servers, 'transactional.id': `${input}-poison`, 'linger.ms': 5 }, { log: () => {}, error: () => {} });
    const figures: Record<string, number> = {};
    let victim = -1;
    let victimLeads: number[] = [];
    let coordinators = { transaction: -1, group: -1 };
    let held: string[] = [];
    try {
      stream.start();
      // Poison in the input: transactions written to every partition, then aborted (with offsets of a group of their
      // own, which also makes Kafka create __consumer_offsets).
      await poison.initTransactions(30_000);
      for (let t = 0; t < 3; t++) {
        poison.beginTransaction();
        await Promise.all(Array.from({ length: 15 }, (_, i) => poison.send({ topic: input, partition: i % PARTITIONS, key: 'poison', payload: `poison-${t}-${i}` }, Timeout.Never)));
        await poison.sendOffsetsToTransaction([{ topic: input, partition: 0, offset: 1 }], `${input}-poison`, 30_000);
        await poison.abortTransaction(30_000);
      }
      // The pipeline's group: one whose coordinator is not its transaction coordinator, so that killing either is
      // killing that one only.
      const transactionCoordinator = await coordinator('__transaction_state', transactionalId);
      const base = uniqueGroup('eos');
      let groupId = base;
      for (let i = 1; (await coordinator('__consumer_offsets', groupId)) === transactionCoordinator; i++) groupId = `${base}-${i}`;
      options = { bootstrapServers: servers, input, output, groupId, transactionalId, batch: 50, trace: process.env.EOS_PIPELINE_TRACE };

      const first = await startPipeline('pipeline 1');
      await first.commitsMore(5, 60_000);

      // 1. kill -9 the pipeline's transaction coordinator, or its group's coordinator; the pipeline goes on once
      // leadership has moved; restart it.
      coordinators = { transaction: await coordinator('__transaction_state', transactionalId), group: await coordinator('__consumer_offsets', groupId) };
      assert.notEqual(coordinators.transaction, coordinators.group);
      victim = killed === 'transaction coordinator' ? coordinators.transaction : coordinators.group;
      victimLeads = (await metadata(output)).filter((p) => p.leader === victim).map((p) => p.partitionId);
      const node = cluster.node(victim);
      const killAt = Date.now();
      await node.kill();
      await first.commitsMore(5, 90_000);
      figures.progressAfterKill = Date.now() - killAt;
      const restartAt = Date.now();
      await node.start(90_000);
      await healthy(`node ${victim} back in every ISR`);
      figures.rejoin = Date.now() - restartAt;
      figures.killSilence = longestSilence(first.commitTimes(), killAt, restartAt);
      await first.commitsMore(3, 60_000);

      // 2. The pipeline is killed with a transaction open (its output acknowledged, not committed), and started again.
      first.tell('hold');
      const holding = await first.waitFor('a transaction held open', (line) => line.startsWith('holding '), 60_000);
      held = JSON.parse(holding.split(' ').slice(3).join(' ')) as string[];
      await first.kill();
      const restartedAt = Date.now();
      const second = await startPipeline('pipeline 2');
      await second.commitsMore(3, 90_000);
      figures.pipelineRestart = Date.now() - restartedAt;

      // The input ends; the pipeline commits all of it, and stops.
      await stream.sentReaches(stream.sent + 400);
      await stream.stop();
      const end = new Map<number, number>();
      for (const at of stream.delivered.keys()) {
        const [partition, offset] = at.split(':').map(Number);
        end.set(partition, Math.max(end.get(partition) ?? 0, offset + 1));
      }
      const caughtUp = () => [...end].every(([partition, offset]) => (committedTo.get(partition) ?? 0) >= offset);
      if (!caughtUp()) await second.waitFor('the whole input committed', () => caughtUp(), 60_000);
      second.tell('stop');
      await second.waitFor('stopped', (line) => line === 'stopped', 60_000);
      assert.deepEqual(await second.exited, { code: 0, signal: null }, `pipeline 2: ${second.stderr}`);
      assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });
    } finally {
      await Promise.all(runs.map((run) => run.kill()));
      await poison.close();
      await stream.close();
      await admin.disconnect();
    }
    for (const run of runs) assert.deepEqual(run.lines.filter((l) => l.line.startsWith('failed')), [], `${run.name} failed`);

    // The input, as the producer's reports have it: every numbered message once.
    assert.deepEqual([...stream.failed].slice(0, 5), [], 'failed input deliveries');
    assert.equal(stream.delivered.size, stream.sent);

    // The output, as a read_committed reader sees it: each input message exactly once, where it was, in input order.
    const committed = (await readToEnd(output, { readUncommitted: false, timeoutMs: 30_000, servers })).records;
    const copies = new Map<number, number>();
    const strangers: string[] = [];
    for (const r of committed) {
      const payload = r.value?.toString() ?? 'null';
      const match = /^out-(\d+)$/.exec(payload);
      if (match === null) {
        strangers.push(payload);
        continue;
      }
      const seq = Number(match[1]);
      copies.set(seq, (copies.get(seq) ?? 0) + 1);
      assert.equal(r.partition, seq % PARTITIONS, `out-${seq} in partition ${r.partition}`);
      assert.equal(r.key?.toString(), NumberedStream.key(seq), `out-${seq}'s key`);
    }
    assert.deepEqual(strangers.slice(0, 10), [], 'output that is not a transformed input message (poison from aborted input transactions?)');
    const missing = [...stream.delivered.values()].filter((seq) => !copies.has(seq));
    const duplicated = [...copies].filter(([, n]) => n > 1);
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} input messages missing from the output`);
    assert.deepEqual(duplicated.slice(0, 10), [], `${duplicated.length} input messages more than once in the output`);
    assert.equal(committed.length, stream.sent);
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const seqs = committed.filter((r) => r.partition === partition).map((r) => Number(r.value?.toString().slice(4)));
      for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `output partition ${partition}: ${seqs[i]} after ${seqs[i - 1]}`);
    }

    // The faults were felt. The killed pipeline's open transaction is in the log (a read_uncommitted reader sees those
    // messages twice: once aborted, once committed by the restarted pipeline); the broker kill stalled the commits.
    const uncommitted = (await readToEnd(output, { readUncommitted: true, timeoutMs: 30_000, servers })).records;
    const everything = uncommitted.map((r) => r.value?.toString());
    assert.ok(held.length > 0, 'the held transaction had messages');
    for (const payload of held) assert.equal(everything.filter((p) => p === `out-${payload}`).length, 2, `out-${payload}: the aborted copy and the committed one`);
    assert.ok(figures.killSilence >= 2000, `the broker kill was not felt: the pipeline's commits paused at most ${figures.killSilence} ms`);

    const events = (prefix: string) => runs.reduce((sum, run) => sum + run.count(prefix), 0);
    console.log(
      `      input: ${stream.sent} messages (and 3 aborted transactions of poison); output, read_committed: ${committed.length}, each input once; read_uncommitted: ${uncommitted.length}; ` +
        `pipeline: ${events('committed ')} transactions committed, ${events('retry ')} retried calls, ${events('aborted ')} aborted, ${events('new-producer ')} new producers, ${events('rewound ')} rewinds; ` +
        `kill -9 of node ${victim} (the ${killed}; transaction coordinator ${coordinators.transaction}, group coordinator ${coordinators.group}; leading output partitions ${victimLeads.join(',') || 'none'}): commits paused ${seconds(figures.killSilence)}, 5 more commits after ${seconds(figures.progressAfterKill)}, back in every ISR ${seconds(figures.rejoin)} after its restart; ` +
        `pipeline killed with ${held.length} messages in an open transaction, the new one committing after ${seconds(figures.pipelineRestart)}`,
    );
  }

  it('every input message is in the output exactly once for a read_committed reader, none aborted; the transaction coordinator killed', () =>
    throughFaults('transaction coordinator'));

  // Skipped: librdkafka 2.12 bug. Once the group coordinator's broker is gone from the cluster's metadata (kill -9, then
  // fenced), the TxnOffsetCommit that sendOffsetsToTransaction sends to the group coordinator waits for that broker
  // for ever: the request's coordinator lookup never times out (rdkafka_coord.c never checks creq_ts_timeout,
  // confluentinc/librdkafka#5456) and is not re-triggered once the cached broker is decommissioned
  // (confluentinc/librdkafka#5511). sendOffsetsToTransaction(..., 30_000) then never settles (close() does reject it
  // with Closed), the pipeline stops at that transaction, and its consumer never answers its lost revoke. Unskip when the
  // vendored librdkafka has the fix (librdkafka PR #5457 and a fix for #5511).
  it.skip('every input message is in the output exactly once for a read_committed reader, none aborted; the group coordinator killed', () =>
    throughFaults('group coordinator'));
});
