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

function platformTag() {
  // glibc and musl binaries are not interchangeable; Node reports glibc's version only on glibc.
  const musl = process.platform === 'linux' && !process.report?.getReport().header.glibcVersionRuntime;
  return `${process.platform}-${process.arch}${musl ? '-musl' : ''}`;
}

module.exports = {
  root,
  cacheDir,
  platformTag,
  pin: require(path.join(root, 'deps', 'librdkafka.json')),
  addonName: 'rdkafka_napi.node',
};
