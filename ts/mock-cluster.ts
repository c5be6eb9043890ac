// librdkafka's in-process mock Kafka cluster, for tests and for running without a broker.
import { closedError } from './errors';
import { binding, type NativeMockCluster } from './native';
import { describe, topicName, wholeNumber } from './validate';
import './dispose';

/** Kafka protocol API keys, for {@link MockCluster.pushRequestErrors}. */
export const ApiKey = {
  /** Produce requests (sending messages). */
  Produce: 0,
  /** Fetch requests (consuming). */
  Fetch: 1,
  /** ListOffsets requests (watermarks, offsets by time). */
  ListOffsets: 2,
  /** Metadata requests (mock clusters ignore pushed errors for these). */
  Metadata: 3,
  /** OffsetCommit requests. */
  OffsetCommit: 8,
  /** OffsetFetch requests. */
  OffsetFetch: 9,
  /** FindCoordinator requests (group and transaction coordinators). */
  FindCoordinator: 10,
  /** JoinGroup requests. */
  JoinGroup: 11,
  /** Heartbeat requests. */
  Heartbeat: 12,
  /** LeaveGroup requests. */
  LeaveGroup: 13,
  /** SyncGroup requests. */
  SyncGroup: 14,
  /** ApiVersions requests. */
  ApiVersions: 18,
  /** CreateTopics requests. */
  CreateTopics: 19,
  /** InitProducerId requests (idempotence, initTransactions). */
  InitProducerId: 22,
  /** AddPartitionsToTxn requests. */
  AddPartitionsToTxn: 24,
  /** AddOffsetsToTxn requests. */
  AddOffsetsToTxn: 25,
  /** EndTxn requests (commit, abort). */
  EndTxn: 26,
  /** TxnOffsetCommit requests. */
  TxnOffsetCommit: 28,
} as const;

const MAX_BROKERS = 64;

/**
 * A mock Kafka cluster running inside this process (librdkafka's mock broker): real Kafka protocol on
 * loopback sockets, with fault injection. Any Kafka client can connect to {@link bootstrapServers}.
 *
 * Topics are created automatically with 4 partitions when first produced to, or explicitly with
 * {@link createTopic}. Brokers are numbered from 1.
 *
 * @example
 * const cluster = new MockCluster(3);
 * cluster.createTopic('events', 3, 3);
 * const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
 */
export class MockCluster {
  /** How many brokers the cluster has; their ids are 1 to `brokerCount`. */
  readonly brokerCount: number;
  #native: NativeMockCluster | null;
  #bootstrapServers: string;

  constructor(brokers = 1) {
    this.brokerCount = wholeNumber(brokers, 'brokers', 1, MAX_BROKERS);
    this.#native = new binding.MockCluster(this.brokerCount);
    this.#bootstrapServers = this.#native.bootstrapServers();
  }

  /** The `bootstrap.servers` value to connect to this cluster, e.g. `127.0.0.1:41235,127.0.0.1:39317`. */
  get bootstrapServers(): string {
    this.#open();
    return this.#bootstrapServers;
  }

  /** Creates a topic; fails with `TopicAlreadyExists` if it exists. */
  createTopic(topic: string, partitions: number, replicationFactor = 1): void {
    const name = topicName(topic, 'topic');
    const count = wholeNumber(partitions, 'partitions', 1, 10000);
    const replication = wholeNumber(replicationFactor, 'replicationFactor', 1, this.brokerCount);
    this.#open().createTopic(name, count, replication);
  }

  /** Disconnects a broker (or every broker, with -1) and refuses new connections; leaders do not move. */
  setBrokerDown(brokerId: number): void {
    this.#open().setBrokerDown(this.#brokerId(brokerId, true));
  }

  /** Lets a broker (or every broker, with -1) accept connections again. */
  setBrokerUp(brokerId: number): void {
    this.#open().setBrokerUp(this.#brokerId(brokerId, true));
  }

  /** Delays every response of a broker (or every broker, with -1) by `rttMs`. */
  setBrokerRtt(brokerId: number, rttMs: number): void {
    this.#open().setBrokerRtt(this.#brokerId(brokerId, true), wholeNumber(rttMs, 'rttMs', 0, 2 ** 31 - 1));
  }

  /** Moves a partition's leadership to a broker; `null` leaves the partition without a leader. */
  setPartitionLeader(topic: string, partition: number, brokerId: number | null): void {
    const name = topicName(topic, 'topic');
    const index = wholeNumber(partition, 'partition', 0, 9999);
    const broker = brokerId === null ? -1 : this.#brokerId(brokerId, false);
    this.#open().setPartitionLeader(name, index, broker);
  }

  /**
   * Makes the next requests of one API (see {@link ApiKey}) fail with these error codes, in order, one
   * code per request. `RDKafkaErrorCode` values; a transport failure code disconnects the client.
   * (librdkafka's mock applies them to most APIs, Produce and the transactional ones among them, but not to
   * Metadata.)
   */
  pushRequestErrors(apiKey: number, codes: readonly number[]): void {
    const key = wholeNumber(apiKey, 'apiKey', 0, 32767);
    if (!Array.isArray(codes)) throw new TypeError(`codes must be an array of error codes, got ${describe(codes)}`);
    const list = codes.map((code, i) => wholeNumber(code, `codes[${i}]`, -(2 ** 31), 2 ** 31 - 1));
    this.#open().pushRequestErrors(key, list);
  }

  /** Forgets the errors pushed for an API that have not been used yet. */
  clearRequestErrors(apiKey: number): void {
    this.#open().clearRequestErrors(wholeNumber(apiKey, 'apiKey', 0, 32767));
  }

  /** Stops the cluster and frees its sockets. Idempotent; clients connected to it see their brokers go away. */
  close(): void {
    this.#native?.close();
    this.#native = null;
  }

  /** `using cluster = new MockCluster()`: closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  #brokerId(value: unknown, allowAll: boolean): number {
    if (allowAll && value === -1) return -1;
    return wholeNumber(value, 'brokerId', 1, this.brokerCount);
  }

  #open(): NativeMockCluster {
    if (this.#native === null) {
      throw closedError('MockCluster');
    }
    return this.#native;
  }
}
