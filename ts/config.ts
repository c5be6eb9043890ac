// ClientConfig: librdkafka properties as a plain map, validated by librdkafka when a client is created.

export type ConfigValue = string | number | boolean;
export type ConfigEntries = Record<string, ConfigValue>;

export class ClientConfig {
  readonly #map = new Map<string, string>();

  constructor(entries: ConfigEntries = {}) {
    for (const [key, value] of Object.entries(entries)) this.set(key, value);
  }

  /** Sets a property, stored as librdkafka's string form. Never validates: creation does. Chainable. */
  set(key: string, value: ConfigValue): this {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('config key must be a non-empty string');
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TypeError(`config value of "${key}" must be a string, number or boolean`);
    }
    this.#map.set(key, String(value));
    return this;
  }

  /** The value set for `key`, or undefined (librdkafka's defaults are not reported here). */
  get(key: string): string | undefined {
    return this.#map.get(key);
  }

  /** Removes a property. Chainable. */
  remove(key: string): this {
    this.#map.delete(key);
    return this;
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
