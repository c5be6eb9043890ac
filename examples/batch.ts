// A batch of sends awaited together, with a result per message: the fast way to send many messages
// with promises. Promise.allSettled keeps the outcome of each one.
//
//   npm run example batch
import { FutureProducer, KafkaError, MockCluster, Timeout } from 'rdkafka-napi';

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  await using producer = new FutureProducer({ 'bootstrap.servers': process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers, 'linger.ms': 5 });

  const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
  const started = Date.now();
  const results = await Promise.allSettled(lines.map((line) => producer.send({ topic: 'lines', payload: line }, Timeout.Never)));

  const failures = results.flatMap((result, i) => (result.status === 'rejected' ? [{ line: lines[i], error: result.reason as KafkaError }] : []));
  console.log(`${results.length - failures.length} of ${results.length} delivered in ${Date.now() - started} ms`);
  for (const { line, error } of failures) console.error(`"${line}" failed: ${error.message}`);
  cluster?.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
