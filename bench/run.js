#!/usr/bin/env node
'use strict';
// npm run bench: the C floor and rdkafka-napi's three producers, side by side, against a mock broker in
// a process of its own (with --kafka: against a real Apache Kafka, one KRaft node started for the run).
// npm run bench:peers adds the other Node clients (bench/peers).
//
//   node bench/run.js [--kafka] [--peers] [--latency] [--rounds 3] [--messages 1000000] [--sizes 100,1024]
//                     [--partitions 1,3] [--only c,base,...] [--check] [--no-write]
//
// Contenders run one after another (never two at once), interleaved round by round, each in a fresh
// process against a fresh broker; every run is verified by the topic's high watermarks. Reported:
// medians over the rounds. A contender's ratio is the median, over the rounds, of its rate divided by
// the C floor's rate in the same round: the machine's speed drifts, and neighbours in time share it.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { Broker, KafkaTopic } = require('./lib/broker');
const { KafkaCluster } = require('../scripts/lib/kafka-cluster');
const { barChart, formatRate } = require('./lib/chart');
const { ours, installedPeers, cFloorBinary, peersDir } = require('./lib/contenders');
const { targets, verdicts } = require('./lib/targets');
const { argument, idleNodeRss, machine, median, mib, numbers, pad, padLeft, runContender } = require('./lib/runner');

function options(argv) {
  const value = (name, fallback) => argument(argv, name, fallback);
  const latency = argv.includes('--latency');
  return {
    peers: argv.includes('--peers'),
    kafka: argv.includes('--kafka'),
    latency,
    check: argv.includes('--check'),
    write: !argv.includes('--no-write'),
    rounds: Number(value('rounds', latency ? 1 : 3)),
    messages: Number(value('messages', latency ? 2000 : 1_000_000)),
    sizes: numbers(value('sizes', latency ? '100' : '100,1024')),
    partitions: numbers(value('partitions', latency ? '1' : '1,3')),
    lingerMs: Number(value('linger', latency ? 0 : 5)),
    only: value('only', undefined)?.split(','),
  };
}

function buildCFloor() {
  // The addon's build folder knows where the vendored librdkafka is; the target is built on demand.
  if (!fs.existsSync(path.join(__dirname, '..', 'build', 'CMakeCache.txt'))) {
    throw new Error('build the addon first (npm run build)');
  }
  execFileSync('cmake', ['--build', path.join(__dirname, '..', 'build'), '--target', 'rdkafka_c_floor'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!fs.existsSync(cFloorBinary)) throw new Error(`the C floor was not built: ${cFloorBinary}`);
}

let measured = 0;

async function measure(contender, scenario, opts) {
  // On a real broker every measurement gets a topic of its own; a mock broker is fresh each time anyway.
  const topic = opts.cluster ? `bench-${contender.id}-${++measured}` : `bench-${contender.id}`;
  const broker = opts.cluster ? await KafkaTopic.start(opts.cluster, topic, scenario.partitions) : await Broker.start(topic, scenario.partitions);
  try {
    const workload = { bootstrap: broker.bootstrap, topic, messages: opts.messages, size: scenario.size, lingerMs: opts.lingerMs, mode: opts.latency ? 'latency' : 'throughput', ...contender.workload };
    const report = await runContender(contender, workload);
    if (report.delivered !== opts.messages || report.failed !== 0) {
      throw new Error(`${contender.id}: ${report.delivered} delivered and ${report.failed} failed, of ${opts.messages}`);
    }
    // A reference row (JavaScript alone) writes nothing to check.
    if (contender.reference) return report;
    // One warm-up message before timing (and any a contender sent to measure memory), then the measured ones.
    const expected = opts.messages + 1 + (report.extraMessages ?? 0);
    const stored = await broker.messagesIn(topic, scenario.partitions);
    if (stored !== expected) throw new Error(`${contender.id}: the topic holds ${stored} messages, expected ${expected}`);
    return report;
  } finally {
    await broker.stop();
  }
}

function summarise(runs, contender, opts) {
  const medianOf = (pick) => (runs.every((run) => pick(run) != null) ? median(runs.map(pick)) : null);
  return {
    id: contender.id,
    label: contender.label,
    msgsPerSec: median(runs.map((run) => opts.messages / run.seconds)),
    peakRssBytes: medianOf((run) => run.peakRssBytes),
    peakOutstanding: medianOf((run) => run.peakOutstanding),
    bytesPerFuture: medianOf((run) => run.bytesPerFuture),
    eventLoopDelay: runs[0].eventLoopDelay ? { p99Ms: medianOf((run) => run.eventLoopDelay.p99Ms), maxMs: Math.max(...runs.map((run) => run.eventLoopDelay.maxMs)) } : null,
    latency: runs[0].latency ? { p50Ms: medianOf((run) => run.latency.p50Ms), p99Ms: medianOf((run) => run.latency.p99Ms), maxMs: Math.max(...runs.map((run) => run.latency.maxMs)) } : null,
    runs: runs.map((run) => ({ msgsPerSec: Math.round(opts.messages / run.seconds), ...run })),
  };
}

function printTable(results, opts) {
  for (const scenario of results.scenarios) {
    console.log(`\n${scenario.title}`);
    if (opts.latency) {
      console.log(`  ${pad('contender', 58)} ${padLeft('p50', 9)} ${padLeft('p99', 9)} ${padLeft('max', 9)}`);
      for (const row of scenario.contenders) {
        console.log(`  ${pad(row.label, 58)} ${padLeft(`${row.latency.p50Ms} ms`, 9)} ${padLeft(`${row.latency.p99Ms} ms`, 9)} ${padLeft(`${row.latency.maxMs} ms`, 9)}`);
      }
      continue;
    }
    console.log(`  ${pad('contender', 58)} ${padLeft('msgs/s', 11)} ${padLeft('ratio', 6)} ${padLeft('CPU', 5)} ${padLeft('loop p99/max', 16)} ${padLeft('peak RSS', 9)}`);
    for (const row of scenario.contenders) {
      const loop = row.eventLoopDelay ? `${row.eventLoopDelay.p99Ms}/${row.eventLoopDelay.maxMs} ms` : '-';
      const cpu = row.cpuRatio == null ? '-' : row.cpuRatio.toFixed(2);
      console.log(
        `  ${pad(row.label, 58)} ${padLeft(Math.round(row.msgsPerSec).toLocaleString('en-US'), 11)} ${padLeft(row.ratio.toFixed(2), 6)} ${padLeft(cpu, 5)} ${padLeft(loop, 16)} ${padLeft(mib(row.peakRssBytes), 9)}`,
      );
    }
  }
}

function chartOf(results, opts) {
  const subtitle = `${results.machine.cpus} × ${results.machine.cpu}, Node ${results.machine.node}; ${opts.cluster ? `Apache Kafka ${opts.cluster.version}, one node` : 'mock broker in its own process'}; ${opts.latency ? 'one message at a time, linger.ms=0' : `${opts.messages.toLocaleString('en-US')} messages, linger.ms=${opts.lingerMs}, median of ${opts.rounds}`}`;
  const groups = results.scenarios.map((scenario) => ({
    title: scenario.title,
    bars: scenario.contenders.map((row) => {
      const contender = [...ours, ...installedPeers()].find((c) => c.id === row.id);
      if (opts.latency) return { contender, value: row.latency.p50Ms, label: `p50 ${row.latency.p50Ms} ms, p99 ${row.latency.p99Ms} ms` };
      return { contender, value: row.msgsPerSec, label: contender.floor ? formatRate(row.msgsPerSec) : `${formatRate(row.msgsPerSec)} (${row.ratio.toFixed(2)} of C)` };
    }),
  }));
  const title = opts.latency ? 'Round trip, send to delivery report (lower is better)' : 'Producer throughput, messages per second (longer is better)';
  return barChart({ title, subtitle, groups });
}

async function main() {
  const opts = options(process.argv.slice(2));
  buildCFloor();
  // The rows that vary the workload (string payloads, sendMany) say nothing more about one message's round trip.
  let contenders = opts.latency ? ours.filter((c) => c.workload === undefined) : [...ours];
  if (opts.peers) {
    const peers = installedPeers();
    if (peers.length === 0) throw new Error('no peers installed: run  npm run bench:peers:install  first (see bench/peers/README.md)');
    contenders.push(...peers);
  }
  if (opts.only) contenders = contenders.filter((c) => c.floor || opts.only.includes(c.id));

  const scenarios = [];
  for (const size of opts.sizes) for (const partitions of opts.partitions) scenarios.push({ size, partitions, title: `${size} B messages, ${partitions} partition${partitions > 1 ? 's' : ''}` });
  const runs = new Map(); // `${scenario}/${contender}` -> reports
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

async function measureAll(contenders, scenarios, runs, opts) {
  for (let round = 1; round <= opts.rounds; round++) {
    for (const scenario of scenarios) {
      for (const contender of contenders) {
        process.stderr.write(`round ${round}/${opts.rounds}: ${scenario.title}: ${contender.id} ... `);
        const report = await measure(contender, scenario, opts);
        process.stderr.write(opts.latency ? `p50 ${report.latency.p50Ms} ms\n` : `${Math.round(opts.messages / report.seconds).toLocaleString('en-US')} msgs/s\n`);
        const key = `${scenario.title}/${contender.id}`;
        runs.set(key, [...(runs.get(key) ?? []), report]);
      }
    }
  }
}

function report(contenders, scenarios, runs, opts) {

  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    command: `node bench/run.js ${process.argv.slice(2).join(' ')}`.trim(),
    broker: opts.cluster ? `Apache Kafka ${opts.cluster.version}, one KRaft node on loopback` : 'librdkafka mock cluster, in its own process',
    workload: { messages: opts.messages, lingerMs: opts.lingerMs, rounds: opts.rounds, mode: opts.latency ? 'latency' : 'throughput' },
    idleNodeRssBytes: idleNodeRss(),
    scenarios: scenarios.map((scenario) => {
      const rows = contenders.map((contender) => summarise(runs.get(`${scenario.title}/${contender.id}`), contender, opts));
      const floor = rows.find((row) => row.id === 'c');
      for (const row of rows) {
        row.ratio = median(row.runs.map((run, round) => run.msgsPerSec / floor.runs[round].msgsPerSec));
        // The producing thread's CPU per message, the C floor's over this one's: the cost of the JS side alone,
        // steadier than the rates when librdkafka's threads and the broker compete for the same cores.
        const cpu = row.runs.map((run, round) => (run.mainCpuSeconds && floor.runs[round].mainCpuSeconds ? floor.runs[round].mainCpuSeconds / run.mainCpuSeconds : null));
        row.cpuRatio = cpu.every((value) => value !== null) ? median(cpu) : null;
      }
      return { ...scenario, contenders: rows };
    }),
  };
  // The targets are set against the mock broker, whose cost is small and steady; a real broker on the same machine
  // takes its share of the CPU (a JVM), so its figures are reported, not judged.
  results.targets = opts.latency || opts.kafka ? [] : verdicts(results, targets);

  printTable(results, opts);
  if (results.targets.length > 0) {
    console.log('\nTargets');
    for (const verdict of results.targets) console.log(`  ${verdict.met ? 'met   ' : 'MISSED'} ${verdict.what}: ${verdict.actual}`);
  }
  if (opts.write) {
    const name = `${opts.peers ? 'peers' : 'producers'}${opts.kafka ? '-kafka' : ''}${opts.latency ? '-latency' : ''}`;
    const dir = path.join(__dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, `${name}.svg`), chartOf(results, opts));
    console.log(`\nwrote bench/results/${name}.json and bench/results/${name}.svg`);
  }
  if (opts.check && results.targets.some((verdict) => !verdict.met)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`\nbench: ${error.message}`);
  process.exit(1);
});
