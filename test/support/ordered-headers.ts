// kafkajs folds a record's headers into an object, which loses their order when keys repeat or
// interleave. This replaces its record decoder (before kafkajs is loaded: mocha's --require) with
// one of ours that also keeps the headers as an ordered list, so the independent reader can check
// exactly what went over the wire. Written from the Kafka protocol's Record (v2 batch) layout.
import * as path from 'path';

export interface WireHeader {
  key: string;
  value: Buffer | null;
}

interface KafkajsDecoder {
  readInt8(): number;
  readVarLong(): { toString(): string };
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
  readVarIntString(): string;
  readVarIntArray<T>(reader: (decoder: KafkajsDecoder) => T): T[];
}

interface BatchContext {
  firstOffset: string;
  firstTimestamp: string;
  magicByte: number;
  isControlBatch?: boolean;
  timestampType: number;
  maxTimestamp: string;
}

const LOG_APPEND_TIME = 1;

function decodeRecord(decoder: KafkajsDecoder, batch: BatchContext) {
  const attributes = decoder.readInt8();
  const timestampDelta = BigInt(decoder.readVarLong().toString());
  const offsetDelta = decoder.readVarInt();
  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();
  const headerList: WireHeader[] = decoder.readVarIntArray((d) => ({ key: d.readVarIntString(), value: d.readVarIntBytes() }));
  const timestamp =
    batch.timestampType === LOG_APPEND_TIME && batch.maxTimestamp ? batch.maxTimestamp : (BigInt(batch.firstTimestamp) + timestampDelta).toString();
  // kafkajs' own shape: repeated keys become arrays.
  const headers: Record<string, Buffer | null | Array<Buffer | null>> = {};
  for (const { key: name, value: headerValue } of headerList) {
    const existing = headers[name];
    headers[name] = existing === undefined ? headerValue : Array.isArray(existing) ? [...existing, headerValue] : [existing, headerValue];
  }
  return {
    magicByte: batch.magicByte,
    attributes,
    timestamp,
    offset: (BigInt(batch.firstOffset) + BigInt(offsetDelta)).toString(),
    key,
    value,
    headers,
    headerList,
    isControlRecord: batch.isControlBatch ?? false,
    batchContext: batch,
  };
}

const decoderPath = path.join(path.dirname(require.resolve('kafkajs/package.json')), 'src', 'protocol', 'recordBatch', 'record', 'v0', 'decoder.js');
if (require.cache[decoderPath]) throw new Error('kafkajs was loaded before the ordered-headers decoder was installed');
const Module = require('module') as { new (id: string): NodeJS.Module & { loaded: boolean } };
const replacement = new Module(decoderPath);
replacement.filename = decoderPath;
replacement.loaded = true;
replacement.exports = decodeRecord;
require.cache[decoderPath] = replacement;
