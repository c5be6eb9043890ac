'use strict';
// What a built binary is, read from the file itself: its format and architecture, the libraries it
// needs, the symbols it exports, the oldest glibc or OS it runs on, and any path of the machine
// that built it. ELF is read with binutils' readelf (any architecture); Mach-O and PE with LLVM's
// llvm-readobj/llvm-objdump (Debian: apt-get install llvm).
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const { root, cacheDir } = require('./paths');

function tool(names, hint) {
  for (const name of names) {
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore' });
      return name;
    } catch {
      // try the next name
    }
  }
  throw new Error(`${names[0]} is needed to inspect the binaries (${hint})`);
}

function out(command, args) {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function formatOf(file) {
  const magic = fs.readFileSync(file).subarray(0, 4);
  if (magic.toString('latin1') === '\x7fELF') return 'elf';
  if (magic.readUInt32LE(0) === 0xfeedfacf) return 'macho';
  if (magic.toString('latin1', 0, 2) === 'MZ') return 'pe';
  return 'unknown';
}

function elfFacts(file) {
  const readelf = tool(['readelf'], 'binutils');
  const machine = /Machine:\s+(.*)/.exec(out(readelf, ['-h', file]))[1].trim();
  const needed = [...out(readelf, ['-d', file]).matchAll(/\(NEEDED\).*\[(.*)\]/g)].map((m) => m[1]);
  const exports = out(readelf, ['--dyn-syms', '-W', file])
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 8 && /^\d+:$/.test(f[0]) && f[6] !== 'UND' && (f[4] === 'GLOBAL' || f[4] === 'WEAK'))
    .map((f) => f[7].replace(/@.*/, ''));
  const glibcs = [...out(readelf, ['-V', file]).matchAll(/Name: GLIBC_([\d.]+)/g)].map((m) => m[1]).sort(compareVersions);
  const arch = /X86-64/.test(machine) ? 'x64' : /AArch64/.test(machine) ? 'arm64' : machine;
  return { format: 'elf', os: 'linux', arch, needed, exports, glibc: glibcs.at(-1) ?? null, libc: needed.includes('libc.so') ? 'musl' : 'glibc' };
}

function machoFacts(file) {
  const readobj = tool(['llvm-readobj', 'llvm-readobj-14'], 'Debian: apt-get install llvm');
  const objdump = tool(['llvm-objdump', 'llvm-objdump-14'], 'Debian: apt-get install llvm');
  const header = out(readobj, ['--file-headers', '--needed-libs', '--macho-version-min', file]);
  const cpu = /CpuType:\s+(\S+)/.exec(header)?.[1] ?? '';
  // LC_BUILD_VERSION (Version: 11.0) or LC_VERSION_MIN_MACOSX.
  const minOs = /(?:MinOS|Version):\s+([\d.]+)/.exec(header.slice(header.indexOf('MinVersion')))?.[1] ?? /minos\s+([\d.]+)/.exec(out(objdump, ['--macho', '--private-headers', file]))?.[1] ?? null;
  const needed = [...header.matchAll(/^\s+(\/\S+)$/gm)].map((m) => m[1]);
  const exports = out(objdump, ['--macho', '--exports-trie', file])
    .split('\n')
    .map((line) => /0x[0-9A-Fa-f]+\s+(\S+)/.exec(line)?.[1])
    .filter(Boolean);
  const arch = /X86[-_]64/i.test(cpu) ? 'x64' : /Arm64/i.test(cpu) ? 'arm64' : cpu;
  return { format: 'macho', os: 'macOS', arch, needed, exports, minOs };
}

function peFacts(file) {
  const readobj = tool(['llvm-readobj', 'llvm-readobj-14'], 'Debian: apt-get install llvm');
  const text = out(readobj, ['--file-headers', '--coff-exports', '--coff-imports', file]);
  const machine = /Machine:\s+(\S+)/.exec(text)?.[1] ?? '';
  const needed = [...text.matchAll(/Import \{\s+Name:\s+(\S+)/g)].map((m) => m[1]);
  const exports = [...text.matchAll(/Export \{[^}]*?Name:\s+(\S+)/g)].map((m) => m[1]);
  const arch = /AMD64/.test(machine) ? 'x64' : /ARM64/.test(machine) ? 'arm64' : machine;
  return { format: 'pe', os: 'windows', arch, needed, exports };
}

// Paths of this machine that must not end up in a binary built on it.
function buildPathsIn(file) {
  const bytes = fs.readFileSync(file);
  const paths = [...new Set([root, cacheDir(), os.homedir()])].filter((p) => p.length > 1);
  return paths.filter((p) => bytes.includes(Buffer.from(p)));
}

function factsOf(file) {
  const format = formatOf(file);
  const facts = format === 'elf' ? elfFacts(file) : format === 'macho' ? machoFacts(file) : format === 'pe' ? peFacts(file) : { format };
  return { ...facts, size: fs.statSync(file).size, buildPaths: buildPathsIn(file) };
}

module.exports = { factsOf, compareVersions };
