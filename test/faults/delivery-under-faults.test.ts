import { strict as assert } from 'assert';
import { ApiKey, type DeliveryResult, MockCluster, RDKafkaErrorCode, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack, recordsInLog } from '../support/kafka-reader';

// Guarantees under faults, checked by an independent reader: with idempotence, exactly the messages sent,
// once each, in send order per partition; without it, at least once; a broker that never returns fails
// every message in bounded time. Faults: partition leaders down and up, Produce errors, RTT spikes, a leader move.

const quiet = { log: () => {}, error: () => {} };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Outcome {
  /** Failed Produce requests librdkafka retried, and broker errors it met: proof the faults were felt. */
  produceErrors: number;
  brokerErrors: number;
  sent: number;
  delivered: Map<number, { partition: number; offset: number }>;
  failed: Map<number, number>;
}

async function produceThroughFaults(cluster: MockCluster, topic: string, config: Record<string, string | number | boolean>, count: number): Promise<Outcome> {
  const outcome: Outcome = { produceErrors: 0, brokerErrors: 0, sent: 0, delivered: new Map(), failed: new Map() };
  const producer = new ThreadedProducer<number>(
    // debug=msg logs each MessageSet that met an error (and is retried); debug=broker, lost connections.
    { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 2, 'retry.backoff.ms': 20, debug: 'msg,broker', ...config },
    {
      log: (_level, _facility, message) => {
        if (/encountered error/.test(message)) outcome.produceErrors++;
        if (/Connection refused|Disconnected|connection closed/i.test(message)) outcome.brokerErrors++;
      },
      error: () => outcome.brokerErrors++,
      delivery: (result: DeliveryResult, seq) => {
        if (result.error === null) outcome.delivered.set(seq as number, { partition: result.message.partition, offset: result.message.offset });
        else outcome.failed.set(seq as number, result.error.code);
      },
    },
  );
  const metadata = await producer.client.fetchMetadata(topic, 10_000);
  const leaders = metadata.topics[0].partitions.map((p) => p.leader);
  const phase = count / 6;
  const sendPhase = async () => {
    for (let i = 0; i < phase; i++, outcome.sent++) {
      const seq = outcome.sent;
      producer.send({ topic, key: `key-${seq % 30}`, payload: `${seq}`, opaque: seq });
      if (i % 50 === 0) await pause(1);
    }
  };
  try {
    await sendPhase();
    // 1. The leader of partition 0 goes down, then comes back.
    cluster.setBrokerDown(leaders[0]);
    await sendPhase();
    await pause(500);
    cluster.setBrokerUp(leaders[0]);
    // 2. Produce requests fail with retriable errors.
    cluster.pushRequestErrors(ApiKey.Produce, [RDKafkaErrorCode.NotLeaderForPartition, RDKafkaErrorCode.RequestTimedOut, RDKafkaErrorCode.NotEnoughReplicas]);
    await sendPhase();
    // 3. Round-trip-time spike on every broker.
    cluster.setBrokerRtt(-1, 300);
    await sendPhase();
    await pause(300);
    cluster.setBrokerRtt(-1, 0);
    // 4. Another leader bounces.
    cluster.setBrokerDown(leaders[1]);
    await sendPhase();
    await pause(300);
    cluster.setBrokerUp(leaders[1]);
    // 5. Partition 2's leadership moves to another broker.
    cluster.setPartitionLeader(topic, 2, (leaders[2] % 3) + 1);
    await sendPhase();
    await producer.flush(60_000);
  } finally {
    await producer.close();
  }
  return outcome;
}

describe('faults: delivery guarantees', function () {
  this.timeout(120_000);
  let cluster: MockCluster;
  let topic: string;
  beforeEach(() => {
    cluster = new MockCluster(3);
    topic = uniqueTopic('faults');
    cluster.createTopic(topic, 3, 3);
  });
  afterEach(() => cluster.close());

  it('idempotent (acks=all): exactly N messages, no duplicates, send order per partition, all reported delivered', async () => {
    const N = 3000;
    const outcome = await produceThroughFaults(cluster, topic, { 'enable.idempotence': true, acks: 'all' }, N);
    assert.equal(outcome.sent, N);
    assert.ok(outcome.produceErrors >= 3 && outcome.brokerErrors >= 1, `faults not felt: ${JSON.stringify(outcome)}`);
    assert.deepEqual([...outcome.failed.entries()], [], 'reported failures');
    assert.equal(outcome.delivered.size, N);

    const read = await readBack(cluster.bootstrapServers, topic, N);
    const seqs = read.map((r) => Number(r.value?.toString()));
    assert.equal(read.length, N);
    assert.equal(new Set(seqs).size, N, 'duplicates in the log');
    for (const partition of [0, 1, 2]) {
      const inLog = read.filter((r) => r.partition === partition).map((r) => Number(r.value?.toString()));
      for (let i = 1; i < inLog.length; i++) assert.ok(inLog[i] > inLog[i - 1], `partition ${partition}: ${inLog[i]} after ${inLog[i - 1]}`);
    }
    // Reports agree with the log.
    for (const r of read) assert.deepEqual(outcome.delivered.get(Number(r.value?.toString())), { partition: r.partition, offset: r.offset });
    console.log(`      idempotent: ${outcome.produceErrors} failed Produce requests and ${outcome.brokerErrors} broker errors recovered from; sent ${N}, delivered ${outcome.delivered.size}, failed 0, read ${read.length}, duplicates 0`);
  });

  it('without idempotence: at least once (sent = delivered + failed, every delivered message is in the log)', async () => {
    const N = 2400;
    const outcome = await produceThroughFaults(cluster, topic, { 'enable.idempotence': false, acks: 'all', 'max.in.flight': 5 }, N);
    assert.equal(outcome.sent, N);
    assert.ok(outcome.produceErrors >= 3 && outcome.brokerErrors >= 1, `faults not felt: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.delivered.size + outcome.failed.size, N, 'a message was lost silently');
    // Everything the log holds, duplicates included: reading only as many records as were delivered could stop short.
    const read = await readBack(cluster.bootstrapServers, topic, await recordsInLog(cluster.bootstrapServers, topic));
    const inLog = new Set(read.map((r) => Number(r.value?.toString())));
    for (const seq of outcome.delivered.keys()) assert.ok(inLog.has(seq), `message ${seq} reported delivered but not in the log`);
    console.log(`      at-least-once: ${outcome.produceErrors} failed Produce requests and ${outcome.brokerErrors} broker errors recovered from; sent ${N}, delivered ${outcome.delivered.size}, failed ${outcome.failed.size}, read ${read.length} (duplicates ${read.length - inLog.size})`);
  });

  it('a broker that never comes back: every message fails with MessageTimedOut in bounded time; usable again after', async () => {
    const single = new MockCluster(1);
    const results: DeliveryResult[] = [];
    const producer = new ThreadedProducer(
      { 'bootstrap.servers': single.bootstrapServers, 'message.timeout.ms': 1500, 'reconnect.backoff.max.ms': 500 },
      { ...quiet, delivery: (r) => results.push(r) },
    );
    try {
      producer.send({ topic, payload: 'warm-up' });
      await producer.flush(10_000);
      results.length = 0;
      single.setBrokerDown(1);
      const started = Date.now();
      for (let i = 0; i < 200; i++) producer.send({ topic, payload: `${i}` });
      await producer.flush(15_000);
      const elapsed = Date.now() - started;
      assert.equal(results.length, 200, 'a message was dropped without a report');
      for (const r of results) assert.equal(r.error?.code, RDKafkaErrorCode.MessageTimedOut);
      assert.ok(elapsed < 1500 + 5000, `failing took ${elapsed} ms`); // librdkafka scans for timeouts once a second

      // Usable again once the broker is back (a message sent while it reconnects may still time out).
      single.setBrokerUp(1);
      let delivered = false;
      for (let attempt = 0; attempt < 10 && !delivered; attempt++) {
        results.length = 0;
        producer.send({ topic, payload: 'after' });
        await producer.flush(15_000);
        delivered = results[0]?.error === null;
      }
      assert.ok(delivered, 'nothing delivered after the broker came back');
      console.log(`      broker gone: sent 200, failed 200 (MessageTimedOut) in ${elapsed} ms, delivered after return`);
    } finally {
      await producer.close();
      single.close();
    }
  });
});
