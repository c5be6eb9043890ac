'use strict';
// Where things live, in one place: the package root, the librdkafka pin and the
// build cache that survives `rm -rf build` and fresh clones on the same machine.
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

function cacheDir() {
  if (process.env.RDKAFKA_NAPI_CACHE_DIR) return path.resolve(process.env.RDKAFKA_NAPI_CACHE_DIR);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'rdkafka-napi');
}

// glibc and musl binaries are not interchangeable. Node reports glibc's version only on glibc; a
// runtime without process.report is told by the loader mapped into it (as ts/native.ts does).
function isMusl() {
  if (process.platform !== 'linux') return false;
  const header = process.report?.getReport()?.header;
  if (header) return !header.glibcVersionRuntime;
  try {
    return /\/ld-musl-|-linux-musl\/libc\.so/.test(require('fs').readFileSync('/proc/self/maps', 'utf8'));
  } catch {
    return false;
  }
}

function platformTag() {
  return `${process.platform}-${process.arch}${isMusl() ? '-musl' : ''}`;
}

module.exports = {
  root,
  cacheDir,
  platformTag,
  pin: require(path.join(root, 'deps', 'librdkafka.json')),
  addonName: 'rdkafka_napi.node',
};
