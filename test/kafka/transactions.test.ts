import { strict as assert } from 'assert';
import { BaseProducer, FutureProducer, KafkaError, RDKafkaErrorCode, ThreadedProducer, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { bootstrap, createTopic, kafkajs } from './kafka';
import { readToEnd } from './read-to-end';

// Transactions on Apache Kafka, what the mock cluster cannot show (it neither filters aborted records for
// read_committed readers nor stores transactional offsets): what a read_committed reader sees of committed and
// aborted transactions, fencing by a second producer with the same transactional.id, and consumer-group offsets
// committed (or not) with a transaction.
const kinds = ['BaseProducer', 'ThreadedProducer', 'FutureProducer'] as const;
type Kind = (typeof kinds)[number];
type AnyProducer = BaseProducer<string> | ThreadedProducer<string> | FutureProducer;
const TXN_MS = 30_000;

/** Where each message went, by payload: its partition and offset, or the error its delivery failed with. */
type Outcome = { partition: number; offset: number } | KafkaError;

/** A producer of any kind behind one face: send (the payload is the message's name), flush, close, outcomes. */
class AnyKind {
  readonly outcomes = new Map<string, Outcome>();
  readonly errors: KafkaError[] = [];
  readonly producer: AnyProducer;
  #pending: Array<Promise<unknown>> = [];

  constructor(kind: Kind, config: Record<string, string | number | boolean>) {
    const context = {
      log: () => {},
      error: (error: KafkaError) => this.errors.push(error),
      delivery: (r: { error: KafkaError | null; message: { partition: number; offset: number } }, payload: string | undefined) => {
        this.outcomes.set(payload as string, r.error ?? { partition: r.message.partition, offset: r.message.offset });
      },
    };
    config = { 'bootstrap.servers': bootstrap(), ...config };
    if (kind === 'BaseProducer') this.producer = new BaseProducer<string>(config, context);
    else if (kind === 'ThreadedProducer') this.producer = new ThreadedProducer<string>(config, context);
    else this.producer = new FutureProducer(config, { log: context.log, error: context.error });
  }

  send(topic: string, partition: number, payload: string): void {
    const p = this.producer;
    if (p instanceof FutureProducer) {
      this.#pending.push(
        p.send({ topic, partition, payload }, Timeout.Never).then(
          (d) => this.outcomes.set(payload, { partition: d.partition, offset: d.offset }),
          (e: KafkaError) => this.outcomes.set(payload, e),
        ),
      );
    } else {
      p.send({ topic, partition, payload, opaque: payload });
    }
  }

  /** Delivers (or fails) everything sent, and waits for every outcome. */
  async flush(): Promise<void> {
    await this.producer.flush(TXN_MS);
    await Promise.all(this.#pending.splice(0));
  }

  /** What became of `payload`, a partition and an offset asserted to be a success. */
  delivered(payload: string): { partition: number; offset: number } {
    const outcome = this.outcomes.get(payload);
    assert.ok(outcome, `no delivery report for "${payload}"`);
    assert.ok(!(outcome instanceof KafkaError), `"${payload}" failed: ${outcome instanceof KafkaError ? outcome.message : ''}`);
    return outcome;
  }

  async close(): Promise<void> {
    await this.producer.close();
    await Promise.all(this.#pending.splice(0));
  }
}

/** payload@partition/offset of each record, as a reader saw them (partition, then offset order). */
const seen = (records: Array<{ partition: number; offset: number; value: Buffer | null }>) => records.map((r) => `${r.value?.toString()}@${r.partition}/${r.offset}`);

const isFenced = (e: unknown) =>
  e instanceof KafkaError && e.kind === 'Transaction' && e.code === RDKafkaErrorCode.Fenced && e.isFatal && !e.isRetriable && !e.txnRequiresAbort;

describe('kafka: transactions', function () {
  this.timeout(90_000);

  for (const kind of kinds) {
    it(`${kind}: read_committed readers see committed transactions only; an aborted one, written to the log, only read_uncommitted readers see`, async () => {
      const topic = uniqueTopic(`kafka-txn-${kind}`);
      await createTopic(topic, 2);
      const p = new AnyKind(kind, { 'transactional.id': `${topic}-id` });
      const batches = {
        first: ['c1-0', 'c1-1', 'c1-2', 'c1-3', 'c1-4', 'c1-5'],
        aborted: ['a-0', 'a-1', 'a-2', 'a-3'],
        second: ['c2-0', 'c2-1'],
      };
      try {
        await p.producer.initTransactions(TXN_MS);
        p.producer.beginTransaction();
        batches.first.forEach((payload, i) => p.send(topic, i % 2, payload));
        await p.producer.commitTransaction(TXN_MS);
        await p.flush(); // the outcomes (commit has flushed already)

        p.producer.beginTransaction();
        batches.aborted.forEach((payload, i) => p.send(topic, i % 2, payload));
        await p.flush(); // written to the log and acknowledged, then aborted
        for (const payload of batches.aborted) p.delivered(payload);
        await p.producer.abortTransaction(TXN_MS);

        p.producer.beginTransaction();
        batches.second.forEach((payload, i) => p.send(topic, i % 2, payload));
        await p.producer.commitTransaction(TXN_MS);
        await p.flush();
      } finally {
        await p.close();
      }
      const reported = (payloads: string[]) => payloads.map((payload) => ({ payload, ...p.delivered(payload) }));
      const all = [...reported(batches.first), ...reported(batches.aborted), ...reported(batches.second)];
      const expected = (records: typeof all) => records.sort((a, b) => a.partition - b.partition || a.offset - b.offset).map((r) => `${r.payload}@${r.partition}/${r.offset}`);

      // Each partition: 3 committed, commit marker, 2 aborted, abort marker, 1 committed, commit marker. The markers
      // take offsets 3, 6 and 8: the high watermark is 9, and a reader sees no record there.
      const uncommitted = await readToEnd(topic, { readUncommitted: true });
      assert.deepEqual([...uncommitted.highWatermarks].sort(), [[0, 9], [1, 9]], 'high watermarks: 6 records and 3 transaction markers per partition');
      assert.deepEqual(seen(uncommitted.records), expected([...all]), 'a read_uncommitted reader sees every record written, aborted ones too, at the offsets reported');
      for (const partition of [0, 1]) {
        assert.deepEqual(
          uncommitted.records.filter((r) => r.partition === partition).map((r) => r.offset),
          [0, 1, 2, 4, 5, 7],
          `partition ${partition}: the markers' offsets (3, 6, 8) hold no record`,
        );
      }

      const committed = await readToEnd(topic, { readUncommitted: false });
      assert.deepEqual(
        seen(committed.records),
        expected(all.filter((r) => !r.payload.startsWith('a-'))),
        'a read_committed reader sees the two committed transactions, and nothing of the aborted one',
      );
    });
  }

  it('a producer fenced in an open transaction: its commit fails fatally (Fenced), its transaction is aborted, the new producer goes on', async () => {
    const topic = uniqueTopic('kafka-txn-fenced');
    await createTopic(topic, 1);
    const id = `${topic}-id`;
    const first = new AnyKind('ThreadedProducer', { 'transactional.id': id });
    const second = new AnyKind('FutureProducer', { 'transactional.id': id });
    try {
      await first.producer.initTransactions(TXN_MS);
      first.producer.beginTransaction();
      first.send(topic, 0, 'committed by the first');
      await first.producer.commitTransaction(TXN_MS);
      first.producer.beginTransaction();
      first.send(topic, 0, 'open when fenced');
      await first.flush();
      first.delivered('open when fenced'); // written, in a transaction not yet committed

      // The second producer's initTransactions bumps the epoch and aborts the first one's open transaction.
      await second.producer.initTransactions(TXN_MS);
      assert.equal(first.producer.client.fatalError(), null, 'the first producer learns of the fencing only when it next asks the broker');

      const error = await first.producer.commitTransaction(TXN_MS).then(
        () => assert.fail('the fenced producer committed'),
        (e: unknown) => e,
      );
      assert.ok(isFenced(error), `the commit should fail with a fatal Transaction error, code Fenced; got ${String(error)} ${JSON.stringify(error)}`);
      const fatal = first.producer.client.fatalError();
      assert.ok(fatal, 'client.fatalError() should report the fencing');
      assert.equal(fatal.code, RDKafkaErrorCode.Fenced, `fatalError(): ${JSON.stringify(fatal)}`);
      assert.match(fatal.reason, /fenced by a newer instance/);
      // The error event travels by the poll thread, the commit's rejection by another path: give it a moment.
      for (let waited = 0; waited < 5000 && !first.errors.some((e) => e.code === RDKafkaErrorCode.Fenced); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(
        first.errors.some((e) => e.kind === 'Global' && e.code === RDKafkaErrorCode.Fenced),
        `the error callback should have been told of the fencing; it got: ${first.errors.map((e) => e.message).join('; ') || 'nothing'}`,
      );
      // Every later call says the same.
      assert.throws(() => first.producer.beginTransaction(), isFenced, 'beginTransaction after fencing');
      await assert.rejects(first.producer.abortTransaction(5000), isFenced, 'abortTransaction after fencing');
      assert.throws(
        () => first.send(topic, 0, 'after fencing'),
        (e: unknown) => e instanceof KafkaError && e.kind === 'MessageProduction' && e.code === RDKafkaErrorCode.Fatal && e.isFatal,
        'send after fencing',
      );

      second.producer.beginTransaction();
      second.send(topic, 0, 'committed by the second');
      await second.producer.commitTransaction(TXN_MS);
      await second.flush();
      second.delivered('committed by the second');
    } finally {
      await first.close();
      await second.close();
    }
    const committed = await readToEnd(topic, { readUncommitted: false });
    assert.deepEqual(
      committed.records.map((r) => r.value?.toString()),
      ['committed by the first', 'committed by the second'],
      'the fenced transaction was aborted: a read_committed reader does not see it',
    );
    const uncommitted = await readToEnd(topic, { readUncommitted: true });
    assert.deepEqual(uncommitted.records.map((r) => r.value?.toString()), ['committed by the first', 'open when fenced', 'committed by the second']);
  });

  it('a producer fenced between transactions: beginTransaction still succeeds (it is local), the send is purged, the commit fails fatally', async () => {
    const topic = uniqueTopic('kafka-txn-fenced-idle');
    await createTopic(topic, 1);
    const id = `${topic}-id`;
    const first = new AnyKind('FutureProducer', { 'transactional.id': id });
    const second = new AnyKind('BaseProducer', { 'transactional.id': id });
    try {
      await first.producer.initTransactions(TXN_MS);
      first.producer.beginTransaction();
      first.send(topic, 0, 'committed by the first');
      await first.producer.commitTransaction(TXN_MS);
      await second.producer.initTransactions(TXN_MS);

      first.producer.beginTransaction(); // librdkafka asks the broker nothing here
      first.send(topic, 0, 'sent when fenced');
      await first.flush();
      const outcome = first.outcomes.get('sent when fenced');
      assert.ok(
        outcome instanceof KafkaError && outcome.code === RDKafkaErrorCode.PurgeQueue,
        `the message should be purged from the queue (the partition was never added to the transaction); got ${outcome instanceof KafkaError ? outcome.message : JSON.stringify(outcome)}`,
      );
      assert.equal(first.producer.client.fatalError()?.code, RDKafkaErrorCode.Fenced, 'fatalError() after AddPartitionsToTxn was refused');
      await assert.rejects(first.producer.commitTransaction(TXN_MS), isFenced, 'the commit after fencing');
    } finally {
      await first.close();
      await second.close();
    }
    const uncommitted = await readToEnd(topic, { readUncommitted: true });
    assert.deepEqual(uncommitted.records.map((r) => r.value?.toString()), ['committed by the first'], 'nothing of the fenced producer reached the log');
  });

  it('sendOffsetsToTransaction: offsets committed with a transaction are stored for the group; those of an aborted one are not', async () => {
    const topic = uniqueTopic('kafka-txn-out');
    const consumed = uniqueTopic('kafka-txn-consumed');
    await createTopic(topic, 1);
    await createTopic(consumed, 2);
    const group = `${topic}-group`;
    const abortedOnly = `${topic}-group-aborted-only`;
    const admin = kafkajs().admin();
    await admin.connect();
    const offsetsOf = async (groupId: string) => {
      const [entry] = await admin.fetchOffsets({ groupId, topics: [consumed] });
      return Object.fromEntries(entry.partitions.map((p) => [p.partition, Number(p.offset)]));
    };
    /** The offsets of a transaction just committed are written with its markers, after the commit returns: wait. */
    const eventually = async (groupId: string, expected: Record<number, number>, what: string) => {
      const deadline = Date.now() + 15_000;
      let got = await offsetsOf(groupId);
      while (JSON.stringify(got) !== JSON.stringify(expected) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        got = await offsetsOf(groupId);
      }
      assert.deepEqual(got, expected, `${what}: the offsets stored for group ${groupId}`);
    };
    const p = new AnyKind('BaseProducer', { 'transactional.id': `${topic}-id` });
    try {
      assert.deepEqual(await offsetsOf(group), { 0: -1, 1: -1 }, 'a new group has no offsets');
      await p.producer.initTransactions(TXN_MS);

      p.producer.beginTransaction();
      p.send(topic, 0, 'processed 0-6 and 0-2');
      await p.producer.sendOffsetsToTransaction([{ topic: consumed, partition: 0, offset: 7 }, { topic: consumed, partition: 1, offset: 3 }], group, TXN_MS);
      await p.producer.commitTransaction(TXN_MS);
      await eventually(group, { 0: 7, 1: 3 }, 'after the first commit');

      p.producer.beginTransaction();
      p.send(topic, 0, 'aborted');
      await p.producer.sendOffsetsToTransaction([{ topic: consumed, partition: 0, offset: 50 }], group, TXN_MS);
      await p.producer.sendOffsetsToTransaction([{ topic: consumed, partition: 0, offset: 5 }], abortedOnly, TXN_MS);
      await p.producer.abortTransaction(TXN_MS);

      // A later committed transaction, once its offsets are visible, shows the abort complete: the coordinator
      // starts no transaction of a producer before the previous one is finished.
      p.producer.beginTransaction();
      await p.producer.sendOffsetsToTransaction([{ topic: consumed, partition: 1, offset: 9 }], group, TXN_MS);
      await p.producer.commitTransaction(TXN_MS);
      await eventually(group, { 0: 7, 1: 9 }, 'after an aborted transaction (0 -> 50) and a committed one (1 -> 9)');
      assert.deepEqual(await offsetsOf(abortedOnly), { 0: -1, 1: -1 }, `group ${abortedOnly}, whose only offsets were sent in the aborted transaction, has none stored`);
    } finally {
      await p.close();
      await admin.disconnect();
    }
    const committed = await readToEnd(topic, { readUncommitted: false });
    assert.deepEqual(committed.records.map((r) => r.value?.toString()), ['processed 0-6 and 0-2']);
  });
});
