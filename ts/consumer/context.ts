// The callbacks a consumer calls besides the client's: rebalance hooks and commit results.
import type { ClientContext } from '../client/context';
import type { KafkaError } from '../errors';
import { callback } from '../validate';
import type { Consumer } from './consumer';
import type { TopicPartition } from './topic-partition';

/**
 * A change of the partitions assigned to this consumer, as its hooks see it. `revoke` says whether the partitions
 * were lost (the session timed out, or `max.poll.interval.ms` was exceeded): then other members may own them already,
 * and committing their offsets fails.
 */
export type Rebalance =
  | {
      /** Partitions assigned to this consumer. */
      kind: 'assign';
      /** The partitions (copies: an overriding `rebalance` may change their start offsets before assigning). */
      partitions: TopicPartition[];
    }
  | {
      /** Partitions taken away from this consumer. */
      kind: 'revoke';
      /** The partitions. */
      partitions: TopicPartition[];
      /** They were lost rather than handed over: commits for them must fail. */
      lost: boolean;
    }
  | {
      /** The rebalance failed; the assignment is cleared. */
      kind: 'error';
      /** What went wrong (kind `Rebalance`). */
      error: KafkaError;
    };

/** A consumer's callbacks, all optional; they run on the JS main thread. */
export interface ConsumerContext extends ClientContext {
  /**
   * Before the library assigns or unassigns. A StreamConsumer awaits a returned Promise (iteration waits meanwhile);
   * on a revoke, the offsets of every message handed out are already stored, so `await
   * consumer.commitConsumerState(CommitMode.Sync)` here commits exactly what was processed.
   */
  preRebalance?(rebalance: Rebalance, consumer: Consumer): void | Promise<void>;
  /** After the library has assigned or unassigned; awaited as preRebalance. */
  postRebalance?(rebalance: Rebalance, consumer: Consumer): void | Promise<void>;
  /**
   * Replaces the library's own assign logic (and preRebalance/postRebalance): it must call `assign`/`unassign`
   * (EAGER) or `incrementalAssign`/`incrementalUnassign` (COOPERATIVE) itself. If it throws or returns without
   * doing so, the library does the default and reports the problem to `context.error`.
   */
  rebalance?(rebalance: Rebalance, consumer: Consumer): void | Promise<void>;
  /** Every commit's result, manual or automatic: `error` null on success; per-partition errors in `offsets[i].error`. */
  commitCallback?(error: KafkaError | null, offsets: TopicPartition[]): void;
}

/** @internal A context's consumer callbacks, each read once. */
export interface ConsumerCallbacks {
  self: object;
  preRebalance: ConsumerContext['preRebalance'];
  postRebalance: ConsumerContext['postRebalance'];
  rebalance: ConsumerContext['rebalance'];
  commitCallback: ConsumerContext['commitCallback'];
}

/** @internal */
export function readConsumerCallbacks(context: object | undefined): ConsumerCallbacks {
  if (context === undefined) return { self: {}, preRebalance: undefined, postRebalance: undefined, rebalance: undefined, commitCallback: undefined };
  const { preRebalance, postRebalance, rebalance, commitCallback } = context as ConsumerContext;
  return {
    self: context,
    preRebalance: callback(preRebalance, 'context.preRebalance'),
    postRebalance: callback(postRebalance, 'context.postRebalance'),
    rebalance: callback(rebalance, 'context.rebalance'),
    commitCallback: callback(commitCallback, 'context.commitCallback'),
  };
}
