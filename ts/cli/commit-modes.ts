// consume --commit: what a group learns of what was printed. The offset committed for a partition is the next
// message to read, so a later run with the same group starts after what this one committed.
import { CommitMode } from '../consumer/consumer';
import type { Message } from '../consumer/message';
import type { StreamConsumer } from '../consumer/stream-consumer';
import type { TopicPartition } from '../consumer/topic-partition';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { UsageError } from './usage';

export type Commits = 'none' | 'auto' | 'written' | 'each';

export const commitChoices = ['written', 'each', 'auto', 'none'] as const;

/** The librdkafka properties each mode sets (so -X must not set them too). */
const settings: Record<Commits, Record<string, boolean>> = {
  none: { 'enable.auto.commit': false },
  // librdkafka's own: stored as handed out (before printing), committed every auto.commit.interval.ms.
  auto: { 'enable.auto.commit': true, 'enable.auto.offset.store': true },
  // Stored once written, committed every auto.commit.interval.ms, on a revoke and at the end.
  written: { 'enable.auto.commit': true, 'enable.auto.offset.store': false },
  // Stored and committed (asynchronously) after every write.
  each: { 'enable.auto.commit': false, 'enable.auto.offset.store': false },
};

export function parseCommits(text: string | undefined, group: boolean): Commits {
  if (text === undefined) return group ? 'written' : 'none';
  if (!(commitChoices as readonly string[]).includes(text)) throw new UsageError(`--commit expects ${commitChoices.join(', ')}, got "${text}"`);
  if (!group && text !== 'none') throw new UsageError(`--commit ${text} needs a group (-G): without one there is nothing to commit to`);
  return text as Commits;
}

export function commitSettings(commits: Commits): Record<string, boolean> {
  return settings[commits];
}

/** The properties the mode sets, for refusing them in -X. */
export const commitProperties = ['enable.auto.commit', 'enable.auto.offset.store'];

/** The next offset of each partition of a batch: what committing the batch commits. */
function nextOffsets(messages: readonly Message[]): TopicPartition[] {
  const next = new Map<string, TopicPartition>();
  for (const { topic, partition, offset } of messages) next.set(`${partition}:${topic}`, { topic, partition, offset: offset + 1 });
  return [...next.values()];
}

/** After a batch was written to stdout; `report` hears of a commit refused at once (the others reach the commit callback). */
export function afterWritten(consumer: StreamConsumer, commits: Commits, messages: readonly Message[], report: (error: unknown) => void): void {
  if (commits !== 'written' && commits !== 'each') return;
  const offsets = nextOffsets(messages);
  try {
    consumer.storeOffsets(offsets);
  } catch (error) {
    // A partition revoked while its messages were written: its next owner starts from its last commit.
    if (!(error instanceof KafkaError && error.kind === 'StoreOffset')) throw error;
  }
  if (commits === 'each') consumer.commit(offsets, CommitMode.Async).catch(report);
}

/**
 * At the end: commits what was stored and not committed yet, and waits for the answer, `timeoutMs` at most (a
 * coordinator that is down would keep a synchronous commit waiting).
 */
export async function commitAtEnd(consumer: StreamConsumer, commits: Commits, timeoutMs: number): Promise<void> {
  if (commits === 'none') return;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the group's coordinator within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([consumer.commitConsumerState(CommitMode.Sync), expired]);
  } catch (error) {
    // Nothing new since the last commit: done already.
    if (!(error instanceof KafkaError && error.code === RDKafkaErrorCode.NoOffset)) throw error;
  } finally {
    clearTimeout(timer);
  }
}
