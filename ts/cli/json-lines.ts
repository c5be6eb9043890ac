// consume -J: one JSON object per message, on one line. JSON has no bytes, so keys, payloads and header values
// are strings in a chosen encoding: UTF-8 text (readable; bytes that are not UTF-8 become U+FFFD, so it is lossy
// for binary data) or base64 (exact). null stays null, distinct from "" (empty).
import type { Message } from '../consumer/message';
import { Timestamp } from '../message';
import type { Formatter } from './format';
import { UsageError } from './usage';

export type BytesEncoding = 'utf8' | 'base64';

export function parseEncoding(text: string | undefined): BytesEncoding {
  if (text === undefined) return 'utf8';
  if (text !== 'utf8' && text !== 'base64') throw new UsageError(`--encoding expects utf8 or base64, got "${text}"`);
  return text;
}

/** The message as a line of JSON, newline included; its keys always in this order. */
export function jsonLine(message: Message, encoding: BytesEncoding): string {
  const bytes = (value: Buffer | null) => (value === null ? null : value.toString(encoding));
  const ms = Timestamp.toMillis(message.timestamp);
  return `${JSON.stringify({
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: ms ?? null,
    timestampType: ms === undefined ? null : message.timestamp.type,
    key: bytes(message.key),
    payload: bytes(message.payload),
    headers: message.headers.map((header) => ({ key: header.key, value: bytes(header.value) })),
  })}\n`;
}

/** -J as a Formatter. */
export function jsonFormatter(encoding: BytesEncoding): Formatter {
  return (message, out) => out.push(jsonLine(message, encoding));
}
