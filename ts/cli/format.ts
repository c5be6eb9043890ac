// consume -f: a format string, kcat's, compiled once into a list of pieces, so that printing a message is a walk
// over that list rather than a parse of the string per message. Keys, payloads and header values are written
// as the bytes they are (never decoded), so whatever the topic holds reaches stdout unchanged.
import type { Message } from '../consumer/message';
import { Timestamp } from '../message';
import { UsageError } from './usage';

/** The bytes of one message, in pieces (strings are written as UTF-8). */
export type Piece = string | Buffer;

/** Appends what the format makes of `message` to `out`. */
export type Formatter = (message: Message, out: Piece[]) => void;

type Field = (message: Message, out: Piece[]) => void;

const fields: Record<string, Field> = {
  t: (m, out) => out.push(m.topic),
  p: (m, out) => out.push(String(m.partition)),
  o: (m, out) => out.push(String(m.offset)),
  // kcat prints -1 for a message without a timestamp.
  T: (m, out) => out.push(String(Timestamp.toMillis(m.timestamp) ?? -1)),
  // A null key or payload prints as nothing, as in kcat; -J tells null from empty.
  k: (m, out) => m.key !== null && out.push(m.key),
  s: (m, out) => m.payload !== null && out.push(m.payload),
  h: (m, out) => {
    m.headers.forEach((header, i) => {
      out.push(i === 0 ? header.key : `,${header.key}`);
      // name=value; a null value is the name alone, so that it differs from an empty one (name=).
      if (header.value !== null) out.push('=', header.value);
    });
  },
};

const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\' };

/** What -f accepts, for the usage text and error messages. */
export const formatTokens = '%t topic, %p partition, %o offset, %T timestamp (ms), %k key, %s payload, %h headers, %% a %';

/** Compiles a format string; a UsageError names what it does not know. */
export function compileFormat(format: string): Formatter {
  const parts: Array<string | Field> = [];
  let literal = '';
  for (let i = 0; i < format.length; i++) {
    const char = format[i];
    if (char !== '%' && char !== '\\') {
      literal += char;
      continue;
    }
    const next = format[++i];
    if (next === undefined) throw new UsageError(`-f ends with a lone "${char}"`);
    if (char === '\\') {
      if (!Object.hasOwn(escapes, next)) throw new UsageError(`-f: unknown escape "\\${next}" (known: \\n \\r \\t \\\\)`);
      literal += escapes[next];
    } else if (next === '%') {
      literal += '%';
    } else if (Object.hasOwn(fields, next)) {
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push(fields[next]);
    } else {
      throw new UsageError(`-f: unknown field "%${next}" (known: ${formatTokens})`);
    }
  }
  if (literal !== '') parts.push(literal);
  return (message, out) => {
    for (const part of parts) {
      if (typeof part === 'string') out.push(part);
      else part(message, out);
    }
  };
}
