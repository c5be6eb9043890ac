// ClientConfig: librdkafka properties as a plain map, validated by librdkafka when a client is created.
import { RDKafkaLogLevel } from './log-level';
import type { ConfigKey, ConfigProperties } from './generated/config-keys';
import { numericProperties } from './generated/config-types';
import { describe, isWholeNumber, nonEmptyString, withoutNul } from './validate';

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

  /**
   * Sets a property, stored as librdkafka's string form. Chainable. Throws a TypeError naming the property for a
   * value librdkafka would misread: a number that is not finite, a string with a NUL character (C would cut it
   * there), or, for a numeric property, a string that is not a plain decimal number (librdkafka reads `'5abc'` as 5,
   * `'0x10'` as 16 and `'010'` as 8). Whether the property exists and its value is in range, librdkafka checks when
   * the client is created.
   */
  set(key: ConfigKey | (string & {}), value: ConfigValue): this {
    withoutNul(nonEmptyString(key, 'config key'), `config key ${JSON.stringify(key)}`);
    this.#map.set(key, configString(key, value));
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
    if (!isWholeNumber(level, RDKafkaLogLevel.Emerg, RDKafkaLogLevel.Debug)) throw new TypeError(`log level must be an RDKafkaLogLevel (0 to 7), got ${describe(level)}`);
    this.#logLevel = level;
    return this;
  }

  /** The log level in effect: the one set, else the `log_level` property, else Debug when `debug` is set, else Warning. */
  get logLevel(): RDKafkaLogLevel {
    if (this.#logLevel !== undefined) return this.#logLevel;
    const property = Number(this.#map.get('log_level'));
    if (isWholeNumber(property, RDKafkaLogLevel.Emerg, RDKafkaLogLevel.Debug)) return property;
    return this.#map.has('debug') ? RDKafkaLogLevel.Debug : RDKafkaLogLevel.Warning;
  }

  /** Creates a client of the given kind: `config.create(ThreadedProducer)`, `config.create(BaseProducer, context)`. */
  create<P>(Kind: new (config: ClientConfig) => P): P;
  create<P, C>(Kind: new (config: ClientConfig, context?: C) => P, context: C): P;
  create<P, C>(Kind: new (config: ClientConfig, context?: C) => P, context?: C): P {
    return new Kind(this, context);
  }

  /**
   * @internal The pairs handed to librdkafka, with the log level in effect: it must be set before the client is made,
   * or the lines logged while it is made come at librdkafka's own default level.
   */
  toEntries(): Array<[string, string]> {
    return [...this.#map, ['log_level', String(this.logLevel)]];
  }
}

// What librdkafka's parsers (strtol with base 0, strtod) read whole and as meant.
const decimalInteger = /^[-+]?(0|[1-9][0-9]*)$/;
const decimalNumber = /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/;
// A name librdkafka maps to a number itself (`acks: 'all'`); it refuses names it does not know.
const namedValue = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const notANumberName = /^(nan|inf|infinity)$/i;

/** The string librdkafka is given for a property's value; throws a TypeError naming the property if it would misread it. */
function configString(key: string, value: unknown): string {
  const numeric = numericProperties.get(key);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`config value of "${key}" must be a finite number, got ${describe(value)}`);
    // Beyond safe integers, String() writes an exponent ('1e+21'), which librdkafka would read as 1.
    if (numeric === 'integer' && !Number.isSafeInteger(value)) throw new TypeError(`config value of "${key}" must be a whole number, got ${describe(value)}`);
    return String(value);
  }
  if (typeof value !== 'string') throw new TypeError(`config value of "${key}" must be a string, number or boolean, got ${describe(value)}`);
  withoutNul(value, `config value of "${key}"`);
  if (numeric !== undefined) {
    const plain = numeric === 'integer' ? decimalInteger : decimalNumber;
    if (!plain.test(value) && !(namedValue.test(value) && !notANumberName.test(value))) {
      throw new TypeError(`config value of "${key}" must be a ${numeric === 'integer' ? 'whole' : 'finite'} number in decimal, got ${describe(value)}`);
    }
  }
  return value;
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
