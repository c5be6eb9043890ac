'use strict';
// How a script runs on each prebuilt's own platform from one Linux x64 machine (npm run
// test:platforms): the official Node for arm64 under qemu-user, Bun's musl builds on a musl loader
// (under qemu-user for arm64), the official node.exe under Wine. Everything comes from the pins in
// deps/platform-runtimes.json, unpacked once into <cache>/platform-runtimes/.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { publish } = require('./cache-folder');
const { root, cacheDir } = require('./paths');
const { fetchNpmPackage, fetchWheel } = require('./registry-packages');

const pins = require(path.join(root, 'deps', 'platform-runtimes.json'));
const base = () => path.join(cacheDir(), 'platform-runtimes');

// Fills <base>/<name> once with fill(staging); an interrupted fill is redone.
function once(name, fill) {
  const dir = path.join(base(), name);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  const staging = `${dir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fill(staging);
  fs.writeFileSync(path.join(staging, '.complete'), '');
  publish(staging, dir);
  return dir;
}

function runtimeBinary(tag) {
  const pin = pins.node[tag];
  const dir = once(`${pin.package.replace(/^@/, '').replace('/', '-')}-${pin.version}`, (staging) => {
    execFileSync('tar', ['-xzf', fetchNpmPackage(pin), '-C', staging, '--strip-components=1'], { stdio: 'inherit' });
  });
  return path.join(dir, pin.bin);
}

// The machine's Debian archive (the first source of its own release), for a package list of another
// release: read from its apt configuration, so that no address is written here.
function debianArchive() {
  const codename = /VERSION_CODENAME=(\w+)/.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1];
  const texts = [];
  for (const dir of ['/etc/apt/sources.list.d']) {
    if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.sources'))) texts.push(fs.readFileSync(path.join(dir, f), 'utf8'));
  }
  for (const text of texts) {
    for (const stanza of text.split(/\n\s*\n/)) {
      const field = (name) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(stanza)?.[1].trim().split(/\s+/) ?? [];
      if (field('Types').includes('deb') && field('Suites').includes(codename)) return field('URIs')[0];
    }
  }
  if (fs.existsSync('/etc/apt/sources.list')) {
    const line = fs.readFileSync('/etc/apt/sources.list', 'utf8').split('\n').find((l) => new RegExp(`^deb\\s+(\\[[^\\]]*\\]\\s+)?\\S+\\s+${codename}\\s`).test(l));
    if (line) return line.replace(/\[[^\]]*\]/, '').split(/\s+/)[1];
  }
  throw new Error(`no Debian ${codename} source in this machine's apt configuration`);
}

// Debian packages for another architecture (or release), fetched with apt-get download against a
// package list of our own (a private state folder): nothing is installed on the machine.
function debianSysroot(key) {
  const { arch, suite, packages } = pins.debian[key];
  return once(`debian-${key}`, (staging) => {
    const state = path.join(base(), `apt-${arch}${suite ? `-${suite}` : ''}`);
    for (const dir of ['lists/partial', 'archives/partial', 'sources']) fs.mkdirSync(path.join(state, dir), { recursive: true });
    const options = [
      '-o', `Dir::State=${state}`, '-o', `Dir::Cache=${state}`, '-o', `APT::Architecture=${arch}`,
      '-o', `APT::Architectures::=${arch}`, '-o', 'Debug::NoLocking=1', '-o', 'APT::Sandbox::User=root', '-qq',
    ];
    if (suite) {
      const sources = `Types: deb\nURIs: ${debianArchive()}\nSuites: ${suite}\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`;
      fs.writeFileSync(path.join(state, 'sources', `${suite}.sources`), sources);
      options.push('-o', 'Dir::Etc::SourceList=/dev/null', '-o', `Dir::Etc::SourceParts=${path.join(state, 'sources')}`);
    }
    const update = () => execFileSync('apt-get', [...options, 'update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const listed = fs.readdirSync(path.join(state, 'lists')).some((f) => f.endsWith('Packages') || f.endsWith('Packages.lz4'));
    if (!listed) update();
    const debs = path.join(staging, '.debs');
    fs.mkdirSync(debs);
    // Debian's archive is signed (apt checks it); the packages are the versions it has today, and an
    // old package list (versions since replaced) is refreshed once.
    const download = () => execFileSync('apt-get', [...options, 'download', ...packages.map((p) => `${p}:${arch}`)], { cwd: debs, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      download();
    } catch {
      update();
      download();
    }
    for (const deb of fs.readdirSync(debs)) execFileSync('dpkg-deb', ['-x', path.join(debs, deb), staging]);
    fs.rmSync(debs, { recursive: true, force: true });
    // Newer releases keep everything under usr/ (merged /usr): the loaders are looked for in /lib.
    if (!fs.existsSync(path.join(staging, 'lib')) && fs.existsSync(path.join(staging, 'usr', 'lib'))) fs.symlinkSync('usr/lib', path.join(staging, 'lib'));
  });
}

// GNU libstdc++ (and libgcc_s) built for musl, from the libraries a musllinux wheel carries; named
// libstdc++.so.6 for the loader, beside the libgcc_s it was linked against.
function muslLibstdcxx(arch) {
  const { pypi, version, wheels } = pins.muslLibstdcxx;
  return once(`musl-libstdcxx-${arch}`, (staging) => {
    const wheel = fetchWheel(pypi, version, wheels[arch]);
    execFileSync('python3', ['-m', 'zipfile', '-e', wheel, path.join(staging, 'wheel')]);
    const libs = fs.readdirSync(staging + '/wheel').find((d) => d.endsWith('.libs'));
    for (const file of fs.readdirSync(path.join(staging, 'wheel', libs))) {
      if (!/^lib(stdc\+\+|gcc_s)/.test(file)) continue;
      fs.renameSync(path.join(staging, 'wheel', libs, file), path.join(staging, file));
      if (file.startsWith('libstdc++')) fs.symlinkSync(file, path.join(staging, 'libstdc++.so.6'));
    }
    fs.rmSync(path.join(staging, 'wheel'), { recursive: true, force: true });
  });
}

function qemuAarch64() {
  try {
    execFileSync('qemu-aarch64-static', ['--version'], { stdio: 'ignore' });
    return 'qemu-aarch64-static';
  } catch {
    return path.join(debianSysroot('qemu'), 'usr', 'bin', 'qemu-aarch64-static');
  }
}

function wine() {
  for (const name of ['wine', 'wine64']) {
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore' });
      return name;
    } catch {
      // the next name
    }
  }
  throw new Error('running the win32-x64 binary needs Wine (Debian: apt-get install wine64 wine)');
}

// A Wine prefix of our own that says it is Windows 10 (Node 20 refuses older Windows; Wine's default
// prefix says Windows 7).
function winePrefix(command) {
  const prefix = path.join(base(), 'wine-prefix');
  const marker = path.join(prefix, '.windows-10');
  if (!fs.existsSync(marker)) {
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync(command, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], {
      env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' },
      stdio: 'ignore',
      timeout: 300_000,
    });
    fs.writeFileSync(marker, '');
  }
  return prefix;
}

const windowsPath = (file) => `Z:${path.resolve(file).replace(/\//g, '\\')}`;

/**
 * How to run `node <script> <packageDir>` on the platform `tag` stands for: a command, its
 * arguments and its environment. `describe` says what runs it, for the report. Its output must go
 * to files, not pipes: Node under Wine cannot open a pipe as its stdout.
 */
function runnerFor(tag, script, packageDir) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.RDKAFKA_NAPI_BINARY; // the package's loader chooses, as it does for users
  switch (tag) {
    case 'linux-x64':
      return { describe: `Node ${process.version}`, command: process.execPath, args: [script, packageDir], env };
    case 'linux-arm64':
      return {
        describe: `qemu-user + Node ${pins.node[tag].version} for arm64`,
        command: qemuAarch64(),
        args: ['-L', debianSysroot('arm64-glibc'), runtimeBinary(tag), script, packageDir],
        env,
      };
    case 'linux-x64-musl': {
      const loader = path.join(debianSysroot('x64-musl'), 'lib', 'ld-musl-x86_64.so.1');
      return {
        describe: `Bun ${pins.node[tag].version} (musl) on musl's loader`,
        command: loader,
        args: ['--library-path', muslLibstdcxx('x64'), runtimeBinary(tag), script, packageDir],
        env,
      };
    }
    case 'linux-arm64-musl':
      return {
        describe: `qemu-user + Bun ${pins.node[tag].version} (musl) for arm64`,
        command: qemuAarch64(),
        args: ['-L', debianSysroot('arm64-musl'), '-E', `LD_LIBRARY_PATH=${muslLibstdcxx('arm64')}`, runtimeBinary(tag), script, packageDir],
        env,
      };
    case 'win32-x64': {
      const command = wine();
      return {
        describe: `Wine + Node ${pins.node[tag].version} for Windows x64`,
        command,
        args: [runtimeBinary(tag), windowsPath(script), windowsPath(packageDir)],
        env: { ...env, WINEDEBUG: '-all', WINEPREFIX: winePrefix(command) },
      };
    }
    default:
      return null; // darwin: no way to run it here
  }
}

module.exports = { runnerFor };
