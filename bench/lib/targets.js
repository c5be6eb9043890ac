'use strict';
// The goals of steps 5, 13 and 14, checked against a run's results: throughput as a ratio to the C floor of the
// same run (send per message, sendMany, string payloads within 10% of Buffer ones, the plain loops users write), the
// event loop's responsiveness while producing flat out, and peak memory.

const targets = {
  // By message size (bytes); step 13 set the 100 B ones, 1 KiB keeps step 5's.
  ratio: {
    base: { 100: 0.75, 1024: 0.8 },
    threaded: { 100: 0.75, 1024: 0.75 },
    future: { 100: 0.55, 1024: 0.5 },
    'base-many': { 100: 0.85 },
    'threaded-many': { 100: 0.85 },
    // Step 14: one Promise.allSettled over every send (300 000 in the step's workload: --messages 300000).
    'future-all': { 100: 0.4 },
  },
  // A row with string payloads, against the same producer's with Buffers: at least this fraction of its ratio.
  strings: { factor: 0.9, pairs: { 'base-string': 'base', 'threaded-string': 'threaded', 'future-string': 'future' } },
  // Step 14: a ThreadedProducer loop that never yields, against the benchmark's loop that does.
  plain: { factor: 0.9, pairs: { 'threaded-plain': 'threaded' } },
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
    for (const [id, bySize] of Object.entries(goals.ratio)) {
      const ratio = bySize[scenario.size];
      if (row(id) && ratio !== undefined) add(`${id}, ${scenario.title}: ratio >= ${ratio}`, row(id).ratio >= ratio, row(id).ratio.toFixed(2));
    }
    for (const relative of [goals.strings, goals.plain]) {
      for (const [id, of] of Object.entries(relative.pairs)) {
        if (!row(id) || !row(of)) continue;
        const least = relative.factor * row(of).ratio;
        add(`${id}, ${scenario.title}: ratio >= ${relative.factor} x ${of}'s (${least.toFixed(2)})`, row(id).ratio >= least, row(id).ratio.toFixed(2));
      }
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

// Step 11's goals for consumers: ratios to the C floor of the same run (per-message contenders to librdkafka's
// per-message consumer_poll, the rest to its consume_batch_queue), by message size; the event loop while a
// StreamConsumer reads flat out; peak RSS within 1.5x (C floor + an idle Node process) plus the read-ahead bound
// (one batch: queued.max.messages.kbytes, 64 MiB by default, is librdkafka's own and counted in the floor).
const consumerTargets = {
  ratio: { stream: { 100: 0.5, 1024: 0.7 }, 'stream-batches': { 100: 0.8, 1024: 0.8 }, 'base-consumer': { 100: 0.6, 1024: 0.6 } },
  eventLoop: { ids: ['stream', 'stream-batches'], p99Ms: 20, maxMs: 100 },
  memory: { ids: ['stream', 'stream-batches', 'base-consumer'], factor: 1.5 },
};

function consumerVerdicts(results, goals) {
  const found = [];
  const add = (what, met, actual) => found.push({ what, met, actual });
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  for (const scenario of results.scenarios) {
    const row = (id) => scenario.contenders.find((candidate) => candidate.id === id);
    for (const [id, bySize] of Object.entries(goals.ratio)) {
      const goal = bySize[scenario.size];
      if (row(id) && goal !== undefined) add(`${id}, ${scenario.title}: ratio to C ${row(id).against} >= ${goal}`, row(id).ratio >= goal, row(id).ratio.toFixed(2));
    }
    for (const id of goals.eventLoop.ids) {
      const delay = row(id)?.eventLoopDelay;
      if (delay) {
        add(`${id}, ${scenario.title}: event loop p99 <= ${goals.eventLoop.p99Ms} ms, max <= ${goals.eventLoop.maxMs} ms`, delay.p99Ms <= goals.eventLoop.p99Ms && delay.maxMs <= goals.eventLoop.maxMs, `${delay.p99Ms}/${delay.maxMs} ms`);
      }
    }
    const floor = row('c-batch');
    if (!floor) continue;
    const budget = goals.memory.factor * (floor.peakRssBytes + results.idleNodeRssBytes);
    for (const id of goals.memory.ids) {
      if (row(id)) add(`${id}, ${scenario.title}: peak RSS <= ${goals.memory.factor} x (C floor + idle Node) = ${mib(budget)}`, row(id).peakRssBytes <= budget, mib(row(id).peakRssBytes));
    }
  }
  return found;
}

module.exports = { targets, verdicts, consumerTargets, consumerVerdicts };
