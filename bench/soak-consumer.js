#!/usr/bin/env node
'use strict';
// Consumer soak: a StreamConsumer reads millions of messages for several minutes, in this process, from a mock broker
// in another one, while this process's RSS and heap are sampled every few seconds. The topic (lz4, see
// lib/fill.js) is filled once and read again and again: at its end the consumer seeks every partition back to the
// beginning (one consumer all along, so that whatever it keeps per message, per batch or per commit would pile up).
// Every message is checked (offsets in order without a gap or a repeat in each pass, payload size).
//
// Two ways of reading, one after the other, each with a consumer of its own:
//   plain   `for await` over stream(), each message checked;
//   commit  the same, committing after processing: enable.auto.offset.store=false, storeOffsetFromMessage() after each
//           message is processed, and every --commit-every messages (1000; 1 commits each message)
//           commitMessage(message, CommitMode.Async), every commit's result counted through context.commitCallback
//           (any failure fails the soak). The commits name their offsets: librdkafka commits stored offsets
//           (commitConsumerState) only where they are past the committed ones, which they are not after a seek back.
//
// The verdict, per mode: after --warmup seconds (buffers reach their working size), the samples are split into
// thirds; memory is flat if the largest RSS of the last third exceeds the largest of the first third by at most
// max(RSS_BOUND_MIB, RSS_BOUND_SHARE of it), and likewise the heap (sampled after a full GC) by at most
// max(HEAP_BOUND_MIB, HEAP_BOUND_SHARE). Exits 1 if either grew in either mode, or on any wrong message.
//
//   node --expose-gc bench/soak-consumer.js [--seconds 180] [--messages N] [--modes plain,commit] [--sample 2]
//                                           [--warmup 20] [--topic-messages 1000000] [--partitions 3] [--size 100]
//                                           [--commit-every 1000] [--json FILE]
//
// --seconds and --messages bound each mode (it stops at whichever comes first; without --messages, time alone).
const fs = require('fs');
const { monitorEventLoopDelay } = require('perf_hooks');
const { StreamConsumer, CommitMode } = require('..');
const { ConsumedCheck, allPartitions, consumerConfig } = require('./lib/consumed');
const { buildFloors, filledTopic } = require('./lib/fill');
const { argument } = require('./lib/runner');

const RSS_BOUND_MIB = 16;
const RSS_BOUND_SHARE = 0.1;
const HEAP_BOUND_MIB = 4;
const HEAP_BOUND_SHARE = 0.1;

function options(argv) {
  const value = (name, fallback) => argument(argv, name, fallback);
  return {
    seconds: Number(value('seconds', 180)),
    messages: Number(value('messages', Infinity)),
    modes: value('modes', 'plain,commit').split(','),
    sampleMs: Number(value('sample', 2)) * 1000,
    warmupMs: Number(value('warmup', 20)) * 1000,
    topicMessages: Number(value('topic-messages', 1_000_000)),
    partitions: Number(value('partitions', 3)),
    size: Number(value('size', 100)),
    commitEvery: Number(value('commit-every', 1000)),
    json: value('json', undefined),
  };
}

const mib = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const max = (values) => Math.max(...values);

/**
 * Samples taken every `sampleMs` (a full GC first, when exposed, so the heap figure is what is live), and the event
 * loop's delay meanwhile (a sample comes late when the loop was held up).
 */
class Sampler {
  samples = [];
  #started = Date.now();
  #timer;
  #loop = monitorEventLoopDelay({ resolution: 10 });

  constructor(sampleMs, consumed) {
    this.#timer = setInterval(() => this.take(consumed()), sampleMs);
    this.#loop.enable();
  }

  /** The event loop's delay while sampling: p99 and max, ms. */
  get eventLoopDelay() {
    return { p99Ms: Math.round(this.#loop.percentile(99) / 1e5) / 10, maxMs: Math.round(this.#loop.max / 1e5) / 10 };
  }

  take(consumed) {
    global.gc?.();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    this.samples.push({ seconds: (Date.now() - this.#started) / 1000, consumed, rssMiB: mib(rss), heapMiB: mib(heapUsed), externalMiB: mib(external), arrayBuffersMiB: mib(arrayBuffers) });
  }

  stop() {
    clearInterval(this.#timer);
    this.#loop.disable();
  }
}

/** Compares the largest figure of the last third of the samples after warm-up with the largest of the first third. */
function verdict(samples, warmupMs) {
  const steady = samples.filter((sample) => sample.seconds * 1000 >= warmupMs);
  if (steady.length < 6) return { flat: false, why: `too few samples after the warm-up (${steady.length}): run longer` };
  const third = Math.floor(steady.length / 3);
  const first = steady.slice(0, third);
  const last = steady.slice(-third);
  const judge = (pick, boundMiB, share) => {
    const before = max(first.map(pick));
    const after = max(last.map(pick));
    const bound = Math.max(boundMiB, share * before);
    return { firstThirdMaxMiB: before, lastThirdMaxMiB: after, growthMiB: Math.round((after - before) * 10) / 10, boundMiB: Math.round(bound * 10) / 10, flat: after - before <= bound };
  };
  const rss = judge((sample) => sample.rssMiB, RSS_BOUND_MIB, RSS_BOUND_SHARE);
  const heap = judge((sample) => sample.heapMiB, HEAP_BOUND_MIB, HEAP_BOUND_SHARE);
  return { flat: rss.flat && heap.flat, samplesAfterWarmup: steady.length, rss, heap };
}

async function soak(mode, broker, topic, opts) {
  const commits = { done: 0, failed: 0, firstError: null };
  const context =
    mode === 'commit'
      ? {
          commitCallback: (error) => {
            commits.done++;
            if (error) {
              commits.failed++;
              commits.firstError ??= error;
            }
          },
        }
      : undefined;
  const config = consumerConfig({ bootstrap: broker.bootstrap, settings: { 'fetch.queue.backoff.ms': 10 } }, `soak-consumer-${mode}`);
  if (mode === 'commit') config['enable.auto.offset.store'] = false;
  const consumer = new StreamConsumer(config, context);
  const partitions = allPartitions(topic, opts.partitions);
  consumer.assign(partitions);

  let total = 0;
  let passes = 0;
  let check = new ConsumedCheck(opts.partitions, opts.size);
  const sampler = new Sampler(opts.sampleMs, () => total);
  const started = Date.now();
  const deadline = started + opts.seconds * 1000;
  let lastReport = started;
  try {
    for await (const message of consumer.stream()) {
      check.add(message.partition, message.offset, message.payload.length);
      total++;
      if (mode === 'commit') {
        // Processed: its offset may be committed.
        consumer.storeOffsetFromMessage(message);
        if (total % opts.commitEvery === 0) await consumer.commitMessage(message, CommitMode.Async);
      }
      if (check.count === opts.topicMessages) {
        // The whole topic was read: again from its beginning.
        passes++;
        check = new ConsumedCheck(opts.partitions, opts.size);
        if (Date.now() < deadline && total < opts.messages) await consumer.seekPartitions(partitions, 10_000);
      }
      if ((total & 0x3fff) === 0 || check.count === 0) {
        const now = Date.now();
        if (now >= deadline || total >= opts.messages) break;
        if (now - lastReport >= 10_000) {
          lastReport = now;
          const last = sampler.samples.at(-1);
          process.stderr.write(`  ${mode}: ${((now - started) / 1000).toFixed(0)} s, ${total.toLocaleString('en-US')} msgs${last ? `, RSS ${last.rssMiB} MiB, heap ${last.heapMiB} MiB` : ''}\n`);
        }
      }
    }
  } finally {
    sampler.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  sampler.take(total);
  await consumer.close();
  const result = {
    mode,
    consumed: total,
    passes,
    seconds,
    msgsPerSec: Math.round(total / seconds),
    eventLoopDelay: sampler.eventLoopDelay,
    verdict: verdict(sampler.samples, opts.warmupMs),
    samples: sampler.samples,
  };
  if (mode === 'commit') {
    result.commits = { done: commits.done, failed: commits.failed, firstError: commits.firstError?.message ?? null };
    if (commits.failed > 0 || commits.done === 0) result.verdict.flat = false;
  }
  return result;
}

function print(result, opts) {
  const { verdict: v } = result;
  console.log(`\n${result.mode}: ${result.consumed.toLocaleString('en-US')} messages (${result.passes} passes over the topic) in ${result.seconds.toFixed(1)} s, ${result.msgsPerSec.toLocaleString('en-US')} msgs/s`);
  console.log(`  event loop delay p99 ${result.eventLoopDelay.p99Ms} ms, max ${result.eventLoopDelay.maxMs} ms`);
  if (result.commits) console.log(`  commits: ${result.commits.done} answered, ${result.commits.failed} failed${result.commits.firstError ? ` (${result.commits.firstError})` : ''}`);
  console.log(`  ${'s'.padStart(6)} ${'messages'.padStart(12)} ${'RSS MiB'.padStart(8)} ${'heap MiB'.padStart(9)} ${'external'.padStart(9)}`);
  for (const sample of result.samples) {
    const mark = sample.seconds * 1000 < opts.warmupMs ? ' (warm-up)' : '';
    console.log(`  ${sample.seconds.toFixed(0).padStart(6)} ${sample.consumed.toLocaleString('en-US').padStart(12)} ${String(sample.rssMiB).padStart(8)} ${String(sample.heapMiB).padStart(9)} ${String(sample.externalMiB).padStart(9)}${mark}`);
  }
  if (!v.rss) {
    console.log(`  verdict: UNDECIDED, ${v.why}`);
    return;
  }
  const line = (name, j) => `${name} max ${j.firstThirdMaxMiB} -> ${j.lastThirdMaxMiB} MiB (growth ${j.growthMiB}, bound ${j.boundMiB})`;
  console.log(`  first vs last third after ${opts.warmupMs / 1000} s of warm-up (${v.samplesAfterWarmup} samples): ${line('RSS', v.rss)}; ${line('heap', v.heap)}`);
  console.log(`  verdict: ${v.flat ? 'FLAT' : 'GROWING (or commits failed)'}`);
}

(async () => {
  const opts = options(process.argv.slice(2));
  if (!global.gc) console.warn('run with --expose-gc (npm run soak does) for steadier heap figures');
  buildFloors();
  const topic = 'soak-consume';
  process.stderr.write(`filling ${opts.topicMessages.toLocaleString('en-US')} messages of ${opts.size} B into ${opts.partitions} partitions ... `);
  const broker = await filledTopic({ topic, partitions: opts.partitions, messages: opts.topicMessages, size: opts.size, compression: 'lz4' });
  process.stderr.write('done\n');
  const results = [];
  try {
    for (const mode of opts.modes) {
      if (mode !== 'plain' && mode !== 'commit') throw new Error(`unknown mode: ${mode} (plain, commit)`);
      process.stderr.write(`${mode}: reading for ${opts.seconds} s${Number.isFinite(opts.messages) ? ` or ${opts.messages.toLocaleString('en-US')} messages` : ''}, sampling every ${opts.sampleMs / 1000} s\n`);
      const result = await soak(mode, broker, topic, opts);
      print(result, opts);
      results.push(result);
    }
  } finally {
    await broker.stop();
  }
  if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify({ date: new Date().toISOString(), options: { ...opts, messages: Number.isFinite(opts.messages) ? opts.messages : null }, results }, null, 2)}\n`);
  const ok = results.every((result) => result.verdict.flat);
  console.log(ok ? '\nconsumer memory flat in every mode' : '\nconsumer memory kept growing (or commits failed) in some mode');
  process.exit(ok ? 0 : 1);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
