'use strict';
// rdkafka-napi's BaseProducer, used as the C floor uses librdkafka: send then poll(0) per message, a
// delivery callback per message, and on QueueFull poll until there is room. The loop is synchronous,
// as BaseProducer is (its callbacks run inside poll, on this thread).
const { BaseProducer, RDKafkaErrorCode } = require('../..');
const { Measurement, run } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, mode, batch }) => {
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
          producer.poll(100);
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
          producer.poll(100);
        }
      }
      producer.poll(0);
    }
    while (done < messages) producer.poll(100);
  }
  measurement.stop();
  producer.close();
  measurement.report({ delivered: done - failed, failed });
});
