import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtAddon, packageRoot, runNode } from '../helpers';

// Without RDKAFKA_NAPI_BINARY the loader chooses: a build from source first, then the prebuilt for
// this platform and libc, then (on Linux) the other libc's, should the runtime have been mistaken
// for glibc or musl. Each case lays out a copy of the package as an application has it.
describe('the binary the package loads', () => {
  // The cases are written for glibc on x64 (the machines CI runs on).
  const glibc = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;
  if (process.platform !== 'linux' || process.arch !== 'x64' || !glibc) return;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-choice-'));
    fs.cpSync(path.join(packageRoot, 'dist'), path.join(dir, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(packageRoot, 'package.json'), path.join(dir, 'package.json'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function place(relative: string, content?: string): string {
    const file = path.join(dir, relative, 'rdkafka_napi.node');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (content === undefined) fs.copyFileSync(builtAddon, file);
    else fs.writeFileSync(file, content);
    return file;
  }

  function load(): { loaded?: string[]; error?: string } {
    const probe = `
      try {
        require(${JSON.stringify(dir)});
        console.log(JSON.stringify({ loaded: Object.keys(require.cache).filter((file) => file.endsWith('.node')) }));
      } catch (error) {
        console.log(JSON.stringify({ error: error.message }));
      }`;
    const env = { ...process.env };
    delete env.RDKAFKA_NAPI_BINARY;
    const result = runNode(probe, { cwd: dir, env });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
  }

  it("is this platform's prebuilt, not another platform's", () => {
    const ours = place('binding/linux-x64');
    place('binding/linux-x64-musl', 'a musl binary would not load here');
    place('binding/darwin-arm64', 'nor a macOS one');
    assert.deepEqual(load(), { loaded: [ours] });
  });

  it('is a build from source when there is one: the install made it because no prebuilt fitted', () => {
    place('binding/linux-x64');
    const built = place('build/Release');
    assert.deepEqual(load(), { loaded: [built] });
  });

  it("is the other libc's prebuilt when this one's does not load", () => {
    place('binding/linux-x64', 'broken');
    const other = place('binding/linux-x64-musl');
    assert.deepEqual(load(), { loaded: [other] });
  });

  it('fails, where nothing fits, with the platforms this copy has binaries for and how to build one', () => {
    place('binding/darwin-arm64', 'a macOS binary');
    place('binding/win32-x64', 'a Windows binary');
    const { error } = load();
    assert.ok(error, 'something loaded');
    assert.match(error, /no usable native binary for linux-x64/);
    assert.match(error, /prebuilt binaries for darwin-arm64, win32-x64/);
    assert.match(error, /npm run build:from-source --prefix node_modules\/rdkafka-napi/);
  });
});
