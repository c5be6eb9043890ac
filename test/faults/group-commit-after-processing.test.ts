import { strict as assert } from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { type ConfigEntries, RDKafkaErrorCode } from 'rdkafka-napi';
import { SHALLOW_PREFETCH, eventually, newCluster, newTopic, uniqueGroup } from '../support/consumers';
import {
  type Entry,
  type MemberOptions,
  type RunningMember,
  Step,
  arrayWriter,
  lineReader,
  sharedJournal,
  sharedReader,
  startMember,
} from '../support/commit-member';
import { NumberedStream, runs } from '../support/numbered-stream';

// At-least-once in a group whose members come, go and crash while a producer writes. Each member processes a
// message, then commits it (enable.auto.commit=false, commitMessage after processing, as rust-rdkafka's guide does):
// two with CommitMode.Sync (awaited before the next message), two with CommitMode.Async (outcome in commitCallback).
// Members: A in this process, B in a worker thread, C in a child process, D in this process. The group is at most
// three at a time: A, then A+B, A+B+C; A leaves (close()); D joins; B crashes (worker.terminate(): its member leaves
// natively on the way out); C crashes (SIGKILL: no LeaveGroup, the group notices after session.timeout.ms); D
// finishes alone. Each step waits for the group to settle (the partitions shared by exactly the live members, each at
// work), and each leave and crash comes in the middle of the member's work (messages keep coming).
// Twice: with cooperative-sticky (a partition that stays with its member is never revoked, so a partition moves
// exactly when it changes owner) and with eager rebalancing (every rebalance revokes everything: each assignment is a
// move, possibly back to the same member). A member's time with a partition, assignment to revoke (or its end), is a
// segment.
//
// What is asserted, from the members' journals (written before each step takes effect, so a crashed member's journal
// is complete) and the producer's delivery reports:
//   1. every message delivered is processed at least once, holding what was produced there;
//   2. no member processes a partition it does not hold, no two members process one partition at once, and within a
//      segment the offsets are contiguous (no gap, no repeat): a message is processed again only after a move;
//   3. each new segment starts exactly where a commit left the partition: no earlier than the last commit the broker
//      acknowledged before it (nothing acknowledged is processed again), no later than one past the last message
//      processed (nothing skipped), and at an offset carried by a commit that was not refused (or 0).
// Hence the bound on duplicates: a move repeats at most the messages processed on that partition after its last
// acknowledged commit (its uncommitted window), each of them one whose commit was refused or never answered; every
// repeat is some move's. A sync member has at most one commit unanswered at any time (it awaits each): asserted, a
// move from a sync member repeats at most one message whose commit went unanswered. An async member, as many as it has
// sent and not heard back about. Refused commits widen the window while the group rebalances, and only then (asserted:
// every refusal is RebalanceInProgress, IllegalGeneration or UnknownMemberId): the mock refuses OffsetCommit with
// RebalanceInProgress while a group joins or syncs (Kafka accepts the current generation while it prepares a
// rebalance), and a member that keeps working through a cooperative rebalance sends commits behind its own pending
// JoinGroup, answered after the join with IllegalGeneration (they carry the generation before it). So with eager
// rebalancing a window is what a member processes between the group starting to rebalance and its revoke (up to a
// heartbeat interval); with cooperative-sticky, what it processes of a partition about to move during the whole
// rebalance (the mock makes each phase wait session.timeout.ms - 1 s).

const PARTITIONS = 6;
const memberModule = path.join(__dirname, '..', 'support', 'commit-member.js');

/**
 * The members' configuration (the assignment strategy is each case's). The mock makes the whole group wait
 * session.timeout.ms - 1 s whenever a member comes or goes, and notices a crashed member after session.timeout.ms: both
 * short. A shallow pre-fetch keeps a revoke from queueing behind many fetched messages (processed, then refused, while
 * the group waits).
 */
const MEMBER_CONFIG: ConfigEntries = {
  'session.timeout.ms': 3000,
  'heartbeat.interval.ms': 500,
  'fetch.wait.max.ms': 50,
  ...SHALLOW_PREFETCH,
};

/** Codes a commit may be refused with while its group rebalances. */
const REBALANCE_REFUSALS = new Set<number>([RDKafkaErrorCode.RebalanceInProgress, RDKafkaErrorCode.IllegalGeneration, RDKafkaErrorCode.UnknownMemberId]);

/** A member as the test sees it: where it runs, its journal, and how it ends. */
class Member {
  readonly entries: Entry[] = [];
  alive = true;
  readonly problems: string[] = [];

  constructor(
    readonly name: string,
    readonly where: 'this process' | 'a worker thread' | 'a child process',
    readonly commit: 'sync' | 'async',
    private readonly pull: () => Entry[],
    private readonly ending: { leave?: () => Promise<void>; crash?: () => Promise<void> },
  ) {}

  /** Brings the journal up to date (a worker's shared memory is read here; a child's lines as they come). */
  sync(): this {
    this.entries.push(...this.pull());
    return this;
  }

  /** The partitions it holds, from its journal. */
  owned(): Set<number> {
    const owned = new Set<number>();
    for (const e of this.sync().entries) {
      if (e.step === Step.Assigned) owned.add(e.partition);
      if (e.step === Step.Revoked) owned.delete(e.partition);
    }
    return owned;
  }

  processed(): number {
    return this.sync().entries.filter((e) => e.step === Step.Processed).length;
  }

  /** Leaves cleanly: finishes the message at hand (processed and committed), then close(). */
  async leave(): Promise<void> {
    assert.ok(this.ending.leave, `${this.name} cannot leave`);
    await this.ending.leave();
    this.alive = false;
    this.sync();
  }

  /** Crashes, wherever it is in its work. */
  async crash(): Promise<void> {
    assert.ok(this.ending.crash, `${this.name} cannot crash`);
    await this.ending.crash();
    this.alive = false;
    this.sync();
  }

  /** Whatever it is doing, ends it (cleanup). */
  async end(): Promise<void> {
    if (!this.alive) return;
    await (this.ending.crash ?? this.ending.leave)?.();
    this.alive = false;
  }
}

function inThisProcess(name: string, options: MemberOptions): Member {
  const entries: Entry[] = [];
  let running: RunningMember | undefined = startMember(options, arrayWriter(entries));
  const leave = async () => {
    const member = running;
    running = undefined;
    await member?.stop();
    await member?.consumer.close();
  };
  return new Member(name, 'this process', options.commit, () => entries.splice(0), { leave });
}

function inWorker(name: string, options: MemberOptions): Member {
  const buffer = sharedJournal(200_000);
  const worker = new Worker(
    `const { workerData } = require('worker_threads');
     const member = require(workerData.module);
     member.startMember(workerData.options, member.sharedWriter(workerData.buffer));`,
    { eval: true, workerData: { module: memberModule, options, buffer } },
  );
  const member = new Member(name, 'a worker thread', options.commit, sharedReader(buffer), { crash: async () => void (await worker.terminate()) });
  worker.on('error', (error) => member.problems.push(`worker error: ${error}`));
  return member;
}

function inChild(name: string, options: MemberOptions): Member {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', `const member = require(${JSON.stringify(memberModule)}); member.startMember(JSON.parse(process.argv[1]), member.lineWriter(1));`, JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const received: Entry[] = [];
  const parse = lineReader();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => received.push(...parse(chunk)));
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const member = new Member(name, 'a child process', options.commit, () => received.splice(0), {
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
      // Whatever the pipe still held has been read once 'exit' and the streams' end are both past.
      await new Promise((resolve) => (child.stdout?.readableEnded ? resolve(undefined) : child.stdout?.once('end', resolve)));
      if (stderr) member.problems.push(`stderr: ${stderr}`);
    },
  });
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL') member.problems.push(`exited by itself: code ${code}, signal ${signal}`);
  });
  return member;
}

/** One processing of a message, and what became of its commit. */
interface Processing {
  member: string;
  commitMode: 'sync' | 'async';
  partition: number;
  offset: number;
  seq: number;
  t: number;
  segment: Segment;
  commit: 'ok' | 'refused' | 'unanswered';
  refusedWith?: number;
}

/** A member's time with a partition: from its assignment to its revoke (or the member's end). */
interface Segment {
  member: string;
  partition: number;
  processings: Processing[];
}

/** A commit, as journaled: who sent it, for which offset, when, and its outcome. */
interface Commit {
  partition: number;
  offset: number;
  sentAt: number;
  outcome: 'ok' | 'refused' | 'unanswered';
  answeredAt?: number;
}

interface Journals {
  processings: Processing[];
  segments: Segment[];
  commits: Commit[];
  violations: string[];
}

/** Reads every member's journal into processings, segments and commits; notes what no journal may show. */
function readJournals(members: Member[]): Journals {
  const journals: Journals = { processings: [], segments: [], commits: [], violations: [] };
  for (const member of members) {
    const open = new Map<number, Segment>();
    const pending = new Map<string, Array<{ processing?: Processing; commit: Commit }>>();
    let lastProcessed: Processing | undefined;
    for (const e of member.sync().entries) {
      switch (e.step) {
        case Step.Assigned: {
          if (open.has(e.partition)) journals.violations.push(`${member.name} was assigned partition ${e.partition}, which it held already`);
          const segment: Segment = { member: member.name, partition: e.partition, processings: [] };
          open.set(e.partition, segment);
          journals.segments.push(segment);
          break;
        }
        case Step.Revoked:
          open.delete(e.partition);
          break;
        case Step.Processed: {
          const segment = open.get(e.partition);
          if (segment === undefined) {
            journals.violations.push(`${member.name} processed ${e.partition}:${e.offset} without holding partition ${e.partition}`);
            break;
          }
          lastProcessed = { member: member.name, commitMode: member.commit, partition: e.partition, offset: e.offset, seq: e.value, t: e.t, segment, commit: 'unanswered' };
          segment.processings.push(lastProcessed);
          journals.processings.push(lastProcessed);
          break;
        }
        case Step.CommitSent: {
          const commit: Commit = { partition: e.partition, offset: e.offset, sentAt: e.t, outcome: 'unanswered' };
          journals.commits.push(commit);
          const key = `${e.partition}:${e.offset}`;
          const processing = lastProcessed?.partition === e.partition && lastProcessed.offset + 1 === e.offset ? lastProcessed : undefined;
          pending.set(key, [...(pending.get(key) ?? []), { processing, commit }]);
          break;
        }
        case Step.CommitOk:
        case Step.CommitFailed: {
          const waiting = pending.get(`${e.partition}:${e.offset}`)?.shift();
          if (waiting === undefined) {
            journals.violations.push(`${member.name}: an answer to a commit of ${e.partition}:${e.offset} it never sent`);
            break;
          }
          const outcome = e.step === Step.CommitOk ? 'ok' : 'refused';
          waiting.commit.outcome = outcome;
          waiting.commit.answeredAt = e.t;
          if (waiting.processing) {
            waiting.processing.commit = outcome;
            if (outcome === 'refused') waiting.processing.refusedWith = e.value;
          }
          break;
        }
        case Step.Thrown:
          journals.violations.push(`${member.name}'s iterator threw (code ${e.value})`);
          break;
      }
    }
  }
  return journals;
}

/** A partition changing owner: the segment that starts, and what it repeats of the ones before. */
interface Move {
  partition: number;
  from: string;
  to: string;
  /** The first offset the new owner processed. */
  start: number;
  /** The last offset processed before it, and the last commit acknowledged before it. */
  processedBefore: number;
  acknowledgedBefore: number;
  /** The uncommitted window: the messages from `start` to `processedBefore`, to be processed again. */
  window: number;
  /** How many of them the new owner did process again (fewer if it lost the partition first). */
  repeated: number;
  /** Why the earlier commit of each did not count. */
  refused: number;
  unanswered: number;
}

describe('faults: a group committing after processing, through joins, leaves and crashes (worker terminated, process killed)', function () {
  this.timeout(60_000);

  for (const [protocol, strategy] of [
    ['cooperative-sticky', 'cooperative-sticky'],
    ['eager', 'range,roundrobin'],
  ] as const) {
    it(`${protocol}: every message is processed at least once; only partitions that move repeat, exactly their uncommitted window`, async () => {
      const cluster = newCluster(1);
      const topic = newTopic(cluster, PARTITIONS, 'group-faults');
      const groupId = uniqueGroup('commit-after-processing');
      // About 100 messages a second, spread over the partitions: every member is busy all along, so that each leave and
      // crash comes in the middle of its work.
      const stream = new NumberedStream(cluster.bootstrapServers, topic, { partitions: PARTITIONS, perTick: 2, tickMs: 20 });
      const config = { ...MEMBER_CONFIG, 'partition.assignment.strategy': strategy };
      const options = (commit: 'sync' | 'async'): MemberOptions => ({ bootstrapServers: cluster.bootstrapServers, topic, groupId, commit, config });
      const members: Member[] = [];
      const timeline: string[] = [];
      const started = Date.now();
      const mark = (what: string) => timeline.push(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);

      /** Waits until exactly `live` hold the partitions, each at least one and none shared, each having processed some. */
      const settled = async (live: Member[], what: string) => {
        const shares = () => live.map((m) => [...m.owned()].sort((a, b) => a - b));
        await eventually(
          () => {
            const held = shares();
            return held.every((s) => s.length > 0) && held.flat().length === PARTITIONS && new Set(held.flat()).size === PARTITIONS && live.every((m) => m.processed() >= 10);
          },
          `${what}: the partitions shared by ${live.map((m) => m.name).join(', ')}`,
          25_000,
        );
        mark(`${what}: ${live.map((m, i) => `${m.name} holds ${shares()[i].join(',')}`).join('; ')}`);
      };
      const join = (member: Member) => {
        members.push(member);
        mark(`${member.name} joins from ${member.where}, committing ${member.commit}`);
        return member;
      };

      try {
        stream.start();
        const a = join(inThisProcess('A', options('sync')));
        await settled([a], 'A alone');
        const b = join(inWorker('B', options('sync')));
        await settled([a, b], 'B joined');
        const c = join(inChild('C', options('async')));
        await settled([a, b, c], 'C joined');
        await a.leave();
        mark('A left (close)');
        await settled([b, c], 'after A left');
        const d = join(inThisProcess('D', options('async')));
        await settled([b, c, d], 'D joined');
        await b.crash();
        mark('B crashed (worker.terminate())');
        await settled([c, d], 'after B crashed');
        await c.crash();
        mark('C crashed (SIGKILL)');
        await settled([d], 'after C crashed');
        await stream.stop();
        mark(`the producer stopped after ${stream.sent} messages`);
        const processed = () => new Set(readJournals(members).processings.map((p) => `${p.partition}:${p.offset}`));
        await eventually(() => processed().size >= stream.delivered.size, 'every message delivered to be processed', 20_000);
        await d.leave();
        mark('D left (close)');
      } finally {
        for (const member of members) await member.end();
        await stream.close();
        cluster.close();
      }

      assert.deepEqual([...stream.failed].slice(0, 5), [], 'failed deliveries');
      assert.equal(stream.delivered.size, stream.sent);
      for (const member of members) assert.deepEqual(member.problems, [], `${member.name} (in ${member.where})`);
      const { processings, segments, commits, violations } = readJournals(members);
      assert.deepEqual(violations, [], 'what no journal may show');

      // 1. At least once, and what was produced.
      const times = new Map<string, Processing[]>();
      for (const p of processings) times.set(`${p.partition}:${p.offset}`, [...(times.get(`${p.partition}:${p.offset}`) ?? []), p]);
      for (const [at, seq] of stream.delivered) assert.ok(times.has(at), `the message at ${at} (seq ${seq}) was never processed`);
      for (const p of processings) assert.equal(p.seq, stream.seqAt(p.partition, p.offset), `the message processed at ${p.partition}:${p.offset} by ${p.member}`);

      // 2. Within a segment: contiguous offsets. So a message processed twice was processed in two segments.
      for (const segment of segments) {
        const offsets = segment.processings.map((p) => p.offset);
        assert.ok(
          offsets.every((o, i) => i === 0 || o === offsets[i - 1] + 1),
          `${segment.member} on partition ${segment.partition}: offsets ${runs(offsets)} (a gap or a repeat within one assignment)`,
        );
      }

      // 3. Each move: where the new owner starts, against what was processed and committed before.
      const moves: Move[] = [];
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const own = segments.filter((s) => s.partition === partition && s.processings.length > 0).sort((x, y) => x.processings[0].t - y.processings[0].t);
        for (let k = 1; k < own.length; k++) {
          const first = own[k].processings[0];
          const previous = own[k - 1].processings;
          assert.ok(
            previous[previous.length - 1].t <= first.t,
            `partition ${partition}: ${own[k - 1].member} processed ${previous.filter((p) => p.t > first.t).map((p) => p.offset).join(',')} after ${own[k].member} started at ${first.offset} (two owners at once)`,
          );
          const before = processings.filter((p) => p.partition === partition && p.t < first.t);
          const processedBefore = Math.max(...before.map((p) => p.offset));
          const acknowledgedBefore = Math.max(0, ...commits.filter((c) => c.partition === partition && c.outcome === 'ok' && (c.answeredAt as number) < first.t).map((c) => c.offset));
          const landable = new Set([0, ...commits.filter((c) => c.partition === partition && c.sentAt < first.t && c.outcome !== 'refused').map((c) => c.offset)]);
          const where = `partition ${partition}, ${own[k - 1].member} -> ${own[k].member}: the new owner started at ${first.offset}`;
          assert.ok(first.offset <= processedBefore + 1, `${where}, past ${processedBefore + 1}, the first message not processed (a gap)`);
          assert.ok(first.offset >= acknowledgedBefore, `${where}, before ${acknowledgedBefore}, the last commit the broker acknowledged`);
          assert.ok(landable.has(first.offset), `${where}, an offset no commit that was not refused carried`);
          const repeatedEarlier = before.filter((p) => p.offset >= first.offset);
          // The last processing of each repeated offset before the move is the one whose commit did not count.
          const last = new Map<number, Processing>();
          for (const p of repeatedEarlier) last.set(p.offset, p);
          moves.push({
            partition,
            from: own[k - 1].member,
            to: own[k].member,
            start: first.offset,
            processedBefore,
            acknowledgedBefore,
            window: processedBefore + 1 - first.offset,
          repeated: own[k].processings.filter((p) => p.offset <= processedBefore).length,
            refused: [...last.values()].filter((p) => p.commit === 'refused').length,
            unanswered: [...last.values()].filter((p) => p.commit === 'unanswered').length,
          });
          for (const p of last.values()) {
            assert.notEqual(p.commit, 'ok', `${where}: ${partition}:${p.offset} is processed again though ${p.member}'s commit of it was acknowledged`);
            if (p.commit === 'refused') assert.ok(REBALANCE_REFUSALS.has(p.refusedWith as number), `${where}: ${partition}:${p.offset}'s commit was refused with code ${p.refusedWith}`);
          }
        }
      }
      // Every repeat is a move's: a new owner processing its window again (never the first owner of a partition, never
      // past the window). And a sync member's move repeats at most one message whose commit went unanswered.
      const repeats = processings.length - times.size;
      assert.equal(moves.reduce((sum, m) => sum + m.repeated, 0), repeats, 'messages processed again, against the moves');
      for (const move of moves) {
        const mode = members.find((m) => m.name === move.from)?.commit;
        if (mode === 'sync') assert.ok(move.unanswered <= 1, `partition ${move.partition}, ${move.from} -> ${move.to}: ${move.unanswered} commits unanswered at once from a sync member`);
      }

      // The faults were felt: each crashed member held partitions, and they moved.
      for (const name of ['B', 'C']) assert.ok(moves.some((m) => m.from === name), `no partition moved away from ${name}, which crashed`);

      const refused = commits.filter((c) => c.outcome === 'refused').length;
      const refusals = new Map<number, number>();
      for (const p of processings) if (p.commit === 'refused') refusals.set(p.refusedWith as number, (refusals.get(p.refusedWith as number) ?? 0) + 1);
      console.log(
        `      ${protocol}:\n      ${timeline.join('\n      ')}\n` +
          `      produced ${stream.sent}; processed ${processings.length} times (${members.map((m) => `${m.name} ${m.processed()}`).join(', ')}), ${repeats} repeats; ` +
          `${commits.length} commits, ${refused} refused (${[...refusals].map(([code, n]) => `${n} with ${code}`).join(', ')}), ${commits.filter((c) => c.outcome === 'unanswered').length} unanswered\n` +
          `      ${moves.length} moves; with a window: ${moves.filter((m) => m.window > 0).map((m) => `p${m.partition} ${m.from}->${m.to} at ${m.start} (acked ${m.acknowledgedBefore}, processed to ${m.processedBefore}): window ${m.window}, ${m.repeated} again (${m.refused} refused, ${m.unanswered} unanswered)`).join('; ')}`,
      );
    });
  }
});
