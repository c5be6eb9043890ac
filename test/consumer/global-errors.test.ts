import { strict as assert } from 'assert';
import { FutureProducer, type KafkaError, type Message, type MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';
import { consumerConfig, newCluster, newTopic, populate, sleep } from '../support/consumers';

// C47 (A5): global errors (transport failures, all brokers down) go to context.error, not into the stream. With the
// only broker down for less than the session timeout, the iterator throws nothing, and once the broker is back the
// consumer goes on where it was: no message lost, none repeated.
/** Offsets as runs: `0-49,50-99`. */
function summary(offsets: number[]): string {
  const runs: string[] = [];
  let start = 0;
  for (let i = 1; i <= offsets.length; i++) {
    if (i === offsets.length || offsets[i] !== offsets[i - 1] + 1) {
      runs.push(start === i - 1 ? `${offsets[start]}` : `${offsets[start]}-${offsets[i - 1]}`);
      start = i;
    }
  }
  return runs.join(',');
}

describe('global errors while iterating (C47)', () => {
  let cluster: MockCluster;
  beforeEach(() => {
    cluster = newCluster(1);
  });
  afterEach(() => cluster.close());

  it('the only broker down for 2 s: context.error hears of it, the iterator throws nothing, consumption resumes without gap or repeat', async function () {
    this.timeout(30_000);
    const topic = newTopic(cluster, 1);
    const written = await populate(cluster, topic, 50, { partition: 0 });
    const globalErrors: KafkaError[] = [];
    // librdkafka backs off reconnecting exponentially (up to reconnect.backoff.max.ms, 10 s by default): a 2 s outage
    // could keep the group coordinator unreachable past the 6 s session, and the member would rightly lose its
    // partitions and read them again. Reconnecting within a second keeps the outage below the session timeout.
    const consumer = new StreamConsumer(consumerConfig(cluster, { 'reconnect.backoff.max.ms': 1000 }), { error: (error) => void globalErrors.push(error) });
    const received: Message[] = [];
    const thrown: unknown[] = [];
    const stop = new AbortController();
    try {
      consumer.subscribe([topic]);
      // One loop for the whole test; it would stop at the first error thrown.
      const loop = (async () => {
        try {
          for await (const message of consumer.stream({ signal: stop.signal })) {
            received.push(message);
            if (received.length === 100) break;
          }
        } catch (error) {
          thrown.push(error);
        }
      })();
      while (received.length < 50 && thrown.length === 0) await sleep(20);

      cluster.setBrokerDown(1);
      // Sent while the broker is down: the producer holds them until it is back.
      const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'linger.ms': 5, 'reconnect.backoff.max.ms': 1000 }, { error: () => {} });
      const sends = Array.from({ length: 50 }, (_, i) =>
        producer.send({ topic, partition: 0, key: `Key ${50 + i}`, payload: `Message ${50 + i}` }, 20_000).then((d) => written.set(`${d.partition}:${d.offset}`, 50 + i)),
      );
      await sleep(2000);
      assert.equal(received.length, 50, 'nothing arrives while the broker is down');
      cluster.setBrokerUp(1);
      await Promise.all(sends);
      await producer.close();

      const deadline = Date.now() + 15_000;
      while (received.length < 100 && thrown.length === 0 && Date.now() < deadline) await sleep(20);
      stop.abort();
      await loop;

      assert.deepEqual(thrown, [], 'the iterator threw');
      assert.deepEqual(
        received.map((m) => m.offset),
        Array.from({ length: 100 }, (_, i) => i),
        `every offset once, in order; got ${received.length}: ${summary(received.map((m) => m.offset))}; global errors: ${globalErrors.map((e) => e.message).join(' | ')}`,
      );
      for (const message of received) assert.equal(message.payload?.toString(), `Message ${written.get(`0:${message.offset}`)}`);
      assert.ok(globalErrors.length > 0, 'context.error was called');
      const transport = new Set<number>([RDKafkaErrorCode.BrokerTransportFailure, RDKafkaErrorCode.AllBrokersDown]);
      assert.ok(
        globalErrors.every((e) => e.kind === 'Global' && transport.has(e.code)),
        `global errors: ${globalErrors.map((e) => `${e.kind}(${e.code})`).join(', ')}`,
      );
      assert.ok(globalErrors.some((e) => e.code === RDKafkaErrorCode.BrokerTransportFailure), 'a transport error among them');
    } finally {
      stop.abort();
      await consumer.close();
    }
  });
});
