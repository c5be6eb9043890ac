// Fire and forget: send without waiting for each acknowledgement; failures are still logged, and
// flush() before close() makes sure everything sent is delivered.
//
//   npm run example fire-and-forget            (against an in-process mock cluster)
//   KAFKA_BROKERS=localhost:9092 npm run example fire-and-forget
import { FutureProducer, MockCluster, Timeout } from 'rdkafka-napi';

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  const producer = new FutureProducer({ 'bootstrap.servers': process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers });

  for (let i = 0; i < 1000; i++) {
    producer
      .send({ topic: 'page-views', key: `page-${i % 10}`, payload: `view ${i}` }, Timeout.Never)
      .catch((error) => console.error('lost a page view:', error.message));
  }

  await producer.flush(30_000); // every send above is settled when this resolves
  await producer.close();
  cluster?.close();
  console.log('sent 1000 page views');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
