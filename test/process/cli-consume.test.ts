import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setTimeout as delay } from 'timers/promises';
import { ApiKey, FutureProducer, type Header, MockCluster, Timeout } from 'rdkafka-napi';
import { packageRoot, uniqueTopic } from '../helpers';
import { uniqueGroup } from '../support/consumers';
import { cli, run, startCli } from '../support/cli';
import { readBack } from '../support/kafka-reader';

// `rdkafka-napi consume`, run as a user runs it, against a mock cluster of this process (so that the test can
// fill topics, look at the requests the brokers received, and read back with an independent client).

interface JsonMessage {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number | null;
  timestampType: string | null;
  key: string | null;
  payload: string | null;
  headers: Array<{ key: string; value: string | null }>;
}

const jsonLines = (stdout: string): JsonMessage[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JsonMessage);

/** Runs a command with stdout as bytes (a format writes bytes as they are). */
function runBytes(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: packageRoot, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

/** A user error: exit code 2 and exactly one line on stderr, no stack trace. */
function assertUsageError(args: string[], pattern: RegExp) {
  const { status, stderr } = run(args, '');
  assert.equal(status, 2, `${args.join(' ')}: exit ${status}, stderr:\n${stderr}`);
  assert.equal(stderr.trimEnd().split('\n').length, 1, `${args.join(' ')}: not one line:\n${stderr}`);
  assert.match(stderr, pattern, args.join(' '));
  assert.doesNotMatch(stderr, /\n\s+at /, 'a stack trace');
}

/** The mock cluster waits session.timeout.ms - 1 s before a group that a member left takes a new one: keep it short. */
const shortSession = ['-X', 'session.timeout.ms=3000', '-X', 'heartbeat.interval.ms=500'];

describe('rdkafka-napi consume', function () {
  this.timeout(90_000);
  let cluster: MockCluster;
  let brokers: string;
  let producer: FutureProducer;
  let dir: string;

  before(() => {
    cluster = new MockCluster();
    cluster.setGroupInitialRebalanceDelay(50);
    brokers = cluster.bootstrapServers;
    producer = new FutureProducer({ 'bootstrap.servers': brokers, 'linger.ms': 1 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-cli-consume-'));
  });
  after(async () => {
    await producer.close();
    cluster.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A topic of `partitions` holding `perPartition` messages `p<partition>-<i>` in each partition. */
  async function filledTopic(partitions: number, perPartition: number): Promise<string> {
    const topic = uniqueTopic('cli-consume');
    cluster.createTopic(topic, partitions, 1);
    await send(topic, perPartition, partitions);
    return topic;
  }

  /** Sends `perPartition` more messages to each partition, numbered on from `from`. */
  async function send(topic: string, perPartition: number, partitions: number, from = 0): Promise<void> {
    const sends: Array<Promise<unknown>> = [];
    for (let i = from; i < from + perPartition; i++) {
      for (let partition = 0; partition < partitions; partition++) sends.push(producer.send({ topic, partition, payload: `p${partition}-${i}` }, Timeout.Never));
    }
    await Promise.all(sends);
  }

  /** consume ... -f '%p %o %s\n', as sorted lines. */
  function printed(args: string[]): { lines: string[]; stderr: string } {
    const { status, stdout, stderr } = run(['consume', '-b', brokers, '-f', '%p %o %s\\n', ...args]);
    assert.equal(status, 0, `${args.join(' ')}: exit ${status}; stderr:\n${stderr}`);
    return { lines: stdout.split('\n').filter((line) => line !== '').sort(), stderr };
  }

  const expected = (partitions: number[], from: number, to: number) =>
    partitions.flatMap((partition) => Array.from({ length: to - from }, (_, i) => `${partition} ${from + i} p${partition}-${from + i}`)).sort();

  it('reads back what produce wrote: every key, payload, header, partition and offset (-e -J)', async () => {
    const topic = uniqueTopic('cli-round-trip');
    cluster.createTopic(topic, 3, 1);
    const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => Buffer.from(part as string)));
    const lines = [
      ...Array.from({ length: 60 }, (_, i) => bytes(i % 10 === 0 ? `no key ${i}` : `key-${i % 7}:value ${i}: with a colon`)),
      bytes(':an empty key'),
      bytes([0xff, 0xfe], ':', [0x80, 0x00, 0x61]), // neither key nor payload is UTF-8
      bytes('crlf:a Windows line\r'),
    ];
    const file = path.join(dir, 'round-trip.txt');
    fs.writeFileSync(file, Buffer.concat(lines.flatMap((line) => [line, bytes('\n')])));
    const started = Date.now();
    const produced = run(['produce', '-b', brokers, '-t', topic, '-k', ':', '-H', 'a=1', '-H', 'b=2', '-H', 'a=3', file]);
    assert.equal(produced.status, 0, produced.stderr);

    const consumed = run(['consume', '-b', brokers, '-t', topic, '-e', '-J', '--encoding', 'base64']);
    assert.equal(consumed.status, 0, consumed.stderr);
    const messages = jsonLines(consumed.stdout);
    assert.equal(messages.length, lines.length);
    const decode = (text: string | null) => (text === null ? null : Buffer.from(text, 'base64'));
    const asRecords = messages
      .map((m) => ({ partition: m.partition, offset: m.offset, key: decode(m.key), value: decode(m.payload), headers: m.headers.map((h) => ({ key: h.key, value: decode(h.value) })) }))
      .sort((a, b) => a.partition - b.partition || a.offset - b.offset);
    // The same as an independent client reads, message for message.
    const read = await readBack(brokers, topic, lines.length);
    assert.deepEqual(
      asRecords,
      read.map(({ partition, offset, key, value, headers }) => ({ partition, offset, key, value, headers })),
    );
    // And what the file said: the key before the first ':', the headers in order with the repeated name.
    const split = (line: Buffer) => {
      const text = line.toString('latin1').replace(/\r$/, '');
      const at = text.indexOf(':');
      return at < 0 ? `null|${text}` : `${text.slice(0, at)}|${text.slice(at + 1)}`;
    };
    assert.deepEqual(asRecords.map((r) => `${r.key === null ? 'null' : r.key.toString('latin1')}|${r.value?.toString('latin1')}`).sort(), lines.map(split).sort());
    for (const m of messages) {
      assert.deepEqual(m.headers, [
        { key: 'a', value: Buffer.from('1').toString('base64') },
        { key: 'b', value: Buffer.from('2').toString('base64') },
        { key: 'a', value: Buffer.from('3').toString('base64') },
      ]);
      assert.equal(m.topic, topic);
      assert.equal(m.timestampType, 'CreateTime');
      assert.ok(m.timestamp !== null && m.timestamp >= started - 1000 && m.timestamp <= Date.now(), `timestamp ${m.timestamp}`);
    }
    // stderr only: the summary, counted by partition as the messages say.
    const byPartition = new Map<number, number>();
    for (const m of messages) byPartition.set(m.partition, (byPartition.get(m.partition) ?? 0) + 1);
    const summary = [...byPartition].sort(([a], [b]) => a - b).map(([p, n]) => `${p}=${n}`).join(' ');
    assert.equal(consumed.stderr, `rdkafka-napi consume: ${lines.length} messages; by partition: ${summary}\n`);

    // -J without --encoding: UTF-8 text; null and empty keys differ; bytes that are not UTF-8 become U+FFFD.
    const text = jsonLines(run(['consume', '-b', brokers, '-t', topic, '-e', '-J', '-q']).stdout);
    assert.equal(text.length, lines.length);
    const byPayload = new Map(text.map((m) => [m.payload, m]));
    assert.equal(byPayload.get('an empty key')?.key, '');
    assert.equal(byPayload.get('no key 10')?.key, null);
    assert.equal(byPayload.get('value 1: with a colon')?.key, 'key-1');
    assert.deepEqual(byPayload.get('a Windows line')?.headers, [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'a', value: '3' },
    ]);
    assert.ok(text.some((m) => m.key === '\ufffd\ufffd' && m.payload === '\ufffd\u0000a'), 'the line that is not UTF-8');
  });

  it('-f prints every field and escape, keys, payloads and headers as the bytes they are', async () => {
    const topic = uniqueTopic('cli-format');
    cluster.createTopic(topic, 2, 1);
    const headers: Header[] = [
      { key: 'a', value: '1' },
      { key: 'none', value: null },
      { key: 'empty', value: '' },
    ];
    await producer.send({ topic, partition: 1, key: 'k1', payload: Buffer.from([0xff, 0x00, 0x41]), headers, timestamp: 1234567890123 }, Timeout.Never);
    await producer.send({ topic, partition: 1, key: null, payload: null, timestamp: 1234567890124 }, Timeout.Never); // a tombstone
    const { status, stdout, stderr } = runBytes(['consume', '-b', brokers, '-t', topic, '-p', '1', '-e', '-q', '-f', '%t|%p|%o|%T|%k|%s|%h|%%|\\t\\\\\\r\\n']);
    assert.equal(status, 0, stderr);
    assert.equal(stderr, '', 'nothing on stderr with -q');
    assert.deepEqual(
      stdout,
      Buffer.concat([
        Buffer.from(`${topic}|1|0|1234567890123|k1|`),
        Buffer.from([0xff, 0x00, 0x41]),
        Buffer.from('|a=1,none,empty=|%|\t\\\r\n'),
        Buffer.from(`${topic}|1|1|1234567890124||||%|\t\\\r\n`),
      ]),
    );
    // The default: the payload and a newline.
    assert.equal(run(['consume', '-b', brokers, '-t', topic, '-p', '1', '-e', '-q', '-o', '1']).stdout, '\n');
  });

  it('-o beginning, end, N and -N (the last N of each partition), for every partition or those of -p', async () => {
    const topic = await filledTopic(2, 10);
    assert.deepEqual(printed(['-t', topic, '-e']).lines, expected([0, 1], 0, 10), 'the default: from the beginning');
    assert.deepEqual(printed(['-t', topic, '-e', '-o', 'beginning']).lines, expected([0, 1], 0, 10));
    assert.deepEqual(printed(['-t', topic, '-e', '-o', 'end']).lines, []);
    assert.deepEqual(printed(['-t', topic, '-e', '-o', '7']).lines, expected([0, 1], 7, 10));
    assert.deepEqual(printed(['-t', topic, '-e', '-o', '-3']).lines, expected([0, 1], 7, 10));
    assert.deepEqual(printed(['-t', topic, '-e', '--offset', '-3']).lines, expected([0, 1], 7, 10));
    assert.deepEqual(printed(['-t', topic, '-e', '-o-2']).lines, expected([0, 1], 8, 10));
    assert.deepEqual(printed(['-t', topic, '-e', '-o', '-50']).lines, expected([0, 1], 0, 10), 'more than a partition holds: all of it');
    assert.deepEqual(printed(['-t', topic, '-e', '-p', '1', '-o', '-2']).lines, expected([1], 8, 10));
    assert.deepEqual(printed(['-t', topic, '-e', '-p', '0,1', '-p', '1']).lines, expected([0, 1], 0, 10));
  });

  it('-o with a group: stored goes on after the last run\'s commit; another offset applies when the run is first given a partition', async () => {
    const topic = await filledTopic(1, 12);
    const group = uniqueGroup('cli-stored');
    assert.deepEqual(printed(['-t', topic, '-G', group, '-c', '5', ...shortSession]).lines, expected([0], 0, 5), 'a new group: from the beginning');
    assert.deepEqual(printed(['-t', topic, '-G', group, '-o', 'stored', '-e', ...shortSession]).lines, expected([0], 5, 12));
    assert.deepEqual(printed(['-t', topic, '-G', group, '-o', 'beginning', '-e', '--commit', 'none', ...shortSession]).lines, expected([0], 0, 12));
    assert.deepEqual(printed(['-t', topic, '-G', uniqueGroup('cli-tail'), '-o', '-2', '-e', ...shortSession]).lines, expected([0], 10, 12));
    assert.deepEqual(printed(['-t', topic, '-G', group, '-e', ...shortSession]).lines, [], 'the default with -G is stored: all of it was committed');
  });

  it('-c prints exactly COUNT messages and exits; -e first if the partitions end before', async () => {
    const topic = await filledTopic(3, 10);
    const counted = printed(['-t', topic, '-c', '7']);
    assert.equal(counted.lines.length, 7);
    assert.match(counted.stderr, /^rdkafka-napi consume: 7 messages; by partition: (\d=\d ?)+\n$/);
    assert.equal(printed(['-t', topic, '-c', '1']).lines.length, 1);
    assert.match(printed(['-t', topic, '-c', '1']).stderr, /: 1 message; by partition/);
    assert.deepEqual(printed(['-t', topic, '-c', '100', '-e']).lines, expected([0, 1, 2], 0, 10));
    assert.equal(printed(['-t', topic, '-c', '25', '-G', uniqueGroup('cli-count'), ...shortSession]).lines.length, 25);
  });

  it('-e ends when every partition of every topic is at its end, empty ones too', async () => {
    const first = uniqueTopic('cli-ends');
    const second = uniqueTopic('cli-ends-empty');
    cluster.createTopic(first, 3, 1);
    cluster.createTopic(second, 1, 1);
    await producer.send({ topic: first, partition: 0, payload: 'a' }, Timeout.Never);
    await producer.send({ topic: first, partition: 2, payload: 'b' }, Timeout.Never);
    await producer.send({ topic: first, partition: 2, payload: 'c' }, Timeout.Never);
    const started = Date.now();
    const { status, stdout, stderr } = run(['consume', '-b', brokers, '-t', first, '-t', second, '-e', '-f', '%t/%p/%o %s\\n']);
    assert.equal(status, 0, stderr);
    assert.deepEqual(stdout.split('\n').filter(Boolean).sort(), [`${first}/0/0 a`, `${first}/2/0 b`, `${first}/2/1 c`]);
    assert.equal(stderr, `rdkafka-napi consume: 3 messages; by partition: ${first}/0=1 ${first}/2=2\n`);
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    const grouped = printed(['-t', first, '-t', second, '-e', '-G', uniqueGroup('cli-ends'), ...shortSession]);
    assert.equal(grouped.lines.length, 3, 'with a group too');
  });

  it('answers bad arguments with one line on stderr and exit code 2', () => {
    const bad: Array<[string[], RegExp]> = [
      [['consume'], /missing -t TOPIC/],
      [['consume', '-t', 'x', '-b', ''], /-b expects host:port/],
      [['consume', '-t', 'x', '--bogus'], /Unknown option '--bogus'/],
      [['consume', '-t', 'x', '-o', 'middle'], /-o expects beginning, end, stored, N \(an offset\) or -N .*, got "middle"/],
      [['consume', '-t', 'x', '-o', '-0'], /-o -N expects N >= 1/],
      [['consume', '-t', 'x', '-o', '1.5'], /-o expects .*got "1.5"/],
      [['consume', '-t', 'x', '-o'], /Option '-o, --offset <value>' argument missing/],
      [['consume', '-t', 'x', '-o', 'stored'], /-o stored needs a group \(-G\)/],
      [['consume', '-t', 'x', '-G', 'g', '-p', '0'], /-p and -G exclude each other/],
      [['consume', '-t', 'x', '-p', 'a'], /-p expects a whole number/],
      [['consume', '-t', 'x', '-p', '0,'], /-p expects a whole number/],
      [['consume', '-t', 'x', '-c', '0'], /-c expects a whole number from 1/],
      [['consume', '-t', 'x', '-c', '-5'], /Option '-c' argument is ambiguous\. Did you forget .* use '--count=-XYZ' or '-c-XYZ'/],
      [['consume', '-t', 'x', '-f', '%x'], /-f: unknown field "%x" \(known: %t topic/],
      [['consume', '-t', 'x', '-f', '\\q'], /-f: unknown escape "\\q"/],
      [['consume', '-t', 'x', '-f', 'a%'], /-f ends with a lone "%"/],
      [['consume', '-t', 'x', '-J', '-f', '%s'], /-J and -f exclude each other/],
      [['consume', '-t', 'x', '-J', '--encoding', 'hex'], /--encoding expects utf8 or base64, got "hex"/],
      [['consume', '-t', 'x', '--encoding', 'base64'], /--encoding is for -J/],
      [['consume', '-t', 'x', '--commit', 'each'], /--commit each needs a group \(-G\)/],
      [['consume', '-t', 'x', '-G', 'g', '--commit', 'sometimes'], /--commit expects written, each, auto, none, got "sometimes"/],
      [['consume', '-t', 'x', '-X', 'group.id=g'], /-X group.id: use -G GROUP/],
      [['consume', '-t', 'x', '-G', 'g', '-X', 'enable.auto.commit=true'], /-X enable.auto.commit: --commit sets it/],
      [['consume', '-t', 'x', '-X', 'no.such.property=1'], /No such configuration property: "no.such.property"/],
      [['consume', '-t', 'x', '-b', '127.0.0.1:1', '-X', 'fetch.wait.max.ms=-5'], /fetch.wait.max.ms/],
      [['consume', '-t', '^x.*'], /-t \^x\.\* is a pattern: patterns need -G/],
      [['consume', '-t', '^x.*', '-G', 'g'], /a pattern topic \(\^\.\.\.\) cannot be produced into/],
      [['consume', '-t', 'x', '-b', '127.0.0.1:1', '-k', ':'], /-k shapes the lines produced first/],
      [['consume', '-t', 'x', '-b', '127.0.0.1:1', '--mock-partitions', '2'], /--mock-partitions is for the in-process mock cluster/],
      [['consume', '-t', 'x', '--produce', 'no-such-file.txt'], /no such file: no-such-file.txt/],
      [['bench', '--consumer', 'fast'], /--consumer expects stream, batches, base, got "fast"/],
      [['bench', '--producer', 'base', '--consumer', 'stream'], /--producer and --consumer exclude each other/],
    ];
    for (const [args, pattern] of bad) assertUsageError(args, pattern);
  });

  it('exit code 1, one line: brokers that cannot be reached, a topic or a partition that does not exist', async () => {
    const unreachable = run(['consume', '-b', '127.0.0.1:1', '--timeout', '500', '-t', 'x']);
    assert.equal(unreachable.status, 1, unreachable.stderr);
    assert.equal(unreachable.stderr.trimEnd().split('\n').length, 1, unreachable.stderr);
    assert.match(unreachable.stderr, /^rdkafka-napi consume: cannot reach the brokers at 127\.0\.0\.1:1 within 500 ms/);
    const missing = run(['consume', '-b', brokers, '-t', uniqueTopic('cli-missing'), '-e']);
    assert.equal(missing.status, 1, missing.stderr);
    assert.match(missing.stderr, /^rdkafka-napi consume: topic "cli-missing-[\w-]+" does not exist\n$/);
    const topic = await filledTopic(2, 1);
    const partition = run(['consume', '-b', brokers, '-t', topic, '-p', '1,5,7', '-e']);
    assert.equal(partition.status, 1, partition.stderr);
    assert.equal(partition.stderr, `rdkafka-napi consume: topic "${topic}" has no partition 5, 7 (it has 2 partitions: 0-1)\n`);
  });

  for (const { mode, args, signal } of [
    { mode: 'the default (written)', args: [], signal: 'SIGINT' as const },
    { mode: 'each', args: ['--commit', 'each'], signal: 'SIGTERM' as const },
    { mode: 'auto', args: ['--commit', 'auto'], signal: 'SIGINT' as const },
  ]) {
    it(`${signal} with --commit ${mode}: commits what was written, leaves the group, exits 0; the next run starts after it`, async () => {
      const topic = await filledTopic(2, 10);
      const group = uniqueGroup('cli-interrupted');
      const consumer = startCli(['consume', '-b', brokers, '-t', topic, '-G', group, '-f', '%p %o %s\\n', ...shortSession, ...args]);
      try {
        const lines = await consumer.stdoutLines(20);
        assert.deepEqual([...lines].sort(), expected([0, 1], 0, 10));
        cluster.startRequestTracking();
        consumer.child.kill(signal);
        const { code, signal: killedBy } = await consumer.exited;
        const requests = cluster.stopRequestTracking().map((request) => request.apiKey);
        assert.deepEqual({ code, killedBy }, { code: 0, killedBy: null }, consumer.output.stderr);
        assert.ok(requests.includes(ApiKey.LeaveGroup), 'no LeaveGroup: it did not leave the group');
        assert.match(consumer.output.stderr, /rdkafka-napi consume: 20 messages; by partition: 0=10 1=10\n$/);
        assert.doesNotMatch(consumer.output.stderr, /fail|error/i);
      } finally {
        consumer.stop();
      }
      await send(topic, 3, 2, 10);
      assert.deepEqual(printed(['-t', topic, '-G', group, '-e', ...shortSession]).lines, expected([0, 1], 10, 13), 'the next run printed again, or missed some');
    });
  }

  it('Ctrl-C with the brokers gone: gives up on the commit and the group after --timeout each, exit 1; a second Ctrl-C exits 130 at once', async () => {
    const own = new MockCluster();
    own.setGroupInitialRebalanceDelay(50);
    const topic = uniqueTopic('cli-gone');
    own.createTopic(topic, 1, 1);
    const ownProducer = new FutureProducer({ 'bootstrap.servers': own.bootstrapServers }, { error: () => {} }); // the broker goes down on purpose
    try {
      for (const payload of ['a', 'b', 'c']) await ownProducer.send({ topic, payload }, Timeout.Never);
      for (const impatient of [false, true]) {
        own.setBrokerUp(1);
        const consumer = startCli(['consume', '-b', own.bootstrapServers, '-t', topic, '-G', uniqueGroup('cli-gone'), '--timeout', '1500', ...shortSession]);
        try {
          await consumer.stdoutLines(3);
          own.setBrokerDown(1);
          await delay(300);
          consumer.child.kill('SIGINT');
          const firstAt = Date.now();
          if (impatient) {
            await delay(300);
            const secondAt = Date.now();
            consumer.child.kill('SIGINT');
            const { code, at } = await consumer.exited;
            assert.equal(code, 130, consumer.output.stderr);
            assert.ok(at - secondAt < 1000, `exited ${at - secondAt} ms after the second Ctrl-C`);
          } else {
            const { code, at } = await consumer.exited;
            const { stderr } = consumer.output;
            assert.equal(code, 1, stderr);
            assert.match(stderr, /the last commit failed: no answer from the group's coordinator within 1500 ms/);
            assert.match(stderr, /did not leave its group within 1500 ms/);
            assert.match(stderr, /: 3 messages; by partition: 0=3\n$/);
            assert.ok(at - firstAt >= 2500 && at - firstAt < 8000, `exited ${at - firstAt} ms after Ctrl-C`);
          }
        } finally {
          consumer.stop();
        }
      }
    } finally {
      await ownProducer.close();
      own.close();
    }
  });

  it('a last commit the broker refuses: exit 1, the reason said once', async () => {
    const topic = await filledTopic(1, 3);
    const consumer = startCli(['consume', '-b', brokers, '-t', topic, '-G', uniqueGroup('cli-refused'), ...shortSession]);
    try {
      await consumer.stdoutLines(3);
      cluster.pushRequestErrors(ApiKey.OffsetCommit, [30, 30, 30, 30, 30]); // GroupAuthorizationFailed
      consumer.child.kill('SIGINT');
      const { code } = await consumer.exited;
      const { stderr } = consumer.output;
      assert.equal(code, 1, stderr);
      assert.equal(stderr.match(/GroupAuthorizationFailed/g)?.length, 1, stderr);
      assert.match(stderr, /^rdkafka-napi consume: commit failed: .*GroupAuthorizationFailed/m);
    } finally {
      consumer.stop();
      cluster.clearRequestErrors(ApiKey.OffsetCommit);
    }
  });

  it('--commit none: the group commits nothing, so the next run starts over', async () => {
    const topic = await filledTopic(1, 4);
    const group = uniqueGroup('cli-no-commit');
    cluster.startRequestTracking();
    assert.deepEqual(printed(['-t', topic, '-G', group, '-e', '--commit', 'none', ...shortSession]).lines, expected([0], 0, 4));
    assert.ok(!cluster.stopRequestTracking().some((request) => request.apiKey === ApiKey.OffsetCommit), 'an OffsetCommit was sent');
    assert.deepEqual(printed(['-t', topic, '-G', group, '-e', ...shortSession]).lines, expected([0], 0, 4));
  });

  it('a reader that goes away (| head) ends it: exit 0, no error', async () => {
    const topic = uniqueTopic('cli-epipe');
    cluster.createTopic(topic, 1, 1);
    // Much more than a pipe holds, so that a write fails after head has gone.
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < 50_000; i++) sends.push(producer.send({ topic, payload: `message number ${i}` }, Timeout.Never));
    await Promise.all(sends);
    const script = `"${process.execPath}" "${cli}" consume -b ${brokers} -t ${topic} -e | head -n 3; echo "exit \${PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script], { cwd: packageRoot, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.stdout, 'message number 0\nmessage number 1\nmessage number 2\n');
    const summary = /rdkafka-napi consume: ([\d,]+) messages; by partition: 0=\d+\nexit 0\n$/.exec(result.stderr);
    assert.ok(summary, result.stderr);
    assert.ok(Number(summary[1].replace(/,/g, '')) < 50_000, 'it printed everything: the reader never went away');
    assert.doesNotMatch(result.stderr, /EPIPE|error/i);
  });

  it('without --brokers: an in-process mock cluster, seeded with the lines of stdin or of --produce FILE', () => {
    const fromStdin = run(['consume', '-t', 'demo', '-e', '-k', ':', '-H', 'from=stdin', '-f', '%k=%s %h\\n'], 'a:1\nb:2\nno key\n');
    assert.equal(fromStdin.status, 0, fromStdin.stderr);
    assert.equal(fromStdin.stdout, 'a=1 from=stdin\nb=2 from=stdin\n=no key from=stdin\n', 'in order: one partition');
    assert.match(fromStdin.stderr, /^rdkafka-napi consume: no --brokers, so consuming from an in-process mock cluster at 127\.0\.0\.1:\d+, seeded with the lines of stdin\n/);
    assert.match(fromStdin.stderr, /produced 3 lines into demo\n/);
    const file = path.join(dir, 'seed.txt');
    fs.writeFileSync(file, Array.from({ length: 30 }, (_, i) => `key-${i}:value ${i}\n`).join(''));
    const fromFile = run(['consume', '-t', 'seeded', '-t', 'copy', '--produce', file, '-k', ':', '--mock-partitions', '3', '-G', 'readers', '-e', '-J']);
    assert.equal(fromFile.status, 0, fromFile.stderr);
    const messages = jsonLines(fromFile.stdout);
    assert.equal(messages.length, 60, 'every line in each topic');
    for (const topic of ['seeded', 'copy']) {
      const ofTopic = messages.filter((m) => m.topic === topic);
      assert.deepEqual(ofTopic.map((m) => `${m.key}:${m.payload}`).sort(), Array.from({ length: 30 }, (_, i) => `key-${i}:value ${i}`).sort());
      assert.deepEqual([...new Set(ofTopic.map((m) => m.partition))].sort(), [0, 1, 2]);
    }
  });

  it('bench --consumer reads back a filled topic with each consumer and prints msgs/s and MB/s', () => {
    for (const kind of ['stream', 'batches', 'base']) {
      const result = run(['bench', '--consumer', kind, '-n', '3000', '-s', '10']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^${kind} consumer: 3,000 messages of 10 B in [\\d.]+ s: [\\d,]+ msgs/s, [\\d.]+ MB/s\\n$`));
    }
  });
});
