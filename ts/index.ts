// rdkafka-napi: Kafka producers and consumers for Node.js over librdkafka, with rust-rdkafka's semantics.
// Dependencies point one way: the modules at the top of ts/ (leaves) → client/ → producer/ → consumer/ → this barrel.
import { binding } from './native';

/** The version of the librdkafka compiled into this binary, e.g. `2.12.0`. */
export const librdkafkaVersion: string = binding.librdkafkaVersion;
/** librdkafka's `builtin.features` of this binary, e.g. `['gzip', 'snappy', 'ssl', ...]`. */
export const features: readonly string[] = Object.freeze([...binding.features]);
export { PARTITION_UA } from './message';
export { KafkaError, errorCodeName, errorDescription } from './errors';
export type { KafkaErrorKind, KafkaErrorOptions, SentRecord } from './errors';
export { RDKafkaErrorCode } from './error-codes';
export { RDKafkaLogLevel } from './log-level';
export { Timeout } from './timeout';
export { ClientConfig } from './config';
export type { ConfigEntries, ConfigValue } from './config';
export type { ConfigKey, ConfigProperties, ConsumerConfigKey, ProducerConfigKey } from './generated/config-keys';
export { Client } from './client/client';
export type { Metadata, BrokerMetadata, TopicMetadata, PartitionMetadata, Watermarks } from './client/client';
export { BaseRecord, FutureRecord, BaseRecordBuilder, FutureRecordBuilder, OwnedHeaders } from './producer/record';
export type { Payload, Header, Headers } from './producer/record';
export { Timestamp } from './message';
export type { DeliveredMessage, OwnedMessage } from './message';
export type { ClientContext } from './client/context';
export type { ProducerContext, DeliveryResult } from './producer/context';
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
export type { PurgeOptions } from './producer/producer-handle';
export { BaseProducer } from './producer/base-producer';
export { ThreadedProducer } from './producer/threaded-producer';
export { FutureProducer } from './producer/future-producer';
export type { Delivery } from './producer/future-producer';
export { MockCluster, ApiKey, type MockRequest } from './mock-cluster';
export { ConsumerGroupMetadata } from './producer/transactions';
export type { TopicPartitionOffset } from './producer/transactions';
export { BaseConsumer, PartitionQueue } from './consumer/base-consumer';
export { StreamConsumer, StreamPartitionQueue } from './consumer/stream-consumer';
export type { StreamConsumerOptions, ReceiveOptions, BatchOptions } from './consumer/stream-consumer';
export { Consumer, CommitMode } from './consumer/consumer';
export type { GroupInfo, CloseOptions, RebalanceProtocol } from './consumer/consumer';
export { Offset } from './consumer/offset';
export type { TopicPartition } from './consumer/topic-partition';
export type { Message, MessageHeader } from './consumer/message';
export type { ConsumerContext, Rebalance } from './consumer/context';
