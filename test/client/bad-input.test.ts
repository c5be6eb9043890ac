import { strict as assert } from 'assert';
import {
  BaseProducer,
  ClientConfig,
  type DeliveryResult,
  FutureProducer,
  KafkaError,
  MockCluster,
  RDKafkaErrorCode,
  ThreadedProducer,
  Timeout,
} from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';

// Every public function given what it should not get: a clear TypeError/RangeError/KafkaError, or it
// works; never a crash, a hang, or a silent drop.
const quiet = { log: () => {}, error: () => {} };
const anything = (v: unknown) => v as never;

describe('bad input', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  it('constructors and ClientConfig', () => {
    assert.throws(() => new BaseProducer(anything(42)), /config must be a ClientConfig or a plain object/);
    assert.throws(() => new ThreadedProducer(anything([['a', 'b']])), /config must be a ClientConfig or a plain object/);
    assert.throws(() => new FutureProducer({}, anything('ctx')), /context must be an object/);
    assert.throws(() => new BaseProducer({}, anything(7)), /context must be an object/);
    assert.throws(() => new ClientConfig().set(anything(null), 'x'), TypeError);
    assert.throws(() => new ClientConfig().set('a', anything({})), /must be a string, number or boolean/);
    assert.throws(() => new ClientConfig().set('a', anything(undefined)), TypeError);
    // librdkafka's own words, on one line (its range errors end in a newline).
    assert.throws(() => new BaseProducer({ 'linger.ms': -5 }), (e: unknown) => e instanceof KafkaError && e.kind === 'ClientConfig' && /outside allowed range/.test(e.message) && !/\s$/.test(e.message));
  });

  it('producer methods with wrong types and out-of-range numbers', async () => {
    const base = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
    const threaded = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
    const future = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
    try {
      for (const bad of ['1', -1, NaN, null, {}]) {
        assert.throws(() => base.poll(anything(bad)), /timeoutMs must be a number of milliseconds/);
        assert.throws(() => base.flush(anything(bad)), /timeoutMs must be a number of milliseconds/);
        await assert.rejects(threaded.flush(anything(bad)), /timeoutMs must be a number of milliseconds/);
        await assert.rejects(future.send({ topic: 't' }, anything(bad)), /queueTimeout must be a number of milliseconds/);
      }
      assert.throws(() => base.purge(anything(null)), /purge options must be an object/);
      assert.throws(() => threaded.purge(anything('all')), /purge options must be an object/);
      await assert.rejects(base.client.fetchMetadata(anything(42)), /topic must be a string or null/);
      await assert.rejects(base.client.fetchWatermarks('t', anything('0')), /partition must be a whole number/);
      await assert.rejects(base.client.fetchWatermarks(anything(1), 0), /topic must be a string/);
      await assert.rejects(base.client.fetchMetadata('', 1000), /topic must not be empty/);
      assert.throws(() => base.send(anything(undefined)), /record must be an object/);
      assert.throws(() => threaded.send(anything('topic')), /record must be an object/);
      assert.throws(() => future.sendResult(anything(null)), /record must be an object/);
      await assert.rejects(future.send(anything(42), 0), /record must be an object/);
      assert.throws(() => base.send({ topic: 't', partition: 2 ** 31 }), /record\.partition/);
      assert.throws(() => base.send({ topic: 't', timestamp: Number.MAX_VALUE }), /record\.timestamp/);
      await assert.rejects(future.sendOffsetsToTransaction(anything('x'), 'g', 100), /offsets must be an array/);
      await assert.rejects(future.sendOffsetsToTransaction([], anything(5), 100), /groupMetadata must be a ConsumerGroupMetadata or a group id/);
    } finally {
      base.close();
      await threaded.close();
      await future.close();
    }
  });

  it('a view of a detached (transferred) ArrayBuffer is refused, naming the field, not sent as an empty message', async () => {
    const detached = () => {
      const bytes = new Uint8Array([1, 2, 3]);
      structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
      return bytes;
    };
    const base = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
    const future = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
    try {
      assert.throws(() => base.send({ topic: 't', payload: detached() }), (e: unknown) => e instanceof TypeError && /record\.payload is a view of a detached ArrayBuffer/.test((e as Error).message));
      assert.throws(() => base.send({ topic: 't', key: detached() }), /record\.key is a view of a detached ArrayBuffer/);
      assert.throws(() => base.send({ topic: 't', headers: [{ key: 'h', value: detached() }] }), /header's value is a view of a detached ArrayBuffer/);
      await assert.rejects(future.send({ topic: 't', payload: detached() }, 0), /record\.payload is a view of a detached ArrayBuffer/);
      // An empty payload that is not detached is an empty message, as always.
      base.send({ topic: 't', payload: new Uint8Array(0) });
      assert.equal(base.inFlightCount(), 1, 'what was refused was not enqueued');
    } finally {
      base.close();
      await future.close();
    }
  });

  it('error messages name the type of a bad value, so that 100 and "100" are not mistaken', async () => {
    const base = new BaseProducer({}, quiet);
    try {
      assert.throws(() => base.poll(anything('100')), /timeoutMs must be a number of milliseconds \(>= 0\) or Timeout\.Never, got string "100"/);
      assert.throws(() => base.poll(anything([])), /got an array/);
      await assert.rejects(base.client.fetchWatermarks('t', anything('0')), /partition must be a whole number >= 0, got string "0"/);
      assert.throws(() => new ClientConfig().setLogLevel(anything('7')), /log level must be an RDKafkaLogLevel \(0 to 7\), got string "7"/);
      assert.throws(() => new MockCluster(anything('2')), /brokers must be a whole number, got string "2"/);
    } finally {
      base.close();
    }
  });

  it('empty topic names, and huge payloads over message.max.bytes', async () => {
    const future = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'message.max.bytes': 10_000 }, quiet);
    try {
      await assert.rejects(future.send({ topic: '', payload: 'x' }, 0), /record\.topic must be a non-empty string/);
      const huge = { topic: uniqueTopic('huge'), payload: Buffer.alloc(64 * 1024 * 1024) };
      await assert.rejects(future.send(huge, Timeout.Never), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.MessageSizeTooLarge && e.record === huge);
      const bigKey = { topic: uniqueTopic('huge'), key: 'k'.repeat(20_000) };
      assert.throws(() => future.sendResult(bigKey), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.MessageSizeTooLarge && e.record === bigKey);
      const bigHeaders = { topic: uniqueTopic('huge'), headers: [{ key: 'h', value: Buffer.alloc(20_000) }] };
      await assert.rejects(future.send(bigHeaders, 0), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.MessageSizeTooLarge);
    } finally {
      await future.close();
    }
  });

  it('a topic name librdkafka refuses (over 512 bytes) is a MessageProduction KafkaError, and the producer goes on', async () => {
    const base = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
    const future = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
    try {
      const long = { topic: 't'.repeat(513), payload: 'x' };
      const refused = (e: unknown) => e instanceof KafkaError && e.kind === 'MessageProduction' && e.code === RDKafkaErrorCode.InvalidArgument;
      assert.throws(() => base.send(long), refused);
      assert.throws(() => base.send(long), refused); // refused again, not remembered as half made
      await assert.rejects(future.send(long, 0), refused);
      const topic = uniqueTopic('after-long');
      cluster.createTopic(topic, 1, 1);
      const delivered = await future.send({ topic, payload: 'still works' }, Timeout.Never);
      assert.equal(delivered.partition, 0);
    } finally {
      base.close();
      await future.close();
    }
  });

  it('header values that are not valid UTF-8 travel as the exact bytes', async () => {
    const topic = uniqueTopic('utf8');
    const invalid = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00, 0x80]);
    cluster.setBrokerDown(1);
    const results: DeliveryResult[] = [];
    const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'message.timeout.ms': 200 }, { ...quiet, delivery: (r) => results.push(r) });
    try {
      producer.send({ topic, key: invalid, payload: invalid, headers: [{ key: 'bytes', value: invalid }] });
      producer.flush(10_000);
      const [result] = results;
      if (result.error === null) assert.fail('delivered to a broker that is down');
      assert.deepEqual(result.message.headers, [{ key: 'bytes', value: invalid }]);
      assert.deepEqual(result.message.key, invalid);
      assert.deepEqual(result.message.payload, invalid);
    } finally {
      producer.close();
    }
  });

  it('calls from inside callbacks: send from a delivery callback works', async () => {
    const topic = uniqueTopic('reentrant');
    const seen: number[] = [];
    const base: BaseProducer<number> = new BaseProducer<number>(
      { 'bootstrap.servers': cluster.bootstrapServers },
      {
        delivery: (_r, n) => {
          seen.push(n as number);
          if ((n as number) < 3) base.send({ topic, payload: 'again', opaque: (n as number) + 1 });
        },
      },
    );
    base.send({ topic, payload: 'first', opaque: 0 });
    base.flush(10_000);
    base.flush(10_000);
    assert.deepEqual(seen, [0, 1, 2, 3]);
    base.close();

    const threadedSeen: number[] = [];
    const threaded: ThreadedProducer<number> = new ThreadedProducer<number>(
      { 'bootstrap.servers': cluster.bootstrapServers },
      {
        delivery: (_r, n) => {
          threadedSeen.push(n as number);
          if ((n as number) < 3) threaded.send({ topic, payload: 'again', opaque: (n as number) + 1 });
        },
      },
    );
    threaded.send({ topic, payload: 'first', opaque: 0 });
    for (let i = 0; i < 4; i++) await threaded.flush(10_000);
    assert.deepEqual(threadedSeen, [0, 1, 2, 3]);
    await threaded.close();
  });

  it('calls from inside callbacks: close from a delivery callback settles everything exactly once', async () => {
    const topic = uniqueTopic('close-inside');
    cluster.createTopic(topic, 1, 1);
    const counts = new Map<number, number>();
    const base: BaseProducer<number> = new BaseProducer<number>(
      { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 50 },
      {
        delivery: (_r, n) => {
          counts.set(n as number, (counts.get(n as number) ?? 0) + 1);
          if (n === 0) base.close();
        },
      },
    );
    for (let i = 0; i < 50; i++) base.send({ topic, payload: `${i}`, opaque: i });
    base.flush(10_000);
    assert.equal(counts.size, 50);
    assert.ok([...counts.values()].every((c) => c === 1), 'a callback ran twice');
    assert.throws(() => base.poll(0), (e: unknown) => e instanceof KafkaError && e.kind === 'Closed');

    const threadedCounts = new Map<number, number>();
    let closing: Promise<void> | undefined;
    const threaded: ThreadedProducer<number> = new ThreadedProducer<number>(
      { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 50 },
      {
        delivery: (_r, n) => {
          threadedCounts.set(n as number, (threadedCounts.get(n as number) ?? 0) + 1);
          if (n === 0) closing = threaded.close();
        },
      },
    );
    for (let i = 0; i < 50; i++) threaded.send({ topic, payload: `${i}`, opaque: i });
    const deadline = Date.now() + 10_000;
    while (closing === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await closing;
    assert.equal(threadedCounts.size, 50);
    assert.ok([...threadedCounts.values()].every((c) => c === 1), 'a callback ran twice');
  });
});
