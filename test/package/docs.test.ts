import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { packageRoot } from '../helpers';

// The API reference (npm run docs) is generated from the doc comments: every public symbol must have one,
// and every {@link} must resolve (typedoc.json makes both errors).
describe('the API reference', function () {
  this.timeout(120_000);

  it('documents every public symbol, with no broken links', () => {
    const typedoc = path.join(packageRoot, 'node_modules', 'typedoc', 'bin', 'typedoc');
    const result = spawnSync(process.execPath, [typedoc, '--emit', 'none'], { cwd: packageRoot, encoding: 'utf8' });
    assert.equal(result.status, 0, `typedoc found problems:\n${result.stdout}\n${result.stderr}`);
  });
});
