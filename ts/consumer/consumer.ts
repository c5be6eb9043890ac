// The method set both consumer kinds share (rust-rdkafka's Consumer trait), written once. Local calls are
// synchronous; broker round trips return Promises and run on native threads. What read-ahead changes (a
// StreamConsumer hands out messages it pulled earlier) is behind the protected hooks at the end.
import { AsyncLocalStorage } from 'async_hooks';
import type { Client, Metadata, Watermarks } from '../client/client';
import { ClientHandle } from '../client/client-handle';
import { contextObject, reportUncaught } from '../client/context';
import { type ClientConfig, type ConfigEntries, toClientConfig } from '../config';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError, type KafkaErrorKind, errorCodeName, withCallerStack } from '../errors';
import { ConsumerEventKind, binding, type NativeConsumeBatch, type NativeConsumer, type NativeConsumerEvent, type NativePartitionIn } from '../native';
import { ConsumerGroupMetadata } from '../producer/transactions';
import { toTimeoutMs } from '../timeout';
import { describe, objectArg, offsetNumber, partitionNumber, topicName, wholeNumber } from '../validate';
import { type ConsumerCallbacks, type ConsumerContext, type Rebalance, readConsumerCallbacks } from './context';
import { HandedOutOffsets } from './handed-out-offsets';
import type { ConsumedMessage, Message } from './message';
import { type Offset, groupLessStart, rawOffset } from './offset';
import { type TopicPartition, fromNativeList, partitionKey, toNativeList } from './topic-partition';
import '../dispose';

/** How a commit's promise settles: `Sync` with the broker's answer, `Async` once the commit is queued. */
export const CommitMode = {
  /** Settles with the broker's answer. */
  Sync: 'sync',
  /** Resolves once the commit is queued; its outcome reaches `context.commitCallback`. */
  Async: 'async',
} as const;
/** `CommitMode.Sync` or `CommitMode.Async`. */
export type CommitMode = (typeof CommitMode)[keyof typeof CommitMode];

/** The rebalance protocol in use: none yet (no group joined), EAGER (everything revoked, then reassigned), or COOPERATIVE. */
export type RebalanceProtocol = 'NONE' | 'EAGER' | 'COOPERATIVE';

/** A consumer group, as `fetchGroupList` reports it. */
export interface GroupInfo {
  /** The group id. */
  name: string;
  /** Its state: `Stable`, `PreparingRebalance`, `Empty`, `Dead`, ... */
  state: string;
  /** The assignor in use, e.g. `range`. */
  protocol: string;
  /** `consumer` for consumer groups. */
  protocolType: string;
  /** The broker's error for this group, or null. */
  error: KafkaError | null;
  /** Its coordinator. */
  broker: {
    /** The broker's id. */
    id: number;
    /** Its host. */
    host: string;
    /** Its port. */
    port: number;
  };
  /** Its members. */
  members: Array<{
    /** The member id the coordinator gave it. */
    id: string;
    /** Its `client.id`. */
    clientId: string;
    /** Where it connects from. */
    clientHost: string;
  }>;
}

/** Options of `close()`. */
export interface CloseOptions {
  /** How long leaving the group may take (default 30 s); past it the consumer is destroyed without leaving. */
  timeoutMs?: number;
}

/** @internal How a consumer kind is made. */
export interface ConsumerOptions {
  config: ClientConfig | ConfigEntries | undefined;
  context: ConsumerContext | undefined;
  /** A native thread serves the queues (StreamConsumer); without one, poll() does (BaseConsumer). */
  stream: boolean;
  maxBatchSize: number;
}

const DEFAULT_CLOSE_MS = 30_000;

/** Set while a rebalance hook runs: a recv() from inside one must fail at once instead of waiting for itself. */
const inRebalanceHook = new AsyncLocalStorage<boolean>();
/** Hooks running now (a hook that returned a Promise: until it settles). Most calls ask while none runs: no lookup then. */
let hooksRunning = 0;

/** @internal Whether the caller runs inside a rebalance hook that has not finished (or code it started meanwhile). */
export function insideRebalanceHook(): boolean {
  return hooksRunning > 0 && inRebalanceHook.getStore() === true;
}

function falseSetting(value: string | undefined): boolean {
  return value !== undefined && /^(false|0)$/i.test(value.trim());
}

function check(kind: KafkaErrorKind, code: number, detail?: string): void {
  if (code !== 0) throw new KafkaError(kind, code, detail ? { detail } : {});
}

/** The methods BaseConsumer and StreamConsumer share (rust-rdkafka's `Consumer` trait). */
export abstract class Consumer {
  /** @internal */
  protected readonly handle: ClientHandle<NativeConsumer>;
  /** @internal */
  protected readonly native: NativeConsumer;
  /** @internal The user's `enable.auto.offset.store` (the consumer stores offsets itself, A8). */
  protected readonly autoStore: boolean;
  /** With `enable.auto.offset.store`: what was handed out and not stored yet. */
  readonly #handedOut: HandedOutOffsets | undefined;
  #storeScheduled = false;
  readonly #context: ConsumerContext | undefined;
  readonly #callbacks: ConsumerCallbacks;
  readonly #hasGroup: boolean;
  /** `auto.offset.reset`: where a consumer without a group starts a partition assigned without an offset. */
  readonly #autoOffsetReset: string | undefined;
  /** assign-type calls so far: the safety net checks an overriding `rebalance` made one. */
  #assignCalls = 0;
  #nextCommitId = 1;
  #closing: Promise<void> | undefined;

  /** @internal */
  protected constructor(options: ConsumerOptions) {
    const context = contextObject(options.context);
    this.#callbacks = readConsumerCallbacks(context);
    this.#context = context as ConsumerContext | undefined;
    const config = toClientConfig(options.config);
    this.autoStore = !falseSetting(config.get('enable.auto.offset.store'));
    this.#hasGroup = (config.get('group.id') ?? '') !== '';
    this.#autoOffsetReset = config.get('auto.offset.reset');
    this.handle = new ClientHandle({
      config,
      context,
      native: binding.Consumer,
      pollThread: options.stream,
      noun: 'consumer',
      nativeArgs: [options.maxBatchSize],
      // Both kinds read ahead: they store the offsets of the messages they hand out, not of those they read.
      overrides: [['enable.auto.offset.store', 'false']],
    });
    this.native = this.handle.native;
    this.#handedOut = this.autoStore ? new HandedOutOffsets() : undefined;
  }

  /** The client behind this consumer: name, metadata, watermarks, fatal error (also after one). */
  get client(): Client {
    if (this.handle.closed || (this.#closing !== undefined && !insideRebalanceHook())) throw this.handle.closedError();
    return this.handle.client;
  }

  /** The context this consumer was made with, if any. */
  get context(): ConsumerContext | undefined {
    return this.#context;
  }

  // ---- Subscriptions and assignments --------------------------------------------------------------------

  /** Subscribes to topics (names, or `^regex` patterns), replacing the subscription; the group assigns partitions. */
  subscribe(topics: readonly string[]): void {
    this.assertOpen();
    if (!Array.isArray(topics)) throw new TypeError(`topics must be an array of topic names, got ${describe(topics)}`);
    const names = topics.map((topic: unknown, i) => topicName(topic, `topics[${i}]`));
    check('Subscription', this.native.subscribe(names));
  }

  /** Leaves the subscription; the revoke that follows comes through the consumer (and its hooks). */
  unsubscribe(): void {
    this.assertOpen();
    check('Subscription', this.native.unsubscribe());
  }

  /**
   * Consumes exactly these partitions, from their offsets (omitted: the committed offset), without group management.
   * Without `group.id` there is no committed offset: an omitted (or `Offset.Stored`) offset follows `auto.offset.reset`.
   */
  assign(partitions: readonly TopicPartition[]): void {
    this.assertOpen();
    let list = toNativeList(partitions, 'partitions');
    if (!this.#hasGroup) list = list.map(([topic, partition, offset, metadata]) => [topic, partition, groupLessStart(offset, this.#autoOffsetReset), metadata]);
    this.#changeAssignment(() => check('Subscription', this.native.assign(list)), 'all');
  }

  /** Stops consuming every assigned partition. */
  unassign(): void {
    this.assertOpen();
    this.#changeAssignment(() => check('Subscription', this.native.assign(null)), 'all');
  }

  /** Adds partitions to the assignment (COOPERATIVE rebalancing, or manual use). */
  incrementalAssign(partitions: readonly TopicPartition[]): void {
    this.assertOpen();
    const list = toNativeList(partitions, 'partitions');
    this.#changeAssignment(() => this.#checkError('Subscription', this.native.incrementalAssign(list)), new Set());
  }

  /** Removes partitions from the assignment; a partition not assigned is a `Subscription` error (InvalidArgument). */
  incrementalUnassign(partitions: readonly TopicPartition[]): void {
    this.assertOpen();
    const list = toNativeList(partitions, 'partitions');
    this.#changeAssignment(() => this.#checkError('Subscription', this.native.incrementalUnassign(list)), new Set(list.map(([t, p]) => partitionKey(t, p))));
  }

  /** The subscribed topics, each with partition -1. */
  subscription(): TopicPartition[] {
    this.assertOpen();
    const [code, list] = this.native.subscription();
    check('MetadataFetch', code);
    return fromNativeList(list, 'MetadataFetch');
  }

  /** The assigned partitions; after a subscribe-assign their offsets read `Offset.Stored`. */
  assignment(): TopicPartition[] {
    this.assertOpen();
    const [code, list] = this.native.assignment();
    check('MetadataFetch', code);
    return fromNativeList(list, 'MetadataFetch');
  }

  /** Whether the assignment was lost (session timeout, `max.poll.interval.ms` exceeded) rather than handed over, until the next assign. */
  assignmentLost(): boolean {
    this.assertOpen();
    return this.native.assignmentLost();
  }

  /** The rebalance protocol in use (the group's assignor decides): NONE before joining, EAGER or COOPERATIVE. */
  rebalanceProtocol(): RebalanceProtocol {
    this.assertOpen();
    return this.native.rebalanceProtocol() as RebalanceProtocol;
  }

  /**
   * The group, generation and member id of this consumer, for a producer's `sendOffsetsToTransaction` (exactly-once
   * consume-transform-produce); null without `group.id`.
   */
  groupMetadata(): ConsumerGroupMetadata | null {
    this.assertOpen();
    const metadata = this.native.groupMetadata();
    if (metadata === null) return null;
    const [groupId, generationId, memberId, groupInstanceId] = metadata;
    return new ConsumerGroupMetadata(groupId, { generationId, memberId, groupInstanceId });
  }

  // ---- Positions and offsets ----------------------------------------------------------------------------

  /**
   * Makes the next message of a partition the one at `offset`. Messages of the partition read ahead are dropped
   * now. `timeoutMs` 0 (default): resolves once the seek is under way; more: waits for librdkafka's answer.
   */
  seek(topic: string, partition: number, offset: Offset, timeoutMs = 0): Promise<void> {
    return withCallerStack(async () => {
      this.assertOpen();
      const name = topicName(topic, 'topic');
      const index = partitionNumber(partition, 'partition');
      const raw = rawOffset(offset, 'offset');
      const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
      if (raw === undefined) throw new KafkaError('Seek', RDKafkaErrorCode.InvalidArgument, { detail: 'Local: Unrepresentable offset' });
      const [[, , , , code]] = await this.#seek([[name, index, raw, null]], timeout);
      check('Seek', code);
    });
  }

  /** Seeks several partitions; the whole call fails with `Seek`, each element's failure is in its `error`. */
  seekPartitions(partitions: readonly TopicPartition[], timeoutMs = 0): Promise<TopicPartition[]> {
    return withCallerStack(async () => {
      this.assertOpen();
      const list = toNativeList(partitions, 'partitions', { offsets: 'required' });
      return fromNativeList(await this.#seek(list, toTimeoutMs(timeoutMs, 'timeoutMs')), 'Seek');
    });
  }

  /**
   * Commits offsets (each the next message to consume: the last processed + 1). `CommitMode.Sync` settles with the
   * broker's answer (rejects `ConsumerCommit`); `CommitMode.Async` once the commit is queued. Either way the result
   * reaches `context.commitCallback`.
   */
  commit(offsets: readonly TopicPartition[], mode: CommitMode): Promise<void> {
    return withCallerStack(async () => {
      this.assertOpen();
      const list = toNativeList(offsets, 'offsets', { offsets: 'required' });
      await this.#commit(list, mode);
    });
  }

  /** Commits a message's offset + 1: the next one to consume. Any `{ topic, partition, offset }` will do. */
  commitMessage(message: Pick<Message, 'topic' | 'partition' | 'offset'>, mode: CommitMode): Promise<void> {
    return withCallerStack(async () => {
      this.assertOpen();
      await this.#commit([this.#nextOffsetOf(message, 'message')], mode);
    });
  }

  /**
   * Commits the stored offsets of the assignment: with `enable.auto.offset.store` (default), those of every message
   * handed out. Rejects `ConsumerCommit(NoOffset)` when there is nothing new to commit: shutdown code should take
   * that as success.
   */
  commitConsumerState(mode: CommitMode): Promise<void> {
    return withCallerStack(async () => {
      this.assertOpen();
      await this.#commit(null, mode);
    });
  }

  /** Stores `offset + 1` of a partition for the next commit (librdkafka's asymmetry, kept from rust-rdkafka). */
  storeOffset(topic: string, partition: number, offset: number): void {
    this.assertOpen();
    const name = topicName(topic, 'topic');
    const index = partitionNumber(partition, 'partition');
    if (!Number.isInteger(offset) || offset < -1) throw new TypeError(`offset must be a whole number >= -1, got ${describe(offset)}`);
    this.#store([[name, index, offset + 1, null]]);
  }

  /** Stores a message's offset + 1 for the next commit: the at-least-once recipe with `enable.auto.offset.store=false`. */
  storeOffsetFromMessage(message: Pick<Message, 'topic' | 'partition' | 'offset'>): void {
    this.assertOpen();
    this.#store([this.#nextOffsetOf(message, 'message')]);
  }

  /** Stores offsets as given (each the next message to consume). Refused (`StoreOffset(InvalidArgument)`) while `enable.auto.offset.store` is on. */
  storeOffsets(offsets: readonly TopicPartition[]): void {
    this.assertOpen();
    this.#store(toNativeList(offsets, 'offsets', { offsets: 'required' }));
  }

  /** The committed offsets of the assigned partitions (`Offset.Invalid` where none). */
  committed(timeoutMs: number): Promise<TopicPartition[]> {
    return withCallerStack(async () => {
      this.assertOpen();
      const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
      return this.#committed(this.#assignmentList(), timeout);
    });
  }

  /** The committed offsets (and metadata) of the given partitions. */
  committedOffsets(partitions: readonly TopicPartition[], timeoutMs: number): Promise<TopicPartition[]> {
    return withCallerStack(async () => {
      this.assertOpen();
      const list = toNativeList(partitions, 'partitions');
      return this.#committed(list, toTimeoutMs(timeoutMs, 'timeoutMs'));
    });
  }

  /** For each assigned partition, the offset of the first message at or after `timestampMs` (`Offset.End` if none). */
  offsetsForTimestamp(timestampMs: number, timeoutMs: number): Promise<TopicPartition[]> {
    return withCallerStack(async () => {
      this.assertOpen();
      wholeNumber(timestampMs, 'timestampMs', 0, Number.MAX_SAFE_INTEGER);
      const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
      const list = this.#assignmentList().map(([topic, partition]): NativePartitionIn => [topic, partition, timestampMs, null]);
      return this.#offsetsForTimes(list, timeout);
    });
  }

  /** The offsets of the first messages at or after each partition's `offset`, read as a timestamp in ms. */
  offsetsForTimes(timestamps: readonly TopicPartition[], timeoutMs: number): Promise<TopicPartition[]> {
    return withCallerStack(async () => {
      this.assertOpen();
      const list = toNativeList(timestamps, 'timestamps', { offsets: 'required', raw: true });
      return this.#offsetsForTimes(list, toTimeoutMs(timeoutMs, 'timeoutMs'));
    });
  }

  /** For each assigned partition, the offset of the next message this consumer will hand out (`Offset.Invalid` before any). */
  position(): TopicPartition[] {
    this.assertOpen();
    const assigned = this.#assignmentList();
    // librdkafka's position counts what was read ahead: the first message read ahead of a partition, when there is
    // one, is where the application is (everything read so far is buffered first, nothing dropped).
    return this.withExtractionHeld(new Set(), () => {
      const [code, list] = this.native.position(assigned);
      check('MetadataFetch', code);
      for (const entry of list) {
        const buffered = this.firstBufferedOffset(entry[0], entry[1]);
        if (buffered !== undefined) entry[2] = buffered;
      }
      return fromNativeList(list, 'MetadataFetch');
    });
  }

  /** Stops fetching these partitions; after `resume`, the next message is the first one not handed out. */
  pause(partitions: readonly TopicPartition[]): void {
    this.assertOpen();
    const list = toNativeList(partitions, 'partitions');
    this.pausePartitions(list);
  }

  /** Fetches these partitions again. */
  resume(partitions: readonly TopicPartition[]): void {
    this.assertOpen();
    const list = toNativeList(partitions, 'partitions');
    const [code, result] = this.native.resume(list);
    check('PauseResume', code);
    this.#firstPartitionError('PauseResume', result);
  }

  // ---- Cluster ------------------------------------------------------------------------------------------

  /** Metadata of one topic, or of every topic. */
  fetchMetadata(topic: string | null = null, timeoutMs = 30_000): Promise<Metadata> {
    // Rejects, as every other call returning a Promise does (Closed included), rather than throwing.
    return withCallerStack(async () => {
      this.assertOpen();
      return this.handle.client.fetchMetadata(topic, timeoutMs);
    });
  }

  /** The low and high watermarks of a partition. */
  fetchWatermarks(topic: string, partition: number, timeoutMs = 30_000): Promise<Watermarks> {
    return withCallerStack(async () => {
      this.assertOpen();
      return this.handle.client.fetchWatermarks(topic, partition, timeoutMs);
    });
  }

  /** The consumer groups of the cluster, or one of them; rejects `GroupListFetch`. */
  fetchGroupList(group: string | null = null, timeoutMs = 30_000): Promise<GroupInfo[]> {
    return withCallerStack(async () => {
      this.assertOpen();
      const name = group === null ? null : topicName(group, 'group');
      const [code, groups] = await this.native.fetchGroupList(name, toTimeoutMs(timeoutMs, 'timeoutMs'));
      check('GroupListFetch', code);
      return groups.map((g) => ({ ...g, error: g.error === 0 ? null : new KafkaError('GroupListFetch', g.error) }));
    });
  }

  // ---- Closing ------------------------------------------------------------------------------------------

  /**
   * rust-rdkafka's Drop, bounded: iterators end, pending `recv()` calls reject `Closed`, offsets of handed-out
   * messages are stored, the final revoke runs the hooks, auto commit commits, the group is left. Past
   * `timeoutMs` (default 30 s) the consumer is destroyed without leaving and this rejects
   * `ConsumerQueueClose(OperationTimedOut)`. Idempotent; every other call after it throws `Closed`.
   */
  close(options: CloseOptions = {}): Promise<void> {
    if (this.#closing) return this.#closing;
    objectArg(options, 'close options');
    const timeoutMs = options.timeoutMs === undefined ? DEFAULT_CLOSE_MS : options.timeoutMs;
    const timeout = toTimeoutMs(timeoutMs, 'timeoutMs');
    this.#closing = withCallerStack(() => this.#close(timeout < 0 ? Infinity : timeout));
    return this.#closing;
  }

  async #close(timeoutMs: number): Promise<void> {
    if (!(await this.leaveGroup(timeoutMs))) {
      // Bounded: destroying a consumer whose group cannot be reached can itself take seconds (librdkafka ends its
      // group session); it finishes on its own thread, and close() settles now.
      this.handle.closeThreaded().catch(() => {});
      throw new KafkaError('ConsumerQueueClose', RDKafkaErrorCode.OperationTimedOut, { detail: `the consumer did not leave its group within ${timeoutMs} ms; it was destroyed without leaving` });
    }
    await this.handle.closeThreaded();
  }

  /** `await using consumer = ...`: closes it (as `close()`) at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- For the kinds ------------------------------------------------------------------------------------

  /**
   * @internal Throws `Closed` once close() has begun (except to the hooks of the final revoke, A15), and a fatal
   * error once one has happened (A4: the consumer is done for; librdkafka itself would go on accepting some calls).
   */
  protected assertOpen(): void {
    if (this.handle.closed || (this.#closing !== undefined && !insideRebalanceHook())) throw this.handle.closedError();
    const fatal = this.native.fatalError();
    if (fatal !== null) {
      throw new KafkaError('MessageConsumptionFatal', fatal[0], { detail: `the consumer had a fatal error: ${errorCodeName(fatal[0])}: ${fatal[1]}`, isFatal: true });
    }
  }

  /** @internal Whether close() has begun. */
  protected get isClosing(): boolean {
    return this.#closing !== undefined;
  }

  /** @internal Whether the consumer has a group (no group: nothing to leave at close). */
  protected get hasGroup(): boolean {
    return this.#hasGroup;
  }

  /**
   * @internal The kind's part of close(): ends what waits on it and leaves the group, serving the final revoke;
   * false when that did not finish within `timeoutMs` (Infinity: no bound). The handle is destroyed afterwards.
   */
  protected abstract leaveGroup(timeoutMs: number): Promise<boolean>;

  /** @internal A message leaves the read-ahead for the application: its offset is to be stored (A8). */
  protected handedOut(message: ConsumedMessage): void {
    if (this.#handedOut === undefined || !this.#handedOut.add(message) || this.#storeScheduled) return;
    // Pushed once per batch by the kinds; this catches an application that stops asking.
    this.#storeScheduled = true;
    setImmediate(() => {
      this.#storeScheduled = false;
      this.storeHandedOut();
    }).unref();
  }

  /** @internal Pushes the offsets of the messages handed out since the last push to librdkafka, in one call (A8). */
  protected storeHandedOut(): void {
    if (this.handle.closed) return;
    const list = this.#handedOut?.take();
    // A partition revoked meanwhile refuses its store (State): its new owner starts from the last commit.
    if (list) this.native.storeOffsets(list);
  }

  /** @internal The offset of the first message read ahead and not handed out, if any. */
  protected abstract firstBufferedOffset(topic: string, partition: number): number | undefined;

  /**
   * @internal Runs a command that read-ahead must not outlive (A9): the kind drops what it read ahead of `partitions`
   * ('all', or a set of partition keys), once `beforeDrop` has looked at it. Returns what `command` returns.
   */
  protected abstract withExtractionHeld<T>(partitions: 'all' | Set<string>, command: () => T, beforeDrop?: () => void): T;

  /** @internal Pause drops the read-ahead of the paused partitions and rewinds them to the first message not handed out (A9). */
  protected pausePartitions(list: NativePartitionIn[]): void {
    const rewinds: NativePartitionIn[] = [];
    const keys = new Set(list.map(([t, p]) => partitionKey(t, p)));
    // Pause first, then seek: librdkafka would resume from the last message popped (#2557).
    this.withExtractionHeld(
      keys,
      () => {
        const [code, result] = this.native.pause(list);
        check('PauseResume', code);
        this.#firstPartitionError('PauseResume', result);
        if (rewinds.length > 0) this.native.seekNow(rewinds);
      },
      () => {
        for (const [topic, partition] of list) {
          const first = this.firstBufferedOffset(topic, partition);
          if (first !== undefined) rewinds.push([topic, partition, first, null]);
        }
      },
    );
  }

  /** @internal A batch's commit results and client events: what the main queue brought. */
  protected dispatchMain(batch: NativeConsumeBatch): void {
    for (const [, kind, number, first, second] of batch.clientEvents) this.handle.clientEvent(kind, number, first, second);
    for (const [, code, list] of batch.commits) this.#reportCommit(code, list);
  }

  /** @internal A consumer error event as the KafkaError the iterator throws (or poll). */
  protected consumerError(event: NativeConsumerEvent): KafkaError {
    const [, , code, reason, topic, partition, offset, , fatal] = event;
    if (code === RDKafkaErrorCode.PartitionEOF && topic !== null) {
      return new KafkaError('PartitionEOF', code, { position: { topic, partition, offset } });
    }
    if (fatal) return new KafkaError('MessageConsumptionFatal', code, { detail: reason || undefined, isFatal: true });
    return new KafkaError('MessageConsumption', code, reason && topic === null ? { detail: `${reason}` } : {});
  }

  /**
   * @internal Handles a rebalance event: hooks, then the default assign logic (or the override, with the safety net).
   * `awaitHooks`: a StreamConsumer awaits hooks that return Promises (and gets a Promise back); a BaseConsumer runs
   * them synchronously, and this returns when everything is done.
   */
  protected handleRebalance(event: NativeConsumerEvent, awaitHooks: boolean): void | Promise<void> {
    const [, kind, code, reason, , , , partitions] = event;
    const list = partitions ?? [];
    let rebalance: Rebalance;
    if (kind === ConsumerEventKind.Assign) rebalance = { kind: 'assign', partitions: fromNativeList(list, 'Rebalance') };
    else if (kind === ConsumerEventKind.Revoke) rebalance = { kind: 'revoke', partitions: fromNativeList(list, 'Rebalance'), lost: this.native.assignmentLost() };
    else rebalance = { kind: 'error', error: new KafkaError('Rebalance', code, reason ? { detail: reason } : {}) };
    // A revoke's hooks see the offsets of every message handed out already stored (1.5).
    if (rebalance.kind === 'revoke') this.storeHandedOut();

    const raw = list.map(([t, p, o, m]): NativePartitionIn => [t, p, o, m]);
    const applyDefault = () => {
      const cooperative = this.native.rebalanceProtocol() === 'COOPERATIVE';
      if (kind === ConsumerEventKind.Assign) {
        if (cooperative) this.incrementalAssignRaw(raw);
        else this.#changeAssignment(() => check('Subscription', this.native.assign(raw)), 'all');
      } else if (kind === ConsumerEventKind.Revoke && cooperative) {
        this.#changeAssignment(() => this.#checkError('Subscription', this.native.incrementalUnassign(raw)), new Set(raw.map(([t, p]) => partitionKey(t, p))));
      } else {
        // EAGER revoke, and rebalance errors: librdkafka requires assign(NULL).
        this.#changeAssignment(() => check('Subscription', this.native.assign(null)), 'all');
      }
    };
    const failed = (name: string, error: unknown) => {
      this.handle.reportError(new KafkaError('Rebalance', RDKafkaErrorCode.Fail, { detail: `${name} threw: ${(error as Error)?.message ?? String(error)}` }), `${name} failed`);
      return false;
    };
    // true when the hook completed, false when it threw; a Promise of that when it returned one to await.
    const runHook = (hook: NonNullable<ConsumerCallbacks['rebalance']>, name: string): boolean | Promise<boolean> => {
      let result: unknown;
      hooksRunning++;
      try {
        result = inRebalanceHook.run(true, () => hook.call(this.#callbacks.self, rebalance, this));
      } catch (error) {
        hooksRunning--;
        return failed(name, error);
      }
      if (result === null || typeof result !== 'object' || typeof (result as Promise<void>).then !== 'function') {
        hooksRunning--;
        return true;
      }
      if (awaitHooks) {
        return Promise.resolve(result)
          .finally(() => hooksRunning--)
          .then(() => true, (error: unknown) => failed(name, error));
      }
      hooksRunning--;
      Promise.resolve(result).then(undefined, reportUncaught);
      this.handle.reportError(new KafkaError('Rebalance', RDKafkaErrorCode.InvalidArgument, { detail: `${name} returned a Promise` }), `a BaseConsumer runs ${name} inside poll() and cannot await it`);
      return true;
    };
    const after = <T>(value: T | Promise<T>, next: (value: T) => void | Promise<void>): void | Promise<void> =>
      value instanceof Promise ? value.then(next) : next(value);

    const { rebalance: override, preRebalance, postRebalance } = this.#callbacks;
    if (override) {
      const before = this.#assignCalls;
      return after(runHook(override, 'context.rebalance'), (completed) => {
        if (this.#assignCalls !== before || this.handle.closed) return;
        if (completed) {
          this.handle.reportError(new KafkaError('Rebalance', RDKafkaErrorCode.State, { detail: 'context.rebalance returned without assigning' }), 'the default assignment was applied');
        }
        this.#safely(applyDefault);
      });
    }
    return after(preRebalance ? runHook(preRebalance, 'context.preRebalance') : true, () => {
      if (this.handle.closed) return;
      this.#safely(applyDefault);
      if (postRebalance) return after(runHook(postRebalance, 'context.postRebalance'), () => {});
    });
  }

  /** @internal incrementalAssign from a native list (the default assign of a COOPERATIVE rebalance). */
  protected incrementalAssignRaw(list: NativePartitionIn[]): void {
    this.#changeAssignment(() => this.#checkError('Subscription', this.native.incrementalAssign(list)), new Set());
  }

  // ---- Private ------------------------------------------------------------------------------------------

  #safely(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (error instanceof KafkaError) this.handle.reportError(error, 'the rebalance could not be applied');
      else throw error;
    }
  }

  #changeAssignment(command: () => void, dropped: 'all' | Set<string>): void {
    this.#assignCalls++;
    this.withExtractionHeld(dropped, () => {
      // Revoked partitions' offsets are stored before they go (auto commit commits them at unassign).
      if (dropped === 'all' || dropped.size > 0) this.storeHandedOut();
      command();
    });
  }

  #checkError(kind: KafkaErrorKind, error: [number, string] | null): void {
    if (error !== null) throw new KafkaError(kind, error[0], { detail: error[1] });
  }

  #firstPartitionError(kind: KafkaErrorKind, list: Array<[string, number, number, string | null, number]>): void {
    for (const [, , , , code] of list) check(kind, code);
  }

  #nextOffsetOf(message: unknown, name: string): NativePartitionIn {
    objectArg(message, name, 'a message ({ topic, partition, offset })');
    const { topic, partition, offset } = message as Message;
    return [topicName(topic, `${name}.topic`), partitionNumber(partition, `${name}.partition`), offsetNumber(offset, `${name}.offset`) + 1, null];
  }

  #assignmentList(): NativePartitionIn[] {
    const [code, list] = this.native.assignment();
    check('MetadataFetch', code);
    return list.map(([topic, partition]): NativePartitionIn => [topic, partition, -1001, null]);
  }

  #store(list: NativePartitionIn[]): void {
    // librdkafka refuses explicit stores while it stores by itself; a StreamConsumer stores by itself in its place.
    if (this.autoStore) {
      throw new KafkaError('StoreOffset', RDKafkaErrorCode.InvalidArgument, { detail: 'offsets cannot be stored while enable.auto.offset.store is true' });
    }
    const [code, result] = this.native.storeOffsets(list);
    check('StoreOffset', code);
    this.#firstPartitionError('StoreOffset', result);
  }

  async #commit(list: NativePartitionIn[] | null, mode: CommitMode): Promise<void> {
    if (mode !== CommitMode.Sync && mode !== CommitMode.Async) throw new TypeError(`mode must be CommitMode.Sync or CommitMode.Async, got ${describe(mode)}`);
    // What was handed out is committed with the consumer state (A8).
    this.storeHandedOut();
    if (mode === CommitMode.Async) {
      const id = this.#nextCommitId++;
      if (this.#nextCommitId > 0x7fffffff) this.#nextCommitId = 1;
      check('ConsumerCommit', this.native.commit(list, id));
      return;
    }
    const [code, committed] = await this.native.commitSync(list);
    this.#reportCommit(code, committed);
    check('ConsumerCommit', code);
  }

  #reportCommit(code: number, list: Array<[string, number, number, string | null, number]>): void {
    const callback = this.#callbacks.commitCallback;
    if (callback === undefined) return;
    try {
      callback.call(this.#callbacks.self, code === 0 ? null : new KafkaError('ConsumerCommit', code), fromNativeList(list, 'ConsumerCommit'));
    } catch (error) {
      reportUncaught(error);
    }
  }

  async #seek(list: NativePartitionIn[], timeout: number): Promise<Array<[string, number, number, string | null, number]>> {
    const keys = new Set(list.map(([t, p]) => partitionKey(t, p)));
    // Without a timeout, on this thread: seeks are applied in the order they are made (a pause's rewind first).
    const [code, result, detail] = await this.withExtractionHeld(keys, () => (timeout === 0 ? this.native.seekNow(list) : this.native.seek(list, timeout)));
    check('Seek', code, detail);
    // Without a timeout librdkafka does not wait for the outcome, and says so for each partition.
    if (timeout === 0) for (const entry of result) if (entry[4] === RDKafkaErrorCode.InProgress) entry[4] = 0;
    return result;
  }

  async #committed(list: NativePartitionIn[], timeout: number): Promise<TopicPartition[]> {
    const [code, result] = await this.native.committed(list, timeout);
    check('MetadataFetch', code);
    return fromNativeList(result, 'OffsetFetch');
  }

  async #offsetsForTimes(list: NativePartitionIn[], timeout: number): Promise<TopicPartition[]> {
    const [code, result] = await this.native.offsetsForTimes(list, timeout);
    check('MetadataFetch', code);
    return fromNativeList(result, 'OffsetFetch');
  }
}
