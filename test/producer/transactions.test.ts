import { strict as assert } from 'assert';
import { ApiKey, BaseProducer, ConsumerGroupMetadata, FutureProducer, KafkaError, MockCluster, RDKafkaErrorCode, ThreadedProducer, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack } from '../support/kafka-reader';

// Against the mock cluster: it serves the transactional protocol, but it does not filter aborted records
// for read_committed readers and does not store transactional offsets, so neither is asserted here.
const quiet = { log: () => {}, error: () => {} };
type AnyProducer = BaseProducer | ThreadedProducer | FutureProducer;
const kinds = ['BaseProducer', 'ThreadedProducer', 'FutureProducer'] as const;

function make(kind: (typeof kinds)[number], config: Record<string, string | number | boolean>, delivery?: (ok: boolean, code: number) => void): AnyProducer {
  const context = { ...quiet, delivery: (r: { error: KafkaError | null }) => delivery?.(r.error === null, r.error?.code ?? 0) };
  if (kind === 'BaseProducer') return new BaseProducer(config, context);
  if (kind === 'ThreadedProducer') return new ThreadedProducer(config, context);
  return new FutureProducer(config, quiet);
}

function send(producer: AnyProducer, record: { topic: string; payload: string; key?: string }): Promise<unknown> {
  if (producer instanceof FutureProducer) return producer.send(record, Timeout.Never);
  producer.send(record);
  return Promise.resolve();
}

const isTxn = (check: (e: KafkaError) => boolean) => (e: unknown) => e instanceof KafkaError && e.kind === 'Transaction' && check(e);

describe('transactions', function () {
  this.timeout(60_000);
  let cluster: MockCluster;
  let topic: string;
  let offsetsTopic: string;
  beforeEach(() => {
    cluster = new MockCluster(3);
    topic = uniqueTopic('txn');
    offsetsTopic = uniqueTopic('consumed');
    cluster.createTopic(topic, 3, 3);
    cluster.createTopic(offsetsTopic, 1, 3);
  });
  afterEach(() => cluster.close());

  for (const kind of kinds) {
    describe(kind, () => {
      it('commits a batch that is read back whole; after an abort a new transaction commits', async () => {
        const outcomes: Array<[boolean, number]> = [];
        const producer = make(kind, { 'bootstrap.servers': cluster.bootstrapServers, 'transactional.id': `${topic}-${kind}` }, (ok, code) => outcomes.push([ok, code]));
        try {
          await producer.initTransactions(10_000);
          producer.beginTransaction();
          const committed = Array.from({ length: 10 }, (_, i) => send(producer, { topic, key: `${i}`, payload: `committed ${i}` }));
          await producer.sendOffsetsToTransaction([{ topic: offsetsTopic, partition: 0, offset: 20 }], new ConsumerGroupMetadata('group-1'), 10_000);
          await producer.commitTransaction(10_000); // flushes first: every message is resolved now
          await Promise.all(committed);
          if (producer instanceof BaseProducer) producer.poll(0);
          if (!(producer instanceof FutureProducer)) assert.deepEqual(outcomes.map(([ok]) => ok), Array(10).fill(true));

          producer.beginTransaction();
          // A message the broker already acknowledged stays delivered (the abort marker hides it from
          // read_committed readers); the rest are purged.
          const aborted = Array.from({ length: 5 }, (_, i) =>
            send(producer, { topic, payload: `aborted ${i}` }).then(
              () => RDKafkaErrorCode.NoError as number,
              (e: KafkaError) => e.code,
            ),
          );
          await producer.abortTransaction(10_000);
          if (producer instanceof BaseProducer) {
            assert.equal(outcomes.length, 10, 'a BaseProducer ran callbacks outside poll()');
            producer.poll(100);
          }
          const abortedCodes = producer instanceof FutureProducer ? await Promise.all(aborted) : outcomes.slice(10).map(([, code]) => code);
          assert.equal(abortedCodes.length, 5);
          const fates = [RDKafkaErrorCode.NoError, RDKafkaErrorCode.PurgeQueue, RDKafkaErrorCode.PurgeInflight] as number[];
          for (const code of abortedCodes) assert.ok(fates.includes(code), String(code));

          // Outside a transaction, sending is refused with State.
          await assert.rejects(
            Promise.resolve().then(() => send(producer, { topic, payload: 'outside' })),
            (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.State,
          );

          producer.beginTransaction();
          await Promise.all([send(producer, { topic, payload: 'after abort' })].concat([producer.commitTransaction(10_000)]));
        } finally {
          await producer.close();
        }
        const read = await readBack(cluster.bootstrapServers, topic, 11);
        const values = read.map((r) => r.value?.toString());
        for (let i = 0; i < 10; i++) assert.ok(values.includes(`committed ${i}`), `committed ${i} not read back`);
        assert.ok(values.includes('after abort'));
      });
    });
  }

  it('an abortable error (injected on AddPartitionsToTxn) leads to abort, then a retry that commits', async () => {
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'transactional.id': `${topic}-abortable` }, quiet);
    try {
      await producer.initTransactions(10_000);
      cluster.pushRequestErrors(ApiKey.AddPartitionsToTxn, [RDKafkaErrorCode.TopicAuthorizationFailed]);
      producer.beginTransaction();
      const failed = producer.send({ topic, payload: 'first try' }, Timeout.Never).catch((e: KafkaError) => e);
      const error = await producer.commitTransaction(10_000).then(
        () => assert.fail('committed despite the injected error'),
        (e: KafkaError) => e,
      );
      assert.ok(isTxn((e) => e.txnRequiresAbort && !e.isFatal)(error), error.message);
      await producer.abortTransaction(10_000);
      assert.ok((await failed) instanceof KafkaError);

      producer.beginTransaction();
      const delivery = await Promise.all([producer.send({ topic, payload: 'second try' }, Timeout.Never), producer.commitTransaction(10_000)]);
      assert.ok(delivery[0].offset >= 0);
    } finally {
      await producer.close();
    }
  });

  it('a fenced producer gets a fatal error, and every later call says so', async () => {
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'transactional.id': `${topic}-fenced` }, quiet);
    try {
      await producer.initTransactions(10_000);
      producer.beginTransaction();
      producer.send({ topic, payload: 'x' });
      cluster.pushRequestErrors(ApiKey.EndTxn, [RDKafkaErrorCode.ProducerFenced]);
      await assert.rejects(producer.commitTransaction(10_000), isTxn((e) => e.isFatal));
      assert.ok(producer.client.fatalError(), 'no fatal error recorded');
      assert.throws(() => producer.beginTransaction(), isTxn((e) => e.isFatal));
      await assert.rejects(producer.abortTransaction(1000), isTxn((e) => e.isFatal));
      assert.throws(() => producer.send({ topic, payload: 'y' }), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.Fatal);
    } finally {
      await producer.close();
    }
  });

  it('a commit whose flush times out is a retriable Transaction error, and a retry commits', async () => {
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'transactional.id': `${topic}-slow`, 'linger.ms': 0 }, quiet);
    try {
      await producer.initTransactions(10_000);
      producer.beginTransaction();
      cluster.setBrokerRtt(-1, 1000);
      producer.send({ topic, payload: 'slow' });
      await assert.rejects(producer.commitTransaction(200), isTxn((e) => e.isRetriable && e.code === RDKafkaErrorCode.OperationTimedOut));
      cluster.setBrokerRtt(-1, 0);
      await producer.commitTransaction(20_000);
    } finally {
      await producer.close();
    }
  });

  it('refuses transactional calls without transactional.id, and bad arguments', async () => {
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
    try {
      await assert.rejects(producer.initTransactions(1000), isTxn((e) => e.code === RDKafkaErrorCode.NotConfigured));
      assert.throws(() => producer.beginTransaction(), isTxn(() => true));
      await assert.rejects(producer.sendOffsetsToTransaction([{ topic: '', partition: 0, offset: 1 }], 'g', 1000), /offsets\[0\]\.topic/);
      await assert.rejects(producer.sendOffsetsToTransaction([], '', 1000), /groupId must be a non-empty string/);
      await assert.rejects(producer.commitTransaction(-1), /timeoutMs must be a number of milliseconds/);
    } finally {
      await producer.close();
    }
  });
});
