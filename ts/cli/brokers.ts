// The brokers a command talks to: those given with --brokers, or an in-process mock cluster started for it.
import { MockCluster } from '../mock-cluster';

/**
 * Runs `work` against `brokers`, or, when none are given, against a mock cluster started with `topics` (of
 * `partitions` each) and closed once `work` is done. `work` learns which, to say so.
 */
export async function withBrokers<T>(
  brokers: string | undefined,
  topics: string | readonly string[],
  partitions: number,
  work: (brokers: string, mock: boolean) => Promise<T>,
): Promise<T> {
  if (brokers !== undefined) return work(brokers, false);
  const cluster = new MockCluster(1);
  try {
    for (const topic of typeof topics === 'string' ? [topics] : topics) cluster.createTopic(topic, partitions, 1);
    // A group's first member is given its partitions at once: the mock would wait 3 s for more members.
    cluster.setGroupInitialRebalanceDelay(0);
    return await work(cluster.bootstrapServers, true);
  } finally {
    cluster.close();
  }
}
