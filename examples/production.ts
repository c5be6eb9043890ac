// A production configuration: no loss, no duplicates, good batching; and a graceful shutdown on SIGTERM
// (flush what is pending, then close).
//
//   npm run example production
import { ClientConfig, FutureProducer, MockCluster, Timeout } from 'rdkafka-napi';

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster(3);
  cluster?.createTopic('payments', 6, 3);

  const config = new ClientConfig({
    'bootstrap.servers': process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers,
    'client.id': 'payments-service',
    'enable.idempotence': true, // exactly once per partition, in order, across retries
    acks: 'all', // wait for every in-sync replica
    'compression.type': 'lz4',
    'linger.ms': 20, // wait up to 20 ms to fill batches
    'batch.size': 262_144,
    'message.timeout.ms': 120_000, // give up (and report) after two minutes
  });
  const producer = new FutureProducer(config, {
    error: (error, reason) => console.error(`kafka: ${error.message} (${reason})${error.isFatal ? ' [fatal]' : ''}`),
  });

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await producer.flush(30_000); // deliver what is pending
    } finally {
      await producer.close(); // anything still unsent fails with a purge error, nothing hangs
      cluster?.close();
    }
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  const sends = [];
  for (let i = 0; i < 1000; i++) {
    sends.push(producer.send({ topic: 'payments', key: `account-${i % 50}`, payload: JSON.stringify({ id: i, cents: i * 100 }) }, Timeout.Never));
  }
  const results = await Promise.allSettled(sends);
  console.log(`${results.filter((r) => r.status === 'fulfilled').length} payments delivered`);
  await shutdown();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
