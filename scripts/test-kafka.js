#!/usr/bin/env node
'use strict';
// npm run test:kafka (and the second half of npm test): the real-broker suite, test/kafka/, against a single-node
// Apache Kafka this script starts (and always stops), or against RDKAFKA_NAPI_KAFKA=host:port. RDKAFKA_NAPI_KAFKA=skip
// skips it, loudly. The suite's tests learn the broker from RDKAFKA_NAPI_KAFKA_BOOTSTRAP; tests that kill brokers
// start a 3-node cluster of their own (scripts/lib/kafka-cluster.js) and are skipped against a cluster given by address.
const { spawn } = require('child_process');
const path = require('path');
const { KafkaCluster } = require('./lib/kafka-cluster');
const { MissingTool } = require('./lib/kafka-fetch');

const root = path.join(__dirname, '..');

function runMocha(env, extraArgs) {
  const mocha = require.resolve('mocha/bin/mocha.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mocha, '--config', path.join(root, '.mocharc.kafka.json'), ...extraArgs], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const choice = process.env.RDKAFKA_NAPI_KAFKA;
  if (choice === 'skip') {
    const line = '='.repeat(100);
    process.stderr.write(`${line}\nrdkafka-napi: RDKAFKA_NAPI_KAFKA=skip: the real-broker suite (test/kafka) was NOT run.\n${line}\n`);
    return 0;
  }
  if (choice) {
    process.stderr.write(`rdkafka-napi: the real-broker suite runs against RDKAFKA_NAPI_KAFKA=${choice} (tests that kill brokers are skipped)\n`);
    return runMocha({ RDKAFKA_NAPI_KAFKA_BOOTSTRAP: choice, RDKAFKA_NAPI_KAFKA_OWN: '' }, process.argv.slice(2));
  }
  // Ctrl-C reaches mocha (a child in the same process group), which stops; this process stops the broker after it.
  // Ctrl-C while the broker starts: it is stopped as soon as it is up.
  let interrupted = false;
  process.on('SIGINT', () => {
    interrupted = true;
  });
  let cluster;
  try {
    const started = Date.now();
    cluster = await KafkaCluster.start({ brokers: 1, log: (line) => process.stderr.write(`${line}\n`) });
    process.stderr.write(`rdkafka-napi: Apache Kafka ${cluster.version} (single KRaft node) at ${cluster.bootstrapServers}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    if (error instanceof MissingTool) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    if (interrupted) return 130;
    return await runMocha({ RDKAFKA_NAPI_KAFKA_BOOTSTRAP: cluster.bootstrapServers, RDKAFKA_NAPI_KAFKA_OWN: '1' }, process.argv.slice(2));
  } finally {
    await cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
