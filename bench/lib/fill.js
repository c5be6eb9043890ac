'use strict';
// A topic holding exactly the messages a consumer benchmark reads: filled by the producer C floor (bench/c-floor.c),
// then counted over the protocol. Used by consumers.js and soak-consumer.js.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { Broker, KafkaTopic } = require('./broker');
const { cFloorBinary, cConsumerFloorBinary } = require('./contenders');

/** Builds the C floors (producer and consumer) in the addon's build folder. */
function buildFloors() {
  if (!fs.existsSync(path.join(__dirname, '..', '..', 'build', 'CMakeCache.txt'))) throw new Error('build the addon first (npm run build)');
  for (const target of ['rdkafka_c_floor', 'rdkafka_c_consumer_floor']) {
    execFileSync('cmake', ['--build', path.join(__dirname, '..', '..', 'build'), '--target', target], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  for (const binary of [cFloorBinary, cConsumerFloorBinary]) if (!fs.existsSync(binary)) throw new Error(`not built: ${binary}`);
}

/**
 * Writes exactly `messages` messages of `size` bytes (one repeated byte) to `topic`, in batches of up to 1 MB
 * (`linger.ms=20`, `batch.size=1000000`) compressed with `compression` (librdkafka's `compression.type`), with the
 * producer C floor; its partitioner spreads them over the partitions at random.
 */
function fillTopic(bootstrap, topic, messages, size, compression) {
  // The producer floor sends one message before the ones it is asked for.
  execFileSync(cFloorBinary, [bootstrap, topic, String(messages - 1), String(size), 'throughput', 'linger.ms=20', 'batch.size=1000000', `compression.type=${compression}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * A broker holding exactly `messages` messages of `size` bytes in `partitions` partitions of `topic`: a fresh mock
 * broker in a process of its own, or, given `cluster` (scripts/lib/kafka-cluster.js), a new topic on that real
 * cluster. stop() stops the mock broker or deletes the topic.
 */
async function filledTopic({ cluster, topic, partitions, messages, size, compression }) {
  const broker = cluster ? await KafkaTopic.start(cluster, topic, partitions) : await Broker.start(topic, partitions);
  try {
    fillTopic(broker.bootstrap, topic, messages, size, compression);
    const stored = await broker.messagesIn(topic, partitions);
    if (stored !== messages) throw new Error(`the topic holds ${stored} messages after filling, expected ${messages}`);
    return broker;
  } catch (error) {
    await broker.stop();
    throw error;
  }
}

module.exports = { buildFloors, fillTopic, filledTopic };
