'use strict';
// Who runs in the benchmark, and how each is started. Every contender prints one JSON line (see
// lib/contender.js); the C floor is bench/c-floor.c, built against the addon's own librdkafka.
const fs = require('fs');
const path = require('path');

const benchDir = path.join(__dirname, '..');
const cFloorBinary = path.join(benchDir, '..', 'build', 'bench', 'rdkafka_c_floor');
const cConsumerFloorBinary = path.join(benchDir, '..', 'build', 'bench', 'rdkafka_c_consumer_floor');

const node = (script, flags = []) => (workload) => [process.execPath, [...flags, script, JSON.stringify(workload)]];

const ours = [
  {
    id: 'c',
    label: 'C librdkafka 2.12 (producev + poll(0)), the floor',
    floor: true,
    command: ({ bootstrap, topic, messages, size, mode, lingerMs }) => [
      cFloorBinary,
      [bootstrap, topic, String(messages), String(size), mode, `linger.ms=${lingerMs}`],
    ],
  },
  { id: 'base', label: 'rdkafka-napi BaseProducer (send + poll(0))', command: node(path.join(benchDir, 'contenders', 'base-producer.js')) },
  { id: 'threaded', label: 'rdkafka-napi ThreadedProducer (callback per message)', command: node(path.join(benchDir, 'contenders', 'threaded-producer.js')) },
  { id: 'future', label: 'rdkafka-napi FutureProducer (promise per message)', command: node(path.join(benchDir, 'contenders', 'future-producer.js'), ['--expose-gc']) },
  // The same with string payloads (most applications send JSON text), and through sendMany; throughput mode only.
  { id: 'base-string', label: 'rdkafka-napi BaseProducer, string payloads', command: node(path.join(benchDir, 'contenders', 'base-producer.js')), workload: { payloadType: 'string' } },
  { id: 'threaded-string', label: 'rdkafka-napi ThreadedProducer, string payloads', command: node(path.join(benchDir, 'contenders', 'threaded-producer.js')), workload: { payloadType: 'string' } },
  {
    id: 'future-string',
    label: 'rdkafka-napi FutureProducer, string payloads',
    command: node(path.join(benchDir, 'contenders', 'future-producer.js'), ['--expose-gc']),
    workload: { payloadType: 'string' },
  },
  { id: 'base-many', label: 'rdkafka-napi BaseProducer (sendMany of 64 + poll(0))', command: node(path.join(benchDir, 'contenders', 'base-producer.js')), workload: { batch: 64 } },
  {
    id: 'future-many',
    label: 'rdkafka-napi FutureProducer (sendMany of 1 000)',
    command: node(path.join(benchDir, 'contenders', 'future-producer.js'), ['--expose-gc']),
    workload: { batch: 1000 },
  },
  { id: 'threaded-many', label: 'rdkafka-napi ThreadedProducer (sendMany of 1 000)', command: node(path.join(benchDir, 'contenders', 'threaded-producer.js')), workload: { batch: 1000 } },
  // The loops users write (step 14): no yielding, no slicing; README "Writing fast producer loops".
  { id: 'base-plain', label: 'rdkafka-napi BaseProducer, plain loop, then flush()', command: node(path.join(benchDir, 'contenders', 'base-producer.js')), workload: { plain: true } },
  { id: 'threaded-plain', label: 'rdkafka-napi ThreadedProducer, loop never yields', command: node(path.join(benchDir, 'contenders', 'threaded-producer.js')), workload: { plain: true } },
  {
    id: 'threaded-plain-many',
    label: 'rdkafka-napi ThreadedProducer, sendMany loop never yields',
    command: node(path.join(benchDir, 'contenders', 'threaded-producer.js')),
    workload: { plain: true, batch: 1000 },
  },
  { id: 'future-all', label: 'rdkafka-napi FutureProducer, one allSettled over all', command: node(path.join(benchDir, 'contenders', 'future-producer-plain.js')), workload: {} },
  {
    id: 'future-all-100k',
    label: 'rdkafka-napi FutureProducer, allSettled per 100 000',
    command: node(path.join(benchDir, 'contenders', 'future-producer-plain.js')),
    workload: { group: 100_000 },
  },
  {
    id: 'promises-alone',
    label: 'JS alone: promises + one allSettled, no Kafka',
    reference: true,
    command: node(path.join(benchDir, 'contenders', 'promises-alone.js')),
    workload: {},
  },
  {
    id: 'future-all-many',
    label: 'rdkafka-napi FutureProducer, sendMany, one allSettled',
    command: node(path.join(benchDir, 'contenders', 'future-producer-plain.js')),
    workload: { batch: 1000 },
  },
];

// Consumers read { bootstrap, topic, partitions, messages, size }: a topic holding exactly `messages` messages.
// `floor` names a C floor; `against`, the floor a contender's ratio is taken to (per message, or batches).
// `settings`: librdkafka properties every consumer contender sets alike (consumers.js states them).
const cConsumer = (mode) => ({ bootstrap, topic, partitions, messages, size, settings }) => [
  cConsumerFloorBinary,
  [bootstrap, topic, String(partitions), String(messages), String(size), mode, ...Object.entries(settings).map(([key, value]) => `${key}=${value}`)],
];
const consumers = [
  { id: 'c-batch', label: 'C librdkafka 2.12 (consume_batch_queue), the floor', floor: 'batch', command: cConsumer('batch') },
  { id: 'c-poll', label: 'C librdkafka 2.12 (consumer_poll per message)', floor: 'poll', command: cConsumer('poll') },
  { id: 'stream', label: 'rdkafka-napi StreamConsumer (for await, per message)', against: 'batch', command: node(path.join(benchDir, 'contenders', 'stream-consumer.js')) },
  { id: 'stream-batches', label: 'rdkafka-napi StreamConsumer (batches(), for await per batch)', against: 'batch', command: node(path.join(benchDir, 'contenders', 'stream-consumer-batches.js')) },
  { id: 'base-consumer', label: 'rdkafka-napi BaseConsumer (poll per message)', against: 'poll', command: node(path.join(benchDir, 'contenders', 'base-consumer.js')) },
];

const peersDir = path.join(benchDir, 'peers');
const peers = [
  { id: 'platformatic', label: '@platformatic/kafka (pure JS)', script: 'platformatic.js', package: '@platformatic/kafka' },
  { id: 'node-rdkafka', label: 'node-rdkafka Producer + setPollInterval', script: 'node-rdkafka.js', package: 'node-rdkafka' },
  { id: 'node-rdkafka-hl', label: 'node-rdkafka HighLevelProducer', script: 'node-rdkafka-high-level.js', package: 'node-rdkafka' },
  { id: 'confluent', label: '@confluentinc/kafka-javascript (KafkaJS API)', script: 'confluent.js', package: '@confluentinc/kafka-javascript' },
  { id: 'kafkajs', label: 'kafkajs', script: 'kafkajs.js', package: 'kafkajs' },
].map((peer) => ({ ...peer, peer: true, cwd: peersDir, command: node(path.join(peersDir, peer.script)) }));

// The other clients' consumers, each in its fast path (bench/peers/README.md), reading the same topic as ours; their
// ratio is to the batch floor, as the StreamConsumer's is. `realBrokerOnly`: why a peer cannot run against the mock
// broker (consumers.js leaves it out there, and runs it with --kafka).
const consumerPeers = [
  { id: 'node-rdkafka-flowing', label: 'node-rdkafka KafkaConsumer (flowing: consume() + data)', script: 'node-rdkafka-consumer.js', package: 'node-rdkafka' },
  { id: 'node-rdkafka-consume-n', label: 'node-rdkafka KafkaConsumer (consume(1000, cb) loop)', script: 'node-rdkafka-consume-n.js', package: 'node-rdkafka' },
  { id: 'confluent', label: '@confluentinc/kafka-javascript (KafkaJS API, eachBatch)', script: 'confluent-consumer.js', package: '@confluentinc/kafka-javascript' },
  { id: 'kafkajs', label: 'kafkajs (eachBatch)', script: 'kafkajs-consumer.js', package: 'kafkajs' },
  {
    id: 'platformatic',
    label: '@platformatic/kafka (consumer stream, data events)',
    script: 'platformatic-consumer.js',
    package: '@platformatic/kafka',
    realBrokerOnly: 'its consumer always joins a group with FindCoordinator v4+ (and reads offsets with OffsetFetch v8+); the mock broker serves FindCoordinator v0-3 and OffsetFetch v0-6',
  },
].map((peer) => ({ ...peer, peer: true, against: 'batch', cwd: peersDir, command: node(path.join(peersDir, peer.script)) }));

/**
 * The peers (producers by default, or `list`) whose packages are installed in bench/peers/node_modules
 * (bench/peers/install.sh).
 */
function installedPeers(list = peers) {
  // Looked up there alone: the root's node_modules has kafkajs too (the tests read messages back with it).
  return list.filter((peer) => fs.existsSync(path.join(peersDir, 'node_modules', peer.package, 'package.json')));
}

module.exports = { ours, peers, installedPeers, cFloorBinary, cConsumerFloorBinary, consumers, consumerPeers, peersDir };
