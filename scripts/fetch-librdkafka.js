#!/usr/bin/env node
'use strict';
// Brings librdkafka's source into the cache, verified and patched, and prints its path.
//
// The source comes from an npm registry package (the only registry reachable from our
// build machines), pinned by version and sha512 in deps/librdkafka.json. Each stage is
// cached: the tarball under downloads/, the patched tree under src/<version>-<patches>/,
// so a rebuild neither refetches nor re-extracts. A tree is published by renaming a
// finished temporary directory, so an interrupted run never leaves a half-made tree.
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { root, cacheDir, pin } = require('./lib/paths');

function fail(message) {
  process.stderr.write(`rdkafka-napi: ${message}\n`);
  process.exit(1);
}

function integrityOf(file) {
  const [algorithm] = pin.source.integrity.split('-');
  return `${algorithm}-${crypto.createHash(algorithm).update(fs.readFileSync(file)).digest('base64')}`;
}

// Names the source tree by everything that makes it: the pinned tarball and the patches.
function treeDigest() {
  const hash = crypto.createHash('sha256');
  hash.update(pin.source.integrity);
  for (const p of pin.patches) hash.update(fs.readFileSync(path.join(root, p)));
  return hash.digest('hex').slice(0, 12);
}

function npmCommand() {
  // Inside an npm lifecycle script npm tells us where it is; elsewhere use the one on PATH.
  const npmCli = process.env.npm_execpath;
  if (npmCli && /npm-cli\.js$/.test(npmCli)) return [process.execPath, [npmCli]];
  return [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
}

function download(downloads) {
  const { package: name, packageVersion } = pin.source;
  const tarball = path.join(downloads, `${name}-${packageVersion}.tgz`);
  if (fs.existsSync(tarball) && integrityOf(tarball) === pin.source.integrity) return tarball;

  fs.mkdirSync(downloads, { recursive: true });
  const staging = fs.mkdtempSync(path.join(downloads, '.pack-'));
  process.stderr.write(`rdkafka-napi: fetching librdkafka ${pin.version} source (${name}@${packageVersion}) from the npm registry\n`);
  const [cmd, args] = npmCommand();
  try {
    execFileSync(cmd, [...args, 'pack', `${name}@${packageVersion}`, '--ignore-scripts', '--loglevel=error', '--pack-destination', staging],
      { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    fail(`could not fetch ${name}@${packageVersion} with npm pack (${e.message}). Is the npm registry reachable?`);
  }
  const fetched = path.join(staging, `${name}-${packageVersion}.tgz`);
  const actual = integrityOf(fetched);
  if (actual !== pin.source.integrity) {
    fs.rmSync(staging, { recursive: true, force: true });
    fail(`checksum mismatch for ${name}@${packageVersion}: expected ${pin.source.integrity}, got ${actual}`);
  }
  fs.renameSync(fetched, tarball);
  fs.rmSync(staging, { recursive: true, force: true });
  return tarball;
}

function extractAndPatch(tarball, target) {
  const staging = `${target}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const depth = pin.source.path.split('/').length;
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', staging, `--strip-components=${depth}`, pin.source.path],
      { stdio: ['ignore', 'ignore', 'inherit'] });
    for (const p of pin.patches) {
      execFileSync('patch', ['-p1', '--forward', '--quiet', '-d', staging, '-i', path.join(root, p)],
        { stdio: ['ignore', 'inherit', 'inherit'] });
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    fail(`could not unpack and patch librdkafka (${e.message}); building from source needs 'tar' and 'patch'.`);
  }
  try {
    fs.renameSync(staging, target);
  } catch (e) {
    // Another build published the same tree first; theirs is as good as ours.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw e;
  }
}

function main() {
  const cache = cacheDir();
  const target = path.join(cache, 'src', `librdkafka-${pin.version}-${treeDigest()}`);
  if (!fs.existsSync(path.join(target, 'CMakeLists.txt'))) {
    extractAndPatch(download(path.join(cache, 'downloads')), target);
  }
  process.stdout.write(target);
}

main();
