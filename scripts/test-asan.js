#!/usr/bin/env node
'use strict';
// Runs the test suite against the AddressSanitizer build (librdkafka and the addon both
// instrumented). Node itself is not instrumented, so the ASan runtime is preloaded; child
// processes started by the tests inherit the environment and run under ASan too.
//
//   npm run test:asan [-- mocha options]
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');
const { root } = require('./lib/paths');
const { build } = require('./build');

async function main() {
  const addon = await build({ asan: true, quiet: true });
  const runtime = execFileSync('gcc', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).trim();
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' });
  const env = {
    ...process.env,
    LD_PRELOAD: runtime,
    RDKAFKA_NAPI_BINARY: addon,
    // Leaks are checked separately (valgrind): LeakSanitizer cannot tell Node's own allocations
    // that live until exit from ours. Everything else aborts the process that hits it.
    ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1',
  };
  // The packaging test packs the release build; it says nothing about memory safety.
  const mocha = [require.resolve('mocha/bin/mocha.js'), '--ignore', '.test-dist/test/package/packaging.test.js', ...process.argv.slice(2)];
  const result = spawnSync(process.execPath, mocha, { cwd: root, env, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(`rdkafka-napi: ${error.message}`);
  process.exit(1);
});
