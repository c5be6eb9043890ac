import { strict as assert } from 'assert';
import { Kafka, logLevel } from 'kafkajs';
import { ApiKey, BaseProducer, KafkaError, MockCluster } from 'rdkafka-napi';
import { runNode, uniqueTopic } from '../helpers';

describe('MockCluster', () => {
  let cluster: MockCluster;
  let producer: BaseProducer;

  beforeEach(() => {
    cluster = new MockCluster(3);
    producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
  });

  afterEach(() => {
    producer.close();
    cluster.close();
  });

  it('listens on one loopback address per broker', () => {
    const servers = cluster.bootstrapServers.split(',');
    assert.equal(servers.length, 3);
    for (const server of servers) assert.match(server, /^127\.0\.0\.1:\d+$/);
    assert.equal(cluster.brokerCount, 3);
  });

  it('creates a topic that a metadata request through a producer sees', async () => {
    const topic = uniqueTopic();
    cluster.createTopic(topic, 5, 3);
    const metadata = await producer.client.fetchMetadata(topic, 10_000);

    const ports = cluster.bootstrapServers.split(',').map((s) => Number(s.split(':')[1]));
    assert.deepEqual(metadata.brokers.map((b) => b.id).sort(), [1, 2, 3]);
    assert.deepEqual(metadata.brokers.map((b) => b.port).sort(), [...ports].sort());
    assert.equal(metadata.topics.length, 1);
    const [described] = metadata.topics;
    assert.equal(described.name, topic);
    assert.equal(described.error, null);
    assert.deepEqual(described.partitions.map((p) => p.id), [0, 1, 2, 3, 4]);
    for (const partition of described.partitions) {
      assert.equal(partition.error, null);
      assert.equal(partition.replicas.length, 3);
      assert.ok(partition.replicas.includes(partition.leader), `leader ${partition.leader} not among replicas`);
    }
  });

  it('lists every topic when no topic is named', async () => {
    const a = uniqueTopic();
    const b = uniqueTopic();
    cluster.createTopic(a, 1, 1);
    cluster.createTopic(b, 2, 1);
    const metadata = await producer.client.fetchMetadata(null, 10_000);
    const names = metadata.topics.map((t) => t.name);
    assert.ok(names.includes(a) && names.includes(b), names.join(','));
  });

  it('moves partition leadership', async () => {
    const topic = uniqueTopic();
    cluster.createTopic(topic, 2, 3);
    cluster.setPartitionLeader(topic, 1, 2);
    let metadata = await producer.client.fetchMetadata(topic, 10_000);
    assert.equal(metadata.topics[0].partitions[1].leader, 2);

    cluster.setPartitionLeader(topic, 1, null);
    metadata = await producer.client.fetchMetadata(topic, 10_000);
    assert.equal(metadata.topics[0].partitions[1].leader, -1);
  });

  it('takes brokers down and up: a client with only downed brokers times out, then recovers', async () => {
    const single = new MockCluster(1);
    const client = new BaseProducer({ 'bootstrap.servers': single.bootstrapServers });
    try {
      single.setBrokerDown(1);
      await assert.rejects(client.client.fetchMetadata(null, 500), (error: unknown) => {
        // Timed out, or the transport failure that made it so.
        return error instanceof KafkaError && error.kind === 'MetadataFetch' && [-185, -195].includes(error.code);
      });
      single.setBrokerUp(1);
      const metadata = await client.client.fetchMetadata(null, 10_000);
      assert.equal(metadata.brokers.length, 1);
    } finally {
      client.close();
      single.close();
    }
  });

  it('delays responses by the broker round-trip time it is given', async () => {
    const topic = uniqueTopic();
    cluster.createTopic(topic, 1, 1);
    await producer.client.fetchMetadata(topic, 10_000); // connect first
    cluster.setBrokerRtt(-1, 400);
    const started = Date.now();
    await producer.client.fetchMetadata(topic, 10_000);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 350, `metadata took ${elapsed} ms with a 400 ms RTT`);
    cluster.setBrokerRtt(-1, 0);
  });

  it('injects request errors that an independent client (kafkajs) sees', async () => {
    const topic = uniqueTopic();
    cluster.createTopic(topic, 1, 3);
    const kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const independent = kafka.producer({ retry: { retries: 0 } });
    await independent.connect();
    const send = () => independent.send({ topic, acks: -1, messages: [{ key: 'k', value: 'v' }] });
    try {
      await send();
      // TOPIC_AUTHORIZATION_FAILED (29), not retriable, on the next Produce request only.
      cluster.pushRequestErrors(ApiKey.Produce, [29]);
      await assert.rejects(send(), /authoriz/i);
      const [delivered] = await send();
      assert.equal(delivered.errorCode, 0);

      cluster.pushRequestErrors(ApiKey.Produce, [29, 29]);
      cluster.clearRequestErrors(ApiKey.Produce);
      const [afterClear] = await send();
      assert.equal(afterClear.errorCode, 0);
    } finally {
      await independent.disconnect();
    }
  });

  it('rejects bad arguments with errors that name them, never a crash', () => {
    const cases: Array<[() => unknown, RegExp, ErrorConstructor]> = [
      [() => new MockCluster(0), /brokers must be from 1/, RangeError],
      [() => new MockCluster(-1), /brokers must be from 1/, RangeError],
      [() => new MockCluster(1.5), /brokers must be a whole number/, TypeError],
      [() => new MockCluster('3' as unknown as number), /brokers must be a whole number/, TypeError],
      [() => cluster.createTopic('t', -1, 1), /partitions must be from 1/, RangeError],
      [() => cluster.createTopic('t', 0, 1), /partitions must be from 1/, RangeError],
      [() => cluster.createTopic('t', 1, 4), /replicationFactor must be from 1 to 3/, RangeError],
      [() => cluster.createTopic('', 1, 1), /topic must not be empty/, TypeError],
      [() => cluster.createTopic('a\0b', 1, 1), /NUL/, TypeError],
      [() => cluster.createTopic(42 as unknown as string, 1, 1), /topic must be a string/, TypeError],
      [() => cluster.setBrokerDown(7), /brokerId must be from 1 to 3, got 7/, RangeError],
      [() => cluster.setBrokerUp(0), /brokerId must be from 1 to 3, got 0/, RangeError],
      [() => cluster.setBrokerRtt(1, -5), /rttMs must be from 0/, RangeError],
      [() => cluster.setPartitionLeader('t', -1, 1), /partition must be from 0/, RangeError],
      [() => cluster.setPartitionLeader('t', 0, 9), /brokerId must be from 1 to 3/, RangeError],
      [() => cluster.pushRequestErrors(-1, [1]), /apiKey must be from 0/, RangeError],
      [() => cluster.pushRequestErrors(0, 'x' as unknown as number[]), /codes must be an array/, TypeError],
      [() => cluster.pushRequestErrors(0, [1.5]), /codes\[0\] must be a whole number/, TypeError],
    ];
    for (const [call, message, type] of cases) {
      assert.throws(call, (error: unknown) => error instanceof type && message.test((error as Error).message), String(call));
    }
  });

  it('reports a partition it does not have as a KafkaError', () => {
    const topic = uniqueTopic();
    cluster.createTopic(topic, 2, 1);
    assert.throws(() => cluster.setPartitionLeader(topic, 5, 1), (error: unknown) => error instanceof KafkaError && error.kind === 'MockCluster' && error.code === 3);
  });

  it('is closed idempotently, and refuses use afterwards', () => {
    const single = new MockCluster();
    assert.equal(single.brokerCount, 1);
    single.close();
    single.close();
    assert.throws(() => single.bootstrapServers, (error: unknown) => error instanceof KafkaError && error.kind === 'Closed');
    assert.throws(() => single.createTopic('x', 1), (error: unknown) => error instanceof KafkaError && error.kind === 'Closed');
  });

  it('supports `using` (Symbol.dispose)', () => {
    let servers: string;
    {
      using scoped = new MockCluster(1);
      servers = scoped.bootstrapServers;
      assert.ok(servers.length > 0);
    }
  });

  it('keeps serving while open though only its bootstrap servers are kept, whatever the garbage collector does', function () {
    this.timeout(30_000);
    const result = runNode(
      `
      const { MockCluster, FutureProducer, Timeout } = require('rdkafka-napi');
      const bootstrapServers = new MockCluster(1).bootstrapServers; // the object itself is dropped at once
      const producer = new FutureProducer({ 'bootstrap.servers': bootstrapServers, 'message.timeout.ms': 5000 });
      (async () => {
        for (let round = 0; round < 5; round++) {
          global.gc();
          await new Promise((resolve) => setTimeout(resolve, 50));
          const { offset } = await producer.send({ topic: 't', partition: 0, payload: 'x' }, Timeout.Never);
          console.log('offset', offset);
        }
        await producer.close();
      })().catch((e) => { console.error(e.message); process.exitCode = 1; });
    `,
      { nodeArgs: ['--expose-gc'] },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /offset 4/);
  });
});
