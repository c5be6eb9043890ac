import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtAddon, packageRoot, runNode } from '../helpers';

// RDKAFKA_NAPI_BINARY names the one binary to use (the AddressSanitizer build, one built elsewhere).
// Passing over a wrong one to load some other binary would hide the mistake, and a test run "under
// ASan" would quietly test the release build. Each case loads the package in a child process.
describe('RDKAFKA_NAPI_BINARY', () => {
  const entry = path.join(packageRoot, 'dist', 'index.js');
  // Which native binary the package loaded, or the error it threw.
  const probe = `
    try {
      require(${JSON.stringify(entry)});
      console.log(JSON.stringify({ loaded: Object.keys(require.cache).filter((file) => file.endsWith('.node')) }));
    } catch (error) {
      console.log(JSON.stringify({ error: error.message }));
    }`;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-binary-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function loadWith(value: string): { loaded?: string[]; error?: string } {
    const result = runNode(probe, { cwd: dir, env: { ...process.env, RDKAFKA_NAPI_BINARY: value } });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
  }

  it('is the binary that loads, also as a path relative to the working directory', () => {
    fs.copyFileSync(builtAddon, path.join(dir, 'copy.node'));
    assert.deepEqual(loadWith(path.join(dir, 'copy.node')), { loaded: [path.join(dir, 'copy.node')] });
    assert.deepEqual(loadWith('copy.node'), { loaded: [path.join(dir, 'copy.node')] });
  });

  it('fails loudly when it names a file that does not exist', () => {
    const missing = path.join(dir, 'nowhere', 'rdkafka_napi.node');
    const { error } = loadWith(missing);
    assert.ok(error, 'the package loaded another binary');
    assert.ok(error.includes('RDKAFKA_NAPI_BINARY'), error);
    assert.ok(error.includes(missing), error);
    assert.match(error, /does not exist/);
  });

  it('fails loudly, with the dynamic loader\'s reason, when the file is not a loadable binary', () => {
    const invalid = path.join(dir, 'rdkafka_napi.node');
    fs.writeFileSync(invalid, 'not a shared object\n');
    const { error } = loadWith(invalid);
    assert.ok(error, 'the package loaded another binary');
    assert.ok(error.includes('RDKAFKA_NAPI_BINARY'), error);
    assert.ok(error.includes(invalid), error);
    assert.match(error, /cannot be loaded/);
    assert.match(error, /invalid ELF header|file too short/);
  });
});
