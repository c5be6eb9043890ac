// The consume loop of rust-rdkafka's seed program, in TypeScript: a StreamConsumer with manual commits.
// `for await` over stream(), each message processed and then committed (async); PartitionEOF is skipped, other
// consumer errors are retried with a growing pause (giving up after 10 in a row). Ctrl-C (SIGINT) or SIGTERM
// ends the loop; here an AbortController stands in for Ctrl-C once every order produced has been processed.
// Then the last offsets are committed synchronously (NoOffset, "nothing new to commit", is fine) and the
// consumer closes, leaving its group.
//
//   npm run example consume-commit
import { setTimeout as sleep } from 'timers/promises';
import { CommitMode, FutureProducer, KafkaError, MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';

const TOPIC = 'orders';
const ORDERS = 30;
const MAX_ERRORS_IN_A_ROW = 10;

interface Order {
  id: number;
  customer: string;
  cents: number;
}

/** commitConsumerState with nothing new to commit rejects ConsumerCommit(NoOffset): at shutdown that is success. */
function ignoreNoOffset(error: unknown): void {
  if (error instanceof KafkaError && error.code === RDKafkaErrorCode.NoOffset) return;
  throw error;
}

async function produceOrders(bootstrapServers: string): Promise<void> {
  await using producer = new FutureProducer({ 'bootstrap.servers': bootstrapServers });
  const sends = [];
  for (let id = 0; id < ORDERS; id++) {
    const order: Order = { id, customer: `customer-${id % 7}`, cents: 100 * (id + 1) };
    sends.push(producer.send({ topic: TOPIC, key: order.customer, payload: JSON.stringify(order) }, 10_000));
  }
  await Promise.all(sends);
}

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  cluster?.setGroupInitialRebalanceDelay(50); // the mock waits 3 s before forming a new group by default
  cluster?.createTopic(TOPIC, 3, 1);
  const bootstrapServers = process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers;
  await produceOrders(bootstrapServers);

  await using consumer = new StreamConsumer({
    'bootstrap.servers': bootstrapServers,
    'group.id': 'order-processor',
    'enable.auto.commit': false, // we commit each message once it is processed
    'enable.partition.eof': true, // a PartitionEOF error each time a partition is caught up
    'auto.offset.reset': 'earliest', // a new group starts at the beginning
  });
  consumer.subscribe([TOPIC]);

  // Ctrl-C or SIGTERM ends the loop; so does having processed every order (this example's stand-in for Ctrl-C).
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let totalCents = 0;
  const handle = async (order: Order) => {
    totalCents += order.cents; // the real work would go here
  };

  let processed = 0;
  let errorsInARow = 0;
  while (!stop.signal.aborted) {
    try {
      // Aborting the signal ends this loop normally; nothing fetched ahead is lost.
      for await (const message of consumer.stream({ signal: stop.signal })) {
        await handle(JSON.parse(message.payload!.toString()) as Order);
        await consumer.commitMessage(message, CommitMode.Async); // the next message is where to resume
        errorsInARow = 0;
        if (++processed === ORDERS) stop.abort(); // every order processed: this example's Ctrl-C
      }
    } catch (error) {
      if (!(error instanceof KafkaError) || error.isFatal) throw error;
      if (error.kind === 'PartitionEOF') continue; // caught up on one partition: keep going
      if (++errorsInARow >= MAX_ERRORS_IN_A_ROW) throw new Error(`giving up after ${errorsInARow} errors in a row`, { cause: error });
      console.error(`kafka: ${error.message}; retrying in ${errorsInARow} s`);
      // A new stream() continues after the error; the pause ends early on Ctrl-C.
      await sleep(errorsInARow * 1000, undefined, { signal: stop.signal }).catch(() => {});
    }
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  await consumer.commitConsumerState(CommitMode.Sync).catch(ignoreNoOffset);
  const committed = await consumer.committed(10_000);
  await consumer.close();
  cluster?.close();

  console.log(`processed ${processed} orders, ${(totalCents / 100).toFixed(2)} in total`);
  const positions = committed.sort((a, b) => a.partition - b.partition).map((tp) => `${tp.topic}[${tp.partition}]@${String(tp.offset)}`);
  console.log(`committed ${positions.join(' ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
