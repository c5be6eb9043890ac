// Batch processing: take up to 100 messages or whatever came within 200 ms, process them together (one database
// transaction, one bulk request, ...), then commit the batch: for each partition in it, the offset after its last
// message, synchronously, before taking the next batch. A crash loses no batch: at worst it is processed again.
//
// A batch is a stream() with its own time limit: the loop ends when the limit passes (or at `break` once the batch
// is full), and the next batch's stream() goes on exactly where it stopped.
//
//   npm run example consume-batch
import { CommitMode, FutureProducer, type Message, MockCluster, StreamConsumer, type TopicPartition } from 'rdkafka-napi';

const TOPIC = 'sensor-readings';
const READINGS = 250;
const MAX_BATCH = 100;
const MAX_WAIT_MS = 200;

interface Reading {
  sensor: string;
  celsius: number;
}

/** Up to `max` messages, or fewer if `maxWaitMs` passes (or `signal` aborts) first. */
async function nextBatch(consumer: StreamConsumer, max: number, maxWaitMs: number, signal: AbortSignal): Promise<Message[]> {
  const batch: Message[] = [];
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(), maxWaitMs);
  const stop = () => timer.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of consumer.stream({ signal: timer.signal })) {
      batch.push(message);
      if (batch.length === max) break;
    }
  } finally {
    clearTimeout(timeout);
    signal.removeEventListener('abort', stop);
  }
  return batch;
}

/** The offsets to commit after a batch: for each partition, its last message's offset + 1. */
function offsetsAfter(batch: readonly Message[]): TopicPartition[] {
  const last = new Map<string, TopicPartition>();
  for (const m of batch) last.set(`${m.topic}/${m.partition}`, { topic: m.topic, partition: m.partition, offset: m.offset + 1 });
  return [...last.values()];
}

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  cluster?.setGroupInitialRebalanceDelay(50); // the mock waits 3 s before forming a new group by default
  cluster?.createTopic(TOPIC, 3, 1);
  const bootstrapServers = process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers;
  {
    await using producer = new FutureProducer({ 'bootstrap.servers': bootstrapServers });
    const sends = [];
    for (let i = 0; i < READINGS; i++) {
      const reading: Reading = { sensor: `sensor-${i % 8}`, celsius: 20 + (i % 10) };
      sends.push(producer.send({ topic: TOPIC, key: reading.sensor, payload: JSON.stringify(reading) }, 10_000));
    }
    await Promise.all(sends);
  }

  await using consumer = new StreamConsumer({
    'bootstrap.servers': bootstrapServers,
    'group.id': 'reading-loader',
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': false, // each batch is committed once it is processed
  });
  consumer.subscribe([TOPIC]);

  // Ctrl-C or SIGTERM: the batch being collected is cut short, then processed and committed as any other.
  const shutdown = new AbortController();
  const onSignal = () => shutdown.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let readings = 0;
  let batches = 0;
  let largest = 0;
  while (!shutdown.signal.aborted) {
    const batch = await nextBatch(consumer, MAX_BATCH, MAX_WAIT_MS, shutdown.signal);
    if (batch.length === 0) continue;
    // Process the batch as a whole: here, one "insert" of every reading.
    const rows = batch.map((m) => JSON.parse(m.payload!.toString()) as Reading);
    readings += rows.length;
    batches++;
    largest = Math.max(largest, batch.length);
    // Then commit it, and wait for the broker: the next batch starts only once this one is safe.
    await consumer.commit(offsetsAfter(batch), CommitMode.Sync);
    if (readings === READINGS) shutdown.abort(); // every reading loaded: this example's stand-in for Ctrl-C
  }

  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  const committed = await consumer.committed(10_000);
  await consumer.close();
  cluster?.close();

  console.log(`${readings} readings loaded in ${batches} batches of at most ${largest}`);
  const positions = committed.sort((a, b) => a.partition - b.partition).map((tp) => `${tp.topic}[${tp.partition}]@${String(tp.offset)}`);
  console.log(`committed ${positions.join(' ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
