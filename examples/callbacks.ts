// Asynchronous sending with a delivery callback per message (ThreadedProducer): no promise per message,
// callbacks run on the main thread in delivery order, with the opaque each record carried.
//
//   npm run example callbacks
import { MockCluster, ThreadedProducer } from 'rdkafka-napi';

interface Sent {
  id: number;
  at: number;
}

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  let delivered = 0;
  let failed = 0;
  const producer = new ThreadedProducer<Sent>(
    { 'bootstrap.servers': process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers, 'linger.ms': 5 },
    {
      delivery(result, sent) {
        if (result.error) {
          failed++;
          console.error(`message ${sent?.id} failed: ${result.error.message}; payload was`, result.message.payload);
        } else {
          delivered++;
          if (sent && sent.id % 2500 === 0) console.log(`message ${sent.id} stored at offset ${result.message.offset} after ${Date.now() - sent.at} ms`);
        }
      },
    },
  );

  for (let id = 0; id < 10_000; id++) {
    producer.send({ topic: 'metrics', payload: JSON.stringify({ id, value: Math.random() }), opaque: { id, at: Date.now() } });
  }
  await producer.flush(30_000); // all callbacks have run when this resolves
  await producer.close();
  cluster?.close();
  console.log(`delivered ${delivered}, failed ${failed}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
