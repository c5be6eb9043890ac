'use strict';
// What the plain FutureProducer pattern costs in V8 alone, with no Kafka at all: a promise per message (made as
// FutureProducer makes them: one shared executor, the resolve function kept in an array), one Promise.allSettled
// over all of them (or per `group`), and the promises resolved on later turns of the event loop, 1 024 at a time
// with a Delivery-shaped object, as report batches settle them. Its ratio to the C floor is the most the pattern can
// reach in JavaScript; bench/run.js checks no topic for it.
const { Measurement, nextTurn, run, tally } = require('../lib/contender');

let captured;
function capture(resolve) {
  captured = resolve;
}

run(async ({ messages, group }) => {
  const size = group > 0 ? group : messages;
  const timestamp = { type: 'CreateTime', timestamp: Date.now() };
  let delivered = 0;
  let failed = 0;
  const measurement = new Measurement();
  measurement.start();
  for (let sent = 0; sent < messages; ) {
    const end = Math.min(messages, sent + size);
    const futures = [];
    const pending = [];
    for (; sent < end; sent++) {
      futures.push(new Promise(capture));
      pending.push(captured);
    }
    const settled = Promise.allSettled(futures);
    for (let next = 0; next < pending.length; ) {
      await nextTurn();
      for (const stop = Math.min(pending.length, next + 1024); next < stop; next++) pending[next]({ partition: 0, offset: next, timestamp });
    }
    const outcomes = tally(await settled);
    delivered += outcomes.delivered;
    failed += outcomes.failed;
  }
  measurement.stop();
  measurement.report({ delivered, failed });
});
