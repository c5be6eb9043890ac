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
