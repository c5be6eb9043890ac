// Synchronous sending: await each message before sending the next. Simple and strictly ordered, but
// one round trip per message: keep many sends in flight when throughput matters (see batch.ts).
//
//   npm run example synchronous
import { FutureProducer, MockCluster } from 'rdkafka-napi';

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  await using producer = new FutureProducer({ 'bootstrap.servers': process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers });

  for (const step of ['created', 'paid', 'shipped', 'delivered']) {
    const delivery = await producer.send({ topic: 'order-17', key: 'order-17', payload: step }, 5_000);
    console.log(`${step.padEnd(9)} -> partition ${delivery.partition}, offset ${delivery.offset}`);
  }
  cluster?.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
