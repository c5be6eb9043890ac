// Consuming typed JSON events: the payload is parsed with JSON.parse and checked by a type guard into a
// discriminated union, so the handler's `switch` is exhaustive and typed. Payloads that are not JSON, not an
// event, or missing (a tombstone) are counted and skipped: one bad message must not stop the consumer.
//
//   npm run example consume-json
import { FutureProducer, type Message, MockCluster, StreamConsumer } from 'rdkafka-napi';

const TOPIC = 'user-events';

type UserEvent =
  | { type: 'signed-up'; userId: string; email: string }
  | { type: 'logged-in'; userId: string; ip: string }
  | { type: 'purchased'; userId: string; sku: string; cents: number };

/** Whether a parsed value is a UserEvent: JSON.parse gives `any`, the guard turns it into the union. */
function isUserEvent(value: unknown): value is UserEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  if (typeof event.userId !== 'string') return false;
  switch (event.type) {
    case 'signed-up':
      return typeof event.email === 'string';
    case 'logged-in':
      return typeof event.ip === 'string';
    case 'purchased':
      return typeof event.sku === 'string' && Number.isInteger(event.cents);
    default:
      return false;
  }
}

/** The message's event, or why it is not one. */
function parseEvent(message: Message): UserEvent | { malformed: string } {
  if (message.payload === null) return { malformed: 'no payload' };
  let value: unknown;
  try {
    value = JSON.parse(message.payload.toString());
  } catch {
    return { malformed: 'not JSON' };
  }
  return isUserEvent(value) ? value : { malformed: 'not a user event' };
}

async function produceEvents(bootstrapServers: string): Promise<number> {
  await using producer = new FutureProducer({ 'bootstrap.servers': bootstrapServers });
  const events: UserEvent[] = [
    { type: 'signed-up', userId: 'u-1', email: 'ada@example.com' },
    { type: 'signed-up', userId: 'u-2', email: 'alan@example.com' },
    { type: 'logged-in', userId: 'u-1', ip: '10.0.0.7' },
    { type: 'purchased', userId: 'u-1', sku: 'book-42', cents: 1999 },
    { type: 'logged-in', userId: 'u-2', ip: '10.0.0.9' },
    { type: 'purchased', userId: 'u-2', sku: 'pen-7', cents: 250 },
    { type: 'purchased', userId: 'u-1', sku: 'lamp-3', cents: 4500 },
  ];
  const payloads: Array<[key: string, payload: string | null]> = events.map((e) => [e.userId, JSON.stringify(e)]);
  // What a buggy or foreign producer might write to the same topic.
  payloads.push(
    ['u-3', '{"type":"signed-up","userId":"u-3"'], // cut short: not JSON
    ['u-3', '{"type":"deleted","userId":"u-3"}'], // an event type this consumer does not know
    ['u-2', '{"type":"purchased","userId":"u-2","sku":"mug-1","cents":"12"}'], // cents as a string
    ['u-3', null], // a tombstone
  );
  await Promise.all(payloads.map(([key, payload]) => producer.send({ topic: TOPIC, key, payload }, 10_000)));
  return payloads.length;
}

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  cluster?.setGroupInitialRebalanceDelay(50); // the mock waits 3 s before forming a new group by default
  cluster?.createTopic(TOPIC, 3, 1);
  const bootstrapServers = process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers;
  const produced = await produceEvents(bootstrapServers);

  await using consumer = new StreamConsumer({ 'bootstrap.servers': bootstrapServers, 'group.id': 'user-stats', 'auto.offset.reset': 'earliest' });
  consumer.subscribe([TOPIC]);

  const spentCents = new Map<string, number>();
  const counts = { 'signed-up': 0, 'logged-in': 0, purchased: 0 };
  const malformed = new Map<string, number>();
  let seen = 0;
  for await (const message of consumer.stream()) {
    const event = parseEvent(message);
    if ('malformed' in event) {
      malformed.set(event.malformed, (malformed.get(event.malformed) ?? 0) + 1); // count it, skip it
    } else {
      counts[event.type]++;
      switch (event.type) {
        case 'signed-up':
        case 'logged-in':
          break;
        case 'purchased':
          spentCents.set(event.userId, (spentCents.get(event.userId) ?? 0) + event.cents);
          break;
        default: {
          const unhandled: never = event; // a new event type added to the union fails to compile here
          throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
        }
      }
    }
    if (++seen === produced) break; // leaving the loop loses nothing: a new stream() would go on from here
  }
  await consumer.close(); // auto commit commits the offsets of every message handed out
  cluster?.close();

  console.log(`events: ${counts['signed-up']} signed-up, ${counts['logged-in']} logged-in, ${counts.purchased} purchased`);
  for (const [user, cents] of [...spentCents].sort()) console.log(`${user} spent ${(cents / 100).toFixed(2)}`);
  const reasons = [...malformed].sort().map(([reason, n]) => `${n} ${reason}`);
  console.log(`skipped ${[...malformed.values()].reduce((a, b) => a + b, 0)} malformed: ${reasons.join(', ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
