// consume's command line, read into what a run needs; every mistake is a UsageError that names it.
import * as fs from 'fs';
import type { Header } from '../producer/record';
import { commitChoices, commitProperties, parseCommits } from './commit-modes';
import type { ConsumeJob } from './consume-loop';
import { compileFormat } from './format';
import { jsonFormatter, parseEncoding } from './json-lines';
import { attachNegativeOffsets, parseStartOffset } from './offsets-arg';
import type { Seed } from './seed';
import { UsageError, pairs, parse, parseWholeNumberFlag, wholeNumberList } from './usage';

export interface ConsumeArgs {
  /** Everything but the brokers, which are known once a mock cluster is started when none are given. */
  job: Omit<ConsumeJob, 'brokers'>;
  brokers: string | undefined;
  seed: { lines: Seed | undefined; mockPartitions: number };
}

export function readConsumeArgs(args: string[]): ConsumeArgs {
  const { values } = parse(attachNegativeOffsets(args), {
    topic: { type: 'string', short: 't', multiple: true },
    brokers: { type: 'string', short: 'b' },
    group: { type: 'string', short: 'G' },
    partition: { type: 'string', short: 'p', multiple: true },
    offset: { type: 'string', short: 'o' },
    count: { type: 'string', short: 'c' },
    exit: { type: 'boolean', short: 'e' },
    format: { type: 'string', short: 'f' },
    json: { type: 'boolean', short: 'J' },
    encoding: { type: 'string' },
    commit: { type: 'string' },
    property: { type: 'string', short: 'X', multiple: true },
    timeout: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    produce: { type: 'string' },
    'key-separator': { type: 'string', short: 'k' },
    header: { type: 'string', short: 'H', multiple: true },
    'mock-partitions': { type: 'string' },
  });
  if (values.brokers === '') throw new UsageError('-b expects host:port[,...], got ""');
  const topics = [...new Set(values.topic ?? [])];
  if (topics.length === 0) throw new UsageError('missing -t TOPIC');
  if (topics.includes('')) throw new UsageError('-t expects a topic name, got ""');
  const group = values.group;
  if (group === '') throw new UsageError('-G expects a group name, got ""');
  const patterns = topics.filter((topic) => topic.startsWith('^'));
  if (patterns.length > 0 && group === undefined) throw new UsageError(`-t ${patterns[0]} is a pattern: patterns need -G (a group subscribes to them)`);
  const partitions = wholeNumberList(values.partition, '-p', 0, 2 ** 31 - 1);
  if (partitions.length > 0 && group !== undefined) throw new UsageError('-p and -G exclude each other: the group assigns the partitions');
  const start = values.offset === undefined ? (group === undefined ? 'beginning' : 'stored') : parseStartOffset(values.offset);
  if (start === 'stored' && group === undefined) throw new UsageError('-o stored needs a group (-G): without one nothing is stored');
  const commits = parseCommits(values.commit, group !== undefined);
  if (values.json && values.format !== undefined) throw new UsageError('-J and -f exclude each other');
  if (values.encoding !== undefined && !values.json) throw new UsageError('--encoding is for -J');
  const encoding = parseEncoding(values.encoding);
  const print = values.json ? jsonFormatter(encoding) : compileFormat(values.format ?? '%s\\n');
  const properties = pairs(values.property, '-X');
  for (const [name] of properties) {
    if (name === 'group.id') throw new UsageError('-X group.id: use -G GROUP');
    if (commitProperties.includes(name)) throw new UsageError(`-X ${name}: --commit sets it (${commitChoices.join(', ')})`);
  }
  const seed = seedOptions(values, values.brokers === undefined, patterns.length > 0);

  const job = {
    topics,
    group,
    partitions,
    start,
    count: values.count === undefined ? undefined : parseWholeNumberFlag(values.count, '-c', 0, 1),
    exitAtEnd: values.exit === true,
    print,
    commits,
    properties,
    timeoutMs: parseWholeNumberFlag(values.timeout, '--timeout', 10_000, 1),
    quiet: values.quiet === true,
  };
  return { job, brokers: values.brokers, seed };
}

/** The lines to produce first: --produce FILE, or stdin when there are no brokers; the options that shape them. */
function seedOptions(
  values: { produce?: string; 'key-separator'?: string; header?: string[]; 'mock-partitions'?: string },
  mock: boolean,
  patterns: boolean,
) {
  const file = values.produce;
  const seeding = file !== undefined || mock;
  for (const [flag, given] of [
    ['-k', values['key-separator'] !== undefined],
    ['-H', values.header !== undefined],
  ] as const) {
    if (given && !seeding) throw new UsageError(`${flag} shapes the lines produced first: it needs --produce FILE, or no --brokers`);
  }
  if (values['mock-partitions'] !== undefined && !mock) throw new UsageError('--mock-partitions is for the in-process mock cluster: not with --brokers');
  if (seeding && patterns) throw new UsageError('a pattern topic (^...) cannot be produced into: give --brokers, and no --produce');
  if (file !== undefined && !fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const separator = values['key-separator'];
  if (separator === '') throw new UsageError('-k expects a non-empty separator');
  const headers: Header[] = pairs(values.header, '-H').map(([key, value]) => ({ key, value }));
  return {
    lines: seeding ? { file, separator, headers } : undefined,
    mockPartitions: parseWholeNumberFlag(values['mock-partitions'], '--mock-partitions', 1, 1, 10_000),
  };
}
