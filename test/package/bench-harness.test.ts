import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { packageRoot } from '../helpers';

// The benchmark is a tool people run: a tiny run of it must build the C floor, run every contender
// against its own mock broker, verify the delivered counts, and report. (Not a timed test: rates are
// printed, never asserted.)
describe('npm run bench (a tiny run)', function () {
  this.timeout(180_000);

  it('builds the C floor, runs the C floor and every producer row (strings, sendMany, plain loops), verifies every message and prints the targets', () => {
    const result = spawnSync(process.execPath, [path.join('bench', 'run.js'), '--rounds', '1', '--messages', '3000', '--sizes', '100', '--partitions', '1', '--no-write'], {
      cwd: packageRoot,
      encoding: 'utf8',
      timeout: 170_000,
    });
    assert.equal(result.status, 0, `bench failed:\n${result.stdout}\n${result.stderr}`);
    const labels = ['C librdkafka 2.12', 'BaseProducer', 'ThreadedProducer', 'FutureProducer', 'string payloads', 'sendMany of 64', 'sendMany of 1 000'];
    labels.push('loop never yields', 'one allSettled over all', 'allSettled per 100 000', 'JS alone');
    for (const label of [...labels, 'CPU', 'Targets', 'heap held per outstanding future', "ratio >= 0.9 x base's", "ratio >= 0.9 x threaded's"]) {
      assert.ok(result.stdout.includes(label), `no "${label}" in:\n${result.stdout}`);
    }
  });

  it('prints a results file as a Markdown table', () => {
    const result = spawnSync(process.execPath, [path.join('bench', 'table.js'), path.join('bench', 'results', 'peers.json')], { cwd: packageRoot, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^\| contender \|/);
    assert.match(result.stdout, /\| C librdkafka 2\.12 .*\| 1\.00 \|/);
  });
});
