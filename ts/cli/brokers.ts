// The brokers a command talks to: those given with --brokers, or an in-process mock cluster started for it.
import { MockCluster } from '../mock-cluster';

/**
 * Runs `work` against `brokers`, or, when none are given, against a mock cluster started with `topic` (of `partitions`)
 * and closed once `work` is done. `work` learns which, to say so.
 */
export async function withBrokers<T>(
  brokers: string | undefined,
  topic: string,
  partitions: number,
  work: (brokers: string, mock: boolean) => Promise<T>,
): Promise<T> {
  if (brokers !== undefined) return work(brokers, false);
  const cluster = new MockCluster(1);
  try {
    cluster.createTopic(topic, partitions, 1);
    return await work(cluster.bootstrapServers, true);
  } finally {
    cluster.close();
  }
}
