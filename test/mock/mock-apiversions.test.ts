// The mock cluster's ApiVersions answers, byte by byte (deps/patches/0002-mock-apiversions-v3.patch):
// v3 is a flexible version (KIP-511) that a client speaking only v3 (@platformatic/kafka) must be able
// to read, and an unsupported version gets the v0 answer a broker gives, from which a client downgrades.
import { strict as assert } from 'assert';
import { MockCluster } from 'rdkafka-napi';
import { exchange } from '../support/kafka-wire';

const API_VERSIONS = 18;

/** An ApiVersions request of `version`: header v1 up to v2, header v2 (tags) and a v3 body from v3 on. */
function request(version: number, correlationId: number): Buffer {
  const header = Buffer.alloc(8);
  header.writeInt16BE(API_VERSIONS, 0);
  header.writeInt16BE(version, 2);
  header.writeInt32BE(correlationId, 4);
  const clientId = Buffer.from('\x00\x04test', 'latin1'); // INT16 length + bytes
  const compact = (text: string) => Buffer.concat([Buffer.from([text.length + 1]), Buffer.from(text)]);
  const flexible = version >= 3 ? [Buffer.from([0]), compact('raw-client'), compact('1.0'), Buffer.from([0])] : [];
  const body = Buffer.concat([header, clientId, ...flexible]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

interface Parsed {
  correlationId: number;
  error: number;
  apis: Map<number, [number, number]>;
  rest: number; // bytes after the ApiKeys array
}

/** Reads a response as `flexible` (compact array, tags per entry) or not; the header never has tags. */
function parse(response: Buffer, flexible: boolean): Parsed {
  const correlationId = response.readInt32BE(0);
  const error = response.readInt16BE(4);
  let at = 6;
  let count: number;
  if (flexible) {
    assert.ok(response[at] < 0x80, 'a one-byte uvarint for this many ApiKeys');
    count = response[at++] - 1;
  } else {
    count = response.readInt32BE(at);
    at += 4;
  }
  const apis = new Map<number, [number, number]>();
  for (let i = 0; i < count; i++) {
    apis.set(response.readInt16BE(at), [response.readInt16BE(at + 2), response.readInt16BE(at + 4)]);
    at += 6;
    if (flexible) assert.equal(response[at++], 0, 'no tags on an ApiKey');
  }
  return { correlationId, error, apis, rest: response.length - at };
}

describe('the mock cluster answering ApiVersions', () => {
  let cluster: MockCluster;
  let server: string;

  before(() => {
    cluster = new MockCluster(1);
    server = cluster.bootstrapServers.split(',')[0];
  });

  after(() => cluster.close());

  it('answers v3 in the flexible format, claiming v0..v3 for itself', async () => {
    const response = parse(await exchange(server, request(3, 33)), true);
    assert.equal(response.correlationId, 33);
    assert.equal(response.error, 0);
    assert.deepEqual(response.apis.get(API_VERSIONS), [0, 3]);
    assert.deepEqual(response.apis.get(0), [0, 10], 'Produce');
    assert.equal(response.rest, 4 + 1, 'ThrottleTimeMs, then the empty tags that end the body');
  });

  it('answers v0..v2 as before', async () => {
    for (const version of [0, 1, 2]) {
      const response = parse(await exchange(server, request(version, version)), false);
      assert.equal(response.error, 0);
      assert.deepEqual(response.apis.get(API_VERSIONS), [0, 3]);
      assert.equal(response.rest, version >= 1 ? 4 : 0, `v${version}: ThrottleTimeMs from v1 on`);
    }
  });

  it('answers an unsupported version with a v0 UNSUPPORTED_VERSION listing its own range', async () => {
    const response = parse(await exchange(server, request(4, 44)), false);
    assert.equal(response.correlationId, 44);
    assert.equal(response.error, 35);
    assert.deepEqual([...response.apis], [[API_VERSIONS, [0, 3]]]);
    assert.equal(response.rest, 0);
  });
});
