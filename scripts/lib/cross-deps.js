'use strict';
// librdkafka's dependencies for a cross-built target: zlib, zstd and OpenSSL compiled from their
// pinned source packages (deps/cross.json) with the target's Zig wrappers into one prefix
// (include/, lib/) that librdkafka and the addon then link statically.
//
// Each target's prefix is cached under <cache>/cross/<tag>/deps-<key>: the key covers the
// sources, the compiler, the target and this recipe, so only a real change rebuilds (OpenSSL is
// most of a cold build's time).
const { execFileSync, spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { publish } = require('./cache-folder');
const { cacheDir } = require('./paths');
const { fetchCrate } = require('./registry-packages');
const { pins } = require('./zig-toolchain');

function depsKey(target) {
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify([target, pins]));
  // This recipe and the compiler wrappers' own (what they add to every compile).
  for (const file of [__filename, path.join(__dirname, 'zig-toolchain.js'), path.join(__dirname, 'hide-assembly.sh')]) hash.update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

/** A crate's folder `pin.path`, unpacked once per machine into <cache>/src/. */
function crateSource(pin) {
  const dir = path.join(cacheDir(), 'src', `${pin.crate}-${pin.version}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return path.join(dir, pin.path);
  const crate = fetchCrate(pin);
  const staging = `${dir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  execFileSync('tar', ['-xzf', crate, '-C', staging, '--strip-components=1'], { stdio: 'inherit' });
  fs.writeFileSync(path.join(staging, '.complete'), '');
  publish(staging, dir);
  return path.join(dir, pin.path);
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(command)} ${args.slice(0, 4).join(' ')} ... failed (${code}):\n${output.split('\n').slice(-25).join('\n')}`));
    });
  });
}

// Compiles C files with a few compilers at once, then archives them: zlib and zstd are small
// enough not to need their own build systems, whose cross-compiling support differs.
async function compileLibrary(tools, name, sources, flags, objDir, prefix) {
  fs.mkdirSync(objDir, { recursive: true });
  const objects = [];
  const queue = sources.map((source, i) => ({ source, object: path.join(objDir, `${i}-${path.basename(source, '.c')}.o`) }));
  // After a failure the other workers stop taking jobs, and all have stopped before it is reported.
  let failure = null;
  const workers = Array.from({ length: os.availableParallelism?.() ?? 2 }, async () => {
    for (let job = queue.shift(); job && !failure; job = queue.shift()) {
      try {
        await run(tools.cc, ['-c', '-O2', '-fPIC', ...flags, job.source, '-o', job.object]);
        objects.push(job.object);
      } catch (error) {
        failure = error;
      }
    }
  });
  await Promise.all(workers);
  if (failure) throw failure;
  const library = path.join(prefix, 'lib', `lib${name}.a`);
  fs.rmSync(library, { force: true });
  await run(tools.ar, ['rcs', library, ...objects.sort()]);
}

async function buildZlib(target, tools, work, prefix) {
  const src = crateSource(pins.zlib);
  const sources = fs.readdirSync(src).filter((f) => f.endsWith('.c')).map((f) => path.join(src, f));
  // What zlib's own configure would find out: every target here but Windows has unistd.h.
  const flags = target.system === 'Windows' ? [] : ['-DHAVE_UNISTD_H'];
  await compileLibrary(tools, 'z', sources, flags, path.join(work, 'zlib'), prefix);
  for (const header of ['zlib.h', 'zconf.h']) fs.copyFileSync(path.join(src, header), path.join(prefix, 'include', header));
}

async function buildZstd(tools, work, prefix) {
  const lib = crateSource(pins.zstd);
  const sources = ['common', 'compress', 'decompress'].flatMap((dir) =>
    fs.readdirSync(path.join(lib, dir)).filter((f) => f.endsWith('.c')).map((f) => path.join(lib, dir, f)),
  );
  // Without the x86-64 assembly decoder (one .S file the C fallback replaces): one build recipe for all targets.
  await compileLibrary(tools, 'zstd', sources, ['-DZSTD_DISABLE_ASM', '-DXXH_NAMESPACE=ZSTD_'], path.join(work, 'zstd'), prefix);
  for (const header of ['zstd.h', 'zstd_errors.h', 'zdict.h']) fs.copyFileSync(path.join(lib, header), path.join(prefix, 'include', header));
}

async function buildOpenssl(target, tools, work, prefix) {
  const src = crateSource(pins.openssl);
  const build = path.join(work, 'openssl');
  fs.rmSync(build, { recursive: true, force: true });
  fs.mkdirSync(build, { recursive: true });
  // Only libssl and libcrypto, static, with no loadable modules; the OPENSSLDIR compiled in is where
  // systems keep certificates, not this machine's prefix (librdkafka also probes the usual places).
  // OpenSSL compiles its directories and its compiler command into the library (OpenSSL_version):
  // a neutral prefix, installed through DESTDIR, and the wrappers called by name through PATH.
  // No QUIC either: librdkafka does not use it, and it needs Windows headers newer than MinGW's.
  const options = ['no-shared', 'no-tests', 'no-docs', 'no-apps', 'no-module', 'no-dso', 'no-engine', 'no-autoload-config', 'no-quic'];
  // macOS: random bytes from getentropy(), not CommonCrypto, whose headers are Xcode's, not Zig's.
  if (target.system === 'Darwin') options.push('-DOPENSSL_NO_APPLE_CRYPTO_RANDOM');
  // Where CA certificates usually are on Unix; on Windows librdkafka reads the system's store instead.
  const openssldir = '/etc/ssl';
  const env = { ...process.env, PATH: `${path.dirname(tools.cc)}${path.delimiter}${process.env.PATH}` };
  await run('perl', [
    path.join(src, 'Configure'), target.openssl, ...options,
    '--prefix=/usr/local', '--libdir=lib', `--openssldir=${openssldir}`,
    'CC=cc', 'AR=ar', 'RANLIB=ranlib', 'RC=rc',
  ], { cwd: build, env });
  await run('make', [`-j${os.availableParallelism?.() ?? 2}`, 'build_libs'], { cwd: build, env });
  const staging = path.join(work, 'openssl-install');
  await run('make', ['install_dev', `DESTDIR=${staging}`], { cwd: build, env });
  for (const dir of ['include/openssl', 'lib']) {
    fs.cpSync(path.join(staging, 'usr', 'local', dir), path.join(prefix, dir), { recursive: true });
  }
}

/** Builds (or finds cached) the target's dependency prefix and returns its path. */
async function ensureDeps(target, tools, log) {
  const base = path.join(cacheDir(), 'cross', target.tag);
  const prefix = path.join(base, `deps-${depsKey(target)}`);
  if (fs.existsSync(path.join(prefix, '.complete'))) return prefix;
  const work = path.join(base, 'work');
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(path.join(prefix, 'include'), { recursive: true });
  fs.mkdirSync(path.join(prefix, 'lib'), { recursive: true });
  for (const [name, step] of [
    ['zlib', () => buildZlib(target, tools, work, prefix)],
    ['zstd', () => buildZstd(tools, work, prefix)],
    ['OpenSSL', () => buildOpenssl(target, tools, work, prefix)],
  ]) {
    const started = Date.now();
    log(`${target.tag}: building ${name}`);
    await step();
    log(`${target.tag}: ${name} built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  fs.rmSync(work, { recursive: true, force: true });
  fs.writeFileSync(path.join(prefix, '.complete'), '');
  // Older recipes' prefixes for this target are of no more use.
  for (const old of fs.readdirSync(base).filter((d) => d.startsWith('deps-') && d !== path.basename(prefix))) {
    fs.rmSync(path.join(base, old), { recursive: true, force: true });
  }
  return prefix;
}

module.exports = { ensureDeps };
