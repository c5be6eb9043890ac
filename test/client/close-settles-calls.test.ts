import { strict as assert } from 'assert';
import { BaseProducer, FutureProducer, KafkaError, MockCluster, ThreadedProducer, Timeout } from 'rdkafka-napi';

// close() is bounded, and settles every promise the producer made, blocking calls still waiting included:
// they reject with a Closed KafkaError. (Their librdkafka calls end on their own threads, in their own time.)
describe('close() while blocking calls wait', function () {
  this.timeout(30_000);
  let cluster: MockCluster;
  before(() => {
    cluster = new MockCluster(1);
    cluster.setBrokerDown(1); // nothing is ever answered
  });
  after(() => cluster.close());

  const config = () => ({ 'bootstrap.servers': cluster.bootstrapServers, 'transactional.id': `close-${Date.now()}`, 'transaction.timeout.ms': 5000 });

  /** How each call ended: 'Closed', or what else happened; 'pending' if it has not within `ms`. */
  async function outcomes(calls: Array<Promise<unknown>>, ms: number): Promise<string[]> {
    const pending = new Promise<string>((resolve) => setTimeout(() => resolve('pending'), ms));
    return Promise.all(
      calls.map((call) =>
        Promise.race([
          call.then(
            () => 'resolved',
            (e: unknown) => (e instanceof KafkaError ? e.kind : String(e)),
          ),
          pending,
        ]),
      ),
    );
  }

  for (const Kind of [ThreadedProducer, FutureProducer]) {
    it(`${Kind.name}: close() resolves at once and rejects metadata, watermarks and initTransactions waiting forever`, async () => {
      const producer = new Kind(config(), { log: () => {}, error: () => {} });
      const calls = [
        producer.client.fetchMetadata(null, Timeout.Never),
        producer.client.fetchWatermarks('t', 0, Timeout.Never),
        producer.initTransactions(Timeout.Never),
      ];
      await new Promise((resolve) => setTimeout(resolve, 200)); // all of them under way
      const started = Date.now();
      await producer.close();
      const ms = Date.now() - started;
      assert.ok(ms < 2000, `close() took ${ms} ms`);
      assert.deepEqual(await outcomes(calls, 500), ['Closed', 'Closed', 'Closed']);
    });
  }

  it('BaseProducer: close() rejects the calls waiting at once, not when their timeouts run out', async () => {
    const producer = new BaseProducer(config(), { log: () => {}, error: () => {} });
    const calls = [
      producer.client.fetchMetadata(null, 20_000),
      producer.client.fetchWatermarks('t', 0, Timeout.Never),
      producer.initTransactions(Timeout.Never),
    ];
    await new Promise((resolve) => setTimeout(resolve, 200));
    producer.close();
    assert.deepEqual(await outcomes(calls, 500), ['Closed', 'Closed', 'Closed']);
  });

  it('a flush waiting for a broker that never answers settles with close(): the purged message is resolved, so is the flush', async () => {
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers }, { log: () => {}, error: () => {} });
    producer.send({ topic: 't', payload: 'x' });
    const flushed = producer.flush(Timeout.Never);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await producer.close();
    assert.ok(Date.now() - started < 2000, `close() took ${Date.now() - started} ms`);
    assert.deepEqual(await outcomes([flushed], 500), ['resolved']);
  });
});
