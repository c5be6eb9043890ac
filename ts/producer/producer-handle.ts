// What every producer kind holds: its client handle, and what sending needs around it: the opaques of messages
// in flight, topic ids, enqueueing, and turning batches of reports into callbacks.
import { ClientHandle } from '../client/client-handle';
import { contextObject, reportUncaught } from '../client/context';
import type { ClientConfig, ConfigEntries } from '../config';
import { RDKafkaErrorCode } from '../error-codes';
import { KafkaError } from '../errors';
import { OFFSET_INVALID, PARTITION_UA } from '../message';
import { PurgeFlag, binding, type NativeProducer, type NativeReports } from '../native';
import { describe, objectArg } from '../validate';
import { type DeliveryResult, type ProducerContext, readDeliveryCallback } from './context';
import { type DeliverySink, OpaqueTable, dispatchReports, type ReportHandlers } from './delivery';
import { type BaseRecord, type BaseRecordBuilder, type RecordFields, readRecord, recordOf } from './record';
import { SendStaging, shapeOf } from './send-staging';

/** What `purge` removes: messages still queued, messages in flight, or both. */
export interface PurgeOptions {
  /** Messages still in the local queue. */
  queue?: boolean;
  /** Messages sent and awaiting a response; their delivery becomes unknown. */
  inflight?: boolean;
  /** Wait for librdkafka's threads to let go of the purged messages (default true). */
  blocking?: boolean;
}

/** @internal How long closing serves the reports of purged messages, as rust-rdkafka's Drop. */
export const CLOSE_FLUSH_MS = 500;

/** @internal */
export function purgeFlags(options: PurgeOptions): number {
  objectArg(options, 'purge options');
  return (options.queue ? PurgeFlag.Queue : 0) | (options.inflight ? PurgeFlag.Inflight : 0) | (options.blocking === false ? PurgeFlag.NonBlocking : 0);
}

/** Gives the error that stopped a sendMany the record it was about and how many went before it, as a refusal has. */
function withPlace(error: unknown, record: unknown, enqueued: number): unknown {
  if (error instanceof Object && !('enqueued' in error)) {
    Object.defineProperty(error, 'record', { value: record, enumerable: true, configurable: true });
    Object.defineProperty(error, 'enqueued', { value: enqueued, enumerable: true, configurable: true });
  }
  return error;
}

/** @internal How a producer kind makes its handle. */
export interface ProducerHandleOptions<O> {
  config: ClientConfig | ConfigEntries | undefined;
  context: ProducerContext<O> | undefined;
  /** A native poll thread serves the queue (ThreadedProducer, FutureProducer); without one, poll() does. */
  pollThread: boolean;
  /** Runs after each batch of reports has been dispatched (a FutureProducer retries waiting sends then). */
  afterDispatch?: () => void;
  /** Receives each message's fate instead of `context.delivery` (a FutureProducer settles promises). */
  sink?: DeliverySink<O>;
}

/** @internal What the API shared by every kind (producer.ts) needs of a handle, whatever the kind's opaques are. */
export interface SharedProducerHandle {
  readonly native: NativeProducer;
  readonly clientHandle: ClientHandle<NativeProducer>;
  purge(options: PurgeOptions): void;
  inFlightCount(): number;
  flush(timeoutMs: number): Promise<number>;
  closeThreaded(): Promise<void>;
}

/** @internal `O`: what a message carries to its report (a BaseRecord's opaque, a FutureProducer's settle function). */
export class ProducerHandle<O> implements SharedProducerHandle {
  readonly native: NativeProducer;
  readonly clientHandle: ClientHandle<NativeProducer>;
  readonly #delivery: ProducerContext<O>['delivery'];
  readonly #self: object;
  readonly #opaques = new OpaqueTable<O>();
  readonly #topicIds = new Map<string, number>();
  readonly #topicNames: string[] = [];
  /** The topic of the last send (already validated and registered), and its id; a symbol before any. */
  #lastTopic: string | symbol = Symbol('no topic yet');
  #lastTopicId = 0;
  readonly #handlers: ReportHandlers<O>;
  /** Reports taken off the queue during a BaseProducer's abort, for its next poll. */
  readonly #held: NativeReports[] = [];
  /** Messages enqueued whose report has not been dispatched yet. */
  #inFlight = 0;
  /**
   * With a poll thread, messages in flight keep the producer (and the event loop) alive until their
   * callbacks have run. A BaseProducer nobody can reach will never be polled again, so it is not kept.
   */
  readonly #threaded: boolean;
  /** BaseProducer: [0] is 1 while reports may be waiting (QueueSignal in src/client/queue_signal.h). */
  readonly #reportsWaiting: Int32Array | undefined;
  readonly #afterDispatch: (() => void) | undefined;
  /** The flushes under way (threaded kinds). */
  readonly #flushes = new Set<Promise<number>>();
  /** sendMany's staging, made at its first use. */
  #staging: SendStaging | undefined;

  constructor(options: ProducerHandleOptions<O>) {
    const { config, pollThread, afterDispatch, sink } = options;
    // The context is checked before the config, and `delivery` before the client's callbacks, as they always were.
    const context = contextObject(options.context);
    this.#delivery = sink === undefined ? readDeliveryCallback<O>(context) : undefined;
    this.#self = context ?? {};
    this.clientHandle = new ClientHandle({ config, context, native: binding.Producer, pollThread, noun: 'producer' });
    this.native = this.clientHandle.native;
    const deliverySink = sink ?? {
      delivered: (topic, partition, offset, timestamp, opaque) => this.#deliver({ error: null, message: { topic, partition, offset, timestamp } }, opaque),
      failed: (error, message, opaque) => this.#deliver({ error, message }, opaque),
    };
    const clientHandle = this.clientHandle;
    this.#handlers = {
      delivered: deliverySink.delivered,
      failed: deliverySink.failed,
      clientEvent: (kind, number, first, second) => clientHandle.clientEvent(kind, number, first, second),
    };
    this.#threaded = pollThread;
    this.#reportsWaiting = this.native.reportsWaiting === undefined ? undefined : new Int32Array(this.native.reportsWaiting);
    this.#afterDispatch = afterDispatch;
    if (pollThread) this.native.onReports = (reports) => this.dispatch(reports);
  }

  get closed(): boolean {
    return this.clientHandle.closed;
  }

  /** Enqueues a record with its own opaque; throws a MessageProduction KafkaError carrying the record on failure. */
  send(input: BaseRecord<O> | BaseRecordBuilder<O>): void {
    const record = recordOf<BaseRecord<O>>(input);
    const fields = this.readRecord(record);
    const code = this.enqueue(fields, record.opaque);
    if (code !== 0) throw new KafkaError('MessageProduction', code, { record: input });
  }

  /** Reads and checks each field of a record once (see readRecord): what is sent is what was checked. */
  readRecord(record: unknown): RecordFields {
    return readRecord(record, this.#lastTopic);
  }

  /** Enqueues checked fields with `opaque`; returns librdkafka's error code, 0 once the message is queued. */
  enqueue(fields: RecordFields, opaque: O | undefined): number {
    // Reading the record may have run user code (getters) that closed the producer.
    this.clientHandle.assertOpen();
    const { topic, partition, payload, key, timestamp, headers } = fields;
    const topicId = topic === this.#lastTopic ? this.#lastTopicId : this.#topicId(topic);
    const id = this.#opaques.add(opaque, topicId);
    let code: number;
    try {
      code = this.native.send(topicId, partition, id, shapeOf(fields), payload, key, headers, timestamp);
    } catch (error) {
      this.#opaques.take(id); // refused by the addon (a detached buffer, say): no report will come
      throw error;
    }
    if (code !== 0) {
      this.#opaques.take(id);
      return code;
    }
    this.#queued(1);
    return 0;
  }

  /**
   * Enqueues records in order, exactly as a loop of send() that stops at the first throw would, in one native call
   * per STAGED_RECORDS records. What stops it (a refusal as a MessageProduction KafkaError, a bad record as a
   * TypeError) is thrown carrying `record` (the one passed in) and `enqueued` (how many before it were queued).
   */
  sendMany(records: ReadonlyArray<BaseRecord<O> | BaseRecordBuilder<O>>): void {
    if (!Array.isArray(records)) throw new TypeError(`records must be an array of records, got ${describe(records)}`);
    this.clientHandle.assertOpen();
    let start = 0;
    while (start < records.length) {
      let unread: { error: unknown } | undefined;
      let count = 0;
      for (let i = start; i < records.length && !this.stagingFull; i++) {
        try {
          const record = recordOf<BaseRecord<O>>(records[i]);
          this.stage(this.readRecord(record), record.opaque);
          count++;
        } catch (error) {
          unread = { error };
          break;
        }
      }
      const { queued, stop } = this.enqueueStaged();
      const at = start + queued;
      if (stop !== undefined) {
        throw 'code' in stop ? new KafkaError('MessageProduction', stop.code, { record: records[at], enqueued: at }) : withPlace(stop.error, records[at], at);
      }
      if (unread !== undefined) throw withPlace(unread.error, records[at], at);
      start += count;
    }
  }

  /** True when a native call's worth of records is staged (enqueueStaged next). */
  get stagingFull(): boolean {
    return this.#staging?.full ?? false;
  }

  /** Stages checked fields with `opaque` for the next enqueueStaged; throws when the topic cannot be registered. */
  stage(fields: RecordFields, opaque: O | undefined): void {
    const staging = (this.#staging ??= new SendStaging());
    const topicId = fields.topic === this.#lastTopic ? this.#lastTopicId : this.#topicId(fields.topic);
    staging.stage(topicId, this.#opaques.add(opaque, topicId), fields, shapeOf(fields));
  }

  /**
   * Enqueues what is staged, in order, in one native call, and empties the staging: `queued` records were queued;
   * `stop` says why the next was not (librdkafka's refusal `code`, or the `error` the addon threw), those after it
   * were not tried. Nothing is kept of records not queued: no report will come for them.
   */
  enqueueStaged(): { queued: number; stop?: { code: number } | { error: unknown } } {
    const staging = this.#staging;
    const count = staging?.count ?? 0;
    if (staging === undefined || count === 0) return { queued: 0 };
    let queued = count;
    let stop: { code: number } | { error: unknown } | undefined;
    try {
      // Reading the records may have run user code (getters) that closed the producer.
      this.clientHandle.assertOpen();
      queued = Reflect.apply(this.native.sendMany, undefined, staging.args);
      if (queued < count) stop = { code: staging.refusal };
    } catch (error) {
      queued = staging.enqueued;
      stop = { error };
    }
    for (let j = queued; j < count; j++) this.#opaques.take(staging.opaqueId(j));
    staging.clear();
    this.#queued(queued);
    return { queued, stop };
  }

  /** Counts messages newly queued; a threaded producer with messages in flight keeps itself and the loop alive. */
  #queued(count: number): void {
    if (count === 0) return;
    if (this.#inFlight === 0 && this.#threaded) this.native.setActive(true);
    this.#inFlight += count;
  }

  /** Dispatches one batch of reports; returns how many events it held. */
  dispatch(reports: NativeReports): number {
    const delivered = dispatchReports(reports, this.#topicNames, this.#opaques, this.#handlers);
    this.#inFlight -= delivered;
    if (delivered > 0 && this.#inFlight === 0 && this.#threaded && !this.closed) this.native.setActive(false);
    if (delivered > 0) this.#afterDispatch?.();
    return reports.events;
  }

  /**
   * Serves the main queue on this thread: waits up to `timeoutMs` for the first event, then takes what is
   * there. Reports held back while a transaction aborted come first (and then there is no waiting).
   */
  poll(timeoutMs: number): number {
    let served = 0;
    if (this.#held.length > 0) {
      for (const held of this.#held.splice(0)) served += this.dispatch(held);
    }
    if (this.closed) return served; // a callback closed the producer
    // Nothing waiting and no time to wait for it: rd_kafka_poll(0) would return at once.
    if (timeoutMs === 0 && served === 0 && this.#reportsWaiting?.[0] === 0) return 0;
    const reports = this.native.poll(served > 0 ? 0 : timeoutMs);
    return reports === null ? served : served + this.dispatch(reports);
  }

  /**
   * BaseProducer only: while `work` (an abort) runs, take reports off the queue without dispatching them,
   * so their messages stop counting (librdkafka's abort waits for that) and their callbacks run at the
   * next poll, on the caller's thread, as every BaseProducer callback does.
   */
  async holdReportsWhile<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const settled = work.finally(() => {
      done = true;
    });
    while (!done) {
      const reports = this.native.poll(0);
      if (reports !== null) this.#held.push(reports);
      await Promise.race([settled.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 5))]);
    }
    return settled;
  }

  purge(options: PurgeOptions): void {
    this.clientHandle.assertOpen();
    const code = this.native.purge(purgeFlags(options));
    if (code !== 0) throw new KafkaError('Purge', code);
  }

  inFlightCount(): number {
    this.clientHandle.assertOpen();
    return this.native.outqLen();
  }

  /**
   * BaseProducer's close, after it has purged and served what it could: destroys the handle now, and fails whatever
   * report never came.
   */
  closeNow(): void {
    this.clientHandle.closeNow();
    this.failLeftovers();
  }

  /**
   * rust-rdkafka's Drop for the threaded kinds, without blocking: purges what is outstanding, lets the poll
   * thread serve the resulting reports for a moment, stops and joins it (dispatching what it gathered),
   * destroys the handle off the JS thread, and fails whatever report never came.
   */
  async closeThreaded(): Promise<void> {
    this.purge({ queue: true, inflight: true });
    try {
      await this.native.flush(CLOSE_FLUSH_MS);
    } catch {
      // Reports still missing are failed by failLeftovers below.
    }
    // The user's flushes end with the same reports as this one, on threads of their own: let them settle as
    // flushes (resolved), not be rejected as cut short by the close a moment later.
    await this.#flushesSettled(CLOSE_FLUSH_MS);
    await this.clientHandle.closeThreaded();
    this.failLeftovers();
  }

  /**
   * A flush on a thread of its own (the threaded kinds): librdkafka's error code, 0 once nothing is outstanding and
   * every report has been dispatched.
   */
  flush(timeoutMs: number): Promise<number> {
    const flushing = this.native.flush(timeoutMs).then((code) => {
      // librdkafka is done with the messages, whose reports the poll thread has gathered: their callbacks run now,
      // before the flush resolves, not at the wake-up that may come after it. (Closed: the close dispatched them.)
      if (code === 0 && !this.closed) this.native.dispatchGathered();
      return code;
    });
    this.#flushes.add(flushing);
    const forget = () => this.#flushes.delete(flushing);
    flushing.then(forget, forget);
    return flushing;
  }

  /** Resolves once every flush under way has settled, or after `ms`. */
  async #flushesSettled(ms: number): Promise<void> {
    if (this.#flushes.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([Promise.allSettled([...this.#flushes]), timeout]);
    clearTimeout(timer);
  }

  /**
   * After the handle is destroyed: any message whose report never came (librdkafka dropped it at
   * destroy) still gets its callback, so no opaque is silently lost.
   */
  failLeftovers(): void {
    for (const [opaque, topicId] of this.#opaques.drain()) {
      const owned = {
        topic: this.#topicNames[topicId] ?? '',
        partition: PARTITION_UA,
        offset: OFFSET_INVALID,
        timestamp: { type: 'NotAvailable' as const },
        key: null,
        payload: null,
        headers: [],
      };
      this.#handlers.failed(new KafkaError('Canceled', RDKafkaErrorCode.PurgeQueue, { owned, detail: 'the producer was closed before this message was resolved' }), owned, opaque);
    }
    this.#inFlight = 0;
  }

  #topicId(topic: string): number {
    let id = this.#topicIds.get(topic);
    if (id === undefined) {
      id = this.native.registerTopic(topic);
      this.#topicIds.set(topic, id);
      this.#topicNames[id] = topic;
    }
    // Most producers send to one topic, or a few in runs: the last one is checked first.
    this.#lastTopic = topic;
    this.#lastTopicId = id;
    return id;
  }

  #deliver(result: DeliveryResult, opaque: O | undefined): void {
    const delivery = this.#delivery;
    if (delivery === undefined) return;
    try {
      delivery.call(this.#self, result, opaque);
    } catch (error) {
      reportUncaught(error);
    }
  }
}
