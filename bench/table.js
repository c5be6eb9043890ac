#!/usr/bin/env node
'use strict';
// Prints a results file of bench/run.js as a Markdown table (for the README).
//
//   node bench/table.js bench/results/peers.json
const fs = require('fs');

const file = process.argv[2] ?? `${__dirname}/results/producers.json`;
const results = JSON.parse(fs.readFileSync(file, 'utf8'));
const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;
const rate = (value) => Math.round(value).toLocaleString('en-US').replace(/,/g, ' ');

if (results.workload.mode === 'latency') {
  const [scenario] = results.scenarios;
  console.log('| contender | p50 | p99 | max |\n|---|---|---|---|');
  for (const row of scenario.contenders) console.log(`| ${row.label} | ${row.latency.p50Ms} ms | ${row.latency.p99Ms} ms | ${row.latency.maxMs} ms |`);
} else {
  const titles = results.scenarios.map((scenario) => scenario.title.replace(' messages', '').replace(/partitions?/, 'p.'));
  console.log(`| contender | ${titles.map((title) => `${title} msgs/s | ratio`).join(' | ')} | loop p99/max¹ | peak RSS¹ |`);
  console.log(`|---|${titles.map(() => '---|---').join('|')}|---|---|`);
  for (const [index, row] of results.scenarios[0].contenders.entries()) {
    const cells = results.scenarios.map((scenario) => {
      const entry = scenario.contenders[index];
      return `${rate(entry.msgsPerSec)} | ${entry.ratio.toFixed(2)}`;
    });
    const loop = row.eventLoopDelay ? `${row.eventLoopDelay.p99Ms}/${row.eventLoopDelay.maxMs} ms` : '–';
    console.log(`| ${row.label} | ${cells.join(' | ')} | ${loop} | ${mib(row.peakRssBytes)} |`);
  }
}
const note = results.workload.mode === 'latency' ? `${results.scenarios[0].title}, one at a time` : `¹ ${results.scenarios[0].title}`;
console.log(`\n${note}. ${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}; \`${results.command}\`, ${results.date.slice(0, 10)}.`);
