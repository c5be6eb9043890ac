// ClientConfig: librdkafka properties as a plain map, validated by librdkafka when a client is created.
import { RDKafkaLogLevel } from './log-level';
import type { ConfigKey, ConfigProperties } from './generated/config-keys';

/** A property value; numbers and booleans are passed to librdkafka as their string form. */
export type ConfigValue = string | number | boolean;
/** librdkafka's properties, documented for completion; any other name is accepted too (newer versions). */
export type ConfigEntries = ConfigProperties & Record<string, ConfigValue>;

/**
 * librdkafka properties, checked when a client is created (an unknown property or bad value is a
 * `ClientConfig` KafkaError naming it). A plain object of properties works wherever a ClientConfig does.
 *
 * @example
 * const producer = new ClientConfig({ 'bootstrap.servers': 'localhost:9092' }).set('linger.ms', 20).create(ThreadedProducer);
 */
export class ClientConfig {
  readonly #map = new Map<string, string>();
  #logLevel: RDKafkaLogLevel | undefined;

  constructor(entries: ConfigEntries = {}) {
    for (const [key, value] of Object.entries(entries)) this.set(key, value);
  }

  /** Sets a property, stored as librdkafka's string form. Never validates: creation does. Chainable. */
  set(key: ConfigKey | (string & {}), value: ConfigValue): this {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('config key must be a non-empty string');
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TypeError(`config value of "${key}" must be a string, number or boolean, got ${value === null ? 'null' : typeof value}`);
    }
    this.#map.set(key, String(value));
    return this;
  }

  /** The value set for `key`, or undefined (librdkafka's defaults are not reported here). */
  get(key: ConfigKey | (string & {})): string | undefined {
    return this.#map.get(key);
  }

  /** Removes a property. Chainable. */
  remove(key: ConfigKey | (string & {})): this {
    this.#map.delete(key);
    return this;
  }

  /**
   * The most verbose level of librdkafka log lines delivered to `context.log`. Default: Warning, or
   * Debug when the `debug` property is set (its output is all at debug level).
   */
  setLogLevel(level: RDKafkaLogLevel): this {
    if (!Number.isInteger(level) || level < 0 || level > 7) throw new TypeError(`log level must be an RDKafkaLogLevel (0 to 7), got ${String(level)}`);
    this.#logLevel = level;
    return this;
  }

  /** The log level in effect: the one set, else Debug when `debug` is set, else Warning. */
  get logLevel(): RDKafkaLogLevel {
    return this.#logLevel ?? (this.#map.has('debug') ? RDKafkaLogLevel.Debug : RDKafkaLogLevel.Warning);
  }

  /** Creates a client of the given kind: `config.create(ThreadedProducer)`, `config.create(BaseProducer, context)`. */
  create<P>(Kind: new (config: ClientConfig) => P): P;
  create<P, C>(Kind: new (config: ClientConfig, context?: C) => P, context: C): P;
  create<P, C>(Kind: new (config: ClientConfig, context?: C) => P, context?: C): P {
    return new Kind(this, context);
  }

  /** @internal The pairs handed to librdkafka. */
  toEntries(): Array<[string, string]> {
    return [...this.#map];
  }
}

/** @internal */
export function toClientConfig(config: ClientConfig | ConfigEntries | undefined): ClientConfig {
  if (config instanceof ClientConfig) return config;
  if (config === undefined) return new ClientConfig();
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new TypeError('config must be a ClientConfig or a plain object of librdkafka properties');
  }
  return new ClientConfig(config);
}
