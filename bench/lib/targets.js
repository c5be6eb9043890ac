'use strict';
// The goals of step 5, checked against a run's results: throughput as a ratio to the C floor of the
// same run, the event loop's responsiveness while producing flat out, and peak memory.

const targets = {
  ratio: { base: 0.8, threaded: 0.75, future: 0.5 },
  eventLoop: { ids: ['threaded', 'future'], p99Ms: 20, maxMs: 100 },
  // Peak RSS, for the 100 B, 1-partition workload: within 1.5x of (C floor + an idle Node process);
  // FutureProducer may add up to 250 bytes per future outstanding (sent, not settled), beyond that.
  memory: { ids: ['base', 'threaded', 'future'], factor: 1.5, futureBytesEach: 250 },
};

function verdicts(results, goals) {
  const found = [];
  const add = (what, met, actual) => found.push({ what, met, actual });
  for (const scenario of results.scenarios) {
    const row = (id) => scenario.contenders.find((candidate) => candidate.id === id);
    for (const [id, ratio] of Object.entries(goals.ratio)) {
      if (row(id)) add(`${id}, ${scenario.title}: ratio >= ${ratio}`, row(id).ratio >= ratio, row(id).ratio.toFixed(2));
    }
    for (const id of goals.eventLoop.ids) {
      const delay = row(id)?.eventLoopDelay;
      if (delay) {
        add(`${id}, ${scenario.title}: event loop p99 <= ${goals.eventLoop.p99Ms} ms, max <= ${goals.eventLoop.maxMs} ms`, delay.p99Ms <= goals.eventLoop.p99Ms && delay.maxMs <= goals.eventLoop.maxMs, `${delay.p99Ms}/${delay.maxMs} ms`);
      }
    }
    if (scenario.size !== 100 || scenario.partitions !== 1 || !row('c')) continue;
    const allowance = row('c').peakRssBytes + results.idleNodeRssBytes;
    const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    for (const id of goals.memory.ids) {
      if (!row(id)) continue;
      const futures = row(id).peakOutstanding ?? 0;
      const budget = goals.memory.factor * allowance + goals.memory.futureBytesEach * futures;
      const what = futures > 0 ? ` + ${goals.memory.futureBytesEach} B x ${futures} futures outstanding` : '';
      add(`${id}: peak RSS <= ${goals.memory.factor} x (C floor + idle Node)${what} = ${mib(budget)}`, row(id).peakRssBytes <= budget, mib(row(id).peakRssBytes));
    }
    if (row('future')?.bytesPerFuture != null) {
      const each = row('future').bytesPerFuture;
      add(`future: heap held per outstanding future <= ${goals.memory.futureBytesEach} B`, each <= goals.memory.futureBytesEach, `${each} B`);
    }
  }
  return found;
}

module.exports = { targets, verdicts };
