// The real broker the kafka suite runs against (started by scripts/test-kafka.js, or given as RDKAFKA_NAPI_KAFKA), and
// what the tests do to it with an independent client (kafkajs): create topics, read what was written.
import * as path from 'path';
import { Kafka, type ITopicConfig, logLevel } from 'kafkajs';
import { packageRoot } from '../helpers';

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

/** A node of a cluster the harness starts (scripts/lib/kafka-cluster.js): kill -9, restart, stop and resume it. */
export interface KafkaNode {
  id: number;
  port: number;
  pid: number | undefined;
  kill(): Promise<void>;
  start(timeoutMs?: number): Promise<void>;
  pause(): void;
  resume(): void;
}

/** A cluster of 1 or 3 KRaft nodes on loopback, with its data in a temporary folder that stop() removes. */
export interface KafkaCluster {
  bootstrapServers: string;
  version: string;
  startMs: number;
  nodes: KafkaNode[];
  node(id: number): KafkaNode;
  stop(): Promise<void>;
}

/** Starts a cluster of this test's own (only where the harness started the broker itself: `ownCluster`). */
export function startKafkaCluster(brokers: 1 | 3): Promise<KafkaCluster> {
  const { KafkaCluster } = require(path.join(packageRoot, 'scripts', 'lib', 'kafka-cluster.js')) as { KafkaCluster: { start(options: { brokers: number }): Promise<KafkaCluster> } };
  return KafkaCluster.start({ brokers });
}
