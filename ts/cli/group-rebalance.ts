// consume -G: what the command does at a rebalance of its group. -e must know which partitions are assigned; and
// -o (other than stored) starts a partition where it says the first time this run is given that partition, as
// kcat does. A partition given again later (after a rebalance) goes on from the group's committed offset, so
// what was printed and committed is not printed twice.
import type { Consumer } from '../consumer/consumer';
import type { ConsumerContext, Rebalance } from '../consumer/context';
import type { Offset } from '../consumer/offset';
import type { PartitionEnds } from './partition-ends';

export function groupRebalance(start: Offset, ends: PartitionEnds): Pick<ConsumerContext, 'rebalance' | 'postRebalance'> {
  const follow = (rebalance: Rebalance) => {
    if (rebalance.kind === 'assign') ends.assigned(rebalance.partitions);
    else ends.revoked(rebalance.kind === 'revoke' ? rebalance.partitions : 'all');
  };
  if (start === 'stored') return { postRebalance: follow };

  const started = new Set<string>();
  return {
    // Replaces the library's assign logic, which would start from the committed offsets.
    rebalance(rebalance: Rebalance, consumer: Consumer) {
      const cooperative = consumer.rebalanceProtocol() === 'COOPERATIVE';
      if (rebalance.kind === 'assign') {
        const partitions = rebalance.partitions.map((tp) => {
          const key = `${tp.partition}:${tp.topic}`;
          if (started.has(key)) return tp;
          started.add(key);
          return { ...tp, offset: start };
        });
        if (cooperative) consumer.incrementalAssign(partitions);
        else consumer.assign(partitions);
      } else if (rebalance.kind === 'revoke' && cooperative) {
        consumer.incrementalUnassign(rebalance.partitions);
      } else {
        consumer.unassign();
      }
      follow(rebalance);
    },
  };
}
