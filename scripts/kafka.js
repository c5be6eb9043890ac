#!/usr/bin/env node
'use strict';
// npm run kafka -- [start] [--brokers 1|3] | fetch [--update-pin]
//   fetch: brings the pinned Apache Kafka (deps/kafka.json) into the cache; with --update-pin, after the artifacts in
//          deps/kafka.json were changed, records the digests of the jars fetched instead of checking them.
//   start: starts a cluster on loopback, prints its bootstrap servers, and stops it (removing its data) on Ctrl-C.
const { KafkaCluster } = require('./lib/kafka-cluster');
const { fetchKafka, MissingTool } = require('./lib/kafka-fetch');

async function main(argv) {
  const at = argv.indexOf('--brokers');
  const brokers = at >= 0 ? Number(argv[at + 1]) : 1;
  const command = argv.find((arg, i) => !arg.startsWith('-') && !(at >= 0 && i === at + 1)) ?? 'start';
  const log = (line) => process.stderr.write(`${line}\n`);
  if (command === 'fetch') {
    const { dir, version } = fetchKafka(log, { updatePin: argv.includes('--update-pin') });
    log(`rdkafka-napi: Apache Kafka ${version} in ${dir}`);
    return;
  }
  if (command !== 'start' || !(brokers === 1 || brokers === 3)) throw new Error('usage: npm run kafka -- [start] [--brokers 1|3] | fetch');
  // From the start: Ctrl-C while the cluster starts stops it once it is up (its JVMs die with this process anyway).
  const stopped = new Promise((resolve) => process.on('SIGINT', resolve).on('SIGTERM', resolve));
  const started = Date.now();
  const cluster = await KafkaCluster.start({ brokers, log });
  log(`rdkafka-napi: Apache Kafka ${cluster.version}, ${brokers} KRaft node(s), ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Ctrl-C stops it`);
  process.stdout.write(`${cluster.bootstrapServers}\n`);
  await stopped;
  await cluster.stop();
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof MissingTool ? error.message : error.stack}\n`);
  process.exit(1);
});
