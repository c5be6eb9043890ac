'use strict';
// What every contender process shares: the workload it was given, the clock, the event-loop
// monitor and the one JSON line it reports to bench/run.js.
//
// A contender is run as `node bench/contenders/<name>.js '<workload JSON>'` with
//   { bootstrap, topic, messages, size, lingerMs, mode: 'throughput' | 'latency' }
// and, for some rows, `payloadType: 'string'` (payloads are strings of `size` ASCII characters instead of
// Buffers), `batch: n` (records go n at a time through sendMany), `plain: true` (the loop users write, step 14)
// or `group: n` (the plain FutureProducer awaits its promises n at a time).
// and, before timing, produces one message and waits for its delivery (so connecting and metadata
// are not measured; the runner expects messages + 1 in the topic).
const fs = require('fs');
const { monitorEventLoopDelay } = require('perf_hooks');

/**
 * CPU time of the calling (main) thread, in seconds: what the JS side costs, apart from librdkafka's threads and
 * the poll thread (the C floor measures its producing thread the same way). Null where Linux's schedstat is missing.
 */
function mainThreadCpuSeconds() {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return null;
  }
}

function workload() {
  const spec = JSON.parse(process.argv[2] ?? '{}');
  for (const key of ['bootstrap', 'topic', 'messages', 'size']) {
    if (spec[key] === undefined) throw new Error(`workload: missing "${key}"`);
  }
  const payload = spec.payloadType === 'string' ? 'x'.repeat(spec.size) : Buffer.alloc(spec.size, 'x');
  return { lingerMs: 5, mode: 'throughput', batch: 0, group: 0, plain: false, ...spec, payload };
}

/** Times the measured part, with the event loop's delay sampled every 5 ms meanwhile. */
class Measurement {
  #started = 0n;
  #seconds = 0;
  #cpuStarted = null;
  #cpuSeconds = null;
  #loop = monitorEventLoopDelay({ resolution: 5 });
  #roundTrips = [];

  start() {
    this.#loop.enable();
    this.#cpuStarted = mainThreadCpuSeconds();
    this.#started = process.hrtime.bigint();
  }

  stop() {
    this.#seconds = Number(process.hrtime.bigint() - this.#started) / 1e9;
    const cpu = mainThreadCpuSeconds();
    this.#cpuSeconds = cpu === null || this.#cpuStarted === null ? null : cpu - this.#cpuStarted;
    this.#loop.disable();
  }

  /** Latency mode: one message's send-to-delivery time. */
  roundTrip(startedNs) {
    this.#roundTrips.push(Number(process.hrtime.bigint() - startedNs) / 1e6);
  }

  report(fields = {}) {
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    const result = {
      seconds: this.#seconds,
      mainCpuSeconds: this.#cpuSeconds,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      // The histogram reports how much later than its 5 ms tick each sample ran.
      eventLoopDelay: this.#loop.count > 0 ? { p99Ms: ms(this.#loop.percentile(99)), maxMs: ms(this.#loop.max) } : null,
      ...fields,
    };
    if (this.#roundTrips.length > 0) result.latency = percentiles(this.#roundTrips);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50Ms: round(at(50)), p99Ms: round(at(99)), maxMs: round(sorted[sorted.length - 1]) };
}

const round = (value) => Math.round(value * 1000) / 1000;

/** Resolves on the next turn of the event loop, after I/O and timers had their chance. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** How many messages a throughput contender sends before yielding to the event loop. */
const SLICE = 1000;

/** What Promise.allSettled answered: how many promises were fulfilled (delivered) and how many rejected (failed). */
function tally(outcomes) {
  let delivered = 0;
  for (const outcome of outcomes) if (outcome.status === 'fulfilled') delivered++;
  return { delivered, failed: outcomes.length - delivered };
}

/** Runs a contender's main function, exiting non-zero with the error on failure. */
function run(main) {
  main(workload()).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { Measurement, SLICE, nextTurn, run, tally };
