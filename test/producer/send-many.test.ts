import { strict as assert } from 'assert';
import { BaseProducer, type DeliveryResult, KafkaError, MockCluster, RDKafkaErrorCode, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack } from '../support/kafka-reader';

// sendMany(records) is a loop of send() that stops at the first throw, in one call into librdkafka per 1 024
// records: what arrives, in what order, what is reported, and what is thrown are those of the loop.

type Kind = 'BaseProducer' | 'ThreadedProducer';
type Producer = BaseProducer<number> | ThreadedProducer<number>;

interface Made {
  producer: Producer;
  reports: Array<[DeliveryResult, number | undefined]>;
  /** Serves reports until every message sent is reported. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

function make(kind: Kind, cluster: MockCluster, config: Record<string, string | number> = {}): Made {
  const reports: Array<[DeliveryResult, number | undefined]> = [];
  const context = { delivery: (result: DeliveryResult, opaque: number | undefined) => reports.push([result, opaque]) };
  const full = { 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5, ...config };
  if (kind === 'BaseProducer') {
    const producer = new BaseProducer<number>(full, context);
    return { producer, reports, settle: async () => producer.flush(10_000), close: async () => producer.close() };
  }
  const producer = new ThreadedProducer<number>(full, context);
  return { producer, reports, settle: () => producer.flush(10_000), close: () => producer.close() };
}

const opaquesOf = (reports: Made['reports']) => reports.map(([, opaque]) => opaque as number).sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

for (const kind of ['BaseProducer', 'ThreadedProducer'] as const) {
  describe(`${kind}.sendMany`, () => {
    let cluster: MockCluster;
    beforeEach(() => {
      cluster = new MockCluster(1);
    });
    afterEach(() => cluster.close());

    it('delivers every record, in order, with its key, payload, headers, partition, timestamp and opaque', async () => {
      const topic = uniqueTopic('many');
      cluster.createTopic(topic, 2, 1);
      const { producer, reports, settle, close } = make(kind, cluster);
      // More than one native call's worth (1 024) on partition 0, so order across calls shows; a mix of shapes.
      const records = range(0, 2500).map((i) => ({
        topic,
        partition: i % 5 === 4 ? 1 : 0,
        key: i % 3 === 0 ? null : i % 3 === 1 ? `key-${i}` : Buffer.from([i & 0xff, i >> 8]),
        payload: i % 7 === 0 ? null : i % 2 === 0 ? `payload ${i} é` : Buffer.from(`bytes ${i}`),
        ...(i % 4 === 0 ? { timestamp: 1_600_000_000_000 + i } : {}),
        ...(i % 6 === 0 ? { headers: [{ key: 'i', value: String(i) }, { key: 'null', value: null }] } : {}),
        opaque: i,
      }));
      try {
        producer.sendMany(records);
        await settle();
      } finally {
        await close();
      }
      assert.deepEqual(opaquesOf(reports), range(0, 2500));
      for (const [result, opaque] of reports) {
        assert.equal(result.error, null, String(result.error));
        assert.equal(result.message.partition, records[opaque as number].partition);
      }

      const read = await readBack(cluster.bootstrapServers, topic, records.length);
      for (const partition of [0, 1]) {
        const sent = records.filter((record) => record.partition === partition);
        const got = read.filter((record) => record.partition === partition);
        assert.equal(got.length, sent.length);
        got.forEach((record, at) => {
          const expected = sent[at];
          const bytes = (value: string | Buffer | null) => (value === null ? null : Buffer.from(value));
          assert.equal(record.offset, at);
          assert.deepEqual(record.key, bytes(expected.key), `key of record ${expected.opaque}`);
          assert.deepEqual(record.value, bytes(expected.payload), `payload of record ${expected.opaque}`);
          if (expected.timestamp !== undefined) assert.equal(record.timestamp, expected.timestamp);
          const headers = record.headers.map((h) => [h.key, h.value === null ? null : h.value.toString()]);
          assert.deepEqual(headers, expected.headers ? [['i', String(expected.opaque)], ['null', null]] : []);
        });
      }
    });

    it('stops at a bad record: those before it are queued, it throws what send throws with record and enqueued, the rest are not read', async () => {
      const topic = uniqueTopic('many-bad');
      cluster.createTopic(topic, 1, 1);
      const { producer, reports, settle, close } = make(kind, cluster);
      let laterReads = 0;
      const bad = { topic, payload: 42 as unknown as string, opaque: 3 };
      const later = {
        topic,
        get payload() {
          laterReads++;
          return 'later';
        },
        opaque: 4,
      };
      const records = [{ topic, payload: 'a', opaque: 0 }, { topic, payload: 'b', opaque: 1 }, { topic, payload: 'c', opaque: 2 }, bad, later];
      try {
        assert.throws(
          () => producer.sendMany(records),
          (error: TypeError & { record?: unknown; enqueued?: number }) => {
            assert.ok(error instanceof TypeError);
            assert.equal(error.message, 'record.payload must be a Buffer, Uint8Array, string or null, got number 42');
            assert.equal(error.record, bad);
            assert.equal(error.enqueued, 3);
            return true;
          },
        );
        assert.equal(laterReads, 0, 'a record after the bad one was read');
        await settle();
      } finally {
        await close();
      }
      assert.deepEqual(opaquesOf(reports), [0, 1, 2]);
      const read = await readBack(cluster.bootstrapServers, topic, 3);
      assert.deepEqual(
        read.map((record) => record.value?.toString()),
        ['a', 'b', 'c'],
      );
    });

    it('stops at a record the addon refuses (a view of a transferred buffer) as send does, with record and enqueued', async () => {
      const topic = uniqueTopic('many-detached');
      cluster.createTopic(topic, 1, 1);
      const { producer, reports, settle, close } = make(kind, cluster);
      const detached = new Uint8Array(new ArrayBuffer(8));
      structuredClone(detached.buffer, { transfer: [detached.buffer] });
      const records = [...range(0, 1030).map((i) => ({ topic, payload: `m${i}`, opaque: i })), { topic, payload: detached, opaque: 1030 }, { topic, payload: 'after', opaque: 1031 }];
      try {
        assert.throws(
          () => producer.sendMany(records),
          (error: TypeError & { record?: unknown; enqueued?: number }) => {
            assert.ok(error instanceof TypeError);
            assert.equal(error.message, 'record.payload is a view of a detached ArrayBuffer (transferred or destroyed)');
            assert.equal(error.record, records[1030]);
            assert.equal(error.enqueued, 1030);
            return true;
          },
        );
        await settle();
      } finally {
        await close();
      }
      assert.deepEqual(opaquesOf(reports), range(0, 1030));
    });

    it('stops at QueueFull: error.enqueued records are queued and reported, and the rest can be sent again once there is room', async () => {
      const topic = uniqueTopic('many-full');
      cluster.createTopic(topic, 1, 1);
      // 1 500 slots: the refusal comes in the second native call, so `enqueued` counts across calls.
      const { producer, reports, settle, close } = make(kind, cluster, { 'queue.buffering.max.messages': 1500 });
      cluster.setBrokerRtt(-1, 300); // slow acks: the queue stays full while sendMany runs
      const records = range(0, 2000).map((i) => ({ topic, payload: `m${i}`, opaque: i }));
      try {
        let refusal: KafkaError | undefined;
        try {
          producer.sendMany(records);
        } catch (error) {
          refusal = error as KafkaError;
        }
        // Fast again, so the deliveries and the read back with kafkajs take milliseconds, not RTTs.
        cluster.setBrokerRtt(-1, 0);
        assert.ok(refusal instanceof KafkaError, `no QueueFull: ${String(refusal)}`);
        assert.equal(refusal.kind, 'MessageProduction');
        assert.equal(refusal.code, RDKafkaErrorCode.QueueFull);
        assert.equal(refusal.enqueued, 1500);
        assert.equal(refusal.record, records[1500]);
        await settle();
        assert.deepEqual(opaquesOf(reports), range(0, 1500));
        for (const [result] of reports) assert.equal(result.error, null, String(result.error));

        producer.sendMany(records.slice(refusal.enqueued));
        await settle();
      } finally {
        cluster.setBrokerRtt(-1, 0);
        await close();
      }
      assert.deepEqual(opaquesOf(reports), range(0, 2000));
      const read = await readBack(cluster.bootstrapServers, topic, 2000);
      assert.deepEqual(
        read.map((record) => record.value?.toString()),
        records.map((record) => record.payload),
      );
    });

    it('copies what it queues: records and their Buffers may be reused as soon as it returns', async () => {
      const topic = uniqueTopic('many-reuse');
      cluster.createTopic(topic, 1, 1);
      const { producer, settle, close } = make(kind, cluster);
      const payload = Buffer.from('first!');
      const record = { topic, key: Buffer.from('k1'), payload, opaque: 0 };
      try {
        producer.sendMany([record, record]);
        payload.write('SECOND');
        record.key = Buffer.from('k2');
        producer.sendMany([record]);
        payload.fill(0);
        await settle();
      } finally {
        await close();
      }
      const read = await readBack(cluster.bootstrapServers, topic, 3);
      assert.deepEqual(
        read.map((r) => [r.key?.toString(), r.value?.toString()]),
        [
          ['k1', 'first!'],
          ['k1', 'first!'],
          ['k2', 'SECOND'],
        ],
      );
    });

    it('an empty array queues nothing; anything but an array is a TypeError; a closed producer says Closed', async () => {
      const { producer, reports, close } = make(kind, cluster);
      try {
        producer.sendMany([]);
        assert.equal(producer.inFlightCount(), 0);
        assert.throws(() => producer.sendMany({ topic: 't' } as never), { name: 'TypeError', message: 'records must be an array of records, got an object (Object)' });
        assert.throws(() => producer.sendMany(undefined as never), { name: 'TypeError', message: 'records must be an array of records, got undefined' });
      } finally {
        await close();
      }
      assert.throws(() => producer.sendMany([{ topic: 't', payload: 'x' }]), (error: KafkaError) => error instanceof KafkaError && error.kind === 'Closed');
      assert.equal(reports.length, 0);
    });
  });
}
