// KafkaError: every failure the library reports, classified like rust-rdkafka's KafkaError.
import { RDKafkaErrorCode } from './error-codes';
import { binding } from './native';
import type { OwnedMessage } from './message';
// Type-only, the one edge against the direction leaves → client → producer: a KafkaError hands back the record
// that could not be sent, and that type is the producer's.
import type { BaseRecord, BaseRecordBuilder, FutureRecord, FutureRecordBuilder } from './producer/record';

/** What `send` was given: a record, or a builder of one. */
export type SentRecord = FutureRecord | BaseRecord<unknown> | FutureRecordBuilder | BaseRecordBuilder<unknown>;

/** What failed, as rust-rdkafka's `KafkaError` variants name it (the first words of the message). */
export type KafkaErrorKind =
  | 'ClientConfig'
  | 'ClientCreation'
  | 'MessageProduction'
  | 'Flush'
  | 'Purge'
  | 'Transaction'
  | 'MetadataFetch'
  | 'Canceled'
  | 'Closed'
  | 'Global'
  | 'MockCluster'
  | 'ConsumerCommit'
  | 'ConsumerQueueClose'
  | 'MessageConsumption'
  | 'MessageConsumptionFatal'
  | 'OffsetFetch'
  | 'PartitionEOF'
  | 'PauseResume'
  | 'Rebalance'
  | 'Seek'
  | 'SetPartitionOffset'
  | 'StoreOffset'
  | 'Subscription'
  | 'GroupListFetch';

/** The first words of each kind's message; its keys are every KafkaErrorKind. */
const kindLabels: Record<KafkaErrorKind, string> = {
  ClientConfig: 'Client config error',
  ClientCreation: 'Client creation error',
  MessageProduction: 'Message production error',
  Flush: 'Flush error',
  Purge: 'Purge error',
  Transaction: 'Transaction error',
  MetadataFetch: 'Meta data fetch error',
  Canceled: 'Operation canceled',
  Closed: 'Client closed',
  Global: 'Global error',
  MockCluster: 'Mock cluster error',
  ConsumerCommit: 'Consumer commit error',
  ConsumerQueueClose: 'Consumer queue close error',
  MessageConsumption: 'Message consumption error',
  MessageConsumptionFatal: '(Fatal) Message consumption error',
  OffsetFetch: 'Offset fetch error',
  PartitionEOF: 'Partition EOF',
  PauseResume: 'Pause/resume error',
  Rebalance: 'Rebalance error',
  Seek: 'Seek error',
  SetPartitionOffset: 'Set partition offset error',
  StoreOffset: 'Store offset error',
  Subscription: 'Subscription error',
  GroupListFetch: 'Group list fetch error',
};

/** @internal Whether a name is a KafkaErrorKind (the addon names the kinds it raises; a test checks each is one). */
export function isKafkaErrorKind(name: string): name is KafkaErrorKind {
  return Object.prototype.hasOwnProperty.call(kindLabels, name);
}

/** The name of an error code as rust-rdkafka names it, e.g. `QueueFull`. */
export function errorCodeName(code: number): string {
  return RDKafkaErrorCode[code] ?? `Unknown(${code})`;
}

/** librdkafka's description of an error code, e.g. `Local: Queue full`. */
export function errorDescription(code: number): string {
  return binding.errorDescription(code);
}

/** What a `KafkaError` carries besides its kind and code. */
export interface KafkaErrorOptions {
  /** librdkafka's own explanation, when it gave one (configuration and creation errors). */
  detail?: string;
  /** The operation may succeed if tried again (transactions). */
  isRetriable?: boolean;
  /** The producer is unusable from now on: close it and make a new one. */
  isFatal?: boolean;
  /** The current transaction must be aborted before going on. */
  txnRequiresAbort?: boolean;
  /** For enqueue failures: the record that was passed in. */
  record?: SentRecord;
  /** For a refusal inside `sendMany`: how many records before this one were queued. */
  enqueued?: number;
  /** For delivery failures: the message as librdkafka held it. */
  owned?: OwnedMessage;
  /** PartitionEOF: where the end was reached. */
  position?: {
    /** The topic. */
    topic: string;
    /** The partition. */
    partition: number;
    /** The offset of the end. */
    offset: number;
  };
}

/**
 * An error of the library or of librdkafka. `kind` says what failed, `code` why, in librdkafka's
 * terms; the message reads like rust-rdkafka's, e.g.
 * `Message production error: QueueFull (Local: Queue full)`.
 */
export class KafkaError extends Error {
  /** Always `KafkaError`. */
  override name = 'KafkaError';
  /** What failed: `MessageProduction`, `Flush`, `Transaction`, `Closed`, ... */
  readonly kind: KafkaErrorKind;
  /** librdkafka's error code. */
  readonly code: RDKafkaErrorCode;
  /** The operation may succeed if tried again (transactional calls say so). */
  readonly isRetriable: boolean;
  /**
   * The client is unusable from now on (a fatal idempotence or transaction error, a fenced static group member): said by librdkafka, or by the code
   * `Fatal`, with which a send is refused once that has happened (`client.fatalError()` says why).
   */
  readonly isFatal: boolean;
  /** The current transaction must be aborted (`abortTransaction`) before going on. */
  readonly txnRequiresAbort: boolean;
  /** For enqueue failures: the record that was passed in, so it can be sent again. */
  declare readonly record?: SentRecord;
  /**
   * For a refusal inside `sendMany`: how many of its records were queued, all of them before `record` (which is
   * `records[enqueued]`); the ones after it were not tried.
   */
  declare readonly enqueued?: number;
  /** For delivery failures: the message as librdkafka held it (key, payload, headers). */
  declare readonly owned?: OwnedMessage;
  /** PartitionEOF: the topic whose partition's end was reached. */
  declare readonly topic?: string;
  /** PartitionEOF: the partition whose end was reached. */
  declare readonly partition?: number;
  /** PartitionEOF: the offset of the end (the next message to be written there). */
  declare readonly offset?: number;

  constructor(kind: KafkaErrorKind, code: RDKafkaErrorCode, options: KafkaErrorOptions = {}) {
    const explanation = options.detail || `${errorCodeName(code)} (${errorDescription(code)})`;
    // rust-rdkafka's Display: `Partition EOF: 3`.
    super(kind === 'PartitionEOF' && options.position ? `${kindLabels[kind]}: ${options.position.partition}` : `${kindLabels[kind]}: ${explanation}`);
    this.kind = kind;
    this.code = code;
    this.isRetriable = options.isRetriable ?? false;
    this.isFatal = options.isFatal ?? (code === RDKafkaErrorCode.Fatal || kind === 'MessageConsumptionFatal');
    this.txnRequiresAbort = options.txnRequiresAbort ?? false;
    // Only present when set, so they do not clutter inspection of other errors.
    if (options.record !== undefined) Object.defineProperty(this, 'record', { value: options.record, enumerable: true });
    if (options.enqueued !== undefined) Object.defineProperty(this, 'enqueued', { value: options.enqueued, enumerable: true });
    if (options.owned !== undefined) Object.defineProperty(this, 'owned', { value: options.owned, enumerable: true });
    if (options.position !== undefined) {
      for (const field of ['topic', 'partition', 'offset'] as const) Object.defineProperty(this, field, { value: options.position[field], enumerable: true });
    }
  }
}

/** @internal The error of any call on something closed: a producer, a MockCluster, ... */
export function closedError(what: string): KafkaError {
  return new KafkaError('Closed', RDKafkaErrorCode.BrokerDestroy, { detail: `this ${what} is closed` });
}

/**
 * @internal Runs an asynchronous operation of the public API and, when it fails with a KafkaError, gives that error the
 * stack of whoever called the API. Native calls settle their promises from a later turn of the event loop, and
 * errors made after an `await` are made there too: their own stacks show nothing of the caller (sharp takes the
 * same `Error()` before its native calls). The frames are captured now, while the caller is still on the stack, and
 * formatted only if they are needed. Other errors (TypeErrors of argument checks) are thrown while the caller is
 * on the stack and keep their own.
 */
export function withCallerStack<T>(operation: () => Promise<T>): Promise<T> {
  // `operation` is an async function: whatever it throws comes back as a rejection, as from the API method itself.
  const caller: { stack?: string } = {};
  // Starts at the API method that called this one.
  Error.captureStackTrace(caller, withCallerStack);
  return operation().catch((error: unknown) => {
    if (error instanceof KafkaError) {
      const captured = caller.stack ?? '';
      const frames = captured.indexOf('\n');
      error.stack = `${error.name}: ${error.message}${frames < 0 ? '' : captured.slice(frames)}`;
    }
    throw error;
  });
}

// The addon builds its errors through this, so native failures are KafkaErrors too.
binding.setErrorFactory((kind, code, detail) => new KafkaError(kind as KafkaErrorKind, code, { detail }));
