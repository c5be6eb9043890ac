// What every producer kind shares: the native handle, sending, and turning reports into callbacks.
import { Client } from './client';
import { type ClientConfig, type ConfigEntries, toClientConfig } from './config';
import { type ContextCallbacks, type DeliveryResult, type ProducerContext, readContext } from './context';
import { type DeliverySink, OpaqueTable, dispatchReports, type ReportHandlers } from './delivery';
import { RDKafkaErrorCode } from './error-codes';
import { KafkaError, closedError } from './errors';
import { RDKafkaLogLevel } from './log-level';
import { SendShape, binding, type NativeProducer, type NativeReports } from './native';
import { type BaseRecord, type BaseRecordBuilder, type RecordFields, readRecord, recordOf } from './record';
import type { Statistics } from './statistics';

/** What `purge` removes: messages still queued, messages in flight, or both. */
export interface PurgeOptions {
  /** Messages still in the local queue. */
  queue?: boolean;
  /** Messages sent and awaiting a response; their delivery becomes unknown. */
  inflight?: boolean;
  /** Wait for librdkafka's threads to let go of the purged messages (default true). */
  blocking?: boolean;
}

/** How long closing serves the reports of purged messages, as rust-rdkafka's Drop. */
export const CLOSE_FLUSH_MS = 500;

const PURGE_QUEUE = 1;
const PURGE_INFLIGHT = 2;
const PURGE_NON_BLOCKING = 4;

/** @internal */
export function purgeFlags(options: PurgeOptions): number {
  if (typeof options !== 'object' || options === null) throw new TypeError('purge options must be an object');
  return (options.queue ? PURGE_QUEUE : 0) | (options.inflight ? PURGE_INFLIGHT : 0) | (options.blocking === false ? PURGE_NON_BLOCKING : 0);
}

/** Deliver an exception thrown by user code as an uncaught exception, after the current dispatch. */
function reportUncaught(error: unknown): void {
  process.nextTick(() => {
    throw error;
  });
}

/**
 * Without a `context.log`: every line librdkafka sends (it filters by the configured log level: warnings by default,
 * everything with `debug` set) goes to stderr, except broker failures at error level: librdkafka reports each of those
 * as an error event too, which reaches `context.error` (or stderr), and one report is enough.
 */
function defaultLog(name: string, level: number, facility: string, message: string): void {
  if (facility === 'FAIL' && level <= RDKafkaLogLevel.Error) return;
  process.stderr.write(`rdkafka-napi ${name} [${RDKafkaLogLevel[level] ?? level}] ${facility}: ${message}\n`);
}

/** @internal */
export class ProducerCore<O> {
  readonly native: NativeProducer;
  readonly client: Client;
  readonly #context: ContextCallbacks<O>;
  readonly #opaques = new OpaqueTable<O>();
  readonly #topicIds = new Map<string, number>();
  readonly #topicNames: string[] = [];
  /** The topic of the last send (already validated and registered), and its id; a symbol before any. */
  #lastTopic: string | symbol = Symbol('no topic yet');
  #lastTopicId = 0;
  readonly #handlers: ReportHandlers<O>;
  #name: string;
  /** Reports taken off the queue during a BaseProducer's abort, for its next poll. */
  readonly #held: NativeReports[] = [];
  /** Messages enqueued whose report has not been dispatched yet. */
  #inFlight = 0;
  /**
   * With a poll thread, messages in flight keep the producer (and the event loop) alive until their
   * callbacks have run. A BaseProducer nobody can reach will never be polled again, so it is not kept.
   */
  readonly #threaded: boolean;
  /** BaseProducer: [0] is 1 while reports may be waiting (see reportsWaiting in src/producer.h). */
  readonly #reportsWaiting: Int32Array | undefined;
  #closed = false;

  readonly #afterDispatch: (() => void) | undefined;

  /**
   * `afterDispatch` runs after each batch of reports has been dispatched (FutureProducer retries then).
   * `sink` receives each message's fate instead of `context.delivery` (FutureProducer settles promises).
   */
  constructor(
    config: ClientConfig | ConfigEntries | undefined,
    context: ProducerContext<O> | undefined,
    threaded: boolean,
    afterDispatch?: () => void,
    sink?: DeliverySink<O>,
  ) {
    this.#context = readContext<O>(context, sink === undefined);
    const clientConfig = toClientConfig(config);
    this.native = new binding.Producer(clientConfig.toEntries(), threaded);
    this.#name = this.native.name();
    this.client = new Client(this.native);
    const deliverySink = sink ?? {
      delivered: (topic, partition, offset, timestamp, opaque) => this.#deliver({ error: null, message: { topic, partition, offset, timestamp } }, opaque),
      failed: (error, message, opaque) => this.#deliver({ error, message }, opaque),
    };
    this.#handlers = {
      delivered: deliverySink.delivered,
      failed: deliverySink.failed,
      note: (kind, number, first, second) => this.#note(kind, number, first, second),
    };
    this.#threaded = threaded;
    this.#reportsWaiting = this.native.reportsWaiting === undefined ? undefined : new Int32Array(this.native.reportsWaiting);
    this.#afterDispatch = afterDispatch;
    if (threaded) this.native.onReports = (reports) => this.dispatch(reports);
  }

  get closed(): boolean {
    return this.#closed;
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
    if (this.#closed) throw closedError();
    const { topic, partition, payload, key, timestamp, headers } = fields;
    const topicId = topic === this.#lastTopic ? this.#lastTopicId : this.#topicId(topic);
    const shape =
      (payload == null ? 0 : SendShape.Payload) | (key == null ? 0 : SendShape.Key) | (headers === undefined ? 0 : SendShape.Headers) | (timestamp === undefined ? 0 : SendShape.Timestamp);
    const id = this.#opaques.add(opaque, topicId);
    let code: number;
    try {
      code = this.native.send(topicId, partition, id, shape, payload, key, headers, timestamp);
    } catch (error) {
      this.#opaques.take(id); // refused by the addon (a detached buffer, say): no report will come
      throw error;
    }
    if (code !== 0) {
      this.#opaques.take(id);
      return code;
    }
    if (this.#inFlight++ === 0 && this.#threaded) this.native.setActive(true);
    return 0;
  }

  /** Dispatches one batch of reports; returns how many events it held. */
  dispatch(reports: NativeReports): number {
    const delivered = dispatchReports(reports, this.#topicNames, this.#opaques, this.#handlers);
    this.#inFlight -= delivered;
    if (delivered > 0 && this.#inFlight === 0 && this.#threaded && !this.#closed) this.native.setActive(false);
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
    if (this.#closed) return served; // a callback closed the producer
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
    this.assertOpen();
    const code = this.native.purge(purgeFlags(options));
    if (code !== 0) throw new KafkaError('Purge', code);
  }

  inFlightCount(): number {
    this.assertOpen();
    return this.native.outqLen();
  }

  /**
   * rust-rdkafka's Drop for the threaded kinds, without blocking: purges what is outstanding, lets the poll
   * thread serve the resulting reports for a moment, stops and joins it (dispatching what it gathered),
   * destroys the handle off the JS thread, and fails whatever report never came.
   */
  async closeThreaded(): Promise<void> {
    const native = this.native;
    this.purge({ queue: true, inflight: true });
    try {
      await native.flush(CLOSE_FLUSH_MS);
    } catch {
      // Reports still missing are failed by failLeftovers below.
    }
    this.markClosed();
    native.stopPollThread();
    await native.destroy();
    native.close();
    this.failLeftovers();
  }

  /** From now on every call says Closed. */
  markClosed(): void {
    this.#closed = true;
  }

  /**
   * After the handle is destroyed: any message whose report never came (librdkafka dropped it at
   * destroy) still gets its callback, so no opaque is silently lost.
   */
  failLeftovers(): void {
    for (const [opaque, topicId] of this.#opaques.drain()) {
      const owned = { topic: this.#topicNames[topicId] ?? '', partition: -1, offset: -1001, timestamp: { type: 'NotAvailable' as const }, key: null, payload: null, headers: [] };
      this.#handlers.failed(new KafkaError('Canceled', RDKafkaErrorCode.PurgeQueue, { owned, detail: 'the producer was closed before this message was resolved' }), owned, opaque);
    }
    this.#inFlight = 0;
  }

  assertOpen(): void {
    if (this.#closed) throw closedError();
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
    const { delivery, self } = this.#context;
    if (delivery === undefined) return;
    try {
      delivery.call(self, result, opaque);
    } catch (error) {
      reportUncaught(error);
    }
  }

  #note(kind: number, number: number, first: string, second: string): void {
    const { self, log, error, stats } = this.#context;
    try {
      if (kind === 0) {
        if (log) log.call(self, number, first, second);
        else defaultLog(this.#name, number, first, second);
      } else if (kind === 2) {
        stats?.call(self, JSON.parse(first) as Statistics);
      } else {
        const kafkaError = new KafkaError('Global', number, { isFatal: kind === 3 });
        if (error) error.call(self, kafkaError, first);
        else process.stderr.write(`rdkafka-napi ${this.#name}: ${kafkaError.message}: ${first}\n`);
      }
    } catch (thrown) {
      reportUncaught(thrown);
    }
  }
}
