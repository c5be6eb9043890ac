import { strict as assert } from 'assert';
import { BaseProducer, KafkaError, RDKafkaErrorCode, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { bootstrap, createTopic, kafkajs, ownCluster } from './kafka';

// Client metadata and watermarks from Apache Kafka: its real partitions, leader and replicas (the single node of the
// harness is node 1), a topic that does not exist, and watermarks that move with what is written and deleted.
const quiet = { log: () => {}, error: () => {} };

describe('kafka: metadata and watermarks', function () {
  this.timeout(60_000);

  it('metadata of one topic and of all: partitions, leader, replicas and ISR on node 1, the broker at the bootstrap address', async function () {
    if (!ownCluster) this.skip(); // the harness's broker: auto-creation off, one node with id 1
    const topic = uniqueTopic('kafka-md');
    await createTopic(topic, 3);
    const producer = new ThreadedProducer({ 'bootstrap.servers': bootstrap() }, quiet);
    try {
      const one = await producer.client.fetchMetadata(topic, 10_000);
      assert.deepEqual(one.topics.map((t) => [t.name, t.error]), [[topic, null]], 'one topic asked for, one described, no error');
      assert.deepEqual(
        one.topics[0].partitions.map((p) => [p.id, p.leader, p.replicas, p.isr, p.error]),
        [
          [0, 1, [1], [1], null],
          [1, 1, [1], [1], null],
          [2, 1, [1], [1], null],
        ],
        'each partition: led by node 1, its only replica, in sync',
      );
      const [host, port] = bootstrap().split(',')[0].split(':');
      assert.deepEqual(one.brokers, [{ id: 1, host, port: Number(port) }], 'the brokers of the cluster');
      // The answer comes from node 1, or, while librdkafka still uses the connection it bootstrapped from (a new
      // client's first request may), from that connection, which has no node id yet.
      assert.ok(
        [`1 ${host}:${port}/1`, `-1 ${host}:${port}/bootstrap`].includes(`${one.origBrokerId} ${one.origBrokerName}`),
        `answered by ${one.origBrokerId} ${one.origBrokerName}`,
      );

      const all = await producer.client.fetchMetadata(null, 10_000);
      const described = all.topics.find((t) => t.name === topic);
      assert.ok(described, `all-topics metadata does not list ${topic}: ${all.topics.map((t) => t.name).join(', ')}`);
      assert.deepEqual(described, one.topics[0], 'the topic as all-topics metadata describes it');
      assert.deepEqual(all.brokers, one.brokers);
      for (const t of all.topics) assert.equal(t.error, null, `topic ${t.name} listed with error ${t.error}`);
    } finally {
      await producer.close();
    }
  });

  it('metadata of a topic that does not exist: the topic with the broker\'s UnknownTopicOrPartition and no partitions (auto-creation is off)', async function () {
    if (!ownCluster) this.skip(); // the harness's broker: auto-creation off, one node with id 1
    const topic = uniqueTopic('kafka-md-missing');
    const producer = new BaseProducer({ 'bootstrap.servers': bootstrap() }, quiet);
    try {
      const md = await producer.client.fetchMetadata(topic, 10_000);
      assert.deepEqual(md.topics, [{ name: topic, error: RDKafkaErrorCode.UnknownTopicOrPartition, partitions: [] }]);
      const all = await producer.client.fetchMetadata(null, 10_000);
      assert.ok(!all.topics.some((t) => t.name === topic), 'asking for it did not create it');
    } finally {
      producer.close();
    }
  });

  it('watermarks: 0/0 on a new topic, high = the messages written to each partition, low moved by deleting records', async () => {
    const topic = uniqueTopic('kafka-wm');
    await createTopic(topic, 3);
    const producer = new ThreadedProducer({ 'bootstrap.servers': bootstrap() }, quiet);
    const admin = kafkajs().admin();
    await admin.connect();
    try {
      for (const partition of [0, 1, 2]) assert.deepEqual(await producer.client.fetchWatermarks(topic, partition, 10_000), { low: 0, high: 0 }, `partition ${partition} of a new topic`);
      const perPartition = [5, 12, 1];
      perPartition.forEach((n, partition) => {
        for (let i = 0; i < n; i++) producer.send({ topic, partition, payload: `${partition}-${i}` });
      });
      await producer.flush(30_000);
      for (const [partition, n] of perPartition.entries()) {
        assert.deepEqual(await producer.client.fetchWatermarks(topic, partition, 10_000), { low: 0, high: n }, `partition ${partition} after ${n} messages`);
      }

      await admin.fetchTopicMetadata({ topics: [topic] }); // kafkajs finds the leader to ask only with the topic's metadata
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 1, offset: '4' }] });
      assert.deepEqual(await producer.client.fetchWatermarks(topic, 1, 10_000), { low: 4, high: 12 }, 'partition 1 after deleting the records before offset 4');
      assert.deepEqual(await producer.client.fetchWatermarks(topic, 0, 10_000), { low: 0, high: 5 }, 'partition 0 untouched');
    } finally {
      await producer.close();
      await admin.disconnect();
    }
  });

  it('watermarks of a partition or a topic that does not exist: a MetadataFetch error, UnknownPartition', async () => {
    const topic = uniqueTopic('kafka-wm');
    await createTopic(topic, 1);
    const producer = new BaseProducer({ 'bootstrap.servers': bootstrap() }, quiet);
    const isUnknownPartition = (e: unknown) => e instanceof KafkaError && e.kind === 'MetadataFetch' && e.code === RDKafkaErrorCode.UnknownPartition;
    try {
      await assert.rejects(producer.client.fetchWatermarks(topic, 5, 10_000), isUnknownPartition, 'partition 5 of a 1-partition topic');
      await assert.rejects(producer.client.fetchWatermarks(uniqueTopic('kafka-wm-missing'), 0, 10_000), isUnknownPartition, 'a topic that does not exist');
    } finally {
      producer.close();
    }
  });
});
