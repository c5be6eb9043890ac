#!/usr/bin/env node
'use strict';
// A MockCluster in a process of its own, so that a benchmark or soak measures the producer's process
// alone. Prints its bootstrap servers as the first line of stdout, then runs until stdin closes, or
// SIGTERM/SIGINT.
//
//   node bench/mock-broker.js [brokers=1] [topic:partitions ...]
const { MockCluster } = require('..');

const [brokers = '1', ...topics] = process.argv.slice(2);
const cluster = new MockCluster(Number(brokers));
for (const spec of topics) {
  const [name, partitions = '1'] = spec.split(':');
  cluster.createTopic(name, Number(partitions), 1);
}
process.stdout.write(`${cluster.bootstrapServers}\n`);
const stop = () => {
  cluster.close();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
