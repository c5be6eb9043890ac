#!/usr/bin/env node
'use strict';
// Builds the addon with cmake-js: build/Release/rdkafka_napi.node, or with --asan an
// AddressSanitizer build in build-asan/. Incremental: after a change to one C++ file only that
// file is recompiled, and librdkafka comes from the cache (deps/librdkafka.cmake).
const path = require('path');
const { root } = require('./lib/paths');

async function build({ asan = false, quiet = false } = {}) {
  let BuildSystem;
  try {
    ({ BuildSystem } = require('cmake-js'));
  } catch {
    throw new Error("building from source needs the 'cmake-js' package: run npm install in the package first");
  }
  const config = asan ? 'RelWithDebInfo' : 'Release';
  const buildSystem = new BuildSystem({
    directory: root,
    out: path.join(root, asan ? 'build-asan' : 'build'),
    config,
    // Node-API mode ("binary.napi_versions" in package.json): headers come from node-api-headers.
    cMakeOptions: {
      NODE_EXECUTABLE: process.execPath,
      RDKAFKA_NAPI_SANITIZE: asan ? 'address' : '',
    },
    parallel: require('os').availableParallelism?.() ?? require('os').cpus().length,
    noLog: quiet,
  });
  await buildSystem.build();
  return path.join(root, asan ? 'build-asan' : 'build', config, 'rdkafka_napi.node');
}

module.exports = { build };

if (require.main === module) {
  build({ asan: process.argv.includes('--asan') }).then(
    (file) => console.log(`rdkafka-napi: built ${path.relative(process.cwd(), file)}`),
    (error) => {
      console.error(`rdkafka-napi: build failed: ${error.message}`);
      process.exit(1);
    },
  );
}
