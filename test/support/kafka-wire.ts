// Kafka requests written by hand, for the tests that talk to the mock cluster below any client: the
// non-flexible encodings (request header v1, INT16-length strings), and one request per connection.
import * as net from 'net';

/** A STRING: INT16 length, then the bytes (null is length -1). */
export function str(text: string | null): Buffer {
  const length = Buffer.alloc(2);
  if (text === null) {
    length.writeInt16BE(-1);
    return length;
  }
  const bytes = Buffer.from(text);
  length.writeInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An INT16. */
export function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}

/** An INT32. */
export function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

/** A whole request of a non-flexible version: size, header v1 (client id "test"), then `body`. */
export function request(apiKey: number, version: number, correlationId: number, body: Buffer[]): Buffer {
  const payload = Buffer.concat([int16(apiKey), int16(version), int32(correlationId), str('test'), ...body]);
  return Buffer.concat([int32(payload.length), payload]);
}

/** Sends one request on a fresh connection; resolves the response after its size. */
export function exchange(server: string, payload: Buffer): Promise<Buffer> {
  const [host, port] = server.split(':');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host);
    let received = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`${server} closed the connection without a whole response`)));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        socket.destroy();
        resolve(received.subarray(4, 4 + received.readInt32BE(0)));
      }
    });
    socket.write(payload);
  });
}

/** Reads a non-flexible response field by field. */
export class Reader {
  #at = 0;
  constructor(private readonly buffer: Buffer) {}

  int16(): number {
    const value = this.buffer.readInt16BE(this.#at);
    this.#at += 2;
    return value;
  }

  int32(): number {
    const value = this.buffer.readInt32BE(this.#at);
    this.#at += 4;
    return value;
  }

  str(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const text = this.buffer.toString('utf8', this.#at, this.#at + length);
    this.#at += length;
    return text;
  }
}
