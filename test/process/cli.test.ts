import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { packageRoot } from '../helpers';
import { run, startMock, stopMock } from '../support/cli';
import { readBack } from '../support/kafka-reader';

// The command line, end to end: as a user runs it, against a mock cluster it starts itself, read back by
// an independent client.

/** A user error: exit code 2 and exactly one line on stderr, no stack trace. */
function assertUsageError(args: string[], pattern: RegExp, input = '') {
  const { status, stderr } = run(args, input);
  const lines = stderr.trimEnd().split('\n').filter((line) => !line.includes('in-process mock cluster'));
  assert.equal(status, 2, `${args.join(' ')}: exit ${status}, stderr:\n${stderr}`);
  assert.equal(lines.length, 1, `${args.join(' ')}: not one line:\n${stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'a stack trace');
}

describe('rdkafka-napi (the command line)', function () {
  this.timeout(90_000);

  it('--help works for the overview and every command', () => {
    for (const args of [['--help'], ['produce', '--help'], ['consume', '--help'], ['mock', '--help'], ['bench', '--help'], ['produce', '-h']]) {
      const { status, stdout } = run(args);
      assert.equal(status, 0, args.join(' '));
      assert.match(stdout, /^Usage: rdkafka-napi/);
    }
    assert.match(run(['--version']).stdout, /^rdkafka-napi \d+\.\d+\.\d+ \(librdkafka 2\.12\.0\)/);
    assert.equal(run([]).status, 2, 'no command at all is a usage error (after the overview)');
  });

  it('answers bad input with one line on stderr and exit code 2', () => {
    assertUsageError(['nope'], /unknown command "nope"/);
    assertUsageError(['produce'], /missing -t TOPIC/);
    assertUsageError(['produce', '-t', 'x', '--bogus'], /Unknown option '--bogus'/);
    assertUsageError(['produce', '-t', 'x', '-X', 'no.such.property=1'], /No such configuration property: "no.such.property"/);
    assertUsageError(['produce', '-t', 'x', '-X', 'acks'], /-X expects name=value, got "acks"/);
    assertUsageError(['produce', '-t', 'x', '-H', '=v'], /-H expects name=value/);
    assertUsageError(['produce', '-t', 'x', '-p', 'two'], /-p expects a whole number/);
    assertUsageError(['produce', '-t', 'x', 'no-such-file.txt'], /no such file: no-such-file.txt/);
    assertUsageError(['mock', '--brokers', '0'], /--brokers expects a whole number from 1/);
    assertUsageError(['mock', '-b', '0'], /--brokers expects a whole number from 1/);
    assertUsageError(['mock', '--topic', 'a:b:c'], /--topic expects NAME or NAME:PARTITIONS/);
    assertUsageError(['bench', '--producer', 'fast'], /--producer expects base, threaded or future/);
  });

  it('produce: an unreachable broker is one line on stderr and exit code 1', () => {
    const { status, stderr } = run(['produce', '-t', 'x', '-b', '127.0.0.1:1', '--timeout', '500'], 'a\n');
    assert.equal(status, 1, stderr);
    assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
    assert.match(stderr, /cannot reach the brokers at 127\.0\.0\.1:1 within 500 ms/);
  });

  it('produce sends a file of lines with keys and headers to a cluster started by `mock`; an independent consumer reads them back', async () => {
    const { child, bootstrap } = await startMock(['--brokers', '2', '--topic', 'cli-lines:3']);
    try {
      const lines = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? `no key ${i}` : `key-${i % 7}:value ${i}: with a colon`));
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-cli-')), 'lines.txt');
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      const { status, stdout, stderr } = run(['produce', '-b', bootstrap, '-t', 'cli-lines', '-k', ':', '-H', 'source=cli', '-H', 'run=1', '-X', 'acks=all', file]);
      assert.equal(status, 0, stderr);
      assert.match(stdout, /^sent 200, delivered 200, failed 0; by partition: (\d+=\d+ ?)+\n$/);
      const counted = [...stdout.matchAll(/(\d+)=(\d+)/g)].reduce((sum, match) => sum + Number(match[2]), 0);
      assert.equal(counted, 200);

      const read = await readBack(bootstrap, 'cli-lines', 200);
      const sent = lines.map((line) => {
        const at = line.indexOf(':');
        return at < 0 ? `null|${line}` : `${line.slice(0, at)}|${line.slice(at + 1)}`;
      });
      const got = read.map((record) => `${record.key === null ? 'null' : record.key.toString()}|${record.value?.toString()}`);
      assert.deepEqual([...got].sort(), [...sent].sort());
      for (const record of read) {
        assert.deepEqual(
          record.headers.map((header) => [header.key, header.value?.toString()]),
          [
            ['source', 'cli'],
            ['run', '1'],
          ],
        );
      }
      // Messages of one key stay in order, in one partition.
      const byKey = new Map<string, Set<number>>();
      for (const record of read) if (record.key !== null) byKey.set(record.key.toString(), (byKey.get(record.key.toString()) ?? new Set()).add(record.partition));
      for (const [key, partitions] of byKey) assert.equal(partitions.size, 1, `key ${key} in several partitions`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      assert.equal(await exited, 0, 'mock did not exit cleanly on Ctrl-C');
    }
  });

  it('shows progress on a terminal only: a bar for a known total, a count otherwise, cleared at the end', () => {
    const { Progress } = require(path.join(packageRoot, 'dist', 'cli', 'progress.js'));
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stderr.write;
    try {
      const bar = new Progress(200, 'message', true);
      bar.update(50, '50 sent');
      bar.done();
      new Progress(undefined, 'message', true).update(1234);
      new Progress(undefined, 'message', true).update(1);
      new Progress(200, 'message', false).update(100);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(written.length, 4, JSON.stringify(written));
    assert.match(written[0], /^\r\[#{8} {22}\] 25% 50 sent/);
    assert.equal(written[1], '\r\x1b[K');
    assert.match(written[2], /^\r1,234 messages /);
    assert.match(written[3], /^\r1 message /);
  });

  it('produce: a message that fails is reported with its line, the others are still sent, and the exit code is 1', () => {
    // The in-process mock cluster gives the topic 3 partitions: partition 7 does not exist.
    const { status, stdout, stderr } = run(['produce', '-t', 'failing', '-p', '7'], 'a\nb\n');
    assert.equal(status, 1, stderr);
    assert.match(stdout, /^sent 2, delivered 0, failed 2\n$/);
    assert.match(stderr, /line 1: Message production error: UnknownPartition/);
    assert.match(stderr, /line 2: Message production error: UnknownPartition/);
  });

  it('produce without --brokers uses an in-process mock cluster and says so; bench runs each producer', () => {
    const produced = run(['produce', '-t', 'demo'], 'a\nb\nc\n');
    assert.equal(produced.status, 0, produced.stderr);
    assert.match(produced.stderr, /no --brokers, so producing to an in-process mock cluster at 127\.0\.0\.1:\d+/);
    assert.match(produced.stdout, /^sent 3, delivered 3, failed 0/);
    for (const kind of ['base', 'threaded', 'future']) {
      const result = run(['bench', '--producer', kind, '-n', '3000', '-s', '10']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^${kind}: 3,000 messages of 10 B in [\\d.]+ s: [\\d,]+ msgs/s, all delivered\\n$`));
    }
  });

  it('mock takes -b N as --brokers N', async () => {
    const { child, bootstrap } = await startMock(['-b', '2']);
    await stopMock(child);
    assert.equal(bootstrap.split(',').length, 2, bootstrap);
  });

  it('spells every flag the same way in every command, and the README uses only flags the --help documents', () => {
    const helps = new Map(['produce', 'consume', 'mock', 'bench'].map((command) => [command, run([command, '--help']).stdout]));
    const longOfShort = new Map<string, string>();
    for (const [command, help] of helps) {
      for (const [, short, long] of help.matchAll(/^ {2}(-\w), (--[\w-]+)/gm)) {
        const seen = longOfShort.get(short);
        assert.ok(seen === undefined || seen === long, `${short} is ${seen} elsewhere but ${long} in ${command}`);
        longOfShort.set(short, long);
      }
      assert.match(help, /^ {2}-b, --brokers /m, `${command} has no -b, --brokers`);
    }
    const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('\n## ', readme.indexOf('## Command line')));
    const examples = [...section.matchAll(/^rdkafka-napi (\w+) (.*)$/gm)];
    assert.ok(examples.length >= 3, 'no examples found in the README');
    for (const [, command, rest] of examples) {
      for (const [flag] of rest.replace(/#.*$/, '').matchAll(/(?<=^|\s)--?[A-Za-z][\w-]*/g)) {
        assert.match(helps.get(command) ?? '', new RegExp(`^ +(-\\w, )?${flag}[, ]`, 'm'), `README: ${command} ${flag} is not in its --help`);
      }
    }
  });

  it('mock stops cleanly on Ctrl-C, even straight after it printed its address', async () => {
    // A race when it was lost: a few rounds make it show.
    for (let round = 1; round <= 8; round++) {
      const { child } = await startMock(['-b', '3']);
      assert.equal(await stopMock(child), 0, `round ${round}: killed by the signal instead of stopping`);
    }
  });

  it('counts one thing in the singular', () => {
    const benched = run(['bench', '-n', '1', '-s', '10']);
    assert.equal(benched.status, 0, benched.stderr);
    assert.match(benched.stdout, /^threaded: 1 message of 10 B in /);
    // Six refused messages: five are listed, the sixth is counted.
    const produced = run(['produce', '-t', 'failing', '-p', '7'], 'a\nb\nc\nd\ne\nf\n');
    assert.equal(produced.status, 1, produced.stderr);
    assert.match(produced.stderr, /\.\.\. and 1 more failure\n$/);
  });

  it('produce passes each line through as bytes: keys and payloads that are not UTF-8 arrive unchanged', async () => {
    const { child, bootstrap } = await startMock(['-t', 'cli-bytes:1']);
    try {
      const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => Buffer.from(part as string)));
      const lines = [
        bytes([0xff, 0xfe], ':', [0x80, 0x61]), // no UTF-8 at all, on both sides of the separator
        bytes('plain:', [0xc3, 0x28]), // a broken two-byte sequence
        bytes([0x80]), // a lone continuation byte, no separator: no key
        bytes([0xe2, 0x82], ':€ after a truncated €'),
        bytes('crlf:a Windows line\r'), // written with '\r\n': the '\r' is part of the line ending
        bytes('cr:a lone \r inside is data'),
        bytes('big:', Array.from({ length: 200_000 }, (_, i) => (i % 2 === 0 ? 0xff : 0x80))), // spans read chunks
        bytes('last:', [0xfe], ' without a newline'),
      ];
      const expected = [
        [bytes([0xff, 0xfe]), bytes([0x80, 0x61])],
        [bytes('plain'), bytes([0xc3, 0x28])],
        [null, bytes([0x80])],
        [bytes([0xe2, 0x82]), bytes('€ after a truncated €')],
        [bytes('crlf'), bytes('a Windows line')],
        [bytes('cr'), bytes('a lone \r inside is data')],
        [bytes('big'), lines[6].subarray(4)],
        [bytes('last'), bytes([0xfe], ' without a newline')],
      ];
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-cli-')), 'bytes.bin');
      fs.writeFileSync(file, Buffer.concat(lines.flatMap((line, i) => (i < lines.length - 1 ? [line, bytes('\n')] : [line]))));
      const { status, stdout, stderr } = run(['produce', '-b', bootstrap, '-t', 'cli-bytes', '-k', ':', file]);
      assert.equal(status, 0, stderr);
      assert.match(stdout, /^sent 8, delivered 8, failed 0; by partition: 0=8\n$/);
      const read = await readBack(bootstrap, 'cli-bytes', expected.length);
      assert.deepEqual(
        read.map((record) => [record.key, record.value]),
        expected,
      );
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  });

  it('splits lines at the byte 0x0a wherever the input is cut into chunks', async () => {
    const { lines } = require(path.join(packageRoot, 'dist', 'cli', 'lines.js'));
    const input = ['a\r', '\nb', 'c\n\n', 'd\xff', '\r\r\n', '\n', 'e\r'].map((text) => Buffer.from(text, 'latin1'));
    const got: string[] = [];
    for await (const line of lines(Readable.from(input))) got.push(line.toString('latin1'));
    assert.deepEqual(got, ['a', 'bc', '', 'd\xff\r', '', 'e\r']);
  });
});
