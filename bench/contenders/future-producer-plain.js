'use strict';
// rdkafka-napi's FutureProducer driven the plain way (step 14), the shape of the Rust guide's `join_all`:
// `send(record, Timeout.Never)` for every message of a group without yielding, then one Promise.allSettled
// over the group's promises; `group` messages at a time (all of them by default). Sends beyond the queue's
// room (queue.buffering.max.messages, left at librdkafka's default) wait inside the producer for deliveries
// to free it. With `batch`, the group is sent through sendMany, `batch` records per call.
const { FutureProducer, Timeout } = require('../..');
const { Measurement, run, tally } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, batch, group }) => {
  const producer = new FutureProducer({ 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs });
  const record = { topic, payload };
  await producer.send(record, Timeout.Never);
  const size = group > 0 ? group : messages;
  const records = batch > 0 ? new Array(batch).fill(record) : [];

  let delivered = 0;
  let failed = 0;
  const measurement = new Measurement();
  measurement.start();
  for (let sent = 0; sent < messages; ) {
    const end = Math.min(messages, sent + size);
    let futures = [];
    if (batch > 0) {
      for (; sent < end; sent += batch) futures.push(...producer.sendMany(end - sent >= batch ? records : records.slice(0, end - sent), Timeout.Never));
    } else {
      for (; sent < end; sent++) futures.push(producer.send(record, Timeout.Never));
    }
    const outcomes = tally(await Promise.allSettled(futures));
    delivered += outcomes.delivered;
    failed += outcomes.failed;
    futures = null;
  }
  measurement.stop();
  await producer.close();
  measurement.report({ delivered, failed });
});
