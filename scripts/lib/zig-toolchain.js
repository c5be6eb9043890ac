'use strict';
// The cross compiler: a pinned Zig (deps/cross.json) unpacked into the cache, and per target a
// folder of wrapper commands (cc, c++, ar, ranlib, rc, dlltool) that the builds of OpenSSL, zlib,
// zstd, librdkafka and the addon are pointed at as if they were an ordinary toolchain.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { publish } = require('./cache-folder');
const { root, cacheDir } = require('./paths');
const { fetchWheel } = require('./registry-packages');

const pins = require(path.join(root, 'deps', 'cross.json'));

function hostTag() {
  return `${process.platform}-${process.arch}`;
}

/** The zig executable, unpacked from its wheel once per machine. */
function ensureZig() {
  const { pypi, version, wheels } = pins.zig;
  const wheel = wheels[hostTag()];
  if (!wheel) {
    throw new Error(`the prebuilt binaries are cross-built on ${Object.keys(wheels).join(' or ')}; this is ${hostTag()}`);
  }
  const dir = path.join(cacheDir(), 'toolchain', `zig-${version}-${wheel.sha256.slice(0, 12)}`);
  const zig = path.join(dir, 'ziglang', process.platform === 'win32' ? 'zig.exe' : 'zig');
  if (fs.existsSync(path.join(dir, '.complete'))) return zig;

  const file = fetchWheel(pypi, version, wheel);
  const staging = `${dir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  // A wheel is a zip; Python (which pip needed anyway) unpacks it. Zip keeps no exec bit.
  execFileSync('python3', ['-m', 'zipfile', '-e', file, staging], { stdio: 'inherit' });
  fs.chmodSync(path.join(staging, 'ziglang', path.basename(zig)), 0o755);
  fs.writeFileSync(path.join(staging, '.complete'), '');
  publish(staging, dir);
  return zig;
}

/** Where Zig keeps what it compiles for itself (libc, libc++ per target): in our cache, not ~/.cache/zig. */
function zigEnv() {
  const zigCache = path.join(cacheDir(), 'toolchain', 'zig-cache');
  return { ZIG_GLOBAL_CACHE_DIR: zigCache, ZIG_LOCAL_CACHE_DIR: zigCache };
}

/**
 * Writes the wrapper commands for one target into `dir` and returns their paths. Every compile
 * maps the checkout and the cache to fixed names, so that no binary carries this machine's paths,
 * and hides every symbol that is not exported on purpose (librdkafka, OpenSSL, zlib, zstd, libc++).
 */
function writeWrappers(zig, target, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const quote = (s) => `'${s.replace(/'/g, "'\\''")}'`;
  const env = Object.entries(zigEnv()).map(([k, v]) => `export ${k}=${quote(v)}`).join('\n');
  const cflags = [
    '-target', target.zig,
    `-ffile-prefix-map=${root}=rdkafka-napi`,
    `-ffile-prefix-map=${cacheDir()}=rdkafka-napi-cache`,
    `-ffile-prefix-map=${path.dirname(zig)}=zig`,
    '-fvisibility=hidden',
    // lz4 and cJSON (inside librdkafka) and zstd mark their API visible (dllexport on Windows) whatever
    // -fvisibility says; on macOS and Windows, where Zig's linker takes no export list, only this keeps them in.
    '-DLZ4LIB_VISIBILITY=', '-DLZ4FLIB_VISIBILITY=', '-DZSTDLIB_VISIBLE=', '-DZSTDERRORLIB_VISIBLE=', '-DZDICTLIB_VISIBLE=',
    '-DCJSON_HIDE_SYMBOLS',
  ].map(quote).join(' ');
  // macOS: hide the assembly's functions too (see hide-assembly.sh).
  const hideAssembly = target.system === 'Darwin' ? `. ${quote(path.join(__dirname, 'hide-assembly.sh'))}\n` : '';
  const commands = {
    cc: `${quote(zig)} cc ${cflags} "$@"`,
    'c++': `${quote(zig)} c++ ${cflags} "$@"`,
    ar: `${quote(zig)} ar "$@"`,
    ranlib: `${quote(zig)} ranlib "$@"`,
    rc: `${quote(zig)} rc "$@"`,
    dlltool: `${quote(zig)} dlltool "$@"`,
  };
  const paths = {};
  for (const [name, command] of Object.entries(commands)) {
    const file = path.join(dir, name);
    const prologue = name === 'cc' ? hideAssembly : '';
    fs.writeFileSync(file, `#!/bin/sh\n${env}\n${prologue}exec ${command}\n`, { mode: 0o755 });
    paths[name] = file;
  }
  return paths;
}

module.exports = { ensureZig, writeWrappers, zigEnv, pins };
