// What every client kind holds (as rust-rdkafka's kinds hold a Client): the native handle made from a config,
// where its log, error, statistics and fatal-error events go, whether it is closed, and how it lets go of the
// handle.
import { type ClientConfig, type ConfigEntries, toClientConfig } from '../config';
import { KafkaError, closedError } from '../errors';
import { RDKafkaLogLevel } from '../log-level';
import { type NativeClient, ClientEventKind } from '../native';
import type { Statistics } from '../statistics';
import { Client } from './client';
import { type ClientCallbacks, readClientCallbacks, reportUncaught } from './context';

/** @internal */
export interface ClientHandleOptions<N extends NativeClient> {
  config: ClientConfig | ConfigEntries | undefined;
  /** Already checked to be an object (contextObject); its client callbacks are read here. */
  context: object | undefined;
  /** The native class of the kind, e.g. binding.Producer. */
  native: new (entries: Array<[string, string]>, withPollThread: boolean, ...rest: never[]) => N;
  /** What the kind's native constructor takes after those two. */
  nativeArgs?: unknown[];
  /** Properties the kind sets over the user's (a StreamConsumer stores offsets itself). */
  overrides?: Array<[string, string]>;
  /** A native poll thread serves the client's queue; without one, the kind polls on the JS thread. */
  pollThread: boolean;
  /** What the kind calls itself in errors: `this producer is closed`. */
  noun: string;
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
export class ClientHandle<N extends NativeClient> {
  readonly native: N;
  /** The public face of this handle: `producer.client`. */
  readonly client: Client;
  readonly #callbacks: ClientCallbacks;
  /** Read once: the name is wanted for every stderr line, and after close. */
  readonly #name: string;
  readonly #noun: string;
  #closed = false;

  constructor(options: ClientHandleOptions<N>) {
    this.#callbacks = readClientCallbacks(options.context);
    const config = toClientConfig(options.config);
    const Native = options.native as new (...args: unknown[]) => N;
    this.native = new Native([...config.toEntries(), ...(options.overrides ?? [])], options.pollThread, ...(options.nativeArgs ?? []));
    this.#name = this.native.name();
    this.client = new Client(this.native);
    this.#noun = options.noun;
  }

  get closed(): boolean {
    return this.#closed;
  }

  assertOpen(): void {
    if (this.#closed) throw this.closedError();
  }

  closedError(): KafkaError {
    return closedError(this.#noun);
  }

  /** A client event, to its context callback, or to stderr when there is none. */
  clientEvent(kind: ClientEventKind, number: number, first: string, second: string): void {
    const { self, log, error, stats } = this.#callbacks;
    try {
      if (kind === ClientEventKind.Log) {
        if (log) log.call(self, number, first, second);
        else defaultLog(this.#name, number, first, second);
      } else if (kind === ClientEventKind.Stats) {
        stats?.call(self, JSON.parse(first) as Statistics);
      } else {
        const kafkaError = new KafkaError('Global', number, { isFatal: kind === ClientEventKind.FatalError });
        if (error) error.call(self, kafkaError, first);
        else process.stderr.write(`rdkafka-napi ${this.#name}: ${kafkaError.message}: ${first}\n`);
      }
    } catch (thrown) {
      reportUncaught(thrown);
    }
  }

  /** An error of the library's own (a rebalance hook's failure, say), to `context.error`, or to stderr when there is none. */
  reportError(error: KafkaError, reason: string): void {
    const { self, error: report } = this.#callbacks;
    try {
      if (report) report.call(self, error, reason);
      else process.stderr.write(`rdkafka-napi ${this.#name}: ${error.message}: ${reason}\n`);
    } catch (thrown) {
      reportUncaught(thrown);
    }
  }

  /**
   * The shared tail of close without a poll thread, once the kind has settled what it could: from now on every call
   * says Closed, and the handle is destroyed now, on this thread (BaseProducer's close is synchronous).
   */
  closeNow(): void {
    this.#closed = true;
    this.native.close();
  }

  /**
   * The shared tail of close with a poll thread: from now on every call says Closed; the thread is stopped and joined
   * (dispatching what it gathered), and the handle destroyed off the JS thread, since destroying can block.
   */
  async closeThreaded(): Promise<void> {
    this.#closed = true;
    this.native.stopPollThread();
    await this.native.destroy();
    this.native.close();
  }
}
