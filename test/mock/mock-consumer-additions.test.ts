// The MockCluster methods consumer tests need, each exercised against the mock itself: through a producer where a
// producer shows what it does, and through requests written by hand (test/support/kafka-wire.ts) where only a
// consumer would. No consumer is tested here.
import { strict as assert } from 'assert';
import { ApiKey, ClientConfig, FutureProducer, KafkaError, MockCluster, type MockRequest, RDKafkaErrorCode, RDKafkaLogLevel, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { exchange, int32, Reader, request, str } from '../support/kafka-wire';

const quiet = { log: () => {}, error: () => {} };
const anything = (v: unknown) => v as never;

/** The mock's ApiVersions v0 answer: each API it serves, with its version range. */
async function advertised(server: string): Promise<Map<number, [number, number]>> {
  const reader = new Reader(await exchange(server, request(ApiKey.ApiVersions, 0, 1, [])));
  reader.int32(); // correlation id
  assert.equal(reader.int16(), 0, 'ApiVersions error code');
  const apis = new Map<number, [number, number]>();
  for (let count = reader.int32(); count > 0; count--) {
    const key = reader.int16();
    apis.set(key, [reader.int16(), reader.int16()]);
  }
  return apis;
}

/** A FindCoordinator v0 for a group, answered by `server`: the coordinator's id and port, or the error. */
async function findGroupCoordinator(server: string, group: string): Promise<{ error: number; nodeId: number; port: number }> {
  const reader = new Reader(await exchange(server, request(ApiKey.FindCoordinator, 0, 7, [str(group)])));
  reader.int32();
  const error = reader.int16();
  const nodeId = reader.int32();
  reader.str(); // host
  return { error, nodeId, port: reader.int32() };
}

/** A JoinGroup v0 of a new member: resolves its error code once the group answers (after electing, when it joins). */
async function joinGroup(server: string, group: string): Promise<number> {
  const body = [str(group), int32(10_000), str(''), str('consumer'), int32(1), str('range'), int32(0)];
  const reader = new Reader(await exchange(server, request(ApiKey.JoinGroup, 0, 9, body)));
  reader.int32();
  return reader.int16();
}

const isKafkaError = (code: number) => (e: unknown) => e instanceof KafkaError && e.code === code;

describe('MockCluster: the additions for consumer tests', function () {
  this.timeout(60_000);
  let cluster: MockCluster;
  let producer: FutureProducer;
  let servers: string[];
  let ports: number[];

  beforeEach(() => {
    cluster = new MockCluster(3);
    servers = cluster.bootstrapServers.split(',');
    ports = servers.map((s) => Number(s.split(':')[1]));
    producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers }, quiet);
  });

  afterEach(async () => {
    await producer.close();
    cluster.close();
  });

  /** A topic of one partition led by broker 2, which the producer has already sent to once. */
  async function ledByBroker2(): Promise<string> {
    const topic = uniqueTopic('led');
    cluster.createTopic(topic, 1, 3);
    cluster.setPartitionLeader(topic, 0, 2);
    await producer.send({ topic, partition: 0, payload: 'first' }, Timeout.Never);
    return topic;
  }

  describe('setTopicError', () => {
    it('makes Metadata report the error, and a send to the topic fail with it; 0 clears it', async () => {
      const topic = uniqueTopic('denied');
      cluster.createTopic(topic, 2, 1);
      cluster.setTopicError(topic, RDKafkaErrorCode.TopicAuthorizationFailed);
      let [described] = (await producer.client.fetchMetadata(topic, 10_000)).topics;
      assert.equal(described.error, RDKafkaErrorCode.TopicAuthorizationFailed);
      assert.equal(described.partitions.length, 2, 'the partitions are still listed');
      await assert.rejects(producer.send({ topic, payload: 'x' }, Timeout.Never), isKafkaError(RDKafkaErrorCode.TopicAuthorizationFailed));

      cluster.setTopicError(topic, 0);
      [described] = (await producer.client.fetchMetadata(topic, 10_000)).topics;
      assert.equal(described.error, null);
    });

    it('creates a topic that does not exist, with the 4 partitions of auto-creation', async () => {
      // A client that does not create topics itself, so that only setTopicError can have.
      const asking = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'allow.auto.create.topics': false }, quiet);
      try {
        const [absent] = (await asking.client.fetchMetadata(uniqueTopic('absent'), 10_000)).topics;
        assert.equal(absent.error, RDKafkaErrorCode.UnknownTopicOrPartition);

        const topic = uniqueTopic('created');
        cluster.setTopicError(topic, 0);
        const [described] = (await asking.client.fetchMetadata(topic, 10_000)).topics;
        assert.equal(described.error, null);
        assert.equal(described.partitions.length, 4);
        assert.equal(described.partitions[0].replicas.length, 3, 'replication factor: the broker count, at most 3');
      } finally {
        await asking.close();
      }
    });
  });

  describe('pushBrokerRequestErrors', () => {
    it('delays the answer by the rtt it is given, fails a request with the code, and only on that broker', async () => {
      const topic = await ledByBroker2();
      cluster.startRequestTracking();

      cluster.pushBrokerRequestErrors(2, ApiKey.Produce, [[0, 500]]);
      let started = Date.now();
      await producer.send({ topic, partition: 0, payload: 'late' }, Timeout.Never);
      assert.ok(Date.now() - started >= 450, `delivered after ${Date.now() - started} ms with a 500 ms rtt`);

      cluster.pushBrokerRequestErrors(2, ApiKey.Produce, [[RDKafkaErrorCode.InvalidRecord, 300]]);
      started = Date.now();
      await assert.rejects(producer.send({ topic, partition: 0, payload: 'refused' }, Timeout.Never), isKafkaError(RDKafkaErrorCode.InvalidRecord));
      assert.ok(Date.now() - started >= 250, `failed after ${Date.now() - started} ms with a 300 ms rtt`);

      // Another broker's errors do not touch broker 2's requests.
      cluster.pushBrokerRequestErrors(1, ApiKey.Produce, [[RDKafkaErrorCode.InvalidRecord, 0]]);
      await producer.send({ topic, partition: 0, payload: 'unaffected' }, Timeout.Never);

      const produced = cluster.requests().filter((r) => r.apiKey === ApiKey.Produce);
      assert.equal(produced.length, 3);
      assert.ok(produced.every((r) => r.brokerId === 2));
    });

    it('takes its pairs in order, one per request', async () => {
      const topic = await ledByBroker2();
      cluster.pushBrokerRequestErrors(2, ApiKey.Produce, [
        [RDKafkaErrorCode.InvalidRecord, 0],
        [0, 0],
        [RDKafkaErrorCode.InvalidRecord, 0],
      ]);
      const outcomes: number[] = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push(await producer.send({ topic, partition: 0, payload: `${i}` }, Timeout.Never).then(() => 0, (e: KafkaError) => e.code));
      }
      assert.deepEqual(outcomes, [RDKafkaErrorCode.InvalidRecord, 0, RDKafkaErrorCode.InvalidRecord, 0]);
    });

    it('once used for a broker and API, makes that broker ignore pushRequestErrors for the API (as documented)', async () => {
      const topic = await ledByBroker2();
      cluster.pushRequestErrors(ApiKey.Produce, [RDKafkaErrorCode.InvalidRecord]);
      await assert.rejects(producer.send({ topic, partition: 0, payload: 'a' }, Timeout.Never), isKafkaError(RDKafkaErrorCode.InvalidRecord));

      cluster.pushBrokerRequestErrors(2, ApiKey.Produce, [[0, 0]]);
      await producer.send({ topic, partition: 0, payload: 'b' }, Timeout.Never);
      cluster.pushRequestErrors(ApiKey.Produce, [RDKafkaErrorCode.InvalidRecord]);
      await producer.send({ topic, partition: 0, payload: 'c' }, Timeout.Never); // delivered: broker 2's empty list wins
      cluster.clearRequestErrors(ApiKey.Produce);
    });
  });

  describe('setCoordinator', () => {
    it("names the broker that FindCoordinator answers for a group, and JoinGroup elsewhere is refused", async () => {
      const group = uniqueTopic('group');
      for (const broker of [3, 2]) {
        cluster.setCoordinator('group', group, broker);
        for (const server of servers) {
          assert.deepEqual(await findGroupCoordinator(server, group), { error: 0, nodeId: broker, port: ports[broker - 1] });
        }
      }
      // Broker 1 is not the coordinator (2 is): NotCoordinator, at once.
      assert.equal(await joinGroup(servers[0], group), RDKafkaErrorCode.NotCoordinator);
    });

    it('moves a transactional producer to the broker named for its transactional.id', async () => {
      const transactionalId = uniqueTopic('txn');
      cluster.setCoordinator('transaction', transactionalId, 3);
      cluster.startRequestTracking();
      const transactional = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'transactional.id': transactionalId }, quiet);
      try {
        await transactional.initTransactions(10_000);
      } finally {
        await transactional.close();
      }
      const initPid = cluster.requests().filter((r) => r.apiKey === ApiKey.InitProducerId);
      assert.ok(initPid.length > 0, 'no InitProducerId request');
      assert.deepEqual(new Set(initPid.map((r) => r.brokerId)), new Set([3]));
    });

    it('accepts only a broker the cluster has: the mock would abort the process on FindCoordinator otherwise', () => {
      for (const bad of [0, 4, -1, 64]) {
        assert.throws(() => cluster.setCoordinator('group', 'g', bad), (e: unknown) => e instanceof RangeError && /brokerId must be from 1 to 3/.test(e.message));
      }
      for (const good of [1, 2, 3]) cluster.setCoordinator('transaction', 't', good);
    });
  });

  describe('setApiVersion', () => {
    it('accepts exactly the versions the mock advertises, for exactly the APIs it serves', async () => {
      const apis = await advertised(servers[0]);
      assert.deepEqual(apis.get(ApiKey.Produce), [0, 10]);
      for (let key = 0; key <= 80; key++) {
        const range = apis.get(key);
        if (range === undefined) {
          assert.throws(() => cluster.setApiVersion(key, 0, 0), (e: unknown) => e instanceof RangeError && /not an API the mock cluster serves/.test(e.message), `apiKey ${key}`);
          continue;
        }
        const [min, max] = range;
        cluster.setApiVersion(key, min, max); // what it is already
        assert.throws(() => cluster.setApiVersion(key, min, max + 1), RangeError, `apiKey ${key}: above its maximum`);
        assert.throws(() => cluster.setApiVersion(key, min - 1, max), RangeError, `apiKey ${key}: below its minimum`);
      }
      assert.deepEqual(await advertised(servers[0]), apis, 'nothing changed');
    });

    it('narrows what a client negotiates: it sends the highest version left', async () => {
      cluster.setApiVersion(ApiKey.Metadata, 0, 4);
      assert.deepEqual((await advertised(servers[1])).get(ApiKey.Metadata), [0, 4]);
      const lines: string[] = [];
      const config = new ClientConfig({ 'bootstrap.servers': cluster.bootstrapServers, debug: 'protocol' }).setLogLevel(RDKafkaLogLevel.Debug);
      const client = new FutureProducer(config, { log: (_level, _facility, message) => lines.push(message), error: () => {} });
      try {
        await client.client.fetchMetadata(null, 10_000);
      } finally {
        await client.close();
      }
      const versions = new Set(lines.flatMap((line) => /Sent MetadataRequest \(v(\d+)/.exec(line)?.[1] ?? []));
      assert.deepEqual([...versions], ['4']);
    });

    it('turns an API off with -1, -1: the client does not send it, and the call that needs it fails', async () => {
      const topic = uniqueTopic('offsets');
      cluster.createTopic(topic, 1, 1);
      cluster.setApiVersion(ApiKey.ListOffsets, -1, -1);
      assert.equal((await advertised(servers[0])).has(ApiKey.ListOffsets), false);
      cluster.startRequestTracking();
      await assert.rejects(producer.client.fetchWatermarks(topic, 0, 5000), isKafkaError(RDKafkaErrorCode.UnsupportedFeature));
      assert.ok(!cluster.requests().some((r) => r.apiKey === ApiKey.ListOffsets));
    });

    it('refuses versions the mock does not implement, with a RangeError that says which', () => {
      const cases: Array<[() => void, RegExp]> = [
        [() => cluster.setApiVersion(ApiKey.Produce, 0, 11), /maxVersion must be from 0 \(minVersion\) to 10 for Produce \(apiKey 0\), got 11/],
        [() => cluster.setApiVersion(ApiKey.Produce, 5, 3), /maxVersion must be from 5 \(minVersion\) to 10 for Produce/],
        [() => cluster.setApiVersion(ApiKey.OffsetForLeaderEpoch, 1, 2), /minVersion must be from 2 to 2 for OffsetForLeaderEpoch \(apiKey 23\) \(or -1 to turn it off\), got 1/],
        [() => cluster.setApiVersion(ApiKey.Fetch, -1, 4), /minVersion and maxVersion must be -1 together \(to turn the API off\) for Fetch \(apiKey 1\), got -1 and 4/],
        [() => cluster.setApiVersion(ApiKey.ListGroups, 0, 0), /apiKey 16 is not an API the mock cluster serves/],
        [() => cluster.setApiVersion(ApiKey.ConsumerGroupHeartbeat, 0, 1), /minVersion must be from 1 to 1 for ConsumerGroupHeartbeat/],
      ];
      for (const [call, message] of cases) assert.throws(call, (e: unknown) => e instanceof RangeError && message.test(e.message), String(message));
    });
  });

  describe('request tracking', () => {
    it('records nothing until started; then each request with its API, broker and time', async () => {
      const topic = uniqueTopic('tracked');
      cluster.createTopic(topic, 1, 3);
      cluster.setPartitionLeader(topic, 0, 2);
      assert.deepEqual(cluster.requests(), []);
      await producer.send({ topic, partition: 0, payload: 'untracked' }, Timeout.Never);
      assert.deepEqual(cluster.requests(), []);

      const before = Number(process.hrtime.bigint() / 1000n);
      cluster.startRequestTracking();
      await producer.client.fetchMetadata(topic, 10_000);
      await producer.send({ topic, partition: 0, payload: 'tracked' }, Timeout.Never);
      const after = Number(process.hrtime.bigint() / 1000n);
      const requests: MockRequest[] = cluster.requests();

      assert.ok(requests.some((r) => r.apiKey === ApiKey.Metadata), 'no Metadata request');
      const produced = requests.filter((r) => r.apiKey === ApiKey.Produce);
      assert.deepEqual(produced.map((r) => r.brokerId), [2]);
      for (const r of requests) {
        assert.deepEqual(Object.keys(r).sort(), ['apiKey', 'brokerId', 'timestampUs']);
        assert.ok(r.brokerId >= 1 && r.brokerId <= 3);
      }
      const times = requests.map((r) => r.timestampUs);
      assert.deepEqual(times, [...times].sort((a, b) => a - b), 'in the order they came');
      if (process.platform === 'linux') {
        assert.ok(times[0] >= before && times[times.length - 1] <= after, `${times[0]}..${times[times.length - 1]} not within ${before}..${after} (process.hrtime's clock)`);
      }
    });

    it('clearRequests forgets and goes on recording; stopRequestTracking returns what it recorded, and records no more', async () => {
      const topic = await ledByBroker2();
      cluster.startRequestTracking();
      await producer.send({ topic, partition: 0, payload: 'a' }, Timeout.Never);
      assert.ok(cluster.requests().length > 0);
      cluster.clearRequests();
      assert.deepEqual(cluster.requests(), []);

      await producer.send({ topic, partition: 0, payload: 'b' }, Timeout.Never);
      const recorded = cluster.requests();
      const stopped = cluster.stopRequestTracking();
      assert.ok(stopped.some((r) => r.apiKey === ApiKey.Produce && r.brokerId === 2));
      assert.deepEqual(stopped.slice(0, recorded.length), recorded);
      assert.deepEqual(cluster.requests(), [], 'librdkafka discards them on stopping');

      await producer.send({ topic, partition: 0, payload: 'c' }, Timeout.Never);
      assert.deepEqual(cluster.requests(), []);
      assert.deepEqual(cluster.stopRequestTracking(), []);
    });

    it('starts afresh', async () => {
      const topic = await ledByBroker2();
      cluster.startRequestTracking();
      await producer.send({ topic, partition: 0, payload: 'a' }, Timeout.Never);
      assert.ok(cluster.requests().length > 0);
      cluster.startRequestTracking();
      assert.deepEqual(cluster.requests(), []);
    });
  });

  describe('group settings', () => {
    it('setGroupInitialRebalanceDelay: how long the first member of a group waits for its JoinGroup answer', async () => {
      const coordinatedBy1 = (group: string) => {
        cluster.setCoordinator('group', group, 1);
        return group;
      };
      cluster.setGroupInitialRebalanceDelay(0);
      let started = Date.now();
      assert.equal(await joinGroup(servers[0], coordinatedBy1(uniqueTopic('group'))), 0);
      const immediate = Date.now() - started;
      assert.ok(immediate < 1000, `answered after ${immediate} ms with no delay (the mock's default is 3000 ms)`);

      cluster.setGroupInitialRebalanceDelay(1200);
      started = Date.now();
      assert.equal(await joinGroup(servers[0], coordinatedBy1(uniqueTopic('group'))), 0);
      const delayed = Date.now() - started;
      assert.ok(delayed >= 1100, `answered after ${delayed} ms with a 1200 ms delay`);
    });

    it('the KIP-848 session timeout and heartbeat interval take milliseconds within the mock timers\' range', () => {
      cluster.setGroupConsumerSessionTimeout(6000);
      cluster.setGroupConsumerHeartbeatInterval(500);
      cluster.setGroupConsumerSessionTimeout(2_147_483);
      cluster.setGroupConsumerHeartbeatInterval(1);
      cluster.setGroupInitialRebalanceDelay(2_147_483);
    });
  });

  describe('the limits documented for consumers', () => {
    it('ListGroups, DescribeGroups, DeleteGroups, OffsetDelete: not advertised, and a request closes the connection', async () => {
      const apis = await advertised(servers[0]);
      for (const key of [ApiKey.DescribeGroups, ApiKey.ListGroups, ApiKey.DeleteGroups, ApiKey.OffsetDelete, ApiKey.CreateTopics]) {
        assert.equal(apis.has(key), false, `apiKey ${key} advertised`);
      }
      for (const key of [ApiKey.Fetch, ApiKey.ListOffsets, ApiKey.OffsetFetch, ApiKey.OffsetCommit, ApiKey.Metadata, ApiKey.FindCoordinator,
        ApiKey.JoinGroup, ApiKey.SyncGroup, ApiKey.Heartbeat, ApiKey.LeaveGroup, ApiKey.ConsumerGroupHeartbeat, ApiKey.OffsetForLeaderEpoch]) {
        assert.ok(apis.has(key), `apiKey ${key} not advertised`);
      }
      await assert.rejects(exchange(servers[0], request(ApiKey.ListGroups, 0, 3, [])), /closed the connection/);
    });

    it('a partition keeps only about 5 MiB: the oldest batches go, and its start offset moves up', async () => {
      const topic = uniqueTopic('big');
      cluster.createTopic(topic, 1, 1);
      const payload = Buffer.alloc(100 * 1024, 'x');
      await Promise.all(Array.from({ length: 80 }, () => producer.send({ topic, partition: 0, payload }, Timeout.Never)));
      const { low, high } = await producer.client.fetchWatermarks(topic, 0, 10_000);
      assert.equal(high, 80);
      assert.ok(low > 0, 'nothing was dropped from 8 MB');
      assert.ok((high - low) * payload.length <= 6.5 * 1024 * 1024, `${high - low} messages of 100 KiB kept`);
    });
  });

  it('rejects bad arguments with errors that name them', () => {
    const cases: Array<[() => unknown, RegExp, ErrorConstructor]> = [
      [() => cluster.setTopicError('', 3), /topic must not be empty/, TypeError],
      [() => cluster.setTopicError(anything(7), 3), /topic must be a string, got number 7/, TypeError],
      [() => cluster.setTopicError('t', -2), /code must be from -1 to 32767, got -2/, RangeError],
      [() => cluster.setTopicError('t', 40000), /code must be from -1 to 32767/, RangeError],
      [() => cluster.setTopicError('t', anything('3')), /code must be a whole number, got string "3"/, TypeError],
      [() => cluster.pushBrokerRequestErrors(0, 0, []), /brokerId must be from 1 to 3, got 0/, RangeError],
      [() => cluster.pushBrokerRequestErrors(-1, 0, []), /brokerId must be from 1 to 3, got -1/, RangeError],
      [() => cluster.pushBrokerRequestErrors(1, -1, []), /apiKey must be from 0 to 32767/, RangeError],
      [() => cluster.pushBrokerRequestErrors(1, 0, anything(29)), /errors must be an array of \[code, rttMs\] pairs, got number 29/, TypeError],
      [() => cluster.pushBrokerRequestErrors(1, 0, anything([29])), /errors\[0\] must be a \[code, rttMs\] pair, got number 29/, TypeError],
      [() => cluster.pushBrokerRequestErrors(1, 0, anything([[29, 0, 1]])), /errors\[0\] must be a \[code, rttMs\] pair, got an array/, TypeError],
      [() => cluster.pushBrokerRequestErrors(1, 0, [[29, 0], [1.5, 0]]), /errors\[1\]\[0\] \(code\) must be a whole number, got number 1.5/, TypeError],
      [() => cluster.pushBrokerRequestErrors(1, 0, [[29, -1]]), /errors\[0\]\[1\] \(rttMs\) must be from 0/, RangeError],
      [() => cluster.setCoordinator(anything('consumer'), 'g', 1), /type must be 'group' or 'transaction', got string "consumer"/, TypeError],
      [() => cluster.setCoordinator('group', '', 1), /key must be a non-empty string/, TypeError],
      [() => cluster.setCoordinator('group', 'a\0b', 1), /key must not contain NUL/, TypeError],
      [() => cluster.setCoordinator('group', anything(null), 1), /key must be a non-empty string, got null/, TypeError],
      [() => cluster.setCoordinator('group', 'g', 1.5), /brokerId must be a whole number/, TypeError],
      [() => cluster.setApiVersion(anything('0'), 0, 1), /apiKey must be a whole number, got string "0"/, TypeError],
      [() => cluster.setApiVersion(0, -2, 1), /minVersion must be from -1 to 32767, got -2/, RangeError],
      [() => cluster.setApiVersion(0, 0, anything(null)), /maxVersion must be a whole number, got null/, TypeError],
      [() => cluster.setGroupInitialRebalanceDelay(-1), /delayMs must be from 0 to 2147483, got -1/, RangeError],
      [() => cluster.setGroupInitialRebalanceDelay(2_147_484), /delayMs must be from 0 to 2147483/, RangeError],
      [() => cluster.setGroupInitialRebalanceDelay(anything('0')), /delayMs must be a whole number/, TypeError],
      [() => cluster.setGroupConsumerSessionTimeout(0), /timeoutMs must be from 1 to 2147483, got 0/, RangeError],
      [() => cluster.setGroupConsumerSessionTimeout(Infinity), /timeoutMs must be a whole number/, TypeError],
      [() => cluster.setGroupConsumerHeartbeatInterval(0), /intervalMs must be from 1 to 2147483, got 0/, RangeError],
      [() => cluster.setGroupConsumerHeartbeatInterval(NaN), /intervalMs must be a whole number/, TypeError],
    ];
    for (const [call, message, type] of cases) {
      assert.throws(call, (error: unknown) => error instanceof type && message.test((error as Error).message), String(call));
    }
  });

  it('refuses every new method with Closed after close()', () => {
    const closed = new MockCluster(1);
    closed.close();
    const calls: Array<() => unknown> = [
      () => closed.setTopicError('t', 3),
      () => closed.pushBrokerRequestErrors(1, ApiKey.Produce, [[0, 0]]),
      () => closed.setCoordinator('group', 'g', 1),
      () => closed.setApiVersion(ApiKey.Produce, 0, 10),
      () => closed.setGroupInitialRebalanceDelay(0),
      () => closed.setGroupConsumerSessionTimeout(1000),
      () => closed.setGroupConsumerHeartbeatInterval(100),
      () => closed.startRequestTracking(),
      () => closed.stopRequestTracking(),
      () => closed.requests(),
      () => closed.clearRequests(),
    ];
    for (const call of calls) {
      assert.throws(call, (e: unknown) => e instanceof KafkaError && e.kind === 'Closed' && /this MockCluster is closed/.test(e.message), String(call));
    }
  });

  it('names the API keys consumer tests use', () => {
    assert.deepEqual(
      [ApiKey.DescribeGroups, ApiKey.ListGroups, ApiKey.OffsetForLeaderEpoch, ApiKey.DeleteGroups, ApiKey.OffsetDelete, ApiKey.ConsumerGroupHeartbeat],
      [15, 16, 23, 42, 47, 68],
    );
  });
});
