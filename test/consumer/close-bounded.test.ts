import { strict as assert } from 'assert';
import { BaseConsumer, KafkaError, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { runNode } from '../helpers';
import { consumerConfig, newCluster, newTopic, pollN, populate, take } from '../support/consumers';

// C33 (A15): close() never hangs. With the group coordinator unreachable, leaving the group cannot finish (the final
// commit and the LeaveGroup wait for a coordinator); past `timeoutMs` the consumer is destroyed without leaving and
// close() rejects ConsumerQueueClose(OperationTimedOut), and a process doing this still exits (rust-rdkafka
// #611/#509, node-rdkafka #330/#705).
describe('close() with the coordinator down is bounded (C33)', () => {
  const TIMEOUT_MS = 2000;
  // What close may take beyond its timeout: destroying the handle, the last timer tick.
  const MARGIN_MS = 1500;
  let cluster: MockCluster;
  beforeEach(() => {
    // Broker 1 coordinates the group; the partition's leader is broker 2, so only the coordinator goes away.
    cluster = newCluster(2);
  });
  afterEach(() => cluster.close());

  function isCloseTimeout(error: unknown): boolean {
    return error instanceof KafkaError && error.kind === 'ConsumerQueueClose' && error.code === RDKafkaErrorCode.OperationTimedOut;
  }

  for (const kind of ['StreamConsumer', 'BaseConsumer'] as const) {
    it(`${kind}: close({ timeoutMs: 2000 }) rejects ConsumerQueueClose(OperationTimedOut) within about 2 s`, async () => {
      const topic = newTopic(cluster, 1);
      cluster.setPartitionLeader(topic, 0, 2);
      await populate(cluster, topic, 10, { partition: 0 });
      const config = consumerConfig(cluster, { 'enable.auto.commit': true });
      cluster.setCoordinator('group', String(config['group.id']), 1);
      const consumer = kind === 'StreamConsumer' ? new StreamConsumer(config, { error: () => {} }) : new BaseConsumer(config, { error: () => {} });
      consumer.subscribe([topic]);
      if (consumer instanceof StreamConsumer) await take(consumer, 5);
      else pollN(consumer, 5);

      cluster.setBrokerDown(1);
      const started = Date.now();
      const outcome = await consumer.close({ timeoutMs: TIMEOUT_MS }).then(
        () => 'resolved',
        (error: unknown) => error,
      );
      const took = Date.now() - started;
      assert.ok(isCloseTimeout(outcome), `close() settled with ${String(outcome)}`);
      assert.ok(took >= TIMEOUT_MS - 50, `close() gave up after ${took} ms, before its timeout`);
      assert.ok(took < TIMEOUT_MS + MARGIN_MS, `close() took ${took} ms`);
      // It is closed all the same.
      assert.throws(() => consumer.assignment(), (error: KafkaError) => error.kind === 'Closed');
      await consumer.close().catch(() => {});
    });
  }

  it('a process whose consumer cannot leave its group exits after close() gives up', () => {
    const result = runNode(
      `
      const { StreamConsumer, FutureProducer, MockCluster } = require('rdkafka-napi');
      (async () => {
        const cluster = new MockCluster(2);
        cluster.setGroupInitialRebalanceDelay(50);
        cluster.createTopic('t', 1, 1);
        cluster.setPartitionLeader('t', 0, 2);
        cluster.setCoordinator('group', 'g', 1);
        const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers });
        await producer.send({ topic: 't', partition: 0, payload: 'x' }, 10000);
        await producer.close();
        const consumer = new StreamConsumer({
          'bootstrap.servers': cluster.bootstrapServers, 'group.id': 'g', 'auto.offset.reset': 'earliest',
          'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000, 'fetch.wait.max.ms': 50,
        }, { error: () => {} });
        consumer.subscribe(['t']);
        await consumer.recv();
        cluster.setBrokerDown(1);
        const started = Date.now();
        try {
          await consumer.close({ timeoutMs: 2000 });
          console.log('closed');
        } catch (error) {
          console.log('close', error.kind, error.code, Date.now() - started);
        }
        // The cluster stays open: only the consumer is left behind, and it must not hold the process.
      })();
      `,
      { timeoutMs: 20_000 },
    );
    assert.equal(result.signal, null, `killed by ${result.signal} after ${result.ms} ms: ${result.stdout} ${result.stderr}`);
    assert.equal(result.status, 0, result.stderr);
    const match = /close ConsumerQueueClose (-?\d+) (\d+)/.exec(result.stdout);
    assert.ok(match, result.stdout + result.stderr);
    assert.equal(Number(match[1]), RDKafkaErrorCode.OperationTimedOut);
    // How long close() takes is the tests' above; here, that the process ends (librdkafka lets the final commit wait
    // for a coordinator up to session.timeout.ms, 6 s, before the handle is gone).
    assert.ok(result.ms < 15_000, `the process took ${result.ms} ms to exit`);
  });

  it('close() resolves, round after round, with fetched messages still queued (destroying the handle never waits on them)', () => {
    // In a child process: a destroy that waits forever would hold this one too.
    const result = runNode(
      `
      const { BaseConsumer, StreamConsumer, FutureProducer, MockCluster } = require('rdkafka-napi');
      (async () => {
        for (let round = 0; round < 12; round++) {
          const cluster = new MockCluster(1);
          cluster.setGroupInitialRebalanceDelay(50);
          cluster.createTopic('t', 1, 1);
          const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 });
          await Promise.all([0, 1, 2].map((i) => producer.send({ topic: 't', partition: 0, payload: 'm' + i }, 10000)));
          await producer.close();
          const config = {
            'bootstrap.servers': cluster.bootstrapServers, 'group.id': 'g' + round, 'auto.offset.reset': 'earliest',
            'enable.auto.commit': false, 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000, 'fetch.wait.max.ms': 50,
          };
          // One message taken, two fetched and left: half the rounds with each kind.
          if (round % 2 === 0) {
            const consumer = new BaseConsumer(config);
            consumer.subscribe(['t']);
            while (consumer.poll(100) === null);
            await consumer.close();
          } else {
            const consumer = new StreamConsumer(config, undefined, { maxBatchSize: 1 });
            consumer.subscribe(['t']);
            await consumer.recv();
            await consumer.close();
          }
          cluster.close();
          console.log('round', round, 'closed');
        }
      })();
      `,
      { timeoutMs: 20_000 },
    );
    assert.equal(result.signal, null, `stuck after "${result.stdout.trim().split('\n').at(-1) || 'no round'}" (killed by ${result.signal})`);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /round 11 closed/);
  });
});
