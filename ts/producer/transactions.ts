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
 * The consumer group whose offsets a transaction commits. This library has no consumer, so it is made from
 * the group id alone (generation and member unknown: the broker then checks the group id only).
 */
export class ConsumerGroupMetadata {
  /** @param groupId the consumer group whose offsets the transaction commits */
  constructor(readonly groupId: string) {
    nonEmptyString(groupId, 'groupId');
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
    const groupId = typeof group === 'string' ? new ConsumerGroupMetadata(group).groupId : group instanceof ConsumerGroupMetadata ? group.groupId : undefined;
    if (groupId === undefined) throw new TypeError('groupMetadata must be a ConsumerGroupMetadata or a group id');
    check(await this.#native.sendOffsetsToTransaction(list, groupId, toTimeoutMs(timeoutMs, 'timeoutMs')));
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
