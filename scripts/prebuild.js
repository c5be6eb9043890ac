#!/usr/bin/env node
'use strict';
// Puts this platform's binary into binding/<platform>-<arch>[-musl]/ so that `npm pack` ships it
// (npm runs this as `prepack`; `postpack` runs it with --clean so a development checkout keeps
// loading its fresh build/ rather than a stale copy).
//
//   node scripts/prebuild.js          build if needed, then copy and strip into binding/
//   node scripts/prebuild.js --clean  remove this platform's prebuilt
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root, platformTag, addonName } = require('./lib/paths');

const targetDir = path.join(root, 'binding', platformTag());

// The newest glibc symbol version the binary asks for is the oldest glibc it runs on.
function requiredGlibc(file) {
  try {
    const out = execFileSync('objdump', ['-T', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const versions = [...out.matchAll(/GLIBC_(\d+)\.(\d+)(?:\.(\d+))?/g)].map((m) => [+m[1], +m[2], +(m[3] || 0)]);
    versions.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const newest = versions.at(-1);
    return newest ? newest.filter((n, i) => i < 2 || n > 0).join('.') : null;
  } catch {
    return null;
  }
}

async function main() {
  if (process.argv.includes('--clean')) {
    fs.rmSync(targetDir, { recursive: true, force: true });
    return;
  }
  const { build } = require('./build');
  const built = await build({ quiet: true });
  fs.mkdirSync(targetDir, { recursive: true });
  const target = path.join(targetDir, addonName);
  fs.copyFileSync(built, target);
  const strip = spawnSync('strip', ['--strip-unneeded', target]);
  if (strip.status !== 0) process.stderr.write('rdkafka-napi: strip is not available; the prebuilt keeps its symbols\n');

  const check = spawnSync(process.execPath, ['-e', `const b = require(${JSON.stringify(target)}); console.log(b.librdkafkaVersion)`], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`the prebuilt binary does not load: ${check.stderr}`);
  const size = (fs.statSync(target).size / (1 << 20)).toFixed(1);
  const glibc = process.platform === 'linux' ? requiredGlibc(target) : null;
  process.stderr.write(
    `rdkafka-napi: prebuilt ${path.relative(root, target)} (librdkafka ${check.stdout.trim()}, ${size} MiB` +
      `${glibc ? `, needs glibc >= ${glibc}` : ''})\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`rdkafka-napi: prebuild failed: ${error.message}\n`);
  process.exit(1);
});
