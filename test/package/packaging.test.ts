import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../helpers';

// What a user on this platform gets from the registry: the packed tarball, installed into a fresh
// project by a machine with no compiler and no cmake. It must load, without building anything.
describe('the packed package', function () {
  this.timeout(240_000);
  if (process.platform !== 'linux') return;

  // The npm running this test (`npm test`), else the one installed beside node.
  const npmCli =
    process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)
      ? process.env.npm_execpath
      : path.join(path.dirname(fs.realpathSync(process.execPath)), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  let work: string;
  let tarball: string;
  // What npm run prebuild made before this test (none in CI's fresh clone): it is packed as it is.
  const bindingDir = path.join(packageRoot, 'binding');
  const prebuilt = (): string[] =>
    fs.existsSync(bindingDir) ? fs.readdirSync(bindingDir).filter((tag) => fs.existsSync(path.join(bindingDir, tag, 'rdkafka_napi.node'))).sort() : [];
  let prebuiltBefore: string[];

  before(() => {
    prebuiltBefore = prebuilt();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-pack-'));
    execFileSync(process.execPath, [npmCli, 'pack', '--pack-destination', work], { cwd: packageRoot, stdio: 'ignore' });
    const packed = fs.readdirSync(work).filter((f) => f.endsWith('.tgz'));
    assert.equal(packed.length, 1, `npm pack made ${packed.join(', ') || 'nothing'}`);
    tarball = path.join(work, packed[0]);
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('contains the prebuilt binaries, the compiled library and its types, and nothing of the build', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    const binaries = [...new Set(['linux-x64', ...prebuiltBefore])].map((tag) => `package/binding/${tag}/rdkafka_napi.node`);
    for (const expected of [...binaries, 'package/dist/index.js', 'package/dist/index.d.ts', 'package/CMakeLists.txt', 'package/deps/librdkafka.json']) {
      assert.ok(files.includes(expected), `missing ${expected}`);
    }
    assert.deepEqual(files.filter((f) => /^package\/(build|build-cross|node_modules|test|ts)\//.test(f) || f.endsWith('made-by-pack.json')), []);
    // The cross-built binaries go in byte for byte.
    for (const tag of prebuiltBefore) {
      const packed = execFileSync('tar', ['-xzOf', tarball, `package/binding/${tag}/rdkafka_napi.node`], { maxBuffer: 64 << 20 });
      assert.ok(packed.equals(fs.readFileSync(path.join(bindingDir, tag, 'rdkafka_napi.node'))), `binding/${tag} was not packed as it is`);
    }
    // `npm pack` leaves binding/ as it found it: what it built for the tarball alone is gone again.
    assert.deepEqual(prebuilt(), prebuiltBefore);
  });

  it('installs and loads with no compiler or cmake on the PATH', () => {
    const project = path.join(work, 'app');
    const bin = path.join(work, 'bin');
    fs.mkdirSync(project);
    fs.mkdirSync(bin);
    // A machine without build tools still has node and a shell (npm runs scripts with sh).
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, allowScripts: { 'rdkafka-napi': true } }));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin, RDKAFKA_NAPI_CACHE_DIR: path.join(work, 'empty-cache') };
    delete env.RDKAFKA_NAPI_BINARY;
    for (const tool of ['cmake', 'cc', 'gcc', 'g++', 'c++', 'make', 'ninja']) {
      assert.notEqual(spawnSync('sh', ['-c', `command -v ${tool}`], { env }).status, 0, `${tool} is reachable`);
    }

    // Our install script is allowed to run (allowScripts above), as older npm versions always do: it
    // must find the prebuilt. The output must say so.
    const install = spawnSync(
      process.execPath,
      [npmCli, 'install', tarball, '--foreground-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: project, env, encoding: 'utf8' },
    );
    assert.equal(install.status, 0, `npm install failed:\n${install.stdout}\n${install.stderr}`);
    assert.match(install.stdout + install.stderr, /using the prebuilt binary for linux-x64/);
    const installed = path.join(project, 'node_modules', 'rdkafka-napi');
    assert.ok(!fs.existsSync(path.join(installed, 'build')), 'the install compiled something');
    assert.ok(!fs.existsSync(path.join(work, 'empty-cache')), 'the install fetched librdkafka');

    const script = `
      const { MockCluster, BaseProducer, librdkafkaVersion } = require('rdkafka-napi');
      const cluster = new MockCluster(2);
      cluster.createTopic('t', 2, 2);
      const producer = new BaseProducer({ 'bootstrap.servers': cluster.bootstrapServers });
      producer.client.fetchMetadata('t', 10000).then((m) => {
        console.log(librdkafkaVersion, m.brokers.length, m.topics[0].partitions.length);
        producer.close();
        cluster.close();
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: project, env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\d+\.\d+\.\d+ 2 2$/m);

    const esm = spawnSync(process.execPath, ['--input-type=module', '-e', "import { librdkafkaVersion } from 'rdkafka-napi'; console.log(librdkafkaVersion);"], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    assert.equal(esm.status, 0, esm.stderr);

    // The README's quick start, copied verbatim.
    const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
    const quickStart = /## Quick start[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(quickStart, 'no js block under "## Quick start" in the README');
    fs.writeFileSync(path.join(project, 'quickstart.mjs'), quickStart);
    const quick = spawnSync(process.execPath, ['quickstart.mjs'], { cwd: project, env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(quick.status, 0, quick.stderr);
    assert.match(quick.stdout, /^delivered to partition \d+ at offset \d+$/m);

    // The command line, through the bin link npm made.
    const help = spawnSync(path.join(project, 'node_modules', '.bin', 'rdkafka-napi'), ['produce', '--help'], { cwd: project, env, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: rdkafka-napi produce/);
  });

  // What a user on a platform with no prebuilt does: the README's commands, run in a project that
  // installed the tarball. librdkafka comes from this machine's cache (npm install in the checkout
  // filled it), so only the addon compiles: 20 to 35 s on 2 cores, depending on what else runs.
  it('builds from source from the tarball, as the README says, and loads that build', function () {
    this.timeout(300_000);
    const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
    const block = /### Other platforms: build from source[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, 'no sh block under "### Other platforms: build from source" in the README');
    const commands = block
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter((line) => line.startsWith('npm '));
    assert.ok(commands.some((c) => /build:from-source/.test(c)), `no build:from-source among ${commands.join('; ')}`);

    const project = path.join(work, 'source-app');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'source-app', version: '1.0.0', private: true, allowScripts: { 'rdkafka-napi': true } }));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.RDKAFKA_NAPI_BINARY;
    const npm = (args: string[]) => {
      const extra = args[0] === 'install' ? ['--no-audit', '--no-fund', '--prefer-offline'] : [];
      const result = spawnSync(process.execPath, [npmCli, ...args, ...extra], { cwd: project, env, encoding: 'utf8' });
      assert.equal(result.status, 0, `npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    };
    npm(['install', tarball]);
    const installed = path.join(project, 'node_modules', 'rdkafka-napi');
    const built = path.join(installed, 'build', 'Release', 'rdkafka_napi.node');
    assert.ok(!fs.existsSync(built), 'the install built from source although a prebuilt fits');
    for (const command of commands) npm(command.split(/\s+/).slice(1));

    assert.ok(fs.existsSync(built), `no ${built} after the build`);
    assert.ok(!fs.existsSync(path.join(installed, 'binding', 'linux-x64')), 'the prebuilt is still there to shadow the build');
    const script = `
      const { FutureProducer, MockCluster, Timeout } = require('rdkafka-napi');
      const loaded = Object.keys(require.cache).filter((file) => file.endsWith('.node'));
      const cluster = new MockCluster(1);
      const producer = new FutureProducer({ 'bootstrap.servers': cluster.bootstrapServers });
      producer.send({ topic: 't', payload: 'from source' }, Timeout.Never).then(async (delivery) => {
        console.log(JSON.stringify({ loaded, offset: delivery.offset }));
        await producer.close();
        cluster.close();
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: project, env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { loaded: [fs.realpathSync(built)], offset: 0 });
  });
});
