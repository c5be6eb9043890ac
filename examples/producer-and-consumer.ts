// Putting it together: one service with a FutureProducer and a StreamConsumer side by side. It publishes typed
// JSON events while it consumes them: each is parsed with JSON.parse, handled, then its offset committed (async).
// Ctrl-C (SIGINT) or SIGTERM ends the loop after the event in hand; the last offsets are committed synchronously
// (NoOffset, "nothing new to commit", is fine) and both clients close. When the service starts again it resumes
// right after the last event it handled.
//
// Here an AbortController stands in for Ctrl-C: the first run stops after handling 15 of the 20 events it
// published; the restarted service publishes 10 more and handles the 15 left.
//
//   npm run example producer-and-consumer
import { setTimeout as sleep } from 'timers/promises';
import { CommitMode, FutureProducer, KafkaError, MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';

const TOPIC = 'app-events';

type AppEvent =
  | { type: 'page-view'; seq: number; user: string; path: string }
  | { type: 'purchase'; seq: number; user: string; cents: number };

/** commitConsumerState with nothing new to commit rejects ConsumerCommit(NoOffset): at shutdown that is success. */
function ignoreNoOffset(error: unknown): void {
  if (error instanceof KafkaError && error.code === RDKafkaErrorCode.NoOffset) return;
  throw error;
}

function makeEvent(seq: number): AppEvent {
  const user = `user-${seq % 4}`;
  return seq % 3 === 2 ? { type: 'purchase', seq, user, cents: 500 + seq } : { type: 'page-view', seq, user, path: `/items/${seq}` };
}

/** One run of the service: publishes `publish` events from `firstSeq`, handles events until stopped; returns what it handled. */
async function runService(bootstrapServers: string, firstSeq: number, publish: number, stopAfter: number): Promise<AppEvent[]> {
  await using producer = new FutureProducer({ 'bootstrap.servers': bootstrapServers });
  await using consumer = new StreamConsumer({
    'bootstrap.servers': bootstrapServers,
    'group.id': 'app-event-handler',
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': false, // each event's offset is committed once it is handled
    // A broker's smallest by default. On the mock a member joining a group that a member left waits this long,
    // less a second (the 45 s default would stall the restart).
    'session.timeout.ms': 6000,
  });
  consumer.subscribe([TOPIC]);

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // The producing side: events keyed by user (one user's events stay in order), sent while the consumer runs.
  const publishing = Promise.all(
    Array.from({ length: publish }, (_, i) => {
      const event = makeEvent(firstSeq + i);
      return producer.send({ topic: TOPIC, key: event.user, payload: JSON.stringify(event) }, 10_000);
    }),
  );

  // The consuming side.
  const handled: AppEvent[] = [];
  const handle = async (event: AppEvent) => {
    handled.push(event); // the real work would go here
    if (handled.length === stopAfter) stop.abort(); // this example's Ctrl-C
  };
  let errorsInARow = 0;
  while (!stop.signal.aborted) {
    try {
      for await (const message of consumer.stream({ signal: stop.signal })) {
        await handle(JSON.parse(message.payload!.toString()) as AppEvent);
        await consumer.commitMessage(message, CommitMode.Async);
        errorsInARow = 0;
      }
    } catch (error) {
      if (!(error instanceof KafkaError) || error.isFatal) throw error;
      if (error.kind === 'PartitionEOF') continue;
      if (++errorsInARow >= 10) throw error;
      console.error(`kafka: ${error.message}`);
      await sleep(1000, undefined, { signal: stop.signal }).catch(() => {}); // a new stream() resumes
    }
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  await publishing;
  await consumer.commitConsumerState(CommitMode.Sync).catch(ignoreNoOffset);
  await consumer.close();
  await producer.close();
  return handled;
}

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  cluster?.setGroupInitialRebalanceDelay(50); // the mock waits 3 s before forming a new group by default
  cluster?.createTopic(TOPIC, 3, 1);
  const bootstrapServers = process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers;

  const first = await runService(bootstrapServers, 0, 20, 15);
  console.log(`first run: published 20, handled ${first.length}, stopped`);
  const second = await runService(bootstrapServers, 20, 10, 15);
  console.log(`restart: published 10, handled ${second.length}`);
  cluster?.close();

  const seqs = [...first, ...second].map((event) => event.seq);
  const distinct = new Set(seqs);
  const missed = Array.from({ length: 30 }, (_, seq) => seq).filter((seq) => !distinct.has(seq));
  console.log(`${distinct.size} of 30 events handled, ${seqs.length - distinct.size} twice, ${missed.length} missed`);
  const purchases = [...first, ...second].filter((event) => event.type === 'purchase');
  console.log(`${purchases.length} purchases, ${purchases.reduce((sum, event) => sum + event.cents, 0) / 100} in total`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
