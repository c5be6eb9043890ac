import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../helpers';

// What the install step says when it is about to build from source. In a development checkout that
// is the normal way, not a missing prebuilt; in a package installed on a platform we ship nothing
// for, the user must learn why a compiler is needed. scripts/install.js runs in a copy of the
// package with no build tools' npm packages beside it, so it stops right after saying why.
describe('the install step', () => {
  let copy: string;

  beforeEach(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-install-'));
    fs.cpSync(path.join(packageRoot, 'scripts'), path.join(copy, 'scripts'), { recursive: true });
    fs.mkdirSync(path.join(copy, 'deps'));
    fs.copyFileSync(path.join(packageRoot, 'deps', 'librdkafka.json'), path.join(copy, 'deps', 'librdkafka.json'));
  });
  afterEach(() => fs.rmSync(copy, { recursive: true, force: true }));

  function install(): string {
    const env = { ...process.env };
    delete env.npm_config_build_from_source;
    delete env.RDKAFKA_NAPI_BUILD_FROM_SOURCE;
    const result = spawnSync(process.execPath, [path.join(copy, 'scripts', 'install.js')], { cwd: copy, env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 1, `expected it to stop for want of cmake-js:\n${result.stderr}`);
    assert.match(result.stderr, /cannot build from source; missing: .*the npm package cmake-js/);
    return result.stderr;
  }

  it('in a development checkout, says it builds from source because it is one', () => {
    fs.mkdirSync(path.join(copy, '.git'));
    const output = install();
    assert.match(output, /^rdkafka-napi: building from source: this is a development checkout/m);
    assert.doesNotMatch(output, /no usable prebuilt/);
  });

  it('in a git worktree (.git is a file), says the same', () => {
    fs.writeFileSync(path.join(copy, '.git'), 'gitdir: /elsewhere/.git/worktrees/copy\n');
    assert.match(install(), /^rdkafka-napi: building from source: this is a development checkout/m);
  });

  it('in an installed package with nothing prebuilt for this platform, says so', () => {
    fs.mkdirSync(path.join(copy, 'binding', 'some-other-platform'), { recursive: true });
    const output = install();
    assert.match(output, /^rdkafka-napi: no usable prebuilt binary for linux-x64 \(none shipped for this platform\); building from source$/m);
    assert.doesNotMatch(output, /development checkout/);
  });
});
