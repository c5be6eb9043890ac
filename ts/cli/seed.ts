// consume's seed: lines of a file or stdin produced into the topics before they are read, so that `consume`
// shows something on an in-process mock cluster, which starts empty. A line is split as `produce` splits it
// (bytes, a key before the first separator), so the two commands read the same files the same way.
import * as fs from 'fs';
import { addAbortSignal } from 'stream';
import type { Header } from '../producer/record';
import { FutureProducer } from '../producer/future-producer';
import { Timeout } from '../timeout';
import type { Interrupt } from './interrupt';
import { lines } from './lines';

export interface Seed {
  /** A file, or undefined for stdin. */
  file: string | undefined;
  separator: string | undefined;
  headers: Header[];
}

// Deliveries awaited together: bounds what is held in memory for a long input.
const SLICE = 10_000;

/** Produces each line into every one of `topics`; resolves how many lines, or throws the first failed delivery. */
export async function seedTopics(brokers: string, topics: string[], seed: Seed, interrupt: Interrupt): Promise<number> {
  const input = seed.file === undefined ? process.stdin : fs.createReadStream(seed.file);
  // Ctrl-C ends the wait for a line that a terminal or an open pipe may never send.
  const stopReading = new AbortController();
  let reading = true;
  void interrupt.signalled.then(() => reading && stopReading.abort());
  addAbortSignal(stopReading.signal, input);
  const separator = seed.separator === undefined ? undefined : Buffer.from(seed.separator);
  const producer = new FutureProducer({ 'bootstrap.servers': brokers, 'linger.ms': 5 }, { log: () => {}, error: () => {} });
  let count = 0;
  let failure: unknown;
  let slice: Array<Promise<unknown>> = [];
  try {
    for await (const line of lines(input)) {
      count++;
      const at = separator === undefined ? -1 : line.indexOf(separator);
      const key = at < 0 ? null : line.subarray(0, at);
      const payload = at < 0 ? line : line.subarray(at + (separator as Buffer).length);
      const headers = seed.headers.length > 0 ? seed.headers : undefined;
      for (const topic of topics) slice.push(producer.send({ topic, key, payload, headers }, Timeout.Never).catch((error: unknown) => (failure ??= error)));
      if (slice.length >= SLICE) {
        await Promise.all(slice);
        slice = [];
      }
    }
  } catch (error) {
    reading = false;
    // Else it is stopReading's AbortError. Closing fails what is in flight, each caught above.
    if (!interrupt.happened) {
      await producer.close();
      throw error;
    }
  }
  reading = false;
  await Promise.all(slice);
  await producer.close();
  if (failure !== undefined) throw failure;
  return count;
}
