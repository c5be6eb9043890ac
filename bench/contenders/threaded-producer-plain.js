'use strict';
// rdkafka-napi's ThreadedProducer driven the plain way (step 14): one loop that sends every message without
// ever yielding to the event loop, then `await flush()`. The queue is sized so QueueFull never comes, as a user
// who raised queue.buffering.max.messages would. Reports wait for the loop to end: they pile up in the native
// queue and reach JavaScript in batches once it does. With `batch`, the loop goes through sendMany.
const { ThreadedProducer, Timeout } = require('../..');
const { Measurement, run } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, batch }) => {
  let done = 0;
  let failed = 0;
  const producer = new ThreadedProducer(
    { 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs, 'queue.buffering.max.messages': 2 * messages + 1 },
    {
      delivery(result) {
        done++;
        if (result.error !== null) failed++;
      },
    },
  );
  const record = { topic, payload };
  producer.send(record);
  await producer.flush(10_000);
  done = 0;

  const measurement = new Measurement();
  measurement.start();
  if (batch > 0) {
    const records = new Array(batch).fill(record);
    for (let sent = 0; sent < messages; sent += batch) producer.sendMany(messages - sent >= batch ? records : records.slice(0, messages - sent));
  } else {
    for (let i = 0; i < messages; i++) producer.send(record);
  }
  await producer.flush(Timeout.Never);
  measurement.stop();
  await producer.close();
  measurement.report({ delivered: done - failed, failed });
});
