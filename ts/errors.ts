// KafkaError: every failure the library reports, classified like rust-rdkafka's KafkaError.
import { binding } from './native';

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
  | 'MockCluster';

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
};

/** librdkafka's name of an error code, e.g. `_QUEUE_FULL` or `NOT_LEADER_FOR_PARTITION`. */
export function errorCodeName(code: number): string {
  return binding.errorName(code);
}

/** librdkafka's description of an error code, e.g. `Local: Queue full`. */
export function errorDescription(code: number): string {
  return binding.errorDescription(code);
}

export interface KafkaErrorOptions {
  /** librdkafka's own explanation, when it gave one (configuration and creation errors). */
  detail?: string;
  isRetriable?: boolean;
  isFatal?: boolean;
  txnRequiresAbort?: boolean;
}

export class KafkaError extends Error {
  override name = 'KafkaError';
  readonly kind: KafkaErrorKind;
  /** librdkafka's error code (`rd_kafka_resp_err_t`). */
  readonly code: number;
  readonly isRetriable: boolean;
  readonly isFatal: boolean;
  readonly txnRequiresAbort: boolean;

  constructor(kind: KafkaErrorKind, code: number, options: KafkaErrorOptions = {}) {
    const explanation = options.detail || `${errorCodeName(code)} (${errorDescription(code)})`;
    super(`${kindLabels[kind]}: ${explanation}`);
    this.kind = kind;
    this.code = code;
    this.isRetriable = options.isRetriable ?? false;
    this.isFatal = options.isFatal ?? false;
    this.txnRequiresAbort = options.txnRequiresAbort ?? false;
  }
}

// The addon builds its errors through this, so native failures are KafkaErrors too.
binding.setErrorFactory((kind, code, detail) => new KafkaError(kind as KafkaErrorKind, code, { detail }));
