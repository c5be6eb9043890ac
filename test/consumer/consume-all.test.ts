import { strict as assert } from 'assert';
import { BaseConsumer, FutureProducer, type Message, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, pollN, populate, take } from '../support/consumers';

// C2, C14, C25: every message produced is consumed once, with its key, payload, topic and timestamp, whichever
// partition the partitioner chose.
describe('consuming everything', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  function checkAll(messages: Message[], topic: string, populated: Map<string, number>, start: number): void {
    assert.equal(messages.length, 100);
    const seen = new Set<number>();
    for (const message of messages) {
      const id = populated.get(`${message.partition}:${message.offset}`);
      assert.notEqual(id, undefined, `no message was written at ${message.partition}:${message.offset}`);
      seen.add(id!);
      assert.equal(message.topic, topic);
      assert.equal(message.payload?.toString(), `Message ${id}`);
      assert.equal(message.key?.toString(), `Key ${id}`);
      assert.equal(message.timestamp.type, 'CreateTime');
      assert.ok((message.timestamp as { ms: number }).ms >= start);
    }
    assert.equal(seen.size, 100);
  }

  it('StreamConsumer: 100 keyed messages through stream() (C2)', async () => {
    const topic = newTopic(cluster, 3);
    const start = Date.now();
    const populated = await populate(cluster, topic, 100);
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      const messages: Message[] = [];
      for await (const message of consumer.stream()) {
        messages.push(message);
        if (messages.length === 100) break;
      }
      checkAll(messages, topic, populated, start);
    } finally {
      await consumer.close();
    }
  });

  it('BaseConsumer: the same through iter() (C14)', async () => {
    const topic = newTopic(cluster, 3);
    const start = Date.now();
    const populated = await populate(cluster, topic, 100);
    const consumer = new BaseConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      const messages: Message[] = [];
      for (const message of consumer.iter()) {
        messages.push(message);
        if (messages.length === 100) break;
      }
      checkAll(messages, topic, populated, start);
    } finally {
      await consumer.close();
    }
  });

  it('BaseConsumer: the same through poll()', async () => {
    const topic = newTopic(cluster, 3);
    const start = Date.now();
    const populated = await populate(cluster, topic, 100);
    const consumer = new BaseConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      checkAll(pollN(consumer, 100), topic, populated, start);
      assert.equal(consumer.poll(0), null);
    } finally {
      await consumer.close();
    }
  });

  it('a FutureProducer and a StreamConsumer on a 2-broker mock (C25)', async () => {
    const two = newCluster(2);
    try {
      const topic = newTopic(two, 1);
      const producer = new FutureProducer({ 'bootstrap.servers': two.bootstrapServers });
      await producer.send({ topic, key: 'msg1', payload: 'test' }, 5000);
      await producer.close();
      const consumer = new StreamConsumer(consumerConfig(two));
      consumer.subscribe([topic]);
      const [message] = await take(consumer, 1);
      assert.equal(message.key?.toString(), 'msg1');
      assert.equal(message.payload?.toString(), 'test');
      await consumer.close();
    } finally {
      two.close();
    }
  });
});
