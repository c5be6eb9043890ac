import { strict as assert } from 'assert';
import { monitorEventLoopDelay } from 'perf_hooks';
import { type Delivery, FutureProducer, FutureRecord, KafkaError, MockCluster, RDKafkaErrorCode, Timeout } from 'rdkafka-napi';
import { runNode, uniqueTopic } from '../helpers';
import { readBack } from '../support/kafka-reader';

const quiet = { log: () => {}, error: () => {} };

describe('FutureProducer', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  // rust-rdkafka test_future_producer_send. The mock answers produce requests with a LogAppendTime of
  // 1234, so the reported timestamp is that rather than the CreateTime a real broker reports.
  it('ten concurrent sends all resolve, offsets in order on the key\'s partition', async () => {
    const topic = uniqueTopic('future');
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'message.timeout.ms': 5000 });
    try {
      const completed: Delivery[] = [];
      await Promise.all(Array.from({ length: 10 }, () => producer.send(FutureRecord.to(topic).payload('A').key('B'), 0).then((d) => completed.push(d))));
      assert.deepEqual(completed.map((d) => d.partition), Array(10).fill(1));
      assert.deepEqual(completed.map((d) => d.offset), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const d of completed) assert.notEqual(d.timestamp.type, 'NotAvailable');
    } finally {
      await producer.close();
    }
  });

  // rust-rdkafka test_future_producer_send_full: no broker at all, a queue of one.
  it('queue timeouts: 0 gives QueueFull at once, 1 s gives it after about a second', async function () {
    this.timeout(20_000);
    const producer = new FutureProducer({ 'bootstrap.servers': '', 'queue.buffering.max.messages': 1, 'message.timeout.ms': 2000 }, quiet);
    try {
      const first = producer.sendResult({ topic: 'topic', payload: 'payload' }).catch((e: KafkaError) => e);
      const record = { topic: 'topic', payload: 'payload' };

      let started = Date.now();
      await assert.rejects(producer.send(record, 0), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.QueueFull && e.record === record);
      assert.ok(Date.now() - started < 250, `a 0 queue timeout took ${Date.now() - started} ms`);

      started = Date.now();
      await assert.rejects(producer.send(record, 1000), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.QueueFull && e.record === record);
      const waited = Date.now() - started;
      assert.ok(waited >= 800 && waited <= 3000, `a 1 s queue timeout took ${waited} ms`); // upper bound: a noisy machine

      await producer.flush(Timeout.Never); // the first message times out (message.timeout.ms)
      const outcome = await first;
      assert.ok(outcome instanceof KafkaError && outcome.code === RDKafkaErrorCode.MessageTimedOut);
    } finally {
      await producer.close();
    }
  });

  // rust-rdkafka test_future_send_error: the message comes back, headers in order, on either path.
  it('a send that fails returns the message with its exact key, payload and headers', async () => {
    const topic = uniqueTopic('fail'); // unknown to the client: fails in the delivery report
    // The client asks for the topic's metadata when it first sees it; answered late, the message cannot be
    // refused at enqueue instead (on a busy machine an answer could come between registering and sending).
    cluster.setBrokerRtt(1, 300);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
    try {
      const headers = [{ key: '0', value: 'A' }, { key: '1', value: 'B' }, { key: '2', value: 'C' }, { key: '1', value: null }];
      const error = await producer.send({ topic, partition: 100, key: 'key', payload: Buffer.from([0, 1, 2]), headers }, 10_000).then(
        () => assert.fail('delivered to a partition that does not exist'),
        (e: KafkaError) => e,
      );
      assert.equal(error.message, 'Message production error: UnknownPartition (Local: Unknown partition)');
      assert.ok(error.owned, 'no owned message');
      assert.equal(error.owned.topic, topic);
      assert.deepEqual(error.owned.key, Buffer.from('key'));
      assert.deepEqual(error.owned.payload, Buffer.from([0, 1, 2]));
      assert.deepEqual(error.owned.headers, [
        { key: '0', value: Buffer.from('A') },
        { key: '1', value: Buffer.from('B') },
        { key: '2', value: Buffer.from('C') },
        { key: '1', value: null },
      ]);

      // Now the partition count is known: refused at enqueue, the record itself handed back.
      const record = { topic, partition: 100, key: 'key', payload: 'payload', headers };
      await assert.rejects(producer.send(record, 10_000), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.UnknownPartition && e.record === record);
      assert.throws(() => producer.sendResult(record), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.UnknownPartition && e.record === record);
    } finally {
      await producer.close();
    }
  });

  // rust-rdkafka test_future_undelivered: dropping (closing) the producer settles what is pending.
  it('close() rejects what is pending with PurgeQueue, the message attached', async () => {
    const producer = new FutureProducer({ 'bootstrap.servers': '127.0.0.1:1', 'message.timeout.ms': 10_000 }, quiet);
    const outcome = producer.sendResult({ topic: 'topic', partition: 100, key: 'key', payload: 'payload' }).then(
      () => assert.fail('delivered'),
      (e: KafkaError) => e,
    );
    await producer.close();
    const error = await outcome;
    assert.equal(error.message, 'Message production error: PurgeQueue (Local: Purged in queue)');
    assert.equal(error.owned?.topic, 'topic');
    assert.deepEqual(error.owned?.key, Buffer.from('key'));
    assert.deepEqual(error.owned?.payload, Buffer.from('payload'));
  });

  // rust-rdkafka's FutureProducer unit test and mocking round trip.
  it('is created from an empty configuration, and round-trips through a mock cluster', async () => {
    await new FutureProducer().close();
    const topic = uniqueTopic('roundtrip');
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    try {
      const delivery = await producer.sendResult({ topic, key: 'msg1', payload: 'test' });
      assert.equal(delivery.offset, 0);
      const [read] = await readBack(cluster.bootstrapServers, topic, 1);
      assert.equal(read.key?.toString(), 'msg1');
      assert.equal(read.value?.toString(), 'test');
      assert.equal(read.partition, delivery.partition);
    } finally {
      await producer.close();
    }
  });

  it('waits for room without blocking the event loop: many sends through a queue of one all resolve, in order', async () => {
    const topic = uniqueTopic('queue-timeout');
    cluster.createTopic(topic, 2, 1);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'queue.buffering.max.messages': 1, 'linger.ms': 0 }, quiet);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    try {
      await producer.sendResult({ topic, payload: 'warm-up', partition: 0 });
      cluster.setBrokerRtt(-1, 20);
      delay.enable();
      const sends = Array.from({ length: 60 }, (_, i) => producer.send({ topic, partition: i % 2, payload: `${i}` }, 10_000));
      // The ones that could not wait are refused with the very record.
      const overflow = { topic, payload: 'no room' };
      await assert.rejects(producer.send(overflow, 0), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.QueueFull && e.record === overflow);
      const deliveries = await Promise.all(sends);
      delay.disable();
      for (const partition of [0, 1]) {
        const offsets = deliveries.filter((d) => d.partition === partition).map((d) => d.offset);
        assert.equal(offsets.length, 30);
        for (let i = 1; i < offsets.length; i++) assert.ok(offsets[i] > offsets[i - 1], `partition ${partition}: ${offsets.join(',')}`);
      }
      const maxMs = delay.max / 1e6;
      assert.ok(maxMs < 1000, `the event loop stalled for ${maxMs.toFixed(0)} ms`); // generous: a noisy machine
    } finally {
      delay.disable();
      await producer.close();
    }
  });

  it('keeps send order on a partition with idempotence', async () => {
    const topic = uniqueTopic('order');
    cluster.createTopic(topic, 1, 1);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'enable.idempotence': true, 'linger.ms': 1 });
    try {
      const deliveries = await Promise.all(Array.from({ length: 2000 }, (_, i) => producer.send({ topic, payload: `${i}` }, Timeout.Never)));
      deliveries.forEach((d, i) => assert.equal(d.offset, i));
      const read = await readBack(cluster.bootstrapServers, topic, 2000);
      read.forEach((r, i) => assert.equal(r.value?.toString(), `${i}`));
    } finally {
      await producer.close();
    }
  });

  it('refuses delivery.report.only.error, which would leave successful sends pending forever', () => {
    assert.throws(
      () => new FutureProducer({ 'delivery.report.only.error': true }),
      (e: unknown) => e instanceof KafkaError && e.kind === 'ClientConfig' && /delivery\.report\.only\.error/.test(e.message),
    );
  });

  it('rejects bad input: a bad record or queue timeout rejects, sendResult throws', async () => {
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers });
    try {
      await assert.rejects(producer.send({ topic: '' }, 0), /record\.topic must be a non-empty string/);
      await assert.rejects(producer.send({ topic: 't' }, -5), /queueTimeout must be a number of milliseconds/);
      assert.throws(() => producer.sendResult({ topic: 't', partition: -3 }), /record\.partition/);
    } finally {
      await producer.close();
    }
    await assert.rejects(producer.send({ topic: 't' }, 0), (e: unknown) => e instanceof KafkaError && e.kind === 'Closed');
    assert.throws(() => producer.sendResult({ topic: 't' }), (e: unknown) => e instanceof KafkaError && e.kind === 'Closed');
  });

  it('a producer dropped with futures outstanding still settles them all', function () {
    this.timeout(60_000);
    const result = runNode(
      `
      const { FutureProducer, MockCluster, Timeout } = require('rdkafka-napi');
      const cluster = new MockCluster(1);
      cluster.setBrokerRtt(-1, 200);
      let settled = 0;
      (() => {
        const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'queue.buffering.max.messages': 100 });
        for (let i = 0; i < 1000; i++) producer.send({ topic: 't', payload: 'x' }, Timeout.Never).then(() => settled++, () => settled++);
      })(); // no reference to the producer is left
      const collector = setInterval(() => gc(), 10);
      const check = setInterval(() => { if (settled === 1000) { clearInterval(collector); clearInterval(check); console.log('settled', settled); cluster.close(); } }, 20);
      `,
      { nodeArgs: ['--expose-gc'], timeoutMs: 50_000 },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'settled 1000');
  });

  it('100 000 futures outstanding, then close(): all settle, none hangs, memory returns', function () {
    this.timeout(120_000);
    const result = runNode(
      `
      const { FutureProducer, MockCluster, Timeout } = require('rdkafka-napi');
      (async () => {
        const cluster = new MockCluster(1);
        cluster.createTopic('t', 1, 1);
        const settle = async () => { for (let i = 0; i < 5; i++) { gc(); await new Promise((r) => setTimeout(r, 20)); } };
        const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'queue.buffering.max.messages': 200000 }, { log: () => {}, error: () => {} });
        await producer.sendResult({ topic: 't', payload: 'warm-up' });
        await settle();
        const baseline = process.memoryUsage().heapUsed;
        cluster.setBrokerRtt(-1, 60000); // nothing will be acknowledged
        let resolved = 0, rejected = 0;
        const all = [];
        for (let i = 0; i < 100000; i++) all.push(producer.send({ topic: 't', payload: 'x'.repeat(100) }, Timeout.Never).then(() => resolved++, () => rejected++));
        const outstanding = process.memoryUsage().heapUsed - baseline;
        const started = Date.now();
        await producer.close();
        const closeMs = Date.now() - started;
        await Promise.all(all);
        await settle();
        const after = process.memoryUsage().heapUsed - baseline;
        console.log(JSON.stringify({ resolved, rejected, closeMs, outstandingMiB: outstanding / 2 ** 20, afterMiB: after / 2 ** 20 }));
        cluster.close();
      })();
      `,
      { nodeArgs: ['--expose-gc'], timeoutMs: 110_000 },
    );
    assert.equal(result.status, 0, result.stderr);
    const run = JSON.parse(result.stdout.trim());
    assert.equal(run.resolved + run.rejected, 100_000, JSON.stringify(run));
    assert.equal(run.rejected, 100_000, 'messages were delivered by a broker that never answers');
    assert.ok(run.closeMs < 10_000, `close took ${run.closeMs} ms`);
    assert.ok(run.afterMiB < run.outstandingMiB / 4 + 4, `memory did not return: ${JSON.stringify(run)}`);
  });
});
