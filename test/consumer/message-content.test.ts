import { strict as assert } from 'assert';
import { BaseConsumer, BaseProducer, FutureProducer, type Header, type Message, type MockCluster, StreamConsumer } from 'rdkafka-napi';
import { type KafkajsHeaders, consumerConfig, newCluster, newTopic, pollN, take, writeWithKafkajs } from '../support/consumers';

// C46 (A18, 1.7): a consumed message is exactly what was produced: headers in order with duplicates, null header
// values distinct from empty ones, null keys and payloads distinct from empty ones, arbitrary bytes, CreateTime
// timestamps. Whoever wrote it: our producers or kafkajs (an independent client). detach() makes an independent copy.
describe('message content read back exactly (C46)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster();
  });
  afterEach(() => cluster.close());

  interface Written {
    key: Buffer | null;
    payload: Buffer | null;
    timestamp: number;
    headers: Array<{ key: string; value: Buffer | null }>;
  }

  const bytes = (length: number, seed: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 7 + seed) % 256));
  const utf8 = (text: string) => Buffer.from(text, 'utf8');

  /** The records every writer writes, in order, to partition 0. */
  const records: Written[] = [
    {
      key: utf8('k0'),
      payload: utf8('p0'),
      timestamp: 1111,
      // Order kept, a name repeated (not adjacent), null and empty values, bytes that are not UTF-8.
      headers: [
        { key: 'a', value: utf8('1') },
        { key: 'b', value: null },
        { key: 'a', value: Buffer.alloc(0) },
        { key: 'c', value: Buffer.from([0, 255, 1]) },
        { key: 'a', value: utf8('3') },
      ],
    },
    { key: null, payload: null, timestamp: 2222, headers: [] },
    { key: Buffer.alloc(0), payload: Buffer.alloc(0), timestamp: 3333, headers: [] },
    { key: bytes(16, 3), payload: bytes(4096, 11), timestamp: 4444, headers: [{ key: 'only-null', value: null }] },
    { key: utf8('ключ'), payload: utf8('значение ✓'), timestamp: 1_700_000_000_123, headers: [{ key: 'é', value: utf8('ü') }] },
  ];

  /**
   * The same records as kafkajs can write them: it takes headers as an object, so each name's values go together (in
   * the order the names first come), and it cannot send a null header value.
   */
  const kafkajsRecords: Written[] = records.map((record) => {
    const headers = record.headers.filter((h) => h.value !== null);
    return { ...record, headers: [...new Set(headers.map((h) => h.key))].flatMap((name) => headers.filter((h) => h.key === name)) };
  });

  function kafkajsHeaders(headers: Written['headers']): KafkajsHeaders {
    const object: KafkajsHeaders = {};
    for (const name of new Set(headers.map((h) => h.key))) {
      const values = headers.filter((h) => h.key === name).map((h) => h.value as Buffer);
      object[name] = values.length === 1 ? values[0] : values;
    }
    return object;
  }

  function check(messages: Message[], expected: Written[], topic: string): void {
    assert.equal(messages.length, expected.length);
    messages.forEach((message, i) => {
      const want = expected[i];
      assert.equal(message.topic, topic);
      assert.equal(message.partition, 0);
      assert.equal(message.offset, i);
      assert.deepEqual(message.timestamp, { type: 'CreateTime', ms: want.timestamp }, `timestamp of ${i}`);
      assert.deepEqual(message.key, want.key, `key of ${i}`);
      assert.deepEqual(message.payload, want.payload, `payload of ${i}`);
      assert.deepEqual(
        message.headers.map((h) => ({ key: h.key, value: h.value })),
        want.headers,
        `headers of ${i}`,
      );
    });
  }

  async function readBack(topic: string, expected: Written[]): Promise<void> {
    const stream = new StreamConsumer(consumerConfig(cluster));
    try {
      stream.subscribe([topic]);
      check(await take(stream, expected.length), expected, topic);
    } finally {
      await stream.close();
    }
    const base = new BaseConsumer(consumerConfig(cluster));
    try {
      base.subscribe([topic]);
      check(pollN(base, expected.length), expected, topic);
    } finally {
      await base.close();
    }
  }

  const asRecord = (topic: string, r: Written) => ({ topic, partition: 0, key: r.key, payload: r.payload, timestamp: r.timestamp, headers: r.headers as Header[] });

  it('written by a FutureProducer, read by both consumers', async () => {
    const topic = newTopic(cluster, 1);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 });
    try {
      await Promise.all(records.map((r) => producer.send(asRecord(topic, r), 10_000)));
    } finally {
      await producer.close();
    }
    await readBack(topic, records);
  });

  it('written by a BaseProducer, read by both consumers', async () => {
    const topic = newTopic(cluster, 1);
    const errors: unknown[] = [];
    const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 }, { delivery: (report) => void (report.error && errors.push(report.error)) });
    try {
      for (const r of records) producer.send(asRecord(topic, r));
      producer.flush(10_000);
    } finally {
      producer.close();
    }
    assert.deepEqual(errors, []);
    await readBack(topic, records);
  });

  it('written by kafkajs, read by both consumers', async () => {
    const topic = newTopic(cluster, 1);
    await writeWithKafkajs(
      cluster.bootstrapServers,
      topic,
      kafkajsRecords.map((r) => ({ partition: 0, key: r.key, value: r.payload, timestamp: String(r.timestamp), headers: kafkajsHeaders(r.headers) })),
    );
    await readBack(topic, kafkajsRecords);
  });

  it('detach() is an independent copy: changing the original bytes leaves it as it was', async () => {
    const topic = newTopic(cluster, 1);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5 });
    try {
      await Promise.all(records.map((r) => producer.send(asRecord(topic, r), 10_000)));
    } finally {
      await producer.close();
    }
    const consumer = new StreamConsumer(consumerConfig(cluster));
    try {
      consumer.subscribe([topic]);
      const messages = await take(consumer, records.length);
      const copies = messages.map((m) => m.detach());
      // The copies do not share memory with the batch the originals are views of.
      for (const [i, copy] of copies.entries()) {
        for (const [original, copied] of [
          [messages[i].key, copy.key],
          [messages[i].payload, copy.payload],
          ...messages[i].headers.map((h, j) => [h.value, copy.headers[j].value]),
        ] as Array<[Buffer | null, Buffer | null]>) {
          if (original === null) assert.equal(copied, null);
          else if (original.length > 0) assert.notEqual(copied!.buffer, original.buffer);
        }
      }
      // Scribble over every byte of the originals.
      for (const message of messages) for (const buffer of [message.key, message.payload, ...message.headers.map((h) => h.value)]) buffer?.fill(0x2a);
      assert.deepEqual(messages[0].payload, utf8('**'), 'the originals did change');
      check(copies, records, topic);
    } finally {
      await consumer.close();
    }
  });
});
