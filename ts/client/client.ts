// What every client offers besides producing: its name, cluster metadata, watermarks, fatal errors.
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError, withCallerStack } from '../errors';
import type { NativeClient } from '../native';
import { toTimeoutMs } from '../timeout';
import { nonEmptyString, partitionNumber, topicName } from '../validate';

/** A broker of the cluster. */
export interface BrokerMetadata {
  /** Its `broker.id`. */
  id: number;
  /** The host it advertises. */
  host: string;
  /** The port it advertises. */
  port: number;
}

/** A partition of a topic. */
export interface PartitionMetadata {
  /** The partition number. */
  id: number;
  /** The leader's broker id, or -1 when the partition has none. */
  leader: number;
  /** The broker ids holding a replica. */
  replicas: number[];
  /** The broker ids of the in-sync replicas. */
  isr: number[];
  /** The broker's error code for this partition, or null. */
  error: RDKafkaErrorCode | null;
}

/** A topic of the cluster. */
export interface TopicMetadata {
  /** The topic's name. */
  name: string;
  /** Its partitions, by number. */
  partitions: PartitionMetadata[];
  /** The broker's error code for this topic (e.g. UnknownTopicOrPartition), or null. */
  error: RDKafkaErrorCode | null;
}

/** What `client.fetchMetadata` returns: the brokers and the topics asked for. */
export interface Metadata {
  /** The broker that answered. */
  origBrokerId: number;
  /** The name of the broker that answered (`host:port/id`). */
  origBrokerName: string;
  /** Every broker of the cluster. */
  brokers: BrokerMetadata[];
  /** The topic asked for, or every topic. */
  topics: TopicMetadata[];
}

/** The offsets a partition holds: from `low` (the oldest) up to `high` (the next to be written). */
export interface Watermarks {
  /** The oldest offset still stored. */
  low: number;
  /** The offset the next message will get: the count of messages ever written, for a topic never trimmed. */
  high: number;
}

const orNull = (code: number): number | null => (code === 0 ? null : code);

/**
 * What a producer offers besides producing (rust-rdkafka's `Client`): `producer.client`.
 *
 * @example
 * const { high } = await producer.client.fetchWatermarks('orders', 0, 5000);
 */
export class Client {
  readonly #native: NativeClient;

  /** @internal */
  constructor(native: NativeClient) {
    this.#native = native;
  }

  /** librdkafka's name of this client instance, e.g. `rdkafka#producer-1`. */
  get name(): string {
    return this.#native.name();
  }

  /**
   * Asks the cluster for metadata: of one topic, or of all topics when `topic` is omitted or null. Runs on
   * a native thread of its own; rejects with a `MetadataFetch` KafkaError (e.g. OperationTimedOut).
   */
  fetchMetadata(topic: string | null = null, timeoutMs = 30_000): Promise<Metadata> {
    return withCallerStack(async () => {
      const name = topic === null ? null : topicName(topic, 'topic', { nullable: true });
      const raw = await this.#native.fetchMetadata(name, toTimeoutMs(timeoutMs, 'timeoutMs'));
      return {
        origBrokerId: raw.origBrokerId,
        origBrokerName: raw.origBrokerName,
        brokers: raw.brokers,
        topics: raw.topics.map((t) => ({
          name: t.name,
          error: orNull(t.error),
          partitions: t.partitions.map((p) => ({ ...p, error: orNull(p.error) })),
        })),
      };
    });
  }

  /** The low and high watermark offsets of a partition, asked of its leader. */
  fetchWatermarks(topic: string, partition: number, timeoutMs = 30_000): Promise<Watermarks> {
    return withCallerStack(async () => {
      const name = topicName(topic, 'topic');
      const index = partitionNumber(partition, 'partition');
      return this.#native.fetchWatermarks(name, index, toTimeoutMs(timeoutMs, 'timeoutMs'));
    });
  }

  /**
   * The value librdkafka uses for a property: the one configured, or its default (`session.timeout.ms` reads
   * `'45000'` unless set). An unknown name is a `ClientConfig` KafkaError.
   */
  configValue(key: string): string {
    const name = nonEmptyString(key, 'key');
    const value = this.#native.configValue(name);
    if (value === null) throw new KafkaError('ClientConfig', RDKafkaErrorCode.InvalidArgument, { detail: `Unknown configuration name "${name}"` });
    return value;
  }

  /** @internal librdkafka's test hook (rd_kafka_test_fatal_error): raises a fatal error, for tests. */
  testFatalError(code: RDKafkaErrorCode, reason: string): void {
    this.#native.testFatalError(code, reason);
  }

  /** The fatal error that made this client unusable (idempotent or transactional producers), or null. */
  fatalError(): {
    /** The underlying error, e.g. OutOfOrderSequenceNumber or ProducerFenced. */
    code: RDKafkaErrorCode;
    /** librdkafka's explanation. */
    reason: string;
  } | null {
    const fatal = this.#native.fatalError();
    return fatal === null ? null : { code: fatal[0], reason: fatal[1] };
  }
}
