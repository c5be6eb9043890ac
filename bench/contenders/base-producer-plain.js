'use strict';
// rdkafka-napi's BaseProducer driven the plain way (step 14): send then poll(0) per message, poll(1) while the
// queue is full, then flush() for the rest (which dispatches their reports). With `batch`, sendMany of `batch`
// records per poll(0).
const { BaseProducer, RDKafkaErrorCode, Timeout } = require('../..');
const { Measurement, run } = require('../lib/contender');

run(async ({ bootstrap, topic, messages, payload, lingerMs, batch }) => {
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
  const step = batch > 0 ? batch : 1;
  const records = new Array(step).fill(record);
  for (let sent = 0; sent < messages; ) {
    const slice = messages - sent >= step ? records : records.slice(0, messages - sent);
    for (let from = 0; from < slice.length; ) {
      try {
        if (batch > 0) producer.sendMany(from === 0 ? slice : slice.slice(from));
        else producer.send(record);
        from = slice.length;
      } catch (error) {
        if (error.code !== RDKafkaErrorCode.QueueFull) throw error;
        from += error.enqueued ?? 0;
        producer.poll(1);
      }
    }
    sent += slice.length;
    producer.poll(0);
  }
  producer.flush(Timeout.Never);
  measurement.stop();
  producer.close();
  measurement.report({ delivered: done - failed, failed });
});
