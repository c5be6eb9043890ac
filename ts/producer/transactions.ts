// Transactions, shared by the three producers: librdkafka's transactional calls run on the client's
// own thread (Promises, never blocking the event loop); failures are Transaction KafkaErrors with
// librdkafka's isFatal / isRetriable / txnRequiresAbort.
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import type { NativeProducer, NativeTxnError } from '../native';
import { toTimeoutMs } from '../timeout';
import { nonEmptyString, offsetNumber, partitionNumber, topicName } from '../validate';

/** A consumed position to commit with `sendOffsetsToTransaction`. */
export interface TopicPartitionOffset {
  /** The topic consumed. */
  topic: string;
  /** The partition consumed. */
  partition: number;
  /** The offset of the next message to consume (the last processed + 1). */
  offset: number;
}

/**
 * The consumer group whose offsets a transaction commits: `consumer.groupMetadata()` (group, generation and member:
 * the broker then fences a consumer that has left the group meanwhile), or made from a group id alone, for
 * producer-only use (the broker then checks the group id only).
 */
export class ConsumerGroupMetadata {
  /** The group's generation when it was read; -1 when unknown. */
  readonly generationId: number;
  /** The consumer's member id in the group; empty when unknown. */
  readonly memberId: string;
  /** The consumer's `group.instance.id` (static membership), or null. */
  readonly groupInstanceId: string | null;

  /**
   * @param groupId the consumer group whose offsets the transaction commits
   * @param member what `consumer.groupMetadata()` fills in: generation, member id, group instance id
   */
  constructor(
    readonly groupId: string,
    member: { generationId?: number; memberId?: string; groupInstanceId?: string | null } = {},
  ) {
    nonEmptyString(groupId, 'groupId');
    this.generationId = member.generationId ?? -1;
    this.memberId = member.memberId ?? '';
    this.groupInstanceId = member.groupInstanceId ?? null;
    Object.freeze(this);
  }
}

function check(outcome: NativeTxnError): void {
  if (outcome === null) return;
  const [code, detail, isFatal, isRetriable, txnRequiresAbort] = outcome;
  throw new KafkaError('Transaction', code, { detail, isFatal, isRetriable, txnRequiresAbort });
}

/** @internal How the producer kind delivers what is pending before a commit. */
export type FlushForCommit = (timeoutMs: number) => Promise<void>;

/** @internal The transactional half of a producer. */
export class Transactions {
  readonly #native: NativeProducer;
  readonly #flush: FlushForCommit;
  readonly #whileAborting: (<T>(work: Promise<T>) => Promise<T>) | undefined;

  constructor(native: NativeProducer, flush: FlushForCommit, whileAborting?: <T>(work: Promise<T>) => Promise<T>) {
    this.#native = native;
    this.#flush = flush;
    this.#whileAborting = whileAborting;
  }

  async init(timeoutMs: number): Promise<void> {
    check(await this.#native.initTransactions(toTimeoutMs(timeoutMs, 'timeoutMs')));
  }

  begin(): void {
    check(this.#native.beginTransaction());
  }

  async sendOffsets(offsets: readonly TopicPartitionOffset[], group: ConsumerGroupMetadata | string, timeoutMs: number): Promise<void> {
    if (!Array.isArray(offsets)) throw new TypeError('offsets must be an array of { topic, partition, offset }');
    const list = offsets.map((entry: unknown, i): [string, number, number] => {
      // Each field read once: what is committed is what was checked.
      const { topic, partition, offset } = (typeof entry === 'object' && entry !== null ? entry : {}) as Partial<TopicPartitionOffset>;
      return [
        topicName(topic, `offsets[${i}].topic`, { asOneRule: true }),
        partitionNumber(partition, `offsets[${i}].partition`),
        offsetNumber(offset, `offsets[${i}].offset`),
      ];
    });
    let native: string | [string, number, string, string | null];
    if (typeof group === 'string') {
      native = new ConsumerGroupMetadata(group).groupId;
    } else if (group instanceof ConsumerGroupMetadata) {
      // A group id alone when that is all there is: the broker then checks only the group.
      native = group.generationId < 0 && group.memberId === '' ? group.groupId : [group.groupId, group.generationId, group.memberId, group.groupInstanceId];
    } else {
      throw new TypeError('groupMetadata must be a ConsumerGroupMetadata or a group id');
    }
    check(await this.#native.sendOffsetsToTransaction(list, native, toTimeoutMs(timeoutMs, 'timeoutMs')));
  }

  /** Flushes first, as rust-rdkafka does; a flush that times out is a retriable Transaction error. */
  async commit(timeoutMs: number): Promise<void> {
    const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
    const deadline = timeout < 0 ? Infinity : Date.now() + timeout;
    try {
      await this.#flush(timeout < 0 ? Infinity : timeout);
    } catch (error) {
      if (error instanceof KafkaError && error.kind === 'Flush') {
        throw new KafkaError('Transaction', error.code, {
          detail: `flushing before the commit: ${error.message}`,
          isRetriable: error.code === RDKafkaErrorCode.OperationTimedOut,
        });
      }
      throw error;
    }
    const left = deadline === Infinity ? -1 : Math.max(0, deadline - Date.now());
    check(await this.#native.commitTransaction(left));
  }

  async abort(timeoutMs: number): Promise<void> {
    const work = this.#native.abortTransaction(toTimeoutMs(timeoutMs, 'timeoutMs'));
    check(await (this.#whileAborting ? this.#whileAborting(work) : work));
  }
}
