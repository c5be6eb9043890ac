'use strict';
// The smoke run of a prebuilt binary on its own platform (npm run test:platforms runs it under
// qemu, Bun's musl builds or Wine; it also runs as is under Node here). Plain CommonJS with no
// test framework, so that any Node-API runtime can run it:
//
//   <runtime> test/platforms/smoke.js [package folder]
//
// The package folder (this checkout by default) is loaded as an application would load it: the
// loader picks the binary for the platform it finds itself on, unless RDKAFKA_NAPI_BINARY names one.
// Prints one JSON line with what it saw, and exits non-zero on the first thing that is wrong.
const assert = require('assert');
const path = require('path');
const packageDir = process.argv[2] || path.join(__dirname, '..', '..');
const { BaseProducer, FutureProducer, MockCluster, StreamConsumer, Timeout, librdkafkaVersion } = require(packageDir);
// Which binary the loader chose (runtimes without require.cache entries for addons say nothing).
const loaded = Object.keys(require.cache || {}).filter((file) => file.endsWith('.node'));

const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

async function main() {
  const cluster = new MockCluster(1);
  cluster.createTopic('smoke', 1, 1);
  const servers = cluster.bootstrapServers;

  // One message per codec, each from a producer that compresses with it.
  const delivered = [];
  for (const codec of codecs) {
    const producer = new FutureProducer({ 'bootstrap.servers': servers, 'compression.type': codec, 'linger.ms': 0 });
    const payload = Buffer.from(`${codec}:`.padEnd(2000, codec[0]));
    const delivery = await producer.send({ topic: 'smoke', key: codec, payload, headers: [{ key: 'codec', value: codec }] }, Timeout.Never);
    delivered.push(delivery.offset);
    await producer.close();
  }
  assert.deepEqual(delivered, [0, 1, 2, 3, 4]);

  // Read back by a consumer, each message whole.
  const consumer = new StreamConsumer({ 'bootstrap.servers': servers, 'group.id': 'smoke', 'auto.offset.reset': 'earliest' });
  consumer.subscribe(['smoke']);
  const consumed = [];
  for await (const message of consumer.stream({ signal: AbortSignal.timeout(30_000) })) {
    const codec = message.key.toString();
    assert.equal(message.payload.toString(), `${codec}:`.padEnd(2000, codec[0]));
    assert.deepEqual(message.headers.map((h) => [h.key, h.value.toString()]), [['codec', codec]]);
    consumed.push(codec);
    if (consumed.length === codecs.length) break;
  }
  assert.deepEqual(consumed, codecs);
  await consumer.close();

  // OpenSSL is there and initializes: a client that would talk TLS is created (nothing listens for it).
  const tls = new BaseProducer({ 'bootstrap.servers': servers, 'security.protocol': 'ssl', 'enable.ssl.certificate.verification': false });
  await tls.close();

  cluster.close();
  console.log(JSON.stringify({ librdkafkaVersion, platform: process.platform, arch: process.arch, loaded, delivered: delivered.length, consumed }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
