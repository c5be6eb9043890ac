#!/usr/bin/env node
'use strict';
// npm run bench, consumer side: the C floors (librdkafka's high-level consumer, batch and per message) and
// rdkafka-napi's consumers, each reading a pre-filled topic from its beginning, against a mock broker in a process
// of its own (with --kafka: a topic of its own on a real Apache Kafka, one KRaft node started for the run). With
// --peers, the other Node clients' consumers too (bench/peers). The topic is filled lz4-compressed on the mock
// broker (see fillTopic), uncompressed on a real one unless --compression says otherwise.
//
//   node bench/consumers.js [--kafka] [--peers] [--rounds 3] [--messages N] [--sizes 100,1024] [--partitions 1,3]
//                           [--compression lz4|none|...] [--only c-batch,stream] [--check] [--no-write]
//
// Per round and scenario one topic is made and filled (by the producer C floor: consumers do not change a topic, so
// every contender of the round reads the same one), then the contenders take turns, each in a fresh process, each
// checking every message (partition, offset in order without a gap, size). Without --messages, 1 M messages of
// 100 B and 300 k of 1 KiB. A contender's ratio is the median, over the rounds, of its rate divided by its floor's
// rate in the same round (per-message contenders against the per-message floor, the rest against the batch floor).
const fs = require('fs');
const path = require('path');
const { KafkaCluster } = require('../scripts/lib/kafka-cluster');
const { barChart, formatRate } = require('./lib/chart');
const { consumers, consumerPeers, installedPeers } = require('./lib/contenders');
const { buildFloors, filledTopic } = require('./lib/fill');
const { consumerTargets, consumerVerdicts } = require('./lib/targets');
const { argument, idleNodeRss, machine, median, mib, numbers, pad, padLeft, runContender } = require('./lib/runner');

function options(argv) {
  const value = (name, fallback) => argument(argv, name, fallback);
  const kafka = argv.includes('--kafka');
  return {
    peers: argv.includes('--peers'),
    kafka,
    // A mock partition keeps only 5 MiB of batches (see fillTopic): compressed, millions of messages fit. A real
    // broker keeps them all.
    compression: value('compression', kafka ? 'none' : 'lz4'),
    check: argv.includes('--check'),
    write: !argv.includes('--no-write'),
    rounds: Number(value('rounds', 3)),
    messages: value('messages', undefined) === undefined ? undefined : Number(value('messages')),
    sizes: numbers(value('sizes', '100,1024')),
    partitions: numbers(value('partitions', '1,3')),
    only: value('only', undefined)?.split(','),
    leftOut: [],
  };
}

const defaultMessages = (size) => (size >= 1024 ? 300_000 : 1_000_000);

// Set alike for every contender, the C floors included. librdkafka stops fetching a partition for
// fetch.queue.backoff.ms (1 s by default) once its local queue holds queued.min.messages (100 000): a consumer
// that reads faster than 100 000 messages a second but slower than the broker delivers would wait out that second
// over and over, which measures the setting, not the consumer.
const settings = { 'fetch.queue.backoff.ms': 10 };

let filled = 0;

async function measureAll(contenders, scenarios, runs, opts) {
  for (let round = 1; round <= opts.rounds; round++) {
    for (const scenario of scenarios) {
      // On a real broker every round and scenario gets a topic of its own, deleted afterwards; a mock broker is fresh
      // each time anyway. Compressed on the mock: a mock partition keeps 5 MiB of batches and drops older ones (its
      // limit, not settable), and lz4 fits millions of these payloads (one repeated byte) in that. Every contender,
      // the C floors too, decompresses the same batches.
      const topic = opts.cluster ? `bench-consume-${++filled}` : 'bench-consume';
      process.stderr.write(`round ${round}/${opts.rounds}: ${scenario.title}: filling ... `);
      const broker = await filledTopic({ cluster: opts.cluster, topic, partitions: scenario.partitions, messages: scenario.messages, size: scenario.size, compression: opts.compression });
      process.stderr.write('done\n');
      try {
        const workload = { bootstrap: broker.bootstrap, topic, partitions: scenario.partitions, messages: scenario.messages, size: scenario.size, settings };
        if (opts.cluster) {
          // A real broker serves the first read of a topic slower than the next ones (its JVM's code for it is still
          // being compiled): one untimed read by the batch floor first, so that the first contender does not pay it.
          process.stderr.write(`round ${round}/${opts.rounds}: ${scenario.title}: warm-up read ... `);
          const warmUp = await runContender(contenders.find((contender) => contender.floor === 'batch'), workload);
          process.stderr.write(`${Math.round(scenario.messages / warmUp.seconds).toLocaleString('en-US')} msgs/s, not counted\n`);
        }
        for (const contender of contenders) {
          process.stderr.write(`round ${round}/${opts.rounds}: ${scenario.title}: ${contender.id} ... `);
          const report = await runContender(contender, workload);
          if (report.consumed !== scenario.messages) throw new Error(`${contender.id}: consumed ${report.consumed} of ${scenario.messages}`);
          process.stderr.write(`${Math.round(scenario.messages / report.seconds).toLocaleString('en-US')} msgs/s\n`);
          const key = `${scenario.title}/${contender.id}`;
          runs.set(key, [...(runs.get(key) ?? []), report]);
        }
      } finally {
        await broker.stop();
      }
    }
  }
}

function summarise(reports, contender, scenario) {
  const medianOf = (pick) => (reports.every((run) => pick(run) != null) ? median(reports.map(pick)) : null);
  return {
    id: contender.id,
    label: contender.label,
    floor: contender.floor ?? null,
    against: contender.against,
    msgsPerSec: median(reports.map((run) => scenario.messages / run.seconds)),
    peakRssBytes: medianOf((run) => run.peakRssBytes),
    eventLoopDelay: reports[0].eventLoopDelay ? { p99Ms: medianOf((run) => run.eventLoopDelay.p99Ms), maxMs: Math.max(...reports.map((run) => run.eventLoopDelay.maxMs)) } : null,
    runs: reports.map((run) => ({ msgsPerSec: Math.round(scenario.messages / run.seconds), ...run })),
  };
}

function printTable(results) {
  for (const scenario of results.scenarios) {
    console.log(`\n${scenario.title}`);
    console.log(`  ${pad('contender', 62)} ${padLeft('msgs/s', 11)} ${padLeft('ratio', 6)} ${padLeft('loop p99/max', 16)} ${padLeft('peak RSS', 9)}`);
    for (const row of scenario.contenders) {
      const loop = row.eventLoopDelay ? `${row.eventLoopDelay.p99Ms}/${row.eventLoopDelay.maxMs} ms` : '-';
      const ratio = row.ratio == null ? '-' : `${row.ratio.toFixed(2)}`;
      console.log(`  ${pad(row.label, 62)} ${padLeft(Math.round(row.msgsPerSec).toLocaleString('en-US'), 11)} ${padLeft(ratio, 6)} ${padLeft(loop, 16)} ${padLeft(mib(row.peakRssBytes), 9)}`);
    }
  }
}

function chartOf(results, contenders, opts) {
  const broker = opts.cluster ? `Apache Kafka ${opts.cluster.version}, one node` : 'mock broker in its own process';
  const subtitle = `${results.machine.cpus} × ${results.machine.cpu}, Node ${results.machine.node}; ${broker}; pre-filled topic (${opts.compression}) read from its start, median of ${results.workload.rounds}`;
  const groups = results.scenarios.map((scenario) => ({
    title: scenario.title,
    bars: scenario.contenders.map((row) => {
      const contender = contenders.find((c) => c.id === row.id);
      return { contender, value: row.msgsPerSec, label: row.ratio == null ? formatRate(row.msgsPerSec) : `${formatRate(row.msgsPerSec)} (${row.ratio.toFixed(2)} of C ${row.against})` };
    }),
  }));
  return barChart({ title: 'Consumer throughput, messages per second (longer is better)', subtitle, groups });
}

function report(contenders, scenarios, runs, opts) {
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    command: `node bench/consumers.js ${process.argv.slice(2).join(' ')}`.trim(),
    broker: opts.cluster ? `Apache Kafka ${opts.cluster.version}, one KRaft node on loopback` : 'librdkafka mock cluster, in its own process',
    workload: {
      rounds: opts.rounds,
      compression: opts.compression,
      settings: { ...settings, 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' },
      assignment: 'every partition, from the beginning (the peers without an assign of their own join a group instead)',
    },
    idleNodeRssBytes: idleNodeRss(),
    leftOut: opts.leftOut,
    scenarios: scenarios.map((scenario) => {
      const rows = contenders.map((contender) => summarise(runs.get(`${scenario.title}/${contender.id}`), contender, scenario));
      for (const row of rows) {
        if (row.floor) continue;
        const floor = rows.find((candidate) => candidate.floor === row.against);
        row.ratio = floor ? median(row.runs.map((run, round) => run.msgsPerSec / floor.runs[round].msgsPerSec)) : null;
      }
      return { ...scenario, contenders: rows };
    }),
  };
  // The targets are set against the mock broker; a real broker on the same machine takes its share of the CPU (a JVM),
  // so its figures are reported, not judged.
  results.targets = opts.kafka ? [] : consumerVerdicts(results, consumerTargets);
  printTable(results);
  for (const { id, why } of results.leftOut) console.log(`\nleft out: ${id} (${why})`);
  if (results.targets.length > 0) {
    console.log('\nTargets');
    for (const verdict of results.targets) console.log(`  ${verdict.met ? 'met   ' : 'MISSED'} ${verdict.what}: ${verdict.actual}`);
  }
  if (opts.write) {
    const name = `consumers${opts.peers ? '-peers' : ''}${opts.kafka ? '-kafka' : ''}`;
    const dir = path.join(__dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, `${name}.svg`), chartOf(results, contenders, opts));
    console.log(`\nwrote bench/results/${name}.json and bench/results/${name}.svg`);
  }
  if (opts.check && results.targets.some((verdict) => !verdict.met)) process.exitCode = 1;
}

async function main() {
  const opts = options(process.argv.slice(2));
  buildFloors();
  let contenders = [...consumers];
  if (opts.peers) {
    const peers = installedPeers(consumerPeers);
    if (peers.length === 0) throw new Error('no peers installed: run  npm run bench:peers:install  first (see bench/peers/README.md)');
    for (const peer of peers) {
      if (opts.only && !opts.only.includes(peer.id)) continue;
      if (peer.realBrokerOnly && !opts.kafka) {
        process.stderr.write(`left out: ${peer.id}, only with --kafka: ${peer.realBrokerOnly}\n`);
        opts.leftOut.push({ id: peer.id, why: peer.realBrokerOnly });
      } else contenders.push(peer);
    }
  }
  if (opts.only) contenders = contenders.filter((c) => c.floor || opts.only.includes(c.id));
  const scenarios = [];
  for (const size of opts.sizes) {
    for (const partitions of opts.partitions) {
      const messages = opts.messages ?? defaultMessages(size);
      scenarios.push({ size, partitions, messages, title: `${size} B messages, ${partitions} partition${partitions > 1 ? 's' : ''}, ${messages.toLocaleString('en-US')} messages` });
    }
  }
  const runs = new Map();
  if (opts.kafka) {
    opts.cluster = await KafkaCluster.start({ brokers: 1, log: (line) => process.stderr.write(`${line}\n`) });
    process.stderr.write(`Apache Kafka ${opts.cluster.version} (one KRaft node) at ${opts.cluster.bootstrapServers}\n`);
  }
  try {
    await measureAll(contenders, scenarios, runs, opts);
  } finally {
    await opts.cluster?.stop();
  }
  report(contenders, scenarios, runs, opts);
}

main().catch((error) => {
  console.error(`\nbench: ${error.message}`);
  process.exit(1);
});
