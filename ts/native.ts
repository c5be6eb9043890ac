// The native surface, declared in one place, and the loader that finds the binary.
import * as fs from 'fs';
import * as path from 'path';

/** @internal Metadata as the addon returns it. */
export interface NativeMetadata {
  origBrokerId: number;
  origBrokerName: string;
  brokers: Array<{ id: number; host: string; port: number }>;
  topics: Array<{
    name: string;
    error: number;
    partitions: Array<{ id: number; leader: number; replicas: number[]; isr: number[]; error: number }>;
  }>;
}

/** @internal A message that failed, copied back whole. */
export interface NativeFailure {
  index: number;
  topic: string;
  key: Buffer | null;
  payload: Buffer | null;
  headers: Array<{ key: string; value: Buffer | null }>;
}

/**
 * @internal What a client event in a batch is: a log line, a global error, a statistics document, or the fatal
 * error that made the client unusable. C++: ClientEventKind in src/client/client_events.h.
 */
export const enum ClientEventKind {
  Log = 0,
  Error = 1,
  Stats = 2,
  FatalError = 3,
}

/** @internal [delivery index it comes before, kind, level (Log) or error code, text, text] */
export type NativeClientEvent = [number, ClientEventKind, number, string, string];

/** @internal The `timestampTypes` of delivery reports: librdkafka's rd_kafka_timestamp_type_t, passed through. */
export const enum TimestampType {
  NotAvailable = 0,
  CreateTime = 1,
  LogAppendTime = 2,
}

/** @internal One poll's worth of events, as a struct of arrays (src/producer/delivery_batch.h). */
export interface NativeReports {
  events: number;
  ids: Uint32Array;
  topics: Uint32Array;
  partitions: Int32Array;
  offsets: Float64Array;
  timestamps: Float64Array;
  timestampTypes: Uint8Array;
  errors: Int32Array;
  failures: NativeFailure[];
  clientEvents: NativeClientEvent[];
}

/** @internal What every client kind's native object offers; producers and consumers add their own. */
export interface NativeClient {
  name(): string;
  fetchMetadata(topic: string | null, timeoutMs: number): Promise<NativeMetadata>;
  fetchWatermarks(topic: string, partition: number, timeoutMs: number): Promise<{ low: number; high: number }>;
  fatalError(): [number, string] | null;
  testFatalError(code: number, reason: string): number;
  setLogLevel(level: number): void;
  /** The effective value of a property, or null for an unknown name. */
  configValue(key: string): string | null;
  /** Stops and joins the client's poll thread, dispatching what it gathered; a no-op without one. */
  stopPollThread(): void;
  /** Destroys the librdkafka handle on a native thread (destroying can block for a while). */
  destroy(): Promise<void>;
  /** Lets go of the handle now, on this thread; calls after it say Closed. */
  close(): void;
}

/** @internal */
export interface NativeProducer extends NativeClient {
  onReports?: (reports: NativeReports) => void;
  registerTopic(topic: string): number;
  /** `shape`: which of the last four are present (SendShape bits); absent ones may be anything. */
  send(
    topicId: number,
    partition: number,
    opaqueId: number,
    shape: number,
    payload: Buffer | Uint8Array | string | null | undefined,
    key: Buffer | Uint8Array | string | null | undefined,
    headers: Array<string | Buffer | Uint8Array | null> | undefined,
    timestamp: number | undefined,
  ): number;
  /**
   * Queues the `count` records staged in `staged` (SendStaging), in order, stopping at the first refused; returns how
   * many were queued. `values`: each record's payload, key and headers in turn, those its shape says are present.
   */
  sendMany(staged: ArrayBuffer, count: number, ...values: unknown[]): number;
  poll(timeoutMs: number): NativeReports | null;
  /** BaseProducer only: an Int32 that librdkafka sets to 1 when a report arrives and poll clears. */
  readonly reportsWaiting?: ArrayBuffer;
  flushNow(): number;
  flush(timeoutMs: number): Promise<number>;
  /** `flags`: PurgeFlag bits. */
  purge(flags: number): number;
  /** librdkafka's count of messages and events, plus reports gathered by the poll thread and not yet dispatched. */
  outqLen(): number;
  /** Threaded kinds: dispatches what the poll thread has gathered, now (onReports); BaseProducer: nothing. */
  dispatchGathered(): void;
  setActive(active: boolean): void;
  initTransactions(timeoutMs: number): Promise<NativeTxnError>;
  beginTransaction(): NativeTxnError;
  /** `group`: a group id, or a consumer's [groupId, generationId, memberId, groupInstanceId]. */
  sendOffsetsToTransaction(
    offsets: Array<[string, number, number]>,
    group: string | [string, number, string, string | null],
    timeoutMs: number,
  ): Promise<NativeTxnError>;
  commitTransaction(timeoutMs: number): Promise<NativeTxnError>;
  abortTransaction(timeoutMs: number): Promise<NativeTxnError>;
}

/** @internal A topic-partition list entry as the addon takes it: [topic, partition, raw offset, metadata]. */
export type NativePartitionIn = [string, number, number, string | null];
/** @internal ... and as it returns it: [topic, partition, raw offset, metadata, error code]. */
export type NativePartition = [string, number, number, string | null, number];

/**
 * @internal What a consumer-queue event other than a message is. C++: ConsumerEventKind in
 * src/consumer/consume_batch.h.
 */
export const enum ConsumerEventKind {
  Assign = 0,
  Revoke = 1,
  RebalanceError = 2,
  ConsumerError = 3,
}

/** @internal [message index it comes before, kind, code, reason, topic, partition, offset, partitions, fatal] */
export type NativeConsumerEvent = [number, ConsumerEventKind, number, string, string | null, number, number, NativePartition[] | null, boolean];

/** @internal One pull of a consumer's queues, as a struct of arrays (src/consumer/consume_batch.h). */
export interface NativeConsumeBatch {
  /** The queue it was pulled from: 0 the consumer queue, else a split partition queue's id. */
  queue: number;
  epoch: number;
  topicNames: string[];
  topics: Uint32Array;
  partitions: Int32Array;
  offsets: Float64Array;
  timestamps: Float64Array;
  timestampTypes: Uint8Array;
  slab: Buffer;
  /** -1: null. */
  keyStarts: Int32Array;
  keyLengths: Int32Array;
  payloadStarts: Int32Array;
  payloadLengths: Int32Array;
  /** Null when no message of the batch has headers. */
  headerCounts: Uint32Array | null;
  headerKeys?: string[];
  headerStarts?: Int32Array;
  headerLengths?: Int32Array;
  controls: NativeConsumerEvent[];
  /** [opaque (0: an automatic commit), code, partitions] */
  commits: Array<[number, number, NativePartition[]]>;
  clientEvents: NativeClientEvent[];
}

/** @internal A group as fetchGroupList returns it. */
export interface NativeGroupInfo {
  name: string;
  state: string;
  protocol: string;
  protocolType: string;
  error: number;
  broker: { id: number; host: string; port: number };
  members: Array<{ id: string; clientId: string; clientHost: string }>;
}

/** @internal [code, librdkafka's message] or null. */
export type NativeError = [number, string] | null;

/** @internal */
export interface NativeConsumer extends NativeClient {
  onBatch?: (batch: NativeConsumeBatch) => void;
  /**
   * BaseConsumer: the main queue's events, then up to `maxMessages` (0: none) of the consumer queue, waiting up to the
   * timeout for the first; null when there was nothing. discardMessages: messages are destroyed unread, for a consumer
   * leaving. More than one batch only when a slab filled up.
   */
  poll(timeoutMs: number, discardMessages: boolean, maxMessages: number): NativeConsumeBatch[] | null;
  /** BaseConsumer: an Int32 that librdkafka sets to 1 when the main queue gets events and poll clears. */
  readonly mainWaiting?: ArrayBuffer;
  want(waiting: boolean, queue?: number): void;
  wakeCount(): number;
  /** StreamConsumer: the event loop has had its turn since the last batches; the thread may wake JavaScript again. */
  rearm(): void;
  /** 0 when there is nothing to split (no group). */
  splitPartitionQueue(topic: string, partition: number): number;
  closePartitionQueue(queue: number): void;
  pollQueue(queue: number, timeoutMs: number, maxMessages: number): NativeConsumeBatch[] | null;
  holdExtraction(): number;
  releaseExtraction(): void;
  /** The batches gathered and not dispatched yet. */
  takeBatches(): NativeConsumeBatch[];
  setActive(active: boolean): void;
  subscribe(topics: string[]): number;
  unsubscribe(): number;
  assign(partitions: NativePartitionIn[] | null): number;
  incrementalAssign(partitions: NativePartitionIn[]): NativeError;
  incrementalUnassign(partitions: NativePartitionIn[]): NativeError;
  subscription(): [number, NativePartition[]];
  assignment(): [number, NativePartition[]];
  assignmentLost(): boolean;
  rebalanceProtocol(): string;
  groupMetadata(): [string, number, string, string | null] | null;
  position(partitions: NativePartitionIn[]): [number, NativePartition[]];
  pause(partitions: NativePartitionIn[]): [number, NativePartition[]];
  resume(partitions: NativePartitionIn[]): [number, NativePartition[]];
  storeOffsets(offsets: NativePartitionIn[]): [number, NativePartition[]];
  commit(offsets: NativePartitionIn[] | null, opaque: number): number;
  commitSync(offsets: NativePartitionIn[] | null): Promise<[number, NativePartition[], string]>;
  committed(partitions: NativePartitionIn[], timeoutMs: number): Promise<[number, NativePartition[], string]>;
  offsetsForTimes(partitions: NativePartitionIn[], timeoutMs: number): Promise<[number, NativePartition[], string]>;
  seek(partitions: NativePartitionIn[], timeoutMs: number): Promise<[number, NativePartition[], string]>;
  seekNow(partitions: NativePartitionIn[]): [number, NativePartition[], string];
  fetchGroupList(group: string | null, timeoutMs: number): Promise<[number, NativeGroupInfo[]]>;
  closeConsumer(): NativeError;
  consumerClosed(): boolean;
}

/** @internal The bits of send()'s `shape` argument (SendShape in src/producer/message_fields.h). */
export const enum SendShape {
  Payload = 1,
  Key = 2,
  Headers = 4,
  Timestamp = 8,
  /** The payload (key) is a string: the addon reads it as one without asking what it is. */
  PayloadString = 16,
  KeyString = 32,
}

/** @internal The bits of purge()'s `flags` argument: librdkafka's RD_KAFKA_PURGE_F_* (passed through by src/producer/producer.cc). */
export const enum PurgeFlag {
  Queue = 1,
  Inflight = 2,
  NonBlocking = 4,
}

/** @internal A transactional call's failure: [code, message, fatal, retriable, requiresAbort], or null. */
export type NativeTxnError = [number, string, boolean, boolean, boolean] | null;

/** @internal */
export interface NativeMockCluster {
  bootstrapServers(): string;
  createTopic(topic: string, partitions: number, replicationFactor: number): void;
  setBrokerDown(brokerId: number): void;
  setBrokerUp(brokerId: number): void;
  setBrokerRtt(brokerId: number, rttMs: number): void;
  setPartitionLeader(topic: string, partition: number, brokerId: number): void;
  pushRequestErrors(apiKey: number, codes: number[]): void;
  clearRequestErrors(apiKey: number): void;
  /** `codes[i]` answered after `rttsMs[i]`; both arrays as long as each other. */
  pushBrokerRequestErrors(brokerId: number, apiKey: number, codes: number[], rttsMs: number[]): void;
  setTopicError(topic: string, code: number): void;
  setCoordinator(type: 'group' | 'transaction', key: string, brokerId: number): void;
  /** -1 and -1 turn the API off; otherwise within the versions the mock implements (src/mock_cluster.cc). */
  setApiVersion(apiKey: number, minVersion: number, maxVersion: number): void;
  setGroupInitialRebalanceDelay(delayMs: number): void;
  setGroupConsumerSessionTimeout(timeoutMs: number): void;
  setGroupConsumerHeartbeatInterval(intervalMs: number): void;
  startRequestTracking(): void;
  /** The requests recorded until now (as requests()): stopping discards them. */
  stopRequestTracking(): Float64Array;
  /** [apiKey, brokerId, timestampUs] for each request recorded, one after the other. */
  requests(): Float64Array;
  clearRequests(): void;
  close(): void;
}

/** @internal */
export interface NativeBinding {
  librdkafkaVersion: string;
  librdkafkaVersionNumber: number;
  features: string[];
  /** The addon's side of the constants above (src/vocabulary.cc), for test/client/vocabulary.test.ts. */
  vocabulary: {
    clientEventKinds: Record<string, number>;
    timestampTypes: Record<string, number>;
    sendShape: Record<string, number>;
    purgeFlags: Record<string, number>;
    consumerEventKinds: Record<string, number>;
    errorKinds: string[];
  };
  setErrorFactory(factory: (kind: string, code: number, detail: string) => Error): void;
  errorName(code: number): string;
  errorDescription(code: number): string;
  errorCodes(): Array<[number, string]>;
  Producer: new (entries: Array<[string, string]>, withPollThread: boolean) => NativeProducer;
  Consumer: new (entries: Array<[string, string]>, withPollThread: boolean, maxBatchSize: number) => NativeConsumer;
  MockCluster: new (brokers: number) => NativeMockCluster;
}

const packageRoot = path.join(__dirname, '..');
const addonFile = 'rdkafka_napi.node';

function isMusl(): boolean {
  if (process.platform !== 'linux') return false;
  // Node reports the glibc it runs on, and nothing on musl (what sharp and detect-libc go by too).
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  if (report?.header) return !report.header.glibcVersionRuntime;
  // A runtime without process.report (Bun): musl's loader is the one that runs this process.
  try {
    return /\/ld-musl-|-linux-musl\/libc\.so/.test(fs.readFileSync('/proc/self/maps', 'utf8'));
  } catch {
    return false;
  }
}

function platformTag(): string {
  // glibc and musl binaries are not interchangeable.
  return `${process.platform}-${process.arch}${isMusl() ? '-musl' : ''}`;
}

/** The platforms this copy of the package has prebuilt binaries for. */
function shippedTags(): string[] {
  try {
    return fs.readdirSync(path.join(packageRoot, 'binding')).filter((tag) => fs.existsSync(path.join(packageRoot, 'binding', tag, addonFile)));
  } catch {
    return [];
  }
}

// An explicit choice (the AddressSanitizer build, a binary built elsewhere) is loaded or refused,
// never passed over: falling back to another binary would hide the mistake, and a test run meant for
// the ASan build would quietly test the release build.
function loadChosen(value: string): NativeBinding {
  // A relative path means what it means in the shell that set it, not relative to this file.
  const file = path.resolve(value);
  const named = file === value ? `RDKAFKA_NAPI_BINARY=${value}` : `RDKAFKA_NAPI_BINARY=${value} (${file})`;
  if (!fs.existsSync(file)) {
    throw new Error(`rdkafka-napi: ${named} does not exist. Point it at a built rdkafka_napi.node, or unset it.`);
  }
  try {
    return require(file) as NativeBinding;
  } catch (error) {
    throw new Error(`rdkafka-napi: ${named} cannot be loaded: ${(error as Error).message}`);
  }
}

function load(): NativeBinding {
  const chosen = process.env.RDKAFKA_NAPI_BINARY;
  if (chosen) return loadChosen(chosen);
  const tag = platformTag();
  const otherLibc = tag.endsWith('-musl') ? tag.slice(0, -'-musl'.length) : `${tag}-musl`;
  const candidates = [
    // A build from source: a development checkout, or npm install where no prebuilt fitted (the
    // install then removed the prebuilt it could not use).
    path.join(packageRoot, 'build', 'Release', addonFile),
    // The prebuilt binary shipped in the package for this platform.
    path.join(packageRoot, 'binding', tag, addonFile),
    // The other libc's, should this runtime have been mistaken for glibc or musl: it fails to load if wrong.
    ...(process.platform === 'linux' ? [path.join(packageRoot, 'binding', otherLibc, addonFile)] : []),
  ];

  const failures: string[] = [];
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    try {
      return require(file) as NativeBinding;
    } catch (error) {
      failures.push(`${file}: ${(error as Error).message}`);
    }
  }
  const tried = failures.length > 0 ? failures.join('\n  ') : candidates.map((file) => `${file} (missing)`).join('\n  ');
  const shipped = shippedTags();
  throw new Error(
    `rdkafka-napi: no usable native binary for ${tag} (Node-API 8, Node ${process.version}).\n  ${tried}\n` +
      `This copy of the package has prebuilt binaries for ${shipped.length > 0 ? shipped.join(', ') : 'no platform'}` +
      ` (linux needs glibc >= 2.17 or musl). Elsewhere, build it from source:\n` +
      '  npm run build:from-source --prefix node_modules/rdkafka-napi\n' +
      'which needs cmake, a C++17 compiler, and the static libraries of OpenSSL and zlib ' +
      '(Debian/Ubuntu: apt-get install cmake g++ libssl-dev zlib1g-dev).',
  );
}

/** @internal */
export const binding: NativeBinding = load();
