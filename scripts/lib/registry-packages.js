'use strict';
// Pinned packages from the registries the build machines reach (PyPI, Rust's crate registry, npm), fetched by
// their own clients (pip, cargo) so that no address is written here, checked against the sha256
// in deps/cross.json and kept in the cache's downloads/ folder: a second build fetches nothing.
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { cacheDir } = require('./paths');

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function downloads() {
  const dir = path.join(cacheDir(), 'downloads');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// Moves a fetched file into the cache once its checksum is the pinned one.
function adopt(fetched, expected, name) {
  const actual = sha256(fetched);
  if (actual !== expected) throw new Error(`checksum mismatch for ${name}: expected sha256 ${expected}, got ${actual}`);
  const target = path.join(downloads(), name);
  fs.copyFileSync(fetched, `${target}.tmp-${process.pid}`);
  fs.renameSync(`${target}.tmp-${process.pid}`, target);
  return target;
}

function cached(name, expected) {
  const file = path.join(downloads(), name);
  return fs.existsSync(file) && sha256(file) === expected ? file : null;
}

function run(command, args, options, what) {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', ...options });
  } catch (error) {
    throw new Error(`${what} failed (${command} ${args.join(' ')}): ${(error.stderr || error.message).trim().split('\n').slice(-3).join(' | ')}`);
  }
}

/** A wheel from PyPI, by `pip download` (a wheel is a zip; its files are used as they are). */
function fetchWheel(project, version, wheel) {
  const found = cached(wheel.file, wheel.sha256);
  if (found) return found;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-pip-'));
  try {
    process.stderr.write(`rdkafka-napi: fetching ${project} ${version} with pip\n`);
    const python = wheel.python ? ['--python-version', wheel.python] : [];
    run('python3', ['-m', 'pip', 'download', `${project}==${version}`, '--no-deps', '--only-binary=:all:', '--platform', wheel.platform, ...python, '--dest', staging, '--quiet'], {}, `fetching ${project} ${version}`);
    const file = path.join(staging, wheel.file);
    if (!fs.existsSync(file)) throw new Error(`pip fetched ${fs.readdirSync(staging).join(', ') || 'nothing'}, not ${wheel.file}`);
    return adopt(file, wheel.sha256, wheel.file);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** A crate's source (.crate, a gzipped tar), by `cargo fetch` in a throwaway project that depends on it. */
function fetchCrate(pin) {
  const name = `${pin.crate}-${pin.version}.crate`;
  const found = cached(name, pin.sha256);
  if (found) return found;
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-cargo-'));
  const cargoHome = path.join(project, 'cargo-home');
  try {
    process.stderr.write(`rdkafka-napi: fetching ${pin.crate} ${pin.version} with cargo\n`);
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(path.join(project, 'src', 'lib.rs'), '');
    fs.writeFileSync(
      path.join(project, 'Cargo.toml'),
      `[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n${pin.crate} = "=${pin.version}"\n`,
    );
    // A private CARGO_HOME would drop the user's registry settings (a mirror); copy them in.
    const userHome = process.env.CARGO_HOME || path.join(os.homedir(), '.cargo');
    fs.mkdirSync(cargoHome);
    for (const config of ['config.toml', 'config']) {
      if (fs.existsSync(path.join(userHome, config))) fs.copyFileSync(path.join(userHome, config), path.join(cargoHome, config));
    }
    run('cargo', ['fetch', '--quiet'], { cwd: project, env: { ...process.env, CARGO_HOME: cargoHome } }, `fetching ${pin.crate} ${pin.version}`);
    const registryCache = path.join(cargoHome, 'registry', 'cache');
    if (!fs.existsSync(registryCache)) throw new Error(`cargo fetch left nothing in ${registryCache}`);
    const file = fs.readdirSync(registryCache).map((dir) => path.join(registryCache, dir, name)).find((f) => fs.existsSync(f));
    if (!file) throw new Error(`cargo fetch did not leave ${name} in ${registryCache}`);
    return adopt(file, pin.sha256, name);
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}

/** An npm package's tarball, by `npm pack` (which fetches without installing, whatever the package's os and cpu). */
function fetchNpmPackage(pin) {
  const name = `${pin.package.replace(/^@/, '').replace('/', '-')}-${pin.version}.tgz`;
  const file = path.join(downloads(), name);
  const integrityOf = (f) => `sha512-${crypto.createHash('sha512').update(fs.readFileSync(f)).digest('base64')}`;
  if (fs.existsSync(file) && integrityOf(file) === pin.integrity) return file;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-npm-'));
  try {
    process.stderr.write(`rdkafka-napi: fetching ${pin.package}@${pin.version} with npm pack\n`);
    const npmCli = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
    run(npmCli[0], [...npmCli[1], 'pack', `${pin.package}@${pin.version}`, '--pack-destination', staging, '--loglevel=error'], {}, `fetching ${pin.package}@${pin.version}`);
    const fetched = path.join(staging, name);
    const actual = integrityOf(fetched);
    if (actual !== pin.integrity) throw new Error(`integrity mismatch for ${pin.package}@${pin.version}: expected ${pin.integrity}, got ${actual}`);
    fs.copyFileSync(fetched, `${file}.tmp-${process.pid}`);
    fs.renameSync(`${file}.tmp-${process.pid}`, file);
    return file;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

module.exports = { fetchWheel, fetchCrate, fetchNpmPackage, sha256 };
