// The exactly-once consume-transform-produce pipeline of test/kafka/eos-pipeline-faults.test.ts, as a program of its
// own (the test runs it in a child process, to kill it): a StreamConsumer (isolation.level=read_committed, no auto
// commit) reads the input topic a batch at a time; for each batch a transactional FutureProducer begins a transaction,
// sends one output message per input message (same partition and key, payload `out-<input payload>`), sends the
// consumed offsets to the transaction with the consumer's group metadata, and commits. Failures follow librdkafka's
// classification: retriable → the same call again; abortable → abort; fatal → a new producer (its
// initTransactions fences the old one and settles its transaction). After an abort or a new producer, the consumer
// goes back to the group's committed offsets, which say whether the transaction's work counts.
//
//   node eos-pipeline.js '<json options>'
// stdin:  `hold` (the next transaction, once its messages are acknowledged by the brokers, is held open: the program
//         prints `holding` and waits, to be killed), `stop` (ends after the transaction at hand: exit 0).
// stdout: one line per event: `ready`, `committed <n> <messages> <json offsets>`, `retry <call> <code>`,
//         `aborted <code>`, `new-producer <code>`, `rewound <json offsets>`, `holding <n> <messages> <json payloads>`,
//         `stopped`; `failed <stack>` before exit code 1.
import * as fs from 'fs';
import { type ConfigEntries, FutureProducer, KafkaError, type Message, StreamConsumer, Timeout, type TopicPartition } from 'rdkafka-napi';

export interface PipelineOptions {
  bootstrapServers: string;
  input: string;
  output: string;
  groupId: string;
  transactionalId: string;
  /** The most input messages per transaction. */
  batch: number;
  /** Diagnostics: each step as a `step ...` line, and librdkafka's debug log (eos, cgrp, consumer) to this file. */
  trace?: string;
}

const TXN_MS = 30_000;

/** A line of output, written synchronously: a line written before a crash is read after it. */
function say(line: string): void {
  fs.writeSync(1, `${line}\n`);
}

/** Calls again while `call` fails with a retriable error. */
async function retrying(what: string, call: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof KafkaError && error.isRetriable)) throw error;
      say(`retry ${what} ${error.code}`);
    }
  }
}

export async function runPipeline(options: PipelineOptions): Promise<void> {
  const trace = options.trace;
  const step = (what: string) => trace && say(`step ${what}`);
  const debug: ConfigEntries = trace ? { debug: 'eos,cgrp,consumer,broker,topic' } : {};
  const quiet = {
    log: (_level: number, facility: string, message: string) => trace && fs.appendFileSync(trace, `${new Date().toISOString()} ${process.pid} ${facility} ${message}\n`),
    error: (error: KafkaError, reason: string) => trace && fs.appendFileSync(trace, `${new Date().toISOString()} ${process.pid} ERROR ${error.message} ${reason}\n`),
  };
  const newProducer = async () => {
    const producer = new FutureProducer({ 'bootstrap.servers': options.bootstrapServers, 'transactional.id': options.transactionalId, 'linger.ms': 5, ...debug }, quiet);
    await retrying('initTransactions', () => producer.initTransactions(TXN_MS));
    return producer;
  };
  const consumer = new StreamConsumer(
    {
      'bootstrap.servers': options.bootstrapServers,
      'group.id': options.groupId,
      'isolation.level': 'read_committed',
      'enable.auto.commit': false,
      'auto.offset.reset': 'earliest',
      // Kafka's smallest by default (group.min.session.timeout.ms): a killed pipeline's member is gone 6 s later.
      'session.timeout.ms': 6000,
      'heartbeat.interval.ms': 1000,
      ...debug,
    },
    {
      ...quiet,
      preRebalance(rebalance) {
        if (rebalance.kind !== 'error') say(`${rebalance.kind === 'assign' ? 'assigned' : 'revoked'} ${rebalance.partitions.map((tp) => tp.partition).join(',')}`);
      },
    },
  );
  let producer = await newProducer();
  let holding = false;
  // `stop` ends the iteration once the transaction at hand is done (an abort ends the iterator, not a transform).
  const stop = new AbortController();
  process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
    if (/\bhold\b/.test(chunk)) holding = true;
    if (/\bstop\b/.test(chunk)) stop.abort();
  });
  consumer.subscribe([options.input]);
  say('ready');

  /** Back to the committed offsets of the assignment (the beginning where none), after a transaction that did not count. */
  const rewind = async () => {
    const committed = await consumer.committed(TXN_MS);
    const to: TopicPartition[] = committed.map((tp) => ({ topic: tp.topic, partition: tp.partition, offset: typeof tp.offset === 'number' ? tp.offset : 'beginning' }));
    await consumer.seekPartitions(to, TXN_MS);
    say(`rewound ${JSON.stringify(to.map((tp) => [tp.partition, tp.offset]))}`);
  };

  let transactions = 0;
  while (!stop.signal.aborted) {
    try {
      for await (const batch of consumer.batches({ maxMessages: options.batch, signal: stop.signal })) await transform(batch);
    } catch (error) {
      // A consumer error (the consumer goes on with a new iteration); a fatal one ends the program.
      if (!(error instanceof KafkaError) || error.isFatal) throw error;
      say(`consumer-error ${error.code}`);
    }
  }

  async function transform(batch: Message[]): Promise<void> {
    const next = new Map<number, number>();
    for (const m of batch) next.set(m.partition, m.offset + 1);
    const offsets = [...next].map(([partition, offset]) => ({ topic: options.input, partition, offset }));
    try {
      step(`begin ${JSON.stringify(offsets.map((o) => [o.partition, o.offset]))}`);
      producer.beginTransaction();
      const sends = batch.map((m) =>
        producer.send({ topic: options.output, partition: m.partition, key: m.key, payload: `out-${m.payload?.toString()}` }, Timeout.Never),
      );
      // A send that fails makes the commit fail (abortable): its own rejection needs no handling here.
      const settled = Promise.allSettled(sends);
      if (holding) {
        await settled;
        say(`holding ${transactions + 1} ${batch.length} ${JSON.stringify(batch.map((m) => m.payload?.toString()))}`);
        await new Promise(() => {}); // until killed
      }
      step('sent');
      const metadata = consumer.groupMetadata();
      if (metadata === null) throw new Error('no group metadata');
      await retrying('sendOffsetsToTransaction', () => producer.sendOffsetsToTransaction(offsets, metadata, TXN_MS));
      step('offsets sent');
      await retrying('commitTransaction', () => producer.commitTransaction(TXN_MS));
      step('committed');
      await settled;
      transactions++;
      say(`committed ${transactions} ${batch.length} ${JSON.stringify(offsets.map((o) => [o.partition, o.offset]))}`);
    } catch (error) {
      if (!(error instanceof KafkaError)) throw error;
      if (error.txnRequiresAbort) {
        say(`aborted ${error.code}`);
        await retrying('abortTransaction', () => producer.abortTransaction(TXN_MS)).catch(async (abortError: unknown) => {
          if (!(abortError instanceof KafkaError && abortError.isFatal)) throw abortError;
          await replaceProducer(abortError);
        });
      } else {
        await replaceProducer(error);
      }
      await rewind();
    }
  }

  /** A fatal error: the producer is done; a new one with the same transactional.id fences it and settles its transaction. */
  async function replaceProducer(error: KafkaError): Promise<void> {
    say(`new-producer ${error.code} ${error.message}`);
    await producer.close().catch(() => {});
    producer = await newProducer();
  }

  await producer.close();
  await consumer.close();
  say('stopped');
}

if (require.main === module) {
  runPipeline(JSON.parse(process.argv[2]) as PipelineOptions).then(
    () => process.exit(0),
    (error: unknown) => {
      say(`failed ${error instanceof Error ? error.stack : String(error)}`);
      process.exit(1);
    },
  );
}
