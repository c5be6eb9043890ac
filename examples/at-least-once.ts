// At-least-once processing (rust-rdkafka's examples/at_least_once.rs): copy every message of an input topic to
// two output topics, and store a message's offset only once both copies are delivered. Auto commit commits the
// stored offsets (every 5 s, and when the consumer leaves), so a consumer that stops between copying and storing
// leaves the message to its successor: it may be copied twice, but it is never lost.
//
// Here the first consumer "crashes" after copying its 13th message but before storing its offset; a second
// consumer in the same group (the restarted service) resumes at that message and copies the rest. (The "crash"
// closes the consumer, so the stored offsets are committed; after a real crash the successor starts from the last
// auto commit, up to 5 s older: more messages are copied twice, still none is lost.)
// This relies on messages being processed in order: storing offset i+n before i is done could lose messages.
//
//   npm run example at-least-once
import { FutureProducer, type Message, MockCluster, StreamConsumer, type TopicPartition } from 'rdkafka-napi';

const INPUT = 'clicks';
const OUTPUTS = ['clicks-archive', 'clicks-audit'];
const CLICKS = 20;
const CRASH_ON = 13; // the first run copies this many messages, but stores the offsets of only CRASH_ON - 1

function newCopier(bootstrapServers: string): StreamConsumer {
  const consumer = new StreamConsumer({
    'bootstrap.servers': bootstrapServers,
    'group.id': 'click-copier',
    'auto.offset.reset': 'earliest',
    // A broker's smallest by default. On the mock a member joining a group that a member left waits this long,
    // less a second (the 45 s default would stall the restart below).
    'session.timeout.ms': 6000,
    'enable.auto.commit': true, // commit automatically every 5 s (and when leaving the group) ...
    'auto.commit.interval.ms': 5000,
    'enable.auto.offset.store': false, // ... but only the offsets stored with storeOffset*
  });
  consumer.subscribe([INPUT]);
  return consumer;
}

/** The work: a copy of the message to every output topic, each delivered (or this throws). */
async function copy(producer: FutureProducer, message: Message): Promise<void> {
  await Promise.all(OUTPUTS.map((topic) => producer.send({ topic, key: message.key, payload: message.payload }, 10_000)));
}

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  cluster?.setGroupInitialRebalanceDelay(50); // the mock waits 3 s before forming a new group by default
  for (const topic of [INPUT, ...OUTPUTS]) cluster?.createTopic(topic, 1, 1);
  const bootstrapServers = process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers;

  await using producer = new FutureProducer({ 'bootstrap.servers': bootstrapServers, 'linger.ms': 0 });
  await Promise.all(Array.from({ length: CLICKS }, (_, i) => producer.send({ topic: INPUT, key: `session-${i % 4}`, payload: `click ${i}` }, 10_000)));

  // The first run: copies, stores, and stops between the copy and the store of one message.
  const first: number[] = [];
  {
    await using consumer = newCopier(bootstrapServers);
    for await (const message of consumer.stream()) {
      await copy(producer, message);
      first.push(message.offset);
      if (first.length === CRASH_ON) break; // "crash": the work is done, but the offset is not stored
      consumer.storeOffsetFromMessage(message); // done: the next commit may include it
    }
  } // close(): auto commit commits what was stored, the consumer leaves the group

  // The restart: another consumer of the group starts from the committed offset.
  const second: number[] = [];
  let committed: TopicPartition | undefined;
  {
    await using consumer = newCopier(bootstrapServers);
    [committed] = await consumer.committedOffsets([{ topic: INPUT, partition: 0 }], 10_000);
    for await (const message of consumer.stream()) {
      await copy(producer, message);
      consumer.storeOffsetFromMessage(message);
      second.push(message.offset);
      if (second.length === CLICKS - (CRASH_ON - 1)) break; // everything copied (a service would go on)
    }
  }

  const outputs = [];
  for (const topic of OUTPUTS) outputs.push(`${topic} ${(await producer.client.fetchWatermarks(topic, 0, 10_000)).high}`);
  await producer.close();
  cluster?.close();

  const crashed = first[first.length - 1];
  console.log(`first run copied offsets ${first[0]}-${crashed}, stored up to ${crashed - 1}, then crashed`);
  console.log(`restart resumed at committed offset ${String(committed?.offset)}, copied offsets ${second[0]}-${second[second.length - 1]}`);
  console.log(`output messages: ${outputs.join(', ')} (offset ${crashed} copied twice, none lost)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
