#!/usr/bin/env node
'use strict';
// The prebuilt binaries shipped in the package, one per platform, in binding/<platform>-<arch>[-musl]/.
//
//   npm run prebuild -- --target linux-arm64   cross-build one target (or several, comma-separated) with Zig
//   npm run prebuild -- --all                  all seven targets (cold: about 3 min for each on 2 cores)
//   npm run prebuild -- --list                 the targets, their floors, and what binding/ holds
//   node scripts/prebuild.js --pack            npm pack's prepack step: ship what binding/ holds; with
//                                              nothing there for this platform, build it natively (as
//                                              before there were cross builds) so a tarball always loads here
//   node scripts/prebuild.js --clean           npm pack's postpack step: remove what --pack made
//
// The cross builds need python3 with pip (Zig comes as a wheel) and cargo (OpenSSL, zlib and zstd
// come as crates): see deps/cross.json and README "Prebuilt binaries".
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root, platformTag, addonName } = require('./lib/paths');
const { targets, target: targetNamed, tags } = require('./lib/cross-targets');

const bindingDir = path.join(root, 'binding');
// What --pack built for the tarball only, which --clean takes away again: noted outside binding/,
// which ships whole.
const packMade = path.join(root, 'build', 'made-by-pack.json');

function log(message) {
  process.stderr.write(`rdkafka-napi: ${message}\n`);
}

// Best effort: without readelf or LLVM's tools, the size and the target's floor say enough.
function describe(tag, file, seconds) {
  let facts = {};
  try {
    facts = require('./lib/binary-facts').factsOf(file);
  } catch {
    // the table's floor below
  }
  const size = (fs.statSync(file).size / (1 << 20)).toFixed(1);
  const floor = facts.glibc ? `glibc >= ${facts.glibc}` : facts.minOs ? `${facts.os} >= ${facts.minOs}` : targets[tag]?.floor ?? '';
  return `${tag}: ${size} MiB, ${floor}${seconds === undefined ? '' : `, built in ${seconds.toFixed(0)} s`}`;
}

async function crossBuildInto(tags) {
  const { crossBuild } = require('./lib/cross-build');
  const summary = [];
  for (const tag of tags) {
    const started = Date.now();
    const built = await crossBuild(targetNamed(tag), { log });
    const dir = path.join(bindingDir, tag);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(built, path.join(dir, addonName));
    summary.push(describe(tag, path.join(dir, addonName), (Date.now() - started) / 1000));
    log(`prebuilt ${summary.at(-1)}`);
  }
  if (summary.length > 1) log(`prebuilt:\n  ${summary.join('\n  ')}`);
}

function list() {
  for (const tag of tags) {
    const file = path.join(bindingDir, tag, addonName);
    const state = fs.existsSync(file) ? describe(tag, file).slice(tag.length + 2) : "not built";
    process.stdout.write(`${tag.padEnd(18)} ${targets[tag].zig.padEnd(24)} ${state}\n`);
  }
}

// npm pack ships binding/ as it is. Only this platform's binary is made when missing, with the
// native compiler: a tarball packed here then always loads here.
// A tarball that does not load where it was packed must not be made.
function checkLoads(file) {
  const check = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`${path.relative(root, file)} does not load here: ${(check.stderr || '').trim().split('\n').slice(-3).join(' ')}`);
}

async function pack() {
  const tag = platformTag();
  const dir = path.join(bindingDir, tag);
  const shipped = () => (fs.existsSync(bindingDir) ? fs.readdirSync(bindingDir).filter((d) => fs.existsSync(path.join(bindingDir, d, addonName))) : []);
  if (fs.existsSync(path.join(dir, addonName))) {
    checkLoads(path.join(dir, addonName));
    log(`packing the prebuilt binaries in binding/: ${shipped().join(', ')}`);
    return;
  }
  const { build } = require('./build');
  const built = await build({ quiet: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.dirname(packMade), { recursive: true });
  fs.writeFileSync(packMade, JSON.stringify([tag]));
  fs.copyFileSync(built, path.join(dir, addonName));
  const strip = spawnSync('strip', ['--strip-unneeded', path.join(dir, addonName)]);
  if (strip.status !== 0) log('strip is not available; the binary keeps its symbols');
  checkLoads(path.join(dir, addonName));
  log(`no cross-built binary for ${tag} in binding/: packing this machine's build (${describe(tag, path.join(dir, addonName))}); npm run prebuild -- --target ${tag} makes the portable one`);
}

function clean() {
  if (!fs.existsSync(packMade)) return;
  for (const tag of JSON.parse(fs.readFileSync(packMade, 'utf8'))) fs.rmSync(path.join(bindingDir, tag), { recursive: true, force: true });
  fs.rmSync(packMade, { force: true });
}

function usage() {
  return 'usage: npm run prebuild -- --target <tag>[,<tag>...] | --all | --list\n' + `targets: ${tags.join(', ')}`;
}

async function main(argv) {
  if (argv.includes('--pack')) return pack();
  if (argv.includes('--clean')) return clean();
  if (argv.includes('--list')) return list();
  if (argv.includes('--all')) return crossBuildInto(tags);
  const at = argv.indexOf('--target');
  if (at >= 0 && argv[at + 1]) return crossBuildInto(argv[at + 1].split(',').map((t) => targetNamed(t.trim()).tag));
  // `npm run prebuild --all` (without `--`): npm takes --all as its own setting and passes it on so.
  if (argv.length === 0 && process.env.npm_config_all === 'true') return crossBuildInto(tags);
  // npm runs a script named "prebuild" before "build" too, with no arguments: nothing to do then.
  if (argv.length === 0 && process.env.npm_lifecycle_event === 'prebuild') return undefined;
  throw new Error(usage());
}

main(process.argv.slice(2)).catch((error) => {
  log(`prebuild failed: ${error.message}`);
  process.exit(1);
});
