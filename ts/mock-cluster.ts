// librdkafka's in-process mock Kafka cluster, for tests and for running without a broker.
import { closedError } from './errors';
import { binding, type NativeMockCluster } from './native';
import { describe, nonEmptyString, topicName, wholeNumber, withoutNul } from './validate';
import './dispose';

/**
 * Kafka protocol API keys, for {@link MockCluster.pushRequestErrors}, {@link MockCluster.pushBrokerRequestErrors},
 * {@link MockCluster.setApiVersion} and the requests {@link MockCluster.requests} records. The mock serves these
 * but DescribeGroups, ListGroups, CreateTopics, DeleteGroups and OffsetDelete (see the limits in {@link MockCluster}).
 */
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
  /** DescribeGroups requests (not served by the mock: it closes the connection). */
  DescribeGroups: 15,
  /** ListGroups requests (not served by the mock: it closes the connection). */
  ListGroups: 16,
  /** ApiVersions requests. */
  ApiVersions: 18,
  /** CreateTopics requests (not served by the mock: it closes the connection). */
  CreateTopics: 19,
  /** InitProducerId requests (idempotence, initTransactions). */
  InitProducerId: 22,
  /** OffsetForLeaderEpoch requests (a consumer checking its position after a leader change; the mock serves v2 only). */
  OffsetForLeaderEpoch: 23,
  /** AddPartitionsToTxn requests. */
  AddPartitionsToTxn: 24,
  /** AddOffsetsToTxn requests. */
  AddOffsetsToTxn: 25,
  /** EndTxn requests (commit, abort). */
  EndTxn: 26,
  /** TxnOffsetCommit requests. */
  TxnOffsetCommit: 28,
  /** DeleteGroups requests (not served by the mock: it closes the connection). */
  DeleteGroups: 42,
  /** OffsetDelete requests (not served by the mock: it closes the connection). */
  OffsetDelete: 47,
  /** ConsumerGroupHeartbeat requests (the KIP-848 `consumer` group protocol; the mock serves v1 only). */
  ConsumerGroupHeartbeat: 68,
} as const;

/** A request a mock cluster received, as recorded while {@link MockCluster.startRequestTracking} is in effect. */
export interface MockRequest {
  /** Which API (see {@link ApiKey}). */
  readonly apiKey: number;
  /** The broker that received it. */
  readonly brokerId: number;
  /**
   * When the broker read it, in microseconds on librdkafka's monotonic clock: compare timestamps with each other,
   * not with `Date.now()`. (On Linux it is `CLOCK_MONOTONIC`, the clock of `process.hrtime()`; on macOS, the
   * time of day.)
   */
  readonly timestampUs: number;
}

const MAX_BROKERS = 64;
const INT32_MAX = 2 ** 31 - 1;
/** The mock's group timers count microseconds in 32 bits: milliseconds beyond this would overflow. */
const MAX_GROUP_TIMER_MS = Math.floor(INT32_MAX / 1000);

/**
 * A mock Kafka cluster running inside this process (librdkafka's mock broker): real Kafka protocol on
 * loopback sockets, with fault injection. Any Kafka client can connect to {@link bootstrapServers}.
 *
 * Topics are created automatically with 4 partitions when first produced to, or explicitly with
 * {@link createTopic}. Brokers are numbered from 1.
 *
 * ## Limits of the mock, for consumers
 *
 * librdkafka's mock (2.12) is not Kafka; what it does differently decides what a consumer test can assert:
 *
 * - **Served**: Fetch, ListOffsets, OffsetFetch, OffsetCommit, Metadata, FindCoordinator, JoinGroup, SyncGroup,
 *   Heartbeat, LeaveGroup and ConsumerGroupHeartbeat (the KIP-848 protocol), besides the producer's APIs.
 * - **Not served**: ListGroups, DescribeGroups, DeleteGroups, OffsetDelete (nor CreateTopics). The mock does not
 *   list them in its ApiVersions answer and closes the connection of a client that sends one, so listing or
 *   describing groups fails: a consumer's `fetchGroupList` (rust-rdkafka's `fetch_group_list`, librdkafka's
 *   `rd_kafka_list_groups`).
 * - **ListOffsets ignores timestamps**: a lookup by time answers offset -1, so offsets for times cannot be tested
 *   on the mock; only the beginning and end of a partition are answered.
 * - **A classic group elects its leader only when a timer fires**, never as soon as the members are in: the first
 *   member of an empty group waits the initial rebalance delay (3000 ms unless
 *   {@link setGroupInitialRebalanceDelay} says otherwise), and a member joining or leaving a group that is up (or
 *   syncing) makes everyone wait `session.timeout.ms` minus 1 second (the mock keeps one per group: that of the
 *   latest JoinGroup before the change). Keep `session.timeout.ms` short in tests that rebalance.
 * - **OffsetCommit is refused with RebalanceInProgress** while the group is joining or syncing (and with
 *   IllegalGeneration for an older generation).
 * - **A partition keeps only about 5 MiB** (and at most 100,000 batches): older batches are dropped as new ones
 *   come, and the partition's start offset moves up.
 * - **Auto-created topics have 4 partitions** (and a replication factor of the broker count, at most 3). A Metadata
 *   request creates the topics it names when it allows it: producers do, consumers only with
 *   `allow.auto.create.topics=true`.
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

  /**
   * Makes the next requests of one API (see {@link ApiKey}) that one broker receives fail with these error codes,
   * each answered after its delay: `[code, rttMs]` pairs, in order, one per request. A code of 0 only delays the
   * answer (on top of {@link setBrokerRtt}); a transport failure code disconnects the client at once, whatever its
   * delay.
   *
   * A broker's own errors come before those of {@link pushRequestErrors}, and more than that: librdkafka's mock
   * keeps the broker's list for this API once made, empty or not, so from then on this broker ignores what
   * {@link pushRequestErrors} pushes for the API. {@link clearRequestErrors} does not clear these.
   */
  pushBrokerRequestErrors(brokerId: number, apiKey: number, errors: ReadonlyArray<readonly [code: number, rttMs: number]>): void {
    const broker = this.#brokerId(brokerId, false);
    const key = wholeNumber(apiKey, 'apiKey', 0, 32767);
    if (!Array.isArray(errors)) throw new TypeError(`errors must be an array of [code, rttMs] pairs, got ${describe(errors)}`);
    const codes: number[] = [];
    const rtts: number[] = [];
    errors.forEach((entry: unknown, i) => {
      if (!Array.isArray(entry) || entry.length !== 2) throw new TypeError(`errors[${i}] must be a [code, rttMs] pair, got ${describe(entry)}`);
      codes.push(wholeNumber(entry[0], `errors[${i}][0] (code)`, -(2 ** 31), INT32_MAX));
      rtts.push(wholeNumber(entry[1], `errors[${i}][1] (rttMs)`, 0, INT32_MAX));
    });
    this.#open().pushBrokerRequestErrors(broker, key, codes, rtts);
  }

  /**
   * Makes the cluster report an error for a topic, or none with 0: a broker error code (`RDKafkaErrorCode`, -1 and
   * up). The mock reports it in Metadata answers (as the topic's error; its partitions are still listed) and in
   * AddPartitionsToTxn answers, nowhere else. A topic that does not exist is created (as auto-creation would).
   */
  setTopicError(topic: string, code: number): void {
    const name = topicName(topic, 'topic');
    const error = wholeNumber(code, 'code', -1, 32767);
    this.#open().setTopicError(name, error);
  }

  /**
   * Makes a broker the coordinator of a consumer group (`'group'`, by `group.id`) or of a transactional producer
   * (`'transaction'`, by `transactional.id`). Without it the mock picks one by hashing the key. From then on
   * FindCoordinator answers this broker, and the other brokers refuse the group's (or transaction's) requests with
   * NotCoordinator, which sends clients to look again. The broker must exist.
   */
  setCoordinator(type: 'group' | 'transaction', key: string, brokerId: number): void {
    if (type !== 'group' && type !== 'transaction') throw new TypeError(`type must be 'group' or 'transaction', got ${describe(type)}`);
    const id = withoutNul(nonEmptyString(key, 'key'), 'key');
    const broker = this.#brokerId(brokerId, false);
    this.#open().setCoordinator(type, id, broker);
  }

  /**
   * Changes which versions of an API (see {@link ApiKey}) the brokers accept and advertise in their ApiVersions
   * answers; -1 for both turns the API off, and a client then fails the calls that need it (`UnsupportedFeature`).
   * Only within the versions the mock implements (a `RangeError` says which), so this narrows what clients
   * negotiate. Clients learn the versions when they connect: set them first. A connected client that sends a
   * version no longer accepted is disconnected, and that request fails.
   */
  setApiVersion(apiKey: number, minVersion: number, maxVersion: number): void {
    const key = wholeNumber(apiKey, 'apiKey', 0, 32767);
    const min = wholeNumber(minVersion, 'minVersion', -1, 32767);
    const max = wholeNumber(maxVersion, 'maxVersion', -1, 32767);
    this.#open().setApiVersion(key, min, max);
  }

  /**
   * Sets the broker's `group.initial.rebalance.delay.ms` (3000 ms by default in the mock): how long a classic
   * consumer group that was empty waits for more members before it elects a leader. 0 elects at once. Applies to
   * groups that become non-empty after it.
   */
  setGroupInitialRebalanceDelay(delayMs: number): void {
    this.#open().setGroupInitialRebalanceDelay(wholeNumber(delayMs, 'delayMs', 0, MAX_GROUP_TIMER_MS));
  }

  /**
   * Sets the broker's `group.consumer.session.timeout.ms` (30000 ms by default in the mock): how long a member of
   * a KIP-848 (`group.protocol=consumer`) group may go without a heartbeat before it is fenced. Groups take it up
   * at their members' next heartbeat.
   */
  setGroupConsumerSessionTimeout(timeoutMs: number): void {
    this.#open().setGroupConsumerSessionTimeout(wholeNumber(timeoutMs, 'timeoutMs', 1, MAX_GROUP_TIMER_MS));
  }

  /**
   * Sets the broker's `group.consumer.heartbeat.interval.ms` (3000 ms by default in the mock): the heartbeat
   * interval a KIP-848 (`group.protocol=consumer`) group tells its members in each heartbeat answer.
   */
  setGroupConsumerHeartbeatInterval(intervalMs: number): void {
    this.#open().setGroupConsumerHeartbeatInterval(wholeNumber(intervalMs, 'intervalMs', 1, MAX_GROUP_TIMER_MS));
  }

  /**
   * Starts recording the requests the brokers receive (see {@link requests}), afresh: what an earlier tracking
   * recorded is forgotten. Only requests the mock serves, in a version it accepts, are recorded.
   */
  startRequestTracking(): void {
    this.#open().startRequestTracking();
  }

  /** Stops recording requests; returns those recorded, in the order they came (librdkafka discards them on stopping). */
  stopRequestTracking(): MockRequest[] {
    return toRequests(this.#open().stopRequestTracking());
  }

  /** The requests recorded since {@link startRequestTracking} (or {@link clearRequests}), in the order they came. */
  requests(): MockRequest[] {
    return toRequests(this.#open().requests());
  }

  /** Forgets the requests recorded so far; recording goes on if it was on. */
  clearRequests(): void {
    this.#open().clearRequests();
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

function toRequests(flat: Float64Array): MockRequest[] {
  const requests: MockRequest[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) requests.push({ apiKey: flat[i], brokerId: flat[i + 1], timestampUs: flat[i + 2] });
  return requests;
}
