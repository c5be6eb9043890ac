import { strict as assert } from 'assert';
import { FutureProducer, MockCluster, Timeout } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack } from '../support/kafka-reader';

// A send takes what the record holds at the call, as every synchronous send does. A FutureProducer.send that
// finds the queue full and waits for room must not read the caller's record, or its Buffers, again later.
describe('FutureProducer.send waiting for room', function () {
  this.timeout(60_000);

  it('sends what the record held at the call, though the caller reuses the record and its Buffers at once', async () => {
    const cluster = new MockCluster(1);
    const topic = uniqueTopic('copies');
    cluster.createTopic(topic, 1);
    // Room for one message: all but the first of a burst wait.
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'queue.buffering.max.messages': 1, 'linger.ms': 20 });
    try {
      const payload = Buffer.alloc(4);
      const key = new Uint8Array(2);
      const header = Buffer.alloc(2);
      const record = { topic, key, payload, headers: [{ key: 'n', value: header }] };
      const sends = [];
      for (let i = 0; i < 20; i++) {
        payload.write(String(i).padStart(4, '0'));
        key.set([i, i]);
        header.writeUInt16BE(i);
        sends.push(producer.send(record, Timeout.Never));
      }
      payload.write('XXXX'); // after the last send: must not be what any message carries
      const deliveries = await Promise.all(sends);
      assert.deepEqual(
        deliveries.map((d) => d.offset),
        Array.from({ length: 20 }, (_, i) => i),
        'delivered in the order sent',
      );
      const written = await readBack(cluster.bootstrapServers, topic, 20);
      assert.deepEqual(
        written.map((r) => r.value?.toString()),
        Array.from({ length: 20 }, (_, i) => String(i).padStart(4, '0')),
      );
      assert.deepEqual(
        written.map((r) => [...(r.key ?? [])]),
        Array.from({ length: 20 }, (_, i) => [i, i]),
      );
      assert.deepEqual(
        written.map((r) => r.headers[0].value?.readUInt16BE()),
        Array.from({ length: 20 }, (_, i) => i),
      );
    } finally {
      await producer.close();
      cluster.close();
    }
  });

  it('keeps thousands of waiting sends in order, each with its own bytes, small ones sharing slabs and large ones not', async () => {
    const cluster = new MockCluster(1);
    const topic = uniqueTopic('copies-many');
    cluster.createTopic(topic, 1);
    const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'queue.buffering.max.messages': 100, 'linger.ms': 5 });
    const count = 6000;
    // 100 B payloads fill several 256 KiB slabs; every 1000th is 5 000 B (copied on its own); one is empty.
    const sizeOf = (i: number) => (i % 1000 === 999 ? 5000 : i === 500 ? 0 : 100);
    const payloadOf = (i: number) => Buffer.alloc(sizeOf(i), String(i % 10));
    try {
      const scratch = Buffer.alloc(5000);
      const sends = [];
      for (let i = 0; i < count; i++) {
        const payload = scratch.subarray(0, sizeOf(i));
        payload.fill(String(i % 10));
        sends.push(producer.send({ topic, key: `k${i}`, payload }, Timeout.Never));
      }
      scratch.fill('X'); // after the last send: must not be what any message carries
      const deliveries = await Promise.all(sends);
      assert.deepEqual(
        deliveries.map((d) => d.offset),
        Array.from({ length: count }, (_, i) => i),
      );
      const written = await readBack(cluster.bootstrapServers, topic, count);
      for (let i = 0; i < count; i++) {
        assert.equal(written[i].key?.toString(), `k${i}`);
        assert.ok(written[i].value?.equals(payloadOf(i)), `payload ${i}`);
      }
    } finally {
      await producer.close();
      cluster.close();
    }
  });
});
