#!/usr/bin/env node
'use strict';
// The package's install step. A prebuilt binary that loads on this machine means there is
// nothing to do: no compiler, no download. Otherwise, or when asked to, build from source; in a
// development checkout always (binding/ there holds what is made for packing).
//
//   node scripts/install.js                      prebuilt if usable, else build from source
//   node scripts/install.js --build-from-source  always build (also: npm_config_build_from_source=true)
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root, platformTag, addonName } = require('./lib/paths');

function log(message) {
  process.stderr.write(`rdkafka-napi: ${message}\n`);
}

function wantsSourceBuild() {
  return (
    process.argv.includes('--build-from-source') ||
    process.env.npm_config_build_from_source === 'true' ||
    process.env.RDKAFKA_NAPI_BUILD_FROM_SOURCE === '1'
  );
}

// Loading in a child process: a binary that fails to load (wrong libc, too old a glibc) must not
// take this process down, and we want its error message.
function prebuiltStatus() {
  const file = path.join(root, 'binding', platformTag(), addonName);
  if (!fs.existsSync(file)) return { file, usable: false, shipped: false, reason: 'none shipped for this platform' };
  const check = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { encoding: 'utf8' });
  if (check.status === 0) return { file, usable: true, shipped: true };
  return { file, usable: false, shipped: true, reason: (check.stderr || '').trim().split('\n').find((l) => /Error/.test(l)) || 'does not load' };
}

// npm never puts .git into a package (a git dependency is packed first), so its presence means a
// clone or a worktree, where no prebuilt exists until npm pack makes one and building is the norm.
function isDevelopmentCheckout() {
  return fs.existsSync(path.join(root, '.git'));
}

function missingTools() {
  const has = (tool, args = ['--version']) => {
    try {
      execFileSync(tool, args, { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  const missing = [];
  if (!has('cmake')) missing.push('cmake');
  if (!has('c++') && !has('g++') && !has('clang++')) missing.push('a C++17 compiler (g++ or clang++)');
  if (!has('cc') && !has('gcc') && !has('clang')) missing.push('a C compiler');
  if (!has('tar')) missing.push('tar');
  if (!has('patch')) missing.push('patch');
  for (const pkg of ['cmake-js', 'node-addon-api', 'node-api-headers']) {
    try {
      require.resolve(`${pkg}/package.json`, { paths: [root] });
    } catch {
      missing.push(`the npm package ${pkg}`);
    }
  }
  return missing;
}

async function buildFromSource() {
  const missing = missingTools();
  if (missing.length > 0) {
    log(`cannot build from source; missing: ${missing.join(', ')}.`);
    log('On Debian/Ubuntu: apt-get install cmake g++ make patch libssl-dev zlib1g-dev (libzstd-dev for zstd);');
    log('Fedora/RHEL: dnf install cmake gcc-c++ patch openssl-devel openssl-static zlib-devel zlib-static;');
    log('Alpine: apk add cmake g++ make patch linux-headers openssl-dev openssl-libs-static zlib-dev zlib-static.');
    log('The npm build tools: npm install --no-save cmake-js node-addon-api node-api-headers');
    process.exit(1);
  }
  const started = Date.now();
  const { build } = require('./build');
  const file = await build();
  // A prebuilt that did not fit (or was refused) is of no more use in an installed package. In a
  // checkout, binding/ holds what npm run prebuild made for packing: it stays.
  if (!isDevelopmentCheckout()) fs.rmSync(path.join(root, 'binding', platformTag()), { recursive: true, force: true });
  log(`built ${path.relative(root, file)} from source in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function main() {
  if (!wantsSourceBuild()) {
    if (isDevelopmentCheckout()) {
      // What binding/ holds in a checkout (npm run prebuild) is made for packing; tests and
      // examples run the checkout's own build.
      log('building from source: this is a development checkout (prebuilt binaries are made by npm run prebuild and npm pack)');
    } else {
      const prebuilt = prebuiltStatus();
      if (prebuilt.usable) {
        log(`using the prebuilt binary for ${platformTag()}`);
        return;
      }
      log(`no usable prebuilt binary for ${platformTag()} (${prebuilt.reason}); building from source`);
    }
  }
  await buildFromSource();
}

main().catch((error) => {
  log(`build failed: ${error.message}`);
  process.exit(1);
});
