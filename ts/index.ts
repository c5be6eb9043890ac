// rdkafka-napi: Kafka producers for Node.js over librdkafka, with rust-rdkafka's semantics.
import { binding } from './native';

/** The version of the librdkafka compiled into this binary, e.g. `2.12.0`. */
export const librdkafkaVersion: string = binding.librdkafkaVersion;
/** librdkafka's `builtin.features` of this binary, e.g. `['gzip', 'snappy', 'ssl', ...]`. */
export const features: readonly string[] = Object.freeze([...binding.features]);
/** The partition value that lets the partitioner choose (librdkafka's RD_KAFKA_PARTITION_UA). */
export const PARTITION_UA = -1;

export { KafkaError, errorCodeName, errorDescription } from './errors';
export type { KafkaErrorKind, KafkaErrorOptions, SentRecord } from './errors';
export { RDKafkaErrorCode } from './error-codes';
export { RDKafkaLogLevel } from './log-level';
export { Timeout } from './timeout';
export { ClientConfig } from './config';
export type { ConfigEntries, ConfigValue } from './config';
export type { ConfigKey, ConfigProperties } from './generated/config-keys';
export { Client } from './client';
export type { Metadata, BrokerMetadata, TopicMetadata, PartitionMetadata, Watermarks } from './client';
export { BaseRecord, FutureRecord, BaseRecordBuilder, FutureRecordBuilder, OwnedHeaders } from './record';
export type { Payload, Header, Headers } from './record';
export { Timestamp } from './message';
export type { DeliveredMessage, OwnedMessage } from './message';
export type { ClientContext, ProducerContext, DeliveryResult } from './context';
export type {
  Statistics,
  BrokerStatistics,
  BrokerTopicPartition,
  TopicStatistics,
  PartitionStatistics,
  ConsumerGroupStatistics,
  ExactlyOnceStatistics,
  Window,
} from './statistics';
export type { PurgeOptions } from './producer-core';
export { BaseProducer } from './base-producer';
export { ThreadedProducer } from './threaded-producer';
export { FutureProducer } from './future-producer';
export type { Delivery } from './future-producer';
export { MockCluster, ApiKey } from './mock-cluster';
export { ConsumerGroupMetadata } from './transactions';
export type { TopicPartitionOffset } from './transactions';
