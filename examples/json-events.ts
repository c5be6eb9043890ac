// Typed JSON events keyed by user id: one user's events land on one partition, in order.
//
//   npm run example json-events
import { type Delivery, FutureProducer, MockCluster } from 'rdkafka-napi';

type UserEvent =
  | { type: 'signed-up'; userId: string; email: string }
  | { type: 'logged-in'; userId: string; ip: string }
  | { type: 'purchased'; userId: string; sku: string; cents: number };

class UserEvents {
  constructor(
    private readonly producer: FutureProducer,
    private readonly topic = 'user-events',
  ) {}

  publish(event: UserEvent): Promise<Delivery> {
    return this.producer.send(
      {
        topic: this.topic,
        key: event.userId, // same user, same partition: per-user order is kept
        payload: JSON.stringify(event),
        headers: [
          { key: 'content-type', value: 'application/json' },
          { key: 'event-type', value: event.type },
        ],
      },
      10_000,
    );
  }
}

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  cluster?.createTopic('user-events', 6, 1);
  await using producer = new FutureProducer({ 'bootstrap.servers': process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers });
  const events = new UserEvents(producer);

  const deliveries = await Promise.all([
    events.publish({ type: 'signed-up', userId: 'u-1', email: 'ada@example.com' }),
    events.publish({ type: 'signed-up', userId: 'u-2', email: 'alan@example.com' }),
    events.publish({ type: 'logged-in', userId: 'u-1', ip: '10.0.0.7' }),
    events.publish({ type: 'purchased', userId: 'u-1', sku: 'book-42', cents: 1999 }),
  ]);
  for (const d of deliveries) console.log(`partition ${d.partition} offset ${d.offset}`);
  cluster?.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
