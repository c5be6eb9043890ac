// How error messages show a value the caller passed: by its type first, so that the string '100' and the
// number 100, or an empty array and an empty string, are never mistaken for one another.

/** @internal e.g. `number 42`, `string "42"`, `an array`, `an object (Date)`, `null`, `undefined`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : `an object (${constructorName(value)})`;
  if (typeof value === 'symbol') return `symbol ${value.description ?? ''}`;
  return `${typeof value} ${String(value)}`;
}

function constructorName(value: object): string {
  try {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name.length > 0 ? name : 'Object';
  } catch {
    return 'Object'; // a hostile getter or Proxy: the message must still be built
  }
}
