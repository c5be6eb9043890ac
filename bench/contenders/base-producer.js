'use strict';
// rdkafka-napi's BaseProducer, used as the C floor uses librdkafka: send then poll(0) per message, a
// delivery callback per message, and on QueueFull poll until there is room. The loop is synchronous,
// as BaseProducer is (its callbacks run inside poll, on this thread). With `plain` (step 14's plain loop, as users
// write it): poll(1) on QueueFull, and flush() for the rest instead of polling until every report has come.
const { BaseProducer, RDKafkaErrorCode, Timeout } = require('../..');
const { Measurement, run } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, mode, batch, plain }) => {
  const waitForRoom = plain ? 1 : 100;
  let done = 0;
  let failed = 0;
  const producer = new BaseProducer(
    { 'bootstrap.servers': bootstrap, 'linger.ms': lingerMs },
    {
      delivery(result) {
        done++;
        if (result.error !== null) failed++;
      },
    },
  );
  const record = { topic, payload };
  producer.send(record);
  producer.flush(10_000);
  done = 0;

  const measurement = new Measurement();
  measurement.start();
  if (mode === 'latency') {
    for (let i = 0; i < messages; i++) {
      const started = process.hrtime.bigint();
      producer.send(record);
      while (done <= i) producer.poll(100);
      measurement.roundTrip(started);
    }
  } else if (batch > 0) {
    const records = new Array(batch).fill(record);
    for (let sent = 0; sent < messages; ) {
      const slice = messages - sent >= batch ? records : records.slice(0, messages - sent);
      for (let from = 0; from < slice.length; ) {
        try {
          producer.sendMany(from === 0 ? slice : slice.slice(from));
          from = slice.length;
        } catch (error) {
          if (error.code !== RDKafkaErrorCode.QueueFull) throw error;
          from += error.enqueued;
          producer.poll(waitForRoom);
        }
      }
      sent += slice.length;
      producer.poll(0);
    }
    while (done < messages) producer.poll(100);
  } else {
    for (let i = 0; i < messages; i++) {
      for (;;) {
        try {
          producer.send(record);
          break;
        } catch (error) {
          if (error.code !== RDKafkaErrorCode.QueueFull) throw error;
          producer.poll(waitForRoom);
        }
      }
      producer.poll(0);
    }
    if (plain) producer.flush(Timeout.Never);
    while (done < messages) producer.poll(100);
  }
  measurement.stop();
  producer.close();
  measurement.report({ delivered: done - failed, failed });
});
