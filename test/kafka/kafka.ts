// The real broker the kafka suite runs against (started by scripts/test-kafka.js, or given as RDKAFKA_NAPI_KAFKA), and
// what the tests do to it with an independent client (kafkajs): create topics, read what was written.
import { Kafka, type ITopicConfig, logLevel } from 'kafkajs';

/** The bootstrap servers of the broker under test. */
export function bootstrap(): string {
  const servers = process.env.RDKAFKA_NAPI_KAFKA_BOOTSTRAP;
  if (!servers) throw new Error('run the kafka suite with npm run test:kafka (it starts the broker)');
  return servers;
}

/** Whether the harness started the broker itself (so tests may start clusters of their own and kill brokers). */
export const ownCluster = process.env.RDKAFKA_NAPI_KAFKA_OWN === '1';

export function kafkajs(servers = bootstrap()): Kafka {
  return new Kafka({ brokers: servers.split(','), logLevel: logLevel.NOTHING });
}

/** Creates a topic (auto-creation is off on the harness's brokers), waiting until its partitions have leaders. */
export async function createTopic(topic: string, numPartitions = 1, options: Partial<ITopicConfig> = {}, servers = bootstrap()): Promise<void> {
  const admin = kafkajs(servers).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions, ...options }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
