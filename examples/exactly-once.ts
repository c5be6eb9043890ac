// Exactly-once consume-transform-produce: orders are read, turned into invoices and written to another topic, and
// the consumer's offsets are committed in the same transaction as the invoices. Either both happen or neither:
// a batch whose transaction is aborted is read again (the consumer is rewound) and its invoices are never seen by
// read_committed readers, so every order leads to exactly one committed invoice.
//
// Per batch: beginTransaction, send the invoices, sendOffsetsToTransaction(offsets, consumer.groupMetadata()),
// commitTransaction; on an error, abortTransaction and rewind the consumer to the batch's first messages. Here the
// transform fails once, for order 17, to show the abort.
//
// The mock cluster runs the whole protocol, but it neither hides aborted messages from read_committed readers nor
// stores the offsets sent with a transaction: seeing those two take effect needs a real broker (KAFKA_BROKERS).
//
//   npm run example exactly-once
import { type Delivery, FutureProducer, KafkaError, type Message, MockCluster, StreamConsumer, type TopicPartitionOffset } from 'rdkafka-napi';

const INPUT = 'paid-orders';
const OUTPUT = 'invoices';
const ORDERS = 30;
const TIMEOUT_MS = 10_000;

interface Order {
  id: number;
  customer: string;
  cents: number;
}

interface Invoice {
  invoice: string;
  customer: string;
  totalCents: number;
}

let taxServiceFailed = false;
/** The transform. It fails once, for order 17, as a flaky dependency would. */
function toInvoice(order: Order): Invoice {
  if (order.id === 17 && !taxServiceFailed) {
    taxServiceFailed = true;
    throw new Error('tax service unavailable');
  }
  return { invoice: `INV-${String(order.id).padStart(4, '0')}`, customer: order.customer, totalCents: Math.round(order.cents * 1.19) };
}

/** Up to `max` messages, or fewer if `maxWaitMs` passes first. */
async function nextBatch(consumer: StreamConsumer, max: number, maxWaitMs: number): Promise<Message[]> {
  const batch: Message[] = [];
  for await (const message of consumer.stream({ signal: AbortSignal.timeout(maxWaitMs) })) {
    batch.push(message);
    if (batch.length === max) break;
  }
  return batch;
}

/** For each partition of a batch, the offset after its last message: what the transaction commits. */
function offsetsAfter(batch: readonly Message[]): TopicPartitionOffset[] {
  const last = new Map<string, TopicPartitionOffset>();
  for (const m of batch) last.set(`${m.topic}/${m.partition}`, { topic: m.topic, partition: m.partition, offset: m.offset + 1 });
  return [...last.values()];
}

/** For each partition of a batch, its first message's offset: where to read again after an abort. */
function firstOffsets(batch: readonly Message[]): TopicPartitionOffset[] {
  const first = new Map<string, TopicPartitionOffset>();
  for (const m of batch) {
    const key = `${m.topic}/${m.partition}`;
    if (!first.has(key)) first.set(key, { topic: m.topic, partition: m.partition, offset: m.offset });
  }
  return [...first.values()];
}

async function main(): Promise<void> {
  const cluster = process.env.KAFKA_BROKERS ? null : new MockCluster();
  cluster?.setGroupInitialRebalanceDelay(50); // the mock waits 3 s before forming a new group by default
  cluster?.createTopic(INPUT, 3, 1);
  cluster?.createTopic(OUTPUT, 3, 1);
  const bootstrapServers = process.env.KAFKA_BROKERS ?? cluster!.bootstrapServers;
  {
    await using producer = new FutureProducer({ 'bootstrap.servers': bootstrapServers });
    const sends = [];
    for (let id = 0; id < ORDERS; id++) {
      const order: Order = { id, customer: `customer-${id % 7}`, cents: 100 * (id + 1) };
      sends.push(producer.send({ topic: INPUT, key: order.customer, payload: JSON.stringify(order) }, TIMEOUT_MS));
    }
    await Promise.all(sends);
  }

  await using consumer = new StreamConsumer({
    'bootstrap.servers': bootstrapServers,
    'group.id': 'invoicer',
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': false, // offsets are committed by the producer's transactions
    'isolation.level': 'read_committed', // never read what aborted transactions wrote (librdkafka's default too)
  });
  consumer.subscribe([INPUT]);
  // One transactional.id per input partition set you own; a restarted instance with the same id fences the old one.
  await using producer = new FutureProducer({ 'bootstrap.servers': bootstrapServers, 'transactional.id': 'invoicer-1' });
  await producer.initTransactions(TIMEOUT_MS);

  let invoiced = 0;
  const invoicedOrders = new Set<number>();
  let retried: Invoice | undefined;
  let committedTransactions = 0;
  const aborted: string[] = [];
  const committedOffsets = new Map<number, number>();
  while (invoiced < ORDERS) {
    const batch = await nextBatch(consumer, 10, 200);
    if (batch.length === 0) continue;
    producer.beginTransaction();
    const sends: Array<Promise<Delivery>> = [];
    try {
      const invoices = new Map<number, Invoice>(); // by order id
      for (const message of batch) {
        const order = JSON.parse(message.payload!.toString()) as Order;
        const invoice = toInvoice(order);
        invoices.set(order.id, invoice);
        sends.push(producer.send({ topic: OUTPUT, key: invoice.customer, payload: JSON.stringify(invoice) }, TIMEOUT_MS));
      }
      await Promise.all(sends);
      const offsets = offsetsAfter(batch);
      // With the group's generation and this member's id: if the group has moved the partitions to another member
      // meanwhile, the broker refuses the offsets and the transaction is aborted, so nothing is committed twice.
      await producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata()!, TIMEOUT_MS);
      await producer.commitTransaction(TIMEOUT_MS);
      committedTransactions++;
      invoiced += batch.length;
      for (const id of invoices.keys()) invoicedOrders.add(id);
      retried ??= invoices.get(17);
      for (const { partition, offset } of offsets) committedOffsets.set(partition, offset);
    } catch (error) {
      if (error instanceof KafkaError && error.isFatal) throw error; // e.g. fenced by a newer instance: stop
      aborted.push((error as Error).message);
      const settled = Promise.allSettled(sends); // invoices sent already are discarded by the abort
      await producer.abortTransaction(TIMEOUT_MS);
      await settled;
      // Read the batch again: each of its partitions from its first message in the batch.
      for (const { topic, partition, offset } of firstOffsets(batch)) await consumer.seek(topic, partition, offset);
    }
  }

  await consumer.close();
  await producer.close();
  cluster?.close();

  console.log(`${invoiced} orders invoiced in ${committedTransactions} committed transactions, ${invoicedOrders.size} distinct`);
  console.log(`${aborted.length} aborted and read again: ${aborted.join(', ')}`);
  console.log(`order 17 -> ${JSON.stringify(retried)}`);
  const offsets = [...committedOffsets].sort(([a], [b]) => a - b).map(([partition, offset]) => `${INPUT}[${partition}]@${offset}`);
  console.log(`offsets committed with the invoices: ${offsets.join(' ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
