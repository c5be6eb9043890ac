import { strict as assert } from 'assert';
import { BaseProducer, KafkaError, MockCluster, RDKafkaErrorCode, ThreadedProducer } from 'rdkafka-napi';
import { timeScale, uniqueTopic } from '../helpers';

describe('QueueFull', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = new MockCluster(1);
  });
  afterEach(() => cluster.close());

  // rust-rdkafka test_base_producer_queue_full: reports that nobody polls keep their messages counted.
  it('BaseProducer: the 11th of 30 unpolled sends throws QueueFull with the same record and its opaque', () => {
    const topic = uniqueTopic('qf');
    const delivered: number[] = [];
    const producer = new BaseProducer<number>(
      { 'bootstrap.servers': cluster.bootstrapServers, 'queue.buffering.max.messages': 10, 'message.timeout.ms': 5000 },
      { delivery: (result, opaque) => delivered.push(opaque as number) },
    );
    try {
      const ok: number[] = [];
      const refused: Array<{ error: KafkaError; record: object }> = [];
      for (let i = 0; i < 30; i++) {
        const record = { topic, key: 'key', payload: 'payload', timestamp: Date.now(), opaque: i };
        try {
          producer.send(record);
          ok.push(i);
        } catch (error) {
          assert.ok(error instanceof KafkaError, String(error));
          refused.push({ error, record });
        }
      }
      assert.deepEqual(ok, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.equal(refused.length, 20);
      for (const { error, record } of refused) {
        assert.equal(error.kind, 'MessageProduction');
        assert.equal(error.code, RDKafkaErrorCode.QueueFull);
        assert.equal(error.message, 'Message production error: QueueFull (Local: Queue full)');
        assert.equal(error.record, record, 'the record handed back is not the object that was passed in');
        assert.equal((error.record as { opaque: number }).opaque, (record as { opaque: number }).opaque);
      }

      const deadline = Date.now() + 10_000;
      while (producer.inFlightCount() > 0 && Date.now() < deadline) producer.poll(100);
      assert.equal(producer.inFlightCount(), 0);
      assert.deepEqual(delivered.sort((a, b) => a - b), ok);

      // With the reports served there is room again.
      producer.send({ topic, payload: 'after', opaque: 99 });
      producer.flush(10_000);
      assert.ok(delivered.includes(99));
    } finally {
      producer.close();
    }
  });

  it('ThreadedProducer: a full queue throws QueueFull with the record, and frees up as reports are dispatched', async () => {
    const topic = uniqueTopic('qf');
    cluster.setBrokerRtt(-1, 300); // slow acks keep the 10 slots taken for a while
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'queue.buffering.max.messages': 10, 'linger.ms': 0 });
    try {
      let refused: KafkaError | undefined;
      const record = { topic, payload: 'x' };
      for (let i = 0; i < 11; i++) {
        try {
          producer.send({ ...record });
        } catch (error) {
          refused = error as KafkaError;
          break;
        }
      }
      assert.ok(refused, 'no QueueFull after 11 sends');
      assert.equal(refused.code, RDKafkaErrorCode.QueueFull);
      await producer.flush(10_000);
      producer.send(record); // room again
      await producer.flush(10_000);
    } finally {
      await producer.close();
    }
  });

  it('ThreadedProducer whose JavaScript never yields: reports wait for it bounded, then sends get QueueFull; nothing is lost', async () => {
    const topic = uniqueTopic('qf-busy');
    cluster.createTopic(topic, 1, 1);
    const max = 40_000; // above the 32 768 waiting reports beyond which the poll thread releases their messages
    const delivered: number[] = [];
    const producer = new ThreadedProducer<number>(
      { 'bootstrap.servers': cluster.bootstrapServers, 'queue.buffering.max.messages': max, 'linger.ms': 5 },
      { delivery: (result, opaque) => result.error === null && delivered.push(opaque as number) },
    );
    const busy = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); // the JS thread, blocked
    try {
      await producer.flush(10_000); // connected, metadata known
      // Send until QueueFull, let librdkafka deliver while JavaScript stays busy, again, until nothing more goes in
      // for a while (five rounds in a row: slow runs, under valgrind, deliver and gather slowly).
      let accepted = 0;
      for (let round = 0, idle = 0; idle < 5 && round < 100; round++) {
        const before = accepted;
        try {
          for (; accepted < 4 * max; accepted++) producer.send({ topic, payload: 'x', opaque: accepted });
        } catch (error) {
          assert.equal((error as KafkaError).code, RDKafkaErrorCode.QueueFull);
        }
        idle = accepted === before ? idle + 1 : 0;
        busy(200 * timeScale);
      }
      // More than the queue holds (delivered reports stop counting once released), but bounded: the queue, plus as
      // many released reports, plus the batch that went past that.
      assert.ok(accepted > max && accepted <= 3 * max, `accepted ${accepted}`);
      assert.ok(producer.inFlightCount() >= accepted, `inFlightCount ${producer.inFlightCount()} < ${accepted}`);
      assert.equal(delivered.length, 0);
      await producer.flush(10_000);
      assert.equal(delivered.length, accepted);
      assert.ok(delivered.every((opaque, i) => opaque === i), 'reports in the order sent');
      assert.equal(producer.inFlightCount(), 0);
    } finally {
      await producer.close();
    }
  });
});
