'use strict';
// @platformatic/kafka (pure JavaScript), its consumer stream: consume() returns a MessagesStream (a Readable in object
// mode), read in flowing mode through 'data' events (its fastest: no promise per message, as `for await` would
// have), each message checked. It joins a group (mode 'earliest': from the beginning), which is not timed (timing
// starts at the first message); autocommit false, as enable.auto.commit=false. Fetch settings as librdkafka's defaults,
// which the other contenders run with (its own: maxBytes 10 MiB, maxWaitTime 5 s): see consumed.js's fetchSettings.
// Its stream buffers up to highWaterMark messages (1024 by default) and fetches again once it drained below that.
// Values are Buffers, as they are (no deserializer); offsets are bigints.
//
// It speaks ApiVersions v3 only: the mock broker serves it through deps/patches/0002.
const { run } = require('../lib/contender');
const { Consumed, fetchSettings } = require('./consumed');

run(async (workload) => {
  const { bootstrap, topic } = workload;
  // An ES module: import() it, as require() of ESM is not available on every Node this runs on.
  const { Consumer } = await import('@platformatic/kafka');
  const consumer = new Consumer({
    clientId: 'bench-platformatic-consumer',
    groupId: `platformatic-consumer-${process.pid}-${Date.now()}`,
    bootstrapBrokers: bootstrap.split(','),
    autocommit: false,
    minBytes: fetchSettings.minBytes,
    maxBytes: fetchSettings.maxBytes,
    maxBytesPerPartition: fetchSettings.maxBytesPerPartition,
    maxWaitTime: fetchSettings.maxWaitMs,
  });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest' });
  const consumed = new Consumed(workload);
  stream.on('error', (error) => consumed.fail(error));
  stream.on('data', (message) => {
    if (!consumed.complete) consumed.add(message.partition, Number(message.offset), message.value.length);
  });
  await consumed.done;
  await stream.close();
  await consumer.close();
  consumed.report();
});
