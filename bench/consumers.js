#!/usr/bin/env node
'use strict';
// npm run bench, consumer side: the C floors (librdkafka's high-level consumer, batch and per message) and
// rdkafka-napi's consumers, each reading a pre-filled topic from its beginning, against a mock broker in a process
// of its own. The topic is filled lz4-compressed (see filledBroker).
//
//   node bench/consumers.js [--rounds 3] [--messages N] [--sizes 100,1024] [--partitions 1,3] [--only c-batch,stream]
//                           [--check] [--no-write]
//
// Per round and scenario one broker is started and filled (by the producer C floor: consumers do not change a
// topic, so every contender of the round reads the same one), then the contenders take turns, each in a fresh
// process, each checking every message (partition, offset in order without a gap, size). Without --messages, 1 M
// messages of 100 B and 300 k of 1 KiB. A contender's ratio is the median, over the rounds, of its rate divided by
// its floor's rate in the same round (per-message contenders against the per-message floor, the rest against the
// batch floor).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { Broker } = require('./lib/broker');
const { barChart, formatRate } = require('./lib/chart');
const { cFloorBinary, cConsumerFloorBinary, consumers } = require('./lib/contenders');
const { consumerTargets, consumerVerdicts } = require('./lib/targets');
const { argument, idleNodeRss, machine, median, mib, numbers, pad, padLeft, runContender } = require('./lib/runner');

function options(argv) {
  const value = (name, fallback) => argument(argv, name, fallback);
  return {
    check: argv.includes('--check'),
    write: !argv.includes('--no-write'),
    rounds: Number(value('rounds', 3)),
    messages: value('messages', undefined) === undefined ? undefined : Number(value('messages')),
    sizes: numbers(value('sizes', '100,1024')),
    partitions: numbers(value('partitions', '1,3')),
    only: value('only', undefined)?.split(','),
  };
}

const defaultMessages = (size) => (size >= 1024 ? 300_000 : 1_000_000);

// Set alike for every contender, the C floors included. librdkafka stops fetching a partition for
// fetch.queue.backoff.ms (1 s by default) once its local queue holds queued.min.messages (100 000): a consumer
// that reads faster than 100 000 messages a second but slower than the broker delivers would wait out that second
// over and over, which measures the setting, not the consumer.
const settings = { 'fetch.queue.backoff.ms': 10 };

function buildFloors() {
  if (!fs.existsSync(path.join(__dirname, '..', 'build', 'CMakeCache.txt'))) throw new Error('build the addon first (npm run build)');
  for (const target of ['rdkafka_c_floor', 'rdkafka_c_consumer_floor']) {
    execFileSync('cmake', ['--build', path.join(__dirname, '..', 'build'), '--target', target], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  for (const binary of [cFloorBinary, cConsumerFloorBinary]) if (!fs.existsSync(binary)) throw new Error(`not built: ${binary}`);
}

/** A fresh broker holding exactly `messages` messages of `size` bytes in `partitions` partitions of `topic`. */
async function filledBroker(topic, partitions, messages, size) {
  const broker = await Broker.start(topic, partitions);
  try {
    // The producer floor sends one message before the ones it is asked for. Compressed: a mock partition keeps
    // 5 MiB of batches and drops older ones (its limit, not settable), and lz4 fits millions of these payloads
    // (one repeated byte) in that. Every contender, the C floors too, decompresses the same batches.
    execFileSync(cFloorBinary, [broker.bootstrap, topic, String(messages - 1), String(size), 'throughput', 'linger.ms=20', 'batch.size=1000000', 'compression.type=lz4'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const stored = await broker.messagesIn(topic, partitions);
    if (stored !== messages) throw new Error(`the topic holds ${stored} messages after filling, expected ${messages}`);
    return broker;
  } catch (error) {
    await broker.stop();
    throw error;
  }
}

async function measureAll(contenders, scenarios, runs, opts) {
  for (let round = 1; round <= opts.rounds; round++) {
    for (const scenario of scenarios) {
      const topic = 'bench-consume';
      process.stderr.write(`round ${round}/${opts.rounds}: ${scenario.title}: filling ... `);
      const broker = await filledBroker(topic, scenario.partitions, scenario.messages, scenario.size);
      process.stderr.write('done\n');
      try {
        for (const contender of contenders) {
          process.stderr.write(`round ${round}/${opts.rounds}: ${scenario.title}: ${contender.id} ... `);
          const workload = { bootstrap: broker.bootstrap, topic, partitions: scenario.partitions, messages: scenario.messages, size: scenario.size, settings };
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

function chartOf(results, contenders) {
  const subtitle = `${results.machine.cpus} × ${results.machine.cpu}, Node ${results.machine.node}; mock broker in its own process; pre-filled topic read from its start, median of ${results.workload.rounds}`;
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
    broker: 'librdkafka mock cluster, in its own process',
    workload: { rounds: opts.rounds, settings: { ...settings, 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' }, assignment: 'every partition, from the beginning' },
    idleNodeRssBytes: idleNodeRss(),
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
  results.targets = consumerVerdicts(results, consumerTargets);
  printTable(results);
  if (results.targets.length > 0) {
    console.log('\nTargets');
    for (const verdict of results.targets) console.log(`  ${verdict.met ? 'met   ' : 'MISSED'} ${verdict.what}: ${verdict.actual}`);
  }
  if (opts.write) {
    const dir = path.join(__dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'consumers.json'), `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, 'consumers.svg'), chartOf(results, contenders));
    console.log('\nwrote bench/results/consumers.json and bench/results/consumers.svg');
  }
  if (opts.check && results.targets.some((verdict) => !verdict.met)) process.exitCode = 1;
}

async function main() {
  const opts = options(process.argv.slice(2));
  buildFloors();
  let contenders = [...consumers];
  if (opts.only) contenders = contenders.filter((c) => c.floor || opts.only.includes(c.id));
  const scenarios = [];
  for (const size of opts.sizes) {
    for (const partitions of opts.partitions) {
      const messages = opts.messages ?? defaultMessages(size);
      scenarios.push({ size, partitions, messages, title: `${size} B messages, ${partitions} partition${partitions > 1 ? 's' : ''}, ${messages.toLocaleString('en-US')} messages` });
    }
  }
  const runs = new Map();
  await measureAll(contenders, scenarios, runs, opts);
  report(contenders, scenarios, runs, opts);
}

main().catch((error) => {
  console.error(`\nbench: ${error.message}`);
  process.exit(1);
});
