import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { packageRoot } from '../helpers';

// Every example runs, against its own in-process mock cluster, and says what it did.
describe('examples', function () {
  this.timeout(60_000);
  const expected: Record<string, RegExp> = {
    'fire-and-forget': /^sent 1000 page views$/m,
    synchronous: /created\s+-> partition \d+, offset 0\n.*\n.*\ndelivered -> partition \d+, offset 3/,
    callbacks: /^delivered 10000, failed 0$/m,
    batch: /^5000 of 5000 delivered in \d+ ms$/m,
    'json-events': /^(partition \d+ offset \d+\n){4}$/,
    production: /^1000 payments delivered$/m,
    'consume-commit': /^processed 30 orders, 465\.00 in total\ncommitted orders\[0\]@13 orders\[1\]@9 orders\[2\]@8\n$/,
    'consume-json': /^events: 2 signed-up, 2 logged-in, 3 purchased\nu-1 spent 64\.99\nu-2 spent 2\.50\nskipped 4 malformed: 1 no payload, 1 not JSON, 2 not a user event\n$/,
    'at-least-once':
      /^first run copied offsets 0-12, stored up to 11, then crashed\nrestart resumed at committed offset 12, copied offsets 12-19\noutput messages: clicks-archive 21, clicks-audit 21 \(offset 12 copied twice, none lost\)\n$/,
    'graceful-shutdown': /^stopped by SIGTERM after \d+ tasks\nthe restart began right after the last processed task: yes \((\d) of \1 partitions\)\n30 of 30 tasks processed, 0 twice\n$/,
    'consume-batch': /^250 readings loaded in \d+ batches of at most \d+\ncommitted sensor-readings\[0\]@62 sensor-readings\[1\]@64 sensor-readings\[2\]@124\n$/,
    'exactly-once':
      /^30 orders invoiced in \d+ committed transactions, 30 distinct\n1 aborted and read again: tax service unavailable\norder 17 -> \{"invoice":"INV-0017","customer":"customer-3","totalCents":2142\}\noffsets committed with the invoices: paid-orders\[0\]@13 paid-orders\[1\]@9 paid-orders\[2\]@8\n$/,
    // Scenario C52 (consumer-semantics.md): the seed program, run as written.
    'producer-and-consumer': /^first run: published 20, handled 15, stopped\nrestart: published 10, handled 15\n30 of 30 events handled, 0 twice, 0 missed\n10 purchases, 51\.55 in total\n$/,
  };
  for (const [name, output] of Object.entries(expected)) {
    it(name, () => {
      const env = { ...process.env };
      delete env.KAFKA_BROKERS;
      const result = spawnSync(process.execPath, [path.join(packageRoot, '.test-dist', 'examples', `${name}.js`)], { encoding: 'utf8', env, timeout: 50_000 });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr, '');
      assert.match(result.stdout, output);
    });
  }
});
