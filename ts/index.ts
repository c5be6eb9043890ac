// rdkafka-napi: Kafka producers for Node.js over librdkafka, with rust-rdkafka's semantics.
import { binding } from './native';

/** The version of the librdkafka compiled into this binary, e.g. `2.12.0`. */
export const librdkafkaVersion: string = binding.librdkafkaVersion;
/** librdkafka's `builtin.features` of this binary, e.g. `['gzip', 'snappy', 'ssl', ...]`. */
export const features: readonly string[] = Object.freeze([...binding.features]);

export { KafkaError, errorCodeName, errorDescription } from './errors';
export type { KafkaErrorKind, KafkaErrorOptions } from './errors';
export { ClientConfig } from './config';
export type { ConfigEntries, ConfigValue } from './config';
export { Client } from './client';
export type { Metadata, BrokerMetadata, TopicMetadata, PartitionMetadata } from './client';
export { BaseProducer } from './base-producer';
export { MockCluster, ApiKey } from './mock-cluster';
