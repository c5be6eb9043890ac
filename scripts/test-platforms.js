#!/usr/bin/env node
'use strict';
// Checks every prebuilt binary in binding/ (npm run prebuild makes them) and runs the smoke test
// (test/platforms/smoke.js: MockCluster, a FutureProducer and a StreamConsumer round trip through
// every codec, a TLS client) on each platform this machine can run: linux-x64 natively, linux-arm64
// under qemu-user, both musl targets with Bun's musl builds, win32-x64 under Wine. The darwin
// binaries are checked from the file only.
//
//   npm run test:platforms                       every binary binding/ holds
//   npm run test:platforms -- --target linux-arm64,win32-x64
//   npm run test:platforms -- --all              and fail for a target not built
//
// Not part of npm test: the first run fetches about 300 MB of runtimes (cached after that).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, addonName } = require('./lib/paths');
const { tags, targets } = require('./lib/cross-targets');
const { factsOf, compareVersions } = require('./lib/binary-facts');
const { runnerFor } = require('./lib/platform-runtimes');

const smokeScript = path.join(root, 'test', 'platforms', 'smoke.js');

// What each kind of binary may depend on: the C library and the system, never OpenSSL, zlib or a C++ library.
const glibcLibraries = /^(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|ld-linux-[\w-]+\.so\.[12])$/;
const windowsLibraries = /^(node\.exe|kernel32\.dll|advapi32\.dll|ws2_32\.dll|crypt32\.dll|secur32\.dll|bcrypt\.dll|user32\.dll|ntdll\.dll|msvcrt\.dll|api-ms-win-[\w-]+\.dll)$/i;
const floorVersion = (tag) => /(\d+(?:\.\d+)*)$/.exec(targets[tag].zig)[1];

function check(tag, facts) {
  const problems = [];
  const expectArch = tag.includes('arm64') ? 'arm64' : 'x64';
  if (facts.arch !== expectArch) problems.push(`is ${facts.arch}, not ${expectArch}`);
  if (facts.buildPaths.length > 0) problems.push(`contains build paths: ${facts.buildPaths.join(', ')}`);
  const entryPoints = ['napi_register_module_v1', 'node_api_module_get_api_version_v1'];
  // Mach-O names start with an underscore. Every dylib also exports its linker-made header symbols,
  // and libc++ keeps its replaceable operator new and delete visible; with macOS's two-level
  // namespace they bind nothing outside this binary (Zig's Mach-O linker takes no export list).
  const macosAlways = (name) => ['__mh_dylib_header', '___dso_handle'].includes(name) || /^__Z(nw|na|dl|da)[mP]/.test(name);
  const exported = facts.exports
    .filter((name) => facts.format !== 'macho' || !macosAlways(name))
    .map((name) => (facts.format === 'macho' ? name.replace(/^_/, '') : name))
    .sort();
  if (JSON.stringify(exported) !== JSON.stringify(entryPoints)) problems.push(`exports ${exported.length} symbols: ${exported.slice(0, 5).join(', ')}`);
  const unexpected = (allowed) => facts.needed.filter((lib) => !allowed(lib));
  if (tag.startsWith('linux') && !tag.endsWith('musl')) {
    if (facts.format !== 'elf' || facts.libc !== 'glibc') problems.push('is not a glibc ELF binary');
    if (!facts.glibc || compareVersions(facts.glibc, floorVersion(tag)) > 0) problems.push(`needs glibc ${facts.glibc}, more than ${floorVersion(tag)}`);
    problems.push(...unexpected((lib) => glibcLibraries.test(lib)).map((lib) => `needs ${lib}`));
  } else if (tag.endsWith('musl')) {
    if (facts.format !== 'elf' || JSON.stringify(facts.needed) !== '["libc.so"]') problems.push(`needs ${facts.needed.join(', ')}, not musl's libc.so alone`);
  } else if (tag.startsWith('darwin')) {
    if (facts.format !== 'macho') problems.push('is not Mach-O');
    if (facts.minOs !== floorVersion(tag)) problems.push(`asks for macOS ${facts.minOs}, not ${floorVersion(tag)}`);
    problems.push(...unexpected((lib) => lib === '/usr/lib/libSystem.B.dylib').map((lib) => `needs ${lib}`));
  } else if (tag.startsWith('win32')) {
    if (facts.format !== 'pe') problems.push('is not a PE binary');
    if (!facts.needed.some((lib) => /^node\.exe$/i.test(lib))) problems.push('does not import Node-API from node.exe');
    problems.push(...unexpected((lib) => windowsLibraries.test(lib)).map((lib) => `needs ${lib}`));
  }
  return problems;
}

// The package as a user's application has it: the compiled library and every prebuilt binary, and
// no build of this checkout for the loader to find first.
function stagePackage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-platforms-'));
  for (const entry of ['package.json', 'dist', 'binding']) fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  return dir;
}

function smoke(tag, packageDir) {
  const runner = runnerFor(tag, smokeScript, packageDir);
  if (!runner) return { ran: 'not run: no way to run it on this machine', ok: true };
  const started = Date.now();
  const outFile = path.join(packageDir, `${tag}.out`);
  const errFile = path.join(packageDir, `${tag}.err`);
  const [out, err] = [fs.openSync(outFile, 'w'), fs.openSync(errFile, 'w')];
  const run = spawnSync(runner.command, runner.args, { env: runner.env, stdio: ['ignore', out, err], timeout: 300_000 });
  fs.closeSync(out);
  fs.closeSync(err);
  const result = { status: run.status, signal: run.signal, stdout: fs.readFileSync(outFile, 'utf8'), stderr: fs.readFileSync(errFile, 'utf8') };
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const line = (result.stdout || '').trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  let seen = null;
  try {
    seen = JSON.parse(line);
  } catch {
    // no report line: a failure, shown below
  }
  // The loader must have chosen this target's binary by itself (where the runtime tells).
  const chosen = seen?.loaded?.[0];
  const rightBinary = !chosen || chosen.replace(/\\/g, '/').includes(`/binding/${tag}/`);
  const ok = result.status === 0 && seen?.consumed?.length === 5 && rightBinary;
  const loadedText = chosen ? `loaded binding/${tag}` : 'loader choice not reported';
  const detail = !rightBinary ? `loaded ${chosen}` : ok ? `${seen.platform}-${seen.arch}, ${loadedText}, 5 codecs round trip, TLS client` : `exit ${result.status ?? result.signal}:\n${(result.stderr || '').trim().split('\n').slice(-15).join('\n')}\n${(result.stdout || '').trim().split('\n').slice(-5).join('\n')}`;
  return { ran: `${runner.describe} (${seconds} s): ${detail}`, ok };
}

function main(argv) {
  const at = argv.indexOf('--target');
  if (at >= 0 && !argv[at + 1]) throw new Error(`--target needs a value: ${tags.join(',')}`);
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('no dist/: run npm run build:ts first');
  const wanted = at >= 0 ? argv[at + 1].split(',') : tags;
  let failed = false;
  const packageDir = stagePackage();
  try {
    failed = runAll(wanted, packageDir, at >= 0 || argv.includes('--all'));
  } finally {
    fs.rmSync(packageDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

function runAll(wanted, packageDir, requireAll) {
  let failed = false;
  for (const tag of wanted) {
    if (!targets[tag]) throw new Error(`unknown target ${tag}; the targets are ${tags.join(', ')}`);
    const binary = path.join(root, 'binding', tag, addonName);
    if (!fs.existsSync(binary)) {
      process.stdout.write(`${tag}: not built (npm run prebuild -- --target ${tag})\n`);
      if (requireAll) failed = true;
      continue;
    }
    const facts = factsOf(binary);
    const problems = check(tag, facts);
    const floor = facts.glibc ? `glibc ${facts.glibc}` : facts.minOs ? `macOS ${facts.minOs}` : facts.libc === 'musl' ? 'musl' : 'Windows';
    process.stdout.write(`${tag}: ${(facts.size / (1 << 20)).toFixed(1)} MiB, ${floor}, needs ${facts.needed.join(' ')}; checks ${problems.length === 0 ? 'pass' : `FAIL: ${problems.join('; ')}`}\n`);
    const run = smoke(tag, packageDir);
    process.stdout.write(`  smoke: ${run.ok ? '' : 'FAIL '}${run.ran}\n`);
    if (problems.length > 0 || !run.ok) failed = true;
  }
  return failed;
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`rdkafka-napi: test:platforms: ${error.message}\n`);
  process.exit(1);
}
