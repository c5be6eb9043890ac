// A graceful shutdown: on SIGINT (Ctrl-C) or SIGTERM (`kill`, an orchestrator stopping the service) the consume
// loop finishes the message in hand and ends, the offsets of what was processed are committed synchronously
// (NoOffset, "nothing new to commit", counts as success), and close() leaves the group. A restarted consumer then
// resumes exactly after the last processed message: nothing is skipped, nothing is done twice.
//
// Here the program sends itself SIGTERM after a few messages, then plays the restarted service.
//
//   npm run example graceful-shutdown
import { setTimeout as sleep } from 'timers/promises';
import { CommitMode, FutureProducer, KafkaError, type Message, MockCluster, RDKafkaErrorCode, StreamConsumer } from 'rdkafka-napi';

const TOPIC = 'tasks';
const TASKS = 30;

/** commitConsumerState with nothing new to commit rejects ConsumerCommit(NoOffset): at shutdown that is success. */
function ignoreNoOffset(error: unknown): void {
  if (error instanceof KafkaError && error.code === RDKafkaErrorCode.NoOffset) return;
  throw error;
}

function newWorker(bootstrapServers: string): StreamConsumer {
  const consumer = new StreamConsumer({
    'bootstrap.servers': bootstrapServers,
    'group.id': 'task-workers',
    'auto.offset.reset': 'earliest',
    // A broker's smallest by default. On the mock a member joining a group that a member left waits this long,
    // less a second (the 45 s default would stall the restart below).
    'session.timeout.ms': 6000,
    // Auto commit stays on (every 5 s): the offsets of messages handed out are committed. The shutdown below
    // commits the last of them at once, and learns whether that worked.
  });
  consumer.subscribe([TOPIC]);
  return consumer;
}

async function work(_task: Message): Promise<void> {
  await sleep(20); // the task itself
}

/** The service: processes tasks until SIGINT or SIGTERM, then shuts down cleanly. Returns what it processed. */
async function runUntilSignalled(bootstrapServers: string): Promise<Message[]> {
  const consumer = newWorker(bootstrapServers);
  const shutdown = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => shutdown.abort(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const processed: Message[] = [];
  try {
    // An abort ends the loop between two messages: the one in hand is finished first.
    for await (const message of consumer.stream({ signal: shutdown.signal })) {
      await work(message);
      processed.push(message);
      if (processed.length === 8) process.kill(process.pid, 'SIGTERM'); // what `kill <pid>` would do
    }
    // Every message handed out was processed: commit their offsets now, and wait for the broker's answer.
    await consumer.commitConsumerState(CommitMode.Sync).catch(ignoreNoOffset);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await consumer.close(); // leaves the group: its partitions go to the others at once
  }
  console.log(`stopped by ${shutdown.signal.reason} after ${processed.length} tasks`);
  return processed;
}

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  cluster?.setGroupInitialRebalanceDelay(50); // the mock waits 3 s before forming a new group by default
  cluster?.createTopic(TOPIC, 3, 1);
  const bootstrapServers = process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers;
  {
    await using producer = new FutureProducer({ 'bootstrap.servers': bootstrapServers });
    await Promise.all(Array.from({ length: TASKS }, (_, i) => producer.send({ topic: TOPIC, key: `job-${i % 5}`, payload: `task ${i}` }, 10_000)));
  }

  const first = await runUntilSignalled(bootstrapServers);

  // The restarted service: the same group, so it starts from the offsets committed at shutdown.
  const second: Message[] = [];
  {
    await using consumer = newWorker(bootstrapServers);
    for await (const message of consumer.stream()) {
      await work(message);
      second.push(message);
      if (first.length + second.length === TASKS) break;
    }
    await consumer.commitConsumerState(CommitMode.Sync).catch(ignoreNoOffset);
  }
  cluster?.close();

  // On each partition the first run worked on: where it stopped, and where the restart began.
  const worked = new Map<number, number>(); // partition -> last offset processed
  for (const m of first) worked.set(m.partition, Math.max(m.offset, worked.get(m.partition) ?? -1));
  let exact = 0;
  for (const [partition, last] of worked) {
    const resumedAt = second.find((m) => m.partition === partition)?.offset;
    if (resumedAt === undefined || resumedAt === last + 1) exact++; // undefined: nothing was left there
  }
  const tasks = [...first, ...second].map((m) => m.payload!.toString());
  console.log(`the restart began right after the last processed task: ${exact === worked.size ? 'yes' : 'NO'} (${exact} of ${worked.size} partitions)`);
  console.log(`${new Set(tasks).size} of ${TASKS} tasks processed, ${tasks.length - new Set(tasks).size} twice`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
