import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { uniqueTopic } from '../helpers';
import { uniqueGroup } from '../support/consumers';
import { run } from '../support/cli';
import { readBack } from '../support/kafka-reader';
import { bootstrap, createTopic, ownCluster } from './kafka';

// `rdkafka-napi produce -b <bootstrap>` and `consume -b <bootstrap>` against Apache Kafka, as a user runs them;
// what they wrote and read is checked with kafkajs.
describe('kafka: the command line', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-kafka-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('produce: each line of a file is a message with its key, payload and headers; the summary counts them by partition as Kafka stored them', async () => {
    const topic = uniqueTopic('kafka-cli');
    await createTopic(topic, 3);
    const lines: Buffer[] = [
      ...Array.from({ length: 100 }, (_, i) => Buffer.from(i % 10 === 0 ? `no key ${i}` : `key-${i % 7}:value ${i}: with a colon`)),
      Buffer.from('crlf:ends with CR LF\r'), // the '\r' before '\n' is dropped
      Buffer.from([0x62, 0x3a, 0xff, 0x00, 0xfe]), // key "b", a payload that is not UTF-8
      Buffer.from(':empty key'),
    ];
    const file = path.join(dir, 'lines.txt');
    fs.writeFileSync(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
    const { status, stdout, stderr } = run(['produce', '-b', bootstrap(), '-t', topic, '-k', ':', '-H', 'source=cli', '-X', 'acks=all', file]);
    assert.equal(status, 0, `exit ${status}; stderr:\n${stderr}`);
    assert.equal(stderr, '', 'nothing on stderr (no mock cluster, no failures)');
    const summary = /^sent 103, delivered 103, failed 0; by partition: ((?:\d+=\d+ ?)+)\n$/.exec(stdout);
    assert.ok(summary, `summary: ${stdout}`);

    const read = await readBack(bootstrap(), topic, lines.length);
    const expected = lines.map((line) => {
      const text = line.toString('latin1').replace(/\r$/, '');
      const at = text.indexOf(':');
      return at < 0 ? `null|${text}` : `${text.slice(0, at)}|${text.slice(at + 1)}`;
    });
    const got = read.map((r) => `${r.key === null ? 'null' : r.key.toString('latin1')}|${r.value?.toString('latin1')}`);
    assert.deepEqual([...got].sort(), [...expected].sort(), 'the keys and payloads read back are the lines split at the first ":"');
    for (const r of read) assert.deepEqual(r.headers.map((h) => [h.key, h.value?.toString()]), [['source', 'cli']], `headers of ${r.partition}/${r.offset}`);
    // Messages of the same key went to the same partition.
    const partitionsOfKey = new Map<string, Set<number>>();
    for (const r of read) if (r.key !== null) partitionsOfKey.set(r.key.toString('latin1'), (partitionsOfKey.get(r.key.toString('latin1')) ?? new Set()).add(r.partition));
    for (const [key, partitions] of partitionsOfKey) assert.equal(partitions.size, 1, `key ${key} on partitions ${[...partitions].join(', ')}`);
    // The summary's counts per partition are what Kafka holds.
    const counted = new Map<number, number>();
    for (const r of read) counted.set(r.partition, (counted.get(r.partition) ?? 0) + 1);
    assert.equal(summary[1].trim(), [...counted].sort(([a], [b]) => a - b).map(([p, n]) => `${p}=${n}`).join(' '));
  });

  it('produce -p: every line to the one partition, in the order of the file', async () => {
    const topic = uniqueTopic('kafka-cli-p');
    await createTopic(topic, 3);
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const file = path.join(dir, 'ordered.txt');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { status, stdout, stderr } = run(['produce', '-b', bootstrap(), '-t', topic, '-p', '2', file]);
    assert.equal(status, 0, `exit ${status}; stderr:\n${stderr}`);
    assert.equal(stdout, 'sent 30, delivered 30, failed 0; by partition: 2=30\n');
    const read = await readBack(bootstrap(), topic, lines.length);
    assert.deepEqual(read.map((r) => `${r.partition}/${r.offset} ${r.key} ${r.value?.toString()}`), lines.map((line, i) => `2/${i} null ${line}`));
  });

  it('produce to a topic that does not exist: exit 1, each line reported failed with the broker\'s UnknownTopicOrPartition', function () {
    if (!ownCluster) this.skip(); // the harness's broker: auto-creation off, one node with id 1
    const topic = uniqueTopic('kafka-cli-missing');
    const { status, stdout, stderr } = run(['produce', '-b', bootstrap(), '-t', topic, '-X', 'topic.metadata.propagation.max.ms=1000'], 'a\nb\n');
    assert.equal(status, 1, `exit ${status}; stdout: ${stdout}; stderr:\n${stderr}`);
    assert.equal(stdout, 'sent 2, delivered 0, failed 2\n');
    assert.equal(
      stderr,
      [1, 2].map((line) => `rdkafka-napi produce: line ${line}: Message production error: UnknownTopicOrPartition (Broker: Unknown topic or partition)\n`).join(''),
    );
  });

  it('consume -e -J reads back what produce wrote, message for message; a group run goes on after the last one\'s commit', async () => {
    const topic = uniqueTopic('kafka-cli-consume');
    await createTopic(topic, 3);
    const lines: Buffer[] = [
      ...Array.from({ length: 90 }, (_, i) => Buffer.from(i % 10 === 0 ? `no key ${i}` : `key-${i % 7}:value ${i}`)),
      Buffer.from(':empty key'),
      Buffer.from([0x62, 0x3a, 0xff, 0x00, 0xfe]), // key "b", a payload that is not UTF-8
    ];
    const file = path.join(dir, 'round-trip.txt');
    fs.writeFileSync(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
    const started = Date.now();
    const produced = run(['produce', '-b', bootstrap(), '-t', topic, '-k', ':', '-H', 'source=cli', '-H', 'source=again', file]);
    assert.equal(produced.status, 0, produced.stderr);

    const consumed = run(['consume', '-b', bootstrap(), '-t', topic, '-e', '-J', '--encoding', 'base64']);
    assert.equal(consumed.status, 0, `exit ${consumed.status}; stderr:\n${consumed.stderr}`);
    assert.match(consumed.stderr, new RegExp(`^rdkafka-napi consume: ${lines.length} messages; by partition: (\\d=\\d+ ?)+\n$`));
    const decode = (text: string | null) => (text === null ? null : Buffer.from(text, 'base64'));
    const messages = consumed.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { topic: string; partition: number; offset: number; timestamp: number; timestampType: string; key: string | null; payload: string | null; headers: Array<{ key: string; value: string | null }> });
    for (const m of messages) {
      assert.equal(m.topic, topic);
      assert.equal(m.timestampType, 'CreateTime');
      assert.ok(m.timestamp >= started - 1000 && m.timestamp <= Date.now(), `timestamp ${m.timestamp}`);
    }
    const read = await readBack(bootstrap(), topic, lines.length);
    assert.deepEqual(
      messages
        .map((m) => ({ partition: m.partition, offset: m.offset, key: decode(m.key), value: decode(m.payload), headers: m.headers.map((h) => ({ key: h.key, value: decode(h.value) })) }))
        .sort((a, b) => a.partition - b.partition || a.offset - b.offset),
      read.map(({ partition, offset, key, value, headers }) => ({ partition, offset, key, value, headers })),
    );

    // A group: 40 messages, committed when the run ends; the next run of the group prints the others.
    const group = uniqueGroup('kafka-cli');
    const first = run(['consume', '-b', bootstrap(), '-t', topic, '-G', group, '-c', '40', '-f', '%p %o\\n']);
    assert.equal(first.status, 0, first.stderr);
    const second = run(['consume', '-b', bootstrap(), '-t', topic, '-G', group, '-e', '-f', '%p %o\\n']);
    assert.equal(second.status, 0, second.stderr);
    const firstLines = first.stdout.split('\n').filter(Boolean);
    const secondLines = second.stdout.split('\n').filter(Boolean);
    assert.equal(firstLines.length, 40);
    assert.deepEqual([...firstLines, ...secondLines].sort(), read.map((r) => `${r.partition} ${r.offset}`).sort(), 'each message printed once by one of the runs');
  });

  it('consume a topic that does not exist: exit 1, one line that says so', function () {
    if (!ownCluster) this.skip(); // the harness's broker: auto-creation off
    const topic = uniqueTopic('kafka-cli-consume-missing');
    const { status, stdout, stderr } = run(['consume', '-b', bootstrap(), '-t', topic, '-e']);
    assert.equal(status, 1, stderr);
    assert.equal(stdout, '');
    assert.equal(stderr, `rdkafka-napi consume: topic "${topic}" does not exist\n`);
  });
});
