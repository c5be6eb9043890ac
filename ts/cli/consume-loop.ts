// consume's work: a StreamConsumer reads batches of messages; each batch is formatted, written to stdout in one
// write, and only then committed (--commit), until -c, -e, Ctrl-C or a reader that goes away says stop. Then what
// was written is committed, the group is left, and a summary goes to stderr.
import type { Message } from '../consumer/message';
import type { Offset } from '../consumer/offset';
import { StreamConsumer } from '../consumer/stream-consumer';
import type { TopicPartition } from '../consumer/topic-partition';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { type Commits, afterWritten, commitAtEnd, commitSettings } from './commit-modes';
import type { Formatter, Piece } from './format';
import { groupRebalance } from './group-rebalance';
import type { Interrupt } from './interrupt';
import { Output } from './output';
import { PartitionEnds } from './partition-ends';
import { Progress } from './progress';
import { UsageError } from './usage';
import { count } from './words';

export interface ConsumeJob {
  brokers: string;
  topics: string[];
  group: string | undefined;
  /** Without a group: the partitions to read (empty: all of them). */
  partitions: number[];
  start: Offset;
  count: number | undefined;
  exitAtEnd: boolean;
  print: Formatter;
  commits: Commits;
  properties: Array<[string, string]>;
  timeoutMs: number;
  quiet: boolean;
}

/** The most messages formatted into one write. */
const MAX_BATCH = 1000;

const say = (line: string) => process.stderr.write(`rdkafka-napi consume: ${line}\n`);

/** A consumer made for a job, not reading yet. */
export interface Reader {
  job: ConsumeJob;
  consumer: StreamConsumer;
  ends: PartitionEnds;
  complaints: Complaints;
}

/**
 * What goes wrong, said on stderr once each: librdkafka reports a broker that is down again at each attempt to
 * reconnect, and the last commit and its own at close may fail alike.
 */
class Complaints {
  /** Global errors are not said while connecting, where one line says what failed. */
  shown = false;
  readonly #said = new Set<string>();

  once(line: string): void {
    if (this.#said.has(line)) return;
    this.#said.add(line);
    say(line);
  }
}

/** Makes the consumer: a mistake in its properties is a UsageError, found before anything else is done. */
export function prepareReader(job: ConsumeJob): Reader {
  const ends = new PartitionEnds();
  const complaints = new Complaints();
  return { job, consumer: createConsumer(job, ends, complaints), ends, complaints };
}

/** Reads and prints until told to stop; resolves the exit code. The consumer is closed in the end. */
export async function consumeLoop({ job, consumer, ends, complaints }: Reader, interrupt: Interrupt): Promise<number> {
  let failed = false;
  try {
    const assignment = await Promise.race([partitionsToRead(consumer, job), interrupt.signalled.then(() => [])]);
    if (typeof assignment === 'string') {
      say(assignment);
      return 1;
    }
    if (interrupt.happened) return 0;
    complaints.shown = true;
    if (job.group !== undefined) {
      consumer.subscribe(job.topics);
    } else {
      consumer.assign(assignment);
      ends.assigned(assignment);
    }
    const output = new Output();
    const printed = await readAndPrint(consumer, job, ends, complaints, interrupt, output);
    if (output.failure !== undefined) {
      say(`cannot write to stdout: ${output.failure.message}`);
      failed = true;
    }
    failed = printed.fatal || failed;
    // What was written is committed before the group is left: the next run of the group starts after it.
    if (job.group !== undefined) {
      await commitAtEnd(consumer, job.commits, job.timeoutMs).catch((error: Error) => {
        // A refusal from the broker was printed by the commit callback already.
        if (!(error instanceof KafkaError && error.kind === 'ConsumerCommit')) say(`the last commit failed: ${error.message}`);
        failed = true;
      });
    }
    await consumer.close({ timeoutMs: job.timeoutMs }).catch((error: Error) => {
      say(error.message);
      failed = true;
    });
    if (!job.quiet) say(printed.summary());
    return failed ? 1 : 0;
  } finally {
    await consumer.close({ timeoutMs: job.timeoutMs }).catch(() => {});
  }
}

function createConsumer(job: ConsumeJob, ends: PartitionEnds, complaints: Complaints): StreamConsumer {
  const config = {
    // A group new to the topic reads it from the beginning, as a run without a group does.
    ...(job.group === undefined ? {} : { 'group.id': job.group, 'auto.offset.reset': 'earliest' }),
    ...Object.fromEntries(job.properties),
    ...commitSettings(job.commits),
    'enable.partition.eof': job.exitAtEnd,
    'bootstrap.servers': job.brokers,
  };
  try {
    return new StreamConsumer(
      config,
      {
        error: (error) => complaints.shown && complaints.once(error.message),
        commitCallback(error, offsets) {
          if (error?.code === RDKafkaErrorCode.NoOffset) return; // nothing new to commit: not a failure
          // The failure of the whole commit, or else of some of its partitions.
          if (error !== null) complaints.once(`commit failed: ${error.message}`);
          else for (const { topic, partition, error: failure } of offsets) if (failure) complaints.once(`commit of ${topic}/${partition} failed: ${failure.message}`);
        },
        ...(job.group === undefined ? {} : groupRebalance(job.start, ends)),
      },
      { maxBatchSize: MAX_BATCH },
    );
  } catch (error) {
    // An unknown property or a bad value is a mistake on the command line.
    if (error instanceof KafkaError && error.kind === 'ClientConfig') throw new UsageError(error.message.replace(/^Client config error: /, ''));
    throw error;
  }
}

/**
 * Checks that the brokers answer and that every topic (and partition asked for) exists; resolves the partitions to
 * assign (without a group), or a line saying what is wrong.
 */
async function partitionsToRead(consumer: StreamConsumer, job: ConsumeJob): Promise<TopicPartition[] | string> {
  const list: TopicPartition[] = [];
  for (const topic of job.topics) {
    if (topic.startsWith('^')) continue; // a pattern: the group finds its topics
    let partitions: number[];
    try {
      const metadata = await consumer.fetchMetadata(topic, job.timeoutMs);
      const found = metadata.topics.find((candidate) => candidate.name === topic);
      if (found === undefined || found.error === RDKafkaErrorCode.UnknownTopicOrPartition) return `topic "${topic}" does not exist`;
      if (found.error !== null) return `topic "${topic}": ${new KafkaError('MetadataFetch', found.error).message}`;
      partitions = found.partitions.map((partition) => partition.id).sort((a, b) => a - b);
    } catch (error) {
      return `cannot reach the brokers at ${job.brokers} within ${job.timeoutMs} ms (${(error as Error).message})`;
    }
    const missing = job.partitions.filter((partition) => !partitions.includes(partition));
    if (missing.length > 0) return `topic "${topic}" has no partition ${missing.join(', ')} (it has ${count(partitions.length, 'partition')}: 0-${partitions.length - 1})`;
    for (const partition of job.partitions.length > 0 ? job.partitions : partitions) list.push({ topic, partition, offset: job.start });
  }
  return list;
}

/** What was printed, by partition. */
class Printed {
  total = 0;
  fatal = false;
  readonly #byPartition = new Map<string, number>();
  readonly #topics: number;

  constructor(topics: number) {
    this.#topics = topics;
  }

  add(messages: readonly Message[]): void {
    this.total += messages.length;
    for (const { topic, partition } of messages) {
      const key = this.#topics > 1 ? `${topic}/${partition}` : String(partition);
      this.#byPartition.set(key, (this.#byPartition.get(key) ?? 0) + 1);
    }
  }

  /** `3 messages; by partition: 0=2 1=1` */
  summary(): string {
    const partitions = [...this.#byPartition].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([key, n]) => `${key}=${n}`);
    return `${count(this.total, 'message')}${partitions.length > 0 ? `; by partition: ${partitions.join(' ')}` : ''}`;
  }
}

/** Reads, prints and commits until told to stop. */
async function readAndPrint(consumer: StreamConsumer, job: ConsumeJob, ends: PartitionEnds, complaints: Complaints, interrupt: Interrupt, output: Output): Promise<Printed> {
  const printed = new Printed(job.topics.length);
  const stop = new AbortController();
  void interrupt.signalled.then(() => stop.abort());
  void output.gone.then(() => stop.abort());
  // A bar when the count is known; only when stdout is not the terminal the bar would be drawn over.
  const progress = new Progress(job.count, 'message', process.stderr.isTTY === true && process.stdout.isTTY !== true && !job.quiet);
  const reportCommit = (error: unknown) => complaints.once(`commit failed: ${(error as Error).message}`);
  while (!stop.signal.aborted) {
    try {
      // With -c, no more is taken than is still to print: what is handed out may be committed (--commit auto).
      const maxMessages = job.count === undefined ? MAX_BATCH : Math.min(MAX_BATCH, job.count - printed.total);
      for await (const batch of consumer.batches({ signal: stop.signal, maxMessages })) {
        const pieces: Piece[] = [];
        for (const message of batch) {
          job.print(message, pieces);
          if (job.exitAtEnd) ends.message(message);
        }
        if (!(await output.write(bytesOf(pieces)))) break;
        printed.add(batch);
        progress.update(printed.total);
        afterWritten(consumer, job.commits, batch, reportCommit);
        if (job.count !== undefined) {
          if (printed.total >= job.count) stop.abort();
          break; // a new batches() with what is left to print
        }
      }
    } catch (error) {
      if (!(error instanceof KafkaError)) throw error;
      if (error.kind === 'PartitionEOF') {
        ends.reachedEnd(error as Required<Pick<KafkaError, 'topic' | 'partition'>>);
        if (job.exitAtEnd && ends.allAtEnd) stop.abort();
        continue;
      }
      complaints.once(error.message);
      if (error.isFatal) {
        printed.fatal = true;
        stop.abort();
      }
    }
  }
  progress.done();
  return printed;
}

/** The pieces as one buffer; runs of strings are encoded together. */
function bytesOf(pieces: Piece[]): Buffer {
  const buffers: Buffer[] = [];
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text += piece;
    } else {
      if (text !== '') buffers.push(Buffer.from(text));
      text = '';
      buffers.push(piece);
    }
  }
  if (text !== '') buffers.push(Buffer.from(text));
  return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers);
}
