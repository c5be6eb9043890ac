// rdkafka-napi produce: one message per line of a file or stdin, kcat style.
import * as fs from 'fs';
import { addAbortSignal } from 'stream';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import type { BaseRecord, Header } from '../producer/record';
import { ThreadedProducer } from '../producer/threaded-producer';
import { withBrokers } from './brokers';
import { type Interrupt, catchInterrupt, interruptedExitCode } from './interrupt';
import { lines } from './lines';
import { Progress } from './progress';
import { Tally } from './tally';
import { type Command, UsageError, pairs, parse, parseWholeNumberFlag } from './usage';
import { count } from './words';

const help = `Usage: rdkafka-napi produce -t TOPIC [options] [FILE]

Sends each line of FILE (or of stdin) as one message, then prints what happened:
  sent 3, delivered 3, failed 0; by partition: 0=2 1=1
Lines are bytes, sent as they are: a line ends at '\\n' (a '\\r' before it is dropped), and keys and
payloads need not be UTF-8. Exits 0 when every message was delivered, 1 when any failed or the brokers
cannot be reached, 2 when the command line is wrong.

Ctrl-C stops reading, gives the messages in flight --timeout to be delivered (the rest fail), prints
what happened and exits 130; a second Ctrl-C exits at once.

Options:
  -t, --topic TOPIC        the topic (required)
  -b, --brokers LIST       bootstrap servers, host:port[,...]; without it, an in-process mock
                           cluster is started (the topic gets 3 partitions) and the summary says so
  -k, --key-separator SEP  split each line at the first SEP: key before, value after
                           (a line without SEP is sent with no key)
  -H, --header NAME=VALUE  a header on every message (repeatable)
  -p, --partition N        send to partition N (default: the partitioner chooses)
  -X, --property K=V       any librdkafka property, e.g. -X acks=all -X compression.type=lz4
                           (repeatable; message.timeout.ms defaults to 30000 here)
      --timeout MS         how long to wait for the brokers: to connect, and after Ctrl-C
                           (default 10000)
  -h, --help               this text

Examples:
  printf 'a\\nb\\n' | rdkafka-napi produce -t demo
  rdkafka-napi produce -t orders -b localhost:9092 -k : -H source=cli orders.txt`;

export const produce: Command = {
  name: 'produce',
  summary: 'send the lines of a file or stdin to a topic, one message per line',
  help,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        topic: { type: 'string', short: 't' },
        brokers: { type: 'string', short: 'b' },
        'key-separator': { type: 'string', short: 'k' },
        header: { type: 'string', short: 'H', multiple: true },
        partition: { type: 'string', short: 'p' },
        property: { type: 'string', short: 'X', multiple: true },
        timeout: { type: 'string' },
      },
      true,
    );
    if (values.topic === undefined || values.topic === '') throw new UsageError('missing -t TOPIC');
    if (positionals.length > 1) throw new UsageError(`one FILE at most, got ${positionals.length}`);
    const topic = values.topic;
    const separator = values['key-separator'];
    if (separator === '') throw new UsageError('-k expects a non-empty separator');
    const headers: Header[] = pairs(values.header, '-H').map(([key, value]) => ({ key, value }));
    const partition = values.partition === undefined ? undefined : parseWholeNumberFlag(values.partition, '-p', 0, 0, 2 ** 31 - 1);
    const timeoutMs = parseWholeNumberFlag(values.timeout, '--timeout', 10_000, 1);
    const file = positionals[0];
    if (file !== undefined && !fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);

    return withBrokers(values.brokers, topic, 3, (brokers, mock) => {
      if (mock) process.stderr.write(`rdkafka-napi produce: no --brokers, so producing to an in-process mock cluster at ${brokers}\n`);
      return send({ topic, brokers, separator, headers, partition, timeoutMs, file, properties: pairs(values.property, '-X') });
    });
  },
};

interface Job {
  topic: string;
  brokers: string;
  separator: string | undefined;
  headers: Header[];
  partition: number | undefined;
  timeoutMs: number;
  file: string | undefined;
  properties: Array<[string, string]>;
}

async function send(job: Job): Promise<number> {
  // From the start: Ctrl-C while connecting must not end the process without a summary either.
  const interrupt = catchInterrupt();
  const tally = new Tally();
  let producer: ThreadedProducer<number>;
  try {
    producer = new ThreadedProducer<number>(
      { 'message.timeout.ms': 30_000, ...Object.fromEntries(job.properties), 'bootstrap.servers': job.brokers },
      {
        delivery(result, line) {
          if (result.error === null) tally.delivered(result.message.partition);
          else tally.fail(line as number, result.error.message); // every message is sent with its line number
        },
        log: () => {},
        error: () => {}, // transport errors are retried; what fails is reported per message
      },
    );
  } catch (error) {
    // An unknown property or a bad value is a mistake on the command line.
    if (error instanceof KafkaError && error.kind === 'ClientConfig') throw new UsageError(error.message.replace(/^Client config error: /, ''));
    throw error;
  }
  try {
    const reachable = producer.client.fetchMetadata(job.topic, job.timeoutMs).then(
      () => undefined,
      (error: Error) => error,
    );
    const unreachable = await Promise.race([reachable, interrupt.signalled]);
    if (unreachable !== undefined) {
      process.stderr.write(`rdkafka-napi produce: cannot reach the brokers at ${job.brokers} within ${job.timeoutMs} ms (${unreachable.message})\n`);
      return 1;
    }
    if (!interrupt.happened) await sendLines(job, producer, tally, interrupt);
    await settle(tally, interrupt, job.timeoutMs);
    // Closing fails what is still in flight as purged: only then are the counts final.
    await producer.close();
    process.stdout.write(`${tally.summary()}\n`);
    for (const failure of tally.failureLines()) process.stderr.write(`rdkafka-napi produce: ${failure}\n`);
    return interrupt.happened ? interruptedExitCode : tally.failed > 0 ? 1 : 0;
  } finally {
    await producer.close();
  }
}

/** Sends each line of the input, until its end or Ctrl-C. */
async function sendLines(job: Job, producer: ThreadedProducer<number>, tally: Tally, interrupt: Interrupt): Promise<void> {
  const input = job.file === undefined ? process.stdin : fs.createReadStream(job.file);
  // A pipe may stay open with nothing to read: Ctrl-C has to end the wait for the next line too.
  const stopReading = new AbortController();
  let reading = true;
  void interrupt.signalled.then(() => reading && stopReading.abort());
  addAbortSignal(stopReading.signal, input);
  const progress = new Progress(job.file === undefined ? undefined : fs.statSync(job.file).size, 'message');
  const separator = job.separator === undefined ? undefined : Buffer.from(job.separator);
  let number = 0;
  try {
    for await (const line of lines(input)) {
      number++;
      const at = separator === undefined ? -1 : line.indexOf(separator);
      const record = {
        topic: job.topic,
        key: at < 0 ? null : line.subarray(0, at),
        payload: at < 0 ? line : line.subarray(at + (separator as Buffer).length),
        headers: job.headers.length > 0 ? job.headers : undefined,
        partition: job.partition,
        opaque: number,
      };
      if (!(await sendOne(producer, record, tally, interrupt))) break;
      progress.update(job.file === undefined ? tally.sent : (input as fs.ReadStream).bytesRead, `${tally.sent.toLocaleString('en-US')} sent`);
    }
  } catch (error) {
    if (!interrupt.happened) throw error; // else it is stopReading's AbortError
  } finally {
    reading = false;
    progress.done();
  }
}

/** Sends one message, waiting while the queue is full; false when Ctrl-C came first and it was not sent. */
async function sendOne(producer: ThreadedProducer<number>, record: BaseRecord<number> & { opaque: number }, tally: Tally, interrupt: Interrupt): Promise<boolean> {
  for (;;) {
    try {
      producer.send(record);
      tally.sent++;
      return true;
    } catch (error) {
      if (!(error instanceof KafkaError)) throw error;
      if (error.code === RDKafkaErrorCode.QueueFull) {
        await Promise.race([tally.nextReport(), interrupt.signalled]);
        if (interrupt.happened) return false;
        continue;
      }
      // Refused at once (an unknown partition, a message too large): it fails, the rest go on.
      tally.sent++;
      tally.fail(record.opaque, error.message);
      return true;
    }
  }
}

/** Waits for every delivery report; after Ctrl-C, for `graceMs` at most. */
async function settle(tally: Tally, interrupt: Interrupt, graceMs: number): Promise<void> {
  while (tally.inFlight > 0 && !interrupt.happened) await Promise.race([tally.nextReport(), interrupt.signalled]);
  if (tally.inFlight === 0) return;
  process.stderr.write(`rdkafka-napi produce: interrupted: waiting up to ${graceMs} ms for ${count(tally.inFlight, 'message')} in flight (Ctrl-C again to stop at once)\n`);
  let over = false;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => (timer = setTimeout(() => ((over = true), resolve()), graceMs)));
  while (tally.inFlight > 0 && !over) await Promise.race([tally.nextReport(), expired]);
  clearTimeout(timer);
}
